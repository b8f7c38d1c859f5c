"""Finding and deciding matches: the engine behind :class:`normalize.Normalizer`.

Decision rules, in one place (all independent of lexicon order):

1. **Candidates.** Every mechanism proposes spans: exact surfaces and listed variants,
   phrase rules, case endings on known stems (``Haftarom``), endings snapped to a word
   (``Haftarot``), transliteration keys (``Sidi Barani``), fuzzy keys (one edit, via the
   fuzzy blocks), given name + surname with calques and spurious articles
   (``the Caliph Haftarot``), and word-by-word calques of organisations.
2. **Evidence.** Each candidate needs a level of evidence from the document:
   *none* (exact names, variants, keys and case endings of unknown words, multi-word
   mechanisms); *topic* (a fuzzy or snapped unknown word, a key or ending on a rare
   word wordfreq knows): the entry's context words or its lexicon file's topic words
   occur, or two other entries of its lexicon file are mentioned; *context* (a listed
   ``context: true`` variant such as ``Haftarah``): the entry's own context words occur;
   *entity* (a fuzzy or snapped rare known word, a re-cased lone lowercase word): the
   same entry is mentioned by a candidate that needs no evidence. Each level also
   accepts what the stricter levels accept.
3. **Overlaps.** Candidates are ranked by length (longer first), then method tier
   (exact/variant/rule, then generated/key, then fuzzy), then score (higher first), then
   start (earlier first), then entry id; each is taken unless it overlaps one already
   taken. Candidates that would leave the text as it is (a correct name, a refused
   casing change) take part too: a correct name is never re-matched by a weaker
   mechanism.
4. **Ties.** When the best candidates for one span name different entries with
   different replacements, the one whose entry has evidence wins; if that does not
   single one out, the span is left alone.
5. **Thresholds.** Fuzzy matches need a key of at least 6 letters, one edit at most, a
   rapidfuzz ratio >= ``Config.fuzzy_threshold`` and no other name within
   ``FUZZY_MARGIN``; a surname after a calque of a given name ("Caliph al-Abidi") needs
   ``Config.anchored_threshold``. No ordinary word of the text's language (wordfreq
   Zipf >= ``Config.ordinary_zipf``) is ever fuzzed, keyed, inflected or re-cased into
   a name: only an exact listed variant can claim one.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar, cast

import regex
from rapidfuzz import fuzz

from .index import (
    ACCEPTED,
    BAG,
    CONTEXT,
    FULL,
    GIVEN,
    MIN_FUZZY,
    MIN_STEM,
    ROLE_FULL,
    RULE,
    STEM,
    SURNAME,
    Index,
    fuzzy_forms,
    padded,
)
from .keys import ARTICLES, fold, key, split_words, words_form
from .model import Entry, EntryType, Match, Method
from .variants import MIN_SNAPPED_STEM, STOPWORDS, bag_word, ending_kind, stems
from .wordfreqs import zipf as word_zipf


@dataclass(frozen=True, slots=True)
class Config:
    """Knobs of the matcher; every default is the one the tests and benchmarks use.

    - ``fuzzy_threshold`` (85): rapidfuzz ``ratio`` on keys. With the one-edit limit
      this admits an inserted or dropped letter in a key of 6+ letters and a changed
      letter in one of 7+: a changed letter in 6 ("mistri" ~ "mishri") was a false
      positive in the garble scan.
    - ``anchored_threshold`` (70): for a surname right after a known given name or its
      calque; the given name is evidence enough to accept a looser surname.
    - ``ordinary_zipf`` (2.5): wordfreq Zipf frequency from which a word is ordinary
      and never fuzzed, keyed, inflected or re-cased (2.5 is about 3 per 10M words).
      Measured on wordfreq's English list: names' MT spellings sit below it (Qaddafi
      2.24, Guterres 2.25, Misurata 1.61) and the words they were confused with in the
      false-positive scan above it (Salami 2.88, Leonid 2.91, Islamism 2.65, Cobbler 2.82).
    - ``fuzzy`` (True): set False for exact-only matching (exact, variants, rules, casing).
    - ``generate`` (True): set False to turn off endings, calques, articles and keys.
    """

    fuzzy_threshold: float = 85.0
    anchored_threshold: float = 70.0
    ordinary_zipf: float = 2.5
    fuzzy: bool = True
    generate: bool = True


@dataclass(slots=True)
class _Cand:
    start: int
    end: int
    entry: int
    replacement: str
    method: Method
    score: float
    reason: str
    need: int = 0
    """Evidence the document must give: NONE, TOPIC, CONTEXT_WORD or ENTITY."""
    person: bool = False
    rule: str = ""

    def rank(self, entries: tuple[Entry, ...]) -> tuple[int, int, float, int, str]:
        return (
            -(self.end - self.start),
            self.method.tier,
            -self.score,
            self.start,
            entries[self.entry].id if self.entry >= 0 else self.rule,
        )


#: Evidence levels a candidate may need (see the module docstring).
NONE, TOPIC, CONTEXT_WORD, ENTITY = 0, 1, 2, 3

_WORD_TAIL = regex.compile(r"[\p{L}\p{M}]*(?:-[\p{L}\p{M}]+)?")
#: Inner parts of a name word: "-Aziziya", "'ida" (Qa'ida); never a possessive "'s".
_INNER_PART = r"(?:-\p{L}[\p{L}\p{M}]*|['\u2019](?![sS](?![\p{L}]))\p{L}[\p{L}\p{M}]*)*"
_TOKEN = regex.compile(r"\p{L}[\p{L}\p{M}]*" + _INNER_PART)
_NAMELIKE = regex.compile(r"(?<![\p{L}\p{M}\p{N}])(?:\p{Lu}|(?:[ae][lnrstdz]h?)-)[\p{L}\p{M}]*" + _INNER_PART)
#: What may stand between two words of one name in a run: a space or hyphen, or a connector.
_GAP_NAME = regex.compile(
    r"[ \-]|\s(?:of|and|the|for|in|on|al|el|bin|ibn|de|del|la|las|los|le|les|di|da|do|dos|du|van|von|der)\s"
)
_OF = regex.compile(r"(?i)(?<![\p{L}])of(?![\p{L}])")
_BAG_GAP = regex.compile(r"(?:\s+(?:of|the|for|and)(?![\p{L}]))*\s+", regex.IGNORECASE)
_INNER = regex.compile(r"\s+(?:(the)\s+)?", regex.IGNORECASE)
_SPACE = regex.compile(r"[ \t]+")
_THE = regex.compile(r"(?<![\p{L}\p{M}\p{N}])[Tt]he +$")
#: After a surname-only mention, what shows the name is not a modifier ("the Sarraj government").
_FOLLOW_OK = regex.compile(
    r"\s*(?:[.,;:!?)\]\u201d\u201c\"\u2014\u2013]|$|(?:and|or|but|is|was|has|had|have|said|says|who|whom|which|"
    r"that|will|would|could|did|does|to|in|on|at|of|with|from|by|for|as|himself|also)(?![\p{L}]))"
)


class Matcher:
    """Run every mechanism over one text and decide; see the module docstring."""

    def __init__(self, index: Index, config: Config) -> None:
        self.index = index
        self.config = config
        self.calques = index.bag_calques
        # memos of pure per-string work: names recur, so most lookups repeat
        self._memo: dict[tuple[object, ...], Any] = {}

    def _cached(self, key: tuple[object, ...], compute: Callable[[], _T]) -> _T:
        """Return ``compute()``, remembered under ``key`` (the memo is cleared when large)."""
        try:
            return cast("_T", self._memo[key])
        except KeyError:
            if len(self._memo) > _MEMO_LIMIT:
                self._memo.clear()
            value = self._memo[key] = compute()
            return value

    # --- helpers -----------------------------------------------------------------------

    def zipf(self, word: str) -> float:
        return word_zipf(word, self.index.language)

    def is_ordinary(self, word: str) -> bool:
        return self.zipf(word) >= self.config.ordinary_zipf

    def render(self, entry: int, role: int) -> str:
        e = self.index.entries[entry]
        return e.canonical if role == ROLE_FULL else e.short

    def _cand(
        self, start: int, end: int, entry: int, role: int, method: Method, score: float, why: str, need: int
    ) -> _Cand:
        """Return a candidate that renders ``entry`` in ``role``."""
        person = self.index.entries[entry].type is EntryType.PERSON
        return _Cand(
            start, end, entry, self.render(entry, role), method, score, why, need=need, person=person
        )

    def casing_ok(self, text: str, start: int, end: int, target: str) -> bool:
        """Return True when rewriting ``text[start:end]`` as ``target`` (same letters) is safe.

        Refused: a capital that is only the sentence's first letter ("Al-Qaeda" for
        "al-Qaeda"), all-capitals surfaces inside all-capitals text (headlines,
        acronyms), and re-casing ordinary words: a lone ordinary word, or a phrase of
        lowercase ordinary words ("oil crescent" may be just that). A hyphen where the
        canonical has a space (or the reverse) is a transliteration habit and is fixed.
        """
        surface = text[start:end]
        if surface == target:
            return False
        if surface[1:] == target[1:] and surface[:1].isupper():
            return False
        if target.isupper():
            return False  # acronyms ("GNA", "UN") are matched as listed, never re-cased
        letters = [c for c in surface if c.isalpha()]
        if len(letters) > 1 and all(c.isupper() for c in letters):
            return not _caps_context(text, start, end)
        words = split_words(surface)
        if len(words) == 1:
            return not self.is_ordinary(surface)
        content = [w for w in words if fold(w) not in STOPWORDS and fold(w) not in ARTICLES]
        # "The" starting a sentence does not make "The valley" a name ("Libyan" would)
        lowered = [words[0].lower(), *words[1:]] if fold(words[0]) in STOPWORDS else words
        return not (all(w.islower() for w in lowered) and all(self.is_ordinary(w) for w in content))

    # --- the pipeline ------------------------------------------------------------------

    def find(self, text: str, *, unchanged: bool = False) -> list[Match]:
        """Return the decided matches of ``text``; with ``unchanged``, also correct mentions."""
        idx = self.index
        form = " " + words_form(text) + " "
        cands: list[_Cand] = []
        givens: list[tuple[int, int, int, int]] = []  # start, end, entry, calque flag
        bags: list[tuple[int, int]] = []
        doc_context: set[int] = set()
        hits = idx.automaton.iter(form) if len(idx.automaton) else ()
        table = idx.hits
        for end_pos, hit in hits:
            klen, payloads = table[hit]
            start = end_pos - klen + 1
            end = end_pos - 1
            for kind, a, b, c in payloads:
                if kind == STEM:
                    if self.config.generate:
                        self._stem_hit(text, start, end_pos, a, b, c, cands)
                elif kind == CONTEXT:
                    doc_context.add(a)
                elif kind in (FULL, SURNAME):
                    self._exact_hit(text, start, end, a, b, c, kind, cands)
                elif kind == GIVEN:
                    givens.append((start, end, a, b))
                elif kind == RULE:
                    r = idx.rules[a]
                    if not r.case_sensitive or text[start:end] == r.match:
                        cands.append(
                            _Cand(start, end, -1, r.replace, Method.RULE, 100.0, f"rule {r.id}", rule=r.id)
                        )
                elif kind == BAG:
                    bags.append((start, end))
        for r_i, pattern in idx.patterns:
            r = idx.rules[r_i]
            for m in pattern.finditer(text):
                if m.end() > m.start():
                    cands.append(
                        _Cand(
                            m.start(),
                            m.end(),
                            -1,
                            m.expand(r.replace),
                            Method.RULE,
                            100.0,
                            f"rule {r.id}",
                            rule=r.id,
                        )
                    )
        if self.config.generate:
            self._anchors(text, givens, cands)
            self._bags(text, sorted(set(bags)), cands)
            self._tokens(text, cands)
            self._outer_articles(text, cands)
        return self._decide(text, cands, doc_context, unchanged=unchanged)

    def _exact_hit(
        self,
        text: str,
        start: int,
        end: int,
        entry: int,
        role: int,
        variant: int,
        kind: int,
        cands: list[_Cand],
    ) -> None:
        idx = self.index
        e = idx.entries[entry]
        surface = text[start:end]
        target = self.render(entry, role)
        person = e.type is EntryType.PERSON
        if variant == ACCEPTED:
            cands.append(
                _Cand(start, end, entry, surface, Method.EXACT, 100.0, "accepted spelling", person=person)
            )
            return
        if variant >= 0:
            v = e.variants[variant]
            case_sensitive, needs_context, ordinary_word = idx.variant_flags[(entry, variant)]
            if case_sensitive and surface != v.text:
                return
            if surface == target:
                cands.append(
                    _Cand(start, end, entry, surface, Method.EXACT, 100.0, "canonical", person=person)
                )
                return
            why = f"listed variant of {e.canonical}" + (
                " (common words: evidence required)" if ordinary_word else ""
            )
            cands.append(
                _Cand(
                    start,
                    end,
                    entry,
                    target,
                    Method.VARIANT,
                    100.0,
                    why,
                    need=CONTEXT_WORD if needs_context else NONE,
                    person=person,
                )
            )
            return
        as_written = _Cand(
            start,
            end,
            entry,
            surface,
            Method.EXACT,
            100.0,
            "canonical (casing left as written)",
            person=person,
        )
        if surface == target or self.casing_ok(text, start, end, target):
            what = "canonical" if surface == target else f"casing differs from {target!r}"
            # a lone lowercase word that wordfreq knows ("macron") needs the entity named too
            need = NONE
            lone = surface.islower() and len(split_words(surface)) == 1
            if surface != target and lone and self.zipf(surface) > 0:
                need = ENTITY
            cands.append(
                _Cand(start, end, entry, target, Method.EXACT, 100.0, what, need=need, person=person)
            )
            if need != NONE:  # without the evidence, the name stays as written
                as_written.score = 99.0
                cands.append(as_written)
        else:
            cands.append(as_written)

    def _stem_hit(
        self, text: str, start: int, stem_end: int, entry: int, role: int, flags: int, cands: list[_Cand]
    ) -> None:
        """A known stem at a word start with letters after it: a case ending?"""
        if stem_end >= len(text):
            return
        hyphen = text[stem_end] in "-\u2010\u2011"
        if not (text[stem_end].isalpha() or hyphen):
            return
        if not hyphen and len(after := text[stem_end : stem_end + 4]) == 4 and after.isalpha():
            return  # four or more letters follow: a longer word, not an ending (at most 3)
        m = _WORD_TAIL.match(text, stem_end + hyphen)
        if m is None or m.end() == stem_end + hyphen or (m.end() < len(text) and text[m.end()].isalnum()):
            return
        e = self.index.entries[entry]
        tail = fold(text[stem_end + hyphen : m.end()])
        if not tail.isalpha():
            return
        kind = ending_kind(tail, e.source_languages or ("ru",))
        if kind is None or (hyphen and (kind != "ending" or self.is_ordinary(tail))):
            return  # after a hyphen only a true ending counts ("Gaddafi-ya", not "Ajdabiya-oil")
        if kind == "snapped" and stem_end - start < MIN_SNAPPED_STEM:
            return
        token = text[start : m.end()]
        if self._cached(("x", token), lambda: self.index.automaton.exists(padded(token))):
            return  # the whole word is a name itself ("Misrata" is not "Misrat" + a)
        z = self.zipf(token)
        if z >= self.config.ordinary_zipf or (z > 0 and token.islower()):
            return
        if kind == "ending":
            score, why = 95.0, f"case ending -{tail} on {self.render(entry, role)}"
            need = ENTITY if z > 0 else TOPIC if flags & 2 else NONE
        else:
            score, why = (
                85.0,
                f"case ending snapped to a word ({token} ~ {self.render(entry, role)} + ending)",
            )
            need = ENTITY if z > 0 else TOPIC
        cands.append(self._cand(start, m.end(), entry, role, Method.GENERATED, score, why, need))

    # --- persons -------------------------------------------------------------------------

    def _anchors(self, text: str, givens: list[tuple[int, int, int, int]], cands: list[_Cand]) -> None:
        """Given name (or its calque) + optional "the" + surname-like words: a full name.

        ``givens`` holds (start, end, entry, how) with how 0 for the given name as
        written, 1 for a calque of it, 2 for a transliteration of it (equal keys).
        """
        idx = self.index
        for gs, ge, entry, how in givens:
            m = _INNER.match(text, ge)
            if not m or m.end() == ge:
                continue
            inner = bool(m.group(1))
            e = idx.entries[entry]
            words: list[tuple[int, int]] = []
            pos = m.end()
            while len(words) < 4:
                tok = _TOKEN.match(text, pos)
                if tok is None:
                    break
                words.append(tok.span())
                sp = _SPACE.match(text, tok.end())
                if sp is None:
                    break
                pos = sp.end()
            sizes = {len(split_words(e.surname)), len(split_words(e.short)), 1}
            best: tuple[Method, float, str] | None = None
            best_end = 0
            for n in sorted(sizes, reverse=True):
                # an article written apart ("al Obeidi") belongs to the surname
                n_eff = n + sum(1 for s_, e_ in words[:n] if fold(text[s_:e_]) in ARTICLES)
                if n_eff > len(words) or n_eff == 0:
                    continue
                tstart, tend = words[0][0], words[n_eff - 1][1]
                got = self._resolve_surname(text[tstart:tend], entry, loose=how == 1)
                if got and (best is None or (got[0].tier, -got[1]) < (best[0].tier, -best[1])):
                    best, best_end = got, tend
            if best is None:
                continue
            method, score, why = best
            notes = []
            if how == 1:
                notes.append(f"calque {text[gs:ge]!r} of {' '.join(e.given)!r}")
                method = max(method, Method.GENERATED, key=lambda x: x.tier)
            elif how == 2:
                notes.append(f"given name {text[gs:ge]!r} transliterated")
                method = max(method, Method.KEY, key=lambda x: x.tier)
            if inner:
                notes.append("spurious article inside the name")
                method = max(method, Method.GENERATED, key=lambda x: x.tier)
            if why:
                notes.append(why)
            cands.append(
                _Cand(
                    gs,
                    best_end,
                    entry,
                    e.canonical,
                    method,
                    score,
                    "; ".join(notes) or "full name",
                    person=True,
                )
            )

    def _resolve_surname(self, word: str, entry: int, *, loose: bool) -> tuple[Method, float, str] | None:
        """Compare a word with one person's surname (memoised); see :meth:`_compare_surname`."""
        key_ = ("s", word, entry, loose)
        return self._cached(key_, lambda: self._compare_surname(word, entry, loose=loose))

    def _compare_surname(self, word: str, entry: int, *, loose: bool) -> tuple[Method, float, str] | None:
        """Compare a word with one person's surname; return (method, score, why) or None.

        ``loose`` (after a calque of the given name, a sure sign of MT) lowers the fuzzy
        threshold to ``Config.anchored_threshold``; otherwise a fuzzy surname needs what a
        lone fuzzy word needs.
        """
        e = self.index.entries[entry]
        f = fold(word)
        surnames = {fold(e.surname), fold(e.short)} | {
            fold(v.text) for v in e.variants if len(v.text.split()) == 1 and not v.case_sensitive
        }
        if f in surnames:
            return Method.EXACT, 100.0, ""
        langs = e.source_languages or ("ru",)
        best: tuple[Method, float, str] | None = None
        for s in sorted(surnames):
            k_word, k_s = key(word), key(s)
            if k_word == k_s:
                cand = (Method.KEY, 90.0, f"transliteration key {k_s!r}")
            else:
                cand = None
                for stem in stems(s):
                    if f.startswith(stem) and len(stem) >= 3:
                        kind = ending_kind(f[len(stem) :], langs)
                        if kind == "ending":
                            cand = (Method.GENERATED, 95.0, f"case ending -{f[len(stem) :]}")
                        elif kind == "snapped" and len(stem) >= MIN_SNAPPED_STEM:
                            cand = (Method.GENERATED, 85.0, "case ending snapped to a word")
                if cand is None and self.config.fuzzy:
                    a_, b_ = k_word.replace(" ", ""), k_s.replace(" ", "")
                    ratio = fuzz.ratio(a_, b_)
                    if loose:
                        ok = ratio >= self.config.anchored_threshold and min(len(a_), len(b_)) >= MIN_STEM
                    else:
                        ok = (
                            ratio >= self.config.fuzzy_threshold
                            and min(len(a_), len(b_)) >= MIN_FUZZY
                            and not self.is_ordinary(word)
                        )
                    if ok:
                        cand = (Method.FUZZY, ratio, f"surname key {k_word!r} ~ {k_s!r} after a given name")
            if cand and (best is None or (cand[0].tier, -cand[1]) < (best[0].tier, -best[1])):
                best = cand
        return best

    def _outer_articles(self, text: str, cands: list[_Cand]) -> None:
        """Let a person mention take a spurious "the" before it ("the Haftarah" -> "Haftar").

        A garbled mention always may. A correct surname-only mention may when the
        name is not used as a modifier, i.e. when what follows it is punctuation or a
        function word ("with the Sarraj and ...", but not "the Sarraj government").
        """
        extra = []
        for c in cands:
            if not c.person or c.entry < 0:
                continue
            unchanged = c.replacement == text[c.start : c.end]
            if unchanged and (
                c.method is not Method.EXACT
                or c.reason != "canonical"
                or c.replacement != self.index.entries[c.entry].short
                or not _FOLLOW_OK.match(text, c.end)
            ):
                continue
            if not unchanged and c.method is Method.EXACT:
                continue
            m = _THE.search(text, max(0, c.start - 8), c.start)
            if m:
                extra.append(
                    _Cand(
                        m.start(),
                        c.end,
                        c.entry,
                        c.replacement,
                        Method.GENERATED if unchanged else c.method,
                        c.score,
                        (c.reason + "; " if not unchanged else "") + "spurious article before the name",
                        need=c.need,
                        person=True,
                    )
                )
        cands.extend(extra)

    # --- organisations -------------------------------------------------------------------

    def _bags(self, text: str, hits: list[tuple[int, int]], cands: list[_Cand]) -> None:
        """Runs of organisation words in any order: word-by-word calques of a name."""
        idx = self.index
        runs: list[list[tuple[int, int]]] = []
        for h in hits:
            if runs and (h[0] >= runs[-1][-1][1]) and _BAG_GAP.fullmatch(text, runs[-1][-1][1], h[0]):
                runs[-1].append(h)
            elif not runs or h[0] >= runs[-1][-1][1]:
                runs.append([h])
        for run in runs:
            if len(run) < 2:
                continue
            run_words = [text[s:e] for s, e in run]
            run_normed = [bag_word(w, self.calques) for w in run_words]
            for i in range(len(run)):
                for j in range(i + 2, min(len(run), i + 8) + 1):
                    words, normed = run_words[i:j], run_normed[i:j]
                    b = tuple(sorted(n for n, _ in normed))
                    for bg in idx.bags.get(b, ()):
                        s, e = run[i][0], run[j - 1][1]
                        of_count = len(_OF.findall(text, s, e))
                        used = {how for _, how in normed if how}
                        folded = [fold(w) for w in words]
                        pairs = zip(folded, normed, strict=True)
                        demonym_swap = any(f not in bg.words for f, (_, how) in pairs if how == "demonym")
                        if not ("calque" in used or demonym_swap or of_count > bg.of_count):
                            continue
                        why = f"word-by-word calque of {idx.entries[bg.entry].canonical!r}"
                        cands.append(self._cand(s, e, bg.entry, ROLE_FULL, Method.GENERATED, 90.0, why, NONE))

    # --- single words not found exactly ----------------------------------------------------

    def _tokens(self, text: str, cands: list[_Cand]) -> None:
        """Name-like words no exact surface covered: keys, keyed endings, fuzzy keys.

        Runs of such words are also looked up whole ("Sidi Barani"), with a case ending
        allowed on the last word ("Seif al-Islamu"), and a word whose key is a known
        given name anchors the word after it as a surname ("Stefani Uilyams").
        """
        covered = sorted((c.start, c.end) for c in cands)
        starts = [s for s, _ in covered]
        ends_max = []
        m = -1
        for _, e in covered:
            m = max(m, e)
            ends_max.append(m)
        idx = self.index
        run: list[tuple[int, int]] = []
        givens: list[tuple[int, int, int, int]] = []

        def flush() -> None:
            if len(run) < 2:
                run.clear()
                return
            # a run matches a several-word name by key, or by one edit, only if one of its
            # words is a word of such a name as it is: skip the others without a lookup
            known = [bool(idx.name_words.intersection(key(text[s:e]).split())) for s, e in run]
            for i in range(len(run)):
                for j in range(i + 2, min(len(run), i + 4) + 1):
                    if not any(known[i:j]):
                        continue
                    s, e = run[i][0], run[j - 1][1]
                    for entry, role, method, score, why in self._run_key(text[s:e]):
                        need = TOPIC if method is Method.FUZZY else NONE
                        cands.append(self._cand(s, e, entry, role, method, score, why, need))
            run.clear()

        for tm in _NAMELIKE.finditer(text):
            s, e = tm.span()
            if run and not _GAP_NAME.fullmatch(text, run[-1][1], s):
                flush()
            run.append((s, e))  # a word already matched still joins runs ("UN Securiy Council")
            k = bisect_right(starts, s) - 1
            if k >= 0 and ends_max[k] > s:
                continue
            word = tm.group()
            if self.is_ordinary(word):
                continue
            for entry in sorted(idx.given_persons.get(key(word), ())):
                givens.append((s, e, entry, 2))
            z = self.zipf(word)
            for entry, role, method, score, why, kind in self._word(word, known=z > 0):
                need = _NEEDS[kind] if z == 0 else ENTITY
                cands.append(self._cand(s, e, entry, role, method, score, why, need))
        flush()
        self._anchors(text, givens, cands)

    def _run_key(self, span: str) -> list[tuple[int, int, Method, float, str]]:
        """Look a run of name-like words up (memoised); see :meth:`_lookup_run`."""
        return self._cached(("r", span), lambda: self._lookup_run(span))

    def _lookup_run(self, span: str) -> list[tuple[int, int, Method, float, str]]:
        """Look a run of name-like words up by key, by key less a case ending, or fuzzily."""
        idx = self.index
        k = key(span)
        out = [
            (entry, role, Method.KEY, 90.0, f"transliteration key {k!r}")
            for entry, role in sorted(idx.key_table.get(k, ()))
        ]
        if out:
            return out
        if self.config.fuzzy:
            out = [
                (entry, role, Method.FUZZY, score, why)
                for entry, role, _m, score, why, _w in _fuzzy(idx, self.config, span, multi=True)
            ]
            if out:
                return out
        for cut in (1, 2, 3):
            stem, tail = k[:-cut], k[-cut:]
            if len(stem.rsplit(" ", 1)[-1]) < 3:
                break
            for entry, role in sorted(idx.key_table.get(stem, ())):
                e = idx.entries[entry]
                if ending_kind(tail, e.source_languages or ("ru",)) == "ending":
                    out.append(
                        (entry, role, Method.GENERATED, 90.0, f"case ending -{tail} after transliteration")
                    )
        return out

    def _word(self, word: str, *, known: bool) -> tuple[tuple[int, int, Method, float, str, str], ...]:
        return self._cached(("w", word, known), lambda: _word_analysis(self.index, self.config, word, known))

    # --- deciding ------------------------------------------------------------------------

    def _decide(
        self, text: str, cands: list[_Cand], doc_context: set[int], *, unchanged: bool = False
    ) -> list[Match]:
        idx = self.index
        strong = {c.entry for c in cands if c.need == NONE and c.entry >= 0}
        domain_mentions: dict[int, int] = {}
        for entry in strong:
            domain_mentions[idx.domain_of[entry]] = domain_mentions.get(idx.domain_of[entry], 0) + 1

        def evidence(entry: int, need: int = TOPIC) -> bool:
            # ENTITY: a mention of the entry that needs no evidence itself; CONTEXT_WORD:
            # that, or one of the entry's own context words; TOPIC: any of those, a topic
            # word of its lexicon file, or two other entries of its file mentioned
            if entry in strong:
                return True
            if need == ENTITY:
                return False
            if idx.context_of[entry] & doc_context:
                return True
            if need == CONTEXT_WORD:
                return False
            if idx.topic_of[entry] & doc_context:
                return True
            return domain_mentions.get(idx.domain_of[entry], 0) >= 2

        kept = [c for c in cands if c.need == NONE or c.entry < 0 or evidence(c.entry, c.need)]
        kept.sort(key=lambda c: c.rank(idx.entries))
        taken: list[tuple[int, int]] = []
        chosen: list[_Cand] = []
        i = 0
        while i < len(kept):
            c = kept[i]
            # candidates tied with c on span, tier and score
            j = i + 1
            while j < len(kept) and kept[j].rank(idx.entries)[:4] == c.rank(idx.entries)[:4]:
                j += 1
            group = kept[i:j]
            i = j
            if _overlaps(taken, c.start, c.end):
                continue
            replacements = {g.replacement for g in group}
            if len(replacements) > 1:
                with_evidence = [g for g in group if g.entry >= 0 and evidence(g.entry) and g.entry in strong]
                if len({g.replacement for g in with_evidence}) == 1:
                    c = with_evidence[0]
                else:
                    _take(taken, c.start, c.end)  # ambiguous: leave the span alone
                    continue
            _take(taken, c.start, c.end)
            chosen.append(c)
        out = []
        for c in sorted(chosen, key=lambda c: c.start):
            old = text[c.start : c.end]
            if old == c.replacement and not (unchanged and c.entry >= 0):
                continue
            e = idx.entries[c.entry] if c.entry >= 0 else None
            out.append(
                Match(
                    c.start,
                    c.end,
                    old,
                    c.replacement,
                    e.canonical if e else c.replacement,
                    e.id if e else c.rule,
                    c.method,
                    c.score,
                    c.reason,
                    e.type if e else None,
                )
            )
        return out


