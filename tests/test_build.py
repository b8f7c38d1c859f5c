"""The build-time shortcuts give what the functions they stand for give."""

from __future__ import annotations

import os
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from normalize import aside, wordfreqs
from normalize.aside import Aside
from normalize.engine import index as index_module
from normalize.engine.index import Automaton, Index
from normalize.engine.mechanisms.fuzzy import fuzzy_forms
from normalize.keys import fold, key
from normalize.lexicon import Lexicon
from normalize.model import Entry, Variant
from normalize.ordinary import (
    common_words,
    famous_name,
    guard_facts,
    ordinary_phrase,
    written_capitalised,
)

NAMES = st.text(
    alphabet=st.sampled_from(list("abcdefghijklmnopqrstuvwxyzKRSTAEO -'.éğхл")), min_size=0, max_size=20
)
SAMPLES = ["Kiev", "rome", "the point", "Volcano of Anger", "Reading", "Egypt", "C++", "", "Slashes", "al"]


@given(NAMES | st.sampled_from(SAMPLES))
@settings(max_examples=300, deadline=None)
def test_guard_facts_are_the_guard_functions(text: str) -> None:
    facts = guard_facts(text, "en")
    assert facts.ordinary_phrase == ordinary_phrase(text, "en")
    assert facts.common_words == common_words(text, "en")
    assert facts.famous_name == famous_name(text, "en")
    assert facts.written_capitalised == written_capitalised(text, "en")


@given(st.text(max_size=12) | st.sampled_from(["Kiev", "ROME", "İstanbul", "ΟΔΟΣ", "Straße"]))
@settings(max_examples=300, deadline=None)
def test_a_words_frequency_does_not_depend_on_its_casing(word: str) -> None:
    """``guard_facts`` asks each word's frequency once, as written, for all its questions."""
    assert wordfreqs.zipf(word, "en") == wordfreqs.zipf(word.lower(), "en")


def _index() -> Index:
    entries = (
        Entry(id="a", canonical="Az Zawiyah", variants=(Variant("Zawia"), Variant("Ez-Zawiya"))),
        Entry(id="b", canonical="Misrata", variants=(Variant("Misurata"),)),
    )
    return Index(Lexicon(entries))


@given(NAMES)
@settings(max_examples=100, deadline=None)
def test_name_key_is_key_after_the_build(text: str) -> None:
    assert _INDEX.name_key(text) == key(text)


_INDEX = _index()


def test_name_key_memoises_only_while_building() -> None:
    assert _INDEX._key_memo is None
    _INDEX._key_memo = {}
    try:
        assert _INDEX.name_key("Es-Sider") == key("Es-Sider") == _INDEX._key_memo["Es-Sider"]
    finally:
        _INDEX._key_memo = None


@given(NAMES)
@settings(max_examples=100, deadline=None)
def test_fuzzy_forms_with_a_key_memo(text: str) -> None:
    memo: dict[str, str] = {}
    forms = {key(text).replace(" ", ""), "".join(c for c in fold(text) if c.isalnum())}
    assert fuzzy_forms(text, lambda t: memo.setdefault(t, key(t))) == fuzzy_forms(text) == forms


_KEYS = st.lists(st.text("ab c", min_size=1, max_size=6), min_size=1, max_size=30, unique=True)


@given(_KEYS, st.text("ab c", max_size=60), st.lists(st.text("abc", min_size=1, max_size=5), max_size=20))
@settings(max_examples=60)
def test_an_automaton_finds_the_same_with_a_sample_or_none(
    keys: list[str], text: str, sample: list[str]
) -> None:
    """The sample text plans the automaton's layout only: every search gives the same hits."""
    assert Automaton.of(keys, sample).find(text) == Automaton.of(keys).find(text)


def test_common_words_of_a_language_and_of_none() -> None:
    """A language wordfreq knows gives its commonest words first; one it does not know, none."""
    words = wordfreqs.common_words("en", 50)
    assert len(words) == 50 and "the" in words[:3]
    assert wordfreqs.common_words("xx") == []


def test_aside_hands_back_the_childs_value() -> None:
    value = {"a": (1, 2), "b": frozenset({"x"})}
    assert Aside(lambda: value, fork=True).result() == value
    assert Aside(lambda: value, fork=False).result() == value


def test_aside_computes_here_when_the_child_fails() -> None:
    parent = os.getpid()

    def work() -> int:
        if os.getpid() != parent:
            raise RuntimeError("only in the child")
        return 7

    assert Aside(work, fork=True).result() == 7


def test_index_tables_the_same_forked_or_not(monkeypatch: pytest.MonkeyPatch) -> None:
    lexicon = _INDEX.lexicon
    monkeypatch.setattr(aside, "can_fork", lambda: True)
    monkeypatch.setattr(index_module, "ASIDE_MIN_ENTRIES", 0)
    forked = Index(lexicon)
    monkeypatch.setattr(aside, "can_fork", lambda: False)
    here = Index(lexicon)
    assert forked.tables == here.tables
    assert list(forked.tables) == list(here.tables)  # in the registry's order


def test_the_child_reads_only_what_is_built_before_it_is_forked(monkeypatch: pytest.MonkeyPatch) -> None:
    """The forked child sees the index as it is at the fork: its tables come out the same from that alone."""

    class AtFork(Aside[object]):
        """Computes the work at once, as the child does at the fork; a failure is not hidden."""

        def __init__(self, work: Callable[[], object], *, fork: bool | None = None) -> None:
            self.value = work()

        def result(self) -> object:
            return self.value

    lexicon = _INDEX.lexicon
    here = Index(lexicon)
    monkeypatch.setattr(index_module, "Aside", AtFork)
    monkeypatch.setattr(index_module, "ASIDE_MIN_ENTRIES", 0)
    assert Index(lexicon).tables == here.tables


def test_declined_stems_merge_classes_and_extra_endings() -> None:
    """A lexicon's endings join every class; a whole-name stem takes no English suffix; no class, no stem."""
    from normalize.variants import ENGLISH_SUFFIXES, declined_stems

    assert declined_stems("Tripoli", ("ru", "uk"), {"ru": ("xyz",)}) == ()
    ((stem, forms),) = declined_stems("Haftar", ("ru", "uk"), {"ru": ("xyz",)})
    assert stem == "haftar" and "xyz" in forms and not forms & ENGLISH_SUFFIXES
    ((stem, forms),) = declined_stems("Misrata", ("ru",), None)
    assert stem == "misrat" and {"y", "e", "u"} <= forms and "xyz" not in forms
    assert declined_stems("Lepel'", ("ru",)) == declined_stems("Lepel", ("ru",))
