"""Fix a Dask bag of texts (``pip install 'normalize-mt[dask]'``).

::

    import dask.bag as db
    from normalize.dask import fix_bag

    lines = db.read_text("corpus/*.txt")                      # one item per line
    fix_bag(lines, lexicons=["my.yaml"]).to_textfiles("fixed/*.txt")

The Normalizer is compiled once, on the client, and travels through the graph as one
pickled value; each worker process unpickles it once, however many partitions it runs.
Each item is judged as one document (the engine's evidence, such as an entry's context
words, is looked for within the item).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import dask.bag as db
from dask.delayed import delayed

from . import Config, Fixed, Normalizer
from ._workers import LexiconArg, Shipped, build_normalizer, fix_value, is_missing

__all__ = ["fix_bag"]


def fix_bag(
    bag: db.Bag,
    *,
    normalizer: Normalizer | None = None,
    lexicons: Iterable[LexiconArg] = (),
    default_lexicon: bool = True,
    threshold: float | None = None,
    config: Config | None = None,
    cache: bool = True,
    matches: bool = False,
) -> db.Bag:
    """Return a bag of the fixed texts of ``bag`` (lazily, partition for partition).

    Pass a built ``normalizer``, or the command line's options (``lexicons``,
    ``default_lexicon``, ``threshold``, ``cache``) and optionally a ``config``. With
    ``matches=True`` the items are :class:`normalize.Fixed` (text and matches). A missing
    item (None or NaN) stays None; any other non-string raises a :class:`TypeError` naming
    its partition and position when the bag is computed.
    """
    if normalizer is None:
        normalizer = build_normalizer(
            lexicons, default_lexicon=default_lexicon, threshold=threshold, config=config, cache=cache
        )
    # one graph value, so a distributed cluster sends it to each worker once
    shipped = delayed(Shipped.of(normalizer), pure=True)
    numbers = db.range(bag.npartitions, npartitions=bag.npartitions)  # type: ignore[no-untyped-call]
    fixed: db.Bag = bag.map_partitions(_fix_partition, numbers, shipped, matches)  # type: ignore[no-untyped-call]
    return fixed


def _fix_partition(
    items: Iterable[Any], number: Iterable[int], shipped: Shipped, matches: bool
) -> list[str | Fixed | None]:
    """Fix one partition; ``number`` is the one-item partition of ``db.range`` that names it."""
    (partition,) = number
    normalizer = shipped.get()
    out: list[str | Fixed | None] = []
    for i, item in enumerate(items):
        if is_missing(item):
            out.append(None)
            continue
        fixed = fix_value(normalizer, item, f"partition {partition}, item {i}")
        out.append(fixed if matches else fixed.text)
    return out
