"""Data safety: what `fix` writes, what it reads, and that it never hangs or loses bytes.

Each test here reproduces a case from the fault hunt (BOMs per piece, writes through
symlinks, FIFOs and devices, races, backups, full disks, signals, non-text codecs) and
pins the behaviour that replaced it. Cases that could hang on a regression run the CLI
in a subprocess with a timeout, so a hang is a failure, not a stuck suite.
"""

from __future__ import annotations

import codecs
import os
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from normalize import engine, textio
from normalize.cli import main

from .conftest import SEED, SEED_EXPECTED, read

TIMEOUT = 60  # seconds; generous for a loaded 2-core machine, finite for a hang


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run the CLI in-process; return (exit code, stdout, stderr)."""
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def cli(*args: str, timeout: float = TIMEOUT, **kw: object) -> subprocess.CompletedProcess[bytes]:
    """Run the CLI in a subprocess (a hang becomes a TimeoutExpired failure)."""
    if "stdout" not in kw:
        kw["capture_output"] = True
    return subprocess.run(  # type: ignore[call-overload,no-any-return]
        [sys.executable, "-m", "normalize.cli", *args], timeout=timeout, **kw
    )


@pytest.fixture
def seed_copy(tmp_path: Path) -> Path:
    p = tmp_path / "article.txt"
    p.write_bytes(SEED.read_bytes())
    return p


@pytest.fixture
def fifo(tmp_path: Path) -> Iterator[Path]:
    p = tmp_path / "pipe.txt"
    os.mkfifo(p)
    yield p


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# --- BOMs and encodings ---------------------------------------------------------------------


@pytest.mark.parametrize(("bom", "codec"), [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le")])
def test_bom_written_once_in_a_file_of_many_pieces(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    bom: bytes,
    codec: str,
) -> None:
    """A file with a BOM, larger than a piece, gets its BOM back once, at the start."""
    monkeypatch.setattr(textio, "CHUNK_BYTES", 4096)
    p = tmp_path / "big.txt"
    p.write_bytes(bom + (read(SEED) * 10).encode(codec))
    assert run(capsys, "fix", "-q", "--in-place", str(p))[0] == 0
    assert p.read_bytes() == bom + (read(SEED_EXPECTED) * 10).encode(codec)


def test_utf8_sig_adds_no_bom(capsys: pytest.CaptureFixture[str], seed_copy: Path) -> None:
    """--encoding utf-8-sig on a file without a BOM writes it back without one."""
    assert run(capsys, "fix", "-q", "--encoding", "utf-8-sig", "--in-place", str(seed_copy))[0] == 0
    assert seed_copy.read_bytes() == SEED_EXPECTED.read_bytes()


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom(capsys: pytest.CaptureFixture[str], tmp_path: Path, codec: str) -> None:
    """--encoding utf-16 on a file without a BOM: read in its byte order, written back alike."""
    p = tmp_path / "u16.txt"
    p.write_bytes("Talks near RAS lanuf.\n".encode(codec))
    code, out, err = run(capsys, "check", "-q", "--encoding", "utf-16", str(p))
    assert (code, out, err) == (1, f"{p}:1:12: RAS lanuf -> Ras Lanuf (exact 100, ras-lanuf)\n", "")
    assert run(capsys, "fix", "-q", "--encoding", "utf-16", "--in-place", str(p))[0] == 0
    assert p.read_bytes() == "Talks near Ras Lanuf.\n".encode(codec)


@pytest.mark.parametrize("name", ["rot13", "base64", "zlib", "hex"])
def test_non_text_codecs_refused(capsys: pytest.CaptureFixture[str], seed_copy: Path, name: str) -> None:
    """Codecs that are not text encodings are a usage error, named once, nothing processed."""
    code, out, err = run(capsys, "fix", "--encoding", name, "--in-place", str(seed_copy))
    assert (code, out, err) == (2, "", f"error: --encoding: {name!r} is not a text encoding\n")
    assert seed_copy.read_bytes() == SEED.read_bytes()


def test_unknown_encoding_refused(capsys: pytest.CaptureFixture[str], seed_copy: Path) -> None:
    code, out, err = run(capsys, "check", "--encoding", "klingon", str(seed_copy))
    assert (code, out, err) == (2, "", "error: --encoding: unknown encoding 'klingon'\n")


def test_fixed_text_that_cannot_be_encoded_leaves_the_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A replacement the file's encoding cannot hold is an error naming the file; no write."""
    lex = tmp_path / "lex.yaml"
    lex.write_text("entries:\n  - canonical: Ankara Çankaya\n    variants: [Ankara Chankaya]\n")
    p = tmp_path / "a.txt"
    p.write_bytes(b"In Ankara Chankaya today.\n")
    code, _, err = run(
        capsys,
        "fix",
        "-q",
        "--no-default-lexicon",
        "-l",
        str(lex),
        "--encoding",
        "ascii",
        "--in-place",
        str(p),
    )
    assert code == 2
    assert err == f"error: {p}: the fixed text cannot be encoded as ascii ('Ç'); left as it was\n"
    assert p.read_bytes() == b"In Ankara Chankaya today.\n" and names(tmp_path) == ["a.txt", "lex.yaml"]


