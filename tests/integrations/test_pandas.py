"""The pandas accessor: ``series.normalize.fix`` and ``.find`` against ``Normalizer`` row by row."""

from __future__ import annotations

import math

import pytest

from normalize import Normalizer

pd = pytest.importorskip("pandas", reason="pandas is not installed (pip install 'normalize-mt[pandas]')")
import normalize.pandas  # noqa: E402, F401  (registers the accessor)


def test_fix_equals_normalizer_on_every_row(
    rows: list[str | None], expected: list[str | None], default: Normalizer
) -> None:
    series = pd.Series(rows, index=[f"r{i}" for i in range(len(rows))], name="text", dtype=object)
    fixed = series.normalize.fix(default)
    assert fixed.name == "text"
    assert list(fixed.index) == list(series.index)
    assert fixed.tolist() == expected
    assert sum(a != b for a, b in zip(rows, expected, strict=True)) > 1000  # the corpus has work in it


def test_missing_values_stay_missing_and_string_dtype_is_kept(default: Normalizer) -> None:
    series = pd.Series(["RAS lanuf", None, math.nan, pd.NA], dtype=object)
    fixed = series.normalize.fix(default)
    assert fixed[0] == "Ras Lanuf"
    assert fixed[1] is None
    assert math.isnan(fixed[2])
    assert fixed[3] is pd.NA
    strings = pd.Series(["RAS lanuf", None], dtype="string")
    out = strings.normalize.fix(default)
    assert out.dtype == strings.dtype
    assert out[0] == "Ras Lanuf" and out.isna()[1]


def test_non_string_is_a_type_error_naming_the_row(default: Normalizer) -> None:
    series = pd.Series(["RAS lanuf", 3.5, "x"], index=["a", "bad", "c"], dtype=object)
    with pytest.raises(TypeError) as info:
        series.normalize.fix(default)
    assert str(info.value) == "row 'bad': expected a string or a missing value, got float 3.5"
    with pytest.raises(TypeError, match="row 'bad'"):
        series.normalize.find(default)


def test_an_engine_failure_names_the_row(broken: Normalizer) -> None:
    series = pd.Series(["fine", "a BOOM here"], index=["a", "b"])
    with pytest.raises(RuntimeError, match="engine failure") as info:
        series.normalize.fix(broken)
    assert info.value.__notes__ == ["while fixing row 'b'"]


def test_find_has_one_row_per_finding_indexed_by_source_row(
    rows: list[str | None], default: Normalizer
) -> None:
    sample = rows[:300]
    frame = pd.DataFrame({"text": sample}, index=pd.RangeIndex(1000, 1000 + len(sample)))
    findings = frame["text"].normalize.find(default)
    want = [(1000 + i, m.as_dict()) for i, r in enumerate(sample) if r is not None for m in default.find(r)]
    assert len(findings) == len(want) > 100
    assert findings.index.name == "row"
    assert list(findings.index) == [label for label, _ in want]
    # a rule's type is None; pandas shows it as its missing value for the column's dtype
    records = findings.astype(object).where(findings.notna(), None).to_dict("records")
    assert records == [d for _, d in want]
    assert any(d["type"] is None for _, d in want)
    # the index leads back to the source row and its offsets into it
    for label, finding in findings.head(50).iterrows():
        assert frame.loc[label, "text"][finding["start"] : finding["end"]] == finding["text"]
    joined = frame.join(findings[["replacement"]])
    assert len(joined) == len(findings) + sum(1 for r in sample if r is None or not default.find(r))


def test_find_on_rows_without_findings_has_the_columns(default: Normalizer) -> None:
    findings = pd.Series(["plain words", None], dtype=object).normalize.find(default)
    assert findings.empty
    assert list(findings.columns) == list(default.find("RAS lanuf")[0].as_dict())
