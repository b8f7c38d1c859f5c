"""``exact``: canonical names, accepted spellings and listed variants, found as written.

The automaton finds every listed surface as whole words, case-insensitively; a
``case_sensitive`` variant must match its casing exactly. A variant writes its entry's
canonical (or short form, for a one-word variant of a person: a surname-only mention).
A canonical found with other casing is proposed as written here; ``casing`` proposes the
re-cased form. A guarded variant that English writes capitalised ("Kiev", "Rome") applies
only where the text writes it with a capital: in lowercase it is not used as a name. A
one-word name that is an ordinary word ("Reading", "Nice", "Of") is no mention of the
place when written in lowercase, and only a weak one when capitalised.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from ...keys import APOSTROPHES
from ...model import EntryType, Method
from ..candidate import SCORE_AS_WRITTEN, SCORE_EXACT, Candidate, Evidence
from ..index import Kind
from .base import Mechanism

#: Characters a variant may start with that the automaton's word-aligned keys leave out.
_NOT_LEADING = "".join(chr(c) for c in range(0x21, 0x80) if not chr(c).isalnum()) + APOSTROPHES

if TYPE_CHECKING:
    from ..document import Document
    from ..index import AutomatonBuilder, Index


def literal_prefix(variant: str) -> str:
    """Return the punctuation a variant starts with that is part of the token (".NET", "#1").

    Apostrophe-like marks at the start ("`Adan") are transliteration marks, not part of a
    token: the word matches without them, so they are not returned.
    """
    lead = len(variant) - len(variant.lstrip(_NOT_LEADING))
    return variant[:lead] if lead and not any(c in APOSTROPHES for c in variant[:lead]) else ""


class Exact(Mechanism[None]):
    """Find the lexicon's surfaces as written."""

    name = "exact"
    generated = False

    def compile(self, index: Index, automaton: AutomatonBuilder) -> None:
        for entry, surfaces in enumerate(index.surfaces):
            for n, s in enumerate(surfaces):
                if s.listed:
                    automaton.add(s.text, self.name, (entry, n))

    def propose(self, doc: Document, table: None, prior: Sequence[Candidate]) -> Iterator[Candidate]:
        index, text = doc.index, doc.text
        for start, end, payload in doc.hits.get(self.name, ()):
            entry, n = payload
            s = index.surfaces[entry][n]
            e = index.entries[entry]
            surface = text[start:end]
            target = index.render(entry, s.role)
            c = Candidate(
                start,
                end,
                entry,
                surface,
                Method.EXACT,
                SCORE_EXACT,
                "canonical",
                self.name,
                person=e.type is EntryType.PERSON,
                canonical_mention=surface == target,
            )
            if s.kind is Kind.ACCEPTED:
                yield replace(c, reason="accepted spelling", canonical_mention=False)
            elif s.kind is Kind.VARIANT:
                lead = literal_prefix(s.text)
                if lead:  # ".NET": the punctuation is part of the token and must be there
                    if text[max(0, start - len(lead)) : start] != lead:
                        continue
                    c.start -= len(lead)
                    surface = text[c.start : end]
                    c.replacement = surface
                    c.canonical_mention = surface == target
                if s.case_sensitive and surface != s.text:
                    continue
                if surface == target:
                    yield c
                    continue
                why = f"listed variant of {e.canonical}"
                if s.common:
                    why += " (common words: evidence required)"
                if s.capitalised and not any(ch.isupper() for ch in surface):
                    continue  # "rome" in running text is no name (and "rome" for Lomé is junk)
                need = Evidence.CONTEXT if s.needs_context else Evidence.NONE
                yield replace(c, replacement=target, method=Method.VARIANT, reason=why, need=need)
            else:
                if s.ordinary and surface.islower():
                    continue  # "of" is not the Turkish town Of, "reading" not Reading
                c.need = Evidence.TOPIC if s.ordinary else Evidence.NONE
                if surface != target:
                    c.score, c.reason = SCORE_AS_WRITTEN, "canonical (casing left as written)"
                yield c
