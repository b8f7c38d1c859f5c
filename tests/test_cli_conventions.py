"""The command line behaves as the tools users know: exit codes, pipes, formats, colour, help."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from normalize import __version__, cli
from normalize.cli import EXIT_BROKEN_PIPE, EXIT_INTERNAL, main

from .conftest import SEED, SEED_EXPECTED, read
from .test_cli import run, usage_error


@pytest.fixture
def garbled(tmp_path: Path) -> Path:
    """Return a small file with one finding."""
    p = tmp_path / "a.txt"
    p.write_text("Near RAS lanuf.\n")
    return p


# --- diff, pipes, outputs -------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_diff_of_file_without_final_newline_applies(tmp_path: Path) -> None:
    """A file without a final line break gives a patch git accepts and applies to the fixed text."""
    p = tmp_path / "doc.txt"
    p.write_text("Near RAS lanuf.\nTalks with Khalifa the Haftarot")
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    proc = subprocess.run(
        [sys.executable, "-m", "normalize", "diff", "-q", "doc.txt"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1
    assert proc.stdout == (
        "--- a/doc.txt\n+++ b/doc.txt\n@@ -1,2 +1,2 @@\n-Near RAS lanuf.\n"
        "-Talks with Khalifa the Haftarot\n\\ No newline at end of file\n"
        "+Near Ras Lanuf.\n+Talks with Khalifa Haftar\n\\ No newline at end of file\n"
    )
    (tmp_path / "fix.patch").write_text(proc.stdout)
    check = subprocess.run(["git", "apply", "fix.patch"], cwd=tmp_path, capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    assert p.read_text() == "Near Ras Lanuf.\nTalks with Khalifa Haftar"


def test_broken_pipe_stops_quietly(tmp_path: Path) -> None:
    """`fix --stdout DIR | head -1`: no error per remaining file, exit 141 like a SIGPIPE'd tool."""
    for i in range(30):
        (tmp_path / f"{i:02}.txt").write_bytes(SEED.read_bytes())
    proc = subprocess.Popen(
        [sys.executable, "-m", "normalize", "fix", "--stdout", "--no-cache", str(tmp_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read()
    assert proc.wait(timeout=120) == EXIT_BROKEN_PIPE
    assert err == b""


def test_output_in_missing_folder_names_the_output(
    capsys: pytest.CaptureFixture[str], garbled: Path, tmp_path: Path
) -> None:
    """-o no/such/dir/out.txt blames the output path, not the input file."""
    target = tmp_path / "no" / "such" / "out.txt"
    code, out, err = run(capsys, "fix", str(garbled), "-o", str(target))
    assert (code, out) == (2, "")
    assert err == (
        f"error: {target}: cannot write: No such file or directory\n"
        "0 finding(s) in 0 input(s); 0 changed; 1 error(s)\n"
    )


def test_summary_counts_inputs_read(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Two missing paths and one good file: '1 input(s)', '2 error(s)' (it said -1 inputs)."""
    code, _, err = run(capsys, "check", str(tmp_path / "x.txt"), str(tmp_path / "y.txt"), str(SEED))
    assert code == 2
    assert err.splitlines()[-1] == "35 finding(s) in 1 input(s); 1 would change; 2 error(s)"


# --- jobs -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["0", "-1", "two"])
def test_jobs_must_be_positive(capsys: pytest.CaptureFixture[str], value: str) -> None:
    """--jobs 0 (or anything not a whole number of 1 or more) is a usage error."""
    assert usage_error(capsys, "check", f"--jobs={value}", str(SEED)) == (
        f"normalize check: error: argument --jobs/-j: expected a whole number of 1 or more, got '{value}'"
    )


def test_jobs_on_small_inputs_stay_in_one_process(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """200 small files with --jobs 2 start no pool: that was slower than one job."""
    import multiprocessing

    def no_pool(*_a: object, **_k: object) -> object:
        raise AssertionError("a process pool was started for a small input")

    monkeypatch.setattr(multiprocessing, "get_context", no_pool)
    for i in range(200):
        (tmp_path / f"{i:03}.txt").write_text("Near RAS lanuf.\n")
    code, out, _ = run(capsys, "check", "-q", "--jobs", "2", str(tmp_path))
    assert code == 1 and len(out.splitlines()) == 200


def test_jobs_on_large_inputs_use_processes_in_order(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past the size limit, --jobs 2 uses worker processes and keeps the files' order."""
    import multiprocessing

    started: list[str] = []
    real = multiprocessing.get_context

    def spy(method: str | None = None) -> object:
        started.append(str(method))
        return real(method)

    monkeypatch.setattr(multiprocessing, "get_context", spy)
    monkeypatch.setattr(cli, "PARALLEL_BYTES", 0)
    for i in range(6):
        (tmp_path / f"{i}.txt").write_bytes(SEED.read_bytes())
    one = run(capsys, "check", "-q", "--jobs", "1", str(tmp_path))
    assert started == []
    two = run(capsys, "check", "-q", "--jobs", "2", str(tmp_path))
    assert started and one == two and len(one[1].splitlines()) == 6 * 35


# --- which files -------------------------------------------------------------------------------------


def test_extend_exclude_and_include_keep_the_defaults(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """--extend-exclude adds to the default excludes (.venv stays skipped); --extend-include adds."""
    for rel in ("a.txt", "b.txt", "c.log", ".venv/lib.txt", "notes/d.txt"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("RAS lanuf\n")
    _, out, _ = run(
        capsys, "check", "-q", "--extend-exclude", "b.*", "--extend-include", "*.log", str(tmp_path)
    )
    assert sorted(line.split(":")[0] for line in out.splitlines()) == [
        str(tmp_path / "a.txt"),
        str(tmp_path / "c.log"),
        str(tmp_path / "notes" / "d.txt"),
    ]


def test_gitignore_is_respected(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Folders obey .gitignore (also a parent's up to the repository root); a named file is kept."""
    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitignore").write_text("build/\n*.out.txt\n")
    docs = tmp_path / "docs"
    for rel in ("a.txt", "b.out.txt", "build/c.txt", "keep/d.txt", "keep/e.txt"):
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_text("RAS lanuf\n")
    (docs / "keep" / ".gitignore").write_text("e.txt\n")
    _, out, _ = run(capsys, "check", "-q", str(docs))
    assert [line.split(":")[0] for line in out.splitlines()] == [
        str(docs / "a.txt"),
        str(docs / "keep/d.txt"),
    ]
    _, out, _ = run(capsys, "check", "-q", "--no-respect-gitignore", str(docs))
    assert len(out.splitlines()) == 5
    _, out, _ = run(capsys, "check", "-q", str(docs / "b.out.txt"))
    assert len(out.splitlines()) == 1


def test_fix_of_several_files_needs_in_place_or_stdout(
    capsys: pytest.CaptureFixture[str], garbled: Path, tmp_path: Path
) -> None:
    """fix FOLDER (or two files) without -i is refused; --stdout prints them one after another."""
    want = (
        "normalize: error: fix with several inputs or a folder needs --in-place (rewrite each file), "
        "or --stdout (print the fixed files one after another)"
    )
    assert usage_error(capsys, "fix", str(tmp_path)) == want
    assert usage_error(capsys, "fix", str(garbled), str(garbled)) == want
    code, out, err = run(capsys, "fix", "--stdout", str(garbled), str(garbled))
    assert (code, out) == (0, "Near Ras Lanuf.\n" * 2)
    assert err == "2 finding(s) in 2 input(s); 2 fixed on stdout; 0 error(s)\n"
    assert garbled.read_text() == "Near RAS lanuf.\n"


def test_hint_when_reading_a_terminal(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """check with no PATH on a terminal says it is waiting for text on stdin."""

    class Tty(io.TextIOWrapper):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stdin", Tty(io.BytesIO(b"RAS lanuf\n")))
    code, out, err = run(capsys, "check")
    assert code == 1 and out == "<stdin>:1:1: RAS lanuf -> Ras Lanuf (exact 100, ras-lanuf)\n"
    assert err.splitlines()[0] == (
        "normalize: reading the text from the terminal; end it with Ctrl-D (or give a PATH)"
    )


# --- formats and colour --------------------------------------------------------------------------


def test_github_annotations(capsys: pytest.CaptureFixture[str], garbled: Path) -> None:
    """--output-format github prints one workflow command per finding."""
    code, out, _ = run(capsys, "check", "-q", "--output-format", "github", str(garbled))
    path = str(garbled).replace(":", "%3A").replace(",", "%2C")
    assert code == 1
    assert out == (
        f"::warning file={path},line=1,col=6,endColumn=15,title=normalize%3A ras-lanuf (exact)::"
        "'RAS lanuf' -> 'Ras Lanuf' (exact 100, ras-lanuf): casing differs from 'Ras Lanuf'\n"
    )


def test_sarif_log(capsys: pytest.CaptureFixture[str], garbled: Path) -> None:
    """--output-format sarif gives a SARIF 2.1.0 log with the region and the fix of each finding."""
    code, out, _ = run(capsys, "check", "-q", "--output-format", "sarif", str(garbled))
    log = json.loads(out)
    assert code == 1 and log["version"] == "2.1.0"
    run_ = log["runs"][0]
    assert run_["tool"]["driver"]["name"] == "normalize"
    assert run_["tool"]["driver"]["version"] == __version__
    assert {r["id"] for r in run_["tool"]["driver"]["rules"]} == {
        "exact",
        "variant",
        "rule",
        "generated",
        "key",
        "fuzzy",
    }
    (result,) = run_["results"]
    assert result["ruleId"] == "exact"
    loc = result["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] == garbled.as_uri()
    assert loc["region"] == {
        "startLine": 1,
        "startColumn": 6,
        "endLine": 1,
        "endColumn": 15,
        "charOffset": 5,
        "charLength": 9,
    }
    replacement = result["fixes"][0]["artifactChanges"][0]["replacements"][0]
    assert replacement["insertedContent"] == {"text": "Ras Lanuf"}


def test_colour_follows_no_color_and_force_color(
    capsys: pytest.CaptureFixture[str], garbled: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """FORCE_COLOR colours findings off a terminal; NO_COLOR wins; a pipe gets none by default."""
    plain = f"{garbled}:1:6: RAS lanuf -> Ras Lanuf (exact 100, ras-lanuf)\n"
    assert run(capsys, "check", "-q", str(garbled))[1] == plain
    monkeypatch.setenv("FORCE_COLOR", "1")
    _, out, _ = run(capsys, "check", "-q", str(garbled))
    assert out == (
        f"\033[1m{garbled}:1:6:\033[0m \033[31mRAS lanuf\033[0m -> \033[32mRas Lanuf\033[0m "
        "\033[2m(exact 100, ras-lanuf)\033[0m\n"
    )
    _, out, _ = run(capsys, "diff", "-q", str(garbled))
    assert "\033[31m-Near RAS lanuf.\033[0m\n\033[32m+Near Ras Lanuf.\033[0m\n" in out
    _, out, _ = run(capsys, "check", "-q", "--output-format", "json", str(garbled))
    assert "\033[" not in out
    missing = garbled.parent / "missing.txt"
    assert run(capsys, "check", "-q", str(missing))[2] == (
        f"\033[1;31merror:\033[0m {missing}: no such file or directory\n"
    )
    monkeypatch.setenv("NO_COLOR", "1")
    assert run(capsys, "check", "-q", str(garbled))[1] == plain


def test_lexicon_validate_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """lexicon validate --format json prints an array of diagnostics."""
    bad = tmp_path / "bad.yaml"
    bad.write_text("entries:\n  - canonical: Soda Springs\n    variants: [Soda]\n  - type: place\n")
    code, out, err = run(capsys, "lexicon", "validate", "--format", "json", str(bad))
    rows = json.loads(out)
    assert code == 2 and err == "1 error(s), 1 warning(s)\n"
    assert [(r["line"], r["column"], r["field"], r["severity"]) for r in rows] == [
        (4, 5, "entries[1]", "error"),
        (2, 1, "soda-springs.variants", "warning"),
    ]
    assert rows[0] == {
        "path": str(bad),
        "line": 4,
        "column": 5,
        "field": "entries[1]",
        "message": "missing required field 'canonical'",
        "severity": "error",
    }


# --- exit codes, eval, entry points -------------------------------------------------------------


def test_internal_error_asks_for_a_bug_report(
    capsys: pytest.CaptureFixture[str], garbled: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bug inside normalize exits 70 (never 0 or 1) and asks for a report, after the traceback."""
    from normalize import engine

    def broken(self: object, text: str, **kwargs: object) -> tuple[object, ...]:
        raise RuntimeError("boom")

    monkeypatch.setattr(engine.Normalizer, "analyse", broken)
    code, out, err = run(capsys, "check", str(garbled))
    assert (code, out) == (EXIT_INTERNAL, "")
    lines = err.splitlines()
    assert lines[0] == "Traceback (most recent call last):" and "RuntimeError: boom" in lines
    assert lines[-1] == (
        f"error: internal error: this is a bug in normalize {__version__}; please report it with the "
        "command line, the traceback above and, if you can, the input"
    )


def test_eval_with_nothing_to_score(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Empty gold and no finding is not P = R = F1 = 1.000 but an error."""
    doc = tmp_path / "doc.txt"
    doc.write_text("Nothing to see here.\n")
    gold = tmp_path / "doc.jsonl"
    gold.write_text("")
    code, out, err = run(capsys, "eval", str(gold), str(doc))
    assert (code, out, err) == (2, "", "error: nothing to score: no gold span and no finding\n")


def test_user_mistakes_are_named_not_bugs(
    capsys: pytest.CaptureFixture[str], garbled: Path, tmp_path: Path
) -> None:
    """A missing gold file, a negative --limit, a lexicon folder without YAML: exit 2, named."""
    missing = tmp_path / "nope.tsv"
    assert run(capsys, "eval", str(missing), str(garbled)) == (2, "", f"error: {missing}: no such file\n")
    assert usage_error(capsys, "lexicon", "lookup", "--limit", "-3", "Haftar") == (
        "normalize lexicon lookup: error: argument --limit: expected a whole number of 0 or more, got '-3'"
    )
    empty = tmp_path / "lexicons"
    empty.mkdir()
    assert run(capsys, "check", "--lexicon", str(empty), str(garbled)) == (
        2,
        "",
        f"error: {empty}: no *.yaml or *.yml lexicon file in this folder\n",
    )


def test_closed_stdin_is_an_input_error(garbled: Path) -> None:
    """Started with stdin closed: reading it is an input error (exit 2); files still work."""
    import os

    proc = subprocess.run(
        [sys.executable, "-m", "normalize", "check", "-", str(garbled)],
        preexec_fn=lambda: os.close(0),
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert proc.stdout == f"{garbled}:1:6: RAS lanuf -> Ras Lanuf (exact 100, ras-lanuf)\n"
    assert proc.stderr == (
        "error: <stdin>: stdin is closed\n1 finding(s) in 1 input(s); 1 would change; 1 error(s)\n"
    )


def test_python_dash_m_normalize() -> None:
    """`python -m normalize` is the command line."""
    proc = subprocess.run(
        [sys.executable, "-m", "normalize", "--version"], capture_output=True, text=True, check=False
    )
    assert (proc.returncode, proc.stdout) == (0, f"normalize {__version__}\n")


@pytest.mark.parametrize("shell", ["bash", "zsh", "tcsh"])
def test_completion_scripts(capsys: pytest.CaptureFixture[str], shell: str) -> None:
    """`normalize completion SHELL` prints a script that knows the commands and options."""
    code, out, _ = run(capsys, "completion", shell)
    assert code == 0
    for word in ("check", "fix", "diff", "lexicon", "completion", "output-format", "extend-exclude"):
        assert word in out


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_bash_completion_script_loads(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """The bash script is valid bash and registers a completion for `normalize`."""
    _, out, _ = run(capsys, "completion", "bash")
    script = tmp_path / "normalize.bash"
    script.write_text(out)
    proc = subprocess.run(
        ["bash", "-c", f"source {script} && complete -p normalize"], capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().endswith(" normalize")


def test_help_has_examples(capsys: pytest.CaptureFixture[str]) -> None:
    """--help ends with examples and the exit codes; each file command's help has examples too."""
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "examples:\n  normalize check article.txt" in out
    assert f"{EXIT_INTERNAL} internal error" in out
    for command in ("check", "fix", "diff", "eval"):
        with pytest.raises(SystemExit):
            main([command, "--help"])
        assert "example" in capsys.readouterr().out


def test_check_fix_diff_agree_with_expected(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """fix of one file to stdout still gives the expected seed output byte for byte."""
    code, out, err = run(capsys, "fix", str(SEED))
    assert (code, out) == (0, read(SEED_EXPECTED))
    assert err == "35 finding(s) in 1 input(s); 1 fixed on stdout; 0 error(s)\n"
