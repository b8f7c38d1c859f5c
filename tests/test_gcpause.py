"""The collector pauses: off inside the block, then as it was found."""

from __future__ import annotations

import gc
from unittest.mock import patch

from normalize import Normalizer
from normalize.engine.decide import decide
from normalize.gcpause import gc_off


def test_gc_off_turns_the_collector_back_on_as_it_was() -> None:
    """On before: off inside, on after (even on an error). Off before: off throughout."""
    assert gc.isenabled()
    try:
        with gc_off():
            assert not gc.isenabled()
            raise ValueError
    except ValueError:
        pass
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_off():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_document_is_decided_with_the_collector_off() -> None:
    """The pipeline makes no cycles: no collection runs while one document is decided."""
    n = Normalizer()
    seen: list[bool] = []

    def watched(*args: object) -> object:
        seen.append(gc.isenabled())
        return decide(*args)  # type: ignore[arg-type]

    with patch("normalize.engine.pipeline.decide", watched):
        assert n.fix("forces of Khalifa the Haftarot").text == "forces of Khalifa Haftar"
    assert seen == [False]
    assert gc.isenabled()


def test_a_document_is_freed_before_the_collector_is_back_on() -> None:
    """The collector, turned back on, is left the matches only: the document is gone by then."""
    import weakref
    from collections.abc import Iterator
    from contextlib import contextmanager

    from normalize.engine import pipeline

    n = Normalizer()
    docs: list[weakref.ref[pipeline.Document]] = []
    alive_at_exit: list[bool] = []

    class Watched(pipeline.Document):
        def __init__(self, *args: object) -> None:
            super().__init__(*args)  # type: ignore[arg-type]
            docs.append(weakref.ref(self))

    @contextmanager
    def watched_off() -> Iterator[None]:
        with gc_off():
            yield
            alive_at_exit.extend(d() is not None for d in docs)

    with patch.object(pipeline, "Document", Watched), patch.object(pipeline, "gc_off", watched_off):
        assert n.fix("forces of Khalifa the Haftarot").text == "forces of Khalifa Haftar"
    assert docs
    assert alive_at_exit[-1] is False
