"""The build-time shortcuts give what the functions they stand for give."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from normalize.engine.index import Index
from normalize.engine.mechanisms.fuzzy import fuzzy_forms
from normalize.keys import key
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
    assert fuzzy_forms(text, lambda t: memo.setdefault(t, key(t))) == fuzzy_forms(text)
