"""The Normalizer's surface: what it accepts as lexicons and as text."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from normalize import Normalizer


def test_single_path_string_reads_that_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Normalizer("file.yaml") reads that file, not each character of the string as a path."""
    (tmp_path / "zintan.yaml").write_text("entries:\n  - {canonical: Zintan, variants: [Zentan]}\n")
    (tmp_path / "other.yaml").write_text("entries:\n  - {canonical: Gharyan, variants: [Garian]}\n")
    monkeypatch.chdir(tmp_path)
    n = Normalizer("zintan.yaml", default_lexicon=False)
    assert [e.id for e in n.lexicon.entries] == ["zintan"]
    assert n.fix("Zentan and Garian").text == "Zintan and Garian"
    assert Normalizer(tmp_path / "zintan.yaml", default_lexicon=False).fix("Zentan").text == "Zintan"


@pytest.mark.parametrize("value", [None, math.nan, 3, b"bytes"])
def test_non_text_is_a_clear_type_error(default: Normalizer, value: object) -> None:
    """fix(None), a pandas NaN or bytes raise TypeError naming what was given."""
    with pytest.raises(TypeError, match=r"expected a str, got (NoneType|float|int|bytes)"):
        default.fix(value)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        default.find(value)  # type: ignore[arg-type]
