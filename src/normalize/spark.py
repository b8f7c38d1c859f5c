"""Fix a text column of a Spark DataFrame (``pip install 'normalize-mt[spark]'``).

::

    from normalize.spark import fix_column

    df = spark.read.text("corpus/*.txt")                      # a column "value"
    fixed = fix_column(df, "value", lexicons=["my.yaml"], findings="findings")

The Normalizer is compiled once on the driver (from the cache with ``cache=True``),
pickled to a file that ``SparkContext.addFile`` ships to every executor, and unpickled
once per Python worker process, on its first batch; later batches and tasks in that
process reuse it. The rows go through ``mapInPandas`` in Arrow batches. Each row is
judged as one document (the engine's evidence, such as an entry's context words, is
looked for within the row). Needs a classic SparkSession (not Spark Connect).
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from functools import partial

import pandas as pd
from pyspark import SparkFiles, TaskContext
from pyspark.sql import DataFrame
from pyspark.sql.types import (
    ArrayType,
    DoubleType,
    IntegerType,
    StringType,
    StructField,
    StructType,
)

from . import Config, Normalizer
from ._workers import LexiconArg, Shipped, build_normalizer, fix_value, is_missing, load_file

__all__ = ["FINDING", "fix_column"]

#: The type of one finding in the findings column: the fields of ``Match.as_dict()``.
FINDING = StructType(
    [
        StructField("start", IntegerType(), False),
        StructField("end", IntegerType(), False),
        StructField("text", StringType(), False),
        StructField("replacement", StringType(), False),
        StructField("canonical", StringType(), False),
        StructField("entry", StringType(), False),
        StructField("method", StringType(), False),
        StructField("score", DoubleType(), False),
        StructField("reason", StringType(), False),
        StructField("type", StringType(), True),
        StructField("entries", ArrayType(StringType(), False), False),
        StructField("mechanism", StringType(), False),
    ]
)

_folder: str | None = None


def _ship_folder() -> str:
    """Return a folder on the driver for shipped files, removed when the driver exits."""
    global _folder
    if _folder is None:
        _folder = tempfile.mkdtemp(prefix="normalize-spark-")
        atexit.register(shutil.rmtree, _folder, True)
    return _folder


def fix_column(
    df: DataFrame,
    column: str,
    *,
    normalizer: Normalizer | None = None,
    lexicons: Iterable[LexiconArg] = (),
    default_lexicon: bool = True,
    threshold: float | None = None,
    config: Config | None = None,
    cache: bool = True,
    output: str | None = None,
    findings: str | None = None,
) -> DataFrame:
    """Return ``df`` with the fixed text of the string column ``column`` in ``output``.

    ``output`` defaults to ``<column>_fixed`` (it may be ``column`` itself, to replace it);
    ``findings``, when given, names an extra column holding each row's findings as an
    array of :data:`FINDING` structs. Pass a built ``normalizer`` or the command line's
    options (``lexicons``, ``default_lexicon``, ``threshold``, ``cache``) and optionally a
    ``config``. A null stays null (and its findings null). A column that is not a string
    column is a :class:`TypeError`; a row that fails names its partition and row.
    """
    if column not in df.columns:
        raise ValueError(f"no column {column!r} (columns: {', '.join(df.columns)})")
    if not isinstance(df.schema[column].dataType, StringType):
        raise TypeError(f"column {column!r} holds {df.schema[column].dataType.simpleString()}, not strings")
    output = output or f"{column}_fixed"
    if findings is not None and findings in (column, output):
        raise ValueError(f"the findings column {findings!r} would overwrite the text")
    if normalizer is None:
        normalizer = build_normalizer(
            lexicons, default_lexicon=default_lexicon, threshold=threshold, config=config, cache=cache
        )
    shipped = Shipped.of(normalizer)
    path = shipped.write(_ship_folder())
    df.sparkSession.sparkContext.addFile(str(path))

    added = [StructField(output, StringType(), True)]
    if findings is not None:
        added.append(StructField(findings, ArrayType(FINDING, False), True))
    # a replaced column keeps its place; new ones go at the end
    new = {f.name: f for f in added}
    kept = [new.pop(f.name, f) for f in df.schema.fields]
    schema = StructType(kept + list(new.values()))
    run = partial(_fix_batches, shipped.filename, column, output, findings)
    return df.mapInPandas(run, schema)


def _fix_batches(
    filename: str, column: str, output: str, findings: str | None, batches: Iterator[pd.DataFrame]
) -> Iterator[pd.DataFrame]:
    """Fix every batch of one partition with the worker's Normalizer (loaded on the first batch)."""
    normalizer = load_file(SparkFiles.get(filename))
    context = TaskContext.get()
    partition = context.partitionId() if context else 0
    row = 0
    for batch in batches:
        texts: list[str | None] = []
        found: list[list[dict[str, object]] | None] = []
        for value in batch[column]:
            if is_missing(value):  # Arrow hands nulls to pandas as None or NaN
                texts.append(None)
                found.append(None)
            else:
                fixed = fix_value(normalizer, value, f"partition {partition}, row {row}")
                texts.append(fixed.text)
                found.append([m.as_dict() for m in fixed.matches])
            row += 1
        batch = batch.copy()
        batch[output] = pd.Series(texts, index=batch.index, dtype=object)
        if findings is not None:
            batch[findings] = pd.Series(found, index=batch.index, dtype=object)
        yield batch
