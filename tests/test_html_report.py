"""The review report: `check --format html`, a self-contained page, tested in headless Chromium."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from collections import Counter
from pathlib import Path

import pytest

from normalize import Normalizer
from normalize.html_report import Document, render

from .conftest import SEED, read
from .test_cli import run

#: The flags CI runs Chromium with: no sandbox (containers), no GPU, nothing fetched.
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--enable-logging=stderr",
    "--v=0",
    "--virtual-time-budget=5000",
)


def chromium() -> str:
    """Return the Chromium executable, or skip the test with how to get it."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    pytest.skip("Chromium not found: `apt-get install chromium` to run the browser tests (CI installs it)")


def dom(page: Path, fragment: str = "") -> tuple[str, str]:
    """Load ``page`` in headless Chromium; return the DOM after its script ran, and the browser log."""
    with tempfile.TemporaryDirectory() as profile:
        proc = subprocess.run(
            [
                chromium(),
                *CHROMIUM_FLAGS,
                f"--user-data-dir={profile}",
                "--dump-dom",
                page.as_uri() + fragment,
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout, proc.stderr


@pytest.fixture(scope="module")
def seed_edits() -> list[tuple[str, str]]:
    return [(m.entry, m.method.value) for m in Normalizer().find(read(SEED))]


@pytest.fixture
def report(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> Path:
    page = tmp_path / "report.html"
    code, out, err = run(capsys, "check", "--format", "html", "-o", str(page), str(SEED))
    assert (code, out) == (1, "")
    assert err == f"35 finding(s) in 1 input(s); report written to {page}\n"
    return page


def test_page_is_self_contained(report: Path) -> None:
    page = report.read_text(encoding="utf-8")
    assert '<meta http-equiv="Content-Security-Policy" content="default-src \'none\';' in page
    assert re.findall(r'(?:src|href)="(?!#)[^"]*"', page) == []
    assert "<link" not in page and "@import" not in page and "url(" not in page


def test_page_shows_every_edit_with_its_reason(report: Path, seed_edits: list[tuple[str, str]]) -> None:
    page = report.read_text(encoding="utf-8")
    old = re.findall(
        r'<mark class="edit old" id="[^"]+" data-entry="([^"]+)" data-method="([^"]+)" title="([^"]+)"', page
    )
    assert [(e, m) for e, m, _ in old] == seed_edits
    assert 'title="khalifa-haftar (Khalifa Haftar): generated 100; ' in page
    assert page.count('<mark class="edit new"') == len(seed_edits)
    assert "Khalifa Haftar written" not in page  # the table, not the text summary
    assert "<td>Khalifa Haftar</td><td>khalifa-haftar</td>" in page


def test_text_is_escaped() -> None:
    page = render([Document("<a>.txt", "x <script>alert(1)</script> & y\n", [])])
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; y" in page
    assert "&lt;a&gt;.txt" in page


def test_output_goes_with_html_only(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as info:
        main_args = ["check", "-o", str(tmp_path / "x"), str(SEED)]
        run(capsys, *main_args)
    assert info.value.code == 2
    assert capsys.readouterr().err.endswith("error: -o/--output goes with --format html\n")


def test_html_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", "--format", "html", str(SEED))
    assert code == 1 and out.startswith("<!DOCTYPE html>") and out.endswith("</html>\n")


# --- in a real browser ------------------------------------------------------------------------


def test_browser_runs_the_page_without_errors(report: Path, seed_edits: list[tuple[str, str]]) -> None:
    html, log = dom(report)
    assert "Uncaught" not in log
    assert f"{len(seed_edits)} of {len(seed_edits)} edits shown" in html
    assert 'class="edit old off"' not in html


@pytest.mark.parametrize(
    ("fragment", "key"),
    [
        ("#entry=khalifa-haftar", lambda e: e[0] == "khalifa-haftar"),
        ("#method=exact", lambda e: e[1] == "exact"),
    ],
)
def test_browser_filters_by_entry_and_method(
    report: Path, seed_edits: list[tuple[str, str]], fragment: str, key: object
) -> None:
    html, log = dom(report, fragment)
    assert "Uncaught" not in log
    wanted = [e for e in seed_edits if key(e)]  # type: ignore[operator]
    assert 0 < len(wanted) < len(seed_edits)
    assert f"{len(wanted)} of {len(seed_edits)} edits shown" in html
    shown = re.findall(r'<mark class="edit old" id="[^"]+" data-entry="([^"]+)" data-method="([^"]+)"', html)
    assert Counter(shown) == Counter(wanted)
    # lines whose edits are all filtered out are hidden
    rows = re.findall(r'<tr class="line changed"( hidden="")?>(.*?)</tr>', html, re.S)
    for hidden, row in rows:
        assert bool(hidden) == ('class="edit old"' not in row)


def test_an_edit_across_lines_keeps_its_lines_in_one_row() -> None:
    from normalize.html_report import _blocks
    from normalize.model import Match, Method

    text = "one\nKhalifa\nHaftar said\nthree\n"
    m = Match(
        4, 18, "Khalifa\nHaftar", "Khalifa Haftar", "Khalifa Haftar", "khalifa-haftar", Method.EXACT, 100, ""
    )
    rows = _blocks(text, [m])
    assert [(line, text[s:e], len(edits)) for line, s, e, edits in rows] == [
        (1, "one\n", 0),
        (2, "Khalifa\nHaftar said\n", 1),
        (4, "three\n", 0),
        (5, "", 0),
    ]
