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


PEOPLE = """
entries:
  - {canonical: Anton Chekhov, type: person}
  - {canonical: Sidi Barrani, type: place}
"""


def test_a_persons_whole_name_one_slip_away_needs_no_topic() -> None:
    """Given name and surname, one slip in all, name the person; a place's two words do not."""
    n = normalizer(PEOPLE, "fuzzy")
    assert n.fix("A play by Anton Chekov opened.").text == "A play by Anton Chekhov opened."
    assert n.find("A play by Chekov opened.") == ()  # the surname alone still needs the topic
    assert n.find("Fighting near Sidi Barani.") == ()