def test_decode_error_in_utf16_names_file_and_byte(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    p = tmp_path / "odd.txt"
    p.write_bytes(codecs.BOM_UTF16_LE + "abc".encode("utf-16-le") + b"\x00\xd8")  # lone surrogate
    code, _, err = run(capsys, "check", "-q", str(p))
    assert code == 2 and err == f"error: {p}: cannot decode as utf-16-le at byte 8\n"


# --- long lines ------------------------------------------------------------------------------


def test_long_line_is_cut_at_whitespace(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file that is one huge line is read in bounded pieces cut after a space, and fixed whole."""
    monkeypatch.setattr(textio, "CHUNK_BYTES", 4096)
    monkeypatch.setattr(textio, "MAX_PIECE_CHARS", 4096)
    line = "Talks near RAS lanuf went on. " * 2000
    p = tmp_path / "line.txt"
    p.write_text(line)
    with open(p, "rb") as fh:
        seen = list(textio.read_chunks(fh, str(p))[1])
    assert len(seen) > 10 and max(map(len, seen)) <= 2 * 4096
    assert all(piece.endswith(" ") for piece in seen[:-1])
    assert "".join(seen) == line
    assert run(capsys, "fix", "-q", "--in-place", str(p))[0] == 0
    assert p.read_text() == line.replace("RAS lanuf", "Ras Lanuf")


def test_line_without_whitespace_is_cut_anyway(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(textio, "MAX_PIECE_CHARS", 1000)
    p = tmp_path / "x.txt"
    p.write_bytes(b"x" * 10_000)
    with p.open("rb") as fh:
        _, pieces = textio.read_chunks(fh, str(p), chunk_bytes=1000)
        got = list(pieces)
    assert "".join(got) == "x" * 10_000 and max(map(len, got)) <= 2000


# --- what fix -i and -o write to --------------------------------------------------------------


def test_in_place_writes_through_a_symlink(capsys: pytest.CaptureFixture[str], seed_copy: Path) -> None:
    """fix -i on a symlink rewrites the file it points to and keeps the link."""
    link = seed_copy.parent / "link.txt"
    link.symlink_to(seed_copy.name)
    assert run(capsys, "fix", "-q", "--in-place", "--backup", ".bak", str(link))[0] == 0
    assert link.is_symlink() and os.readlink(link) == "article.txt"
    assert seed_copy.read_bytes() == SEED_EXPECTED.read_bytes()
    assert Path(str(seed_copy) + ".bak").read_bytes() == SEED.read_bytes()  # beside the target


def test_output_symlink_is_written_through(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "real.txt"
    target.write_text("old\n")
    link = tmp_path / "out.txt"
    link.symlink_to(target)
    assert run(capsys, "fix", "-q", str(SEED), "-o", str(link))[0] == 0
    assert link.is_symlink() and target.read_bytes() == SEED_EXPECTED.read_bytes()


def test_fifo_output_is_refused(capsys: pytest.CaptureFixture[str], fifo: Path) -> None:
    """-o naming a FIFO is refused; the FIFO is not replaced by a regular file."""
    code, out, err = run(capsys, "fix", "-q", str(SEED), "-o", str(fifo))
    assert (code, out) == (2, "")
    assert err == f"error: {fifo}: a FIFO; refusing to replace it with a regular file\n"
    assert stat.S_ISFIFO(fifo.lstat().st_mode) and names(fifo.parent) == ["pipe.txt"]


def test_device_output_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "fix", "-q", str(SEED), "-o", os.devnull)
    assert code == 2
    assert err == f"error: {os.devnull}: a character device; refusing to replace it with a regular file\n"
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


def test_setuid_file_is_not_rewritten(capsys: pytest.CaptureFixture[str], seed_copy: Path) -> None:
    os.chmod(seed_copy, 0o4755)
    code, _, err = run(capsys, "fix", "-q", "--in-place", str(seed_copy))
    assert code == 2 and err == f"error: {seed_copy}: setuid/setgid file; refusing to rewrite it\n"
    assert seed_copy.read_bytes() == SEED.read_bytes() and names(seed_copy.parent) == ["article.txt"]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="chown needs root")
def test_owner_and_group_are_kept(capsys: pytest.CaptureFixture[str], seed_copy: Path) -> None:
    os.chown(seed_copy, 4242, 4343)
    assert run(capsys, "fix", "-q", "--in-place", "--backup", ".bak", str(seed_copy))[0] == 0
    for p in (seed_copy, Path(str(seed_copy) + ".bak")):
        st = p.stat()
        assert (st.st_uid, st.st_gid) == (4242, 4343)


def test_write_by_another_program_during_fix_is_not_lost(
    capsys: pytest.CaptureFixture[str], seed_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file changed on disk while fix -i read it is left alone, with an error."""
    analyse = engine.Normalizer.analyse

    def racing(self: engine.Normalizer, text: str, **kwargs: bool) -> tuple[object, ...]:
        with open(seed_copy, "ab") as fh:  # another program appends meanwhile
            fh.write(b"late line\n")
        return analyse(self, text, **kwargs)

    monkeypatch.setattr(engine.Normalizer, "analyse", racing)
    code, _, err = run(capsys, "fix", "-q", "--in-place", "--backup", ".bak", str(seed_copy))
    assert code == 2
    assert err == f"error: {seed_copy}: changed on disk while it was being fixed; left as it is\n"
    assert seed_copy.read_bytes() == SEED.read_bytes() + b"late line\n"
    assert names(seed_copy.parent) == ["article.txt"]


def test_file_replaced_during_fix_is_not_overwritten(
    capsys: pytest.CaptureFixture[str], seed_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An editor's save (a new file renamed into place) during fix -i is kept, same size or not."""
    analyse = engine.Normalizer.analyse

    def racing(self: engine.Normalizer, text: str, **kwargs: bool) -> tuple[object, ...]:
        new = seed_copy.with_name("new")
        new.write_bytes(SEED.read_bytes().upper())  # same size, new inode
        os.replace(new, seed_copy)
        return analyse(self, text, **kwargs)

    monkeypatch.setattr(engine.Normalizer, "analyse", racing)
    assert run(capsys, "fix", "-q", "--in-place", str(seed_copy))[0] == 2
    assert seed_copy.read_bytes() == SEED.read_bytes().upper()


# --- backups ---------------------------------------------------------------------------------


def test_backup_never_writes_through_a_symlink(capsys: pytest.CaptureFixture[str], seed_copy: Path) -> None:
    """A .bak that is a symlink is replaced by the backup; the file it pointed to is untouched."""
    victim = seed_copy.parent / "victim.txt"
    victim.write_bytes(b"precious\n")
    bak = Path(str(seed_copy) + ".bak")
    bak.symlink_to(victim)
    assert run(capsys, "fix", "-q", "--in-place", "--backup", ".bak", str(seed_copy))[0] == 0
    assert victim.read_bytes() == b"precious\n"
    assert not bak.is_symlink() and bak.read_bytes() == SEED.read_bytes()


def _growing_lexicon(folder: Path) -> Path:
    """Return a lexicon whose rule changes the text on every pass (fix is not idempotent)."""
    lex = folder / "grow.yaml"
    lex.write_text("rules:\n  - pattern: 'x'\n    replace: 'xx'\n")
    return lex


def test_same_file_twice_backs_up_the_original(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A file named twice (or by a second name) is fixed and backed up once, from the original."""
    lex = _growing_lexicon(tmp_path)
    p = tmp_path / "a.txt"
    p.write_bytes(b"x\n")
    (tmp_path / "b.txt").symlink_to(p)
    args = ("fix", "-q", "--no-default-lexicon", "-l", str(lex), "--in-place", "--backup", ".bak")
    assert run(capsys, *args, str(p), str(p), str(tmp_path / "b.txt"))[0] == 0
    assert p.read_bytes() == b"xx\n"
    assert Path(str(p) + ".bak").read_bytes() == b"x\n"


def test_full_disk_during_backup_keeps_old_backup_and_file(
    capsys: pytest.CaptureFixture[str], seed_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fault injection: the backup copy fails half-way (ENOSPC); nothing is lost or left over."""
    import shutil

    bak = Path(str(seed_copy) + ".bak")
    bak.write_bytes(b"the previous backup\n")

    def full(src: object, dst: object, *args: object, **kwargs: object) -> None:
        if isinstance(dst, str | os.PathLike):  # shutil.copyfile(src, dst): a path
            Path(dst).write_bytes(b"partial")
        else:
            dst.write(b"partial")  # type: ignore[attr-defined]
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(shutil, "copyfileobj", full)
    monkeypatch.setattr(shutil, "copyfile", full)
    code, _, err = run(capsys, "fix", "-q", "--in-place", "--backup", ".bak", str(seed_copy))
    assert code == 2 and err == f"error: {seed_copy}: No space left on device\n"
    assert bak.read_bytes() == b"the previous backup\n"
    assert seed_copy.read_bytes() == SEED.read_bytes()
    assert names(seed_copy.parent) == ["article.txt", "article.txt.bak"]


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """Mount a 1 MB tmpfs (root on Linux only); skip where the machine does not allow it."""
    mnt = tmp_path / "disk"
    mnt.mkdir()
    if not sys.platform.startswith("linux") or os.geteuid() != 0:
        pytest.skip("a tmpfs needs root on Linux")
    proc = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mnt)], capture_output=True)
    if proc.returncode:
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], check=False)


