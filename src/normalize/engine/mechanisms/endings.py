"""``endings``: a source-language case ending left on a name ("Haftarom", "Misraty").

Russian declines names (Хафтаром, Мисраты) and MT transliterates the ending with them;
sometimes it then snaps the result to an English word ("Haftarot"). Which tails are
endings is language data: per declension class of names, the endings a real morphology
gives, as each romanisation scheme writes them (:data:`normalize.variants.DECLENSIONS`,
derived by ``tools/derive_endings.py``). A name's classes follow from how it ends
(:func:`normalize.variants.declined_stems`: "Misrata" is misrat + y/oj/oyu..., "Zelensky"
zelensk + ogo/omu/im...). This mechanism finds them three ways:

- as written: a stem of a name at the start of a word, followed by one of its classes'
  endings (the automaton files stems as prefixes);
- after transliteration: a lone word whose key, less 1-3 letters, is a name's key stem;
- on the last word of a run of name-like words ("Seif al-Islamu").

An ending on an unknown word needs no evidence; a snapped one needs the topic; a word
wordfreq knows needs the entity named elsewhere, and an ordinary word is never taken. A
stem of four letters takes a snapped ending only on a word wordfreq does not know.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import regex

from ...keys import fold, key, word_key
from ...model import Method
from ...ordinary import is_ordinary
from ...variants import ENGLISH_SUFFIXES, MAX_ENDING, MIN_SNAPPED_STEM, declined_stems, ending_kind, tail_kind
from ..candidate import (
    SCORE_ENDING,
    SCORE_KEY,
    SCORE_SNAPPED,
    SCORE_SNAPPED_KEYED,
    Candidate,
    Evidence,
    Role,
    placeless,
)
from ..index import acronym, padded, plain
from .base import Mechanism

if TYPE_CHECKING:
    from ..document import Document
    from ..index import AutomatonBuilder, Index

#: Shortest stem that takes a case ending.
MIN_STEM = 4
#: Shortest stem that takes a snapped ending on a word wordfreq does not know at all;
#: from :data:`normalize.variants.MIN_SNAPPED_STEM` letters on, any word not ordinary.
MIN_SNAPPED_UNKNOWN = 4
#: Shortest last word of a run's stem (after cutting an ending off it).
MIN_RUN_STEM_WORD = 3
#: Source languages assumed for an entry that names none.
DEFAULT_LANGUAGES = ("ru",)

_FINAL_H = regex.compile(r"(?<=[aeiouy])h$", regex.IGNORECASE)
_WORD_TAIL = regex.compile(r"[\p{L}\p{M}]*(?:-[\p{L}\p{M}]+)?")
_HYPHENS = "-\u2010\u2011"
_Payloads = tuple[tuple[int, Role, bool, int], ...]
_Stems = tuple[tuple[int, _Payloads], ...]


@dataclass(frozen=True, slots=True)
class EndingsTable:
    """Endings per stem, and key stems of one-word names for endings after transliteration.

    ``endings[i]`` is one set of folded endings that a stem takes (the union of its
    classes'), ``key_endings[i]`` the same set as keys spell them (less the keys that are
    English suffixes: "y" keys as "i", and "Misrati" is a demonym); the automaton's payloads,
    ``word_stems`` and ``stem_keys`` refer to sets by index ``i``. ``word_stems`` maps a stem
    that is one word of the text's words form to its payloads (entry, role, common, i);
    stems of several words are filed in the automaton instead. A word is looked up by its
    prefixes, once per distinct word (see :meth:`Endings.propose`).
    """

    stem_keys: dict[str, tuple[tuple[int, Role, int], ...]]
    endings: tuple[frozenset[str], ...]
    key_endings: tuple[frozenset[str], ...]
    word_stems: dict[str, tuple[tuple[int, Role, bool, int], ...]]


def languages(index: Index, entry: int) -> tuple[str, ...]:
    """Return the source languages whose endings an entry's names may carry."""
    return index.source_languages[entry] or DEFAULT_LANGUAGES


def _is_name(index: Index, token: str) -> bool:
    """Return True when a whole token is a surface the automaton knows."""
    return index.has_key(padded(token))


