"""``exact``: canonical names, accepted spellings and listed variants, found as written.

The automaton finds every listed surface as whole words, case-insensitively; a
``case_sensitive`` variant must match its casing exactly. A variant writes its entry's
canonical (or short form, for a one-word variant of a person: a surname-only mention).
A canonical found with other casing is proposed as written here; ``casing`` proposes the
re-cased form. A guarded variant that English writes capitalised ("Kiev", "Rome") applies
only where the text writes it with a capital: in lowercase it is not used as a name. A
one-word name that is an ordinary word ("Reading", "Nice", "Of") is no mention of the
place when written in lowercase, and only a weak one when capitalised. A word in capitals
standing alone in running text ("ANSI", "OS", "TIME") is an acronym or a code: only a
surface listed in capitals is found there (see :meth:`Document.lone_capitals`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ...keys import APOSTROPHES
from ...model import Method
from ..candidate import ROLES, SCORE_AS_WRITTEN, SCORE_EXACT, Candidate, Evidence, placeless
from ..index import Kind, acronym
from .base import Mechanism

#: Characters a variant may start with that the automaton's word-aligned keys leave out.
_NOT_LEADING = "".join(chr(c) for c in range(0x21, 0x80) if not chr(c).isalnum()) + APOSTROPHES

if TYPE_CHECKING:
    from ..document import Document
    from ..index import AutomatonBuilder, Index, Surface

#: What ``exact`` files with a surface: all a hit needs to make its candidate, so that no
#: entry's surfaces are decoded for it (an entry of a gazetteer has dozens; new text hits
#: thousands of entries a MB): (entry, surface number, kind, role, literal prefix, the
#: surface when it is case-sensitive else "", capitalised, common, needs context, listed in
#: capitals, ordinary).
Payload = tuple[int, int, int, int, str, str, bool, bool, bool, bool, bool]


def payload_of(entry: int, n: int, s: Surface) -> Payload:
    """Return the payload ``exact`` files surface ``n`` of ``entry`` with (see :data:`Payload`)."""
    return (
        *(entry, n, int(s.kind), int(s.role), literal_prefix(s.text)),
        *(s.text if s.case_sensitive else "", s.capitalised, s.common, s.needs_context),
        *(acronym(s.text), s.ordinary),
    )


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
                    # an ordinary-word name is dropped below wherever written in lowercase
                    automaton.add(s.text, self.name, payload_of(entry, n, s), cased=s.ordinary)

    def propose(self, doc: Document, table: None, prior: Sequence[Candidate]) -> list[Candidate]:
        # a hit's candidate depends on its surface and payload only (but for a variant with
        # punctuation before its first word: see _hit), so it is made once per pair and
        # copied to each place the pair recurs (names repeat)
        text, made = doc.text, doc.memo.table(self.name)
        out: list[Candidate] = []
        add = out.append
        for start, end, payload in doc.hits.get(self.name, ()):
            surface = text[start:end]
            # a default, not a caught KeyError: in new text a pair is often not seen yet
            fields = made.get((payload, surface), _NEW)
            if fields is _NEW or fields is _AT_PLACE:
                c = self._hit(doc, start, end, payload)
                if fields is _NEW:  # the first of its pair: its fields kept for the others, unless
                    # a literal prefix or capitals make the candidate depend on the text around
                    made[payload, surface] = _AT_PLACE if payload[4] or surface.isupper() else placeless(c)
                if c is not None:
                    add(c)
            elif fields is not None:
                add(Candidate(start, end, *fields))
        return out

    def _hit(self, doc: Document, start: int, end: int, payload: Payload) -> Candidate | None:
        """Return the candidate of one automaton hit, if it makes one."""
        index, text, name = doc.index, doc.text, self.name
        entry, _, kind, role, lead, case_text, capitalised, common, needs_context, capitals, ordinary = (
            payload
        )
        person = entry in index.persons
        surface = text[start:end]
        if not capitals and surface.isupper() and doc.lone_capitals(start, end):
            return None  # "ANSI", "OS", "TIME" alone in running text: an acronym or a code
        target = index.render(entry, ROLES[role])
        if kind == Kind.ACCEPTED:
            reason = "accepted spelling"
            return Candidate(
                start, end, entry, surface, Method.EXACT, SCORE_EXACT, reason, name, person=person
            )
        if kind == Kind.VARIANT or kind == Kind.DERIVED:
            if lead:  # ".NET": the punctuation is part of the token and must be there
                if text[max(0, start - len(lead)) : start] != lead:
                    return None
                start -= len(lead)
                surface = text[start:end]
            if case_text and surface != case_text:
                return None
            if surface == target:
                return Candidate(
                    start,
                    end,
                    entry,
                    surface,
                    Method.EXACT,
                    SCORE_EXACT,
                    "canonical",
                    name,
                    person=person,
                    canonical_mention=True,
                )
            if capitalised and not any(ch.isupper() for ch in surface):
                return None  # "rome" in running text is no name (and "rome" for Lomé is junk)
            why = f"listed variant of {index.canonicals[entry]}"
            if kind == Kind.DERIVED:
                why = f"romanised from the source-language name of {index.canonicals[entry]}"
            if common:
                why += " (common words: evidence required)"
            need = Evidence.CONTEXT if needs_context else Evidence.NONE
            return Candidate(
                start,
                end,
                entry,
                target,
                Method.GENERATED if kind == Kind.DERIVED else Method.VARIANT,
                SCORE_EXACT,
                why,
                name,
                need=need,
                person=person,
            )
        if ordinary and surface.islower():
            return None  # "of" is not the Turkish town Of, "reading" not Reading
        need = Evidence.TOPIC if ordinary else Evidence.NONE
        if surface == target:
            score, reason = SCORE_EXACT, "canonical"
        else:
            score, reason = SCORE_AS_WRITTEN, "canonical (casing left as written)"
        return Candidate(
            start,
            end,
            entry,
            surface,
            Method.EXACT,
            score,
            reason,
            name,
            need=need,
            person=person,
            canonical_mention=surface == target,
        )


#: The marker of a hit whose candidate depends on the text before it (a literal prefix).
_AT_PLACE: tuple[Any, ...] = ("at its place",)
#: What the memo gives for a (payload, surface) pair not seen yet.
_NEW: tuple[Any, ...] = ("not seen yet",)
