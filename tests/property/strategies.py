"""Hypothesis strategies shared by the property tests: texts made of names, garbles and words."""

from __future__ import annotations

import random

from hypothesis import strategies as st

from normalize import Normalizer
from normalize.garble import garbles

ORDINARY = (
    "the",
    "officials",
    "said",
    "on",
    "Tuesday",
    "that",
    "forces",
    "moved",
    "near",
    "and",
    "a",
    "report",
    "of",
    "in",
    "with",
    "army",
    "oil",
    "ports",
    "government",
    "council",
    "national",
    "defense",
    "team",
    "state",
    "crescent",
    "rest",
    "soda",
)
PUNCT = (" ", " ", " ", ", ", ". ", " — ", "\n", "\r\n", " “", "” ", "-", "'s ", " (", ") ")


def canonical_names(n: Normalizer) -> list[str]:
    """Return the canonical names and short forms of a normalizer's lexicon."""
    out = set()
    for e in n.index.entries:
        out.add(e.canonical)
        if e.short:
            out.add(e.short)
    return sorted(out)


def garbled_names(n: Normalizer) -> list[str]:
    """Return a deterministic sample of garbles of the lexicon's names."""
    return sorted({g.text for g in garbles(n.index.entries, seed=7)})


def documents(
    n: Normalizer,
    *,
    garbled: bool = True,
    words: tuple[str, ...] = ORDINARY,
    joiners: tuple[str, ...] = PUNCT,
) -> st.SearchStrategy[str]:
    """Texts of ordinary words, canonical names and (optionally) garbles, with punctuation."""
    pieces = [st.sampled_from(words), st.sampled_from(canonical_names(n))]
    if garbled:
        pieces.append(st.sampled_from(garbled_names(n)))
    token = st.one_of(*pieces)
    return st.lists(st.tuples(token, st.sampled_from(joiners)), max_size=40).map(
        lambda parts: "".join(t + p for t, p in parts)
    )


def any_text() -> st.SearchStrategy[str]:
    """Any Unicode text, lone surrogates and control characters included."""
    return st.text(alphabet=st.characters(blacklist_categories=()), max_size=200)


def shuffled(seq: list[object], seed: int) -> list[object]:
    """Return a copy of ``seq`` in another order."""
    out = list(seq)
    random.Random(seed).shuffle(out)
    return out
