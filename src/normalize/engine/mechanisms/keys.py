"""``keys``: spellings that differ by transliteration only ("Sidi Barani", "es-sider").

Two spellings with equal transliteration-invariant keys (:func:`normalize.keys.key`:
diacritics, hyphens, Arabic article forms, doubled letters, digraph classes) are one
name. Looked up for name-like words no earlier mechanism took, and for runs of 2-4
name-like words that share a word with a keyed name. A lone word wordfreq knows (rarely)
needs the topic, or the entity named elsewhere when English writes it capitalised
(:func:`~normalize.engine.evidence.spelling_need`); a short key (under 5 letters) needs the
topic.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from ...keys import key
from ...model import Method
from ..candidate import SCORE_KEY, Candidate, Evidence, Role
from .base import Mechanism

if TYPE_CHECKING:
    from ..document import Document
    from ..index import AutomatonBuilder, Index

#: Keys shorter than this match many names by chance: a lone word needs the topic.
MIN_SURE_KEY = 5


def key_owners(index: Index, text: str) -> tuple[tuple[int, Role], ...]:
    """Return the (entry, role) pairs whose key equals the key of ``text``."""
    return index.key_table.get(key(text), ())


class Keys(Mechanism[None]):
    """Match by transliteration key; see the module docstring."""

    name = "keys"

    def compile(self, index: Index, automaton: AutomatonBuilder) -> None:
        return None  # the key table is shared: Index.key_table

    def propose(self, doc: Document, table: None, prior: Sequence[Candidate]) -> Iterator[Candidate]:
        index, text = doc.index, doc.text
        for span in doc.run_windows:
            k = key(text[span[0] : span[1]])
            for entry, role in index.key_table.get(k, ()):
                yield self.candidate(
                    doc, span, entry, role, Method.KEY, SCORE_KEY, f"transliteration key {k!r}"
                )
        looked = doc.memo.table(self.name)  # a word's owners and need, once per distinct word
        for span in doc.free_words(prior):
            word = text[span[0] : span[1]]
            try:
                k, owners, need = looked[word]
            except KeyError:
                k, owners, need = looked[word] = _owners(doc, word)
            for entry, role in owners:
                yield self.candidate(
                    doc, span, entry, role, Method.KEY, SCORE_KEY, f"transliteration key {k!r}", need
                )


def _owners(doc: Document, word: str) -> tuple[str, tuple[tuple[int, Role], ...], Evidence]:
    """Return a lone word's key, the (entry, role) pairs that own it, and the evidence they need."""
    k = key(word)
    owners = doc.index.key_table.get(k, ())
    if not owners:
        return k, (), Evidence.NONE
    base = Evidence.NONE if len(k) >= MIN_SURE_KEY else Evidence.TOPIC
    need = doc.spelling_need(word, base)
    if need is None:
        return k, (), Evidence.NONE
    return k, tuple(owners), need
