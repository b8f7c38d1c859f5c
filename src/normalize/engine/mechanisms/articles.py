"""``articles``: a spurious "the" before a person's name ("the Haftarah" -> "Haftar").

English MT adds an article where the source language has none. A garbled person mention
always takes a "the" just before it into its span. A correct surname-only mention does
when the name is not used as a modifier, i.e. when what follows it is punctuation or a
function word ("talks with the Sarraj and ...", but not "the Sarraj government").
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import regex

from ...language import table
from ...model import Method
from ..candidate import Candidate
from .base import PersonWidening

if TYPE_CHECKING:
    from ..document import Document

#: Characters before a name searched for the article.
ARTICLE_WINDOW = 8

_THE = regex.compile(r"(?<![\p{L}\p{M}\p{N}])[Tt]he +$")
#: After a surname-only mention, what shows the name is not a modifier ("the Sarraj government").
_FOLLOW_OK = regex.compile(
    r"\s*(?:[.,;:!?)\]\u201d\u201c\"\u2014\u2013]|$|(?:"
    + "|".join(map(regex.escape, table("en", "after_name")))
    + r")(?![\p{L}]))"
)


class Articles(PersonWidening):
    """Extend person mentions over a spurious article; see the module docstring."""

    name = "articles"

    def widen(self, doc: Document, c: Candidate) -> Iterator[Candidate]:
        text, index = doc.text, doc.index
        assert c.entry is not None
        unchanged = c.replacement == text[c.start : c.end]
        if unchanged and (
            not c.canonical_mention
            or c.replacement != index.shorts[c.entry]
            or not _FOLLOW_OK.match(text, c.end)
        ):
            return
        if not unchanged and c.method is Method.EXACT:
            return
        m = _THE.search(text, max(0, c.start - ARTICLE_WINDOW), c.start)
        if m:
            yield Candidate(
                m.start(),
                c.end,
                c.entry,
                c.replacement,
                Method.GENERATED if unchanged else c.method,
                c.score,
                (c.reason + "; " if not unchanged else "") + "spurious article before the name",
                self.name,
                need=c.need,
                person=True,
            )
