"""Reading and writing the files the CLI is given: encodings, BOMs, chunks, atomic writes.

Nothing here interprets text; the library proper works on strings.
"""

from __future__ import annotations

import codecs
import os
import shutil
import signal
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import regex

from .errors import InputError

#: A file is read in pieces of about this many bytes, cut after a line break, so a large
#: file is never held whole (the CLI still decides it as one document: see normalize.streaming).
#: Each piece is held in a few forms at once (bytes, decoded, joined with the previous
#: rest), so a smaller read keeps the peak memory down; 1 MB costs no speed.
CHUNK_BYTES = 1024 * 1024

_BOMS = (  # UTF-32-LE's BOM starts with UTF-16-LE's: it is tried first
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


#: A line longer than this many characters is cut after a sentence end or a space (or,
#: with none, right there), so a file that is one huge line goes through in bounded pieces.
MAX_PIECE_CHARS = 4 * 1024 * 1024


class Skipped(InputError):
    """The input is not something to read as text; it is skipped with a message, not an error."""


class BinaryFileError(Skipped):
    """The file holds NUL bytes and is not UTF-16 or UTF-32: it is skipped as binary."""


class NotRegularFile(Skipped):
    """The path is a FIFO, a device or a socket: reading it could block forever or never end."""


_KINDS = (
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a directory"),
)


def file_kind(mode: int) -> str:
    """Return what a non-regular file is, in words (``"a FIFO"``, ``"a socket"``, ...)."""
    return next((word for test, word in _KINDS if test(mode)), "not a regular file")


def open_regular(path: str | os.PathLike[str]) -> tuple[IO[bytes], os.stat_result]:
    """Open a regular file for reading without ever blocking on a FIFO or device.

    Anything but a regular file is refused before it is opened; the file is then opened
    non-blocking (opening a FIFO waits for a writer otherwise) and checked again with
    ``fstat`` on the open descriptor, so a swap between the check and the open cannot
    slip a FIFO or device through. Raises :class:`NotRegularFile` for anything but a
    regular file, :class:`InputError` naming the path for the usual failures.
    """
    name = str(path)
    try:
        before = os.stat(path)  # a device is not even opened: opening some has effects
        if not stat.S_ISREG(before.st_mode) and not stat.S_ISDIR(before.st_mode):
            raise NotRegularFile(f"{name}: {file_kind(before.st_mode)}, not a regular file; skipped")
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0))
    except InputError:
        raise
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{name}: is a directory") from None
    except PermissionError:
        raise InputError(f"{name}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{name}: {exc.strerror or exc}") from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise InputError(f"{name}: is a directory")
        if not stat.S_ISREG(st.st_mode):
            raise NotRegularFile(f"{name}: {file_kind(st.st_mode)}, not a regular file; skipped")
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb"), st
    except BaseException:
        os.close(fd)
        raise


def text_encoding(name: str) -> str:
    """Return ``name`` if it is a text encoding Python knows; raise :class:`InputError` otherwise.

    Codecs such as rot13, base64 or zlib map bytes to bytes (or str to str); they cannot
    read a text file and are refused up front.
    """
    try:
        info = codecs.lookup(name)
    except LookupError:
        raise InputError(f"unknown encoding {name!r}") from None
    if not getattr(info, "_is_text_encoding", True):
        raise InputError(f"{name!r} is not a text encoding")
    return name


@dataclass(frozen=True, slots=True)
class Encoding:
    """How a file was encoded, so a fix writes it back the same way."""

    name: str
    bom: bytes = b""


def sniff(head: bytes, encoding: str | None) -> Encoding:
    """Return the encoding of a file from its first bytes (a BOM wins over ``encoding``).

    Encodings whose codec writes a BOM of its own are pinned to a BOM-less form here, so
    a file is written back with exactly the BOM it had (once) or none: ``utf-8-sig``
    without a BOM is plain UTF-8, and ``utf-16``/``utf-32`` without a BOM take the byte
    order the zero bytes of mostly-ASCII text point to (big-endian when undecided, as
    the Unicode standard says).
    """
    for bom, name in _BOMS:
        if head.startswith(bom):
            return Encoding(name, bom)
    if not encoding:
        return Encoding("utf-8")
    canonical = codecs.lookup(encoding).name
    if canonical == "utf-8-sig":
        return Encoding("utf-8")
    if canonical in ("utf-16", "utf-32"):
        width = 2 if canonical == "utf-16" else 4
        sample = head[: 64 * 1024]
        low_first = sum(sample[i] == 0 for i in range(width - 1, len(sample), width))
        high_first = sum(sample[i] == 0 for i in range(0, len(sample), width))
        return Encoding(f"{canonical}-le" if low_first > high_first else f"{canonical}-be")
    return Encoding(encoding)


