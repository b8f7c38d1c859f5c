"""The decision as a pure function: overlaps, tiers, homonyms and ties, fed candidates directly."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from normalize.engine.candidate import Candidate, Evidence
from normalize.engine.decide import Decision, _overlaps, _take, decide
from normalize.model import Method


def cand(
    start: int,
    end: int,
    entry: int | None,
    text: str,
    method: Method = Method.EXACT,
    score: float = 100.0,
    need: Evidence = Evidence.NONE,
) -> Candidate:
    return Candidate(
        start, end, entry, text, method, score, "", "test", need=need, rule="r" if entry is None else ""
    )


def ids(entry: int) -> str:
    return f"e{entry}"


class Doc:
    """A stand-in for the document's evidence: the entries it names (apart from any span)."""

    def __init__(self, *named: int, all_: bool = False) -> None:
        self.named = set(named)
        self.all = all_

    def has(self, entry: int, need: Evidence) -> bool:
        return self.all or need == Evidence.NONE or entry in self.named

    def settles(self, entry: int, start: int, end: int) -> bool:
        return self.all or entry in self.named


everything = Doc(all_=True)
nothing = Doc()


def test_longer_span_wins_then_tier_then_score() -> None:
    """Longest first; at one span the more certain method, then the higher score."""
    got = decide(
        [
            cand(0, 3, 1, "A"),
            cand(0, 5, 2, "B", Method.FUZZY, 86),
            cand(6, 9, 3, "C", Method.FUZZY, 99),
            cand(6, 9, 4, "D", Method.KEY, 90),
        ],
        everything,
        ids,
    )
    assert [(c.replacement, claim) for c, claim in got.chosen] == [("B", (2,)), ("D", (4,))]


def test_evidence_filters_first() -> None:
    """A candidate whose entry lacks the evidence it needs is not taken."""
    got = decide([cand(0, 5, 1, "A", need=Evidence.TOPIC), cand(0, 3, 2, "B")], nothing, ids)
    assert [c.replacement for c, _ in got.chosen] == ["B"]


def test_homonyms_writing_one_text_are_applied_with_all_claimants() -> None:
    """Two towns named Tripoli: the same text is written, and both entries are named."""
    got = decide([cand(0, 7, 2, "Tripoli"), cand(0, 7, 1, "Tripoli")], nothing, ids)
    assert [(c.replacement, claim) for c, claim in got.chosen] == [("Tripoli", (1, 2))]
    assert got.ambiguous == ()


def test_homonyms_writing_different_texts_are_ambiguous() -> None:
    """Different texts and no evidence either way: left alone and reported."""
    got = decide([cand(0, 8, 1, "Hajjiabad"), cand(0, 8, 2, "Hajiabad")], nothing, ids)
    assert got.chosen == ()
    assert [sorted(c.replacement for c in g) for g in got.ambiguous] == [["Hajiabad", "Hajjiabad"]]


def test_the_document_settles_a_tie() -> None:
    """When one claimant has evidence (context words or another mention), it wins."""

    got = decide([cand(0, 8, 1, "Hajjiabad"), cand(0, 8, 2, "Hajiabad")], Doc(2), ids)
    assert [(c.replacement, claim) for c, claim in got.chosen] == [("Hajiabad", (2,))]


def test_ambiguous_span_blocks_weaker_candidates() -> None:
    """A span left ambiguous is not re-matched by a shorter candidate inside it."""
    got = decide([cand(0, 8, 1, "X"), cand(0, 8, 2, "Y"), cand(0, 4, 3, "Z")], nothing, ids)
    assert got.chosen == ()


def test_independent_of_input_order() -> None:
    """The same candidates in any order give the same decision."""
    cs = [
        cand(0, 5, 1, "A", Method.KEY, 90),
        cand(0, 5, 2, "B", Method.KEY, 90),
        cand(3, 9, 3, "C"),
        cand(10, 12, None, "R"),
    ]
    first = decide(cs, everything, ids)
    assert decide(list(reversed(cs)), everything, ids) == first


_METHODS = [Method.EXACT, Method.KEY, Method.FUZZY]


