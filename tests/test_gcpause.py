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


def test_a_document_is_freed_before_the_collector_is_back() -> None:
    """When the collector comes back on, nothing of the document is left for it to walk."""
    from normalize.engine.document import Document

    n = Normalizer()
    alive: list[int] = []
    real_enable = gc.enable

    def enable() -> None:
        alive.append(sum(isinstance(o, Document) for o in gc.get_objects()))
        real_enable()

    with patch("normalize.gcpause.gc.enable", enable):
        assert n.fix("forces of Khalifa the Haftarot").text == "forces of Khalifa Haftar"
    assert alive == [0]
    assert gc.isenabled()
