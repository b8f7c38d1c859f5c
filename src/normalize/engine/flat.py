"""A data-only, flat encoding of compiled tables, for the index cache.

The cache holds no pickled object graph: loading one would make hundreds of thousands of
Python objects before the first word is read, and a pickle can run code. Instead every
table is encoded by one small contract, so a mechanism's table gets it without code of
its own:

- plain values (``str``, ``int``, ``float``, ``bool``, ``None``, ``bytes``) and plain
  containers of them (``tuple``, ``list``, ``dict``, ``set``, ``frozenset``) are stored
  with :mod:`marshal` (data only: it makes no objects but these);
- an ``IntEnum`` member is stored as its int, which compares and hashes alike (so code
  reading tables compares such values with ``==``, never ``is``);
- another enum member, a dataclass instance or a compiled ``regex`` pattern is stored by
  its class's name and its values, and made again on load; only classes of this package
  are ever named, and nothing else is looked up;
- a large ``dict`` with ``str`` keys becomes a :class:`LazyMap` (a marisa-trie of the keys,
  values decoded one by one on first use), a large ``tuple`` a :class:`LazySeq`,
  and a large ``frozenset`` of ``str`` a :class:`StrSet` (a marisa-trie).

Anything else raises :class:`UnsupportedValue` when the index is stored (and the contract
test of the mechanisms fails): a new kind of table needs a line here first.

The encoded index is a list of sections (:func:`split`); from the cache they are read
from the file as they are used (:class:`FlatFile`), so the file itself is never held in
memory, and a lazy container keeps at most :data:`DECODED_MAX` decoded items: memory does
not grow with the text.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import struct
import sys
import threading
import zlib
from array import array
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import fields, is_dataclass
from enum import Enum, IntEnum
from itertools import starmap
from typing import Any

import marisa_trie
import regex

#: Containers with at least this many items are stored flat and decoded lazily.
LAZY_MIN = 1024
#: Bytes of marshal a small container may take inline (more: its items are encoded apart).
INLINE_MAX = 1 << 16
#: A lazy container keeps at most this many decoded items (then forgets them all). The
#: automaton's payloads and the entries a text names are read again in every document
#: (about 10,000 and 5,000 distinct ones over 3 MB of news on the GeoNames lexicon), so a
#: small cache decodes them again and again: a second pass over 5 MB ran at 480 (full) and
#: 137 (exact only) ms a MB of CPU with 4,096, 320 and 116 with 8,192, 260 and 80 with
#: 16,384. Memory pays for it: `fix` on 100 MB peaked at 289, 286 and 310-326 MB. 8,192
#: keeps that under the 300 MB the project allows itself.
DECODED_MAX = 8192
#: The bound of the automaton's payload table (:attr:`Index.hits`), read at every hit of
#: every document: its items are small (37 bytes encoded, about 330 decoded, against 288
#: and 1,150 for an entry), and 5 MB of news hits 14,000 distinct ones on the GeoNames
#: lexicon, so 8,192 decoded most of them again on every pass (a second pass over those
#: 5 MB: 285 and 101 CPU ms a MB, full and exact only; 246 and 84 with all kept). 32,768
#: of them take about 11 MB.
HITS_DECODED_MAX = 32768
_MARK = "\x00"
_PLAIN = (str, int, float, bool, bytes, type(None))
_CONTAINERS = (tuple, list, dict, frozenset, set)


class UnsupportedValue(TypeError):
    """A table holds a value the flat encoding does not know (see the module docstring)."""


def _class_name(cls: type) -> str:
    if not cls.__module__.startswith("normalize."):
        raise UnsupportedValue(f"{cls.__module__}.{cls.__qualname__}: only classes of normalize are stored")
    return f"{cls.__module__}:{cls.__qualname__}"


def _class(name: str) -> Any:
    module, _, qualname = name.partition(":")
    if not module.startswith("normalize."):
        raise UnsupportedValue(f"{module}: not a module of normalize")
    obj: Any = sys.modules[module]  # already imported: the classes stored are the engine's own
    for part in qualname.split("."):
        obj = getattr(obj, part)
    return obj


class Encoder:
    """Encode values by the contract; large containers are written to ``blobs``."""

    def __init__(self) -> None:
        self.blobs: list[bytes] = []
        #: the classes named, each once: a tag holds its number here
        self.classes: list[str] = []
        self._class_ids: dict[type, int] = {}
        self._fields: dict[type, tuple[str, ...]] = {}
        #: how a value of each type met is encoded (see :func:`_kind_of`)
        self._kinds: dict[type, str] = {}

    def _class_id(self, cls: type) -> int:
        n = self._class_ids.get(cls)
        if n is None:
            n = self._class_ids[cls] = len(self.classes)
            self.classes.append(_class_name(cls))
        return n

    def blob(self, data: bytes) -> int:
        """Store ``data``; return its number."""
        self.blobs.append(data)
        return len(self.blobs) - 1

    def encode(self, obj: object, *, lazy: bool = True) -> tuple[object, bool]:
        """Return (the encoded value, whether decoding it needs :func:`decode`'s walk)."""
        t = type(obj)
        if t in _PLAIN:
            return obj, False
        if t in _CONTAINERS and not (lazy and len(obj) >= LAZY_MIN):  # type: ignore[arg-type]
            try:  # the common case, checked in C: nothing but plain values inside
                size = len(marshal.dumps(obj))  # type: ignore[arg-type]
            except ValueError:
                size = -1
            # a few items holding large ones (a table of three big columns) are not inlined
            # whole: the root would be read at every start; their items go lazy instead
            if size >= 0 and (not lazy or size <= INLINE_MAX):
                return obj, False
        kind = self._kinds.get(t)
        if kind is None:
            kind = self._kinds[t] = _kind_of(t)
        o: Any = obj
        # an index read back from its flat form and stored again (pickled for worker processes)
        if kind == "lazyseq":
            return self.encode(tuple(o), lazy=lazy)
        if kind == "lazymap":
            return self.encode(dict(o.items()), lazy=lazy)
        if kind == "strset":
            return self.encode(frozenset(o), lazy=lazy)
        if kind == "intenum":
            return int(o), False  # equal to the member and hashing alike (compare with ==)
        if kind == "enum":
            return (_MARK, "e", self._class_id(t), o.value), True
        if kind == "re":
            return (_MARK, "re", o.pattern, o.flags), True
        if kind == "dataclass":
            names = self._fields.get(t)
            if names is None:
                names = self._fields[t] = tuple(f.name for f in fields(obj))  # type: ignore[arg-type]
            values = []
            walk = []
            for i, name in enumerate(names):
                v = getattr(obj, name)
                if type(v) not in _PLAIN:  # most fields are plain: stored as they are
                    v, tagged = self.encode(v)
                    if tagged:  # which fields need decoding: the class takes the rest as they are
                        walk.append(i)
                values.append(v)
            return (_MARK, "d", self._class_id(t), tuple(values), tuple(walk)), True
        if t is dict:
            d: dict[Any, Any] = obj  # type: ignore[assignment]
            if lazy and len(d) >= LAZY_MIN and all(type(k) is str for k in d):
                return self._lazy_map(d), True
            items = [(self.encode(k, lazy=False), self.encode(v)) for k, v in d.items()]
            if any(kt or vt for (_, kt), (_, vt) in items):
                return (_MARK, "dict", tuple((k, v) for (k, _), (v, _) in items)), True
            return {k: v for (k, _), (v, _) in items}, False
        if t in (tuple, list):
            seq: Sequence[Any] = obj  # type: ignore[assignment]
            if lazy and t is tuple and len(seq) >= LAZY_MIN:
                return self._lazy_seq(seq), True
            parts = [self.encode(x) for x in seq]
            if any(tagged for _, tagged in parts):
                same = parts[0][0] if t is tuple else None
                if (
                    isinstance(same, tuple)
                    and same[:2] == (_MARK, "d")
                    and all(v[:2] == (_MARK, "d") and v[2] == same[2] and not v[4] for v, _ in parts)  # type: ignore[index]
                ):
                    # a tuple of one dataclass whose fields need no decoding (the surfaces
                    # of an entry, its variants): made again in one pass
                    return (_MARK, "ds", same[2], tuple(v[3] for v, _ in parts)), True  # type: ignore[index]
                return (_MARK, t.__name__, tuple(v for v, _ in parts)), True
            plain = _shared([v for v, _ in parts])
            return (tuple(plain) if t is tuple else plain), False
        if t in (frozenset, set):
            items_ = list(obj)  # type: ignore[call-overload]
            if t is frozenset and lazy and len(items_) >= LAZY_MIN and all(type(x) is str for x in items_):
                return (_MARK, "strset", self.blob(marisa_trie.Trie(items_).tobytes())), True
            parts = [self.encode(x, lazy=False) for x in items_]
            if any(tagged for _, tagged in parts):
                return (_MARK, t.__name__, tuple(v for v, _ in parts)), True
            return t(v for v, _ in parts), False
        raise UnsupportedValue(f"cannot store a {t.__module__}.{t.__qualname__} in the index cache")

    def _values(self, values: Sequence[object]) -> tuple[int, int, bool]:
        """Write each value's marshal bytes to one blob, with their offsets; return the blobs."""
        offsets = array("I", [0])
        chunks = []
        tagged = False
        pos = 0
        for v in values:
            try:  # plain values are written as they are, checked in C
                b = marshal.dumps(v)  # type: ignore[arg-type]
            except ValueError:
                enc, t = self.encode(v)
                tagged = tagged or t
                b = marshal.dumps(enc)  # type: ignore[arg-type]
            chunks.append(b)
            pos += len(b)
            offsets.append(pos)
        return self.blob(b"".join(chunks)), self.blob(offsets.tobytes()), tagged

    def _lazy_seq(self, seq: Sequence[object]) -> tuple[object, ...]:
        data, offsets, tagged = self._values(seq)
        return (_MARK, "seq", data, offsets, tagged)

    def _lazy_map(self, d: dict[str, object]) -> tuple[object, ...]:
        trie = marisa_trie.Trie(list(d))
        # values in the trie's id order, so a key's id is its value's number
        data, offsets, tagged = self._values([d[trie.restore_key(i)] for i in range(len(trie))])
        return (_MARK, "map", self.blob(trie.tobytes()), data, offsets, tagged)


def _kind_of(t: type) -> str:
    """Return how :meth:`Encoder.encode` stores a value of type ``t`` that marshal does not take whole.

    Looked up once per type: the checks (abstract classes among them) depend on the type alone.
    """
    if issubclass(t, LazySeq):
        return "lazyseq"
    if issubclass(t, LazyMap):
        return "lazymap"
    if issubclass(t, StrSet):
        return "strset"
    if issubclass(t, IntEnum):
        return "intenum"
    if issubclass(t, Enum):
        return "enum"
    if issubclass(t, regex.Pattern):
        return "re"
    if is_dataclass(t) and not issubclass(t, type):
        return "dataclass"
    return "container"


def _shared(values: list[Any]) -> list[Any]:
    """Return ``values`` with equal strings, tuples and frozensets made one object.

    marshal writes an object met again as a reference, and reads it back as one object:
    the columns of an index repeat a few values (empty sets of context words) tens of
    thousands of times, which cost a separate object each, at every start.
    """
    seen: dict[Any, Any] = {}
    out = []
    for v in values:
        if type(v) in (str, tuple, frozenset):
            with contextlib.suppress(TypeError):  # a tuple holding a list is left as it is
                v = seen.setdefault(v, v)
        out.append(v)
    return out


class Decoder:
    """Decode what an :class:`Encoder` wrote; ``blobs`` are views of the cache file."""

    def __init__(self, blobs: Sequence[Blob], classes: Sequence[str]) -> None:
        self.blobs = blobs
        self.classes = [_class(name) for name in classes]

    def decode(self, obj: object) -> Any:
        """Return the value ``obj`` encodes (large containers lazily)."""
        t = type(obj)
        if t is tuple and obj and obj[0] == _MARK:  # type: ignore[index]
            return self._tagged(obj)  # type: ignore[arg-type]
        return obj

    def _tagged(self, obj: tuple[Any, ...]) -> Any:
        kind = obj[1]
        if kind == "d":
            values = obj[3]
            if obj[4]:
                values = list(values)
                for i in obj[4]:
                    values[i] = self.decode(values[i])
            return self.classes[obj[2]](*values)
        if kind == "ds":
            return tuple(starmap(self.classes[obj[2]], obj[3]))
        if kind == "e":
            return self.classes[obj[2]](obj[3])
        if kind == "re":
            return regex.compile(obj[2], obj[3])
        if kind == "dict":
            return {self.decode(k): self.decode(v) for k, v in obj[2]}
        if kind == "tuple":
            return tuple(self.decode(v) for v in obj[2])
        if kind == "list":
            return [self.decode(v) for v in obj[2]]
        if kind == "frozenset":
            return frozenset(self.decode(v) for v in obj[2])
        if kind == "set":
            return {self.decode(v) for v in obj[2]}
        if kind == "strset":
            return StrSet(marisa_trie.Trie().frombytes(bytes(self.blobs[obj[2]])))
        if kind == "seq":
            _, _, data, offsets, tagged = obj
            return LazySeq(self._values(data, offsets, tagged))
        if kind == "map":
            _, _, trie, data, offsets, tagged = obj
            keys = marisa_trie.Trie().frombytes(bytes(self.blobs[trie]))
            return LazyMap(keys, self._values(data, offsets, tagged))
        raise UnsupportedValue(f"unknown kind {kind!r} in the index cache")

    def _values(self, data: int, offsets: int, tagged: bool) -> _Values:
        ends = array("I")
        ends.frombytes(bytes(self.blobs[offsets]))
        return _Values(self.blobs[data], ends, self.decode if tagged else None)


class _Values:
    """Values stored one after another: the ``i``-th is decoded on first use and kept."""

    __slots__ = ("_cache", "_decode", "_ends", "_read", "limit")

    def __init__(self, data: Blob, ends: array[int], decode: Callable[[object], Any] | None) -> None:
        #: the bytes from one offset to another: a file section is read there, with no slice made
        self._read: Callable[[int, int], bytes | memoryview] = (
            data.reader() if isinstance(data, Section) else lambda a, b: data[a:b]
        )
        self._ends = ends
        self._decode = decode
        self._cache: dict[int, Any] = {}
        #: how many decoded values are kept (None: :data:`DECODED_MAX`)
        self.limit: int | None = None

    def __len__(self) -> int:
        return len(self._ends) - 1

    def get(self, i: int) -> Any:
        # a lookup with a default, not a caught KeyError: a miss is no rarer than a hit in
        # new text, and raising costs more than the lookup
        v = self._cache.get(i, _MISSING)
        if v is _MISSING:
            v = marshal.loads(self._read(self._ends[i], self._ends[i + 1]))
            if self._decode is not None:
                v = self._decode(v)
            cache = self._cache
            if len(cache) >= (self.limit or DECODED_MAX):
                cache.clear()  # in place: a LazySeq reads this same dict
            cache[i] = v
        return v


#: What a decoded-items cache gives for an item not decoded yet (no item is this object).
_MISSING = object()


class LazySeq(Sequence[Any]):
    """A read-only sequence whose items are decoded on first use (see :class:`Encoder`)."""

    __slots__ = ("_done", "_values")

    def __init__(self, values: _Values) -> None:
        self._values = values
        self._done = values._cache  # the items decoded so far: read first, without a call

    def __len__(self) -> int:
        return len(self._values)

    def __getitem__(self, i: Any) -> Any:
        try:
            return self._done[i]
        except (KeyError, TypeError):  # not decoded yet, a negative index, or a slice
            pass
        if isinstance(i, slice):
            return tuple(self._values.get(k) for k in range(*i.indices(len(self))))
        n = len(self._values)
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError(i)
        return self._values.get(i)

    def __iter__(self) -> Iterator[Any]:
        get = self._values.get
        return (get(i) for i in range(len(self._values)))

    def keep(self, limit: int) -> None:
        """Keep up to ``limit`` decoded items from now on (instead of :data:`DECODED_MAX`)."""
        self._values.limit = limit

    def getter(self) -> Callable[[int], Any]:
        """Return a function of an index (0 to len - 1, unchecked) to its item: the fastest lookup."""
        return self._values.get


class _TrieKeys:
    """Membership, iteration and length from a marisa-trie of ``str`` keys."""

    __slots__ = ("_trie",)

    def __init__(self, trie: marisa_trie.Trie) -> None:
        self._trie = trie

    def __contains__(self, key: object) -> bool:
        return type(key) is str and key in self._trie

    def __iter__(self) -> Iterator[str]:
        return iter(self._trie.keys())

    def __len__(self) -> int:
        return len(self._trie)


class LazyMap(_TrieKeys, Mapping[str, Any]):
    """A read-only ``str``-keyed mapping: a marisa-trie of the keys, values decoded on first use."""

    __slots__ = ("_values",)

    def __init__(self, trie: marisa_trie.Trie, values: _Values) -> None:
        super().__init__(trie)
        self._values = values

    def __getitem__(self, key: str) -> Any:
        i = self._trie.get(key) if type(key) is str else None
        if i is None:
            raise KeyError(key)
        return self._values.get(i)

    def get(self, key: str, default: Any = None) -> Any:
        i = self._trie.get(key) if type(key) is str else None
        return default if i is None else self._values.get(i)


class StrSet(_TrieKeys):
    """A read-only set of strings in a marisa-trie: membership, length and iteration."""

    __slots__ = ()

    def isdisjoint(self, other: Iterator[str] | Sequence[str]) -> bool:
        """Return True when no item of ``other`` is in the set."""
        trie = self._trie
        return not any(x in trie for x in other)


# --- sections: the encoded index as a list of byte strings, in memory or in a file ------------

_COUNT = struct.Struct("<I")


def pack(sections: Sequence[bytes]) -> bytes:
    """Return ``sections`` as one byte string: their count and sizes, then each in turn."""
    head = struct.pack(f"<I{len(sections)}Q", len(sections), *map(len, sections))
    return head + b"".join(sections)


def _sizes(head: bytes | memoryview, total: int) -> tuple[int, tuple[int, ...]]:
    """Return where the sections start and their sizes, from the head :func:`pack` wrote."""
    (count,) = _COUNT.unpack_from(head, 0)
    start = _COUNT.size + 8 * count
    if count < 2 or start > total:
        raise ValueError("not a flat index")
    sizes = struct.unpack_from(f"<{count}Q", head, _COUNT.size)
    if start + sum(sizes) != total:
        raise ValueError("not a flat index")
    return start, sizes


def split(data: bytes | memoryview | FlatFile) -> Sequence[Blob]:
    """Return the sections :func:`pack` joined (views of ``data``, or a file's sections)."""
    return data.sections if isinstance(data, FlatFile) else views(data)


def views(data: bytes | memoryview) -> list[memoryview]:
    """Return the sections :func:`pack` joined, as views of ``data``."""
    view = memoryview(data)
    pos, sizes = _sizes(view, len(view))
    out = []
    for n in sizes:
        out.append(view[pos : pos + n])
        pos += n
    return out


class Section:
    """One section of a :class:`FlatFile`: read from the file when used, never kept whole.

    ``bytes(section)`` reads it all (checked against its CRC-32); a slice reads only
    those bytes (one item of a lazy container).
    """

    __slots__ = ("_file", "_number", "_size", "_start")

    def __init__(self, file: FlatFile, number: int, start: int, size: int) -> None:
        self._file, self._number, self._start, self._size = file, number, start, size

    def __len__(self) -> int:
        return self._size

    def __getitem__(self, part: slice) -> bytes:
        start, stop, _ = part.indices(self._size)
        return self._file.read(self._start + start, max(0, stop - start))

    def reader(self) -> Callable[[int, int], bytes]:
        """Return a function of two offsets in the section to the bytes between them (a slice's fast path)."""
        read, base = self._file.read, self._start

        def between(a: int, b: int) -> bytes:
            return read(base + a, b - a)

        return between

    def __bytes__(self) -> bytes:
        data = self._file.read(self._start, self._size)
        self._file.check(self._number, data)
        return data


class FlatFile:
    """The sections :func:`pack` wrote, in an open file, each with its CRC-32.

    Sections are read with ``os.pread`` as they are used: the file stays in the page cache,
    not in this process's memory, and forked worker processes read it through the same
    descriptor. A section read whole is checked when it is read; :meth:`check_rest`
    checks the others (read in small blocks), so a damaged file is found at load.
    """

    BLOCK = 1 << 20

    def __init__(self, fd: int, offset: int, size: int, crcs: Sequence[int]) -> None:
        """Take ``fd`` (closed with this object); the payload is ``size`` bytes at ``offset``."""
        self._fd = fd
        self._offset, self._size = offset, size
        self._crcs = tuple(crcs)
        self._checked: set[int] = set()
        self._lock = threading.Lock()
        head = self.read(offset, min(size, _COUNT.size + 8 * len(self._crcs)))
        pos, sizes = _sizes(head, size)
        if len(sizes) != len(self._crcs):
            raise ValueError("not a flat index")
        self.sections: list[Section] = []
        for i, n in enumerate(sizes):
            self.sections.append(Section(self, i, offset + pos, n))
            pos += n

    def __del__(self) -> None:
        fd, self._fd = self._fd, -1
        if fd >= 0:
            os.close(fd)

    def read(self, pos: int, n: int) -> bytes:
        """Return ``n`` bytes of the file at ``pos``."""
        if _PREAD is not None:
            data = _PREAD(self._fd, n, pos)
        else:  # no pread (Windows): seek and read, one thread at a time
            with self._lock:
                os.lseek(self._fd, pos, os.SEEK_SET)
                data = os.read(self._fd, n)
        if len(data) != n:
            raise ValueError("the index file was cut short")
        return data

    def check(self, number: int, data: bytes) -> None:
        """Raise ValueError when ``data`` (section ``number``, read whole) is not what was stored."""
        if number not in self._checked:
            if zlib.crc32(data) != self._crcs[number]:
                raise ValueError(f"section {number} of the index file is damaged")
            self._checked.add(number)

    def check_rest(self) -> None:
        """Check every section not read whole yet, a block at a time (no copy of it is kept)."""
        for s in self.sections:
            if s._number in self._checked:
                continue
            crc, pos, end = 0, s._start, s._start + s._size
            while pos < end:
                n = min(self.BLOCK, end - pos)
                crc = zlib.crc32(self.read(pos, n), crc)
                pos += n
            if crc != self._crcs[s._number]:
                raise ValueError(f"section {s._number} of the index file is damaged")
            self._checked.add(s._number)

    def __bytes__(self) -> bytes:
        """Return the whole payload (what :func:`pack` returned): for pickling to a worker."""
        return self.read(self._offset, self._size)


_PREAD: Callable[[int, int, int], bytes] | None = getattr(os, "pread", None)

#: A section: a view of bytes in memory, or a :class:`Section` of a file.
Blob = memoryview | bytes | Section
