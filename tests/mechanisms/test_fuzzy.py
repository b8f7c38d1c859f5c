"""``fuzzy``: one slip of spelling, with the topic as evidence, alone."""

from __future__ import annotations

from .conftest import methods, normalizer

LEX = """
context: [Libya]
entries:
  - {canonical: Ajdabiya, type: place}
  - {canonical: Ghadames, type: place}
"""


def test_one_edit_with_topic() -> None:
    """ "Ajdabyia" (a swap) is fixed in a text about Libya."""
    fixed = normalizer(LEX, "fuzzy").fix("In Libya, fighting near Ajdabyia.")
    assert fixed.text == "In Libya, fighting near Ajdabiya."
    assert methods(fixed.matches) == ["fuzzy"]


def test_needs_the_topic() -> None:
    """Without the topic, the same slip is left alone (precision first)."""
    assert normalizer(LEX, "fuzzy").find("fighting near Ajdabyia.") == ()


def test_known_words_are_not_fuzzed() -> None:
    """A word wordfreq knows is never fuzzed into a name."""
    assert normalizer(LEX, "fuzzy").find("In Libya, the Madames said") == ()
