"""``rules``: phrase rules for MT artifacts, literal or regular expressions.

"approx. lane" -> "translator's note" (прим. пер. expanded wrongly), "Us officials" ->
"US officials" (case-sensitive). Literal rules are found by the automaton; pattern rules
run with the ``regex`` module over the text.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import regex

from ...model import Method
from ...safety import run_rule
from ..candidate import SCORE_EXACT, Candidate
from .base import Mechanism

if TYPE_CHECKING:
    from ..document import Document
    from ..index import AutomatonBuilder, Index


@dataclass(frozen=True, slots=True)
class RulesTable:
    """Compiled pattern rules: (index into ``Index.rules``, compiled pattern)."""

    patterns: tuple[tuple[int, regex.Pattern[str]], ...]


class Rules(Mechanism[RulesTable]):
    """Apply the lexicons' phrase rules."""

    name = "rules"
    generated = False

    def compile(self, index: Index, automaton: AutomatonBuilder) -> RulesTable:
        for i, r in enumerate(index.rules):
            if r.match:
                automaton.add(r.match, self.name, (i,))
        return RulesTable(
            tuple(
                (i, regex.compile(r.pattern, 0 if r.case_sensitive else regex.IGNORECASE))
                for i, r in enumerate(index.rules)
                if r.pattern
            )
        )

    def propose(self, doc: Document, table: RulesTable, prior: Sequence[Candidate]) -> Iterator[Candidate]:
        rules = doc.index.rules
        for start, end, payload in doc.hits.get(self.name, ()):
            r = rules[payload[0]]
            if not r.case_sensitive or doc.text[start:end] == r.match:
                yield self._rule(start, end, r.id, r.replace)
        for i, pattern in table.patterns:
            r = rules[i]
            # a pattern that backtracks catastrophically is cut off (RULE_TIMEOUT) and skipped here
            for m in run_rule(pattern, doc.text) or ():
                if m.end() > m.start():
                    yield self._rule(m.start(), m.end(), r.id, m.expand(r.replace))

    def _rule(self, start: int, end: int, rule: str, replacement: str) -> Candidate:
        return Candidate(
            start, end, None, replacement, Method.RULE, SCORE_EXACT, f"rule {rule}", self.name, rule=rule
        )
