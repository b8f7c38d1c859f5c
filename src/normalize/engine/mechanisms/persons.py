"""``persons``: given name + surname, however garbled ("Caliph Haftarot", "Stefani Uilyams").

A person's given name, its calques ("Caliph" for Khalifa, from the lexicons' calque
tables) or a transliteration of it (equal keys) anchors the words after it, with an
optional spurious "the" between them ("Khalifa the Haftarot"). The words are compared
with the person's surname by spelling, key, case ending (:func:`normalize.variants.ending_kind`)
or, when the given name was calqued (a sure sign of MT), a looser fuzzy ratio
(``Config.anchored_threshold``). The whole span becomes the canonical name.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import TYPE_CHECKING

import regex
from rapidfuzz import fuzz

from ...keys import ARTICLES, fold, key, split_words
from ...model import EntryType, Method
from ...variants import BUILTIN_CALQUES, MIN_SNAPPED_STEM, calque_map, ending_kind, stems
from ..candidate import SCORE_ENDING, SCORE_EXACT, SCORE_KEY, SCORE_SNAPPED, Candidate
from ..document import TOKEN, token_end
from .base import Mechanism
from .endings import MIN_STEM, languages
from .fuzzy import MIN_FUZZY

if TYPE_CHECKING:
    from ..document import Document
    from ..index import AutomatonBuilder, Index

#: Most words a surname after a given name may have.
MAX_SURNAME_WORDS = 4
#: Shortest stem an ending is cut from in a surname.
MIN_SURNAME_STEM = 3

_INNER = regex.compile(r"\s+(?:(the)\s+)?", regex.IGNORECASE)
_SPACE = regex.compile(r"[ \t]+")


class How(IntEnum):
    """How the given name was found."""

    WRITTEN = 0
    CALQUE = 1
    TRANSLITERATED = 2


@dataclass(frozen=True, slots=True)
class PersonsTable:
    """Keys of given names (and their calques) -> the persons who bear them."""

    given_persons: dict[str, tuple[int, ...]]


def given_forms(given: tuple[str, ...], calques: dict[str, str]) -> Iterable[str]:
    """Yield the folded given-name forms: as written, and with each word's calques."""
    options: list[list[str]] = []
    for w in (fold(g) for g in given):
        options.append(sorted({w} | {c for c, part in calques.items() if part == w}))
    forms = {""}
    for choices in options:
        forms = {f"{f} {a}".strip() for f in forms for a in choices}
    return sorted(forms)


_Verdict = tuple[Method, float, str]


def _better(a: _Verdict | None, b: _Verdict | None) -> _Verdict | None:
    if a is None:
        return b
    if b is None:
        return a
    return a if (a[0].tier, -a[1]) <= (b[0].tier, -b[1]) else b