def one_ranking(cands: list[Candidate], evidence: Any, entry_id: Any) -> Decision:
    """The rules of :mod:`normalize.engine.decide` as first written: one ranking of every candidate.

    The reference the decision is held to: no clusters, no candidate taken unranked, and the
    entry's id looked up for every candidate as the last key of the ranking.
    """

    def key(c: Candidate) -> tuple[int, int, float, int, str]:
        last = entry_id(c.entry) if c.entry is not None else c.rule
        return (-(c.end - c.start), c.method.tier, -c.score, c.start, last)

    kept = sorted((c for c in cands if c.entry is None or evidence.has(c.entry, c.need)), key=key)
    taken: list[tuple[int, int]] = []
    chosen, ambiguous = [], []
    i = 0
    while i < len(kept):
        j = i + 1
        while j < len(kept) and key(kept[j])[:4] == key(kept[i])[:4]:
            j += 1
        group, i = kept[i:j], j
        if _overlaps(taken, group[0].start, group[0].end):
            continue
        _take(taken, group[0].start, group[0].end)
        if len({g.replacement for g in group}) > 1:
            named = [g for g in group if g.entry is not None and evidence.settles(g.entry, g.start, g.end)]
            if len({g.replacement for g in named}) != 1:
                ambiguous.append(tuple(group))
                continue
            group = [g for g in group if g.replacement == named[0].replacement]
        chosen.append((group[0], tuple(sorted({g.entry for g in group if g.entry is not None}))))
    chosen.sort(key=lambda t: t[0].start)
    ambiguous.sort(key=lambda g: g[0].start)
    return Decision(tuple(chosen), tuple(ambiguous))


class Given:
    """Evidence drawn by a test: the (entry, level) pairs it has, and the entries it settles."""

    def __init__(self, has: set[tuple[int, int]], settles: set[int]) -> None:
        self._has, self._settles = has, settles

    def has(self, entry: int, need: Evidence) -> bool:
        return need == Evidence.NONE or (entry, int(need)) in self._has

    def settles(self, entry: int, start: int, end: int) -> bool:
        return entry in self._settles


_IDS = {0: "b", 1: "a", 2: "c", 3: "a2"}  # not in the entries' order: the id breaks ties


@settings(max_examples=300)
@given(
    st.lists(
        st.builds(
            lambda s, n, e, text, m, score, need, rule: Candidate(
                s, s + n, e, text, m, score, "", "test", need=need, rule="" if e is not None else rule
            ),
            st.integers(0, 8),
            st.integers(0, 4),  # empty spans too
            st.one_of(st.none(), st.integers(0, 3)),  # rules too
            st.sampled_from("ABC"),
            st.sampled_from(_METHODS),
            st.sampled_from([90.0, 100.0]),
            st.sampled_from(list(Evidence)),
            st.sampled_from(["r0", "r1"]),
        ),
        max_size=14,
    ),
    st.builds(Given, st.sets(st.tuples(st.integers(0, 3), st.integers(0, 4))), st.sets(st.integers(0, 3))),
)
def test_decisions_are_those_of_one_ranking_of_all_candidates(cs: list[Candidate], evidence: Given) -> None:
    """Clusters decided apart, lone candidates taken unranked, ids looked up only in ties: no change."""
    got = decide(cs, evidence, _IDS.__getitem__)
    want = one_ranking(cs, evidence, _IDS.__getitem__)
    # the same candidate objects, in the same order
    assert [(id(c), claimants) for c, claimants in got.chosen] == [(id(c), k) for c, k in want.chosen]
    assert [tuple(map(id, g)) for g in got.ambiguous] == [tuple(map(id, g)) for g in want.ambiguous]


@settings(max_examples=300)
@given(
    st.integers(0, 3),
    st.integers(0, 2),  # an empty span too
    st.lists(
        st.tuples(
            st.one_of(st.none(), st.integers(0, 3)),
            st.sampled_from("AB"),
            st.sampled_from(_METHODS),
            st.sampled_from([90.0, 100.0]),
            st.sampled_from(list(Evidence)),
        ),
        min_size=2,
        max_size=8,
    ),
    st.builds(Given, st.sets(st.tuples(st.integers(0, 3), st.integers(0, 4))), st.sets(st.integers(0, 3))),
)
def test_a_cluster_on_one_span_is_decided_as_one_ranking(
    start: int, n: int, fields: list[tuple[Any, ...]], evidence: Given
) -> None:
    """Candidates all on one span (homonyms, a re-casing) are decided as the reference ranks them."""
    cs = [
        Candidate(
            start, start + n, e, text, m, score, "", "test", need=need, rule="" if e is not None else "r0"
        )
        for e, text, m, score, need in fields
    ]
    got = decide(cs, evidence, _IDS.__getitem__)
    want = one_ranking(cs, evidence, _IDS.__getitem__)
    assert [(id(c), claimants) for c, claimants in got.chosen] == [(id(c), k) for c, k in want.chosen]
    assert [tuple(map(id, g)) for g in got.ambiguous] == [tuple(map(id, g)) for g in want.ambiguous]
