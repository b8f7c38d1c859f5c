"""``fuzzy``: one slip of spelling ("Misurta", "Sueifan") in a name nobody listed so.

Every name's key and folded letters (:func:`fuzzy_forms`) are filed in blocks by their
first and last letters and length (:meth:`FuzzyTable.candidates` explains why that loses
nothing); a word or run is compared with its blocks only, by rapidfuzz in C. Only words
wordfreq does not know are fuzzed, and only when no key or ending explained them. A
match needs a key of at least :data:`MIN_FUZZY` letters, one edit at most, a ratio of at
least ``Config.fuzzy_threshold``, no other name within :data:`FUZZY_MARGIN`, and the
topic of the document.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from ...keys import fold, key
from ...model import Method
from ..candidate import Candidate, Evidence, Role
from ..config import Config
from ..evidence import whole_person_need
from ..index import acronym, plain
from .base import Mechanism

if TYPE_CHECKING:
    from ..document import Document
    from ..index import AutomatonBuilder, Index

#: Shortest key that is fuzzed.
MIN_FUZZY = 6
#: A fuzzy word is left alone when the runner-up name scores within this of the best.
FUZZY_MARGIN = 5.0


def fuzzy_forms(text: str, keyed: Callable[[str], str] = key) -> set[str]:
    """Return the forms a name is fuzzy-matched under: its key and its folded letters.

    Typos are edits of the spelling, and a key can turn one edit into two ("Sueifan" /
    "Suefian"), so both the key and the plain folded letters are compared, spaces removed.
    ``keyed`` is :func:`~normalize.keys.key`, or a memo of it (the index's, while it is built).
    """
    return {keyed(text).replace(" ", ""), "".join(filter(str.isalnum, fold(text)))}


def _affix(n: int) -> int:
    """Return how many first and last letters file a fuzzy key of ``n`` letters."""
    return 3 if n >= 7 else 2


def block(affix: str, n: int) -> str:
    """Return the name of the block of keys of ``n`` letters with ``affix`` ("$" + last letters)."""
    return f"{affix}\x1f{n}"


@dataclass(frozen=True, slots=True)
class FuzzyTable:
    """Fuzzy forms of the names, their owners, and the blocks that file them."""

    keys: tuple[str, ...]
    owners: tuple[tuple[tuple[int, Role], ...], ...]
    multi: frozenset[int]
    """Indexes of forms of several-word names (a run is compared only with those)."""
    blocks: dict[str, tuple[str, ...]]
    """Keys by block: :func:`block` of their first or last letters and length."""
    position: dict[str, int]

    def candidates(self, k: str) -> list[int]:
        """Return indexes into ``keys`` within one edit (Damerau) of ``k``.

        Blocking: one insertion, deletion, substitution or adjacent transposition changes
        the length by at most one and touches at most two neighbouring letters. An
        insertion at position p keeps the first a letters when p >= a and the last a
        when p <= n - a, so it keeps one of them when the shorter string has n >= 2a
        letters; a substitution needs n >= 2a too, a transposition n >= 2a + 1. Keys of n
        letters are filed under their first and last ``_affix(n)`` letters (3 from 7
        letters, else 2), which meets those bounds for every key (6 letters or more), so
        the blocks of lengths within one of ``k`` hold every such key; rapidfuzz checks
        them in C, with the OSA distance: at a cutoff of one edit it accepts exactly the
        keys the Damerau-Levenshtein distance does (one edit is one edit in both), faster.
        """
        if len(k) < MIN_FUZZY - 1:
            return []
        found: set[str] = set()
        for n in (len(k) - 1, len(k), len(k) + 1):
            a = _affix(n)
            for b in (block(k[:a], n), block("$" + k[-a:], n)):
                keys = self.blocks.get(b)
                if keys:
                    found.update(
                        m[0]
                        for m in process.extract(k, keys, scorer=OSA.distance, score_cutoff=1, limit=None)
                    )
        return sorted(self.position[m] for m in found)


def best_fuzzy(
    table: FuzzyTable, config: Config, text: str, multi: bool
) -> list[tuple[int, Role, float, str]]:
    """Return the one clear fuzzy match of a name-like text as (entry, role, score, pair), or nothing.

    ``multi`` says whether the text is several words; it is compared only with names of
    as many words (one or several), so a run never fuzzes into a one-word name.
    """
    best: dict[int, tuple[float, str, tuple[int, Role]]] = {}
    for form in sorted(fuzzy_forms(text)):
        if len(form) < MIN_FUZZY:
            continue
        for n in table.candidates(form):
            if (n in table.multi) != multi:
                continue
            target = table.keys[n]
            score = fuzz.ratio(form, target)
            if score >= config.fuzzy_threshold:
                for entry, role in table.owners[n]:
                    if entry not in best or score > best[entry][0]:
                        best[entry] = (score, f"{form!r} ~ {target!r}", (entry, role))
    scored = sorted(best.values(), key=lambda t: (-t[0], t[1], t[2]))
    if len(scored) > 1 and scored[0][0] - scored[1][0] < FUZZY_MARGIN:
        return []  # two names about as near: not a fix, a guess
    return [(owner[0], owner[1], score, pair) for score, pair, owner in scored[:1]]


class Fuzzy(Mechanism[FuzzyTable]):
    """Match one edit away; see the module docstring."""

    name = "fuzzy"

    def compile(self, index: Index, automaton: AutomatonBuilder) -> FuzzyTable:
        forms: dict[str, set[tuple[int, Role]]] = {}
        multi: set[str] = set()
        for s in index.all_surfaces():
            if not (s.fuzzed or s.inflected) or acronym(s.text):
                continue
            several = " " in index.name_key(s.text)
            if s.fuzzed and several:
                for f in fuzzy_forms(s.text, index.name_key):
                    if len(f) >= MIN_FUZZY:
                        forms.setdefault(f, set()).add((s.entry, plain(s.role)))
                        multi.add(f)
            if s.inflected and not several:
                for f in fuzzy_forms(s.text, index.name_key):
                    if len(f) >= MIN_FUZZY:
                        forms.setdefault(f, set()).add((s.entry, plain(s.role)))
        keys = tuple(sorted(forms))
        blocks: dict[str, list[str]] = {}
        for k in keys:
            width = _affix(len(k))
            blocks.setdefault(block(k[:width], len(k)), []).append(k)
            blocks.setdefault(block("$" + k[-width:], len(k)), []).append(k)
        return FuzzyTable(
            keys,
            tuple(tuple(sorted(forms[k])) for k in keys),
            frozenset(n for n, k in enumerate(keys) if k in multi),
            {b: tuple(ks) for b, ks in blocks.items()},
            {k: n for n, k in enumerate(keys)},
        )

    def propose(self, doc: Document, table: FuzzyTable, prior: Sequence[Candidate]) -> Iterator[Candidate]:
        text, config = doc.text, doc.config
        taken_runs = {c.span for c in prior if c.mechanism in ("keys", "endings")}
        # the full name already written inside a run (any casing): fuzzing the run would only
        # take in a neighbouring word ("A-GHASSAN SALAME" holds "GHASSAN SALAME")
        canonicals = doc.index.canonicals
        by_entry: dict[int, list[Candidate]] | None = None  # made when a window first finds a name
        for span in doc.run_windows:
            if span in taken_runs:
                continue
            run = text[span[0] : span[1]]
            found = doc.memo.get(("fuzzy", run, True), best_fuzzy, table, config, run, True)
            if found and by_entry is None:
                by_entry = {}
                for c in prior:
                    if c.entry is not None:
                        by_entry.setdefault(c.entry, []).append(c)
            for entry, role, score, pair in found:
                if by_entry and any(
                    span[0] <= c.start
                    and c.end <= span[1]
                    and fold(text[c.start : c.end]) == fold(canonicals[entry])
                    for c in by_entry.get(entry, ())
                ):
                    continue
                need = Evidence.TOPIC
                if " " in run.strip():  # several words: a person's whole name names the person
                    need = whole_person_need(doc.index, entry, role, need)
                yield self.candidate(doc, span, entry, role, Method.FUZZY, score, f"fuzzy match {pair}", need)
        for span in doc.free_words(prior, partly_taken=False):
            word = text[span[0] : span[1]]
            if doc.zipf(word) > 0:
                continue  # a word wordfreq knows is never fuzzed
            found = doc.memo.get(("fuzzy", word, False), best_fuzzy, table, config, word, False)
            for entry, role, score, pair in found:
                yield self.candidate(
                    doc, span, entry, role, Method.FUZZY, score, f"fuzzy match {pair}", Evidence.TOPIC
                )
