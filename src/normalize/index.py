"""The compiled index: everything the matcher looks up, built once per lexicon set.

- one Aho-Corasick automaton over every exact surface (canonical names, variants,
  surnames, given names and their calques, stems for case endings, literal rules,
  organisation words, context words), searched once per text; keys are padded with
  spaces so every hit is word-aligned, and no loop over entries ever runs per text;
- a key table (transliteration-invariant keys of names and name parts);
- a stem table for case endings found after transliteration ("Saradzha");
- fuzzy blocks (keys filed by first two letters and length, and by last two letters and
  length), the lossless blocking step that hands rapidfuzz a
  short list instead of the whole lexicon;
- organisation word bags, for word-by-word calques.

An :class:`Index` pickles (for the cache and for worker processes).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import ahocorasick
import regex
from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

from .keys import ARTICLES, fold, key, split_words, words_form
from .lexicon import Lexicon, common_words, ordinary, ordinary_phrase
from .model import Entry, EntryType, Rule
from .variants import (
    BUILTIN_CALQUES,
    DEMONYMS,
    PHRASES,
    STOPWORDS,
    bag,
    bag_word,
    calque_map,
    key_stems,
    stems,
)

# payload kinds stored in the automaton
FULL, SURNAME, GIVEN, STEM, RULE, BAG, CONTEXT = range(7)
# roles: how a match of an entry is rendered
ROLE_FULL, ROLE_SHORT = 0, 1

#: Shortest stem that takes a case ending, and shortest key that is fuzzed.
MIN_STEM = 4
MIN_FUZZY = 6
#: ``variant`` slot of a FULL payload for an accepted spelling (a mention, never rewritten).
ACCEPTED = -2


def padded(surface: str) -> str:
    """Return the automaton key of a whole-word surface.

    Punctuation at the start is dropped ("`Adan" is keyed as "adan"); inside and at the
    end it stays a space each, as in the searched text ("approx. lane" -> "approx  lane",
    "J.M.C." -> "j m c "), so the match takes it in.
    """
    return f" {words_form(surface).lstrip()} "


@dataclass(frozen=True, slots=True)
class Bag:
    """An organisation whose calque is recognised by its words, in any order."""

    entry: int
    words: tuple[str, ...]
    """The folded content words of the canonical, in order (for the garble signature)."""
    of_count: int


class Index:
    """Compiled lookups for one lexicon set; see the module docstring."""

    __slots__ = (
        "automaton",
        "bag_calques",
        "bags",
        "context_of",
        "domain_of",
        "entries",
        "fuzzy_blocks",
        "fuzzy_index",
        "fuzzy_keys",
        "fuzzy_multi",
        "fuzzy_owners",
        "given_persons",
        "hits",
        "key_table",
        "language",
        "lexicon",
        "name_words",
        "patterns",
        "rules",
        "stem_keys",
        "topic_of",
        "variant_flags",
    )

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.language = lexicon.language
        self.entries: tuple[Entry, ...] = tuple(sorted(lexicon.entries, key=lambda e: e.id))
        self.rules: tuple[Rule, ...] = tuple(sorted(lexicon.rules, key=lambda r: r.id))
        calques = calque_map((*BUILTIN_CALQUES, *lexicon.calques))
        payloads: dict[str, set[tuple[object, ...]]] = {}

        def add(surface: str, payload: tuple[object, ...], *, stem: bool = False) -> None:
            k = padded(surface)
            if stem:
                k = k[:-1]
            if k.strip():
                payloads.setdefault(k, set()).add(payload)

        self.key_table: dict[str, set[tuple[int, int]]] = {}
        fuzzy: dict[str, set[tuple[int, int]]] = {}
        multi_keys: set[str] = set()
        self.stem_keys: dict[str, set[tuple[int, int]]] = {}
        self.given_persons: dict[str, set[int]] = {}
        self.bags: dict[tuple[str, ...], list[Bag]] = {}
        #: calques for comparing organisation names: the lexicons' and every entry's own
        self.bag_calques: dict[str, str] = dict(calques)
        self.context_of: list[frozenset[int]] = []
        self.topic_of: list[frozenset[int]] = []
        self.variant_flags: dict[tuple[int, int], tuple[bool, bool, bool]] = {}
        context_ids: dict[str, int] = {}
        domains: dict[str, int] = {}
        self.domain_of: list[int] = []

        for i, e in enumerate(self.entries):
            person = e.type is EntryType.PERSON
            self.domain_of.append(domains.setdefault(e.origin.rpartition(":")[0], len(domains)))
            multi = len(split_words(e.canonical)) > 1
            entry_calques = {**calques, **calque_map(e.calques)}
            add(e.canonical, (FULL, i, ROLE_FULL, -1))
            self._add_key(e.canonical, i, ROLE_FULL, (fuzzy, multi_keys))
            # surfaces that take case endings, with the role they render as
            inflectable: list[tuple[str, int]] = []
            for a in e.accepted:
                add(a, (FULL, i, ROLE_FULL, ACCEPTED))
                self._add_key(a, i, ROLE_FULL)
            for j, v in enumerate(e.variants):
                role = ROLE_SHORT if person and multi and len(split_words(v.text)) == 1 else ROLE_FULL
                ordinary_word = ordinary_phrase(v.text, self.language)
                # a capitalised phrase of common words ("The Point" for Parkersburg, "Volcano
                # of Anger") applies only where the entry's own context words occur
                common = ordinary_word or common_words(v.text, self.language)
                self.variant_flags[(i, j)] = (v.case_sensitive or ordinary_word, v.context or common, common)
                if ordinary_word and not v.context:
                    continue  # an ordinary word ("Rest", "Soda") is never applied blindly
                add(v.text, (FULL, i, role, j))
                if not v.case_sensitive and not v.context and not common:
                    self._add_key(v.text, i, role, (fuzzy, multi_keys))
                    inflectable.append((v.text, role))
            if person:
                # the short form is how a surname-only mention reads; the surname counts as
                # one too when it is the same name ("al-Sarraj" / "Sarraj")
                mentions = {e.short}
                if split_words(e.surname)[-1].lower() == split_words(e.short)[-1].lower():
                    mentions.add(e.surname)
                for m in sorted(mentions):
                    add(m, (SURNAME, i, ROLE_SHORT, -1))
                    self._add_key(m, i, ROLE_SHORT)
                    inflectable.append((m, ROLE_SHORT))
                if not multi:
                    inflectable.append((e.canonical, ROLE_FULL))
                if e.given:
                    for form in _given_forms(e.given, entry_calques):
                        add(form, (GIVEN, i, int(form != fold(" ".join(e.given))), -1))
                        self.given_persons.setdefault(key(form), set()).add(i)
            else:
                inflectable.append((e.canonical, ROLE_FULL))
            for surface, role in inflectable:
                if _acronym(surface):
                    continue
                common = ordinary(surface, self.language)
                for n, s in enumerate(stems(surface)):
                    if len(s) >= MIN_STEM:
                        add(s, (STEM, i, role, n | (2 * common)), stem=True)
                k = key(surface)
                if " " in k:
                    continue
                for s in key_stems(k):
                    if len(s) >= MIN_STEM:
                        self.stem_keys.setdefault(s, set()).add((i, role))
                for f in fuzzy_forms(surface):
                    if len(f) >= MIN_FUZZY:
                        fuzzy.setdefault(f, set()).add((i, role))
            for words, table in ((e.context, self.context_of), (e.topic, self.topic_of)):
                ids = set()
                for w in words:
                    cid = context_ids.setdefault(fold(w), len(context_ids))
                    ids.add(cid)
                    add(w, (CONTEXT, cid, 0, -1))
                table.append(frozenset(ids))
            if e.type in (EntryType.ORG, EntryType.TERM) and multi:
                self._add_bag(i, e, entry_calques, add)
                self.bag_calques.update(calque_map(e.calques))
        for r_i, r in enumerate(self.rules):
            if r.match:
                add(r.match, (RULE, r_i, 0, -1))
        self.patterns = tuple(
            (r_i, regex.compile(r.pattern, 0 if r.case_sensitive else regex.IGNORECASE))
            for r_i, r in enumerate(self.rules)
            if r.pattern
        )
        # the automaton stores plain integers (compact, fast to pickle): an index into
        # ``hits``, which holds each key's length and payloads
        automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS)
        hit_table: list[tuple[int, tuple[tuple[int, int, int, int], ...]]] = []
        for k, ps in sorted(payloads.items()):
            automaton.add_word(k, len(hit_table))
            hit_table.append((len(k), tuple(sorted(ps))))  # type: ignore[arg-type]
        automaton.make_automaton()
        self.automaton = automaton
        self.hits = tuple(hit_table)
        self.key_table = {k: tuple(sorted(v)) for k, v in self.key_table.items()}  # type: ignore[misc]
        self.stem_keys = {k: tuple(sorted(v)) for k, v in self.stem_keys.items()}  # type: ignore[misc]
        self.fuzzy_keys = tuple(sorted(fuzzy))
        self.fuzzy_owners = tuple(tuple(sorted(fuzzy[k])) for k in self.fuzzy_keys)
        self.fuzzy_multi = frozenset(n for n, k in enumerate(self.fuzzy_keys) if k in multi_keys)
        #: the keyed words of all names (a run shares one with any name it can match)
        self.name_words = frozenset(w for k in self.key_table for w in k.split())
        # blocking: a key is filed under (first two letters, length) and (last two
        # letters, length); see fuzzy_candidates for why that loses nothing
        blocks: dict[tuple[str, int], list[str]] = {}
        for k in self.fuzzy_keys:
            width = _affix(len(k))
            blocks.setdefault((k[:width], len(k)), []).append(k)
            blocks.setdefault(("$" + k[-width:], len(k)), []).append(k)
        self.fuzzy_blocks = {b: tuple(ks) for b, ks in blocks.items()}
        self.fuzzy_index = {k: n for n, k in enumerate(self.fuzzy_keys)}

    def _add_key(
        self,
        surface: str,
        entry: int,
        role: int,
        fuzzy: tuple[dict[str, set[tuple[int, int]]], set[str]] | None = None,
    ) -> None:
        """Index a surface's key; with ``fuzzy``, a multi-word key joins the fuzzy index too."""
        k = key(surface)
        if k and not _acronym(surface):
            self.key_table.setdefault(k, set()).add((entry, role))
            if fuzzy is not None and " " in k:
                for compact in fuzzy_forms(surface):
                    if len(compact) >= MIN_FUZZY:
                        fuzzy[0].setdefault(compact, set()).add((entry, role))
                        fuzzy[1].add(compact)

    def _add_bag(self, i: int, e: Entry, calques: dict[str, str], add: object) -> None:
        words = bag_words(e.canonical)
        content = [w for w in words if w not in STOPWORDS]
        if len(content) < 2:
            return
        b = bag(words, calques)
        self.bags.setdefault(b, []).append(Bag(i, tuple(content), words.count("of")))
        reverse_demonyms = {v: k for k, v in DEMONYMS.items()}
        reverse_phrases = {v: k for k, v in PHRASES.items()}
        assert callable(add)
        for w in content:
            norm, _ = bag_word(w, calques)
            forms = {w, norm}
            forms.update(c for c, p in calques.items() if p == norm)
            if norm in reverse_demonyms:
                forms.add(reverse_demonyms[norm])
            if norm in reverse_phrases:
                forms.add(reverse_phrases[norm])
            for f in forms:
                add(f, (BAG, 0, 0, -1))

    # --- lookups used by the matcher ---------------------------------------------------

    def fuzzy_candidates(self, k: str) -> list[int]:
        """Return indexes into ``fuzzy_keys`` within one edit (Damerau) of ``k``.

        Blocking: one insertion, deletion, substitution or adjacent transposition changes
        the length by at most one and touches at most two neighbouring letters. An
        insertion at position p keeps the first a letters when p >= a and the last a
        when p <= n - a, so it keeps one of them when the shorter string has n >= 2a
        letters; a substitution needs n >= 2a too, a transposition n >= 2a + 1. Keys of n
        letters are filed under their first and last ``_affix(n)`` letters (3 from 7
        letters, else 2), which meets those bounds for every key (6 letters or more), so
        the blocks of lengths within one of ``k`` hold every such key; rapidfuzz checks
        them in C.
        """
        if len(k) < MIN_FUZZY - 1:
            return []
        found: set[str] = set()
        for n in (len(k) - 1, len(k), len(k) + 1):
            a = _affix(n)
            for block in ((k[:a], n), ("$" + k[-a:], n)):
                keys = self.fuzzy_blocks.get(block)
                if keys:
                    found.update(
                        m[0]
                        for m in process.extract(
                            k, keys, scorer=DamerauLevenshtein.distance, score_cutoff=1, limit=None
                        )
                    )
        return sorted(self.fuzzy_index[m] for m in found)

    def __getstate__(self) -> dict[str, object]:
        return {s: getattr(self, s) for s in self.__slots__}

    def __setstate__(self, state: dict[str, object]) -> None:
        for k, v in state.items():
            object.__setattr__(self, k, v)


