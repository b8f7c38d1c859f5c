"""The document's scans that skip ahead give what the plain scan of the whole text gives."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from normalize import Normalizer
from normalize.engine.document import NAMELIKE, namelike_spans

#: Pieces that make NAMELIKE words and near misses: capitals, article prefixes, glue.
_PIECES = [
    "Tripoli",
    "al-",
    "el-",
    "ash-",
    "Al-",
    "ed-",
    "a",
    "l",
    "-",
    "'",
    "\u2019",
    "s",
    "S",
    "QA",
    "ida",
    "é",
    "É",
    "\u0301",
    "İ",
    "ß",
    "7",
    " ",
    ".",
    "\n",
    "x-",
    "ah-",
    "Misrata's",
    "ÖZ",
    "al-",
    "esh-",
    "e",
    "Al",
    "_",
    "\u00a0",
]


@given(st.lists(st.sampled_from(_PIECES), max_size=30))
def test_namelike_spans_are_those_of_finditer(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert namelike_spans(text) == [m.span() for m in NAMELIKE.finditer(text)]


@given(st.text(max_size=60))
def test_namelike_spans_of_any_text(text: str) -> None:
    assert namelike_spans(text) == [m.span() for m in NAMELIKE.finditer(text)]


def test_namelike_spans_examples() -> None:
    text = "forces of al-Senussi near Ras Lanuf, ash-Shati and the UN's QA'ida"
    assert [text[s:e] for s, e in namelike_spans(text)] == [
        "al-Senussi",
        "Ras",
        "Lanuf",
        "ash-Shati",
        "UN",
        "QA'ida",
    ]


def test_run_windows_with_a_warm_memo_are_those_of_a_cold_one() -> None:
    """The run words remembered across documents decide the windows as computing them afresh."""
    from normalize import Normalizer
    from normalize.engine.document import Document, Memo

    n = Normalizer()
    index, config = n.index, n.config
    texts = [
        "A GHASSAN SALAME met Khalifa Haftar and Fayez al-Sarraj of the GNA in Ras Lanuf",
        "The Misrata Military Council, Ras Lanuf and the Sidra Basin of Libya",
        "Of The Ras Of Lanuf",
    ]
    warm = Memo()
    for text in [*texts, *texts]:
        assert (
            Document(text, index, config, warm).run_windows
            == Document(text, index, config, Memo()).run_windows
        )


_GLUED = [*_PIECES, "'of", "-based", "-a", "'UN", "Senussi", " the report", "Tripoli-based"]


@given(st.lists(st.sampled_from(_GLUED), max_size=20))
def test_tokens_are_the_namelike_words_less_what_is_glued_to_them(
    default: Normalizer, pieces: list[str]
) -> None:
    """Each name-like word holding a hyphen or apostrophe ends where token_end says; the others as matched."""
    from normalize.engine.document import Document, Memo, token_end

    text = "".join(pieces)
    doc = Document(text, default.index, default.config, Memo())
    want = [
        (s, token_end(text, s, e, doc.is_ordinary)) if any(c in "-'\u2019" for c in text[s:e]) else (s, e)
        for s, e in (m.span() for m in NAMELIKE.finditer(text))
    ]
    assert list(doc.tokens) == want