def _last_space(text: str) -> int:
    """Return where to cut an overlong line: after a sentence end, else after a space, else 0.

    A sentence end in the second half of the text is preferred, since a name never
    spans one; only the last resort can split a name across two pieces.
    """
    half = len(text) // 2
    found = regex.search(r"[.!?;]\s+", text, pos=half, flags=regex.REVERSE) or regex.search(
        r"\s", text, flags=regex.REVERSE
    )
    return found.end() if found else 0


def read_chunks(
    fh: IO[bytes], name: str, encoding: str | None = None, chunk_bytes: int | None = None
) -> tuple[Encoding, Iterator[str]]:
    """Return the file's encoding and an iterator over its decoded text in pieces.

    Pieces end after a line break (except the last), so no line is split, except a line
    longer than :data:`MAX_PIECE_CHARS`, which is cut after its last whitespace. Raises
    :class:`BinaryFileError` for NUL bytes in a non-UTF-16 file and :class:`InputError`
    with the byte offset for bytes that do not decode.
    """
    chunk_bytes = chunk_bytes or CHUNK_BYTES
    max_piece = max(MAX_PIECE_CHARS, 1)
    head = fh.read(chunk_bytes)
    try:
        enc = sniff(head, text_encoding(encoding) if encoding else None)
        text_encoding(enc.name)
        decoder = codecs.getincrementaldecoder(enc.name)(errors="strict")
    except InputError as exc:
        raise InputError(f"{name}: {exc}") from None
    wide = codecs.lookup(enc.name).name.startswith(("utf-16", "utf-32"))  # NUL bytes are normal

    def pieces() -> Iterator[str]:
        data = head[len(enc.bom) :]
        consumed = len(enc.bom)
        pending = ""
        while True:
            more = fh.read(chunk_bytes) if data else b""
            final = not more
            if not wide and b"\x00" in data:
                raise BinaryFileError(
                    f"{name}: binary file (NUL byte at {consumed + data.index(0)}); skipped"
                )
            try:
                text = decoder.decode(data, final=final)
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"{name}: cannot decode as {enc.name} at byte {consumed + exc.start}"
                ) from None
            except UnicodeError as exc:  # codecs like idna or punycode raise without a position
                raise InputError(
                    f"{name}: cannot decode as {enc.name} in bytes {consumed}-{consumed + len(data)}: {exc}"
                ) from None
            consumed += len(data)
            text = pending + text
            if final:
                if text:
                    yield text
                return
            cut = text.rfind("\n") + 1
            if not cut and len(text) >= max_piece:
                cut = _last_space(text) or len(text)
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
    fh, _ = open_regular(path)
    try:
        with fh:
            enc, it = read_chunks(fh, name, encoding)
            return "".join(it), enc
    except InputError:
        raise
    except OSError as exc:
        raise InputError(f"{name}: {exc.strerror or exc}") from None


