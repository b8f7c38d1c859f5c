"""``phonetic``: spellings mapped to a name by ear, with the topic as evidence, alone."""

from __future__ import annotations

from unittest.mock import patch

import pytest
from hypothesis import given
from hypothesis import strategies as st

from normalize.engine.mechanisms.phonetic import (
    MIN_EDIT,
    PhoneticTable,
    _indel,
    best_phonetic,
    distance,
    name_forms,
    skeletons,
    swap_cost,
)

from .conftest import methods, normalizer

LEX = """
context: [Libya, Tripoli]
entries:
  - {canonical: Misrata, type: place}
  - {canonical: Zintan, type: place}
  - {canonical: Tarhuna, type: place}
  - {canonical: Ghadames, type: place}
  - {canonical: Ras al-Hilal, type: place}
  - {canonical: Ajdabiya, type: place}
  - {canonical: Bani Walid, type: place}
  - {canonical: Matara, type: place}
"""


@pytest.mark.parametrize(
    ("garble", "name"),
    [
        ("Misraty", "Misrata"),
        ("Mizurata", "Misrata"),
        ("Zintana", "Zintan"),
        ("Tarkhuny", "Tarhuna"),
        ("Gadamesa", "Ghadames"),
        ("Raselhilal", "Ras al-Hilal"),  # fused, article and all
        ("Ajda Biya", "Ajdabiya"),  # a one-word name split in two
        ("Bani Valida", "Bani Walid"),  # "Bani" is a rare word wordfreq knows
    ],
)
def test_spellings_by_ear_with_topic(garble: str, name: str) -> None:
    """Each garble, more than one edit away, is fixed in a text about Libya, with its reason."""
    fixed = normalizer(LEX, "phonetic").fix(f"In Libya, fighting near {garble} on Monday.")
    assert fixed.text == f"In Libya, fighting near {name} on Monday."
    assert methods(fixed.matches) == ["phonetic"]
    (m,) = fixed.matches
    assert m.reason.startswith("phonetic match")
    assert 80 <= m.score <= 100
    assert m.canonical == name


def test_needs_the_topic() -> None:
    """Without the topic, the same spellings are left alone (precision first)."""
    assert normalizer(LEX, "phonetic").find("Fighting near Zintana and Tarkhuny on Monday.") == ()


def test_rare_known_word_with_topic() -> None:
    """A word wordfreq knows rarely ("Misurata", Zipf 1.6) is fixed with the topic, not without."""
    n = normalizer(LEX, "phonetic")
    assert n.fix("Shelling in Misurata, Tripoli said.").text == "Shelling in Misrata, Tripoli said."
    assert n.find("Shelling in Misurata, officials said.") == ()


def test_ordinary_words_are_never_names() -> None:
    """ "Mature" is as near to Matara as "Zintana" to Zintan, but it is an ordinary word."""
    assert normalizer(LEX, "phonetic").find("Libya: Mature voters stayed at home.") == ()


def test_a_name_english_knows_needs_the_entity() -> None:
    """ "Kassel" (a city English writes capitalised) is not taken for Cassel on the topic alone."""
    lex = "context: [Germany]\nentries:\n  - {canonical: Cassel, type: place}\n"
    n = normalizer(lex, "exact", "phonetic")
    assert n.find("In Germany, Kassel held a fair.") == ()
    fixed = n.fix("In Germany, Kassel held a fair. Cassel did not.")
    assert fixed.text == "In Germany, Cassel held a fair. Cassel did not."


def test_two_names_about_as_near_are_left_alone() -> None:
    """When two entries written differently are within the margin, nothing is guessed."""
    lex = "context: [Libya]\nentries:\n  - {canonical: Zintana}\n  - {canonical: Zentane}\n"
    n = normalizer(lex, "phonetic")
    assert n.fix("In Libya, Zintanu fell.").text == "In Libya, Zintana fell."  # one vowel off, two
    assert n.find("In Libya, Zentana fell.") == ()  # one vowel off each


