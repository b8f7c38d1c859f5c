"""The one interface every mechanism implements.

A mechanism is one way machine translation garbles a name, and the way back. It has:

- ``name``: its registry key, which is also its :class:`~normalize.engine.config.Config`
  switch, the ``mechanism`` of the matches it makes, its garble generator in
  :mod:`normalize.garble` (where it has one) and its test module
  ``tests/mechanisms/test_<name>.py``;
- ``generated``: True when it derives forms no lexicon lists (``Config.generate=False``
  turns those off);
- ``compile(index, automaton)``: build what it needs from the lexicon, once, and file the
  surfaces it wants found in the text under its name; the returned table is stored in
  the index (and so pickled in the cache);
- ``propose(doc, table, prior)``: the candidates it sees in a document. ``prior`` holds
  the candidates of the mechanisms before it in the registry, for the few that build on
  them (a spurious article before a person's name) or leave alone what is already taken.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, ClassVar, Generic, TypeVar

from ...model import Method
from ..candidate import Candidate, Evidence, Role

if TYPE_CHECKING:
    from ..document import Document
    from ..index import AutomatonBuilder, Index

T = TypeVar("T")


class Mechanism(Generic[T]):
    """Base class of the mechanisms; see the module docstring."""

    name: ClassVar[str]
    generated: ClassVar[bool] = True

    def compile(self, index: Index, automaton: AutomatonBuilder) -> T:
        """Return this mechanism's table for ``index`` (file surfaces with ``automaton``)."""
        raise NotImplementedError

    def propose(self, doc: Document, table: T, prior: Sequence[Candidate]) -> Iterable[Candidate]:
        """Yield the candidates this mechanism sees in ``doc``."""
        raise NotImplementedError

    def candidate(
        self,
        doc: Document,
        span: tuple[int, int],
        entry: int,
        role: Role,
        method: Method,
        score: float,
        reason: str,
        need: Evidence = Evidence.NONE,
    ) -> Candidate:
        """Return a candidate of this mechanism that writes ``entry`` in ``role`` over ``span``."""
        index = doc.index
        return Candidate(
            span[0],
            span[1],
            entry,
            index.render(entry, role),
            method,
            score,
            reason,
            self.name,
            need=need,
            person=entry in index.persons,
        )


class PersonWidening(Mechanism[None]):
    """A mechanism that widens the person mentions the mechanisms before it found; no table."""

    def compile(self, index: Index, automaton: AutomatonBuilder) -> None:
        return None  # builds on the candidates of the mechanisms before it

    def propose(self, doc: Document, table: None, prior: Sequence[Candidate]) -> Iterable[Candidate]:
        for c in prior:
            if c.person and c.entry is not None:
                yield from self.widen(doc, c)

    def widen(self, doc: Document, c: Candidate) -> Iterable[Candidate]:
        """Yield the wider candidates of person mention ``c`` (its entry is set)."""
        raise NotImplementedError
