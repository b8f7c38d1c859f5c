"""Configuration files: found upwards, checked against the schema, errors named exactly."""

from __future__ import annotations

from pathlib import Path

import pytest

from normalize.config_file import ConfigError, load_settings, schema_table

from .conftest import ROOT
from .test_cli import run

FINDING = "a.txt:1:6: RAS lanuf -> Ras Lanuf (exact 100, ras-lanuf)\n"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Return a project folder with a garbled a.txt, as the current folder."""
    (tmp_path / "a.txt").write_text("Near RAS lanuf.\n")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def pyproject(folder: Path, body: str) -> Path:
    p = folder / "pyproject.toml"
    p.write_text("[project]\nname = 'x'\n\n[tool.normalize]\n" + body)
    return p


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('threshold = "high"', "threshold: expected a number from 0 to 100, got a string ('high')"),
        ("threshold = 150", "threshold: expected a number from 0 to 100, got a whole number (150)"),
        ('quiet = "false"', "quiet: expected true or false, got a string ('false')"),
        ("jobs = 0", "jobs: expected a whole number of 1 or more, got a whole number (0)"),
        ("jobs = 1.5", "jobs: expected a whole number of 1 or more, got a number (1.5)"),
        ("include = [1, 2]", "include: expected a list of strings (or one string), got a list ([1, 2])"),
        ("encoding = true", "encoding: expected a string, got a boolean (True)"),
        ("threshold = nan", "threshold: expected a number from 0 to 100, got a number (nan)"),
        ("quiet = 2026-12-02", "quiet: expected true or false, got a date (datetime.date(2026, 12, 2))"),
        ("[tool.normalize.jobs]\nn = 1", "jobs: expected a whole number of 1 or more, got a table"),
        (
            "treshold = 99",
            "treshold: unknown key (did you mean 'threshold'? known keys: lexicon, default-lexicon, "
            "threshold, cache, jobs, include, exclude, extend-include, extend-exclude, respect-gitignore, "
            "encoding, quiet, document-separator)",
        ),
    ],
)
def test_wrong_settings_exit_2_naming_file_key_and_type(
    capsys: pytest.CaptureFixture[str], project: Path, body: str, message: str
) -> None:
    """A wrong type, range or unknown key: exit 2, 'error: FILE: [tool.normalize] KEY: ...', no traceback."""
    p = pyproject(project, body + "\n")
    assert run(capsys, "check", "a.txt") == (2, "", f"error: {p}: [tool.normalize] {message}\n")


def test_every_problem_is_reported(capsys: pytest.CaptureFixture[str], project: Path) -> None:
    """All wrong keys of a file are listed, not just the first."""
    p = project / "normalize.toml"
    p.write_text('quiet = "no"\njobs = "2"\n')
    code, _, err = run(capsys, "check", "a.txt")
    assert code == 2
    assert err.splitlines() == [
        f"error: {p}: quiet: expected true or false, got a string ('no')",
        f"error: {p}: jobs: expected a whole number of 1 or more, got a string ('2')",
    ]


def test_string_for_a_list_key_is_one_element(capsys: pytest.CaptureFixture[str], project: Path) -> None:
    """include = "*.md" is ["*.md"], not its characters; lexicon = "my.yaml" is one file."""
    (project / "docs").mkdir()
    (project / "docs" / "b.md").write_text("Near RAS lanuf.\n")
    (project / "docs" / "c.txt").write_text("Near RAS lanuf.\n")
    (project / "my.yaml").write_text("entries:\n  - canonical: Zorbania\n    variants: [Zorbanya]\n")
    (project / "z.txt").write_text("Visit Zorbanya.\n")
    pyproject(project, 'include = "*.md"\nlexicon = "my.yaml"\ndefault-lexicon = false\n')
    assert run(capsys, "check", "-q", "docs")[1] == ""  # the default lexicon is off
    pyproject(project, 'include = "*.md"\nlexicon = "my.yaml"\n')
    assert (
        run(capsys, "check", "-q", "docs")[1]
        == "docs/b.md:1:6: RAS lanuf -> Ras Lanuf (exact 100, ras-lanuf)\n"
    )
    assert run(capsys, "check", "-q", "z.txt")[1] == (
        "z.txt:1:7: Zorbanya -> Zorbania (variant 100, zorbania)\n"
    )


def test_found_from_a_subfolder_with_paths_relative_to_it(
    capsys: pytest.CaptureFixture[str], project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The nearest parent's configuration applies; its lexicon paths are relative to its folder."""
    (project / "my.yaml").write_text("entries:\n  - canonical: Zorbania\n    variants: [Zorbanya]\n")
    (project / "normalize.toml").write_text('lexicon = ["my.yaml"]\nquiet = true\n')
    sub = project / "deep" / "er"
    sub.mkdir(parents=True)
    (sub / "z.txt").write_text("Visit Zorbanya.\n")
    monkeypatch.chdir(sub)
    assert run(capsys, "check", "z.txt") == (
        1,
        "z.txt:1:7: Zorbanya -> Zorbania (variant 100, zorbania)\n",
        "",
    )


