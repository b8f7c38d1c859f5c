"""Spark: ``fix_column`` on a local[2] session, every row compared with ``Normalizer.fix``."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest

from normalize import Normalizer, _workers

pytest.importorskip("pyspark", reason="PySpark is not installed (pip install 'normalize-mt[spark]')")
pd = pytest.importorskip("pandas", reason="pandas is not installed (pip install 'normalize-mt[spark]')")
from pyspark import cloudpickle  # noqa: E402
from pyspark.sql import SparkSession  # noqa: E402

from normalize.spark import _fix_batches, _ship_folder, fix_column  # noqa: E402

from .conftest import CUSTOM_FIXED_92, CUSTOM_ROWS, run_example  # noqa: E402

BATCH = 200  # Arrow batch size: several batches per partition


@pytest.fixture(scope="module")
def spark() -> Iterator[SparkSession]:
    session = (
        SparkSession.builder.master("local[2]")
        .appName("normalize-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", str(BATCH))
        .config("spark.pyspark.python", sys.executable)
        .config("spark.pyspark.driver.python", sys.executable)
        # a short-lived JVM: the quick JIT tier only starts it faster on two shared cores
        .config("spark.driver.extraJavaOptions", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def test_every_row_equals_the_normalizer(
    spark: SparkSession, rows: list[str | None], expected: list[str | None], default: Normalizer
) -> None:
    df = spark.createDataFrame(list(enumerate(rows)), "id long, text string")
    assert df.rdd.getNumPartitions() == 2
    out = fix_column(df, "text", findings="findings").collect()  # no shuffle: rows keep their order
    assert [r.id for r in out] == list(range(len(rows)))
    assert [r.text for r in out] == rows
    assert [r.text_fixed for r in out] == expected
    for row in out:
        if row.text is None:
            assert row.findings is None
        else:
            assert [f.asDict() for f in row.findings] == [m.as_dict() for m in default.find(row.text)]
    assert sum(len(r.findings or ()) for r in out) > 2000


def test_options_of_the_command_line(spark: SparkSession, custom_lexicon: str) -> None:
    df = spark.createDataFrame([(t, i) for i, t in enumerate([*CUSTOM_ROWS, None])], "text string, id int")
    out = fix_column(
        df, "text", output="text", lexicons=[custom_lexicon], default_lexicon=False, threshold=92
    )
    assert out.columns == ["text", "id"]  # replaced in place
    assert [r.text for r in out.collect()] == [*CUSTOM_FIXED_92, None]


def test_bad_columns_are_named(spark: SparkSession) -> None:
    df = spark.createDataFrame([(1, "a")], "id long, text string")
    with pytest.raises(TypeError, match="column 'id' holds bigint, not strings"):
        fix_column(df, "id")
    with pytest.raises(ValueError, match="no column 'txt' \\(columns: id, text\\)"):
        fix_column(df, "txt")
    with pytest.raises(ValueError, match="would overwrite the text"):
        fix_column(df, "text", findings="text_fixed")


def _probe(filename: str, batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    """Run the real batch function, then report this worker's pid and its unpickle count."""
    for batch in _fix_batches(filename, "text", "fixed", None, batches):
        yield pd.DataFrame({"pid": [os.getpid()], "loads": [_workers.unpickled()], "rows": [len(batch)]})


def test_the_index_is_unpickled_once_per_worker_not_per_batch(
    spark: SparkSession, default: Normalizer
) -> None:
    shipped = _workers.Shipped.of(default)
    spark.sparkContext.addFile(str(shipped.write(_ship_folder())))
    cloudpickle.register_pickle_by_value(sys.modules[__name__])  # workers cannot import the tests
    df = spark.createDataFrame([(f"row {i} near RAS lanuf",) for i in range(4000)], "text string")
    report = df.mapInPandas(partial(_probe, shipped.filename), "pid long, loads long, rows long").toPandas()
    assert report["rows"].sum() == 4000
    assert len(report) >= 4000 // BATCH > report["pid"].nunique()  # more batches than workers ...
    per_worker = report.groupby("pid")["loads"]
    assert (per_worker.max() == per_worker.min()).all()  # ... and none unpickled again after its first


def test_readme_example(
    spark: SparkSession, example_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # its getOrCreate() returns this module's session, whose JVM has its own working folder
    paths = {name: str(example_folder / name) for name in ("corpus/*.txt", "fixed")}
    run_example("Spark", capsys, paths)
    written = "".join(
        p.read_text(encoding="utf-8") for p in sorted((example_folder / "fixed").glob("part-*"))
    )
    originals = "".join(
        p.read_text(encoding="utf-8") for p in sorted((example_folder / "corpus").glob("*.txt"))
    )
    assert len(written.splitlines()) == len(originals.splitlines())
    assert written != originals


HOMONYMS = """
entries:
  - {id: tripoli-ly, canonical: Tripoli, type: place, variants: [Tarabulus], context: [Libya]}
  - {id: tripoli-lb, canonical: Tripoli, type: place, variants: [Trablous], context: [Lebanon]}
  - {id: hajjiabad-ir, canonical: Hajjiabad, type: place, variants: [Hadzhiabad], context: [Hormozgan]}
  - {id: hajiabad-ir, canonical: Haji Abad, type: place, variants: [Hadzhiabad], context: [Fars]}
"""


def test_homonyms_as_the_normalizer_decides_them(spark: SparkSession, tmp_path: Path) -> None:
    """Shared names: applied with every claimant, or left alone when ambiguous, row by row as fix does."""
    lex = tmp_path / "homonyms.yaml"
    lex.write_text(HOMONYMS, encoding="utf-8")
    rows = ["From Tarabulus to Trablous.", "They reached Hadzhiabad.", "In Fars, they reached Hadzhiabad."]
    n = Normalizer([str(lex)], default_lexicon=False)
    out = fix_column(
        spark.createDataFrame([(r,) for r in rows], "text string"),
        "text",
        lexicons=[str(lex)],
        default_lexicon=False,
        findings="findings",
    ).collect()
    assert [r.text_fixed for r in out] == [n.fix(r).text for r in rows]
    assert [r.text_fixed for r in out] == [
        "From Tripoli to Tripoli.",
        "They reached Hadzhiabad.",
        "In Fars, they reached Haji Abad.",
    ]
    assert [f.asDict()["entries"] for f in out[0].findings] == [["tripoli-ly"], ["tripoli-lb"]]
