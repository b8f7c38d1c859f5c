"""``synonyms``: an organisation's name translated word by word with other senses ("Presidential advice").

MT translates an organisation's name from its source-language form, and a word of it
may come out in any sense a bilingual dictionary lists: совет is a council, but also
"advice" or a "board"; палата is a house or a "chamber"; верховный is "supreme" or
"high". The senses are data (``vocabulary`` groups in ``language/calques_<code>.yaml``,
chosen by the entry's ``source_languages``; the built-in calques and the lexicon's
``calques:`` add senses, and the entry's own ``calques:`` add words that anchor a match as
its own words do). A window of words of the text matches an organisation or term of two or
more content words when each of its content words pairs off with one of the name's, in
any order, as the same word (its plural, British/American spelling, a demonym for its
country, or one slip of spelling in a word of six letters or more) or as another sense of
it. Function words are ignored ("Chamber of representatives" is the House of
Representatives). To tell a translation from a phrase of the same words:

- every content word on both sides is accounted for, and there are at least two; one
  slip of spelling is allowed only where two other words already match;
- the first word is written with a capital (a lowercase "general national convention of
  teachers" is a phrase, not a name);
- a plural word of the name is plural in the text, and a name of two words keeps its order or
  turns round an "of" ("Council president" is no Presidential Council);
- at least one word is the name's own (the anchor: "state" in "Supreme state advice"),
  or an entry-specific calque of it;
- at least one word is another sense (else it is the name reordered, which the
  ``calques`` mechanism judges);
- the window is not the end of a longer capitalised name, and overlaps nothing an earlier
  mechanism found ("Troops of the Libyan National" before "Army");
- the document names the entry's topic (``Evidence.TOPIC``): "Chamber of Representatives"
  is also Belgium's parliament; where the only capital is the sentence's first letter, the
  entry's own context words (``Evidence.CONTEXT``): "Oil facilities protection was stepped
  up" is English unless the text is about that guard.

The compiled table holds plain containers only: ``(reach, names)`` where ``reach`` maps a
normalised word to the entries it may stand for, and ``names`` maps an entry to its
content words, each with the other senses and the entry's own calques it may be written as.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from functools import lru_cache
from itertools import accumulate, permutations
from typing import TYPE_CHECKING

import regex
from rapidfuzz.distance import Levenshtein

from ...keys import fold, split_words
from ...language import calque_table
from ...model import EntryType, Method
from ...variants import BUILTIN_CALQUES, DEMONYMS, SPELLINGS, STOPWORDS
from ..candidate import SCORE_KEY, Candidate, Evidence, Role
from .base import Mechanism
from .endings import languages

if TYPE_CHECKING:
    from ..document import Document
    from ..index import AutomatonBuilder, Index

#: Most content words of a name matched this way.
MAX_WORDS = 6
#: Shortest word (both sides) that may differ from the name's by one slip of spelling.
MIN_FUZZY = 6

#: One content word of a name: (its normal form, other senses, the entry's own calques, plural).
NameWord = tuple[str, frozenset[str], frozenset[str], bool]
#: The compiled table: normal word -> entries it may stand for; entry -> its content words.
SynonymsTable = tuple[dict[str, tuple[int, ...]], dict[int, tuple[NameWord, ...]]]

_WORD = regex.compile(r"\p{L}[\p{L}\p{M}]*")
#: What may separate two words of one window: spaces, or a hyphen.
_GAP = regex.compile(r"[ \t]+|[ \t]*-[ \t]*")


@lru_cache(maxsize=1 << 14)
def normal(word: str) -> str:
    """Return a word's form for comparison: folded, singular, one spelling ("Defences" -> "defense")."""
    w = fold(word)
    if len(w) > 4 and w.endswith("ies"):
        w = w[:-3] + "y"
    elif len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    return SPELLINGS.get(w, w)


