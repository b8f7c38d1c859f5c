"""``endings``: source-language case endings left on names, alone."""

from __future__ import annotations

from .conftest import methods, normalizer

LEX = """
entries:
  - {canonical: Haftar, type: place}
  - {canonical: Misrata, type: place}
  - {canonical: Islamist, type: term}
"""


def test_case_endings_as_written() -> None:
    """ "Haftarom", "Misraty" and "islamistsa" lose their endings."""
    n = normalizer(LEX, "endings")
    fixed = n.fix("with Haftarom near Misraty, the Islamista")
    assert fixed.text == "with Haftar near Misrata, the Islamist"
    assert set(methods(fixed.matches)) == {"endings"}


def test_english_suffixes_are_not_endings() -> None:
    """ "Islamists" and "Misratans" are English forms, not garbles."""
    assert normalizer(LEX, "endings").find("the Islamists and Misratans") == ()


def test_after_transliteration() -> None:
    """ "Khaftarom" is Haftar after transliteration (kh/h) with an ending."""
    assert normalizer(LEX, "endings").fix("with Khaftarom").text == "with Haftar"


def test_a_lexicon_adds_endings_to_a_language() -> None:
    """`endings: {ru: [ogo]}` in a lexicon extends the Russian table for every entry."""
    assert normalizer(LEX, "endings").find("with Haftarogo") == ()
    extended = "endings: {ru: [ogo]}\n" + LEX
    assert normalizer(extended, "endings").fix("with Haftarogo").text == "with Haftar"


def test_endings_for_an_unknown_language_are_an_error() -> None:
    """A language with no ending table is named as an error, with the known ones."""
    from normalize import parse_lexicon

    _, diags = parse_lexicon("endings: {ukr: [a]}\n", "x.yaml")
    assert [d.field for d in diags if d.severity == "error"] == ["endings.ukr"]