def test_short_names_are_never_matched() -> None:
    """A name of four sounds has too small a skeleton to be told from chance."""
    lex = "context: [Libya]\nentries:\n  - {canonical: Ghat}\n  - {canonical: Hun}\n"
    assert normalizer(lex, "phonetic").find("In Libya, Khata and Huna fell.") == ()


def test_homonyms_are_all_claimants() -> None:
    """Two entries named alike are both named by the match (the document decides, as for exact names)."""
    lex = (
        "context: [Libya]\nentries:\n"
        "  - {id: zintan-a, canonical: Zintan}\n  - {id: zintan-b, canonical: Zintan}\n"
    )
    (m,) = normalizer(lex, "phonetic").find("In Libya, Zintana fell.")
    assert m.entries == ("zintan-a", "zintan-b")


def test_the_table_is_plain_data() -> None:
    """The compiled table holds only str, int, tuple, dict and frozenset (stored as flat data)."""
    table: PhoneticTable = normalizer(LEX, "phonetic").index.tables["phonetic"]  # type: ignore[assignment]

    def plain(x: object) -> bool:
        if isinstance(x, str | int):
            return True
        if isinstance(x, tuple | frozenset):
            return all(plain(v) for v in x)
        if isinstance(x, dict):
            return all(plain(k) and plain(v) for k, v in x.items())
        return False

    assert type(table) is dict and plain(table)
    assert table["blocks"]["TrKn"]  # Tarhuna under its skeleton


def test_candidates_come_from_the_skeleton_block_only() -> None:
    """A spelling whose skeleton no name has finds nothing, however near by plain edits."""
    n = normalizer(LEX, "phonetic")
    table = n.index.tables["phonetic"]
    assert best_phonetic(n.index, table, "Zintab") == []  # type: ignore[arg-type]
    assert best_phonetic(n.index, table, "Zintana")  # type: ignore[arg-type]


def test_skeleton_classes() -> None:
    """Letters of one class share a skeleton; vowels, doubled letters, glides after a vowel do not count."""
    (a,) = name_forms("Tarkhuny")
    (b,) = name_forms("Tarhuna")
    assert skeletons(a) == skeletons(b)
    (c,) = name_forms("Awbari")
    (d,) = name_forms("Ubbariy")
    assert skeletons(c) == skeletons(d) or not skeletons(c)
    assert {"rSlKl", "rSKl"} == {s for f in name_forms("Ras al-Hilal") for s in skeletons(f)}


units = st.lists(st.sampled_from(["a", "e", "i", "k", "kh", "h", "s", "z", "t", "r", "n", "sh"]), max_size=8)


@given(units, units)
def test_distance_is_symmetric_and_zero_on_itself(a: list[str], b: list[str]) -> None:
    """The weighted distance is a symmetric cost, zero only between equal sequences of units."""
    assert distance(a, a, 100.0) == 0.0
    assert distance(a, b, 100.0) == pytest.approx(distance(b, a, 100.0))
    if a != b:
        assert distance(a, b, 100.0) > 0


def _plain_distance(a: list[str], b: list[str], limit: float) -> float:
    """The weighted edit distance written plainly, one ``min`` a cell: the oracle of :func:`distance`."""
    prev = [0.0]
    for u in b:
        prev.append(prev[-1] + _indel(u))
    for x in a:
        cur = [prev[0] + _indel(x)]
        for j, y in enumerate(b, 1):
            cur.append(min(prev[j] + _indel(x), cur[j - 1] + _indel(y), prev[j - 1] + swap_cost(x, y)))
        if min(cur) > limit:
            return limit + 1.0
        prev = cur
    return prev[-1]


@given(units, units, st.sampled_from([0.0, 0.25, 0.3, 0.5, 0.6, 0.75, 1.0, 1.3, 1.5, 1.7, 2.5, 100.0]))
def test_distance_is_the_plain_dynamic_programme(a: list[str], b: list[str], limit: float) -> None:
    """The unrolled, bounded distance gives exactly the plain one within ``limit``, and more beyond it."""
    plain = _plain_distance(a, b, limit)
    if plain <= limit:
        assert distance(a, b, limit) == plain
    else:
        assert distance(a, b, limit) > limit


