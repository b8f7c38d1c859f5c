"""``fuzzy``: one slip of spelling, with the topic as evidence, alone."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import OSA, DamerauLevenshtein

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


_LETTERS = "abcdehiklmnorsu"


@given(st.text(_LETTERS, min_size=0, max_size=9), st.text(_LETTERS, min_size=0, max_size=9))
@settings(max_examples=400)
def test_osa_is_damerau_within_one_edit(a: str, b: str) -> None:
    """The blocks are scored with OSA: within one edit it agrees with Damerau-Levenshtein exactly."""
    osa = OSA.distance(a, b, score_cutoff=1)
    assert (osa <= 1) == (DamerauLevenshtein.distance(a, b, score_cutoff=1) <= 1)
    if osa <= 1:
        assert osa == DamerauLevenshtein.distance(a, b)


@given(st.text(_LETTERS, min_size=5, max_size=9), st.integers(0, 8), st.sampled_from("ins"))
@settings(max_examples=200)
def test_osa_finds_every_single_edit(word: str, at: int, op: str) -> None:
    """One insertion, substitution or adjacent swap is one OSA edit (so no fuzzy candidate is lost)."""
    at = min(at, len(word) - 2)
    edited = {
        "i": word[:at] + "x" + word[at:],
        "n": word[:at] + word[at + 1] + word[at] + word[at + 2 :],
        "s": word[:at] + "x" + word[at + 1 :],
    }[op]
    assert OSA.distance(word, edited) <= 1
