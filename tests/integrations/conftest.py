"""A few thousand rows of text for the integration tests: real articles' sentences and injected garbles."""

from __future__ import annotations

import re

import pytest

from normalize import Normalizer
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
#: Rows for it: a variant, a fuzzy match scoring 90, one scoring 94.7, a default-lexicon name.
CUSTOM_ROWS = [
    "Zorblatia Kvent in Quentonland",
    "Zorblettia in Quentonland",
    "Zorblatxia in Quentonland",
    "RAS lanuf",
]
#: Those rows fixed with the custom lexicon only, at threshold 92.
CUSTOM_FIXED_92 = [
    "Zorblattia in Quentonland",
    "Zorblettia in Quentonland",
    "Zorblattia in Quentonland",
    "RAS lanuf",
]


@pytest.fixture(scope="session")
def custom_lexicon(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Return the path of a file holding :data:`CUSTOM_LEXICON`."""
    path = tmp_path_factory.mktemp("lexicon") / "zorblattia.yaml"
    path.write_text(CUSTOM_LEXICON, encoding="utf-8")
    return str(path)
