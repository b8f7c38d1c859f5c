"""The README's examples of the spaCy, pandas and Dask integrations run and print what they say.

The Spark example runs in ``test_spark.py``, on that module's session.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import run_example


def test_spacy_example(example_folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("spacy", reason="spaCy is not installed (pip install 'normalize-mt[spacy]')")
    run_example("spaCy", capsys)
    assert (example_folder / "my-pipeline" / "normalize" / "lexicons" / "000-my.yaml").is_file()


def test_pandas_example(example_folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("pandas", reason="pandas is not installed (pip install 'normalize-mt[pandas]')")
    run_example("pandas", capsys)


def test_dask_example(example_folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("dask", reason="Dask is not installed (pip install 'normalize-mt[dask]')")
    run_example("Dask", capsys)
    written = sorted((example_folder / "fixed").glob("*.txt"))
    originals = sorted((example_folder / "corpus").glob("*.txt"))
    assert len(written) == len(originals) == 2
    for out, original in zip(written, originals, strict=True):
        assert len(out.read_text().splitlines()) == len(original.read_text().splitlines())
        assert out.read_text() != original.read_text()
