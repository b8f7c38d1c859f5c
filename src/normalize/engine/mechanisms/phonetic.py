"""``phonetic``: spellings a reader maps to a name by ear ("Mizurata", "Tarkhuny", "Raselhilal").

Transliteration through another script changes vowels, doubles or drops letters, and
swaps letters that render one sound (kh/h, q/g/k, z/s, v/w, j/dzh): "Tarkhuny" is Tarhuna,
"Gadamesa" Ghadames, "Raselhilal" Ras al-Hilal, "Ajda Biya" Ajdabiya. Such spellings are
often several edits away, so :mod:`~normalize.engine.mechanisms.fuzzy` misses them.

Every name form is cut into sound *units* (``language/phonetic.yaml``: "kh", "dzh", "sh"
are one unit; a glide after a vowel is a vowel) and filed under its consonant *skeleton*
(one class letter per consonant, vowels dropped, repeats folded: "Tarkhuny" and "Tarhuna"
are both ``tarKn``, in effect). A multi-word name is filed with its Arabic articles and
without them, its words joined, so fused and split spellings meet it. A free word of the
text, or a window of two or three free words of a run, fetches the names of its skeleton
from that dict (never a scan) and each is verified by an edit distance whose costs follow
the classes (a vowel or a letter of the same class is cheap), within a budget that grows
with the length. Only words nothing earlier took are looked at, once per distinct text.

A match needs the document's subject (:attr:`Evidence.SUBJECT`: the entry's context words,
its file's topic words, or other entries of a topical file named): it is a weak signal. A word
English writes capitalised (a real name of something else, "Kassel") needs the entry named
elsewhere in the document (:func:`~normalize.engine.evidence.spelling_need`). Names too
short to have a skeleton of :data:`MIN_SKELETON` consonant classes, or of fewer than five
units, are never matched.

The compiled table is plain data (dicts, tuples, strings, ints, a frozenset).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from itertools import islice, pairwise, product
from typing import TYPE_CHECKING, TypedDict

import regex
from rapidfuzz.distance import Levenshtein

from ...keys import ARTICLES, fold, key, split_words
from ...language import table as language_table
from ...model import Method
from ...ordinary import ORDINARY_ZIPF, capitalised_name
from ...variants import STOPWORDS
from ..candidate import ROLES, Candidate, Evidence, Role
from ..evidence import whole_person_need
from ..index import Kind, acronym
from .base import Mechanism

if TYPE_CHECKING:
    from ..document import Document
    from ..index import AutomatonBuilder, Index

_UNITS: tuple[str, ...] = tuple(sorted(language_table("phonetic", "units"), key=len, reverse=True))
_CLASS_OF: dict[str, str] = {u: c for c, us in language_table("phonetic", "classes").items() for u in us}
_ALTERNATIVES: dict[str, tuple[str, ...]] = {
    u: tuple(cs) for u, cs in language_table("phonetic", "alternatives").items()
}
_READINGS = tuple((regex.compile(p), str(r)) for p, r in language_table("phonetic", "readings"))
_VOWELS = frozenset(language_table("phonetic", "vowels"))
_GLIDES: dict[str, str] = dict(language_table("phonetic", "glides"))
_FINAL_GLIDES: dict[str, str] = dict(language_table("phonetic", "final_glides"))
_SILENT_FINAL = frozenset(language_table("phonetic", "silent_final"))
_SOFT: dict[str, tuple[str, frozenset[str]]] = {
    u: (str(v), frozenset(before)) for u, (v, before) in language_table("phonetic", "soft").items()
}
_COSTS = language_table("phonetic", "costs")
VOWEL_SWAP = float(_COSTS["vowel_swap"])
VOWEL_INDEL = float(_COSTS["vowel_indel"])
SAME_CLASS = float(_COSTS["same_class"])
_PAIRS = {frozenset((a, b)): float(c) for a, b, c in _COSTS["pairs"]}
_RELATED = {frozenset((a, b)): float(c) for a, b, c in _COSTS["related"]}
#: The least any edit of :func:`distance` costs (writing a unit for itself is no edit).
MIN_EDIT = min(VOWEL_SWAP, VOWEL_INDEL, SAME_CLASS, 1.0, *_PAIRS.values(), *_RELATED.values())
#: (units, budget) from the longest: the largest cost accepted for a name of that many units.
BUDGET: tuple[tuple[int, float], ...] = tuple(
    sorted(((int(n), float(b)) for n, b in language_table("phonetic", "budget")), reverse=True)
)
#: (units, gap) from the longest: how many units two names of that length may differ by.
GAP: tuple[tuple[int, int], ...] = tuple(
    sorted(((int(n), int(g)) for n, g in language_table("phonetic", "gap")), reverse=True)
)
#: Skeletons of fewer consonant classes match too many names by chance.
MIN_SKELETON = int(language_table("phonetic", "min_skeleton"))
#: Readings of a form filed at most (a unit read two ways doubles them).
MAX_SKELETONS = 8
#: A text is left alone when another name (written differently) costs within this of the best.
MARGIN = 0.3
#: Cost beyond the budget accepted for an entry the document names elsewhere ("Jelzin" after
#: "Boris Jelzin" made Boris Yeltsin named: a surname two letters of a class away).
NAMED_SLACK = 0.3
#: A person's whole name heard in a window at this score or above needs no other evidence.
PERSON_SCORE = 90.0
#: Words in a window of a run (two or three: "Ajda Biya", "Bani Valida").
MAX_WINDOW = 3

_UNIT_RE = regex.compile("|".join(map(regex.escape, _UNITS)) + r"|\p{L}")
_LETTERS = regex.compile(r"[^\p{L}]+")
_DIGIT = regex.compile(r"\d")
#: What may stand between the words of a window: a space or hyphen, or an article.
_GAP = regex.compile(r"[ \-]+(?:(?:" + "|".join(map(regex.escape, sorted(ARTICLES))) + r")[ \-]+)?")


class PhoneticTable(TypedDict):
    """The compiled table (plain containers only, so the index can be stored as data).

    ``forms`` are the units of each name form, space-separated; ``owners`` the (entry,
    role) pairs of each form; ``blocks`` maps a skeleton to the indexes of its forms.
    """

    forms: tuple[str, ...]
    owners: tuple[tuple[tuple[int, int], ...], ...]
    blocks: dict[str, tuple[int, ...]]


@lru_cache(maxsize=1 << 16)
def word_units(word: str) -> tuple[str, ...]:
    """Return the sound units of one word: letter groups as one unit, glides read as vowels."""
    letters = _LETTERS.sub("", fold(word))
    raw = _UNIT_RE.findall(letters)
    out: list[str] = []
    last = len(raw) - 1
    for i, u in enumerate(raw):
        after_vowel = bool(out) and out[-1] in _VOWELS
        before_vowel = i < last and raw[i + 1] in _VOWELS
        soft = _SOFT.get(u)
        if soft is not None and i < last and raw[i + 1] in soft[1]:
            u = soft[0]
        elif u in _GLIDES and not before_vowel and out:
            u = _GLIDES[u]
        elif u in _FINAL_GLIDES and i == last and after_vowel:
            u = _FINAL_GLIDES[u]
        elif u in _SILENT_FINAL and i == last and after_vowel:
            continue
        if out and out[-1] == u:
            continue  # doubled letters are one sound
        out.append(u)
    return tuple(out)


def _joined(parts: Iterable[tuple[str, ...]]) -> tuple[str, ...]:
    units: list[str] = []
    for part in parts:
        for u in part:
            if not units or units[-1] != u:
                units.append(u)
    return tuple(units)


def name_forms(text: str) -> set[tuple[str, ...]]:
    """Return the unit sequences of a name, its words joined: with its articles and without them.

    Each other reading of the spelling (``readings`` in phonetic.yaml: "Nabokow" read as
    "Nabokov", "Aliyev" as "Aliev"), and all of them together, add their own. A name written
    with digits has none.
    """
    if _DIGIT.search(text):
        return set()  # "Circoscrizione 8": a number is read, not heard
    folded = fold(text).lower()
    out = _written_forms(folded)
    changed = False
    for pattern, replacement in _READINGS:
        other = pattern.sub(replacement, folded)
        if other != folded:
            out |= _written_forms(other)
            changed = True
    if changed:  # when no reading changes the name alone, none changes it in turn either
        every = folded
        for pattern, replacement in _READINGS:
            every = pattern.sub(replacement, every)
        if every != folded:
            out |= _written_forms(every)
    return out


def _written_forms(text: str) -> set[tuple[str, ...]]:
    split = split_words(text)
    if len(split) == 1:  # most names: nothing to join
        units = word_units(split[0])
        return {units} if units else set()
    words = [(fold(w) in ARTICLES, word_units(w)) for w in split]
    words = [(article, units) for article, units in words if units]
    full = _joined(units for _, units in words)
    if not full:
        return set()
    last = len(words) - 1
    if not any(article for article, _ in words[:last]):
        return {full}
    return {full, _joined(units for i, (article, units) in enumerate(words) if not (article and i < last))}


def _classes(unit: str) -> tuple[str, ...]:
    return _ALTERNATIVES.get(unit) or (_CLASS_OF.get(unit, unit),)


def skeletons(units: Sequence[str]) -> set[str]:
    """Return the consonant skeletons of a unit sequence (one per reading of an ambiguous unit)."""
    options = [_classes(u) for u in units if u not in _VOWELS]
    out: set[str] = set()
    for reading in product(*options):
        folded = [c for i, c in enumerate(reading) if i == 0 or reading[i - 1] != c]
        if len(folded) >= MIN_SKELETON:
            out.add("".join(folded))
        if len(out) >= MAX_SKELETONS:
            break
    return out


def swap_cost(a: str, b: str) -> float:
    """Return the cost of writing unit ``b`` for unit ``a`` (see ``costs`` in phonetic.yaml).

    :func:`distance` remembers it per pair (:data:`_SWAPS`).
    """
    if a == b:
        return 0.0
    va, vb = a in _VOWELS, b in _VOWELS
    if va and vb:
        return VOWEL_SWAP
    if va or vb:
        return 1.0 + VOWEL_INDEL  # never cheaper than deleting one and inserting the other
    pair = _PAIRS.get(frozenset((a, b)))
    if pair is not None:
        return pair
    ca, cb = _classes(a), _classes(b)
    if set(ca) & set(cb):
        return SAME_CLASS
    best = 1.0
    for x in (*ca, a):
        for y in (*cb, b):
            best = min(best, _RELATED.get(frozenset((x, y)), 1.0))
    return best


def _indel(unit: str) -> float:
    return VOWEL_INDEL if unit in _VOWELS else 1.0


#: :func:`swap_cost` by unit, then by the unit written for it (a dict lookup in the inner loop).
_SWAPS: dict[str, dict[str, float]] = {}
SWAPS_MAX = 4096


def distance(a: Sequence[str], b: Sequence[str], limit: float) -> float:
    """Return the weighted edit distance of two unit sequences, or more than ``limit`` once it is exceeded.

    The textbook dynamic programme, one row per unit of ``a``: each cell is the cheapest
    of deleting ``x``, inserting ``y`` and writing ``y`` for ``x``. It is called for every
    name a new word's skeleton files it with, so the inner loop does no calls: the costs
    come from :data:`_SWAPS` and the comparisons are written out.

    Every edit costs at least :data:`MIN_EDIT`, so two sequences more plain edits apart
    (Levenshtein's distance over units, in C) than ``limit`` allows are over it without
    the programme: most pairs a skeleton brings together are.
    """
    most = int(limit / MIN_EDIT + 1e-6)  # rounding can only let a pair through to the programme
    if most < max(len(a), len(b)) and Levenshtein.distance(a, b, score_cutoff=most) > most:
        return limit + 1.0
    costs_b = [_indel(u) for u in b]
    prev = [0.0]
    for c in costs_b:
        prev.append(prev[-1] + c)
    for x in a:
        dx = _indel(x)
        swaps = _SWAPS.get(x)
        if swaps is None:
            if len(_SWAPS) >= SWAPS_MAX:  # units are letters and digraphs: a bound never met in practice
                _SWAPS.clear()
            swaps = _SWAPS[x] = {}
        left = prev[0] + dx
        cur = [left]
        least = left
        # prev has one cell more than b: its last cell is never a diagonal
        for diagonal, up, dy, y in zip(prev, islice(prev, 1, None), costs_b, b, strict=False):
            cell = up + dx
            if left + dy < cell:
                cell = left + dy
            swap = swaps.get(y)
            if swap is None:
                swap = swaps[y] = swap_cost(x, y)
            if diagonal + swap < cell:
                cell = diagonal + swap
            cur.append(cell)
            left = cell
            if cell < least:
                least = cell
        if least > limit:
            return limit + 1.0
        prev = cur
    return prev[-1]


def budget(n: int, gap: int = 0) -> float:
    """Return the largest cost accepted for names of ``n`` units (the longer) and ``gap`` apart (-1: none)."""
    if gap > next((g for size, g in GAP if n >= size), 0):
        return -1.0
    for size, b in BUDGET:
        if n >= size:
            return b
    return -1.0


def best_phonetic(index: Index, table: PhoneticTable, text: str) -> list[tuple[int, Role, float, str, bool]]:
    """Return the clear phonetic match of ``text`` as (entry, role, score, reason, loose) per claimant.

    Every claimant of the cheapest form is returned when they all write the same text
    (homonyms); when a name written differently costs within :data:`MARGIN`, nothing.
    A match within the budget plus :data:`NAMED_SLACK` but not the budget itself is
    *loose*: only good enough for an entry the document names elsewhere.
    """
    forms, blocks = table["forms"], table["blocks"]
    scored: dict[int, tuple[float, tuple[str, ...], bool]] = {}
    for query in name_forms(text):
        for sk in skeletons(query):
            for n in blocks.get(sk, ()):
                target = tuple(forms[n].split(" "))
                gap = abs(len(query) - len(target))
                base = budget(max(len(query), len(target)), gap)
                if base < 0:
                    continue
                limit = base + NAMED_SLACK
                if gap * VOWEL_INDEL > limit:
                    continue
                cost = distance(query, target, limit)
                if cost <= limit and (n not in scored or cost < scored[n][0]):
                    scored[n] = (cost, query, cost > base)
    if not scored:
        return []
    ranked = sorted(scored.items(), key=lambda t: (t[1][0], forms[t[0]]))
    best_cost = ranked[0][1][0]
    texts: dict[str, float] = {}
    for n, (cost, *_) in ranked:
        for entry, role in table["owners"][n]:
            rendered = index.render(entry, ROLES[role])
            texts[rendered] = min(texts.get(rendered, cost), cost)
    winner = min(texts, key=lambda t: (texts[t], t))
    if any(t != winner and c - best_cost < MARGIN for t, c in texts.items()):
        return []  # two names about as near: a guess, not a fix
    out: dict[int, tuple[int, Role, float, str, bool]] = {}
    for n, (cost, query, loose) in ranked:
        if cost > best_cost:
            break
        for entry, role in table["owners"][n]:
            r = ROLES[role]
            if index.render(entry, r) != winner or entry in out:
                continue
            size = max(len(query), len(forms[n].split(" ")))
            score = round(100.0 * (1.0 - cost / size), 1)
            reason = f"phonetic match {''.join(query)!r} ~ {forms[n].replace(' ', '')!r} (cost {cost:.2f})"
            out[entry] = (entry, r, score, reason, loose)
    return [out[e] for e in sorted(out)]


class Phonetic(Mechanism[PhoneticTable]):
    """Match by sound; see the module docstring."""

    name = "phonetic"

    def compile(self, index: Index, automaton: AutomatonBuilder) -> PhoneticTable:
        owners: dict[tuple[str, ...], set[tuple[int, int]]] = {}
        language = index.language
        made: dict[str, set[tuple[str, ...]]] = {}  # names repeat: each one's forms made once
        for s in index.all_surfaces():
            if not (s.fuzzed or s.inflected) or s.ordinary or acronym(s.text):
                continue
            if (
                s.kind == Kind.VARIANT
                and len(split_words(s.text)) == 1
                and capitalised_name(s.text, language)
            ):
                continue  # a variant that is a name of its own ("Kassel" listed for Cassel)
            forms = made.get(s.text)
            if forms is None:
                forms = made[s.text] = name_forms(s.text)
            owner = (s.entry, int(s.role))
            for form in forms:
                owners.setdefault(form, set()).add(owner)
        ordered = sorted(owners)
        blocks: dict[str, list[int]] = {}
        for n, form in enumerate(ordered):
            for sk in skeletons(form):
                blocks.setdefault(sk, []).append(n)
        return PhoneticTable(
            forms=tuple(" ".join(f) for f in ordered),
            owners=tuple(tuple(sorted(owners[f])) for f in ordered),
            blocks={k: tuple(v) for k, v in blocks.items()},
        )

    def propose(self, doc: Document, table: PhoneticTable, prior: Sequence[Candidate]) -> Iterator[Candidate]:
        if not table["forms"]:
            return
        text, language = doc.text, doc.index.language
        for span in doc.free_words(prior, partly_taken=False):
            word = text[span[0] : span[1]]
            need = doc.spelling_need(word, Evidence.SUBJECT)
            if need is not None:
                yield from self._candidates(doc, table, span, word, need)
        # a window may take in words earlier mechanisms only guessed at (a fuzzy surname that
        # needs the topic): "Sergey Rakhmaninov" heard whole is better evidence than either
        if not doc.runs:
            return
        covered = doc.coverage([c for c in prior if c.need == Evidence.NONE])
        allowed = self._window_words(doc, covered, doc.uncovered(covered, partly_taken=False))
        for run in doc.runs:
            for i in range(len(run)):
                for j in range(i + 2, min(len(run), i + MAX_WINDOW) + 1):
                    words = run[i:j]
                    if not all(w in allowed for w in words):
                        break
                    if not all(_GAP.fullmatch(text, a[1], b[0]) for a, b in pairwise(words)):
                        break
                    if fold(text[words[0][0] : words[0][1]]) in STOPWORDS:
                        break  # "The Zintana": the sentence's word, not the name's
                    if fold(text[words[-1][0] : words[-1][1]]) in STOPWORDS:
                        continue
                    if all(capitalised_name(text[s:e], language) for s, e in words):
                        continue  # a name English knows ("Van Gogh")
                    span = (words[0][0], words[-1][1])
                    yield from self._candidates(
                        doc, table, span, text[span[0] : span[1]], Evidence.SUBJECT, window=True
                    )

    @staticmethod
    def _window_words(doc: Document, covered: bytearray, free: list[tuple[int, int]]) -> set[tuple[int, int]]:
        """Return the words a window may hold: free words, and words of names nothing took.

        ``covered`` marks the text the strong candidates (those that need no evidence)
        cover, and ``free`` is the free words they leave.

        A word of a name may be a word wordfreq knows ("Bani" of "Bani Valida", Zipf 2.6);
        below :data:`~normalize.ordinary.ORDINARY_ZIPF` it is still no ordinary word, and
        written with a capital it may be a given name ("Boris" of "Boris Jelzin").
        """
        allowed = set(free)
        text, names = doc.text, doc.index.name_words
        for run in doc.runs:
            for s, e in run:
                if (s, e) in allowed or covered.find(1, s, e) != -1:
                    continue
                word = text[s:e]
                if key(word) in names and (doc.zipf(word) < ORDINARY_ZIPF or word[:1].isupper()):
                    allowed.add((s, e))
        return allowed

    def _candidates(
        self,
        doc: Document,
        table: PhoneticTable,
        span: tuple[int, int],
        text: str,
        need: Evidence,
        *,
        window: bool = False,
    ) -> Iterator[Candidate]:
        """Yield the candidates of ``text`` (``window``: several words of a run).

        A person's whole name heard in a window at :data:`PERSON_SCORE` or more needs no
        other evidence (:func:`~normalize.engine.evidence.whole_person_need`); a loose
        match, the entity named elsewhere.
        """
        found = doc.memo.get(("phonetic", text), best_phonetic, doc.index, table, text)
        for entry, role, score, reason, loose in found:
            if loose:
                own = Evidence.ENTITY
            elif window and score >= PERSON_SCORE:
                own = whole_person_need(doc.index, entry, role, need)
            else:
                own = need
            yield self.candidate(doc, span, entry, role, Method.FUZZY, score, reason, own)
