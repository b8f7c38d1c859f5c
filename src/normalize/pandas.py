"""A ``normalize`` accessor on pandas Series of text (``pip install 'normalize-mt[pandas]'``).

Importing this module registers it::

    import normalize.pandas  # noqa: F401
    df["fixed"] = df["text"].normalize.fix(normalizer)
    findings = df["text"].normalize.find(normalizer)   # one row per finding, indexed by source row

Missing values (None, NaN, ``pd.NA``) stay missing; any other non-string is a
:class:`TypeError` naming the row's label. Each distinct text is fixed once per call.
"""

from __future__ import annotations

from dataclasses import fields

import pandas as pd

from . import Fixed, Match, Normalizer
from ._workers import fix_value

__all__ = ["NormalizeAccessor"]


@pd.api.extensions.register_series_accessor("normalize")
class NormalizeAccessor:
    """Find and fix garbled names in a Series of text: ``series.normalize.fix(normalizer)``."""

    def __init__(self, series: pd.Series) -> None:
        self._series = series

    def _fixed(self, normalizer: Normalizer) -> list[Fixed | None]:
        """Return each row's Fixed, None for a missing value, in row order."""
        seen: dict[str, Fixed] = {}
        out: list[Fixed | None] = []
        for label, value in self._series.items():
            if _missing(value):
                out.append(None)
                continue
            fixed = seen.get(value) if isinstance(value, str) else None
            if fixed is None:
                fixed = seen[value] = fix_value(normalizer, value, f"row {label!r}")
            out.append(fixed)
        return out

    def fix(self, normalizer: Normalizer) -> pd.Series:
        """Return the fixed text of every row: same index and name; missing values stay as they were.

        A string dtype is kept; any other dtype (object, category) gives an object Series.
        """
        series = self._series
        values = [
            original if fixed is None else fixed.text
            for original, fixed in zip(series.array, self._fixed(normalizer), strict=True)
        ]
        dtype = series.dtype if isinstance(series.dtype, pd.StringDtype) else object
        return pd.Series(values, index=series.index, name=series.name, dtype=dtype)

    def find(self, normalizer: Normalizer) -> pd.DataFrame:
        """Return one row per finding, indexed by the label of the row it was found in.

        The columns are the fields of :meth:`normalize.Match.as_dict` (``start``, ``end``,
        ``text``, ``replacement``, ``canonical``, ``entry``, ``method``, ``score``,
        ``reason``, ``type``); offsets are into that row's text. ``df.join(findings)``
        puts them beside their rows.
        """
        positions: list[int] = []
        rows: list[dict[str, object]] = []
        for position, fixed in enumerate(self._fixed(normalizer)):
            for match in fixed.matches if fixed else ():
                positions.append(position)
                rows.append(match.as_dict())
        columns = list(rows[0]) if rows else [f.name for f in fields(Match)]
        index = self._series.index.take(positions)
        if index.name is None and index.nlevels == 1:
            index = index.rename("row")
        return pd.DataFrame(rows, index=index, columns=columns)


def _missing(value: object) -> bool:
    """Return True for pandas' missing scalars: None, NaN, NA, NaT."""
    return value is None or (pd.api.types.is_scalar(value) and bool(pd.isna(value)))
