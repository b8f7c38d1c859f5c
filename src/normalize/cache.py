"""A cache of compiled indexes in the user's cache folder.

A cache file is the index in its flat, data-only format (:meth:`Index.to_flat`: a
marshal root, daachorse's automaton, marisa-tries and arrays; nothing in it is code, and
tables are decoded only when first used), after a header: a magic line, the format
version and a CRC-32 of the rest, so a truncated or corrupt file is ignored and rebuilt.

The key (the file's name) is a SHA-256 of the code that builds an index (the library
version, the size and modification time of each of its files, and the versions of the
dependencies) and of each lexicon file's path, size and modification time: a start-up
reads no lexicon and hashes no file, and an edited lexicon, an upgrade or a local change
to the code gets a new key. Files are written to a temporary name in the same folder and
renamed into place, so concurrent writers never leave a partial file. Set
``NORMALIZE_CACHE_DIR`` to move the cache (tests do).

Only files this user could have written are read: regular files (opened without
following symlinks, never blocking on a FIFO), owned by the user, not writable by group
or others, no larger than the cap. The folder is created private (0700). The cache is
kept under :data:`MAX_CACHE_BYTES` by deleting the least recently used files after each
store.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import struct
import tempfile
import zlib
from array import array
from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import marisa_trie

from ._version import __version__
from .engine.index import Index
from .lexicon import Lexicon

_MAGIC = b"NORMALIZE-INDEX-2\n"
#: The magic line, then the payload's length and CRC-32.
_HEADER = struct.Struct("<QI")

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
DEPENDENCIES = ("daachorse", "marisa-trie", "rapidfuzz", "regex", "pyyaml", "wordfreq")


@lru_cache(maxsize=1)
def code_digest() -> str:
    """Return a digest of the code that builds an index, so a changed build never reads a stale cache.

    It covers every source and data file of the package (a new module is never left out)
    by name, size and modification time, and the installed versions of the dependencies
    the index is built with; no file is read.
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
        if path.suffix not in {".pyc", ".pyo"} and "__pycache__" not in path.parts:
            st = path.stat()
            if stat.S_ISREG(st.st_mode):
                h.update(f"{path.relative_to(package)}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


def files_key(paths: Sequence[Path]) -> str:
    """Return the cache key for lexicon files: their paths, sizes and modification times, and the code."""
    h = hashlib.sha256(f"normalize {code_digest()}\n".encode())
    for p in sorted(paths, key=lambda p: (p.name, str(p))):
        st = os.stat(p)
        h.update(f"{os.path.abspath(p)}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
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
    start = len(_MAGIC) + _HEADER.size
    if not data.startswith(_MAGIC) or len(data) < start:
        return None
    size, crc = _HEADER.unpack_from(data, len(_MAGIC))
    view = memoryview(data)[start:]  # slices of a view: no second copy of the payload
    if size != len(view) or zlib.crc32(view) != crc:
        return None
    try:
        return Index.from_flat(view)
    except Exception:  # any decoding failure means "not usable": rebuild
        return None


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
    """Delete the least recently used ``*.idx`` (and ``*.words``) files until the folder is under the cap."""
    files = []
    try:
        for p in [*folder.glob("*.idx"), *folder.glob("*.words")]:
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
    payload = index.to_flat()
    if len(payload) + len(_MAGIC) + _HEADER.size > MAX_CACHE_BYTES:
        return
    _write(cache_dir() / f"{key}.idx", _MAGIC + _HEADER.pack(len(payload), zlib.crc32(payload)), payload)


def _write(path: Path, head: bytes, payload: bytes) -> None:
    """Write ``head`` and ``payload`` to ``path`` atomically, then prune the folder; errors are ignored."""
    folder = path.parent
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".idx")  # mode 0600
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(head)
                fh.write(payload)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        prune(folder, keep=path)
    except OSError:
        pass


_WORDS_MAGIC = b"NORMALIZE-WORDS-1\n"


class WordTable(Mapping[str, float]):
    """A word-frequency table (wordfreq's, stored flat): a marisa-trie of the words and their frequencies."""

    __slots__ = ("_freqs", "_trie")

    def __init__(self, trie: marisa_trie.Trie, freqs: array[float]) -> None:
        self._trie = trie
        self._freqs = freqs

    def __getitem__(self, word: str) -> float:
        i = self._trie.get(word)
        if i is None:
            raise KeyError(word)
        return float(self._freqs[i])

    def get(self, word: str, default: Any = None) -> Any:
        i = self._trie.get(word)
        return default if i is None else self._freqs[i]

    def __iter__(self) -> Iterator[str]:
        return iter(self._trie.keys())

    def __len__(self) -> int:
        return len(self._trie)


def _words_path(language: str) -> Path:
    from importlib.metadata import PackageNotFoundError, version

    try:
        v = version("wordfreq")
    except PackageNotFoundError:
        v = "unknown"
    return cache_dir() / f"wordfreq-{language}-{v}.words"


def load_words(language: str) -> WordTable | None:
    """Return the stored word-frequency table of ``language`` (for the installed wordfreq), or None."""
    data = _read_own_file(_words_path(language))
    start = len(_WORDS_MAGIC) + _HEADER.size
    if data is None or not data.startswith(_WORDS_MAGIC) or len(data) < start + 8:
        return None
    size, crc = _HEADER.unpack_from(data, len(_WORDS_MAGIC))
    view = memoryview(data)[start:]
    if size != len(view) or zlib.crc32(view) != crc:
        return None
    try:
        (n,) = struct.unpack_from("<Q", view, 0)
        trie = marisa_trie.Trie().frombytes(bytes(view[8 : 8 + n]))
        freqs = array("d")
        freqs.frombytes(view[8 + n :])
    except Exception:  # any decoding failure means "not usable": read wordfreq again
        return None
    return WordTable(trie, freqs) if len(freqs) == len(trie) else None


def store_words(language: str, table: Mapping[str, float]) -> None:
    """Store a word-frequency table for :func:`load_words`; a failure to write is not an error."""
    trie = marisa_trie.Trie(list(table))
    blob = trie.tobytes()
    freqs = array("d", (table[trie.restore_key(i)] for i in range(len(trie))))
    payload = struct.pack("<Q", len(blob)) + blob + freqs.tobytes()
    _write(_words_path(language), _WORDS_MAGIC + _HEADER.pack(len(payload), zlib.crc32(payload)), payload)


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