def _caps_context(text: str, start: int, end: int) -> bool:
    """Return True when the words around a span are in capitals too (a headline)."""
    around = text[max(0, start - 40) : start] + text[end : end + 40]
    letters = [c for c in around if c.isalpha()]
    return not letters or sum(c.isupper() for c in letters) > len(letters) / 2


def _take(taken: list[tuple[int, int]], s: int, e: int) -> None:
    taken.insert(bisect_right(taken, (s, e)), (s, e))


def _overlaps(taken: list[tuple[int, int]], s: int, e: int) -> bool:
    k = bisect_right(taken, (s, e))
    if k > 0 and taken[k - 1][1] > s:
        return True
    return k < len(taken) and taken[k][0] < e


_T = TypeVar("_T")
#: Entries a Matcher remembers before it forgets them all (bounded memory on any corpus).
_MEMO_LIMIT = 500_000

#: A fuzzy word is left alone when the runner-up name scores within this of the best.
FUZZY_MARGIN = 5.0


#: Evidence a lone word unknown to wordfreq needs, by how it matched; a word wordfreq
#: knows (but not as an ordinary word) always needs the entity itself mentioned.
_NEEDS = {"key": NONE, "short-key": TOPIC, "ending": NONE, "snapped": TOPIC, "fuzzy": TOPIC}


