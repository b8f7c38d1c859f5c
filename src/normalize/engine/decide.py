"""The decision: which candidates become edits. A pure function of the candidates.

Rules, all independent of lexicon order:

1. **Evidence.** A candidate whose entry lacks the evidence it needs is dropped.
2. **Overlaps.** Candidates are ranked by length (longer first), then method tier
   (exact/variant/rule, then generated/key, then fuzzy), then score (higher first), then
   start (earlier first); each group of candidates tied on all four is taken unless it
   overlaps a span already taken. Candidates that leave the text as it is (a correct
   name, a refused casing change) take part too, so a correct name is never re-matched
   by a weaker mechanism.
3. **Homonyms and ties.** When every candidate of a tied group writes the same text, it
   is applied and carries all their entries (two towns named Tripoli). When they write
   different texts, the entries whose context words occur or that the document names
   elsewhere decide; if that leaves more than one text, the span is left alone and
   reported as ambiguous.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import Protocol

from .candidate import Candidate, Evidence


@dataclass(frozen=True, slots=True)
class Decision:
    """What :func:`decide` chose: candidates with all their claimants, and ambiguous groups."""

    chosen: tuple[tuple[Candidate, tuple[int, ...]], ...]
    ambiguous: tuple[tuple[Candidate, ...], ...]


class DocumentEvidence(Protocol):
    """What the decision asks of the document (see :class:`~normalize.engine.evidence.EvidenceModel`)."""

    def has(self, entry: int, need: Evidence) -> bool:
        """Return True when the document gives ``entry`` evidence of level ``need``."""

    def settles(self, entry: int, start: int, end: int) -> bool:
        """Return True when the document names ``entry`` apart from the span ``start:end``."""


def rank(c: Candidate, entry_id: Callable[[int], str]) -> tuple[int, int, float, int, str]:
    """Return the sort key of a candidate (see rule 2); the id breaks the last ties."""
    return (
        -(c.end - c.start),
        c.method.tier,
        -c.score,
        c.start,
        entry_id(c.entry) if c.entry is not None else c.rule,
    )


def decide(
    candidates: Sequence[Candidate], evidence: DocumentEvidence, entry_id: Callable[[int], str]
) -> Decision:
    """Choose among ``candidates``, given the document's ``evidence``; ``entry_id`` names entries."""
    has, none = evidence.has, Evidence.NONE
    # (most candidates need no evidence: has() is asked only about the others)
    kept = [c for c in candidates if c.need is none or c.entry is None or has(c.entry, c.need)]
    alone, kept = _apart(kept)
    keys = [rank(c, entry_id) for c in kept]
    order = sorted(range(len(kept)), key=keys.__getitem__)
    taken: list[tuple[int, int]] = []
    chosen: list[tuple[Candidate, tuple[int, ...]]] = []
    ambiguous: list[tuple[Candidate, ...]] = []
    i = 0
    while i < len(order):
        first = kept[order[i]]
        j = i + 1
        while j < len(order) and keys[order[j]][:4] == keys[order[i]][:4]:
            j += 1
        group = [kept[k] for k in order[i:j]]
        i = j
        if _overlaps(taken, first.start, first.end):
            continue
        _take(taken, first.start, first.end)
        texts = {g.replacement for g in group}
        if len(texts) > 1:
            named = [g for g in group if g.entry is not None and evidence.settles(g.entry, g.start, g.end)]
            if len({g.replacement for g in named}) != 1:
                ambiguous.append(tuple(group))
                continue
            texts = {named[0].replacement}
            group = [g for g in group if g.replacement in texts]
        claimants = tuple(sorted({g.entry for g in group if g.entry is not None}))
        chosen.append((group[0], claimants))
    chosen.extend((c, () if c.entry is None else (c.entry,)) for c in alone)
    chosen.sort(key=lambda t: t[0].start)
    ambiguous.sort(key=lambda g: g[0].start)
    return Decision(tuple(chosen), tuple(ambiguous))


def _apart(cands: list[Candidate]) -> tuple[list[Candidate], list[Candidate]]:
    """Split ``cands`` into those that overlap no other candidate and the rest.

    A candidate alone is taken whatever its rank, as the only one of its group (rule 2):
    only the others are ranked. (With an empty span among them, all are ranked.)
    """
    alone: list[Candidate] = []
    rest: list[Candidate] = []
    cluster: list[Candidate] = []
    reach = -1
    for c in sorted(cands, key=_START):
        if c.start == c.end:
            return [], cands
        if c.start < reach:  # some candidate before it ends inside it: they overlap
            cluster.append(c)
            reach = max(reach, c.end)
            continue
        if len(cluster) == 1:
            alone.append(cluster[0])
        else:
            rest.extend(cluster)
        cluster = [c]
        reach = c.end
    if len(cluster) == 1:
        alone.append(cluster[0])
    else:
        rest.extend(cluster)
    return alone, rest


_START = attrgetter("start")


def _take(taken: list[tuple[int, int]], s: int, e: int) -> None:
    taken.insert(bisect_right(taken, (s, e)), (s, e))


def _overlaps(taken: list[tuple[int, int]], s: int, e: int) -> bool:
    k = bisect_right(taken, (s, e))
    if k > 0 and taken[k - 1][1] > s:
        return True
    return k < len(taken) and taken[k][0] < e
