"""A cache of compiled indexes in the user's cache folder.

A cache file is the index in its flat, data-only format (:meth:`Index.to_flat`: a
marshal root, daachorse's automaton, marisa-tries and arrays; nothing in it is code, and
tables are decoded only when first used), after a header: a magic line with the format
version, the payload's length and a CRC-32 of each of its sections. The file is not read
whole: its sections are read from the open file as they are used
(:class:`~normalize.engine.flat.FlatFile`), each checked against its CRC, and those the
load does not read are checked a block at a time, so a truncated or corrupt file is
ignored and rebuilt while the process never holds a copy of it.

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
from .engine.flat import FlatFile, views
from .engine.index import Index
from .lexicon import Lexicon

_MAGIC = b"NORMALIZE-INDEX-3\n"
#: After the magic line: the payload's length and CRC-32 (of a words file), or (of an index
#: file) the payload's length and its number of sections, then a CRC-32 per section and one
#: of the header itself.
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


#: The modules whose behaviour the compiled index depends on.
DEPENDENCIES = ("daachorse", "marisa_trie", "rapidfuzz", "regex", "yaml", "wordfreq")


def _module_stamp(name: str) -> str:
    """Return where module ``name`` is installed and its file's size and modification time.

    An upgrade installs new files, so the stamp changes with the version; finding the
    module imports nothing (``importlib.metadata`` alone took longer than the rest of
    the key).
    """
    from importlib.util import find_spec

    try:
        spec = find_spec(name)
        origin = spec.origin if spec is not None else None
        if origin is None:
            return f"{name} missing"
        st = os.stat(origin)
    except (ImportError, ValueError, OSError):
        return f"{name} missing"
    return f"{name}\0{origin}\0{st.st_size}\0{st.st_mtime_ns}"


def _package_files(folder: str, out: list[str]) -> None:
    """Add the name, size and modification time of every file under ``folder`` but compiled bytecode."""
    with os.scandir(folder) as entries:
        for e in entries:
            if e.is_dir(follow_symlinks=False):
                if e.name != "__pycache__":
                    _package_files(e.path, out)
            elif e.is_file(follow_symlinks=False) and not e.name.endswith((".pyc", ".pyo")):
                st = e.stat(follow_symlinks=False)
                out.append(f"{e.path}\0{st.st_size}\0{st.st_mtime_ns}\n")


@lru_cache(maxsize=1)
def code_digest() -> str:
    """Return a digest of the code that builds an index, so a changed build never reads a stale cache.

    It covers every source and data file of the package (a new module is never left out)
    by name, size and modification time, and where the dependencies the index is built
    with are installed, with their files' sizes and times; no file is read.
    """
    h = hashlib.sha256(__version__.encode())
    for name in DEPENDENCIES:
        h.update(f"{_module_stamp(name)}\n".encode())
    package = str(Path(__file__).parent)
    files: list[str] = []
    _package_files(package, files)
    for line in sorted(files):
        h.update(line[len(package) :].encode())
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
    opened = _open_own_file(cache_dir() / f"{key}.idx")
    if opened is None:
        return None
    fd, size = opened
    try:
        file = _index_file(fd, size)
    except (OSError, ValueError, struct.error):
        os.close(fd)
        return None
    try:
        index = Index.from_flat(file)
        file.check_rest()
    except Exception:  # any decoding failure means "not usable": rebuild
        return None
    return index


def _index_file(fd: int, size: int) -> FlatFile:
    """Return the sections of the index file open on ``fd`` (of ``size`` bytes), the header checked."""
    start = len(_MAGIC) + _HEADER.size
    head = os.read(fd, start)
    if len(head) != start or not head.startswith(_MAGIC):
        raise ValueError("not an index file")
    length, count = _HEADER.unpack_from(head, len(_MAGIC))
    crcs = struct.Struct(f"<{count}I")
    if start + crcs.size + 4 > size:
        raise ValueError("not an index file, or cut short")
    table = os.read(fd, crcs.size + 4)
    offset = start + len(table)
    if len(table) != crcs.size + 4 or offset + length != size:
        raise ValueError("not an index file, or cut short")
    (crc,) = struct.unpack_from("<I", table, crcs.size)
    if zlib.crc32(table[: crcs.size], zlib.crc32(head[len(_MAGIC) :])) != crc:
        raise ValueError("the header of the index file is damaged")
    return FlatFile(fd, offset, length, crcs.unpack_from(table))


def _index_header(payload: bytes) -> bytes:
    """Return the header :func:`_index_file` reads, for ``payload`` (what ``Index.to_flat`` returns)."""
    crcs = [zlib.crc32(section) for section in views(payload)]
    head = _HEADER.pack(len(payload), len(crcs)) + struct.pack(f"<{len(crcs)}I", *crcs)
    return _MAGIC + head + struct.pack("<I", zlib.crc32(head))


def _open_own_file(path: Path) -> tuple[int, int] | None:
    """Return a descriptor open on ``path`` and its size if only this user could have written it, else None.

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
        own = (
            stat.S_ISREG(st.st_mode)
            and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
            and (not hasattr(os, "geteuid") or st.st_uid == os.geteuid())
            and st.st_size <= MAX_CACHE_BYTES
        )
    except OSError:
        own = False
    if not own:
        os.close(fd)
        return None
    with contextlib.suppress(OSError, NotImplementedError):
        os.utime(path, follow_symlinks=False)  # a hit counts as a use, for pruning
    return fd, st.st_size


def _read_own_file(path: Path) -> bytes | None:
    """Return the bytes of ``path`` if only this user could have written it (see :func:`_open_own_file`)."""
    opened = _open_own_file(path)
    if opened is None:
        return None
    fd, size = opened
    try:
        with os.fdopen(fd, "rb") as fh:
            data = fh.read(size + 1)
    except OSError:
        return None
    return data if len(data) <= MAX_CACHE_BYTES else None


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
    head = _index_header(payload)
    if len(payload) + len(head) > MAX_CACHE_BYTES:
        return
    _write(cache_dir() / f"{key}.idx", head, payload)


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
    # named by the installed wordfreq (where it is, its file's size and time): another
    # version gets a table of its own
    stamp = hashlib.sha256(_module_stamp("wordfreq").encode()).hexdigest()[:16]
    return cache_dir() / f"wordfreq-{language}-{stamp}.words"


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
