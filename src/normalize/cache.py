"""A cache of compiled indexes in the user's cache folder.

The key is a SHA-256 of the code that builds an index (the library version and its
source) and the bytes of every lexicon file (in a canonical order), so any edit to a
lexicon, an upgrade or a local change to the code rebuilds. Each cache file
carries a digest of its payload and is checked before unpickling; a corrupt, truncated or
foreign file is ignored and rebuilt. Files are written to a temporary name in the same
folder and renamed into place, so concurrent writers never leave a partial file.
Set ``NORMALIZE_CACHE_DIR`` to move the cache (tests do).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path

from ._version import __version__
from .engine.index import Index
from .lexicon import Lexicon

_MAGIC = b"NORMALIZE-INDEX-1\n"


def cache_dir() -> Path:
    """Return the cache folder (``NORMALIZE_CACHE_DIR`` or the platform's user cache dir)."""
    env = os.environ.get("NORMALIZE_CACHE_DIR")
    if env:
        return Path(env)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("normalize"))


#: The distributions whose behaviour the compiled index depends on.
DEPENDENCIES = ("pyahocorasick", "rapidfuzz", "regex", "pyyaml", "wordfreq")


@lru_cache(maxsize=1)
def code_digest() -> str:
    """Return a digest of the code that builds an index, so a changed build never reads a stale cache.

    It covers every source and data file of the package (a new module is never left out)
    and the installed versions of the dependencies the index is built with.
    """
    from importlib.metadata import PackageNotFoundError, version

    h = hashlib.sha256(__version__.encode())
    for name in DEPENDENCIES:
        try:
            h.update(f"{name}=={version(name)}\n".encode())
        except PackageNotFoundError:
            h.update(f"{name} missing\n".encode())
    package = Path(__file__).parent
    for path in sorted(package.rglob("*")):
        if path.is_file() and path.suffix not in {".pyc", ".pyo"} and "__pycache__" not in path.parts:
            h.update(str(path.relative_to(package)).encode() + b"\0")
            h.update(path.read_bytes())
    return h.hexdigest()


def files_key(paths: Sequence[Path]) -> str:
    """Return the cache key for lexicon files: their bytes and the code, in a fixed order."""
    h = hashlib.sha256(f"normalize {code_digest()}\n".encode())
    for p in sorted(paths, key=lambda p: (p.name, str(p))):
        data = p.read_bytes()
        h.update(len(data).to_bytes(8, "big"))
        h.update(hashlib.sha256(data).digest())
    return h.hexdigest()


def lexicon_key(lexicon: Lexicon) -> str:
    """Return the cache key for a lexicon object (its full value and the version)."""
    return hashlib.sha256(f"normalize {code_digest()}\n{lexicon!r}".encode()).hexdigest()


def load(key: str) -> Index | None:
    """Return the cached index for ``key``, or None when absent or not intact."""
    path = cache_dir() / f"{key}.idx"
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if not data.startswith(_MAGIC) or len(data) < len(_MAGIC) + 32:
        return None
    view = memoryview(data)  # slices of a view: no second copy of a payload of tens of MB
    digest, payload = view[len(_MAGIC) : len(_MAGIC) + 32], view[len(_MAGIC) + 32 :]
    if hashlib.sha256(payload).digest() != digest:
        return None
    try:
        index = pickle.loads(payload)
    except Exception:  # any unpickling failure means "not usable": rebuild
        return None
    return index if isinstance(index, Index) else None


def store(key: str, index: Index) -> None:
    """Write ``index`` under ``key`` atomically; a failure to write is not an error."""
    folder = cache_dir()
    payload = pickle.dumps(index, protocol=pickle.HIGHEST_PROTOCOL)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".idx")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(_MAGIC + hashlib.sha256(payload).digest() + payload)
            os.replace(tmp, folder / f"{key}.idx")
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        pass


def load_or_build(key: str, build: Callable[[], Index]) -> Index:
    """Return the index cached under ``key``, or ``build()`` it and cache it (no key: no cache)."""
    index = load(key) if key else None
    if index is None:
        index = build()
        if key:
            store(key, index)
    return index


def load_index(lexicon: Lexicon) -> Index:
    """Return the compiled index of ``lexicon``, from the cache when it is there."""
    return load_or_build(lexicon_key(lexicon), lambda: Index(lexicon))
