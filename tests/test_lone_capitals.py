"""A word in capitals standing alone in running text is an acronym or a code, not a name.

"ANSI", "OS", "TIME", "SIGTERM" in prose are no garbles of Annecy, Oss, Time (Norway) or
a declined city; a name in capitals beside a name ("Khalifa HAFTAR") or in a headline
still is one, and a surface listed in capitals is still found.
"""

from __future__ import annotations

import pytest

from normalize import Normalizer
from normalize.engine.document import Document, Memo

from .mechanisms.conftest import lexicon, normalizer

LEX = """
context: [Libya]
entries:
  - canonical: Annecy
    type: place
    variants: [Ansi, {text: ANX, case_sensitive: true}]
  - {canonical: Time, type: place}
  - {canonical: Misrata, type: place}
  - {canonical: Tarhuna, type: place}
  - {canonical: Sirte, type: place}
  - {canonical: Ajdabiya, type: place}
  - canonical: Khalifa Haftar
    type: person
    short: Haftar
"""


@pytest.mark.parametrize(
    ("text", "word", "lone"),
    [
        ("Use ANSI function declarations.", "ANSI", True),
        ("It runs on Mac OS X and Linux.", "OS", True),
        ("the OS is fast", "OS", True),
        ("Catch SIGTERM, then exit.", "SIGTERM", True),
        ("Envoy Ghassan SALAME took the floor.", "SALAME", False),
        ("a GHASSAN SALAME met the press", "GHASSAN", False),
        ("the HAFTAR-Sarraj talks resumed", "HAFTAR", False),
        ("FIGHTING NEAR RAS LANUF", "RAS", False),
        ("the Ansi file", "Ansi", False),
        ("the A team", "A", False),
    ],
)
def test_lone_capitals(text: str, word: str, lone: bool) -> None:
    n = Normalizer([lexicon(LEX)], default_lexicon=False)
    doc = Document(text, n.index, n.config, Memo())
    start = text.index(word)
    assert doc.lone_capitals(start, start + len(word)) is lone


def test_listed_variants_and_canonicals_alone_in_capitals_are_left_alone() -> None:
    """``exact`` and ``casing`` take no lone word in capitals for a name not listed so."""
    n = normalizer(LEX)
    for text in ("Use ANSI function declarations.", "COMPILE the TIME module", "The ANSI C standard"):
        assert n.fix(text).text == text
    # the same names written otherwise, or beside a name, or in a headline: found as before
    assert n.fix("We drove to Ansi today.").text == "We drove to Annecy today."
    assert n.fix("FLOODS HIT ANSI AND MISRATA").text == "FLOODS HIT ANNECY AND MISRATA"
    assert n.fix("Forces of Khalifa HAFTAR took Sirte.").text == "Forces of Khalifa Haftar took Sirte."
    # listed in capitals: found in capitals anywhere
    assert n.fix("They met in ANX today.").text == "They met in Annecy today."


@pytest.mark.parametrize("mechanism", ["keys", "endings", "fuzzy"])
def test_generated_mechanisms_leave_lone_capitals_alone(mechanism: str) -> None:
    """A garble found by key, case ending or one edit is not looked for in a lone word in capitals."""
    written = {"keys": "Tarhouna", "endings": "Misratoy", "fuzzy": "Ajdabyia"}[mechanism]
    n = normalizer(LEX, mechanism)
    fixed = n.fix(f"In Libya, fighting went on in {written} all week.")
    assert [m.mechanism for m in fixed.matches] == [mechanism]
    capitals = f"In Libya, fighting went on in {written.upper()} all week."
    assert n.fix(capitals).text == capitals