def _kind(doc: Document, tail: str, langs: tuple[str, ...]) -> str | None:
    """Return :func:`ending_kind` of ``tail`` for ``langs`` (memoised: tails are few)."""
    return doc.memo.get(("kind", tail, langs), ending_kind, tail, langs, doc.index.endings)


def hyphenated_word(doc: Document, written: str, tail: str) -> bool:
    """Return True when ``tail`` stands after a hyphen as a word of its own ("Ajdabiya-oil", "Brigades-a").

    After a hyphen only a true case ending that is no English word counts ("Gaddafi-ya");
    every route to an ending applies this one rule, so fixing twice changes nothing more.
    """
    head, sep, last = fold(written).rpartition("-")
    return bool(sep and head) and last == tail and doc.is_ordinary(tail)


def cuts(k: str) -> Iterator[tuple[str, str]]:
    """Yield (stem, tail) splits of a key with a tail of 1..MAX_ENDING letters."""
    for cut in range(1, MAX_ENDING + 1):
        if cut < len(k):
            yield k[:-cut], k[-cut:]


class Endings(Mechanism[EndingsTable]):
    """Strip case endings; see the module docstring."""

    name = "endings"

    def compile(self, index: Index, automaton: AutomatonBuilder) -> EndingsTable:
        stem_keys: dict[str, set[tuple[int, Role, int]]] = {}
        word_stems: dict[str, set[tuple[int, Role, bool, int]]] = {}
        sets: dict[frozenset[str], int] = {}
        extra = dict(index.lexicon.endings)  # a lexicon's endings: added to every class of its language
        for s in index.all_surfaces():
            if not s.inflected or acronym(s.text):
                continue
            langs = languages(index, s.entry)
            stems = declined_stems(s.text, langs, extra)
            if _FINAL_H.search(s.text):  # Arabic ta marbuta: Az Zawiyah is Завия, and declines so
                stems += declined_stems(s.text[:-1], langs, extra)
            stems = tuple((st, forms) for st, forms in stems if len(st) >= MIN_STEM)
            if not stems:
                continue
            common = is_ordinary(s.text, index.language)
            one_word = " " not in index.name_key(s.text)
            role = plain(s.role)
            for st, forms in stems:
                n = sets.setdefault(forms, len(sets))
                body = padded(st)[1:-1]
                if body and " " not in body:  # one word: looked up per distinct word
                    word_stems.setdefault(body, set()).add((s.entry, role, common, n))
                else:
                    automaton.add(st, self.name, (s.entry, role, common, n), prefix=True)
                if one_word:  # a stem of a several-word name has no key stem
                    k = index.name_key(st)
                    if len(k) >= MIN_STEM and " " not in k:
                        stem_keys.setdefault(k, set()).add((s.entry, role, n))
        endings = tuple(sorted(sets, key=sets.__getitem__))
        keyed = tuple(frozenset(fs | ({word_key(e) for e in fs} - ENGLISH_SUFFIXES)) for fs in endings)
        return EndingsTable(
            {k: tuple(sorted(v)) for k, v in stem_keys.items()},
            endings,
            keyed,
            # in the automaton's payload order, so candidates come in the same order
            {k: tuple(sorted(v, key=lambda p: repr((self.name, p)))) for k, v in word_stems.items()},
        )

    def _stem_hits(self, doc: Document, table: EndingsTable) -> list[tuple[int, int, tuple[object, ...]]]:
        """Return (start, stem end, payload) for each one-word stem at the start of a word.

        The same hits the automaton would give for these stems, less those that cannot be
        an ending (more than :data:`MAX_ENDING` letters after the stem, an ordinary word,
        a whole word with no hyphen after it): each distinct word of the words form is
        looked up once (memoised across documents). Only the words with a shorter stem in
        them are then found in the text; a word that is a stem as a whole counts only
        before a hyphen ("Gaddafi-ya"), and is looked for at the text's hyphens (few).
        """
        probe = self._probe
        found = doc.memo.words_with(self.name, doc.words, lambda w: probe(doc, table, w))
        out: list[tuple[int, int, tuple[object, ...]]] = []
        for start, w in doc.find_words([w for w, (prefixes, _) in found.items() if prefixes]):
            for stem_len, payloads in found[w][0]:
                out.extend((start, start + stem_len, p) for p in payloads)
        text, form = doc.text, doc.form
        for hyphen in _HYPHENS:
            end = text.find(hyphen)
            while end >= 0:
                start = form.rfind(" ", 0, end) + 1  # where the word before the hyphen starts
                got = found.get(form[start:end]) if start < end else None
                if got is not None:
                    out.extend((start, end, p) for p in got[1])
                end = text.find(hyphen, end + 1)
        return out

    @staticmethod
    def _probe(doc: Document, table: EndingsTable, w: str) -> tuple[_Stems, _Payloads] | None:
        """Return the (stem length, payloads) of the stems a word of the words form starts with, and its own.

        A stem followed by more than :data:`MAX_ENDING` letters, or by letters at all when
        the word is ordinary, can never take an ending and is not returned; None when the
        word has neither.
        """
        stems_ = table.word_stems
        out = []
        if doc.zipf(w) < doc.config.ordinary_zipf:
            # letters only: at most MAX_ENDING of them after a stem; otherwise (marks,
            # digits) every prefix, and the checks on the text decide
            longest = MAX_ENDING if w.isalpha() else len(w)
            for cut in range(1, min(longest, len(w) - 1) + 1):
                p = stems_.get(w[:-cut])
                if p:
                    out.append((len(w) - cut, p))
        whole = stems_.get(w, ())
        return (tuple(out), whole) if out or whole else None

    def propose(self, doc: Document, table: EndingsTable, prior: Sequence[Candidate]) -> Iterator[Candidate]:
        hits = doc.hits.get(self.name, [])
        if table.word_stems:
            # in the automaton's order: by end, the longer key first
            hits = sorted([*hits, *self._stem_hits(doc, table)], key=lambda h: (h[1], h[0]))
        as_written = self._as_written
        mine = [c for start, end, payload in hits if (c := as_written(doc, table, start, end, *payload))]
        yield from mine
        for span in doc.free_words(prior, extra=mine):
            yield from self._keyed_word(doc, table, span)
        keyed_runs = {c.span for c in prior if c.mechanism == "keys"}
        for span in doc.run_windows:
            if span not in keyed_runs:
                yield from self._keyed_run(doc, span)

    def _as_written(
        self,
        doc: Document,
        table: EndingsTable,
        start: int,
        stem_end: int,
        entry: int,
        role: Role,
        common: bool,
        n: int,
    ) -> Candidate | None:
        """A known stem at a word start with letters after it: a case ending?"""
        text = doc.text
        if stem_end >= len(text):
            return None
        hyphen = text[stem_end] in _HYPHENS
        if not (text[stem_end].isalpha() or hyphen):
            return None
        after = text[stem_end : stem_end + MAX_ENDING + 1]
        if not hyphen and len(after) == MAX_ENDING + 1 and after.isalpha():
            return None  # more letters than an ending follow: a longer word
        m = _WORD_TAIL.match(text, stem_end + hyphen)
        if m is None or m.end() == stem_end + hyphen or (m.end() < len(text) and text[m.end()].isalnum()):
            return None
        end = m.end()
        if text[start].isupper() and text[start:end].isupper() and doc.lone_capitals(start, end):
            return None  # "SIGTERM", "PERROR" alone in running text: codes, not names
        # the rest reads the word as written and nothing around it: judged once per
        # distinct (payload, stem length, word) across documents (names repeat)
        made = doc.memo.table(self.name)
        k = (entry, role, common, n, stem_end - start, text[start:end])
        try:
            fields = made[k]
        except KeyError:
            fields = made[k] = placeless(
                self._ending(doc, table, start, stem_end, end, entry, role, common, n)
            )
        return None if fields is None else Candidate(start, end, *fields)

    def _ending(
        self,
        doc: Document,
        table: EndingsTable,
        start: int,
        stem_end: int,
        end: int,
        entry: int,
        role: Role,
        common: bool,
        n: int,
    ) -> Candidate | None:
        """Return the candidate of a stem at ``start`` whose word ends at ``end``: its tail an ending?"""
        text = doc.text
        hyphen = text[stem_end] in _HYPHENS
        tail = fold(text[stem_end + hyphen : end])
        if not tail.isalpha():
            return None
        kind = tail_kind(tail, table.endings[n])
        if kind is None or (hyphen and kind != "ending"):
            return None
        if hyphen and hyphenated_word(doc, text[start:end], tail):
            return None
        if kind == "snapped" and stem_end - start < MIN_SNAPPED_UNKNOWN:
            return None
        token = text[start:end]
        if doc.memo.get(("whole", token), _is_name, doc.index, token):
            return None  # the whole word is a name itself ("Misrata" is not "Misrat" + a)
        z = doc.zipf(token)
        if z >= doc.config.ordinary_zipf or (z > 0 and token.islower()):
            return None
        if kind == "snapped" and stem_end - start < MIN_SNAPPED_STEM and z > 0:
            return None  # a short stem and a near-ending tail: mostly another word
        name = doc.index.render(entry, role)
        if kind == "ending":
            score, why = SCORE_ENDING, f"case ending -{tail} on {name}"
            need = doc.spelling_need(token, Evidence.TOPIC if common else Evidence.NONE)
        else:
            score, why = SCORE_SNAPPED, f"case ending snapped to a word ({token} ~ {name} + ending)"
            need = doc.spelling_need(token, Evidence.TOPIC)
        if need is None:
            return None  # unreachable: ordinary words returned above
        return self.candidate(doc, (start, end), entry, role, Method.GENERATED, score, why, need)

    def _keyed_word(self, doc: Document, table: EndingsTable, span: tuple[int, int]) -> Iterator[Candidate]:
        """A lone word whose key is a name's key stem plus an ending."""
        word = doc.text[span[0] : span[1]]
        for entry, role, kind, tail in doc.memo.get(("endings", word), self._word_endings, doc, table, word):
            need = doc.spelling_need(word, Evidence.NONE if kind == "ending" else Evidence.TOPIC)
            if need is None:
                continue  # a free word is never ordinary: kept for the types
            if kind == "ending":
                why = f"case ending -{tail} after transliteration"
                yield self.candidate(doc, span, entry, role, Method.GENERATED, SCORE_KEY, why, need)
            else:
                why = "case ending snapped, after transliteration"
                yield self.candidate(doc, span, entry, role, Method.GENERATED, SCORE_SNAPPED_KEYED, why, need)

    @staticmethod
    def _word_endings(doc: Document, table: EndingsTable, word: str) -> list[tuple[int, Role, str, str]]:
        """Return (entry, role, kind, tail) for each name a word is, less an ending (memoised per word)."""
        out = []
        known = doc.zipf(word) > 0
        for stem, tail in cuts(key(word).replace(" ", "")):
            if len(stem) < MIN_STEM:
                break
            if hyphenated_word(doc, word, tail):
                continue
            for entry, role, n in table.stem_keys.get(stem, ()):
                kind = tail_kind(tail, table.key_endings[n])
                short = len(stem) < (MIN_SNAPPED_STEM if known else MIN_SNAPPED_UNKNOWN)
                if kind == "ending" or (kind == "snapped" and not short):
                    out.append((entry, role, kind, tail))
        return out

    def _keyed_run(self, doc: Document, span: tuple[int, int]) -> Iterator[Candidate]:
        """A run of name-like words whose key is a name's key plus an ending on the last word."""
        run = doc.text[span[0] : span[1]]
        k = key(run)
        for stem, tail in cuts(k):
            if len(stem.rsplit(" ", 1)[-1]) < MIN_RUN_STEM_WORD:
                break
            if hyphenated_word(doc, run, tail):
                continue
            for entry, role in doc.index.key_table.get(stem, ()):
                if _kind(doc, tail, languages(doc.index, entry)) == "ending":
                    why = f"case ending -{tail} after transliteration"
                    yield self.candidate(doc, span, entry, role, Method.GENERATED, SCORE_KEY, why)