def test_pyproject_without_our_table_is_passed_over(project: Path) -> None:
    """A pyproject.toml with no [tool.normalize] does not stop the search upwards."""
    (project / "normalize.toml").write_text("quiet = true\n")
    sub = project / "pkg"
    sub.mkdir()
    (sub / "pyproject.toml").write_text("[project]\nname = 'pkg'\n")
    settings = load_settings(sub)
    assert settings.path == project / "normalize.toml" and settings.values == {"quiet": True}


def test_normalize_toml_wins_over_pyproject_in_one_folder(project: Path) -> None:
    """In one folder normalize.toml is read, as ruff prefers ruff.toml."""
    pyproject(project, "quiet = false\n")
    (project / "normalize.toml").write_text("quiet = true\n")
    assert load_settings(project).values == {"quiet": True}


def test_flags_win_and_extend_lists_add_up(capsys: pytest.CaptureFixture[str], project: Path) -> None:
    """A flag overrides the file; --extend-exclude adds to the file's extend-exclude."""
    for name in ("b.txt", "c.txt"):
        (project / "d").mkdir(exist_ok=True)
        (project / "d" / name).write_text("RAS lanuf\n")
    pyproject(project, 'quiet = true\nextend-exclude = "b.txt"\n')
    _, out, err = run(capsys, "check", "d")
    assert (out, err) == ("d/c.txt:1:1: RAS lanuf -> Ras Lanuf (exact 100, ras-lanuf)\n", "")
    _, out, _ = run(capsys, "check", "--extend-exclude", "c.txt", "d")
    assert out == ""


def test_threshold_from_the_file_reaches_the_matcher(
    capsys: pytest.CaptureFixture[str], project: Path
) -> None:
    """threshold = 97 drops a fuzzy finding scoring 96; threshold = 96 keeps it."""
    (project / "t.txt").write_text("Talks in Libya with Khalifa Hafar.\n")
    (project / "normalize.toml").write_text("threshold = 97\n")
    assert run(capsys, "check", "-q", "t.txt") == (0, "", "")
    (project / "normalize.toml").write_text("threshold = 96\n")
    assert run(capsys, "check", "-q", "t.txt")[1] == (
        "t.txt:1:21: Khalifa Hafar -> Khalifa Haftar (fuzzy 96, khalifa-haftar)\n"
    )


def test_isolated_and_explicit_config(capsys: pytest.CaptureFixture[str], project: Path) -> None:
    """--isolated ignores the files; --config FILE reads that one; a missing one is an error."""
    pyproject(project, "default-lexicon = false\n")
    assert run(capsys, "check", "-q", "a.txt")[0] == 0
    assert run(capsys, "check", "-q", "--isolated", "a.txt") == (1, FINDING, "")
    other = project / "other.toml"
    other.write_text("quiet = true\n")
    assert run(capsys, "check", "--config", str(other), "a.txt") == (1, FINDING, "")
    assert run(capsys, "check", "--config", "nope.toml", "a.txt") == (
        2,
        "",
        "error: nope.toml: no such configuration file\n",
    )


def test_invalid_toml_is_named(capsys: pytest.CaptureFixture[str], project: Path) -> None:
    """A configuration file that is not TOML: exit 2, the file named."""
    p = project / "normalize.toml"
    p.write_text("quiet = \n")
    code, _, err = run(capsys, "check", "a.txt")
    assert code == 2 and err.startswith(f"error: {p}: not valid TOML: ")


def test_underscore_keys_are_accepted(project: Path) -> None:
    """default_lexicon works as default-lexicon does."""
    (project / "normalize.toml").write_text("default_lexicon = false\ncache = false\n")
    assert load_settings(project).values == {"no_default_lexicon": True, "no_cache": True}


def test_schema_error_type() -> None:
    """ConfigError carries every problem line."""
    err = ConfigError(["a", "b"])
    assert err.problems == ["a", "b"] and str(err) == "a\nb"


def test_readme_documents_the_schema() -> None:
    """The README's configuration table is the schema's."""
    assert schema_table() in (ROOT / "README.md").read_text(encoding="utf-8")