def fuzzy_forms(text: str) -> set[str]:
    """Return the forms a name is fuzzy-matched under: its key and its folded letters.

    Typos are edits of the spelling, and a key can turn one edit into two ("Sueifan" /
    "Suefian"), so both the key and the plain folded letters are compared, spaces removed.
    """
    return {key(text).replace(" ", ""), "".join(c for c in fold(text) if c.isalnum())}


def _affix(n: int) -> int:
    """Return how many first and last letters file a fuzzy key of ``n`` letters."""
    return 3 if n >= 7 else 2


def _acronym(surface: str) -> bool:
    """Return True for an all-capitals surface ("GNA", "OON"): matched only as listed."""
    return len(surface) > 1 and surface.isupper()


def bag_words(name: str) -> list[str]:
    """Return the folded words of an organisation name, with known phrases as one word."""
    text = " " + " ".join(fold(w) for w in split_words(name)) + " "
    for phrase in PHRASES:
        text = text.replace(f" {phrase} ", f" {phrase.replace(' ', '_')} ")
    return [w.replace("_", " ") for w in text.split()]


def _given_forms(given: tuple[str, ...], calques: dict[str, str]) -> Iterable[str]:
    """Yield the folded given-name forms: as written, and with each word's calques."""
    words = [fold(g) for g in given]
    options: list[list[str]] = []
    for w in words:
        alts = {w} | {c for c, part in calques.items() if part == w}
        options.append(sorted(alts))
    forms = {""}
    for choices in options:
        forms = {f"{f} {a}".strip() for f in forms for a in choices}
    return sorted(forms)


__all__ = ["ARTICLES", "Index", "padded", "words_form"]
