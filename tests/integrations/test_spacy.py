"""The spaCy component: spans, the fixed text, tokens cut inside, saving and loading, two processes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from normalize import Normalizer

spacy = pytest.importorskip("spacy", reason="spaCy is not installed (pip install 'normalize-mt[spacy]')")
from spacy.tokenizer import Tokenizer  # noqa: E402

from .conftest import CUSTOM_FIXED_92, CUSTOM_LEXICON, CUSTOM_ROWS  # noqa: E402


@pytest.fixture(scope="module")
def nlp() -> spacy.language.Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("normalize")
    return nlp


def _rebuilt(doc: spacy.tokens.Doc) -> str:
    """Return the Doc's text with every span replaced by its replacement."""
    out, at = [], 0
    for span in sorted(doc.spans["normalize"], key=lambda s: s.start_char):
        out += [doc.text[at : span.start_char], span._.normalize_replacement]
        at = span.end_char
    return "".join([*out, doc.text[at:]])


def test_blank_pipeline_by_name_through_the_entry_point() -> None:
    # a fresh interpreter that never imports normalize.spacy: spaCy finds the factory itself
    code = (
        "import spacy\n"
        "nlp = spacy.blank('en')\n"
        "nlp.add_pipe('normalize', config={'default_lexicon': True})\n"
        "doc = nlp('Forces of Khalifa the Haftarot near RAS lanuf')\n"
        "print(doc._.normalized)\n"
        "print([(s.text, s.label_, s.kb_id_, s._.normalize_method) for s in doc.spans['normalize']])\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines() == [
        "Forces of Khalifa Haftar near Ras Lanuf",
        "[('Khalifa the Haftarot', 'person', 'khalifa-haftar', 'generated'), "
        "('RAS lanuf', 'place', 'ras-lanuf', 'exact')]",
    ]


def test_spans_and_fixed_text_equal_the_normalizer(
    nlp: spacy.language.Language, rows: list[str | None], default: Normalizer
) -> None:
    texts = [r for r in rows[:400] if r is not None]
    n_spans = 0
    for text, doc in zip(texts, nlp.pipe(texts), strict=True):
        fixed = default.fix(text)
        assert doc._.normalized == fixed.text
        assert _rebuilt(doc) == fixed.text
        spans = list(doc.spans["normalize"])
        n_spans += len(spans)
        assert [m for s in spans for m in s._.normalize_matches] == [m.as_dict() for m in fixed.matches]
        for span in spans:
            first = span._.normalize_matches[0]
            assert (span.kb_id_, span._.normalize_method, span._.normalize_canonical) == (
                first["entry"],
                first["method"],
                first["canonical"],
            )
            assert span.label_ == (first["type"] or "rule")
    assert n_spans > 300


def test_a_finding_inside_a_token_widens_to_the_token(default: Normalizer) -> None:
    nlp = spacy.blank("en")
    nlp.tokenizer = Tokenizer(nlp.vocab)  # whitespace only: "Haftarom/Sarradzhem" is one token
    nlp.add_pipe("normalize")
    doc = nlp("Haftarom/Sarradzhem met near RAS lanuf.")
    assert doc._.normalized == "Haftar/Sarraj met near Ras Lanuf."
    spans = [(s.text, s._.normalize_replacement, s.kb_id_) for s in doc.spans["normalize"]]
    assert spans == [
        ("Haftarom/Sarradzhem", "Haftar/Sarraj", "khalifa-haftar"),
        ("RAS lanuf.", "Ras Lanuf.", "ras-lanuf"),
    ]
    first = doc.spans["normalize"][0]
    assert [(m["text"], m["entry"]) for m in first._.normalize_matches] == [
        ("Haftarom", "khalifa-haftar"),
        ("Sarradzhem", "fayez-al-sarraj"),
    ]


def test_saved_pipeline_keeps_its_lexicons(tmp_path: Path) -> None:
    lexicon = tmp_path / "mine.yaml"
    lexicon.write_text(CUSTOM_LEXICON, encoding="utf-8")
    nlp = spacy.blank("en")
    nlp.add_pipe("normalize", config={"lexicons": [str(lexicon)], "default_lexicon": False, "threshold": 92})
    assert [nlp(t)._.normalized for t in CUSTOM_ROWS] == CUSTOM_FIXED_92
    nlp.to_disk(tmp_path / "pipeline")
    lexicon.unlink()  # the saved pipeline must not need the original file
    loaded = spacy.load(tmp_path / "pipeline")
    component = loaded.get_pipe("normalize")
    assert (component.default_lexicon, component.threshold) == (False, 92)
    assert [loaded(t)._.normalized for t in CUSTOM_ROWS] == CUSTOM_FIXED_92
    doc = loaded(CUSTOM_ROWS[0])
    assert [(s.text, s.kb_id_, s.label_) for s in doc.spans["normalize"]] == [
        ("Zorblatia Kvent", "zorblattia", "place")
    ]


def test_two_processes_give_what_one_gives(nlp: spacy.language.Language, rows: list[str | None]) -> None:
    texts = [r for r in rows[:120] if r is not None]
    one = [
        (
            d._.normalized,
            [(s.start_char, s.end_char, s.kb_id_, s._.normalize_replacement) for s in d.spans["normalize"]],
        )
        for d in nlp.pipe(texts)
    ]
    two = [
        (
            d._.normalized,
            [(s.start_char, s.end_char, s.kb_id_, s._.normalize_replacement) for s in d.spans["normalize"]],
        )
        for d in nlp.pipe(texts, n_process=2, batch_size=20)
    ]
    assert two == one
    assert sum(len(spans) for _, spans in one) > 50


def test_a_missing_lexicon_fails_initialize(tmp_path: Path) -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("normalize", config={"lexicons": [str(tmp_path / "nope.yaml")]})
    with pytest.raises(FileNotFoundError, match=r"nope\.yaml: no such lexicon file or folder"):
        nlp.initialize()