def plural(word: str) -> bool:
    """Return True when :func:`normal` takes a plural ending off the word ("Brigades", "Facilities")."""
    w = fold(word)
    return SPELLINGS.get(w, w) != normal(word)


def _plurals(word: str) -> set[str]:
    """Return the written forms of a (singular) vocabulary word in the text: plurals, other spellings."""
    w = fold(word)
    out = {w, w + "s"}
    for other, same in SPELLINGS.items():
        if same == w:  # "defence" for "defense"
            out |= {other, other + "s"}
    if w.endswith("y") and len(w) > 3:
        out.add(w[:-1] + "ies")
    if w.endswith(("s", "x", "ch", "sh")):
        out.add(w + "es")
    return out


def vocabulary(langs: tuple[str, ...]) -> dict[str, set[str]]:
    """Return, for each normal word, the other senses it shares a vocabulary group with."""
    out: dict[str, set[str]] = {}
    for group in calque_table("vocabulary", langs):
        words = {normal(w) for w in group}
        for w in words:
            out.setdefault(w, set()).update(words - {w})
    return out


class Synonyms(Mechanism[SynonymsTable]):
    """Recognise calques of organisation names made of other senses; see the module docstring."""

    name = "synonyms"

    def compile(self, index: Index, automaton: AutomatonBuilder) -> SynonymsTable:
        by_langs: dict[tuple[str, ...], dict[str, set[str]]] = {}
        shared = [*BUILTIN_CALQUES, *index.lexicon.calques]
        reach: dict[str, set[int]] = {}
        names: dict[int, tuple[NameWord, ...]] = {}
        for i, e in enumerate(index.entries):
            if e.type not in (EntryType.ORG, EntryType.TERM):
                continue
            content = [w for w in split_words(e.canonical) if fold(w) not in STOPWORDS]
            if not 2 <= len(content) <= MAX_WORDS:
                continue
            langs = languages(index, i)
            senses = by_langs.get(langs)
            if senses is None:
                senses = by_langs[langs] = vocabulary(langs)
            # the built-in and the lexicon's calques are senses; the entry's own also anchor
            calques: dict[str, set[str]] = {}
            for part, forms in shared:
                calques.setdefault(normal(part), set()).update(normal(f) for f in forms)
            own: dict[str, set[str]] = {}
            for part, forms in e.calques:
                own.setdefault(normal(part), set()).update(normal(f) for f in forms)
            words: list[NameWord] = []
            for w in content:
                n = normal(w)
                other = frozenset(senses.get(n, set()) | calques.get(n, set()))
                mine = frozenset(own.get(n, ()))
                words.append((n, other, mine, plural(w)))
                country = DEMONYMS.get(n)
                demonym = {d for d, c in DEMONYMS.items() if c == n}
                for form in {n, *other, *mine, *demonym, *([country] if country else [])}:
                    reach.setdefault(form, set()).add(i)
                    for written in _plurals(form):
                        automaton.add(written, self.name, ())
                automaton.add(w, self.name, ())
            names[i] = tuple(words)
        return {w: tuple(sorted(v)) for w, v in reach.items()}, names

    def propose(self, doc: Document, table: SynonymsTable, prior: Sequence[Candidate]) -> Iterator[Candidate]:
        hits = doc.hits.get(self.name)
        if not hits:
            return
        reach, names = table
        # what an earlier mechanism found is not reread with other senses ("Troops of the Libyan
        # National" must not take the words of a correct "Libyan National Army")
        taken = sorted((c.start, c.end) for c in prior)
        starts = [a for a, _ in taken]
        reach_end = list(accumulate((b for _, b in taken), max))
        text = doc.text
        spans = sorted({(s, e) for s, e, _ in hits})
        i = 0
        while i < len(spans):
            j = i
            while j + 1 < len(spans) and _near(text, spans[j][1], spans[j + 1][0]):
                j += 1
            cluster, i = spans[i : j + 1], j + 1
            # a window needs two words that reach one entry: most hits are lone common words
            if len(cluster) < 2 or not _shared(text, cluster, reach):
                continue
            k = bisect_right(starts, cluster[0][0]) - 1
            if k >= 0 and reach_end[k] >= cluster[-1][1]:
                continue  # inside a name found before ("House of Representatives" as written)
            for words in _segments(text, cluster[0][0], cluster[-1][1]):
                base = words[0][0]
                phrase = text[base : words[-1][1]]
                # names recur in a document: a phrase is judged once (its first word's capital
                # depends on what stands before it, so that is part of the key)
                first = _capital(text, base)
                for s, e, entry, why, need in doc.memo.get(
                    (self.name, phrase, first), _windows, phrase, first, reach, names
                ):
                    span = (base + s, base + e)
                    k = bisect_left(starts, span[1]) - 1
                    if k >= 0 and reach_end[k] > span[0]:
                        continue
                    canonical = doc.index.entries[entry].canonical
                    yield self.candidate(
                        doc,
                        span,
                        entry,
                        Role.FULL,
                        Method.GENERATED,
                        SCORE_KEY,
                        f"word-by-word calque of {canonical!r} ({why})",
                        need,
                    )


