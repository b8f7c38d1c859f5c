"""Rendering: decided candidates become :class:`~normalize.model.Match` edits.

One rule lives here rather than in every mechanism: in text written in capitals (a
headline), a replacement is written in capitals too, so that a fixed headline stays a
headline and fixing it again changes nothing.
"""

from __future__ import annotations

from ..model import Ambiguity, EntryType, Match
from .candidate import Candidate
from .decide import Decision
from .index import Index

#: Characters on each side of a span that tell whether it stands in text written in capitals.
CAPS_WINDOW = 40


def caps_context(text: str, start: int, end: int) -> bool:
    """Return True when the words around a span are in capitals too (a headline)."""
    around = text[max(0, start - CAPS_WINDOW) : start] + text[end : end + CAPS_WINDOW]
    letters = [c for c in around if c.isalpha()]
    return not letters or sum(c.isupper() for c in letters) > len(letters) / 2


def all_caps(surface: str) -> bool:
    """Return True for a surface of two or more letters, all capitals."""
    if not surface.isupper():  # a small letter (most surfaces), or no cased letter at all
        return False
    letters = [c for c in surface if c.isalpha()]
    return len(letters) > 1 and all(c.isupper() for c in letters)


def replacement_for(text: str, c: Candidate) -> str:
    """Return what candidate ``c`` writes, in capitals where its surface stands in capitals."""
    surface = text[c.start : c.end]
    if all_caps(surface) and caps_context(text, c.start, c.end):
        return c.replacement.upper()
    return c.replacement


def render(text: str, index: Index, decision: Decision, *, unchanged: bool = False) -> list[Match]:
    """Return the edits of a decision in text order; with ``unchanged``, correct mentions too."""
    out = []
    for c, claimants in decision.chosen:
        old = text[c.start : c.end]
        # most decided candidates are names as written: not in capitals, they are never
        # written in capitals either, and nothing more is asked of the text around them
        new = old if old == c.replacement and not old.isupper() else replacement_for(text, c)
        if old == new and not (unchanged and c.entry is not None):
            continue
        # the entry's columns, not the entry: an Entry is decoded from the cache when read
        entry = c.entry
        out.append(
            Match(
                c.start,
                c.end,
                old,
                new,
                index.canonicals[entry] if entry is not None else c.replacement,
                index.ids[entry] if entry is not None else c.rule,
                c.method,
                c.score,
                c.reason,
                EntryType(index.types[entry]) if entry is not None and index.types[entry] else None,
                tuple(map(index.ids.__getitem__, claimants)) or (c.rule,),
                c.mechanism,
            )
        )
    return out


def ambiguities(text: str, index: Index, decision: Decision) -> list[Ambiguity]:
    """Return the spans left alone because their claimants write different texts."""
    out = []
    for group in decision.ambiguous:
        first = group[0]
        options = sorted(
            {(index.ids[g.entry] if g.entry is not None else g.rule, g.replacement) for g in group}
        )
        out.append(Ambiguity(first.start, first.end, text[first.start : first.end], tuple(options)))
    return out
