"""The forms MT gives a name that an entry also writes in its source language.

An entry may give its name as the source text writes it (``names: {ru: Мисрата}``). MT
romanises such a name by whichever scheme it learnt: GOST ("Misratoj"), BGN/PCGN
("Misratoy"), Wikipedia, passport rules... From the source-language name this module
derives, with nothing listed by hand:

- its romanisations, one per scheme of the language (``schemes`` in
  ``language/<code>.yaml``: iuliia's Russian schemas by name; letter tables for Ukrainian),
  as plain letters (diacritics, primes and apostrophes dropped, as MT output has them);
- its acronym, from the initials of its words less short function words (``acronym_skip``):
  Правительство национального согласия -> ПНС -> "PNS".

- for a name of several words, its declined forms: the words up to the first noun (the
  adjectives before it agree with it) take each case's Cyrillic ending of their declension
  class (``cyrillic`` in the language file's ``declensions``, derived from pymorphy3 with
  the Latin endings), the rest stays as it is (a genitive: Правительства национального
  согласия), and each is romanised as above.

A one-word name is declined by the endings mechanism instead: its romanisations are
inflected surfaces, so each takes the case endings of its declension class.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Mapping
from functools import cache

import regex

from .language import table

#: Source-language names are written in Cyrillic for these languages.
_CYRILLIC = regex.compile(r"[\p{Script=Cyrillic}\p{M}\s'\u2019\u02bc.\-\u2010\u2011]+")
_LETTERS_TO_DROP = frozenset("'\u2019\u02bc\u02b9\u02ba\u201d\u201c`\"")
_WORD_SPLIT = regex.compile(r"[\s\-\u2010\u2011]+")


def name_languages() -> tuple[str, ...]:
    """Return the codes of the languages whose names an entry may give (those with a romanisation)."""
    return tuple(lang for lang in ("ru", "uk") if table(lang, "schemes"))


def name_problem(language: object, name: object) -> str:
    """Return what is wrong with one ``names:`` item, or "" when it is fine."""
    langs = name_languages()
    if not isinstance(language, str) or language not in langs:
        return f"unknown language {language!r}: names are romanised from {', '.join(langs)}"
    if not isinstance(name, str) or not name.strip():
        return f"expected a non-empty string, got {name!r}"
    if not _CYRILLIC.fullmatch(name) or not any(c.isalpha() for c in name):
        return f"expected the name in Cyrillic letters, got {name!r}"
    return ""


def _plain(text: str) -> str:
    """Return romanised text as MT writes it: no diacritics, primes or apostrophes."""
    decomposed = unicodedata.normalize("NFKD", text)
    kept = (c for c in decomposed if not unicodedata.combining(c) and c not in _LETTERS_TO_DROP)
    return "".join(c for c in kept if unicodedata.category(c) != "Lm")


def _letter_table(letters: Mapping[str, object]) -> Callable[[str], str]:
    """Return a romaniser from a letter table (a pair: word-initial, elsewhere)."""

    def romanise(text: str) -> str:
        out = []
        for i, ch in enumerate(text):
            low = ch.lower()
            value = letters.get(low, ch)
            pair = value if isinstance(value, list) else [value, value]
            initial = i == 0 or not text[i - 1].isalpha()
            r = str(pair[0] if initial else pair[1])
            out.append(r.capitalize() if ch != low else r)
        return "".join(out)

    return romanise


@cache
def romanisers(language: str) -> dict[str, Callable[[str], str]]:
    """Return the romanisation schemes of a language, by name."""
    schemes = table(language, "schemes")
    if isinstance(schemes, dict):
        return {name: _letter_table(letters) for name, letters in schemes.items()}
    import iuliia  # only when a lexicon gives Russian names: it loads every schema

    return {name: iuliia.schemas.get(name).translate for name in schemes}


def _with_apostrophes(text: str) -> str:
    """Return romanised text with its soft and hard signs as ASCII apostrophes ("Pravitel'stvo")."""
    marked = "".join("'" if c in _LETTERS_TO_DROP or unicodedata.category(c) == "Lm" else c for c in text)
    return _plain(marked.replace("'", "\0")).replace("\0", "'")


@cache
def romanisations(language: str, name: str) -> tuple[str, ...]:
    """Return the distinct romanisations of a name, in scheme order ("Мисрата" -> "Misrata").

    Each is written as MT writes it: without diacritics, and without its soft and hard
    signs or with them as apostrophes ("Pravitelstvo", "Pravitel'stvo").
    """
    out: dict[str, str] = {}
    for romanise in romanisers(language).values():
        written = romanise(name)
        for form in (_plain(written), _with_apostrophes(written)):
            form = " ".join(form.split()).strip("'")
            if form:
                out.setdefault(form.casefold(), form)
    return tuple(out.values())


@cache
def acronyms(language: str, name: str) -> tuple[str, ...]:
    """Return the romanised acronyms of a name of two or more words ("ПНС" -> "PNS")."""
    skip = frozenset(table(language, "acronym_skip"))
    words = [w for w in _WORD_SPLIT.split(name.strip()) if w and w.lower() not in skip]
    if len(words) < 2:
        return ()
    initials = "".join(w[0].upper() for w in words)
    out: dict[str, None] = {}
    for romanise in romanisers(language).values():
        form = _plain(romanise(initials)).upper()
        if form.isalpha() and form.isascii():
            out.setdefault(form, None)
    return tuple(out)


_CaseTable = tuple[str, tuple[str, ...], dict[str, str], bool]


@cache
def _cyrillic_classes(language: str) -> tuple[_CaseTable, ...]:
    """Return (nominative ending, stem ends, endings by case, adjectival) per case table.

    Longer nominative endings come first (an adjective's before a noun's), and among
    equals a class with conditions on its stem before one without.
    """
    out = []
    for c in table(language, "declensions"):
        cyrillic = c.get("cyrillic") or {}
        stem_ends = tuple(cyrillic.get("stem_ends", ()))
        for cases in cyrillic.get("cases", ()):
            adjectival = str(c["class"]).startswith("adjectival")
            out.append((str(cases.get("nomn", "")), stem_ends, dict(cases), adjectival))
    return tuple(sorted(out, key=lambda t: (-len(t[0]), not t[1])))


def _decline(language: str, word: str) -> tuple[dict[str, str], bool] | None:
    """Return (the word's form by case, whether it is an adjective), or None when no class fits."""
    low = word.lower()
    for nominative, stem_ends, cases, adjectival in _cyrillic_classes(language):
        stem = word[: len(word) - len(nominative)] if nominative else word
        if not low.endswith(nominative) or len(stem) < 2 or not stem[-1].isalpha():
            continue
        if stem_ends and not stem.lower().endswith(stem_ends):
            continue
        return {case: stem + ending for case, ending in cases.items()}, adjectival
    return None


@cache
def declined_names(language: str, name: str, person: bool = False) -> tuple[str, ...]:
    """Return the case forms of a name of several words, in Cyrillic (Ливийской национальной армии).

    A person's name declines word by word (Халифы Хафтара); another name up to its first
    noun, whose complement keeps its own case.
    """
    words = name.split()
    if len(words) < 2:
        return ()
    declined = []
    for word in words:
        d = _decline(language, word)
        if d is None:
            return ()  # a word no class fits (a plural, an indeclinable): no guessing
        declined.append(d[0])
        if not d[1] and not person:
            break  # the first noun: what follows is its complement, in a case of its own
    cases = set.intersection(*(set(d) for d in declined)) - {"nomn"}
    forms = (" ".join([d[case] for d in declined] + words[len(declined) :]) for case in sorted(cases))
    return tuple(dict.fromkeys(f for f in forms if f != name))


def derived_forms(names: Iterable[tuple[str, str]], person: bool = False) -> tuple[tuple[str, bool], ...]:
    """Return (form, is an acronym) for every form an entry's source-language names give."""
    out: dict[str, tuple[str, bool]] = {}
    for language, name in names:
        for written in (name, *declined_names(language, name, person)):
            for form in romanisations(language, written):
                out.setdefault(form.casefold(), (form, False))
        for form in acronyms(language, name):
            out.setdefault(form.casefold(), (form, True))
    return tuple(out.values())
