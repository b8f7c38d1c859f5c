"""Files read and decided in pieces: documents, separators, streamed output and --jobs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from normalize import Normalizer, cli, parse_lexicon, streaming

LEX = """
entries:
  - {canonical: Nouri Abusahmain, type: person}
  - {canonical: General National Congress, type: org, context: [Abusahmain]}
"""
NAMED = "Nouri Abusahmain spoke in Tripoli.\n"
SLIP = "He spoke to the General Nationl Congress.\n"
FIXED_SLIP = "He spoke to the General National Congress.\n"


@pytest.fixture
def lexicon(tmp_path: Path) -> Path:
    p = tmp_path / "lex.yaml"
    p.write_text(LEX, encoding="utf-8")
    return p


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def fix(capsys: pytest.CaptureFixture[str], lexicon: Path, path: Path, *extra: str) -> str:
    code, out, err = run(
        capsys, "fix", "-q", "--isolated", "--no-default-lexicon", "-l", str(lexicon), *extra, str(path)
    )
    assert code == 0, err
    return out


def test_one_file_is_one_document_without_a_separator(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, lexicon: Path
) -> None:
    """A name in the file's first paragraph is evidence for a slip in its last."""
    f = tmp_path / "a.txt"
    f.write_text(NAMED + "\n---\n\n" + SLIP, encoding="utf-8")
    assert fix(capsys, lexicon, f) == NAMED + "\n---\n\n" + FIXED_SLIP


def test_a_name_in_document_1_is_no_evidence_in_document_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, lexicon: Path
) -> None:
    """With --document-separator, each document is decided alone; the separator line stays."""
    f = tmp_path / "a.txt"
    text = NAMED + "---\n" + SLIP + "  ---  \n" + NAMED + SLIP
    f.write_text(text, encoding="utf-8")
    assert fix(capsys, lexicon, f, "--document-separator=---") == (
        NAMED + "---\n" + SLIP + "  ---  \n" + NAMED + FIXED_SLIP
    )


