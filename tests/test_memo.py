"""The pipeline's memo: per-word results computed once across documents, in bounded memory."""

from __future__ import annotations

from unittest.mock import patch

from normalize.engine.document import Memo


def test_each_distinct_word_is_computed_once_across_documents() -> None:
    """Words already seen, with a result or without, are not computed again."""
    memo, calls = Memo(), []

    def compute(w: str) -> int | None:
        calls.append(w)
        return len(w) if w.startswith("m") else None

    assert memo.words_with("t", frozenset({"misrata", "the", "of"}), compute) == {"misrata": 7}
    assert memo.words_with("t", frozenset({"misrata", "the", "mizda"}), compute) == {"misrata": 7, "mizda": 5}
    assert sorted(calls) == ["misrata", "mizda", "of", "the"]


def test_the_remembered_words_are_forgotten_past_the_limit() -> None:
    """Past MEMO_LIMIT words the memo starts again: memory stays bounded on any corpus."""
    memo = Memo()
    with patch("normalize.engine.document.MEMO_LIMIT", 3):
        memo.words_with("t", frozenset("ab"), lambda w: None)
        memo.words_with("t", frozenset("cd"), lambda w: w)
        empty, full = memo._words["t"]
        assert len(empty) + len(full) <= 3
        assert memo.words_with("t", frozenset("cd"), lambda w: w.upper()) == {"c": "c", "d": "d"}
