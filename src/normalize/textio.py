"""Reading and writing the files the CLI is given: encodings, BOMs, chunks, atomic writes.

Nothing here interprets text; the library proper works on strings.
"""

from __future__ import annotations

import codecs
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from .errors import InputError

#: Text is handed to the matcher in pieces of about this many bytes, cut after a line
#: break, so a large file is never held whole (evidence is judged per piece).
CHUNK_BYTES = 4 * 1024 * 1024

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


class BinaryFileError(InputError):
    """The file holds NUL bytes and is not UTF-16: it is skipped as binary."""


@dataclass(frozen=True, slots=True)
class Encoding:
    """How a file was encoded, so a fix writes it back the same way."""

    name: str
    bom: bytes = b""


def sniff(head: bytes, encoding: str | None) -> Encoding:
    """Return the encoding of a file from its first bytes (a BOM wins over ``encoding``)."""
    for bom, name in _BOMS:
        if head.startswith(bom):
            return Encoding(name, bom)
    return Encoding(encoding or "utf-8")


def read_chunks(
    fh: IO[bytes], name: str, encoding: str | None = None, chunk_bytes: int | None = None
) -> tuple[Encoding, Iterator[str]]:
    """Return the file's encoding and an iterator over its decoded text in pieces.

    Pieces end after a line break (except the last), so no line is split. Raises
    :class:`BinaryFileError` for NUL bytes in a non-UTF-16 file and :class:`InputError`
    with the byte offset for bytes that do not decode.
    """
    chunk_bytes = chunk_bytes or CHUNK_BYTES
    head = fh.read(chunk_bytes)
    enc = sniff(head, encoding)
    try:
        decoder = codecs.getincrementaldecoder(enc.name)(errors="strict")
    except LookupError:
        raise InputError(f"{name}: unknown encoding {enc.name!r}") from None
    utf16 = enc.name.startswith("utf-16")

    def pieces() -> Iterator[str]:
        data = head[len(enc.bom) :]
        consumed = len(enc.bom)
        pending = ""
        while True:
            more = fh.read(chunk_bytes) if data else b""
            final = not more
            if not utf16 and b"\x00" in data:
                raise BinaryFileError(
                    f"{name}: binary file (NUL byte at {consumed + data.index(0)}); skipped"
                )
            try:
                text = decoder.decode(data, final=final)
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"{name}: cannot decode as {enc.name} at byte {consumed + exc.start}"
                ) from None
            consumed += len(data)
            text = pending + text
            if final:
                if text:
                    yield text
                return
            cut = text.rfind("\n") + 1
            if cut:
                yield text[:cut]
                pending = text[cut:]
            else:
                pending = text
            data = more

    return enc, pieces()


def read_text(path: str | os.PathLike[str], encoding: str | None = None) -> tuple[str, Encoding]:
    """Read a whole file as text (for diff, which needs both sides whole)."""
    name = str(path)
    try:
        with open(path, "rb") as fh:
            enc, it = read_chunks(fh, name, encoding)
            return "".join(it), enc
    except IsADirectoryError:
        raise InputError(f"{name}: is a directory") from None
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except PermissionError:
        raise InputError(f"{name}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{name}: {exc.strerror or exc}") from None


def encode(text: str, enc: Encoding) -> bytes:
    """Encode ``text`` back as it was read (same encoding and BOM)."""
    return enc.bom + text.encode(enc.name)


class AtomicWriter:
    """Write a file through a temporary sibling that replaces it only on success.

    The temporary file lives in the target's folder (so the rename is atomic), gets the
    original's mode bits, and is removed on any failure or interrupt, leaving the
    original untouched. With ``backup``, the original is kept as ``path + backup``.
    """

    def __init__(self, path: str | os.PathLike[str], *, backup: str | None = None) -> None:
        self.path = Path(path)
        self.backup = backup
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=f".{self.path.name}.", suffix=".tmp")
        self.tmp = Path(tmp)
        self.fh = os.fdopen(fd, "wb")

    def write(self, data: bytes) -> None:
        self.fh.write(data)

    def commit(self) -> None:
        """Flush, copy mode bits, keep a backup if asked, and rename over the original."""
        try:
            self.fh.flush()
            os.fsync(self.fh.fileno())
            self.fh.close()
            if self.path.exists():
                shutil.copymode(self.path, self.tmp)
                if self.backup:
                    shutil.copy2(self.path, str(self.path) + self.backup)
            os.replace(self.tmp, self.path)
        except BaseException:
            self.abort()
            raise

    def abort(self) -> None:
        """Drop the temporary file; the original stays as it was."""
        try:
            self.fh.close()
        finally:
            self.tmp.unlink(missing_ok=True)
