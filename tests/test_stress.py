"""Stress and fault suite: hostile bytes, every stdlib codec, kills, concurrent runs.

Fast by default (CI). ``NORMALIZE_STRESS=long`` runs the long profile: more random
inputs, more kill points, more concurrent runs.
"""

from __future__ import annotations

import codecs
import encodings
import os
import pkgutil
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from normalize import Normalizer
from normalize.cli import Job, WriteBack, process

from .conftest import SEED, SEED_EXPECTED

LONG = os.environ.get("NORMALIZE_STRESS") == "long"
TIMEOUT = 120


def _codecs() -> list[str]:
    names = sorted({m.name for m in pkgutil.iter_modules(encodings.__path__)} - {"aliases"})
    out = []
    for name in names:
        try:
            codecs.lookup(name)
        except LookupError:
            continue
        out.append(name)
    return out


CODECS = _codecs()
SAMPLES = [
    b"",
    b"Near RAS lanuf.\n",
    bytes(range(256)),
    b"\xff\xfe" + "Near RAS lanuf.\n".encode("utf-16-le"),
    b"\x00" * 64,
    "Near RAS lanuf. Абдулла, ливийский\n".encode(),
    b"+AGEAYgBj-" * 10,
    b"xn--" * 10 + b"\n",
]


def _outcome(result_error: str, result_skipped: str, path: Path) -> str:
    """Name what happened; every message must name the file."""
    message = result_error or result_skipped
    assert not message or message.startswith(str(path)), message
    return "error" if result_error else "skipped" if result_skipped else "ok"


@pytest.mark.parametrize("codec", CODECS)
def test_every_stdlib_codec_reads_or_reports(default: Normalizer, tmp_path: Path, codec: str) -> None:
    """check and fix -i with any codec end in a result or a named error, never an exception.

    A file that failed is left byte for byte as it was.
    """
    for i, data in enumerate(SAMPLES):
        p = tmp_path / f"{i}.txt"
        p.write_bytes(data)
        for command, write_back in (("check", WriteBack.STDOUT), ("fix", WriteBack.IN_PLACE)):
            result = process(Job(command, str(p), codec, write_back, ".bak", False), default)
            what = _outcome(result.error, result.skipped, p)
            if what != "ok" or not result.changed:
                assert p.read_bytes() == data
                assert not Path(f"{p}.bak").exists()
        assert sorted(q.name for q in tmp_path.iterdir() if q.name.startswith(f"{i}.")) in (
            [f"{i}.txt"],
            [f"{i}.txt", f"{i}.txt.bak"],
        )


@settings(
    max_examples=1000 if LONG else 60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.binary(max_size=2000), codec=st.sampled_from(["utf-8", "utf-16", "latin-1", "cp1251"]))
def test_random_bytes_never_crash(default: Normalizer, tmp_path: Path, data: bytes, codec: str) -> None:
    """Random bytes: a fix, a skip or a named error; a fix round-trips everything it did not change."""
    p = tmp_path / "r.txt"
    p.write_bytes(data)
    result = process(Job("fix", str(p), codec, WriteBack.IN_PLACE, None, False), default)
    if _outcome(result.error, result.skipped, p) != "ok" or not result.changed:
        assert p.read_bytes() == data


# The CLI with 4 KB pieces, so a file of a few hundred KB is written over many pieces and
# a signal lands while the temporary file is half-written, not only before or after.
_SMALL_PIECES = """
import sys
from normalize import textio
from normalize.cli import main

textio.CHUNK_BYTES = textio.MAX_PIECE_CHARS = 4096
sys.exit(main(sys.argv[1:]))
"""


def _start_fix(folder: Path, *paths: Path) -> subprocess.Popen[bytes]:
    args = ["fix", "-q", "--in-place", "--backup", ".bak", *map(str, paths)]
    return subprocess.Popen(
        [sys.executable, "-c", _SMALL_PIECES, *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        cwd=folder,
    )


def _wait_for_temporary_file(folder: Path, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + TIMEOUT
    while not any(n.endswith(".tmp") for n in os.listdir(folder)):
        assert proc.poll() is None and time.monotonic() < deadline, "never started writing"
        time.sleep(0.002)


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_kill_at_random_points_never_leaves_a_partial_file(tmp_path: Path, sig: signal.Signals) -> None:
    """Killed at any point, each file is whole: the original or the fixed text, never a mix.

    After SIGTERM nothing is left over either; after SIGKILL (no handler can run) a
    temporary file may remain, but never under the file's own name.
    """
    original, fixed = SEED.read_bytes() * 20, SEED_EXPECTED.read_bytes() * 20
    rng = random.Random(11)
    for _ in range(12 if LONG else 3):
        files = [tmp_path / f"{i}.txt" for i in range(4)]
        for f in files:
            f.write_bytes(original)
            Path(f"{f}.bak").unlink(missing_ok=True)
        proc = _start_fix(tmp_path, *files)
        _wait_for_temporary_file(tmp_path, proc)
        time.sleep(rng.uniform(0, 0.5))  # somewhere in the rest of the run
        proc.send_signal(sig)
        proc.communicate(timeout=TIMEOUT)
        for f in files:
            assert f.read_bytes() in (original, fixed)
            bak = Path(f"{f}.bak")
            assert not bak.exists() or bak.read_bytes() == original
        leftovers = [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
        if sig == signal.SIGTERM:
            assert leftovers == []
        for name in leftovers:
            (tmp_path / name).unlink()


def test_concurrent_runs_on_the_same_files(tmp_path: Path) -> None:
    """Several fix -i runs on the same files at once: every file ends fixed, backups original."""
    original, fixed = SEED.read_bytes() * 5, SEED_EXPECTED.read_bytes() * 5
    files = [tmp_path / f"{i}.txt" for i in range(6)]
    for f in files:
        f.write_bytes(original)
    procs = [_start_fix(tmp_path, *files) for _ in range(6 if LONG else 3)]
    for proc in procs:
        _, err = proc.communicate(timeout=TIMEOUT)
        assert proc.returncode in (0, 2)
        for line in err.decode().splitlines():  # only the race is an error
            assert line.endswith("changed on disk while it was being fixed; left as it is"), line
    for f in files:
        assert f.read_bytes() == fixed
        assert Path(f"{f}.bak").read_bytes() == original
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
