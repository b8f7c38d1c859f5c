"""The pipeline: a document through the registry, the evidence model, the decision, rendering.

::

    text -> Document (one automaton pass) -> each enabled mechanism, in registry order,
         proposes candidates (seeing those of the mechanisms before it)
         -> a derived place in a person's full name needs the place named
         -> EvidenceModel -> decide() -> render() -> matches (+ ambiguous spans)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from ..gcpause import gc_off
from ..model import TIERS, Ambiguity, Match, Method
from .candidate import Candidate, Evidence
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
        with gc_off():  # many short-lived objects, no cycles: see gc_off
            return self._candidates(text)

    def _candidates(self, text: str) -> tuple[Document, list[Candidate]]:
        doc = Document(text, self.index, self.config, self.memo)
        cands = doc.found
        for mechanism, table in self.mechanisms:
            cands.extend(mechanism.propose(doc, table, cands))
        _full_names(doc, cands)
        return doc, cands

    def run(self, text: str, *, unchanged: bool = False) -> tuple[list[Match], list[Ambiguity]]:
        """Return the decided edits of ``text`` (with ``unchanged``, correct mentions too) and ambiguities."""
        # one pause for the whole document (see gc_off); the document and its candidates are
        # freed inside _run, before the collector is back on: it is left only the matches
        # to look at, not the tens of thousands of objects of a document
        with gc_off():
            return self._run(text, unchanged)

    def _run(self, text: str, unchanged: bool) -> tuple[list[Match], list[Ambiguity]]:
        doc, cands = self._candidates(text)
        return self._settle(text, cands, doc.context, (), unchanged)

    def settle(
        self,
        text: str,
        cands: list[Candidate],
        context: set[int],
        elsewhere: Iterable[Candidate],
        *,
        unchanged: bool = False,
    ) -> tuple[list[Match], list[Ambiguity]]:
        """Decide the candidates of ``text``, one piece of a document, with the whole document's evidence.

        ``context`` holds the context ids of the whole document and ``elsewhere`` the
        mentions found in its other pieces, their spans relative to this piece (see
        :func:`mention_extremes`). With the piece's own context and nothing elsewhere,
        this is :meth:`run`.
        """
        with gc_off():  # the evidence and decision are freed in _settle, before the collector is on
            return self._settle(text, cands, context, elsewhere, unchanged)

    def _settle(
        self,
        text: str,
        cands: list[Candidate],
        context: set[int],
        elsewhere: Iterable[Candidate],
        unchanged: bool,
    ) -> tuple[list[Match], list[Ambiguity]]:
        evidence = EvidenceModel(self.index, context, [*cands, *elsewhere])
        decision = decide(cands, evidence, self.index.ids.__getitem__)
        return render(text, self.index, decision, unchanged=unchanged), ambiguities(
            text, self.index, decision
        )


def _full_names(doc: Document, cands: list[Candidate]) -> None:
    """Make a one-word place candidate that reads as part of a person's name need the place named.

    A word taken for a place as a listed variant or by a mechanism (a key, a case ending,
    one edit, a sound-alike; not the canonical as written), beside a capitalised word that
    is no common word and no part of any candidate, is most likely one word of a person's
    full name ("Axel Kielhorn" is no Gifhorn, "Nikolai Weibull" no Mikołów, listed as
    "Nikolai"): it then needs the document to mention the place by a candidate that needs
    no evidence (:attr:`Evidence.ENTITY`). Beside a candidate it stays as it was
    ("Misrata Ajdabyia road"; "Lech Lorens", both listed for towns, too): what a fix
    writes is a candidate again, so fixing twice changes nothing more.
    """
    text, types, covered = doc.text, doc.index.types, None
    for i, c in enumerate(cands):
        if (
            (TIERS[c.method] or c.method is Method.VARIANT)  # derived, or a listed variant
            and c.need < Evidence.ENTITY
            and c.entry is not None
            and types[c.entry] == "place"
            and " " not in text[c.start : c.end]
        ):
            if covered is None:
                covered = doc.coverage(cands)
            if doc.in_full_name(c.start, c.end, covered):
                cands[i] = replace(c, need=Evidence.ENTITY)


def mention_extremes(
    cands: Iterable[Candidate], into: dict[int, tuple[Candidate, Candidate]], offset: int = 0
) -> None:
    """Merge the mentions among ``cands`` (spans moved by ``offset``) into ``into``: per entry, two.

    The evidence model reads a document's mentions (candidates that need no evidence) for
    which entries are named and whether one is named apart from a span; the mention that
    ends first and the one that starts last answer both exactly, so a document of any
    length is summed up in two candidates per entry named.
    """
    found: dict[int, tuple[Candidate, Candidate]] = {}
    for c in cands:
        if c.need != Evidence.NONE or c.entry is None:
            continue
        got = found.get(c.entry)
        if got is None:
            found[c.entry] = (c, c)
        else:
            first, last = got
            found[c.entry] = (c if c.end < first.end else first, c if c.start > last.start else last)
    for entry, (first, last) in found.items():
        if offset:  # only the two kept are moved (a piece has thousands of mentions)
            moved = replace(first, start=first.start + offset, end=first.end + offset)
            last = moved if last is first else replace(last, start=last.start + offset, end=last.end + offset)
            first = moved
        got = into.get(entry)
        if got is None:
            into[entry] = (first, last)
        else:
            a, b = got
            into[entry] = (first if first.end < a.end else a, last if last.start > b.start else b)
