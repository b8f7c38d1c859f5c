"""A few thousand rows of text for the integration tests: real articles' sentences and injected garbles."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from normalize import Fixed, Normalizer
from normalize.garble import garbles

from ..conftest import DATA, SEED, read

_TEMPLATES = (
    "Reports from the region said that {} had arrived.",
    "{} was mentioned again on Tuesday.",
    "Talks with {} and the others ended late.",
)


def corpus_rows(n: int = 3000) -> list[str | None]:
    """Return ``n`` rows: article sentences, each with a garbled name (or none), some empty or missing.

    Deterministic. The sentences come from the seed, the held-out articles and the
    ordinary-English text, so rows carry the context words the engine's evidence needs,
    correct names, garbles and plain English.
    """
    texts = [read(SEED), *(read(p) for p in sorted((DATA / "heldout").glob("*_heldout.txt")))]
    texts.append(read(DATA / "ordinary_english.txt"))
    sentences = [s.strip() for t in texts for s in re.split(r"(?<=[.!?])\s+", t) if s.strip()]
    names = [g.text for g in garbles(Normalizer().lexicon.entries)]
    rows: list[str | None] = []
    for i in range(n):
        if i % 97 == 5:
            rows.append(None)
        elif i % 89 == 7:
            rows.append("")
        elif i % 4 == 3:
            rows.append(sentences[i % len(sentences)])
        else:
            name = names[i % len(names)]
            rows.append(f"{sentences[(i * 7) % len(sentences)]} {_TEMPLATES[i % 3].format(name)}")
    return rows


@pytest.fixture(scope="session")
def rows() -> list[str | None]:
    """Return the shared corpus of 3,000 rows."""
    return corpus_rows()


@pytest.fixture(scope="session")
def expected(rows: list[str | None], default: Normalizer) -> list[str | None]:
    """Return each row fixed by ``Normalizer.fix`` with the default lexicon (None stays None)."""
    return [None if r is None else default.fix(r).text for r in rows]


#: A lexicon of one invented place with topic words, so fuzzy matches (and so ``threshold``) apply.
CUSTOM_LEXICON = """\
context: [Quentonland]
entries:
  - canonical: Zorblattia
    type: place
    variants: [Zorblatia Kvent]
"""
#: Rows for it: a variant, a fuzzy match scoring 90 (m for r: no sound-alike either), one scoring
#: 94.7, a default-lexicon name.
CUSTOM_ROWS = [
    "Zorblatia Kvent in Quentonland",
    "Zomblattia in Quentonland",
    "Zorblatxia in Quentonland",
    "RAS lanuf",
]
#: Those rows fixed with the custom lexicon only, at threshold 92.
CUSTOM_FIXED_92 = [
    "Zorblattia in Quentonland",
    "Zomblattia in Quentonland",
    "Zorblattia in Quentonland",
    "RAS lanuf",
]


@pytest.fixture(scope="session")
def custom_lexicon(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Return the path of a file holding :data:`CUSTOM_LEXICON`."""
    path = tmp_path_factory.mktemp("lexicon") / "zorblattia.yaml"
    path.write_text(CUSTOM_LEXICON, encoding="utf-8")
    return str(path)


README = Path(__file__).resolve().parents[2] / "README.md"


def readme_example(heading: str) -> tuple[str, list[str]]:
    """Return the first Python block under ``### heading`` of the README's integrations, and its output.

    The expected output is written in the block as comments: the inline comment of a
    ``print(...)`` line, or else the comment lines right below a line that prints
    (``print(`` or ``.show(``).
    """
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## Integrations") :]
    section = section[section.index(f"### {heading}\n") :]
    code = section[section.index("```python\n") + len("```python\n") :]
    code = code[: code.index("```\n")]
    expected: list[str] = []
    lines = code.splitlines()
    for i, line in enumerate(lines):
        stripped = line.strip()
        if not (stripped.startswith("print(") or ".show(" in stripped):
            continue
        if stripped.startswith("print(") and "  # " in stripped:
            expected.append(stripped.split("  # ", 1)[1])
            continue
        for following in lines[i + 1 :]:
            if not following.startswith("# "):
                break
            expected.append(following[2:])
    return code, expected


@pytest.fixture
def example_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rows: list[str | None]) -> Path:
    """Enter a folder holding what the README's examples read: ``my.yaml`` and ``corpus/*.txt``."""
    (tmp_path / "my.yaml").write_text(CUSTOM_LEXICON, encoding="utf-8")
    (tmp_path / "corpus").mkdir()
    lines = [r.replace("\n", " ") for r in rows[:40] if r]
    for i in range(2):
        text = "".join(f"{line}\n" for line in lines[i::2])
        (tmp_path / "corpus" / f"part-{i}.txt").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run_example(
    heading: str, capsys: pytest.CaptureFixture[str], paths: dict[str, str] | None = None
) -> None:
    """Run the README's example under ``heading`` and check it prints what its comments say.

    ``paths`` maps quoted paths of the example to others (Spark's JVM keeps the working
    folder it started in, so its relative paths must be made absolute).
    """
    code, expected = readme_example(heading)
    for old, new in (paths or {}).items():
        assert f'"{old}"' in code
        code = code.replace(f'"{old}"', f'"{new}"')
    assert expected, f"the {heading} example shows no output"
    capsys.readouterr()
    exec(compile(code, f"README.md ({heading})", "exec"), {"__name__": "readme_example"})
    printed = capsys.readouterr().out.rstrip("\n")  # Spark's show() ends with a blank line
    assert [line.rstrip() for line in printed.splitlines()] == expected


class BrokenOn(Normalizer):
    """A Normalizer whose ``fix`` fails on texts containing ``BOOM`` (to check failures name their row)."""

    def fix(self, text: str) -> Fixed:
        """Fail on ``BOOM``, else fix as usual."""
        if "BOOM" in text:
            raise RuntimeError("engine failure")
        return super().fix(text)


@pytest.fixture(scope="session")
def broken() -> BrokenOn:
    """Return a small Normalizer that fails on ``BOOM``."""
    return BrokenOn([DATA / "canonical_only.yaml"], default_lexicon=False)