def _windows(
    phrase: str, first: bool, reach: dict[str, tuple[int, ...]], names: dict[int, tuple[NameWord, ...]]
) -> list[tuple[int, int, int, str, Evidence]]:
    """Return (start, end, entry, how, need) for each window of ``phrase`` that a name's words pair off with.

    ``first`` tells whether the phrase's first word has a capital that does not only start
    its sentence; offsets are the phrase's.
    """
    words = [m.span() for m in _WORD.finditer(phrase)]
    normed = [normal(phrase[s:e]) for s, e in words]
    content = [k for k, (s, e) in enumerate(words) if fold(phrase[s:e]) not in STOPWORDS]
    capital = [(k == 0 and first) or (k > 0 and phrase[s].isupper()) for k, (s, _) in enumerate(words)]
    out = []
    for a in range(len(content)):
        for b in range(a + 2, min(len(content), a + MAX_WORDS) + 1):
            ks = content[a:b]
            # Russian capitalises an organisation's first word: MT keeps it ("Chamber of deputies")
            if not phrase[words[ks[0]][0]].isupper():
                continue
            # a capital that only starts the sentence says less: the entry's own context must occur
            need = Evidence.TOPIC if any(capital[k] for k in ks) else Evidence.CONTEXT
            if _inside_a_name(phrase, words, ks[0] - 1):
                continue  # the end of a longer capitalised name ("New State Council")
            # (a capitalised word after it is often a person: "Presidential advice Fayez al-Sarraj")
            window = [normed[k] for k in ks]
            plurals = [plural(phrase[words[k][0] : words[k][1]]) for k in ks]
            of = any(fold(phrase[s:e]) == "of" for s, e in words[ks[0] : ks[-1]])
            found: dict[int, int] = {}
            for w in window:
                for entry in reach.get(w, ()):
                    found[entry] = found.get(entry, 0) + 1
            for entry, count in sorted(found.items()):
                name = names[entry]
                if len(name) != len(window) or count < max(2, len(window) - 1):
                    continue
                why = _pair_off(window, name, plurals, of)
                if why:
                    out.append((words[ks[0]][0], words[ks[-1]][1], entry, why, need))
    return out


def _inside_a_name(phrase: str, words: list[tuple[int, int]], k: int) -> bool:
    """Return True when word ``k`` of the phrase (next to a window) is a capitalised content word."""
    if not 0 <= k < len(words):
        return False
    s, e = words[k]
    return phrase[s].isupper() and fold(phrase[s:e]) not in STOPWORDS


def _near(text: str, end: int, start: int) -> bool:
    """Return True when two hits belong to one window: function words or one other word between."""
    if start <= end or text[end:start].isspace():
        return True
    if start - end > 40 or not _joined_all(text, end, start):
        return False
    between = text[end:start].replace("-", " ").split()
    return len([w for w in between if fold(w) not in STOPWORDS]) <= 1