def test_every_edit_costs_at_least_the_least_edit() -> None:
    """MIN_EDIT bounds every swap, insertion and deletion of two different units from below."""
    every = [
        "a",
        "e",
        "i",
        "o",
        "u",
        "y",
        "b",
        "k",
        "kh",
        "h",
        "q",
        "g",
        "s",
        "z",
        "sh",
        "t",
        "d",
        "r",
        "n",
        "l",
    ]
    assert MIN_EDIT > 0
    assert all(swap_cost(x, y) >= MIN_EDIT for x in every for y in every if x != y)
    assert all(_indel(x) >= MIN_EDIT for x in every)


def test_pairs_too_many_edits_apart_are_over_the_limit_without_the_programme() -> None:
    """Seven consonants apart at a limit of 1.0 is over it: the programme is not run."""
    with patch("normalize.engine.mechanisms.phonetic._SWAPS") as swaps:  # the programme's only table
        assert distance(list("bdfgjkl"), list("mnprstv"), 1.0) > 1.0
        assert not swaps.get.called


PEOPLE = """
entries:
  - {canonical: Mikhail Gorbachev, type: person}
  - {canonical: Boris Yeltsin, type: person}
  - {canonical: Anton Chekhov, type: person}
  - {canonical: Vladimir Nabokov, type: person}
  - {canonical: Fyodor Dostoevsky, type: person}
  - {canonical: Ivan Turgenev, type: person}
  - {canonical: Kassel Lane, type: place}
"""


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        # German spellings: w for v, tsch for ch; the surname then follows the named person
        (
            "Michail Gorbatschow spoke. Later Gorbatschow left.",
            "Mikhail Gorbachev spoke. Later Gorbachev left.",
        ),
        # j for y and z for ts: a short surname two class letters away, once the person is named
        ("Boris Jelzin spoke. Later Jelzin left.", "Boris Yeltsin spoke. Later Yeltsin left."),
        # Spanish j and German/Spanish ch for kh
        ("Anton Chejov wrote it.", "Anton Chekhov wrote it."),
        ("Vladimir Nabokow wrote it.", "Vladimir Nabokov wrote it."),
        # a glide between vowels romanised or not, and w for v, together
        ("Fjodor Dostojewski wrote it.", "Fyodor Dostoevsky wrote it."),
        ("Michail Gorbaczow spoke.", "Mikhail Gorbachev spoke."),  # Polish cz
        ("Ivan Tourgueniev wrote it.", "Ivan Turgenev wrote it."),  # French ou
    ],
)
def test_a_persons_whole_name_heard_names_the_person(text: str, fixed: str) -> None:
    """A person's given name and surname both heard as theirs need no topic; the surname then follows."""
    assert normalizer(PEOPLE, "exact", "phonetic").fix(text).text == fixed


def test_a_surname_alone_still_needs_evidence() -> None:
    """A surname heard alone, with nothing naming the person, is left alone; so is a place's name."""
    n = normalizer(PEOPLE, "exact", "phonetic")
    assert n.find("Later Gorbatschow left.") == ()
    assert n.find("Later Jelzin left.") == ()
    assert n.find("They walked down Kasel Lein.") == ()  # a place needs the topic, whole or not


def test_other_people_are_not_heard_as_listed_ones() -> None:
    """A different person sharing a given name is no sound-alike of a listed one."""
    n = normalizer(PEOPLE, "exact", "phonetic")
    assert n.find("Boris Johnson spoke. Mikhail Baryshnikov danced.") == ()


def test_readings_file_w_as_v() -> None:
    """ "Nabokow" is read as "Nabokov" too (German and Polish w), as well as written."""
    forms = name_forms("Nabokow")
    assert ("n", "a", "b", "o", "k", "o", "v") in forms
    assert len(forms) == 2
