"""``spaced_hyphens``: hyphenated names written with spaced dashes, alone."""

from __future__ import annotations

from .conftest import methods, normalizer

LEX = """
entries:
  - {canonical: Bani Walid, type: place}
  - {canonical: Abu Salim, type: place}
  - {canonical: Ras al-Hilal, type: place}
"""


def test_spaced_hyphens_closed() -> None:
    """ "Bani - Walid", "Abu \u2013 Salim" and "Ras - al - Hilal" become the canonical names."""
    n = normalizer(LEX, "spaced_hyphens")
    fixed = n.fix("from Bani - Walid to Abu \u2013 Salim and Ras - al - Hilal.")
    assert fixed.text == "from Bani Walid to Abu Salim and Ras al-Hilal."
    assert methods(fixed.matches) == ["spaced_hyphens"] * 3


def test_only_the_chain_that_names_an_entry() -> None:
    """Words around the name in the same chain are kept; unrelated chains are left."""
    n = normalizer(LEX, "spaced_hyphens")
    assert n.fix("Monday - Bani - Walid").text == "Monday - Bani Walid"
    assert n.find("Monday - Friday") == ()


def test_switched_off() -> None:
    """With the mechanism off (and the rest on), "Bani - Walid" stays as written."""
    from normalize import Config, Normalizer

    from .conftest import lexicon

    n = Normalizer([lexicon(LEX)], default_lexicon=False, config=Config(spaced_hyphens=False))
    assert n.fix("from Bani - Walid on").text == "from Bani - Walid on"
