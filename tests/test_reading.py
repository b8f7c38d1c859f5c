"""How the text around a word says it is no name: an acronym alone, a word of a person's name.

A word in capitals standing alone in running text is an acronym or a code: "ANSI", "OS",
"TIME", "SIGTERM" in prose are no garbles of Annecy, Oss, Time (Norway) or a declined city;
a name in capitals beside a name ("Khalifa HAFTAR") or in a headline still is one, and a
surface listed in capitals is still found. A word beside a given name ("Axel Kielhorn") is
a surname: a place derived from it (one edit from Gifhorn) needs the place named.
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
  - {canonical: Gifhorn, type: place}
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


# --- a word of a person's full name is no garbled place -------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "In Libya, the patch came from Axel Kielhorn last week.",
        "In Libya, the patch came from Axel\n    Kielhorn last week.",  # a name wrapped over two lines
        "In Libya, Kielhorn Axel sent the patch.",
    ],
)
def test_a_derived_place_in_a_persons_full_name_needs_the_place_named(text: str) -> None:
    """ "Kielhorn" one edit from Gifhorn is a surname beside "Axel": it needs Gifhorn named elsewhere."""
    n = normalizer(LEX)
    assert n.fix(text).text == text
    named = "In Libya, Gifhorn is a town. " + text
    assert "Gifhorn last week" in n.fix(named).text or "Gifhorn Axel" in n.fix(named).text


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        # beside a common word, or a name found: a place as before
        ("In Libya, Gifhorm Council met.", "In Libya, Gifhorn Council met."),
        ("In Libya, the Misrata Ajdabyia road.", "In Libya, the Misrata Ajdabiya road."),
        # a person's surname garbled beside their given name: the rule is for places only
        ("In Libya, Khalifa Haftarom spoke.", "In Libya, Khalifa Haftar spoke."),
    ],
)
def test_derived_places_beside_other_words_are_fixed(text: str, fixed: str) -> None:
    assert normalizer(LEX).fix(text).text == fixed


def test_a_listed_variant_of_a_place_in_a_persons_full_name_needs_the_place_named() -> None:
    """ "Kielhorn" listed for Gifhorn beside "Axel" is a surname; beside Misrata, a place."""
    n = normalizer(
        LEX.replace(
            "{canonical: Gifhorn, type: place}",
            "{canonical: Gifhorn, type: place, variants: [Kielhorn]}",
        )
    )
    assert n.fix("Thanks to Axel Kielhorn.").text == "Thanks to Axel Kielhorn."
    assert n.fix("Gifhorn is a town. Thanks to Axel Kielhorn.").text.endswith("Axel Gifhorn.")
    assert n.fix("Roads from Misrata Kielhorn south.").text == "Roads from Misrata Gifhorn south."
    assert n.fix("Roads from Kielhorn south.").text == "Roads from Gifhorn south."


@pytest.mark.parametrize(
    ("text", "full_name"),
    [
        ("from Axel Gifhorm today", True),
        ("from Gifhorm Axel today", True),
        ("the Gifhorm-Axel line", False),  # a hyphen joins places ("Misrata-Ajdabiya"), not a person's names
        ("from Axel, Gifhorm today", False),
        ("the Gifhorm Council", False),
        ("Use Gifhorm now", False),
    ],
)
def test_in_full_name(text: str, full_name: bool) -> None:
    n = Normalizer([lexicon(LEX)], default_lexicon=False)
    doc = Document(text, n.index, n.config, Memo())
    start = text.index("Gifhorm")
    assert doc.in_full_name(start, start + 7, bytearray(len(text))) is full_name
    # a word another candidate covers is part of that name, not of a person's
    assert not doc.in_full_name(start, start + 7, bytearray(b"\x01" * len(text)))


def test_fixing_twice_changes_nothing_more_beside_a_persons_name() -> None:
    """A fix beside a person's name found by a candidate stays a fix when the name is written right.

    (Found by the idempotence property when only names found as written counted as names:
    "Abdel Fattah the Younis" was a candidate, not one, so Tadzhoura was held back; fixed, it
    was one, and the second pass fixed Tadzhoura.)
    """
    n = Normalizer()
    once = n.fix("Tadzhoura Abdel Fattah the Younis ").text
    assert once == "Tajoura Abdel Fattah Younis "
    assert n.fix(once).text == once