def test_blank_line_separator_and_config_key(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, lexicon: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An empty separator makes each blank line one; the key `document-separator` sets it too."""
    f = tmp_path / "a.txt"
    f.write_text(NAMED + "\n" + SLIP, encoding="utf-8")
    assert fix(capsys, lexicon, f, "--document-separator", "") == NAMED + "\n" + SLIP
    (tmp_path / "normalize.toml").write_text('document-separator = ""\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "fix", "-q", "--no-default-lexicon", "-l", str(lexicon), str(f))
    assert (code, out, err) == (0, NAMED + "\n" + SLIP, "")


def test_a_separator_with_a_line_break_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    f = tmp_path / "a.txt"
    f.write_text("x\n", encoding="utf-8")
    with pytest.raises(SystemExit) as exc:
        cli.main(["check", "--isolated", "--document-separator", "a\nb", str(f)])
    assert exc.value.code == 2
    assert capsys.readouterr().err.endswith(
        "error: --document-separator is one line: it cannot hold a line break\n"
    )


def small_pieces(monkeypatch: pytest.MonkeyPatch, chars: int) -> None:
    """Make files of a few KB long documents of many pieces, and worth worker processes."""
    monkeypatch.setattr(streaming, "PIECE_CHARS", chars)
    monkeypatch.setattr(streaming, "BATCH_CHARS", chars)
    monkeypatch.setattr(cli, "PARALLEL_BYTES", 1)


def long_text(paragraphs: int = 60) -> str:
    """Paragraphs where the evidence for the slips is written only once, at the start."""
    body = [NAMED]
    for i in range(paragraphs):
        body.append(f"Paragraph {i} says little of note here.\n" + (SLIP if i % 7 == 3 else ""))
    return "\n".join(body)


def test_a_long_document_in_pieces_is_decided_as_one(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, lexicon: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pieces decided with the merged evidence give what the whole text gives."""
    text = long_text()
    f = tmp_path / "a.txt"
    f.write_text(text, encoding="utf-8")
    small_pieces(monkeypatch, 300)
    pieces = list(streaming.parts([text], None))
    assert len(pieces) > 5 and all(kind == streaming.TEXT for kind, _ in pieces)
    lex, _ = parse_lexicon(LEX, "lex.yaml")
    whole = Normalizer([lex], default_lexicon=False).fix(text).text
    assert whole.count(FIXED_SLIP) == 9
    assert fix(capsys, lexicon, f, "--jobs", "1") == whole


@pytest.mark.parametrize("separator", [None, "---"])
def test_jobs_2_output_is_byte_identical_to_jobs_1(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    lexicon: Path,
    monkeypatch: pytest.MonkeyPatch,
    separator: str | None,
) -> None:
    """A multi-piece file split across two worker processes: the same fix, findings and positions."""
    text = long_text() + "---\n" + SLIP + "---\n" + long_text(20)
    f = tmp_path / "a.txt"
    f.write_text(text, encoding="utf-8")
    small_pieces(monkeypatch, 300)
    sep = [f"--document-separator={separator}"] if separator is not None else []
    one = fix(capsys, lexicon, f, "--jobs", "1", *sep)
    assert one != text
    assert fix(capsys, lexicon, f, "--jobs", "2", *sep) == one
    check = ["check", "--isolated", "--no-default-lexicon", "-l", str(lexicon), "--format", "json", *sep]
    c1 = run(capsys, *check, "--jobs", "1", str(f))
    c2 = run(capsys, *check, "--jobs", "2", str(f))
    assert c1 == c2
    rows = json.loads(c1[1])
    assert rows and all(text[r["start"] : r["end"]] == r["text"] for r in rows)
    lines = text.split("\n")
    assert all(lines[r["line"] - 1][r["column"] - 1 :].startswith(r["text"]) for r in rows)


def test_in_place_fix_of_a_long_file_streams_to_the_new_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, lexicon: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """-i and -o write a long file piece by piece; a clean file is left untouched."""
    small_pieces(monkeypatch, 300)
    monkeypatch.setattr(cli, "HOLD_CHARS", 500)
    text = long_text()
    f = tmp_path / "a.txt"
    f.write_text(text, encoding="utf-8")
    expected = fix(capsys, lexicon, f)
    assert (
        run(
            capsys,
            "fix",
            "--isolated",
            "--no-default-lexicon",
            "-l",
            str(lexicon),
            "-o",
            str(tmp_path / "o.txt"),
            str(f),
        )[0]
        == 0
    )
    assert (tmp_path / "o.txt").read_text(encoding="utf-8") == expected
    assert run(capsys, "fix", "-i", "--isolated", "--no-default-lexicon", "-l", str(lexicon), str(f))[0] == 0
    assert f.read_text(encoding="utf-8") == expected
    before = f.stat().st_mtime_ns
    clean = tmp_path / "clean.txt"
    clean.write_text("Nothing to see.\n" * 200, encoding="utf-8")
    st = clean.stat()
    assert (
        run(capsys, "fix", "-i", "--isolated", "--no-default-lexicon", "-l", str(lexicon), str(clean))[0] == 0
    )
    assert clean.stat().st_ino == st.st_ino and f.stat().st_mtime_ns == before
    assert not list(tmp_path.glob(".*.tmp"))


@pytest.mark.parametrize(("auto_bytes", "pooled"), [(10**9, []), (1, [2])])
def test_jobs_default_to_the_available_cores_for_large_input(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    lexicon: Path,
    monkeypatch: pytest.MonkeyPatch,
    auto_bytes: int,
    pooled: list[int],
) -> None:
    """No --jobs: one process below AUTO_PARALLEL_BYTES, every available core from it on."""
    small_pieces(monkeypatch, 300)
    monkeypatch.setattr(cli, "AUTO_PARALLEL_BYTES", auto_bytes)
    monkeypatch.setattr(cli, "available_cpus", lambda: 2)
    made: list[int] = []
    real = cli._piece_pool

    def spy(normalizer: Normalizer, n: int) -> object:
        made.append(n)
        return real(normalizer, n)

    monkeypatch.setattr(cli, "_piece_pool", spy)
    f = tmp_path / "a.txt"
    f.write_text(long_text(), encoding="utf-8")
    assert fix(capsys, lexicon, f).count(FIXED_SLIP) == 9
    assert made == pooled


@pytest.mark.parametrize("n", [0, 1, 3])
@pytest.mark.parametrize("shape", ["list", "stats", "sarif"])
def test_streamed_json_is_byte_for_byte_one_dump(n: int, shape: str) -> None:
    """JsonStream writes what json.dumps(indent=2) writes for the whole value, empty lists included."""
    import io

    from normalize.formats import JsonStream, sarif, sarif_result

    rows: list[dict[str, object]] = [
        {"path": "a.txt", "line": i + 1, "column": 2, "start": 10 * i, "end": 10 * i + 7}
        | {"text": f"Tripol\u00ed{i}", "replacement": "Tripoli", "canonical": "Tripoli", "entry": "tripoli"}
        | {"method": "fuzzy", "score": 91.5, "reason": "key", "type": None}
        for i in range(n)
    ]
    docs = [{"path": "a.txt", "words": 3}]
    build = {
        "list": lambda items: items,
        "stats": lambda items: {"findings": items, "documents": docs},
        "sarif": lambda items: sarif(items),
    }[shape]
    buf = io.StringIO()
    stream = JsonStream(buf.write, lambda mark: build([mark]))
    for r in rows:
        stream.add(sarif_result(r) if shape == "sarif" else r)
    stream.close()
    assert buf.getvalue() == json.dumps(build(rows), ensure_ascii=False, indent=2) + "\n"


def test_parts_cut_at_paragraph_breaks_and_lose_nothing() -> None:
    """Pieces end at a blank line when one is in reach, else at a line break; joined, they are the input."""
    text = "".join(f"line {i} of the text\n" + ("\n" if i % 5 == 4 else "") for i in range(200))
    got = list(streaming.parts([text[:1500], text[1500:]], None, limit=400))
    assert "".join(t for _, t in got) == text
    assert all(kind == streaming.TEXT and len(t) <= 400 for kind, t in got)
    assert all(t.endswith("\n\n") for _, t in got[:-1])
    seps = list(streaming.parts(["a\n---\nb\n", "--- \nc"], "---"))
    assert seps == [
        (streaming.TEXT, "a\n"),
        (streaming.SEPARATOR, "---\n"),
        (streaming.TEXT, "b\n"),
        (streaming.SEPARATOR, "--- \n"),
        (streaming.TEXT, "c"),
    ]


def test_a_spilled_candidate_comes_back_equal_and_moved() -> None:
    """A spilled piece keeps every field of its candidates; a move shifts the span only."""
    n = Normalizer()
    cands = n.pipeline.candidates("Forces of Khalifa the Haftarot entered RAS lanuf on Monday.")[1]
    assert cands
    for c in cands:
        assert streaming.candidate_of(streaming.row_of(c)) == c
        moved = streaming.candidate_of(streaming.row_of(c), 7)
        assert (moved.start, moved.end) == (c.start - 7, c.end - 7)
        assert streaming.row_of(moved)[2:] == streaming.row_of(c)[2:]


def test_a_long_documents_summary_is_written_once_and_gone_after_its_last_piece(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every piece reads the evidence summary from one file, which no later document finds left behind."""
    text = long_text() + "---\n" + long_text(30)
    monkeypatch.setattr(streaming, "PIECE_CHARS", 300)
    written: list[str] = []
    spill = streaming.spill_summary

    def counted(summary: streaming.Summary, folder: str) -> str:
        written.append(spill(summary, folder))
        return written[-1]

    monkeypatch.setattr(streaming, "spill_summary", counted)
    lex, _ = parse_lexicon(LEX, "lex.yaml")
    n = Normalizer([lex], default_lexicon=False)
    decided = []
    for piece in streaming.decide_stream(streaming.parts([text], "---"), n):
        if piece.text == "---\n":  # the first document is out: its summary is no longer needed
            assert written and not Path(written[0]).exists()
        decided.append(piece)
    assert "---\n" in [d.text for d in decided]
    assert len(written) == 2  # one per long document, not one per piece
    assert len(decided) > 10
    assert "".join(d.text for d in decided) == text
    fixed = Normalizer([lex], default_lexicon=False).fix(long_text()).text
    assert fixed.count(FIXED_SLIP) == 9
