"""The command line: commands, formats, exit codes, exact messages, and file safety."""

from __future__ import annotations

import codecs
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from normalize import __version__
from normalize.cli import main
from normalize.textio import AtomicWriter

from .conftest import DATA, SEED, SEED_EXPECTED, read

GOLDEN = DATA / "golden"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run the CLI in-process; return (exit code, stdout, stderr)."""
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def seed_copy(tmp_path: Path) -> Path:
    p = tmp_path / "article.txt"
    p.write_bytes(SEED.read_bytes())
    return p


# --- check -----------------------------------------------------------------------------


def test_check_text_lines_and_exit_1(capsys: pytest.CaptureFixture[str]) -> None:
    """check prints path:line:col: text -> replacement (method score, entry); exit 1."""
    code, out, err = run(capsys, "check", str(SEED))
    lines = out.splitlines()
    assert code == 1
    assert len(lines) == 35
    assert lines[0] == f"{SEED}:3:24: Khalifa the Haftarot -> Khalifa Haftar (generated 100, khalifa-haftar)"
    assert err == "35 finding(s) in 1 input(s); 1 would change; 0 error(s)\n"


def test_check_json_is_pinned_by_golden_file(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The JSON array's fields and values match the golden file exactly."""
    monkeypatch.chdir(SEED.parent.parent)
    code, out, _ = run(capsys, "check", "--format", "json", "seeds/000_387b84daa57bcaad.txt")
    assert code == 1
    data = json.loads(out)
    assert data == json.loads((GOLDEN / "seed_check.json").read_text(encoding="utf-8"))
    assert list(data[0]) == [
        "path",
        "line",
        "column",
        "start",
        "end",
        "text",
        "replacement",
        "canonical",
        "entry",
        "method",
        "score",
        "reason",
        "type",
        "entries",
        "mechanism",
    ]


def test_check_jsonl_streams_one_finding_per_line(capsys: pytest.CaptureFixture[str]) -> None:
    """--format jsonl gives one JSON object per line, the same as the array's items."""
    _, out, _ = run(capsys, "check", "--format", "jsonl", str(SEED))
    rows = [json.loads(line) for line in out.splitlines()]
    _, arr, _ = run(capsys, "check", "--format", "json", str(SEED))
    assert rows == json.loads(arr)


def test_check_stats_density_and_consistency(capsys: pytest.CaptureFixture[str]) -> None:
    """--stats reports findings per 1,000 words and names written in several forms."""
    code, out, err = run(capsys, "check", "--stats", "--format", "json", str(SEED))
    doc = json.loads(out)["documents"][0]
    assert code == 1
    assert doc["findings"] == 35 and doc["words"] == 796
    assert doc["per_1000_words"] == round(35_000 / 796, 2)
    haftar = next(i for i in doc["inconsistent"] if i["entry"] == "khalifa-haftar")
    assert haftar["forms"]["Khalifa the Haftarot"] == 3
    _, _, err = run(capsys, "check", "--stats", str(SEED))
    assert f"{SEED}: 35 finding(s) in 796 words (43.97 per 1,000 words)" in err


def test_check_clean_file_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    """A file with nothing to change: no output, exit 0."""
    assert run(capsys, "check", "-q", str(SEED_EXPECTED)) == (0, "", "")


# --- fix -------------------------------------------------------------------------------


def test_fix_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    """fix writes the fixed text to stdout and exits 0."""
    code, out, _ = run(capsys, "fix", str(SEED))
    assert (code, out) == (0, read(SEED_EXPECTED))


def test_fix_to_output_file(capsys: pytest.CaptureFixture[str], seed_copy: Path, tmp_path: Path) -> None:
    """-o FILE writes there; -o naming the input itself is refused."""
    target = tmp_path / "out.txt"
    assert run(capsys, "fix", "-q", str(seed_copy), "-o", str(target))[0] == 0
    assert target.read_bytes() == SEED_EXPECTED.read_bytes()
    with pytest.raises(SystemExit) as exc:
        main(["fix", str(seed_copy), "-o", str(seed_copy)])
    assert exc.value.code == 2
    assert "-o names the input itself; use --in-place to rewrite a file" in capsys.readouterr().err
    assert seed_copy.read_bytes() == SEED.read_bytes()


