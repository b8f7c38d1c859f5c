"""Pause Python's cyclic garbage collector while a large object graph is built or loaded.

Building or unpickling a compiled index makes hundreds of thousands of objects and no
cycles to collect; every 700 allocations the collector would walk them all again, which
multiplied the cache's load time by about three. Reference counting still frees memory.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Disable the cyclic collector inside the block; then freeze what the block made.

    Objects made while the collector is off are all still "young" when it is turned back
    on, so its next passes would walk every one of them, several times over (measured: the
    matcher ran at a quarter of its speed for seconds after an index was loaded).
    ``gc.freeze()`` moves them out of the collector's sight for good: an index lives as
    long as its Normalizer, and reference counting still frees it.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.freeze()
            gc.enable()


@contextmanager
def gc_off() -> Iterator[None]:
    """Disable the cyclic collector inside the block, and only there (no freeze).

    Deciding one document makes tens of thousands of short-lived objects (hits,
    candidates) and no reference cycles; reference counting frees them all. With the
    collector on, every few hundred of them would start a pass over the young objects and,
    now and then, over every object of the process: in a pipeline that holds a large
    object graph (a lexicon built from YAML, a DataFrame, a language model) those passes
    took half the time of a document (measured: the exact-only pipeline ran 1.7x faster
    beside a FlashText trie with the collector off). The collector is turned back on as it
    was found, so a process that turned it off keeps it off.

    Objects still referenced when the block ends are young objects to the collector's
    first pass after it, which walks them all: a block lets go of its document-sized
    objects before it ends (a function called inside it returns, or ``del``), so that
    reference counting frees them while the collector is still off.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
