"""A cache of compiled indexes in the user's cache folder.

The key is a SHA-256 of the code that builds an index (the library version and its
source) and the bytes of every lexicon file (in a canonical order), so any edit to a
lexicon, an upgrade or a local change to the code rebuilds. Each cache file
carries a digest of its payload and is checked before unpickling; a corrupt, truncated or
foreign file is ignored and rebuilt. Files are written to a temporary name in the same
folder and renamed into place, so concurrent writers never leave a partial file.
Set ``NORMALIZE_CACHE_DIR`` to move the cache (tests do).

A pickle can run code when it is loaded, and the digest proves nothing about who wrote
the file, so until the cache has a data-only format only files this user could have
written are loaded: regular files (opened without following symlinks, never blocking on
a FIFO), owned by the user, not writable by group or others, no larger than the cap.
The folder is created private (0700). The cache is kept under :data:`MAX_CACHE_BYTES`
by deleting the least recently used files after each store.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import stat
import tempfile
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path

from ._version import __version__
from .engine.index import Index
from .gcpause import gc_paused
from .lexicon import Lexicon

_MAGIC = b"NORMALIZE-INDEX-1\n"

#: The cache folder is pruned, least recently used first, to stay under this many bytes;
#: a single index larger than this is neither stored nor loaded.
MAX_CACHE_BYTES = 512 * 1024 * 1024


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
    data = _read_own_file(path)
    if data is None:
        return None
    if not data.startswith(_MAGIC) or len(data) < len(_MAGIC) + 32:
        return None
    view = memoryview(data)  # slices of a view: no second copy of a payload of tens of MB
    digest, payload = view[len(_MAGIC) : len(_MAGIC) + 32], view[len(_MAGIC) + 32 :]
    if hashlib.sha256(payload).digest() != digest:
        return None
    try:
        with gc_paused():
            index = pickle.loads(payload)
    except Exception:  # any unpickling failure means "not usable": rebuild
        return None
    return index if isinstance(index, Index) else None


def _read_own_file(path: Path) -> bytes | None:
    """Return the bytes of ``path`` if only this user could have written it, else None.

    Refused: symlinks, FIFOs, devices and other non-regular files, files owned by
    another user, files writable by group or others, files over the size cap. The
    checks are made on the open descriptor, so the file cannot be swapped in between.
    """
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
            return None
        if hasattr(os, "geteuid") and st.st_uid != os.geteuid():
            return None
        if st.st_size > MAX_CACHE_BYTES:
            return None
        with os.fdopen(os.dup(fd), "rb") as fh:
            data = fh.read(MAX_CACHE_BYTES + 1)
        if len(data) > MAX_CACHE_BYTES:
            return None
    except OSError:
        return None
    finally:
        os.close(fd)
    with contextlib.suppress(OSError, NotImplementedError):
        os.utime(path, follow_symlinks=False)  # a hit counts as a use, for pruning
    return data


def prune(folder: Path, keep: Path | None = None) -> None:
    """Delete the least recently used ``*.idx`` files until the folder is under the cap."""
    files = []
    try:
        for p in folder.glob("*.idx"):
            st = p.lstat()
            if stat.S_ISREG(st.st_mode):
                files.append((st.st_mtime_ns, st.st_size, p))
    except OSError:
        return
    total = sum(size for _, size, _ in files)
    for _, size, p in sorted(files, key=lambda f: (f[0], str(f[2]))):
        if total <= MAX_CACHE_BYTES:
            break
        if p == keep:
            continue
        try:
            p.unlink()
            total -= size
        except OSError:
            pass


def store(key: str, index: Index) -> None:
    """Write ``index`` under ``key`` atomically; a failure to write is not an error."""
    folder = cache_dir()
    with gc_paused():
        payload = pickle.dumps(index, protocol=pickle.HIGHEST_PROTOCOL)
    if len(payload) + len(_MAGIC) + 32 > MAX_CACHE_BYTES:
        return
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".idx")  # mode 0600
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(_MAGIC + hashlib.sha256(payload).digest() + payload)
            os.replace(tmp, folder / f"{key}.idx")
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        prune(folder, keep=folder / f"{key}.idx")
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
