"""The evidence model: what a document says about which entries it is about.

Machine-translated names are fixed with confidence when the document is about them. A
candidate carries the :class:`~normalize.engine.candidate.Evidence` level it needs, and
this model answers, per entry, whether the document gives it:

- an entry is *mentioned* when some candidate for it needs no evidence itself (its
  canonical name as written, a listed variant, a key or an ending of an unknown word);
- its *context words* (``context:`` of the entry) occur in the document; a context
  word that is another entry's name counts wherever that entry is mentioned, in any form;
- its *topic* is present when its lexicon file's ``context:`` words occur, or when two
  other entries of the same file are mentioned (a news item about Libya names several
  Libyan places and people); its *subject* likewise, but other entries count only in a
  topical file (:data:`TOPICAL_FILE`), not in a gazetteer.

A rule needs no evidence. The model is built once per document from all candidates.

How much evidence a spelling needs also depends on whether English knows it
(:func:`spelling_need`): a spelling wordfreq has never seen needs only what its mechanism
asks; one it knows rarely (below ``Config.ordinary_zipf``) is no ordinary word either, so
the document's topic is enough (a short news item naming Tripoli fixes "Sabratha" for
Sabratah), unless English writes it capitalised (a name of something else: then the entry
must be named elsewhere); an ordinary word is never made a name.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from ..keys import split_words
from .candidate import Candidate, Evidence, Role
from .index import Index


def spelling_need(
    zipf: float, ordinary_zipf: float, need: Evidence, *, known_name: bool = False
) -> Evidence | None:
    """Return the evidence a candidate for a word of Zipf frequency ``zipf`` needs, or None (never).

    ``need`` is what the mechanism asks for a word wordfreq does not know. A word it knows
    but rarely (``0 < zipf < ordinary_zipf``) is no ordinary word: MT spellings of names
    land there by chance ("Sirt" 1.4, "Sabratha" 1.5), so the document's subject is enough
    to tell them from the rare words of other subjects (:attr:`Evidence.SUBJECT`: the
    topic, where other entries named count only in a topical file, not in a gazetteer).
    A rare word English writes capitalised (``known_name``: "Kassel", the name of
    something else) needs the entry named elsewhere in the document. An ordinary word
    never becomes a name by a derived form.
    """
    if zipf >= ordinary_zipf:
        return None
    if zipf > 0:
        return max(need, Evidence.ENTITY if known_name else Evidence.SUBJECT)
    return need


def whole_person_need(index: Index, entry: int, role: Role | int, need: Evidence) -> Evidence:
    """Return the evidence a near match of a span of several words needs, ``need`` by default.

    A person's whole name, given name and surname both near the entry's ("Anton Chekov",
    "Michail Gorbatschow"), names the person as a listed variant would: two words of one
    name, each close, do not meet by chance. It needs nothing more, and a surname-only
    mention elsewhere in the document then has its entity named.
    """
    if role == Role.FULL and entry in index.persons and len(split_words(index.canonicals[entry])) > 1:
        return Evidence.NONE
    return need


#: A lexicon file of more entries than this is a gazetteer, not a topic (Evidence.SUBJECT).
#: The bundled default lexicon has about 150; a world gazetteer has tens of thousands, and
#: in clean English two of its cities named made rare words sound-alikes of others
#: (``benchmarks/false_positives.py --stress``).
TOPICAL_FILE = 1000


class EvidenceModel:
    """Answer "does the document give entry E evidence of level L?"; see the module docstring."""

    __slots__ = ("_context", "_domains", "_index", "_spans", "mentioned")

    def __init__(self, index: Index, context: set[int], candidates: Iterable[Candidate]) -> None:
        self._index = index
        self._context = context
        self._spans: dict[int, set[tuple[int, int]]] = {}
        spans, none = self._spans, Evidence.NONE
        for c in candidates:  # a need is always an Evidence member: compared by identity
            if c.need is none and c.entry is not None:
                spans.setdefault(c.entry, set()).add((c.start, c.end))
        self.mentioned = frozenset(self._spans)
        self._domains = Counter(index.domain_of[e] for e in self.mentioned)
        # an entry mentioned in any form counts as its name written, for context words
        named = [index.names_context[e] for e in self.mentioned if index.names_context[e]]
        if named:
            self._context = context.union(*named)

    def has(self, entry: int, need: Evidence = Evidence.TOPIC) -> bool:
        """Return True when the document gives ``entry`` evidence of level ``need`` or stronger."""
        if need == Evidence.NONE or entry in self.mentioned:
            return True
        if need == Evidence.ENTITY:
            return False
        if self._index.context_of[entry] & self._context:
            return True
        if need == Evidence.CONTEXT:
            return False
        if self._index.topic_of[entry] & self._context:
            return True
        domain = self._index.domain_of[entry]
        if need == Evidence.SUBJECT and self._index.domain_size[domain] > TOPICAL_FILE:
            return False
        return self._domains[domain] >= 2

    def settles(self, entry: int, start: int, end: int) -> bool:
        """Return True when the document names ``entry`` apart from the span ``start:end``.

        Used to break a tie between homonyms at that span: its own context words, or a
        mention somewhere that does not overlap the span (the span itself names them all).
        """
        if self._index.context_of[entry] & self._context:
            return True
        return any(e <= start or s >= end for s, e in self._spans.get(entry, ()))

    def allows(self, c: Candidate) -> bool:
        """Return True when candidate ``c`` has the evidence it needs (rules always do)."""
        return c.entry is None or self.has(c.entry, c.need)
