"""The case-aware ordinary-word guard data: names English writes capitalised are not ordinary."""

from __future__ import annotations

import gzip
import re
from importlib import resources

import pytest
from hypothesis import given
from hypothesis import strategies as st

from normalize.ordinary import (
    capitalised_name,
    is_ordinary,
    language_supported,
    ordinary_phrase,
)
from normalize.wordfreqs import zipf

FAMOUS_NAMES = ["Kiev", "Damascus", "Aleppo", "Crimea", "Donetsk", "Tripoli", "Benghazi"]
ORDINARY = ["python", "rest", "soda", "reading", "nice", "of", "most"]


@pytest.mark.parametrize("word", FAMOUS_NAMES)
def test_frequent_capitalised_names_are_not_ordinary(word: str) -> None:
    """Kiev and Damascus are as frequent as ordinary words, yet English writes them capitalised."""
    assert zipf(word) >= 2.5  # wordfreq alone (case-blind) would call most of them ordinary
    assert capitalised_name(word)
    assert capitalised_name(word.lower())  # a property of the word, not of how it is written here
    assert not is_ordinary(word)
    assert not is_ordinary(word, zipf=0.5)


@pytest.mark.parametrize("word", ORDINARY)
def test_ordinary_words_stay_ordinary_in_any_casing(word: str) -> None:
    """Places and brands named by ordinary words (Reading, Nice, Most, Python) stay ordinary words."""
    for form in (word, word.capitalize(), word.upper()):
        assert is_ordinary(form), form
        assert not capitalised_name(form), form


def test_frequency_still_decides_for_unknown_and_rare_words() -> None:
    """A word the list does not know falls back on wordfreq's frequency; rare words are not ordinary."""
    assert not is_ordinary("Haftar")  # rare
    assert is_ordinary("lol")  # frequent and not a capitalised name
    assert not is_ordinary("soda", zipf=7.0)


def test_hyphenated_words_with_a_name_part_are_names() -> None:
    """'Kiev-based' is written with a capital; 'well-known' is not."""
    assert capitalised_name("Kiev-based")
    assert not capitalised_name("well-known")


def test_other_languages_have_frequency_only() -> None:
    """Without casing data for a language, no word is a capitalised name there."""
    assert not capitalised_name("Kiev", "de")
    assert is_ordinary("Haus", "de")


def test_phrases() -> None:
    """A lowercase phrase of ordinary words is ordinary; a capitalised one is how names are written."""
    assert ordinary_phrase("the point")
    assert not ordinary_phrase("The Point")
    assert ordinary_phrase("Soda")
    assert not ordinary_phrase("Kiev")
    assert not ordinary_phrase("of Kiev")


def test_language_codes() -> None:
    """The guard knows wordfreq's language codes, not language names."""
    assert language_supported("en") and language_supported("de")
    assert not language_supported("english")
    assert not language_supported("EN")


def _shipped_lines() -> list[str]:
    raw = resources.files("normalize").joinpath("data/capitalised-en.txt.gz").read_bytes()
    return gzip.decompress(raw).decode("utf-8").splitlines()


def capitalised_names() -> frozenset[str]:
    """The shipped list's words (the names English writes capitalised), read here apart from the code."""
    return frozenset(line for line in _shipped_lines() if line and not line.startswith("#"))


def test_shipped_list_is_casefolded_sorted_and_says_where_it_comes_from() -> None:
    """The data file carries its provenance, and holds casefolded words in sorted order."""
    lines = _shipped_lines()
    header = [line for line in lines if line.startswith("#")]
    words = [line for line in lines if not line.startswith("#")]
    assert "SCOWL" in header[0]
    assert words == sorted(words) and all(w == w.casefold() for w in words)
    assert len(words) > 40_000


def test_variants_written_with_punctuation_are_not_ordinary_phrases() -> None:
    """'U.S.' and 'C++' are spelled as no ordinary prose is, though their letters are common words."""
    assert ordinary_phrase("us") and not ordinary_phrase("U.S.")
    assert not ordinary_phrase("C++")


_PIECES = st.sampled_from(
    ["kiev", "Kiev", "based", "Rome", "x", "ß", "İ", "2", "-", "\u2010", "\u2011", "'", "\u2019", " "]
)


@given(st.lists(_PIECES, max_size=5).map("".join))
def test_a_word_is_a_capitalised_name_when_it_or_one_of_its_hyphened_parts_is(word: str) -> None:
    """The word, folded, is a name English writes capitalised, or it has two parts or more and one is."""
    names = capitalised_names()
    folded = word.casefold().replace("\u2019", "'")
    parts = [p for p in re.split("[-\u2010\u2011]", folded) if p]
    assert capitalised_name(word) == (folded in names or (len(parts) > 1 and any(p in names for p in parts)))