class Persons(Mechanism[PersonsTable]):
    """Anchor a surname on a given name; see the module docstring."""

    name = "persons"

    def compile(self, index: Index, automaton: AutomatonBuilder) -> PersonsTable:
        calques = calque_map((*BUILTIN_CALQUES, *index.lexicon.calques))
        given: dict[str, set[int]] = {}
        for i, e in enumerate(index.entries):
            if e.type is not EntryType.PERSON or not e.given:
                continue
            as_written = fold(" ".join(e.given))
            for form in given_forms(e.given, {**calques, **calque_map(e.calques)}):
                how = How.WRITTEN if form == as_written else How.CALQUE
                automaton.add(form, self.name, (i, how))
                given.setdefault(key(form), set()).add(i)
        return PersonsTable({k: tuple(sorted(v)) for k, v in given.items()})

    def propose(self, doc: Document, table: PersonsTable, prior: Sequence[Candidate]) -> Iterator[Candidate]:
        found = [
            c
            for start, end, payload in doc.hits.get(self.name, ())
            if (c := self._anchor(doc, start, end, *payload))
        ]
        yield from found
        for s, e in doc.free_words(prior, extra=found):
            for entry in table.given_persons.get(key(doc.text[s:e]), ()):
                c = self._anchor(doc, s, e, entry, How.TRANSLITERATED)
                if c is not None:
                    yield c

    def _anchor(self, doc: Document, gs: int, ge: int, entry: int, how: How) -> Candidate | None:
        """Given name at ``gs:ge`` + optional "the" + surname-like words: a full name."""
        text = doc.text
        m = _INNER.match(text, ge)
        if not m or m.end() == ge:
            return None
        inner = bool(m.group(1))
        e = doc.index.entries[entry]
        words: list[tuple[int, int]] = []
        pos = m.end()
        while len(words) < MAX_SURNAME_WORDS:
            tok = TOKEN.match(text, pos)
            if tok is None:
                break
            end = token_end(text, tok.start(), tok.end(), doc.is_ordinary)
            words.append((tok.start(), end))
            sp = _SPACE.match(text, end)
            if sp is None:
                break
            pos = sp.end()
        sizes = {len(split_words(e.surname)), len(split_words(e.short)), 1}
        best: _Verdict | None = None
        best_end = 0
        for n in sorted(sizes, reverse=True):
            # an article written apart ("al Obeidi") belongs to the surname
            n_eff = n + sum(1 for s_, e_ in words[:n] if fold(text[s_:e_]) in ARTICLES)
            if n_eff > len(words) or n_eff == 0:
                continue
            tstart, tend = words[0][0], words[n_eff - 1][1]
            word = text[tstart:tend]
            loose = how == How.CALQUE
            got = doc.memo.get(("surname", word, entry, loose), self._surname, doc, word, entry, loose)
            if got and (best is None or (got[0].tier, -got[1]) < (best[0].tier, -best[1])):
                best, best_end = got, tend
        if best is None:
            return None
        method, score, why = best
        notes = []
        if how == How.CALQUE:
            notes.append(f"calque {text[gs:ge]!r} of {' '.join(e.given)!r}")
            method = max(method, Method.GENERATED, key=lambda x: x.tier)
        elif how == How.TRANSLITERATED:
            notes.append(f"given name {text[gs:ge]!r} transliterated")
            method = max(method, Method.KEY, key=lambda x: x.tier)
        if inner:
            notes.append("spurious article inside the name")
            method = max(method, Method.GENERATED, key=lambda x: x.tier)
        if why:
            notes.append(why)
        return Candidate(
            gs,
            best_end,
            entry,
            e.canonical,
            method,
            score,
            "; ".join(notes) or "full name",
            self.name,
            person=True,
        )

    def _surname(self, doc: Document, word: str, entry: int, loose: bool) -> _Verdict | None:
        """Compare a word with one person's surname; return (method, score, why) or None.

        ``loose`` (after a calque of the given name) lowers the fuzzy threshold to
        ``Config.anchored_threshold``; otherwise a fuzzy surname needs what a lone fuzzy
        word needs. A given name is never its bearer's surname ("Mutassim Mutassim").
        """
        e = doc.index.entries[entry]
        config = doc.config
        f = fold(word)
        given = {key(g) for g in e.given}
        listed = {fold(v.text) for v in e.variants if len(v.text.split()) == 1 and not v.case_sensitive}
        surnames = {fold(e.surname)} | {x for x in {fold(e.short)} | listed if key(x) not in given}
        if f in surnames:
            return Method.EXACT, SCORE_EXACT, ""
        langs = languages(doc.index, entry)
        best: _Verdict | None = None
        k_word = key(word)
        for s in sorted(surnames):
            k_s = key(s)
            cand: _Verdict | None = None
            if k_word == k_s:
                cand = (Method.KEY, SCORE_KEY, f"transliteration key {k_s!r}")
            else:
                for stem in stems(s):
                    if f.startswith(stem) and len(stem) >= MIN_SURNAME_STEM:
                        kind = ending_kind(f[len(stem) :], langs, doc.index.endings)
                        if kind == "ending":
                            cand = (Method.GENERATED, SCORE_ENDING, f"case ending -{f[len(stem) :]}")
                        elif kind == "snapped" and len(stem) >= MIN_SNAPPED_STEM:
                            cand = (Method.GENERATED, SCORE_SNAPPED, "case ending snapped to a word")
                if cand is None and config.fuzzy:
                    a_, b_ = k_word.replace(" ", ""), k_s.replace(" ", "")
                    ratio = fuzz.ratio(a_, b_)
                    if loose:
                        ok = ratio >= config.anchored_threshold and min(len(a_), len(b_)) >= MIN_STEM
                    else:
                        ok = (
                            ratio >= config.fuzzy_threshold
                            and min(len(a_), len(b_)) >= MIN_FUZZY
                            and not doc.is_ordinary(word)
                        )
                    if ok:
                        cand = (Method.FUZZY, ratio, f"surname key {k_word!r} ~ {k_s!r} after a given name")
            best = _better(best, cand)
        return best
