"""The document model: one text, searched once, with what every mechanism reads from it.

A :class:`Document` holds the text, its automaton hits grouped by channel (mechanism
name), the context words found, and, computed on first use, the name-like words of the
text and their runs. Mechanisms read it; none of them searches the text again.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from functools import cached_property
from itertools import pairwise
from operator import itemgetter
from typing import Any, TypeVar, cast

import daachorse
import regex

from ..keys import fold, key, text_forms
from ..language import table
from ..ordinary import capitalised_name, is_ordinary
from ..variants import STOPWORDS
from ..wordfreqs import zipf as word_zipf
from .candidate import Candidate, Evidence
from .config import Config
from .evidence import spelling_need
from .flat import LazySeq
from .index import Index
from .render import all_caps, caps_context

_T = TypeVar("_T")
#: Entries a memo keeps before it forgets them all (bounded memory on any corpus).
MEMO_LIMIT = 500_000
#: Runs of name-like words are looked up whole in windows of up to this many words.
MAX_RUN_WORDS = 4

#: Inner parts of a name word: "-Aziziya", "'ida" (Qa'ida); never a possessive "'s".
INNER_PART = r"(?:-\p{L}[\p{L}\p{M}]*|['\u2019](?![sS](?![\p{L}]))\p{L}[\p{L}\p{M}]*)*"
#: One word of a name, after a given name (any case).
TOKEN = regex.compile(r"\p{L}[\p{L}\p{M}]*" + INNER_PART)
#: A word that may be (part of) a name: a capital, or an article prefix ("al-", "es-").
#: (Not right after a letter and an apostrophe: "THE'S" is a possessive, not a name "S".)
NAMELIKE = regex.compile(
    r"(?<![\p{L}\p{M}\p{N}])(?<!\p{L}['\u2019])(?:\p{Lu}|(?:[ae][lnrstdz]h?)-)[\p{L}\p{M}]*" + INNER_PART
)
#: Where a NAMELIKE word may start, or more: a run of ASCII letters from a capital, or any
#: character beyond ASCII (a capital, or not: NAMELIKE decides). The stdlib's ``re`` skips
#: the rest of the text in C, five times faster than ``regex`` tries NAMELIKE at every
#: character; inside a run of ASCII letters no NAMELIKE word starts (a letter is before it).
#: The two are scanned apart and merged: one pattern with both alternatives tries both at
#: every character, twice as slow, and neither kind of match can hold the other.
_CAPITAL_RUN = re.compile(r"[A-Z][A-Za-z]*")
_BEYOND_ASCII = re.compile(r"[\x80-\U0010ffff]")
#: How far before its hyphen an article prefix starts ("al-", "ash-": 2 or 3 letters).
_ARTICLE_LENGTHS = (3, 2)
#: ASCII characters before which and after which a capitalised run of ASCII letters is a
#: whole NAMELIKE word, without trying the pattern: before, no letter, digit or apostrophe
#: (a possessive); after, no hyphen or apostrophe (an inner part: "Al-Aziziya", "Qa'ida").
_PLAIN_BEFORE = frozenset(chr(c) for c in range(128) if not chr(c).isalnum() and chr(c) != "'")
_PLAIN_AFTER = frozenset(chr(c) for c in range(128) if not chr(c).isalpha() and chr(c) not in "-'")
#: What may stand between two words of one name in a run: a space or hyphen, or a connector.
GAP_NAME = regex.compile(r"[ \-]|\s(?:" + "|".join(map(regex.escape, table("en", "connectors"))) + r")\s")
#: The longest gap GAP_NAME can match: a connector with a space on each side.
MAX_GAP = max(map(len, table("en", "connectors"))) + 2
#: An apostrophe part that is a word of its own ("Senussi'of", "Swehli'UN"), not a name's.
_GLUED_WORD = regex.compile(
    r"['\u2019](?:\p{Lu}{2}|(?:" + "|".join(map(regex.escape, table("en", "glued"))) + r")(?![\p{L}]))"
)
_HYPHEN_PART = regex.compile(r"-([\p{L}\p{M}]+)")
#: The order of the automaton's hits: by end, the longer key (earlier start) first.
_BY_END = itemgetter(1, 0)
#: What may glue a word of the sentence to a name token (see :func:`token_end`).
_GLUE = regex.compile(r"[-'\u2019]")
#: What joins two words of one name: a hyphen, or spaces (a line break among them: wrapped text).
_JOIN = r"-|[ \t]*\n[ \t]*|[ \t]+"
#: A capitalised word right before a span, and the space or hyphen between (see
#: :meth:`Document.name_words_beside`).
_NAME_BEFORE = regex.compile(r"(?<![\p{L}\p{M}])\p{Lu}[\p{L}\p{M}'\u2019]*(" + _JOIN + ")$")
#: The space or hyphen after a span, and a capitalised word right after it.
_NAME_AFTER = regex.compile("(" + _JOIN + r")\p{Lu}[\p{L}\p{M}]*")
#: Characters looked at before a span for a word joined to it (longer words do not matter).
_BEFORE_WINDOW = 40


def token_end(text: str, start: int, end: int, ordinary: Callable[[str], bool]) -> int:
    """Return where a name token really ends: before a word glued to it.

    MT and OCR glue words to names with an apostrophe ("al-Senussi'of the report",
    "al-Swehli'UN") or a hyphen ("Tripoli-based", "Brigades-a"); the part after it is a
    word of the sentence (an ordinary word in lowercase, for a hyphen: not "al-Sisi"), and
    an edit of the name must keep it. The first part of a token is never cut ("al-Qaeda").
    """
    m = _GLUED_WORD.search(text, start, end)
    if m:
        end = m.start()
    for part in _HYPHEN_PART.finditer(text, start, end):
        word = part.group(1)
        if part.start() > start and word.islower() and ordinary(word):
            return part.start()
    return end


#: An automaton hit: (start, end, payload). ``end`` is the end of the whole words matched,
#: or, for a prefix key (a stem), the end of the prefix inside the word; ``payload`` is what
#: the mechanism filed with the surface. Plain tuples: a text has thousands of hits.
Hit = tuple[int, int, tuple[Any, ...]]


class Memo:
    """Per-string results that recur across documents (names repeat), bounded in size."""

    __slots__ = ("_cased", "_data", "_ordinary", "_tables", "_words")

    def __init__(self) -> None:
        self._data: dict[tuple[object, ...], Any] = {}
        self._ordinary: dict[str, bool] = {}
        self._tables: dict[str, dict[Any, Any]] = {}
        self._words: dict[str, tuple[set[str], dict[str, Any]]] = {}
        self._cased: tuple[list[str], daachorse.CharwiseDoubleArrayAhoCorasick] | None = None

    def ordinary(self, doc: Document, words: Iterable[str]) -> dict[str, bool]:
        """Return a table that says, for each of ``words`` (and others), whether it is an ordinary word.

        Each distinct word is looked up once across documents: a text repeats its words.
        """
        known = self._ordinary
        new = set(words).difference(known)
        if new:
            if len(known) + len(new) > MEMO_LIMIT:
                known.clear()
                new = set(words)
            is_ordinary = doc.is_ordinary
            for w in new:
                known[w] = is_ordinary(w)
        return known

    def cased_finder(self, index: Index) -> tuple[list[str], daachorse.CharwiseDoubleArrayAhoCorasick]:
        """Return the cased-only words of ``index`` and an automaton of their capitalised forms.

        A key is " Word " or " WORD " (a word in mixed case, "rEADING", is no name either);
        its value is the position of its word in the list. Built once per pipeline.
        """
        if self._cased is None:
            words, keys = [], []
            for w in index.cased:
                for form in {w[:1].upper() + w[1:], w.capitalize(), w.upper()}:
                    words.append(w)
                    keys.append(f" {form} ")
            self._cased = words, daachorse.CharwiseDoubleArrayAhoCorasick(keys)
        return self._cased

    def words_with(
        self, name: str, words: frozenset[str], compute: Callable[[str], _T | None]
    ) -> dict[str, _T]:
        """Return ``compute(w)`` for each of ``words`` where it is not empty, remembered under ``name``.

        Most words give nothing: they are remembered in a set, and a document's words are
        matched against it in one set operation instead of one lookup per word.
        """
        empty, full = self._words.setdefault(name, (set(), {}))
        new = words.difference(empty, full)
        if new:
            if len(empty) + len(full) + len(new) > MEMO_LIMIT:
                empty.clear()
                full.clear()
                new = words
            for w in new:
                value = compute(w)
                if value:
                    full[w] = value
                else:
                    empty.add(w)
        return {w: full[w] for w in words.intersection(full)}

    def table(self, name: str) -> dict[Any, Any]:
        """Return the dict a mechanism keeps its own per-string results in (emptied past the limit)."""
        got = self._tables.get(name)
        if got is None or len(got) > MEMO_LIMIT:
            got = self._tables[name] = {}
        return got

    def get(self, key_: tuple[object, ...], compute: Callable[..., _T], *args: Any) -> _T:
        """Return ``compute(*args)``, remembered under ``key_``."""
        try:
            return cast("_T", self._data[key_])
        except KeyError:
            if len(self._data) > MEMO_LIMIT:
                self._data.clear()
            value = self._data[key_] = compute(*args)
            return value


class Document:
    """One text and what was found in it; see the module docstring."""

    def __init__(self, text: str, index: Index, config: Config, memo: Memo) -> None:
        self.text = text
        self.index = index
        self.config = config
        self.memo = memo
        self.hits: dict[str, list[Hit]] = {}
        self.context: set[int] = set()
        #: the candidates of the mechanisms run so far (the pipeline appends to this list)
        self.found: list[Candidate] = []
        self._cover = bytearray(len(text))
        self._cover_n = 0
        #: the words form of the text (see :func:`normalize.keys.words_form`): same offsets
        spaced, self.form = text_forms(text)
        self._padded = f" {self.form} "
        if len(index.automaton):
            table = index.hits
            entry_of = table.getter() if isinstance(table, LazySeq) else table.__getitem__
            hits, context = self.hits, self.context
            # the form is searched with one space more at the start: a key's start (its
            # space) is the word's start in the text; a key ends in a space (whole words)
            # or at a word's inside (prefix keys)
            for start, end, h in index.automaton.find(self._padded):
                _, whole, context_ids, groups = entry_of(h)
                if context_ids:
                    context.update(context_ids)
                end -= 2 if whole else 1
                for channel, payloads in groups:
                    found = hits.get(channel)
                    if found is None:
                        found = hits[channel] = []
                    for payload in payloads:
                        found.append((start, end, payload))
        if index.cased:
            self._cased_hits(index, spaced)

    @cached_property
    def words(self) -> frozenset[str]:
        """Return the distinct words of the words form (lowercase; split at every non-word character)."""
        return frozenset(self.form.split())

    def find_words(self, words: Iterable[str]) -> list[tuple[int, str]]:
        """Return (start, word) for every occurrence of the given words of the words form, in text order."""
        found = list(words)
        if not found:
            return []
        automaton = daachorse.CharwiseDoubleArrayAhoCorasick([f" {w} " for w in found])
        # a key's start is its leading space: the word's start in the text (see __init__)
        return [(start, found[k]) for start, _, k in automaton.find_overlapping(self._padded)]

    def _cased_hits(self, index: Index, spaced: str) -> None:
        """Add the hits of cased-only words where the text writes them capitalised or in capitals.

        ``spaced`` is the text with its non-word characters spaced, case kept: the
        capitalised forms of the cased-only words are found in it by an automaton of their
        own (a word in lowercase, "of", is never looked at).
        """
        cased, hits = index.cased, self.hits
        words, automaton = self.memo.cased_finder(index)
        touched = set()
        for start, end, k in automaton.find_overlapping(f" {spaced} "):
            # a key's start is its leading space: the word's start in the text (see __init__)
            for channel, payloads in cased[words[k]]:
                hits.setdefault(channel, []).extend((start, end - 2, p) for p in payloads)
                touched.add(channel)
        for channel in touched:  # in the automaton's order: by end, the longer key first
            hits[channel].sort(key=_BY_END)

    # --- words -------------------------------------------------------------------------

    def zipf(self, word: str) -> float:
        """Return the word's Zipf frequency in the lexicon's language (0: unknown)."""
        return word_zipf(word, self.index.language)

    def is_ordinary(self, word: str) -> bool:
        """Return True for an ordinary word of the text's language (never made a name)."""
        return self.zipf(word) >= self.config.ordinary_zipf

    def spelling_need(self, word: str, need: Evidence) -> Evidence | None:
        """Return the evidence a derived candidate for ``word`` needs, or None (never).

        :func:`~normalize.engine.evidence.spelling_need` for this word, as English knows it
        and writes it: ``need`` for a word wordfreq has never seen, the subject for a rare
        one, the entity named for a rare name of something else, None for an ordinary word.
        """
        zipf = self.zipf(word)
        known_name = zipf > 0 and capitalised_name(word, self.index.language)
        return spelling_need(zipf, self.config.ordinary_zipf, need, known_name=known_name)

    def lone_capitals(self, start: int, end: int) -> bool:
        """Return True when ``text[start:end]`` reads as an acronym or a code, not as a name.

        That is one word of two or more letters, all capitals, in running text (not a
        headline: see :func:`~normalize.engine.render.caps_context`), with no capitalised
        word joined to it by spaces or a hyphen but common ones ("Use ANSI", "Mac OS X"):
        "ANSI", "OS", "SIGTERM", "TIME" standing alone. A name in capitals beside a name
        ("Khalifa HAFTAR", "GHASSAN SALAME") or in a headline is read as a name. Only a
        surface listed in capitals ("UNSMIL") is a mention of a name there.
        """
        text = self.text
        surface = text[start:end]
        if not all_caps(surface) or " " in surface or caps_context(text, start, end):
            return False
        return not self.name_words_beside(start, end)

    def in_full_name(self, start: int, end: int, covered: bytearray) -> bool:
        """Return True when a word of the text reads as one word of a person's full name.

        That is, a capitalised word joined to it by spaces is no common word and is
        covered by no candidate (``covered``: see :meth:`coverage`): "Axel Kielhorn",
        "Benoit Cerrina", "Nikolai Weibull" are people, whatever place the one word may
        resemble; "Misrata Military Council" or "Tripoli Benghazi road" are not.
        """
        return any(gap != "-" and not covered[s] for s, _, gap in self.name_words_beside(start, end))

    def name_words_beside(self, start: int, end: int) -> list[tuple[int, int, str]]:
        """Return (start, end, what joins it) for each word beside a span that may be part of a name.

        A word beside the span: a capitalised word joined to it by a hyphen or by spaces
        (one line break among them: wrapped text), before or after. It may be part of a
        name when it is no common word ("Axel", "Timo"; not "Use", "The", "Mac").
        """
        text, out = self.text, []
        before = _NAME_BEFORE.search(text, max(0, start - _BEFORE_WINDOW), start)
        if before and self._name_word(text[before.start() : before.start(1)]):
            out.append((before.start(), before.start(1), before.group(1)))
        after = _NAME_AFTER.match(text, end)
        if after and self._name_word(text[after.end(1) : after.end()]):
            out.append((after.end(1), after.end(), after.group(1)))
        return out

    def _name_word(self, word: str) -> bool:
        """Return True for a word that may be part of a name: no common word ("Use", "The", "Mac").

        Common at the guard's own threshold (:data:`~normalize.ordinary.ORDINARY_ZIPF`), not
        at :attr:`Config.ordinary_zipf`: a given name English knows well ("Timo", Zipf 2.6)
        still counts as a name here.
        """
        return not is_ordinary(word, self.index.language)

    @cached_property
    def tokens(self) -> tuple[tuple[int, int], ...]:
        """Return the spans of the name-like words, in order."""
        text = self.text
        spans, matched = _namelike(text)
        # most words have nothing glued to check: only those holding a hyphen or apostrophe,
        # which are among the words NAMELIKE matched (the others are runs of ASCII letters)
        for k in matched:
            s, e = spans[k]
            if _GLUE.search(text, s, e):
                spans[k] = (s, token_end(text, s, e, self.is_ordinary))
        return tuple(spans)

    @cached_property
    def runs(self) -> tuple[tuple[tuple[int, int], ...], ...]:
        """Return the runs of two or more name-like words joined by a space, hyphen or connector."""
        text, tokens = self.text, self.tokens
        # most words are far apart: no gap longer than a connector is worth a regex
        joined = [
            i
            for i, ((_, e), (s, _)) in enumerate(pairwise(tokens), 1)
            if (text[e] in " -" if s - e == 1 else s - e <= MAX_GAP and GAP_NAME.fullmatch(text, e, s))
        ]
        runs: list[tuple[tuple[int, int], ...]] = []
        first = last = -2
        for i in [*joined, -2]:  # a run is a stretch of tokens, each joined to the one before
            if i != last + 1:
                if last >= 0:
                    runs.append(tokens[first - 1 : last + 1])
                first = i
            last = i
        return tuple(runs)

    @cached_property
    def run_windows(self) -> tuple[tuple[int, int], ...]:
        """Return the spans of 2..MAX_RUN_WORDS consecutive words of a run that share a word with a name.

        A window whose words are none of them a word of a keyed name cannot match one by
        key or by one edit, so it is skipped without a lookup; one that starts or ends with
        a function word ("a", "the", "of") is the sentence's, not a name's. Both are
        decided once per distinct word, across documents (the memo's "run words").
        """
        text, words = self.text, self.memo.table("run words")
        out = []
        for run in self.runs:
            flags = [words.get(w) or self._run_word(words, w) for w in (text[s:e] for s, e in run)]
            known = [k for k, _ in flags]
            # a function word at either edge belongs to the sentence ("A GHASSAN SALAME")
            edge = [e for _, e in flags]
            for i in range(len(run)):
                for j in range(i + 2, min(len(run), i + MAX_RUN_WORDS) + 1):
                    if edge[i] and edge[j - 1] and any(known[i:j]):
                        out.append((run[i][0], run[j - 1][1]))
        return tuple(out)

    def _run_word(self, words: dict[str, tuple[bool, bool]], word: str) -> tuple[bool, bool]:
        """Return (shares a word with a keyed name, is no function word) for a word of a run; remembered."""
        flags = words[word] = (
            not self.index.name_words.isdisjoint(key(word).split()),
            fold(word) not in STOPWORDS,
        )
        return flags

    @cached_property
    def free_tokens(self) -> tuple[tuple[int, int], ...]:
        """Return the name-like words that are not ordinary words (the only ones ever made names)."""
        text, tokens = self.text, self.tokens
        words = [text[s:e] for s, e in tokens]
        ordinary = self.memo.ordinary(self, words)
        # a word in capitals standing alone is an acronym or a code (see lone_capitals)
        return tuple(
            t
            for t, w in zip(tokens, words, strict=True)
            if not ordinary[w] and not (w.isupper() and self.lone_capitals(*t))
        )

    def free_words(
        self,
        prior: Sequence[Candidate],
        *,
        extra: Sequence[Candidate] = (),
        partly_taken: bool = True,
    ) -> list[tuple[int, int]]:
        """Return the name-like, non-ordinary words no candidate of ``prior`` or ``extra`` covers.

        A word is taken when a candidate covers its first character. With
        ``partly_taken=False``, a word that a candidate reaches into anywhere is taken too:
        "A-BUKHAMADA", where "BUKHAMADA" is a name, must not be fuzzed whole (while
        "el-Brega", holding "Brega", is rightly keyed whole: an article folds away).
        The candidates are those of the lists at the time of the call.
        """
        if not self.free_tokens:
            return []
        return self.uncovered(self._covered(prior, extra), partly_taken=partly_taken)

    def uncovered(self, covered: bytearray, *, partly_taken: bool = True) -> list[tuple[int, int]]:
        """Return the name-like, non-ordinary words that ``covered`` leaves free (see :meth:`free_words`)."""
        if partly_taken:
            return [t for t in self.free_tokens if not covered[t[0]]]
        find = covered.find
        return [t for t in self.free_tokens if find(1, t[0], t[1]) < 0]

    def coverage(self, cands: Sequence[Candidate]) -> bytearray:
        """Return one byte per character of the text: 1 where one of ``cands`` covers it.

        ``cands`` is a list of the caller's own (not :attr:`found`): the bytes are its to keep.
        """
        covered = bytearray(len(self.text))
        _mark(covered, cands)
        return covered

    def _covered(self, prior: Sequence[Candidate], extra: Sequence[Candidate]) -> bytearray:
        """Return one byte per character of the text: 1 where a candidate of ``prior`` or ``extra`` covers it.

        The coverage of :attr:`found` (the pipeline's candidates, a list that only grows) is
        kept and brought up to date with the candidates added since the last call; other
        lists are marked afresh.
        """
        if prior is self.found:
            covered = self._cover
            _mark(covered, prior[self._cover_n :])
            self._cover_n = len(prior)
            if extra:
                covered = bytearray(covered)
        else:
            covered = self.coverage(prior)
        _mark(covered, extra)
        return covered