def _shared(text: str, cluster: list[tuple[int, int]], reach: dict[str, tuple[int, ...]]) -> bool:
    """Return True when two different hits of a cluster reach one entry."""
    seen: set[int] = set()
    for s, e in cluster:
        entries = set(reach.get(normal(text[s:e]), ()))
        if seen & entries:
            return True
        seen |= entries
    return False


def _segments(text: str, start: int, end: int) -> Iterator[list[tuple[int, int]]]:
    """Yield the phrases (words joined by spaces or a hyphen) from a word before ``start`` to one after."""
    before = list(_WORD.finditer(text, max(0, start - 40), start))
    if before and _GAP.fullmatch(text, before[-1].end(), start):
        start = before[-1].start()
    gap = _GAP.match(text, end)
    after = _WORD.match(text, gap.end()) if gap else None
    if after:
        end = after.end()
    segment: list[tuple[int, int]] = []
    for m in _WORD.finditer(text, start, end):
        if segment and not _GAP.fullmatch(text, segment[-1][1], m.start()):
            yield segment
            segment = []
        segment.append(m.span())
    yield segment


_NOT_IN_PHRASE = regex.compile(r"[^\p{L}\p{M} \t-]")


def _joined_all(text: str, end: int, start: int) -> bool:
    """Return True when only words, spaces and hyphens lie between ``end`` and ``start``."""
    return not _NOT_IN_PHRASE.search(text, end, start)


def _capital(text: str, pos: int) -> bool:
    """Return True when the word at ``pos`` has a capital that is not only its sentence's first letter."""
    if not text[pos].isupper():
        return False
    before = text[max(0, pos - 80) : pos].rstrip(" \t\"'\u201c\u2018\u00ab([")
    return (bool(before) and before[-1] not in ".!?\n:;") or (pos + 1 < len(text) and text[pos + 1].isupper())


def _same(word: str, name: str) -> bool:
    """Return True when a text word is a name's word: equal, a demonym of it, or one slip away."""
    if word == name or DEMONYMS.get(word, word) == DEMONYMS.get(name, name):
        return True
    return (
        min(len(word), len(name)) >= MIN_FUZZY
        and word[0] == name[0]
        and Levenshtein.distance(word, name, score_cutoff=1) <= 1
    )


def _pair_off(window: list[str], name: tuple[NameWord, ...], plurals: list[bool], of: bool) -> str:
    """Return how the window's words pair off with the name's ("2 same, 1 other sense"), or "".

    Each word pairs with one of the name's, in any order; of the pairings, the one with
    the most same words is judged. It must have an anchor (a same word or an entry's own
    calque) and a sign of translation (another sense or an own calque). A plural word of the
    name is written in the plural ("Chamber representative" is no House of Representatives),
    and a name of two words is calqued in its own order, or turned round an "of" ("Council of
    the President"), never merely swapped ("Council president").
    """
    # kinds[i][j]: how window word i may stand for name word j (0 none, 1 same, 2 sense, 3 own)
    kinds = [
        [
            0 if plural and not many else 1 if _same(w, n) else 3 if w in own else 2 if w in other else 0
            for n, other, own, plural in name
        ]
        for w, many in zip(window, plurals, strict=True)
    ]
    best: list[int] = []
    for order in permutations(range(len(name))):  # at most MAX_WORDS! pairings, of short names
        used = [kinds[i][j] for i, j in enumerate(order)]
        if len(name) == 2 and order != (0, 1) and not of:
            continue
        if all(used) and (not best or used.count(1) > best.count(1)):
            best = used
    same, sense, own = best.count(1), best.count(2), best.count(3)
    if not (same or own) or not (sense or own):
        return ""
    parts = [f"{same} same", f"{sense} other sense{'s' * (sense > 1)}", f"{own} own calque{'s' * (own > 1)}"]
    return ", ".join(p for p in parts if not p.startswith("0 "))
