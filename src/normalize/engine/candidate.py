"""What mechanisms propose: candidates, the evidence they need, and the named scores.

A :class:`Candidate` is one proposed reading of a span: the entry it names (or the rule),
the text it would write, how sure the mechanism is, and the evidence the document must
give before it may be applied (see :mod:`normalize.engine.evidence`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from ..model import Method


class Evidence(IntEnum):
    """How much the document must say for an entry before a candidate applies.

    Each level also accepts what the stricter ones accept:

    - ``NONE``: nothing (exact names, listed variants, keys and endings of unknown words);
    - ``TOPIC``: the entry's context words, its lexicon file's topic words, or two other
      entries of its file mentioned;
    - ``SUBJECT``: as ``TOPIC``, but other entries of the file count only when the file is
      a topical lexicon, not a gazetteer (at most
      :data:`~normalize.engine.evidence.TOPICAL_FILE` entries): two cities named in a text
      do not make every city of the world its subject (weak candidates: a sound-alike, a
      rare word wordfreq knows);
    - ``CONTEXT``: the entry's own context words (a listed ``context: true`` variant);
    - ``ENTITY``: the same entry mentioned by a candidate that needs no evidence.
    """

    NONE = 0
    TOPIC = 1
    SUBJECT = 2
    CONTEXT = 3
    ENTITY = 4


class Role(IntEnum):
    """How a match of an entry is rendered: its canonical, or its surname-only short form."""

    FULL = 0
    SHORT = 1


#: Each role by its number (``ROLES[n]``): a payload stores a role as an int, and a tuple
#: lookup is cheaper than calling the enum in a loop over hits.
ROLES = tuple(Role)

# --- scores, named once (the decision ranks by method tier first, then score) -------------
#: A canonical name, accepted spelling, listed variant or rule.
SCORE_EXACT = 100.0
#: A correct name left as written because the change it would take needs evidence.
SCORE_AS_WRITTEN = 99.0
#: A case ending on a known stem, found in the text as written ("Haftarom").
SCORE_ENDING = 95.0
#: Equal transliteration keys; a keyed case ending; a word-by-word calque.
SCORE_KEY = 90.0
#: A case ending snapped to an English word ("Haftarot"), found as written.
SCORE_SNAPPED = 85.0
#: A snapped ending found after transliteration (less sure than :data:`SCORE_SNAPPED`).
SCORE_SNAPPED_KEYED = 80.0


@dataclass(slots=True)
class Candidate:
    """A proposed edit (or a correct mention, when ``replacement`` equals the text).

    ``entry`` is the index of the entry in :attr:`Index.entries`, or None for a rule
    (then ``rule`` holds the rule's id). ``mechanism`` is the registry name of the
    mechanism that proposed it; ``canonical_mention`` marks a canonical or short form
    found exactly as written (other mechanisms may build on it: a spurious article).
    """

    start: int
    end: int
    entry: int | None
    replacement: str
    method: Method
    score: float
    reason: str
    mechanism: str
    need: Evidence = Evidence.NONE
    person: bool = False
    rule: str = ""
    canonical_mention: bool = False

    @property
    def span(self) -> tuple[int, int]:
        """Return (start, end)."""
        return self.start, self.end


def placeless(c: Candidate | None) -> tuple[Any, ...] | None:
    """Return what a candidate holds but its span (None for no candidate).

    A mechanism whose candidate for a piece of text depends on that text only remembers
    this across documents and makes each occurrence as ``Candidate(start, end, *fields)``.
    """
    if c is None:
        return None
    return (
        *(c.entry, c.replacement, c.method, c.score, c.reason, c.mechanism),
        *(c.need, c.person, c.rule, c.canonical_mention),
    )