def test_fix_in_place_keeps_mode_and_backup(capsys: pytest.CaptureFixture[str], seed_copy: Path) -> None:
    """--in-place rewrites atomically, keeps mode bits, and --backup keeps the original."""
    os.chmod(seed_copy, 0o640)
    code, out, err = run(capsys, "fix", "--in-place", "--backup", ".orig", str(seed_copy))
    assert (code, out) == (0, "")
    assert err == "35 finding(s) in 1 input(s); 1 changed; 0 error(s)\n"
    assert seed_copy.read_bytes() == SEED_EXPECTED.read_bytes()
    assert stat.S_IMODE(seed_copy.stat().st_mode) == 0o640
    assert Path(str(seed_copy) + ".orig").read_bytes() == SEED.read_bytes()
    assert sorted(p.name for p in seed_copy.parent.iterdir()) == ["article.txt", "article.txt.orig"]


def test_failed_in_place_write_leaves_original(
    capsys: pytest.CaptureFixture[str], seed_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failure in the middle of an in-place write leaves the original intact, no temp file."""

    def broken_write(self: AtomicWriter, data: bytes) -> None:
        self.fh.write(data[: len(data) // 2])
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(AtomicWriter, "write", broken_write)
    code, _, err = run(capsys, "fix", "--in-place", str(seed_copy))
    assert code == 2
    assert f"error: {seed_copy}: No space left on device" in err
    assert seed_copy.read_bytes() == SEED.read_bytes()
    assert [p.name for p in seed_copy.parent.iterdir()] == ["article.txt"]


def test_interrupt_leaves_no_partial_file(
    capsys: pytest.CaptureFixture[str], seed_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C during an in-place fix: exit 130, original intact, temporary file gone."""
    from normalize import engine

    def interrupted(self: object, text: str, **kwargs: object) -> tuple[object, ...]:
        raise KeyboardInterrupt

    monkeypatch.setattr(engine.Normalizer, "analyse", interrupted)
    code, _, err = run(capsys, "fix", "--in-place", str(seed_copy))
    assert code == 130 and err == "interrupted\n"
    assert seed_copy.read_bytes() == SEED.read_bytes()
    assert [p.name for p in seed_copy.parent.iterdir()] == ["article.txt"]


def test_bom_and_crlf_survive(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A UTF-8 BOM and CRLF line endings round-trip byte for byte."""
    body = read(SEED).replace("\n", "\r\n")
    p = tmp_path / "crlf.txt"
    p.write_bytes(codecs.BOM_UTF8 + body.encode("utf-8"))
    assert run(capsys, "fix", "-q", "--in-place", str(p))[0] == 0
    want = codecs.BOM_UTF8 + read(SEED_EXPECTED).replace("\n", "\r\n").encode("utf-8")
    assert p.read_bytes() == want


def test_utf16_with_bom_is_read_and_written_back(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """UTF-16 with a BOM is decoded, and an in-place fix writes UTF-16 again."""
    p = tmp_path / "u16.txt"
    p.write_bytes(codecs.BOM_UTF16_LE + "Talks near RAS lanuf.\n".encode("utf-16-le"))
    code, out, _ = run(capsys, "check", str(p))
    assert code == 1 and out == f"{p}:1:12: RAS lanuf -> Ras Lanuf (exact 100, ras-lanuf)\n"
    run(capsys, "fix", "-q", "--in-place", str(p))
    assert p.read_bytes() == codecs.BOM_UTF16_LE + "Talks near Ras Lanuf.\n".encode("utf-16-le")


def test_diff_writes_nothing(capsys: pytest.CaptureFixture[str], seed_copy: Path) -> None:
    """diff prints a unified diff, exits 1, and leaves the file alone."""
    code, out, _ = run(capsys, "diff", "-q", str(seed_copy))
    assert code == 1
    assert out.startswith(f"--- a/{seed_copy}\n+++ b/{seed_copy}\n@@ ")
    assert "-The Libyan army led by Khalifa the Haftarot" in out
    assert "+The Libyan army led by Khalifa Haftar" in out
    assert seed_copy.read_bytes() == SEED.read_bytes()
    assert run(capsys, "diff", "-q", str(SEED_EXPECTED)) == (0, "", "")


# --- bad inputs: each named, the rest still processed, exit 2 ------------------------------


def test_invalid_bytes_named_with_offset(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, seed_copy: Path
) -> None:
    """Undecodable bytes: an error naming file and byte offset; the file untouched; others fixed."""
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"RAS lanuf \xff\xfe and more")
    code, _, err = run(capsys, "fix", "--in-place", str(bad), str(seed_copy))
    assert code == 2
    assert err == (
        f"error: {bad}: cannot decode as utf-8 at byte 10\n"
        "35 finding(s) in 1 input(s); 1 changed; 1 error(s)\n"
    )
    assert bad.read_bytes() == b"RAS lanuf \xff\xfe and more"
    assert seed_copy.read_bytes() == SEED_EXPECTED.read_bytes()


def test_binary_file_skipped(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A file with NUL bytes is skipped as binary, with a message."""
    b = tmp_path / "data.txt"
    b.write_bytes(b"RAS lanuf\x00\x01")
    code, out, err = run(capsys, "check", str(b))
    assert (code, out) == (0, "")
    assert err.splitlines()[0] == f"skipped: {b}: binary file (NUL byte at 9); skipped"


def test_missing_and_directory_paths(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A missing path is named; a folder is searched for text files; exit 2 for the error."""
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("Near RAS lanuf.\n")
    (tmp_path / "sub" / "b.bin").write_text("Near RAS lanuf.\n")
    (tmp_path / "sub" / ".hidden.txt").write_text("Near RAS lanuf.\n")
    code, out, err = run(capsys, "check", str(tmp_path / "nope.txt"), str(tmp_path / "sub"))
    assert code == 2
    assert out == f"{tmp_path / 'sub' / 'a.txt'}:1:6: RAS lanuf -> Ras Lanuf (exact 100, ras-lanuf)\n"
    assert err.splitlines()[0] == f"error: {tmp_path / 'nope.txt'}: no such file or directory"


def test_include_exclude_globs(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """--include and --exclude choose the files taken from folders."""
    for name in ("a.txt", "b.md", "c.log"):
        (tmp_path / name).write_text("RAS lanuf\n")
    _, out, _ = run(
        capsys, "check", "-q", "--include", "*.log", "--include", "*.md", "--exclude", "b.*", str(tmp_path)
    )
    assert [line.split(":")[0] for line in out.splitlines()] == [str(tmp_path / "c.log")]


def test_large_file_is_decided_as_one_document(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """check, fix and diff agree on a file larger than a read piece: evidence is the whole file's.

    "The Haftarah" needs Khalifa Haftar named in the same document; here the name is in
    the first piece and the garble in a later one.
    """
    from normalize import textio

    monkeypatch.setattr(textio, "CHUNK_BYTES", 4096)
    big = tmp_path / "big.txt"
    body = "Khalifa Haftar spoke.\n" + "Talks resumed.\n" * 600 + "The Haftarah said.\n"
    big.write_text(body, encoding="utf-8")
    assert big.stat().st_size > 2 * 4096
    line = 602
    code, out, _ = run(capsys, "check", "-q", str(big))
    assert (code, out) == (1, f"{big}:{line}:1: The Haftarah -> Haftar (variant 100, khalifa-haftar)\n")
    code, out, _ = run(capsys, "diff", "-q", str(big))
    assert code == 1 and "-The Haftarah said.\n+Haftar said.\n" in out
    target = tmp_path / "out.txt"
    assert run(capsys, "fix", "-q", str(big), "-o", str(target))[0] == 0
    assert target.read_text(encoding="utf-8") == body.replace("The Haftarah", "Haftar")


def test_failed_output_leaves_no_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """-o with an input that fails to decode half-way writes no output file."""
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"RAS lanuf\n" * 1000 + b"\xff")
    target = tmp_path / "out.txt"
    code, _, err = run(capsys, "fix", str(bad), "-o", str(target))
    assert code == 2 and "cannot decode as utf-8 at byte 10000" in err
    assert not target.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["bad.txt"]


def test_empty_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """An empty file is fine."""
    p = tmp_path / "empty.txt"
    p.write_bytes(b"")
    assert run(capsys, "fix", "-q", "--in-place", str(p)) == (0, "", "")
    assert p.read_bytes() == b""


def test_stdin_dash_and_no_path() -> None:
    """'-' and no path read stdin; the result goes to stdout."""
    for args in (["fix", "-"], ["fix"]):
        proc = subprocess.run(
            [sys.executable, "-m", "normalize.cli", *args],
            input=b"Near RAS lanuf.\n",
            capture_output=True,
            check=False,
        )
        assert proc.returncode == 0
        assert proc.stdout == b"Near Ras Lanuf.\n"
    proc = subprocess.run(
        [sys.executable, "-m", "normalize.cli", "check", "-q"],
        input=b"RAS lanuf",
        capture_output=True,
        check=False,
    )
    assert (proc.returncode, proc.stdout) == (
        1,
        b"<stdin>:1:1: RAS lanuf -> Ras Lanuf (exact 100, ras-lanuf)\n",
    )


def test_jobs_keep_output_order(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """--jobs 2 gives the same output, in the same order, as one job."""
    for i in range(6):
        (tmp_path / f"{i}.txt").write_bytes(SEED.read_bytes())
    one = run(capsys, "check", "-q", "--jobs", "1", str(tmp_path))
    two = run(capsys, "check", "-q", "--jobs", "2", str(tmp_path))
    assert one == two and one[0] == 1 and len(one[1].splitlines()) == 6 * 35


# --- lexicons, options, config ------------------------------------------------------------


def test_bad_lexicon_stops_with_every_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A broken --lexicon: every error on stderr as path:line:col, exit 2, nothing processed."""
    lex = tmp_path / "bad.yaml"
    lex.write_text("entries:\n  - variants: [x]\n  - canonical: B\n    type: planet\n")
    code, out, err = run(capsys, "check", "--lexicon", str(lex), str(SEED))
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        f"{lex}:2:5: entries[0]: missing required field 'canonical'",
        f"{lex}:4:11: entries[1].type: expected one of person, place, org, term, got 'planet'",
        "error: 2 lexicon error(s); nothing was processed",
    ]


def test_lexicon_validate(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """lexicon validate lists errors and warnings; exit 2 on errors, 0 on warnings only."""
    ok = tmp_path / "ok.yaml"
    ok.write_text("entries:\n  - canonical: Soda Springs\n    variants: [Soda]\n")
    code, out, err = run(capsys, "lexicon", "validate", str(ok))
    assert code == 0
    assert out.startswith(f"{ok}:2:1: warning: soda-springs.variants: 'Soda' is made of ordinary en words; ")
    assert err == "0 error(s), 1 warning(s)\n"
    bad = tmp_path / "bad.yaml"
    bad.write_text("entries: {}\n")
    code, out, _ = run(capsys, "lexicon", "validate", str(bad))
    assert (code, out) == (2, f"{bad}:1:10: entries: expected a list, got a mapping\n")


def test_lexicon_lookup_explains(capsys: pytest.CaptureFixture[str]) -> None:
    """lexicon lookup shows the decision, the method and score, and the nearest names."""
    code, out, _ = run(capsys, "lexicon", "lookup", "Sidi Baranni")
    assert code == 0
    lines = out.splitlines()
    assert (
        lines[0]
        == "'Sidi Baranni' -> 'Sidi Barrani' [sidi-barrani, key 90]: transliteration key 'sidi barani'"
    )
    assert lines[1] == "nearest by key:"
    assert lines[2].split() == ["100.0", "'sidi", "barani'", "sidi-barrani", "(Sidi", "Barrani)"]
    code, out, _ = run(capsys, "lexicon", "lookup", "--format", "json", "Qwzx")
    assert code == 1 and json.loads(out)["matches"] == []


def usage_error(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    """Run the CLI expecting a usage error (exit 2); return the last line of stderr."""
    with pytest.raises(SystemExit) as exc:
        main(list(args))
    assert exc.value.code == 2
    return capsys.readouterr().err.splitlines()[-1]


def test_no_default_lexicon_and_threshold(capsys: pytest.CaptureFixture[str]) -> None:
    """--no-default-lexicon leaves only the given lexicons; --threshold is range-checked."""
    assert run(capsys, "check", "-q", "--no-default-lexicon", str(SEED)) == (0, "", "")
    assert usage_error(capsys, "check", "--threshold", "120", str(SEED)) == (
        "normalize check: error: argument --threshold: expected a number from 0 to 100, got '120'"
    )


def test_threshold_drops_fuzzy_matches_below_it(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """--threshold reaches the matcher: a fuzzy finding scoring 96 goes at 97 and stays at 96."""
    p = tmp_path / "t.txt"
    p.write_text("Talks in Libya with Khalifa Hafar.\n")
    finding = f"{p}:1:21: Khalifa Hafar -> Khalifa Haftar (fuzzy 96, khalifa-haftar)\n"
    assert run(capsys, "check", "-q", str(p)) == (1, finding, "")
    assert run(capsys, "check", "-q", "--threshold", "96", str(p)) == (1, finding, "")
    assert run(capsys, "check", "-q", "--threshold", "97", str(p)) == (0, "", "")
    assert run(capsys, "check", "-q", "--threshold", "97", "--jobs", "2", str(p), str(p)) == (0, "", "")


def test_config_file_and_flags_win(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """[tool.normalize] in pyproject.toml sets defaults; command-line flags win."""
    (tmp_path / "pyproject.toml").write_text("[tool.normalize]\ndefault-lexicon = false\n")
    (tmp_path / "a.txt").write_text("Near RAS lanuf.\n")
    monkeypatch.chdir(tmp_path)
    assert run(capsys, "check", "-q", "a.txt")[0] == 0
    (tmp_path / "pyproject.toml").write_text("[tool.normalize]\nquiet = true\n")
    assert run(capsys, "check", "a.txt") == (
        1,
        "a.txt:1:6: RAS lanuf -> Ras Lanuf (exact 100, ras-lanuf)\n",
        "",
    )


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    """--version prints the one version string."""
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out == f"normalize {__version__}\n"


def test_usage_error_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown option is a usage error: exit 2."""
    with pytest.raises(SystemExit) as exc:
        main(["check", "--bogus"])
    assert exc.value.code == 2


def test_eval_command(capsys: pytest.CaptureFixture[str]) -> None:
    """eval scores the seed against its gold folder: all 35 found, none wrong."""
    code, out, _ = run(capsys, "eval", "--format", "json", str(SEED.parent), str(SEED))
    report = json.loads(out)
    assert code == 0
    assert report["total"] == {"tp": 35, "fp": 0, "fn": 0, "precision": 1.0, "recall": 1.0, "f1": 1.0}
    code, out, _ = run(capsys, "eval", str(SEED.parent), str(SEED))
    assert out.splitlines()[0] == "total: precision 1.000 recall 1.000 f1 1.000 (tp 35, fp 0, fn 0)"


# --- the round trip, as a property -------------------------------------------------------------

PIECES = [
    "RAS lanuf",
    "Khalifa the Haftarot",
    "es-sider",
    "Sidi Barani",
    "oil Crescent",
    "officials",
    "said",
    "the",
    "Libya",
    "Tuesday",
    "\r\n",
    "\n",
    ", ",
    ". ",
    " ",
    "Suhotina",
    "Ras Lanuf",
]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(PIECES), max_size=30), st.booleans())
def test_fix_in_place_then_check_is_clean(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], pieces: list[str], bom: bool
) -> None:
    """After fix --in-place, check finds nothing and a second fix changes no byte."""
    p = tmp_path / "doc.txt"
    p.write_bytes((codecs.BOM_UTF8 if bom else b"") + " ".join(pieces).encode("utf-8"))
    main(["fix", "-q", "--in-place", str(p)])
    once = p.read_bytes()
    assert main(["check", "-q", str(p)]) == 0
    main(["fix", "-q", "--in-place", str(p)])
    assert p.read_bytes() == once
    assert once.startswith(codecs.BOM_UTF8) == bom
    capsys.readouterr()


def test_eval_reads_jsonl_gold_and_lists_errors(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """JSONL gold works too; misses and false positives are listed by position."""
    doc = tmp_path / "doc.txt"
    doc.write_text("Near RAS lanuf and Suhotina, Tobruk.\n")
    gold = tmp_path / "doc.jsonl"
    gold.write_text(
        '{"start": 5, "end": 14, "replacement": "Ras Lanuf", "type": "place"}\n'
        '{"start": 29, "end": 35, "replacement": "Tobruk City", "type": "place"}\n'
    )
    code, out, _ = run(capsys, "eval", str(gold), str(doc))
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "total: precision 0.500 recall 0.500 f1 0.500 (tp 1, fp 1, fn 1)"
    assert f"miss: {doc}:29-35: '' -> 'Tobruk City'" in lines
    assert f"false positive: {doc}:19-27: 'Suhotina' -> 'Zueitina' (variant 100, zueitina)" in lines