def _word_analysis(
    index: Index, config: Config, word: str, known: bool
) -> tuple[tuple[int, int, Method, float, str, str], ...]:
    """Match one name-like word by key, keyed case ending, or fuzzy key.

    Returns (entry, role, method, score, reason, kind) tuples; ``kind`` names the
    mechanism for the evidence table ``_NEEDS``. A word wordfreq knows (``known``) is
    never fuzzed: only its key or a case ending can tie it to a name.
    """
    out: list[tuple[int, int, Method, float, str, str]] = []
    k = key(word)
    kind = "key" if len(k) >= 5 else "short-key"
    for entry, role in sorted(index.key_table.get(k, ())):
        out.append((entry, role, Method.KEY, 90.0, f"transliteration key {k!r}", kind))
    if out:
        return tuple(out)
    compact = k.replace(" ", "")
    for cut in (1, 2, 3):
        stem, tail = compact[:-cut], compact[-cut:]
        if len(stem) < 4:
            break
        for entry, role in sorted(index.stem_keys.get(stem, ())):
            e = index.entries[entry]
            how = ending_kind(tail, e.source_languages or ("ru",))
            if how == "ending":
                out.append(
                    (
                        entry,
                        role,
                        Method.GENERATED,
                        90.0,
                        f"case ending -{tail} after transliteration",
                        "ending",
                    )
                )
            elif how == "snapped" and len(stem) >= MIN_SNAPPED_STEM:
                out.append(
                    (
                        entry,
                        role,
                        Method.GENERATED,
                        80.0,
                        "case ending snapped, after transliteration",
                        "snapped",
                    )
                )
    if out or known or not config.fuzzy:
        return tuple(out)
    return tuple(out) + _fuzzy(index, config, word, multi=False)


