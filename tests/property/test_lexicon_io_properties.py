"""Round trips of lexicon export and import hold for any names, quotes and markup included."""

from __future__ import annotations

import io
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from normalize.lexicon_io import export_csv, export_jsonl, export_tbx, import_csv, import_jsonl, import_tbx

# names as glossaries hold them: letters (accented, non-Latin), spaces, and the characters
# CSV and XML must escape
_NAME = (
    st.text(alphabet=st.sampled_from("abcXYZéñşДж -',\"&<>;\u2019"), min_size=1, max_size=12)
    .map(lambda s: " ".join(s.split()))
    .filter(lambda s: any(c.isalpha() for c in s))
)


@st.composite
def documents(draw: Any) -> dict[str, Any]:
    """Return a lexicon document with distinct ids and forms that differ within each entry."""
    entries = []
    for n in range(draw(st.integers(1, 4))):
        canonical = draw(_NAME)
        forms = draw(st.lists(_NAME, max_size=4, unique=True).filter(lambda fs, c=canonical: c not in fs))
        split = draw(st.integers(0, len(forms)))
        variants: list[Any] = [
            {"text": f, "context": True} if draw(st.booleans()) else f for f in forms[:split]
        ]
        e: dict[str, Any] = {"id": f"e{n}", "canonical": canonical}
        if draw(st.booleans()):
            e["type"] = draw(st.sampled_from(["person", "place", "org", "term"]))
        if variants:
            e["variants"] = variants
        if forms[split:]:
            e["accepted"] = forms[split:]
        entries.append(e)
    return {"language": "en", "entries": entries}


@settings(max_examples=60, deadline=None)
@given(documents(), st.sampled_from([",", "\t"]))
def test_csv_round_trip(doc: dict[str, Any], delimiter: str) -> None:
    buf = io.StringIO()
    export_csv(doc, buf, delimiter)
    back, _ = import_csv(buf.getvalue(), "x.csv", delimiter)
    assert back == doc


@settings(max_examples=60, deadline=None)
@given(documents())
def test_tbx_round_trip(doc: dict[str, Any]) -> None:
    buf = io.StringIO()
    export_tbx(doc, buf)
    back, _ = import_tbx(buf.getvalue(), "x.tbx")
    plain = [
        {
            k: ([v["text"] if isinstance(v, dict) else v for v in x] if k == "variants" else x)
            for k, x in e.items()
        }
        for e in doc["entries"]
    ]
    assert back["entries"] == plain  # TBX has no place for a variant's switches


@settings(max_examples=60, deadline=None)
@given(documents())
def test_jsonl_round_trip(doc: dict[str, Any]) -> None:
    buf = io.StringIO()
    export_jsonl(doc, buf)
    assert import_jsonl(buf.getvalue(), "x.jsonl")[0] == doc
