"""Generated variants: the garbles MT makes of a name that no lexicon needs to list.

Rule tables are data, per language, in ``normalize/language/`` (read here once):

- case endings a source language leaves on a name part (Russian Хафтаром -> "Haftarom");
- English suffixes that are *not* garbles ("Libyans", "Islamists") and must never be
  stripped;
- calques of words (Khalifa -> "Caliph", Brigades -> "Teams"), demonyms and stopwords,
  used to compare an organisation's name with its word-by-word calque
  ("Ministry of defense of Russia" / "Russian Ministry of Defense").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from .keys import fold
from .language import source_languages, table

#: Case endings per source language, as MT transliterates them (``language/<code>.yaml``).
#: A stem ending in a vowel drops it first (Misrata -> Misrat + y). Endings are tried on
#: the folded word.
ENDINGS: Mapping[str, tuple[str, ...]] = {lang: tuple(table(lang, "endings")) for lang in source_languages()}

#: Endings that make an ordinary English form; a token ending so is never a garble.
ENGLISH_SUFFIXES = frozenset(table("en", "suffixes"))

#: Declension classes per source language (``declensions`` of ``language/<code>.yaml``,
#: derived by ``tools/derive_endings.py``): (class, nominative endings, what the stem ends
#: in (any when empty), the endings its stem takes).
DECLENSIONS: Mapping[str, tuple[tuple[str, tuple[str, ...], tuple[str, ...], frozenset[str]], ...]] = {
    lang: tuple(
        (str(c["class"]), tuple(c["nominative"]), tuple(c.get("stem_ends", ())), frozenset(c["endings"]))
        for c in table(lang, "declensions")
    )
    for lang in ENDINGS
}

#: Tails that make another surname (Salamov): never a case ending snapped to a near one.
NOT_SNAPPED = frozenset(t for lang in ENDINGS for t in table(lang, "not_snapped"))

#: Longest case ending of any source language.
MAX_ENDING = max((len(e) for forms in ENDINGS.values() for e in forms), default=3)

#: Words skipped when an organisation's name is compared with its calque.
STOPWORDS = frozenset(table("en", "stopwords"))

#: Demonym -> country, so "of Russia" and "Russian" compare equal inside an organisation name.
DEMONYMS: Mapping[str, str] = dict(table("en", "demonyms"))

#: Multi-word names of one thing, compared as one word inside an organisation name.
PHRASES: Mapping[str, str] = dict(table("en", "phrases"))

#: Spelling pairs that are the same word inside an organisation name.
SPELLINGS: Mapping[str, str] = dict(table("en", "spellings"))

#: Calques every lexicon gets: name parts and organisation words that MT translates
#: literally because they are also words of the source language (Russian "халифа").
#: A lexicon's own ``calques:`` add to these.
BUILTIN_CALQUES: tuple[tuple[str, tuple[str, ...]], ...] = tuple(
    (part, tuple(forms)) for part, forms in table("en", "calques").items()
)


def stems(part: str) -> tuple[str, ...]:
    """Return the folded stems a case ending attaches to (``Misrata`` -> misrata, misrat)."""
    w = fold(part)
    out = [w]
    if len(w) > 4 and w[-1] == "a":  # Russian declines -a names (Misrata -> Misraty); -i/-e/-o/-u not
        out.append(w[:-1])
    return tuple(out)


def ending_kind(
    tail: str, languages: Iterable[str], table: Mapping[str, Iterable[str]] = ENDINGS
) -> str | None:
    """Classify what follows a known stem in a token.

    Returns ``"ending"`` when ``tail`` is a case ending of one of ``languages`` (in
    ``table``: the language files', or those plus a lexicon's), ``"snapped"`` when it is
    one edit from such an ending (MT snapped "Haftarom" to the English word "haftarot"),
    and None otherwise, including for English suffixes.
    """
    if not tail or len(tail) > MAX_ENDING or tail in ENGLISH_SUFFIXES or not tail.isalpha():
        return None
    endings = {e for lang in languages for e in table.get(lang, ())}
    if tail in endings:
        return "ending"
    if len(tail) >= 2 and any(Levenshtein.distance(tail, e, score_cutoff=1) <= 1 for e in endings):
        return "snapped"
    return None


#: Shortest stem an ending may be snapped onto ("Haftar" + "ot"); shorter stems with a
#: near-ending tail are mostly other names ("Bera" + "sya" is Berasia).
MIN_SNAPPED_STEM = 5


#: How romanisations write the Cyrillic soft sign at the end of a name ("Lepel'", "Akkol\u2019").
_SOFT_SIGNS = "'\u2019\u02b9\u02bc"


def declined_stems(
    part: str, languages: Iterable[str], extra: Mapping[str, Iterable[str]] | None = None
) -> tuple[tuple[str, frozenset[str]], ...]:
    """Return (folded stem, endings it takes) for each declension class a name falls in.

    A name falls in a class of one of ``languages`` when it ends in one of the class's
    nominative endings after a stem that ends as the class requires ("Misrata" is an -a
    feminine: misrat + y, e, u, oj, ...; "Zelensky" an adjectival surname: zelensk + ogo,
    ...). ``extra`` adds endings to every class of a language (a lexicon's ``endings:``).
    When the stem is the whole name, English suffixes are no endings ("Iraqi" is no case
    form of Iraq). A name in no class (Tripoli, Gaddafi: Russian does not decline them)
    has no stems.
    """
    w = fold(part).rstrip(_SOFT_SIGNS)  # "Lepel'": the soft sign, as some schemes romanise it
    found: dict[str, set[str]] = {}
    for lang in languages:
        classes = _class_stems(w, lang)
        if not classes:  # a name in no class of this language
            continue
        added = frozenset(extra.get(lang, ())) if extra else frozenset()
        for stem, endings, whole in classes:
            forms = endings | added if added else endings
            if whole:
                forms = forms - ENGLISH_SUFFIXES
            known = found.get(stem)
            if known is None:
                found[stem] = set(forms)
            else:
                known.update(forms)
    if not found:
        return ()
    return tuple(sorted((stem, frozenset(forms)) for stem, forms in found.items()))


#: Per language, each nominative ending -> (stem ends, endings) of the classes that have it.
_BY_NOMINATIVE: Mapping[str, dict[str, list[tuple[tuple[str, ...], frozenset[str]]]]] = {
    lang: {
        nom: [(ends, forms) for _, noms, ends, forms in classes if nom in noms]
        for nom in {n for _, noms, _, _ in classes for n in noms}
    }
    for lang, classes in DECLENSIONS.items()
}
_LONGEST_NOMINATIVE = max((len(n) for table in _BY_NOMINATIVE.values() for n in table), default=0)


@lru_cache(maxsize=1 << 16)
def _class_stems(w: str, lang: str) -> tuple[tuple[str, frozenset[str], bool], ...]:
    """Return (stem, endings, whether the stem is the whole name) per class of ``lang`` a folded name fits."""
    out = []
    table = _BY_NOMINATIVE.get(lang, {})
    for cut in range(min(_LONGEST_NOMINATIVE, len(w) - 1) + 1):
        stem = w[: len(w) - cut]
        if not stem[-1:].isalpha():
            continue
        for stem_ends, endings in table.get(w[len(w) - cut :] if cut else "", ()):
            if not stem_ends or stem.endswith(stem_ends):
                out.append((stem, endings, not cut))
    return tuple(out)


def tail_kind(tail: str, endings: frozenset[str]) -> str | None:
    """Classify what follows a declined stem: ``"ending"``, ``"snapped"`` or None.

    ``endings`` are those of the stem's classes (:func:`declined_stems`). A tail one edit
    from one of them is ``"snapped"`` (MT snapped "Haftarom" to "haftarot"), unless it is
    an English suffix ("Misratan") or makes another surname ("Salamov").
    """
    if not tail or not tail.isalpha() or len(tail) > MAX_ENDING:
        return None
    if tail in endings:
        return "ending"
    near = len(tail) >= 2 and tail not in ENGLISH_SUFFIXES and tail not in NOT_SNAPPED
    if near and any(Levenshtein.distance(tail, e, score_cutoff=1) <= 1 for e in endings):
        return "snapped"
    return None


def calque_map(calques: Iterable[tuple[str, Iterable[str]]]) -> dict[str, str]:
    """Map each folded calque word to the folded name part it translates."""
    out: dict[str, str] = {}
    for part, forms in calques:
        for f in forms:
            out[fold(f)] = fold(part)
    return out


def bag_word(word: str, calques: Mapping[str, str]) -> tuple[str, str]:
    """Return (normalised word, how it was changed) for organisation-name comparison.

    The second item is ``"calque"``, ``"demonym"`` or ``""``.
    """
    w = fold(word)
    if w in calques:
        return calques[w], "calque"
    w = SPELLINGS.get(w, w)
    w = PHRASES.get(w, w)
    if w in DEMONYMS:
        return DEMONYMS[w], "demonym"
    return w, ""


def bag(words: Iterable[str], calques: Mapping[str, str]) -> tuple[str, ...]:
    """Return the sorted content words of a name, normalised by :func:`bag_word`."""
    return tuple(sorted(bag_word(w, calques)[0] for w in words if fold(w) not in STOPWORDS))


def key_stems(k: str) -> tuple[str, ...]:
    """Return the stems of a one-word key that a case ending attaches to."""
    out = [k]
    if len(k) > 4 and k[-1] == "a":
        out.append(k[:-1])
    return tuple(out)
