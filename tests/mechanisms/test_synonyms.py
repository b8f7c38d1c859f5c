"""``synonyms``: organisation names translated word by word with another sense of a word, alone."""

from __future__ import annotations

import pytest

from normalize import Config, Normalizer
from normalize.engine.mechanisms.synonyms import normal, vocabulary

from ..conftest import DATA
from .conftest import lexicon, methods, normalizer

LEX = """
context: [Libya, Tripoli]
entries:
  - {canonical: Presidential Council, type: org}
  - {canonical: High Council of State, type: org}
  - {canonical: House of Representatives, type: org}
  - {canonical: Benghazi Defense Brigades, type: org}
  - {canonical: Government of National Accord, type: org}
  - {canonical: National Transitional Council, type: org}
  - {canonical: Russian Ministry of Defense, type: org}
  - {canonical: General National Congress, type: org}
  - {canonical: Petroleum Facilities Guard, type: org}
  - {canonical: Libyan National Army, type: org}
  - {canonical: Federation Council, type: org}
  - {canonical: Haftar, type: person}
"""
TOPIC = " It was in Tripoli."


@pytest.mark.parametrize(
    ("garble", "canonical"),
    [
        ("Presidential advice", "Presidential Council"),
        ("Supreme state advice", "High Council of State"),
        ("Chamber of representatives", "House of Representatives"),
        ("Teams of defense Benghazi", "Benghazi Defense Brigades"),
        ("Squads of defence of Benghazi", "Benghazi Defense Brigades"),
        ("Government of national consent", "Government of National Accord"),
        ("National interim council", "National Transitional Council"),
        ("Russian defence department", "Russian Ministry of Defense"),
        ("Teams of defense Bengazi", "Benghazi Defense Brigades"),  # one slip of spelling
        ("Presidential advice Fayez al-Sarraj", "Presidential Council Fayez al-Sarraj"),
    ],
)
def test_other_senses_in_any_order(garble: str, canonical: str) -> None:
    """Each content word is the name's own or another sense of it, in any order."""
    fixed = normalizer(LEX, "synonyms").fix(f"The {garble} met on Monday.{TOPIC}")
    assert fixed.text == f"The {canonical} met on Monday.{TOPIC}"
    assert methods(fixed.matches) == ["synonyms"]


def test_needs_the_topic() -> None:
    """Without the lexicon's topic words, "Chamber of Representatives" (Belgium's too) is left."""
    n = normalizer(LEX, "synonyms")
    assert n.find("The Chamber of Representatives of Belgium voted.") == ()
    assert n.find("The Chamber of Representatives of Belgium voted in Tripoli.") != ()


@pytest.mark.parametrize(
    "text",
    [
        "The High Council of State met.",  # the name itself
        "The State High Council met.",  # the same words reordered: no sign of translation
        "The Supreme board met.",  # only other senses: no word of the name anchors it
        "The Supreme state met.",  # every content word of the name must be accounted for
        "The Presidential met.",  # and a name of two words needs two
        "The Presidental board met.",  # a slip of spelling needs two other words that match
        "a general national convention of teachers",  # no capital but the sentence's
        "Oil facilities protection was stepped up.",  # capital only as the sentence's first letter
        "The Presidential. Advice was given.",  # a sentence end between the words
        "The Presidential palace and the council.",  # the words are not one phrase
        "The Council president said so.",  # two words swapped without an "of"
        "A Chamber representative attended.",  # a plural word of the name in the singular
        "The Federal Council of Switzerland met.",  # a sense left out of the data on purpose
        "The New Presidential board met.",  # the end of a longer capitalised name
    ],
)
def test_left_alone(text: str) -> None:
    """Phrases that only share words or senses with a name are not that name."""
    assert normalizer(LEX, "synonyms").find(text + TOPIC) == ()


def test_sentence_start_needs_the_entrys_context() -> None:
    """A calque whose only capital starts the sentence needs the entry's own context words."""
    lex = (
        "context: [Tripoli]\nentries:\n  - {canonical: High Council of State, type: org, context: [Mishri]}\n"
    )
    n = normalizer(lex, "synonyms")
    assert n.find(f"Supreme state advice rejected it.{TOPIC}") == ()
    fixed = n.fix(f"Supreme state advice rejected it. Mishri spoke.{TOPIC}")
    assert fixed.text == f"High Council of State rejected it. Mishri spoke.{TOPIC}"


def test_yields_to_names_found_before() -> None:
    """Words of a name that an earlier mechanism found are not reread ("Troops of the Libyan National")."""
    text = f"Troops of the Libyan National Army advanced.{TOPIC}"
    assert normalizer(LEX).fix(text).text == text
    assert normalizer(LEX, "synonyms").find(text) != ()  # alone, it would have taken them


def test_entry_own_calque() -> None:
    """An entry's own ``calques:`` count as its words ("Shura" written "Consultation")."""
    lex = LEX + "  - {canonical: Shura Council, type: org, calques: {Shura: [Consultation]}}\n"
    fixed = normalizer(lex, "synonyms").fix(f"The Consultation board met.{TOPIC}")
    assert fixed.text == f"The Shura Council met.{TOPIC}"


def test_senses_follow_source_languages() -> None:
    """The vocabulary is the entry's source languages': a language without one gives no senses."""
    entry = "entries: [{canonical: Presidential Council, type: org}]\n"
    text = f"The Presidential advice met.{TOPIC}"
    assert normalizer("source_languages: [uk]\ncontext: [Tripoli]\n" + entry, "synonyms").find(text) == ()
    assert normalizer("source_languages: [ru]\ncontext: [Tripoli]\n" + entry, "synonyms").find(text) != ()
    assert "advice" in vocabulary(("ru",))["council"]


def test_ukrainian_senses() -> None:
    """Ukrainian MT leaves рада as "Rada": a sense of council for entries of source language uk."""
    name = "National Security and Defense Council"
    lex = f"source_languages: [uk]\ncontext: [Kyiv]\nentries: [{{canonical: {name}, type: org}}]"
    text = "The Rada of national security and defence met in Kyiv."
    assert normalizer(lex, "synonyms").fix(text).text == f"The {name} met in Kyiv."
    assert normalizer(lex.replace("[uk]", "[ru]"), "synonyms").find(text) == ()


def test_normal_forms() -> None:
    """Plurals and British spellings compare as one word."""
    assert normal("Brigades") == normal("brigade") == "brigade"
    assert normal("Defence") == "defense"
    assert normal("facilities") == "facility"
    assert normal("Congress") == "congress"


def test_switched_off() -> None:
    """With the mechanism off (and the rest on), "Presidential advice" stays as written."""
    n = Normalizer([lexicon(LEX)], default_lexicon=False, config=Config(synonyms=False))
    text = f"The Presidential advice met.{TOPIC}"
    assert n.fix(text).text == text


def test_political_english_is_left(default: Normalizer) -> None:
    """English prose full of the vocabulary's words, on the default lexicon's topic: no calque found.

    ``tests/data/political_english.txt`` also holds real dashes beside "an ale" and "as" for
    the ``spaced_hyphens`` mechanism.
    """
    text = (DATA / "political_english.txt").read_text(encoding="utf-8")
    found = [
        (m.text, m.mechanism) for m in default.find(text) if m.mechanism in ("synonyms", "spaced_hyphens")
    ]
    assert found == []
