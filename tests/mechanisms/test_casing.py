"""``casing``: canonical names with their casing lost or scrambled, alone."""

from __future__ import annotations

from .conftest import methods, normalizer

LEX = """
entries:
  - {canonical: Ras Lanuf, type: place}
  - {canonical: Oil Crescent, type: place}
  - {canonical: Misrata, type: place}
"""


def test_scrambled_casing_is_fixed() -> None:
    """ "RAS lanuf" is re-cased to the canonical."""
    fixed = normalizer(LEX, "exact", "casing").fix("forces near RAS lanuf today")
    assert fixed.text == "forces near Ras Lanuf today"
    assert methods(fixed.matches) == ["casing"]


def test_headline_and_ordinary_phrase_left_alone() -> None:
    """Capitals in a headline and a lowercase phrase of ordinary words stay as written."""
    n = normalizer(LEX, "exact", "casing")
    assert n.fix("FIGHTING NEAR RAS LANUF").text == "FIGHTING NEAR RAS LANUF"
    assert n.fix("the oil crescent of the region").text == "the oil crescent of the region"


def test_needs_exact_hits_only() -> None:
    """Casing works from exact's hits even with exact switched off, and is off when switched off."""
    assert normalizer(LEX, "casing").fix("near ras lanuf").text == "near Ras Lanuf"
    assert normalizer(LEX, "exact").fix("near ras lanuf").text == "near ras lanuf"


def test_a_refusal_is_remembered_only_where_the_text_around_did_not_decide_it() -> None:
    """Capitals refused in a headline are re-cased in running text by the same normalizer."""
    n = normalizer(LEX, "exact", "casing")
    for _ in range(2):
        assert n.fix("FIGHTING NEAR RAS LANUF").text == "FIGHTING NEAR RAS LANUF"
        assert n.fix("forces near RAS LANUF today").text == "forces near Ras Lanuf today"
        assert n.fix("the oil crescent of the region").text == "the oil crescent of the region"
