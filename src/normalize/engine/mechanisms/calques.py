"""``calques``: an organisation's name translated word by word ("Teams of defense Benghazi").

Each organisation or term of two or more content words is filed as a *bag*: its content
words normalised (calques back to the name's words, British/American spellings, "United
Nations" -> "un", demonyms to countries: "Russian" / "of Russia"). The automaton finds
the words of all bags; a run of such words (joined by spaces or "of/the/for/and") whose
bag equals a name's is that name, when a calque, a swapped demonym or an extra "of" shows
it was translated, not written in another word order on purpose.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import regex

from ...keys import fold, split_words
from ...model import EntryType, Method
from ...variants import BUILTIN_CALQUES, DEMONYMS, PHRASES, STOPWORDS, bag, bag_word, calque_map
from ..candidate import SCORE_KEY, Candidate, Role
from .base import Mechanism

if TYPE_CHECKING:
    from ..document import Document
    from ..index import AutomatonBuilder, Index

#: Most words of a run compared with a name.
MAX_BAG_WORDS = 8

_OF = regex.compile(r"(?i)(?<![\p{L}])of(?![\p{L}])")
_BAG_GAP = regex.compile(r"(?:\s+(?:of|the|for|and)(?![\p{L}]))*\s+", regex.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Bag:
    """An organisation whose calque is recognised by its words, in any order."""

    entry: int
    words: tuple[str, ...]
    """The folded content words of the canonical, in order."""
    of_count: int


@dataclass(frozen=True, slots=True)
class CalquesTable:
    """Bags by their normalised words, and the calque table used to normalise a run."""

    bags: dict[tuple[str, ...], tuple[Bag, ...]]
    calques: dict[str, str]


def bag_words(name: str) -> list[str]:
    """Return the folded words of an organisation name, with known phrases as one word."""
    text = " " + " ".join(fold(w) for w in split_words(name)) + " "
    for phrase in PHRASES:
        text = text.replace(f" {phrase} ", f" {phrase.replace(' ', '_')} ")
    return [w.replace("_", " ") for w in text.split()]


class Calques(Mechanism[CalquesTable]):
    """Recognise word-by-word calques of organisation names; see the module docstring."""

    name = "calques"

    def compile(self, index: Index, automaton: AutomatonBuilder) -> CalquesTable:
        shared = calque_map((*BUILTIN_CALQUES, *index.lexicon.calques))
        table = dict(shared)
        bags: dict[tuple[str, ...], list[Bag]] = {}
        reverse = {v: k for k, v in DEMONYMS.items()} | {v: k for k, v in PHRASES.items()}
        for i, e in enumerate(index.entries):
            if e.type not in (EntryType.ORG, EntryType.TERM) or len(split_words(e.canonical)) < 2:
                continue
            calques = {**shared, **calque_map(e.calques)}
            table.update(calque_map(e.calques))
            words = bag_words(e.canonical)
            content = [w for w in words if w not in STOPWORDS]
            if len(content) < 2:
                continue
            bags.setdefault(bag(words, calques), []).append(Bag(i, tuple(content), words.count("of")))
            for w in content:
                norm, _ = bag_word(w, calques)
                forms = {w, norm} | {c for c, p in calques.items() if p == norm}
                if norm in reverse:
                    forms.add(reverse[norm])
                for f in forms:
                    automaton.add(f, self.name, ())
        return CalquesTable({b: tuple(v) for b, v in bags.items()}, table)

    def propose(self, doc: Document, table: CalquesTable, prior: Sequence[Candidate]) -> Iterator[Candidate]:
        text = doc.text
        hits = sorted({(s, e) for s, e, _ in doc.hits.get(self.name, ())})
        runs: list[list[tuple[int, int]]] = []
        for h in hits:
            if runs and h[0] >= runs[-1][-1][1] and _BAG_GAP.fullmatch(text, runs[-1][-1][1], h[0]):
                runs[-1].append(h)
            elif not runs or h[0] >= runs[-1][-1][1]:
                runs.append([h])
        normalise: Callable[[str], tuple[str, str]] = lambda w: bag_word(w, table.calques)  # noqa: E731
        for run in runs:
            if len(run) < 2:
                continue
            run_words = [text[s:e] for s, e in run]
            run_normed = [normalise(w) for w in run_words]
            for i in range(len(run)):
                for j in range(i + 2, min(len(run), i + MAX_BAG_WORDS) + 1):
                    normed = run_normed[i:j]
                    for bg in table.bags.get(tuple(sorted(n for n, _ in normed)), ()):
                        s, e = run[i][0], run[j - 1][1]
                        used = {how for _, how in normed if how}
                        pairs = zip((fold(w) for w in run_words[i:j]), normed, strict=True)
                        demonym_swap = any(f not in bg.words for f, (_, how) in pairs if how == "demonym")
                        extra_of = len(_OF.findall(text, s, e)) > bg.of_count
                        if not ("calque" in used or demonym_swap or extra_of):
                            continue
                        why = f"word-by-word calque of {doc.index.entries[bg.entry].canonical!r}"
                        yield self.candidate(
                            doc, (s, e), bg.entry, Role.FULL, Method.GENERATED, SCORE_KEY, why
                        )