def fsync_dir(folder: str | os.PathLike[str]) -> None:
    """Flush a folder's entries to disk, so a rename survives a power cut (where supported)."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot fsync a folder; the rename itself is still atomic
    finally:
        os.close(fd)


def _keep_owner(fd: int, st: os.stat_result) -> None:
    """Give a new file the owner and group of the one it replaces, as far as permitted."""
    for uid, gid in ((st.st_uid, st.st_gid), (-1, st.st_gid)):
        try:
            os.fchown(fd, uid, gid)
            return
        except OSError:
            continue


def _same_file(a: os.stat_result, b: os.stat_result) -> bool:
    return (a.st_dev, a.st_ino, a.st_size, a.st_mtime_ns) == (b.st_dev, b.st_ino, b.st_size, b.st_mtime_ns)


def output_target(path: str | os.PathLike[str]) -> tuple[Path, os.stat_result | None]:
    """Return where writing ``path`` really goes (symlinks followed) and what is there now.

    Raises :class:`InputError` when the target is a FIFO, device, socket or folder (it is
    never replaced by a regular file) or has the setuid/setgid bit (rewriting it would
    either keep a privilege on changed content or silently drop it).
    """
    target = Path(os.path.realpath(path))
    try:
        st = os.stat(target)
    except FileNotFoundError:
        return target, None
    except OSError as exc:
        raise InputError(f"{path}: {exc.strerror or exc}") from None
    if not stat.S_ISREG(st.st_mode):
        raise InputError(f"{path}: {file_kind(st.st_mode)}; refusing to replace it with a regular file")
    if st.st_mode & (stat.S_ISUID | stat.S_ISGID):
        raise InputError(f"{path}: setuid/setgid file; refusing to rewrite it")
    return target, st


def _umask() -> int:
    """Return the process's umask (reading it means setting it; it is set straight back)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _write_backup(source: IO[bytes], st: os.stat_result, backup: Path) -> None:
    """Store the bytes of ``source`` (the file as it was read) at ``backup``, atomically.

    The copy goes to a temporary sibling that is renamed over ``backup``: a symlink
    there is replaced, never written through, and a full disk leaves the old backup
    whole.
    """
    fd, tmp = tempfile.mkstemp(dir=backup.parent, prefix=f".{backup.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            source.seek(0)
            shutil.copyfileobj(source, out, 1024 * 1024)
            out.flush()
            os.fchmod(out.fileno(), stat.S_IMODE(st.st_mode))
            _keep_owner(out.fileno(), st)
            os.fsync(out.fileno())
        os.utime(tmp, ns=(st.st_atime_ns, st.st_mtime_ns))
        os.replace(tmp, backup)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


#: Temporary files of the writers not yet committed or aborted, in this process.
_LIVE: set[Path] = set()
_HELD_SIGNALS = frozenset(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)


@contextmanager
def _signals_held() -> Iterator[None]:
    """Hold SIGINT, SIGTERM and SIGHUP back until the block is done (where the OS allows it)."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def remove_live_temporaries() -> None:
    """Remove the temporary files of writers an interrupt left between creating and using them."""
    for tmp in list(_LIVE):
        tmp.unlink(missing_ok=True)
        _LIVE.discard(tmp)


class AtomicWriter:
    """Write a file through a temporary sibling that replaces it only on success.

    A symlink is followed: the target file is rewritten and the link stays. FIFOs,
    devices and setuid/setgid files are refused (see :func:`output_target`). The
    temporary file lives in the target's folder (so the rename is atomic), gets the
    original's mode bits, owner and group (as far as permitted), is fsynced with its
    folder, and is removed on any failure or interrupt, leaving the original untouched.

    For an in-place rewrite pass ``source``, the open file that was read, and
    ``opened``, its ``fstat`` when it was opened: the rename happens only if the file on
    disk is still that file, unchanged in size and mtime (another program's write is
    never silently lost), and with ``backup`` the bytes read are kept as
    ``target + backup`` first.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        backup: str | None = None,
        source: IO[bytes] | None = None,
        opened: os.stat_result | None = None,
    ) -> None:
        self.name = str(path)
        self.path, self.before = output_target(path)
        self.backup = backup
        self.source = source
        if source is not None and opened is None:
            opened = os.fstat(source.fileno())
        self.source_stat = opened
        self._bom_due = True
        # the temporary file is registered before any signal can interrupt us (SIGTERM just
        # after mkstemp would leave it behind): see remove_live_temporaries
        with _signals_held():
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=f".{self.path.name}.", suffix=".tmp")
            self.tmp = Path(tmp)
            _LIVE.add(self.tmp)
        self.fh = os.fdopen(fd, "wb")

    def write(self, data: bytes) -> None:
        self.fh.write(data)

    def write_text(self, text: str, enc: Encoding) -> None:
        """Encode one piece of text as ``enc``; the BOM goes before the first piece only."""
        try:
            data = text.encode(enc.name)
        except UnicodeEncodeError as exc:
            raise InputError(
                f"{self.name}: the fixed text cannot be encoded as {enc.name} "
                f"({exc.object[exc.start : exc.end]!r}); left as it was"
            ) from None
        except UnicodeError as exc:  # idna, punycode: no position to show
            raise InputError(
                f"{self.name}: the fixed text cannot be encoded as {enc.name} ({exc}); left as it was"
            ) from None
        if self._bom_due:
            data = enc.bom + data
            self._bom_due = False
        self.write(data)

    def commit(self) -> None:
        """Flush, check the original is unchanged, keep a backup if asked, rename over it."""
        try:
            self.fh.flush()
            before = self.before
            if before is not None:
                os.fchmod(self.fh.fileno(), stat.S_IMODE(before.st_mode))
                _keep_owner(self.fh.fileno(), before)
            else:  # a new file gets the mode any program would give it, not mkstemp's 0600
                os.fchmod(self.fh.fileno(), 0o666 & ~_umask())
            os.fsync(self.fh.fileno())
            self.fh.close()
            if self.source is not None and self.source_stat is not None:
                try:
                    now = os.stat(self.path)
                except FileNotFoundError:
                    now = None
                if now is None or not _same_file(now, self.source_stat):
                    raise InputError(f"{self.name}: changed on disk while it was being fixed; left as it is")
                if self.backup:
                    _write_backup(self.source, self.source_stat, Path(str(self.path) + self.backup))
            os.replace(self.tmp, self.path)
            _LIVE.discard(self.tmp)
            fsync_dir(self.path.parent)
        except BaseException:
            self.abort()
            raise

    def abort(self) -> None:
        """Drop the temporary file; the original stays as it was."""
        try:
            self.fh.close()
        finally:
            self.tmp.unlink(missing_ok=True)
            _LIVE.discard(self.tmp)
