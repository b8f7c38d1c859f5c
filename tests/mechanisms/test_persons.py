"""``persons``: given name + garbled surname, alone."""

from __future__ import annotations

from .conftest import methods, normalizer

LEX = """
entries:
  - {canonical: Khalifa Haftar, type: person, context: [Libya]}
  - id: mutassim-gaddafi
    canonical: Mutassim Gaddafi
    type: person
    given: [Mutassim]
    surname: Gaddafi
    short: Mutassim
    variants: [Mutasim]
  - {canonical: Stephanie Williams, type: person}
"""


def test_calqued_given_name_anchors_a_garbled_surname() -> None:
    """ "Caliph Haftarot": a calque of Khalifa and a snapped ending."""
    fixed = normalizer(LEX, "persons").fix("troops of Caliph Haftarot left")
    assert fixed.text == "troops of Khalifa Haftar left"
    assert methods(fixed.matches) == ["persons"]


def test_inner_article_and_transliterated_given_name() -> None:
    """ "Khalifa the Haftarom" and "Khalifah Haftar" become the full name."""
    n = normalizer(LEX, "persons")
    assert n.fix("Khalifa the Haftarom said").text == "Khalifa Haftar said"
    assert n.fix("Khalifah Haftar said").text == "Khalifa Haftar said"


def test_given_name_is_not_the_surname() -> None:
    """ "Mutassim Mutassim said" is not Mutassim Gaddafi (a short form that is the given name)."""
    assert normalizer(LEX, "persons").find("Mutassim Mutassim said") == ()
    assert normalizer(LEX).find("Mutassim Mutassim said") == ()


def test_glued_word_is_kept() -> None:
    """An edit of a name never removes a word glued to it with an apostrophe."""
    lex = "entries:\n  - {canonical: Abdullah al-Senussi, type: person}\n"
    n = normalizer(lex)
    assert n.fix("Abdallah al-Senussi\u2019of the report").text == "Abdullah al-Senussi\u2019of the report"
