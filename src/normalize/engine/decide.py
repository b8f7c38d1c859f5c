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
from typing import Any, Protocol

from ..model import TIERS
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


def rank(c: Candidate) -> tuple[int, int, float, int]:
    """Return the sort key of a candidate (see rule 2); :func:`tie_break` orders a tied group."""
    return (-(c.end - c.start), TIERS[c.method], -c.score, c.start)


def tie_break(c: Candidate, entry_id: Callable[[int], str]) -> str:
    """Return what orders the candidates of one tied group: the entry's id, or the rule's."""
    return entry_id(c.entry) if c.entry is not None else c.rule


def decide(
    candidates: Sequence[Candidate], evidence: DocumentEvidence, entry_id: Callable[[int], str]
) -> Decision:
    """Choose among ``candidates``, given the document's ``evidence``; ``entry_id`` names entries."""
    has, none = evidence.has, Evidence.NONE
    # (most candidates need no evidence: has() is asked only about the others)
    kept = [c for c in candidates if c.need is none or c.entry is None or has(c.entry, c.need)]
    chosen: list[tuple[Candidate, tuple[int, ...]]] = []
    ambiguous: list[tuple[Candidate, ...]] = []
    for cluster in _clusters(kept):
        if len(cluster) == 1:  # a candidate alone is taken whatever its rank
            chosen.append((cluster[0], _own(cluster[0])))
        else:
            _choose(cluster, evidence, entry_id, chosen, ambiguous)
    return Decision(tuple(chosen), tuple(ambiguous))


def _choose(
    cluster: list[Candidate],
    evidence: DocumentEvidence,
    entry_id: Callable[[int], str],
    chosen: list[tuple[Candidate, tuple[int, ...]]],
    ambiguous: list[tuple[Candidate, ...]],
) -> None:
    """Decide one cluster of overlapping candidates (rules 2 and 3); append, in text order."""
    ranked = sorted([(rank(c), k, c) for k, c in enumerate(cluster)])  # k: no two are equal
    taken: list[tuple[int, int]] = []
    mine: list[tuple[Candidate, tuple[int, ...]]] = []
    unsure: list[tuple[Candidate, ...]] = []
    i = 0
    while i < len(ranked):
        tied, _, first = ranked[i]
        j = i + 1
        while j < len(ranked) and ranked[j][0] == tied:
            j += 1
        group = [c for _, _, c in ranked[i:j]]
        i = j
        if _overlaps(taken, first.start, first.end):
            continue
        _take(taken, first.start, first.end)
        if len(group) == 1:
            mine.append((first, _own(first)))
            continue
        # the ids order a tied group (looked up only here: most candidates are alone)
        group.sort(key=lambda g: tie_break(g, entry_id))
        texts = {g.replacement for g in group}
        if len(texts) > 1:
            named = [g for g in group if g.entry is not None and evidence.settles(g.entry, g.start, g.end)]
            if len({g.replacement for g in named}) != 1:
                unsure.append(tuple(group))
                continue
            texts = {named[0].replacement}
            group = [g for g in group if g.replacement in texts]
        claimants = tuple(sorted({g.entry for g in group if g.entry is not None}))
        mine.append((group[0], claimants))
    if len(mine) > 1:
        mine.sort(key=_first_start)
    chosen.extend(mine)
    if unsure:
        unsure.sort(key=_first_start)
        ambiguous.extend(unsure)


def _own(c: Candidate) -> tuple[int, ...]:
    """Return the claimants of a candidate taken alone: its entry, or none for a rule."""
    return () if c.entry is None else (c.entry,)


def _clusters(cands: list[Candidate]) -> list[list[Candidate]]:
    """Return ``cands`` in clusters of overlapping candidates, in text order.

    A cluster holds every candidate that overlaps another of it, so clusters are decided
    each on its own (rule 2 compares only candidates that overlap). With an empty span
    among them, all are one cluster, in the order given.
    """
    clusters: list[list[Candidate]] = []
    cluster: list[Candidate] = []
    reach = -1
    for c in sorted(cands, key=_START):
        if c.start == c.end:
            return [cands] if cands else []
        if c.start < reach:  # some candidate before it ends inside it: they overlap
            cluster.append(c)
            reach = max(reach, c.end)
        else:
            cluster = [c]
            clusters.append(cluster)
            reach = c.end
    return clusters


_START = attrgetter("start")


def _first_start(t: tuple[Candidate, Any] | tuple[Candidate, ...]) -> int:
    """Return the start of the first candidate of a (candidate, claimants) pair or a group."""
    return t[0].start


def _take(taken: list[tuple[int, int]], s: int, e: int) -> None:
    taken.insert(bisect_right(taken, (s, e)), (s, e))


def _overlaps(taken: list[tuple[int, int]], s: int, e: int) -> bool:
    k = bisect_right(taken, (s, e))
    if k > 0 and taken[k - 1][1] > s:
        return True
    return k < len(taken) and taken[k][0] < e