def test_real_full_disk(capsys: pytest.CaptureFixture[str], small_disk: Path) -> None:
    """On a real full disk, fix -i --backup fails cleanly: file, old backup and free space intact."""
    p = small_disk / "a.txt"
    p.write_bytes(SEED.read_bytes() * 60)  # ~330 KB
    bak = Path(str(p) + ".bak")
    bak.write_bytes(b"old backup\n")
    filler = small_disk / "filler"
    with open(filler, "wb") as fh:  # room for the fixed file, not for a backup as well
        fh.write(b"\0" * (1024 * 1024 - p.stat().st_size * 5 // 2))
    code, _, err = run(capsys, "fix", "-q", "--in-place", "--backup", ".bak", str(p))
    assert code == 2 and err == f"error: {p}: No space left on device\n"
    assert p.read_bytes() == SEED.read_bytes() * 60 and bak.read_bytes() == b"old backup\n"
    assert names(small_disk) == ["a.txt", "a.txt.bak", "filler"]


# --- inputs that are not regular files ----------------------------------------------------------


def test_fifo_input_is_skipped_not_waited_on(fifo: Path) -> None:
    proc = cli("check", str(fifo))
    assert proc.returncode == 0
    assert proc.stderr.decode() == (
        f"skipped: {fifo}: a FIFO, not a regular file; skipped\n"
        "0 finding(s) in 0 input(s); 0 would change; 0 error(s); 1 skipped\n"
    )


def test_fifo_in_a_folder_is_skipped(fifo: Path) -> None:
    (fifo.parent / "a.txt").write_bytes(b"RAS lanuf\n")
    proc = cli("check", "-q", str(fifo.parent))
    assert proc.returncode == 1 and proc.stdout.count(b"\n") == 1
    assert proc.stderr == b""  # quiet: the skip message is a summary-level message


def test_device_read_as_utf16_does_not_hang() -> None:
    proc = cli("check", "--encoding", "utf-16", "/dev/zero")
    assert proc.returncode == 0 and b"/dev/zero: a character device, not a regular file" in proc.stderr


def test_fifo_or_device_as_lexicon_is_an_error(fifo: Path) -> None:
    for lex, kind in ((str(fifo), "a FIFO"), (os.devnull, "a character device")):
        proc = cli("check", "-l", lex, str(SEED))
        assert proc.returncode == 2
        assert proc.stderr.decode() == f"error: {lex}: {kind}, not a lexicon file or folder\n"


def test_fifo_in_a_lexicon_folder_is_passed_over(tmp_path: Path) -> None:
    """A folder of lexicons holding a FIFO named *.yaml loads its regular files and goes on."""
    os.mkfifo(tmp_path / "x.yaml")
    (tmp_path / "y.yaml").write_text("entries:\n  - canonical: Zintan\n    variants: [Zentan]\n")
    proc = cli("fix", "--no-default-lexicon", "-l", str(tmp_path), input=b"in Zentan\n")
    assert (proc.returncode, proc.stdout) == (0, b"in Zintan\n")


# --- output that cannot be written -----------------------------------------------------------------


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
@pytest.mark.parametrize("command", ["check", "fix"])
def test_output_to_a_full_device(command: str) -> None:
    """A full stdout is an output error (not blamed on the input being read), exit 2."""
    with open("/dev/full", "wb") as full:
        proc = cli(command, str(SEED), stdout=full, stderr=subprocess.PIPE)
    assert proc.returncode == 2
    assert proc.stderr.decode() == "error: cannot write output: No space left on device\n"


def cli_with_closed(fd: int, *args: str) -> subprocess.CompletedProcess[bytes]:
    """Run the CLI with file descriptor ``fd`` (0 stdin, 1 stdout) closed."""
    return subprocess.run(
        [sys.executable, "-m", "normalize.cli", *args],
        stdout=None if fd == 1 else subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=lambda: os.close(fd),
        timeout=TIMEOUT,
        check=False,
    )


def test_closed_stdout() -> None:
    proc = cli_with_closed(1, "check", str(SEED))
    assert proc.returncode == 2 and proc.stderr.decode() == "error: stdout is closed\n"


# --- signals ------------------------------------------------------------------------------------


#: The CLI with a writer that stalls after its first bytes: the temporary file exists for as
#: long as the test needs to send a signal (a whole file is decided, then written at once).
_SLOW_WRITER = """
import sys, time
from normalize import textio
from normalize.cli import main

write_text = textio.AtomicWriter.write_text

def slow(self, text, enc):
    write_text(self, text[:100], enc)
    self.fh.flush()
    time.sleep(60)

textio.AtomicWriter.write_text = slow
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP])
def test_sigterm_and_sighup_clean_up_like_ctrl_c(tmp_path: Path, sig: signal.Signals) -> None:
    """A terminated fix -i removes its temporary file and leaves the original; exit 128+N."""
    p = tmp_path / "big.txt"
    original = SEED.read_bytes() * 400
    p.write_bytes(original)
    proc = subprocess.Popen(
        [sys.executable, "-c", _SLOW_WRITER, "fix", "-q", "--in-place", str(p)],
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + TIMEOUT
    while not any(n.endswith(".tmp") for n in os.listdir(tmp_path)):
        assert proc.poll() is None and time.monotonic() < deadline, "never started writing"
        time.sleep(0.005)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=TIMEOUT)
    assert proc.returncode == 128 + sig
    assert err.decode() == "interrupted\n"
    assert p.read_bytes() == original and names(tmp_path) == ["big.txt"]


#: The CLI terminated just as its temporary file is made (before the writer exists).
_TERMINATED_AT_MKSTEMP = """
import os, signal, sys, tempfile
from normalize.cli import main

real = tempfile.mkstemp

def mkstemp(*args, **kwargs):
    made = real(*args, **kwargs)
    if kwargs.get("prefix", "").startswith(".doc.txt."):  # the fixed file's, not a cache file's
        os.kill(os.getpid(), signal.SIGTERM)
    return made

tempfile.mkstemp = mkstemp
sys.exit(main(sys.argv[1:]))
"""


def test_terminated_as_the_temporary_file_is_made(tmp_path: Path) -> None:
    """SIGTERM right after the temporary file is created still removes it (no window leaks it)."""
    p = tmp_path / "doc.txt"
    original = SEED.read_bytes()
    p.write_bytes(original)
    proc = subprocess.run(
        [sys.executable, "-c", _TERMINATED_AT_MKSTEMP, "fix", "-q", "--no-cache", "--in-place", str(p)],
        capture_output=True,
        timeout=TIMEOUT,
    )
    assert proc.returncode == 128 + signal.SIGTERM
    assert proc.stderr.decode() == "interrupted\n"
    assert p.read_bytes() == original and names(tmp_path) == ["doc.txt"]


# --- eval gold that used to crash ------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            b'{"start": Infinity, "end": 3, "replacement": "x"}\n',
            ":1: bad gold line: cannot convert float infinity to integer",
        ),
        (
            b'{"start": 1e400, "end": 3, "replacement": "x"}\n',
            ":1: bad gold line: cannot convert float infinity to integer",
        ),
        (
            b'{"start": NaN, "end": 3, "replacement": "x"}\n',
            ":1: bad gold line: cannot convert float NaN to integer",
        ),
        (b'{"a":' * 100_000 + b"\n", ":1: bad gold line: nested too deeply"),
        (b"start\tend\tcanonical_rendering\n1\t2\t\xff\n", ": cannot decode as utf-8 at byte 34"),
        (
            b"start\tend\tcanonical_rendering\n1\t2\t" + b"x" * 200_000 + b"\n",
            ": bad gold TSV: field larger than field limit (131072)",
        ),
    ],
)
def test_bad_gold_is_an_error_not_a_crash(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data: bytes, message: str
) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_bytes(data)
    code, _, err = run(capsys, "eval", str(gold), str(SEED))
    assert code == 2 and err.startswith(f"error: {gold}{message}\n")


# --- parallel runs ---------------------------------------------------------------------------------

_KILLING_WORKER = """
import os, signal, sys
from normalize import engine
from normalize.cli import main

import normalize.cli
normalize.cli.PARALLEL_BYTES = 0  # use worker processes however small the files

analyse = engine.Normalizer.analyse

def deadly(self, text, **kwargs):
    if "KILL ME" in text:
        os.kill(os.getpid(), signal.SIGKILL)  # as the kernel's OOM killer would
    return analyse(self, text, **kwargs)

engine.Normalizer.analyse = deadly
sys.exit(main(sys.argv[1:]))
"""


def test_killed_worker_is_reported_and_the_run_ends(tmp_path: Path) -> None:
    """--jobs: a worker killed mid-file makes that file an error; the others are processed."""
    for i in range(6):
        (tmp_path / f"{i}.txt").write_bytes(b"Near RAS lanuf.\n" + (b"KILL ME\n" if i == 2 else b""))
    proc = subprocess.run(
        [sys.executable, "-c", _KILLING_WORKER, "check", "--jobs", "2", str(tmp_path)],
        capture_output=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert proc.returncode == 2
    assert proc.stdout.decode().splitlines() == [
        f"{tmp_path / f'{i}.txt'}:1:6: RAS lanuf -> Ras Lanuf (exact 100, ras-lanuf)" for i in (0, 1, 3, 4, 5)
    ]
    assert proc.stderr.decode() == (
        f"error: {tmp_path / '2.txt'}: the worker process died while processing it\n"
        "5 finding(s) in 5 input(s); 5 would change; 1 error(s)\n"
    )


def test_socket_input_is_skipped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import socket

    path = tmp_path / "s.txt"
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.bind(str(path))
        code, out, err = run(capsys, "check", str(path), str(SEED))
    assert code == 1 and len(out.splitlines()) == 35
    assert err.startswith(f"skipped: {path}: a socket, not a regular file; skipped\n")


def test_lexicon_validate_on_a_fifo(fifo: Path) -> None:
    proc = cli("lexicon", "validate", str(fifo))
    assert proc.returncode == 2
    assert (
        proc.stderr.decode()
        == f"error: {fifo}: a FIFO, not a lexicon file or folder\n1 error(s), 0 warning(s)\n"
    )


def test_columns_count_across_a_cut_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Findings after the cut of an overlong line keep their line's column, as one piece would."""
    text = "x\n" + "Talks near RAS lanuf went on. " * 400 + "\nnear RAS lanuf\n"
    p = tmp_path / "a.txt"
    p.write_text(text)
    whole = run(capsys, "check", "-q", str(p))
    monkeypatch.setattr(textio, "CHUNK_BYTES", 1024)
    monkeypatch.setattr(textio, "MAX_PIECE_CHARS", 1024)
    cut = run(capsys, "check", "-q", str(p))
    assert cut == whole and len(whole[1].splitlines()) == 401


def test_closed_stdin(seed_copy: Path) -> None:
    """With stdin closed, named files are still processed and '-' is an error, not a traceback."""
    proc = cli_with_closed(0, "check", "-q", str(seed_copy), "-")
    assert proc.returncode == 2 and len(proc.stdout.splitlines()) == 35
    assert proc.stderr.decode() == "error: <stdin>: stdin is closed\n"


def test_fix_in_place_with_stdout_closed(seed_copy: Path) -> None:
    proc = cli_with_closed(1, "fix", "-q", "--in-place", str(seed_copy))
    assert (proc.returncode, proc.stderr) == (0, b"")
    assert seed_copy.read_bytes() == SEED_EXPECTED.read_bytes()


def test_file_and_folder_are_fsynced(
    capsys: pytest.CaptureFixture[str], seed_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The new file's data and the folder entry of the rename are flushed to disk."""
    synced: list[str] = []
    fsync = os.fsync

    def spy(fd: int) -> None:
        st = os.fstat(fd)
        synced.append("folder" if stat.S_ISDIR(st.st_mode) else f"file of {st.st_size} bytes")
        fsync(fd)

    monkeypatch.setattr(os, "fsync", spy)
    assert run(capsys, "fix", "-q", "--in-place", str(seed_copy))[0] == 0
    assert synced == [f"file of {len(SEED_EXPECTED.read_bytes())} bytes", "folder"]


def test_other_os_errors_are_not_blamed_on_stdout(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An unexpected OSError elsewhere names its file; it is not called an output error."""
    from normalize import cli as cli_module

    def broken(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", "/some/lexicon.yaml")

    monkeypatch.setattr(cli_module, "Normalizer", broken)
    code, out, err = run(capsys, "check", str(SEED))
    assert (code, out, err) == (2, "", "error: /some/lexicon.yaml: Permission denied\n")


@pytest.mark.parametrize("codec", ["utf-32", "utf-32-le", "utf-32-be"])
def test_utf32_is_text_not_binary(capsys: pytest.CaptureFixture[str], tmp_path: Path, codec: str) -> None:
    """UTF-32 is full of NUL bytes; given as --encoding it is read, not skipped as binary."""
    p = tmp_path / "u32.txt"
    p.write_bytes("Talks near RAS lanuf.\n".encode(codec))
    code, out, _ = run(capsys, "check", "-q", "--encoding", codec, str(p))
    assert (code, out) == (1, f"{p}:1:12: RAS lanuf -> Ras Lanuf (exact 100, ras-lanuf)\n")
    assert run(capsys, "fix", "-q", "--encoding", codec, "--in-place", str(p))[0] == 0
    assert p.read_bytes() == "Talks near Ras Lanuf.\n".encode(codec)


def test_new_output_file_gets_the_usual_mode(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """fix -o to a new file makes it 0666 less the umask, like any program, not mkstemp's 0600."""
    out = tmp_path / "new.txt"
    mask = os.umask(0o022)
    try:
        assert run(capsys, "fix", "-q", str(SEED), "-o", str(out))[0] == 0
    finally:
        os.umask(mask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o644


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_lexicon_import_refuses_a_fifo(tmp_path: Path) -> None:
    """`lexicon import` of a FIFO is an error naming it, not a wait for a writer."""
    fifo = tmp_path / "glossary.csv"
    os.mkfifo(fifo)
    proc = cli("lexicon", "import", "--from", "csv", str(fifo))
    assert proc.returncode == 2 and proc.stdout == b""
    assert b"FIFO" in proc.stderr and str(fifo).encode() in proc.stderr
