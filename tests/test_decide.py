"""The decision as a pure function: overlaps, tiers, homonyms and ties, fed candidates directly."""

from __future__ import annotations

from unittest.mock import patch

from hypothesis import given
from hypothesis import strategies as st

from normalize.engine.candidate import Candidate, Evidence
from normalize.engine.decide import decide
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


@given(
    st.lists(
        st.tuples(
            st.integers(0, 30),
            st.integers(0, 6),
            st.integers(0, 3),
            st.sampled_from("ABC"),
            st.sampled_from(_METHODS),
            st.sampled_from([90.0, 100.0]),
        ),
        max_size=12,
    )
)
def test_clusters_are_decided_as_one_ranking_of_all_decides_them(
    spec: list[tuple[int, int, int, str, Method, float]],
) -> None:
    """Deciding each cluster of overlapping candidates alone (one alone: taken) changes no decision."""
    cs = [cand(s, s + n, e, t, m, sc) for s, n, e, t, m, sc in spec]
    with patch("normalize.engine.decide._clusters", lambda cands: [cands] if cands else []):
        ranked_all = decide(cs, everything, ids)
    assert decide(cs, everything, ids) == ranked_all