def _fuzzy(
    index: Index, config: Config, text: str, *, multi: bool
) -> tuple[tuple[int, int, Method, float, str, str], ...]:
    """Return the one clear fuzzy match of a name-like text (one edit), or nothing.

    The text's key and its folded letters are both looked up (:func:`fuzzy_forms`).
    ``multi`` says whether it is several words; it is compared only with names of as
    many words (one or several), so a run never fuzzes into a one-word name.
    """
    out = []
    best: dict[str, tuple[float, str, tuple[tuple[int, int], ...]]] = {}
    for form in sorted(fuzzy_forms(text)):
        if len(form) < MIN_FUZZY:
            continue
        for n in index.fuzzy_candidates(form):
            if (n in index.fuzzy_multi) != multi:
                continue
            target = index.fuzzy_keys[n]
            score = fuzz.ratio(form, target)
            if score >= config.fuzzy_threshold:
                owners = index.fuzzy_owners[n]
                for entry, role in owners:
                    name = index.entries[entry].id
                    if name not in best or score > best[name][0]:
                        best[name] = (score, f"{form!r} ~ {target!r}", ((entry, role),))
    scored = sorted(best.values(), key=lambda t: (-t[0], t[1]))
    if len(scored) > 1 and scored[0][0] - scored[1][0] < FUZZY_MARGIN:
        return ()  # two names about as near: not a fix, a guess
    for score, pair, owners in scored[:1]:
        for entry, role in owners:
            out.append((entry, role, Method.FUZZY, score, f"fuzzy match {pair}", "fuzzy"))
    return tuple(out)
