"""The pipeline: a document through the registry, the evidence model, the decision, rendering.

::

    text -> Document (one automaton pass) -> each enabled mechanism, in registry order,
         proposes candidates (seeing those of the mechanisms before it)
         -> EvidenceModel -> decide() -> render() -> matches (+ ambiguous spans)
"""

from __future__ import annotations

from typing import Any

from ..model import Ambiguity, Match
from .candidate import Candidate
from .config import Config
from .decide import decide
from .document import Document, Memo
from .evidence import EvidenceModel
from .index import Index
from .mechanisms import REGISTRY, Mechanism
from .render import ambiguities, render


class Pipeline:
    """Run the enabled mechanisms over texts and decide; see the module docstring."""

    __slots__ = ("config", "index", "mechanisms", "memo")

    def __init__(self, index: Index, config: Config) -> None:
        self.index = index
        self.config = config
        self.memo = Memo()
        self.mechanisms: tuple[tuple[Mechanism[Any], object], ...] = tuple(
            (m, index.tables[m.name]) for m in REGISTRY if config.enabled(m.name, generated=m.generated)
        )

    def candidates(self, text: str) -> tuple[Document, list[Candidate]]:
        """Return the document and every candidate the enabled mechanisms propose for it."""
        doc = Document(text, self.index, self.config, self.memo)
        cands: list[Candidate] = []
        for mechanism, table in self.mechanisms:
            cands.extend(mechanism.propose(doc, table, cands))
        return doc, cands

    def run(self, text: str, *, unchanged: bool = False) -> tuple[list[Match], list[Ambiguity]]:
        """Return the decided edits of ``text`` (with ``unchanged``, correct mentions too) and ambiguities."""
        doc, cands = self.candidates(text)
        evidence = EvidenceModel(self.index, doc.context, cands)
        decision = decide(cands, evidence, self.index.ids.__getitem__)
        return render(text, self.index, decision, unchanged=unchanged), ambiguities(
            text, self.index, decision
        )
