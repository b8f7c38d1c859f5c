"""``casing``: a canonical name found with its casing lost or scrambled ("RAS lanuf").

It re-cases the canonical hits of ``exact`` that differ only in case (or in a hyphen for
a space). Refused: a capital that is only the sentence's first letter ("Al-Qaeda"),
capitals inside text in capitals (headlines), acronyms, and ordinary words: a lone
ordinary word, or a phrase of lowercase ordinary words ("oil crescent" may be just that).
A lone lowercase word that wordfreq knows ("macron") needs the entity named elsewhere.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from ...keys import ARTICLES, fold, split_words
from ...model import Method
from ...variants import STOPWORDS
from ..candidate import ROLES, SCORE_EXACT, Candidate, Evidence
from ..index import Kind
from ..render import all_caps, caps_context
from .base import Mechanism

if TYPE_CHECKING:
    from ..document import Document
    from ..index import AutomatonBuilder, Index


def casing_ok(doc: Document, start: int, end: int, target: str) -> bool:
    """Return True when rewriting ``doc.text[start:end]`` as ``target`` (same letters) is safe."""
    text = doc.text
    surface = text[start:end]
    if surface == target:
        return False
    if surface[1:] == target[1:] and surface[:1].isupper():
        return False
    if target.isupper():
        return False  # acronyms ("GNA", "UN") are matched as listed, never re-cased
    if all_caps(surface):  # in capitals: a name beside a name, not an acronym alone (see lone_capitals)
        return not caps_context(text, start, end) and not doc.lone_capitals(start, end)
    words = split_words(surface)
    if len(words) == 1:
        return not doc.is_ordinary(surface)
    content = [w for w in words if fold(w) not in STOPWORDS and fold(w) not in ARTICLES]
    # "The" starting a sentence does not make "The valley" a name ("Libyan" would)
    lowered = [words[0].lower(), *words[1:]] if fold(words[0]) in STOPWORDS else words
    return not (all(w.islower() for w in lowered) and all(doc.is_ordinary(w) for w in content))


#: The kinds of surface whose hits may be re-cased: a canonical, or a short form.
_RECASED = frozenset({int(Kind.CANONICAL), int(Kind.SHORT)})


class Casing(Mechanism[None]):
    """Re-case canonical names; see the module docstring."""

    name = "casing"
    generated = False

    def compile(self, index: Index, automaton: AutomatonBuilder) -> None:
        return None  # reads the hits of ``exact``

    def propose(self, doc: Document, table: None, prior: Sequence[Candidate]) -> Iterator[Candidate]:
        index, text = doc.index, doc.text
        # most hits are names written as they should be: the (payload, surface) pairs with
        # nothing to re-case are remembered across documents and skipped at once
        settled = doc.memo.table(self.name)
        for start, end, payload in doc.hits.get("exact", ()):
            if payload[2] not in _RECASED:  # the kind (see exact.Payload): only names are re-cased
                continue
            surface = text[start:end]
            if (payload, surface) in settled:
                continue
            entry, _, _, role, *_, ordinary = payload
            target = index.render(entry, ROLES[role])
            if (ordinary and surface.islower()) or surface == target:  # "of" is no mention of Of (see exact)
                settled[payload, surface] = True
                continue
            if not casing_ok(doc, start, end, target):
                if not all_caps(surface):  # only capitals are judged by the text around them
                    settled[payload, surface] = True
                continue
            lone = surface.islower() and len(split_words(surface)) == 1
            need = Evidence.ENTITY if lone and doc.zipf(surface) > 0 else Evidence.NONE
            yield self.candidate(
                doc,
                (start, end),
                entry,
                ROLES[role],
                Method.EXACT,
                SCORE_EXACT,
                f"casing differs from {target!r}",
                need,
            )