def namelike_spans(text: str) -> list[tuple[int, int]]:
    """Return the spans of ``NAMELIKE.finditer(text)``, trying NAMELIKE only where a word may start.

    A NAMELIKE word starts with a capital or an article prefix ending in a hyphen; every
    other place is skipped without a try (see :data:`_CAPITAL_RUN`, :data:`_BEYOND_ASCII`).
    A capitalised run of ASCII letters between plain ASCII characters is a NAMELIKE word as
    it stands (most names): only the others are matched. As in ``finditer``, a match is
    looked for again only after the end of the one before.
    """
    return _namelike(text)[0]


def _namelike(text: str) -> tuple[list[tuple[int, int]], list[int]]:
    """Return :func:`namelike_spans` and the positions among them of the spans NAMELIKE matched."""
    starts = [m.span() for m in _CAPITAL_RUN.finditer(text)]
    more = [] if text.isascii() else [m.span() for m in _BEYOND_ASCII.finditer(text)]
    hyphen = text.find("-")
    while hyphen >= 0:  # an article prefix ("al-", "ash-") starts 2 or 3 letters before it
        more.extend((hyphen - n, -1) for n in _ARTICLE_LENGTHS if hyphen >= n and text[hyphen - n] in "ae")
        hyphen = text.find("-", hyphen + 1)
    if more:
        starts = sorted(starts + more)
    match, before, after, n = NAMELIKE.match, _PLAIN_BEFORE, _PLAIN_AFTER, len(text)
    spans: list[tuple[int, int]] = []
    matched: list[int] = []
    end = 0
    for s, e in starts:
        if s < end:
            continue
        if (
            e > s  # not an article's start (-1)
            and text[s] < "\x80"  # a run of ASCII letters from a capital
            and (s == 0 or text[s - 1] in before)
            and (e == n or text[e] in after)
        ):
            spans.append((s, e))
            end = e
            continue
        m = match(text, s)
        if m is not None:
            matched.append(len(spans))
            spans.append(m.span())
            end = m.end()
    return spans, matched


#: ``_ONES[n]`` is n bytes of 1, for the spans of most candidates (no bytes made per candidate).
_ONES = tuple(b"\x01" * n for n in range(64))


def _mark(covered: bytearray, cands: Iterable[Candidate]) -> None:
    """Set the bytes of ``covered`` under the span of each candidate."""
    ones = _ONES
    for c in cands:
        n = c.end - c.start
        if n > 0:
            covered[c.start : c.end] = ones[n] if n < 64 else b"\x01" * n
