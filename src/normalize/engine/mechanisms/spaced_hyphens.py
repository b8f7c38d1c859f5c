"""``spaced_hyphens``: a hyphenated name with spaces around its hyphens ("Bani - Walid").

MT systems often write the hyphens of names as spaced dashes: "Bani - Walid",
"Abu - Salim", "Ras - al - Hilal". A chain of words joined by spaced hyphens (or en
dashes), starting with a capital, is looked up by transliteration key as if it were
written with plain hyphens; its longest sub-chain that names an entry is proposed.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

import regex

from ...model import Method
from ..candidate import SCORE_KEY, Candidate
from .base import Mechanism
from .keys import key_owners

if TYPE_CHECKING:
    from ..document import Document
    from ..index import AutomatonBuilder, Index

#: Most words of one chain.
MAX_CHAIN_WORDS = 5

_WORD = r"\p{L}[\p{L}\p{M}]*"
_DASH = r"[ \t]+[-\u2010\u2011\u2012\u2013][ \t]+"
_CHAIN = regex.compile(
    rf"(?<![\p{{L}}\p{{M}}\p{{N}}])\p{{Lu}}[\p{{L}}\p{{M}}]*(?:{_DASH}{_WORD})+(?![\p{{L}}\p{{M}}])"
)
_PART = regex.compile(_WORD)
#: What every chain contains (a plain substring test is much faster than the regex).
_DASHES = (" -", " \u2010", " \u2011", " \u2012", " \u2013", "\t-", "\t\u2013")


class SpacedHyphens(Mechanism[None]):
    """Close spaced hyphens inside names; see the module docstring."""

    name = "spaced_hyphens"

    def compile(self, index: Index, automaton: AutomatonBuilder) -> None:
        return None  # looks chains up in the shared key table

    def propose(self, doc: Document, table: None, prior: Sequence[Candidate]) -> Iterator[Candidate]:
        text = doc.text
        if not any(d in text for d in _DASHES):  # the common case: no chain at all
            return
        for chain in _CHAIN.finditer(text):
            parts = [p.span() for p in _PART.finditer(text, chain.start(), chain.end())][:MAX_CHAIN_WORDS]
            yield from self._longest(doc, parts)

    def _longest(self, doc: Document, parts: list[tuple[int, int]]) -> Iterator[Candidate]:
        """Yield candidates for the longest sub-chains (of 2+ words) that name an entry."""
        text = doc.text
        for size in range(len(parts), 1, -1):
            found = False
            for i in range(len(parts) - size + 1):
                s, e = parts[i][0], parts[i + size - 1][1]
                if not text[s].isupper():
                    continue
                joined = "-".join(text[a:b] for a, b in parts[i : i + size])
                for entry, role in key_owners(doc.index, joined):
                    found = True
                    why = f"spaced hyphens closed: {joined!r}"
                    yield self.candidate(doc, (s, e), entry, role, Method.KEY, SCORE_KEY, why)
            if found:
                return
