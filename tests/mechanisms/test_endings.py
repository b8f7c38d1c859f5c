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
