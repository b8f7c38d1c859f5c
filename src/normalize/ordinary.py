"""Ordinary words versus names: the data behind the ordinary-word guard, knowing casing.

wordfreq says how frequent a word is, but not how it is written: "Kiev" (Zipf 3.48) and
"Damascus" (3.59) are as frequent as many ordinary words, yet English writes them with a
capital, so they are names. This module adds that knowledge for English from a shipped list
of the words English writes capitalised (``data/capitalised-en.txt.gz``, derived from SCOWL;
see ``data/README.md``). For other languages only the frequency is known.

- :func:`capitalised_name`: English writes this word with a capital (a name);
- :func:`is_ordinary`: a frequent word that is not a capitalised name ("rest", "Reading",
  "Nice", "python" are ordinary; "Kiev", "Donetsk" are not). The casing of the argument does
  not matter: it is a property of the word, so a place named by an ordinary word ("Nice")
  is still an ordinary word;
- :func:`ordinary_phrase`: a listed variant that reads as ordinary words;
- :func:`guard_facts`: all the guard asks of a listed name at once (memoised);
- :func:`language_supported`: the languages the guard (wordfreq) knows.
"""

from __future__ import annotations

import gzip
import re
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

from . import wordfreqs

#: Zipf frequency (wordfreq) from which a word of a listed variant counts as an ordinary word.
ORDINARY_ZIPF = 3.0

_WORDS = re.compile(r"[\W_]+")
_HYPHENS = re.compile("[-\u2010\u2011]")


@lru_cache(maxsize=1)
def _capitalised_en() -> frozenset[str]:
    data = resources.files("normalize").joinpath("data/capitalised-en.txt.gz").read_bytes()
    lines = gzip.decompress(data).decode("utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


@lru_cache(maxsize=1)
def _languages() -> frozenset[str]:
    from wordfreq import available_languages  # imported when asked: it takes a quarter of a second

    return frozenset(available_languages("best"))


def language_supported(language: str) -> bool:
    """Return True when ``language`` (a code such as ``en``) is one the guard has frequencies for."""
    return language in _languages()


def supported_languages() -> tuple[str, ...]:
    """Return the language codes the guard has frequencies for, sorted."""
    return tuple(sorted(_languages()))


def has_casing(language: str) -> bool:
    """Return True when the guard knows how ``language`` writes its words (English only)."""
    return language == "en"


@lru_cache(maxsize=1 << 16)
def capitalised_name(word: str, language: str = "en") -> bool:
    """Return True when ``language`` writes ``word`` with a capital: a name, not an ordinary word.

    The casing of ``word`` itself is ignored. A hyphenated word is a name when one of its
    parts is ("Kiev-based"). Always False for a language without casing data.
    """
    if not has_casing(language):
        return False
    names = _capitalised_en()
    w = word.casefold().replace("\u2019", "'")
    if w in names:
        return True
    if w.isalnum():  # most words: no hyphen, so no parts
        return False
    parts = [p for p in _HYPHENS.split(w) if p]
    return len(parts) > 1 and any(p in names for p in parts)


def is_ordinary(word: str, language: str = "en", zipf: float = ORDINARY_ZIPF) -> bool:
    """Return True when ``word`` is an ordinary word of ``language``, whatever its casing here.

    Ordinary: wordfreq Zipf >= ``zipf`` and not a word the language writes capitalised.
    "Reading" and "Nice" are ordinary (reading, nice); "Kiev" and "Crimea" are not.
    """
    return wordfreqs.zipf(word, language) >= zipf and not capitalised_name(word, language)


def words(text: str) -> list[str]:
    """Return the words of ``text`` (runs of letters and digits)."""
    return [w for w in _WORDS.split(text) if w]


#: A character that makes a variant a literal token: not a letter, digit, space, hyphen or apostrophe.
_LITERAL = re.compile(r"[^\w\s\-\u2010\u2011'\u2019`]|_")


def literal_token(text: str) -> bool:
    """Return True for a variant written with punctuation (".NET", "C++", "A.C. (star)", "U.S.").

    Ordinary prose does not spell words so, so such a variant is never ordinary words.
    """
    return bool(_LITERAL.search(text))


def common_words(text: str, language: str = "en", zipf: float = ORDINARY_ZIPF) -> bool:
    """Return True when every word of ``text`` is an ordinary word, whatever the casing.

    A literal token (:func:`literal_token`) is not.
    """
    ws = words(text)
    return bool(ws) and not literal_token(text) and all(is_ordinary(w, language, zipf) for w in ws)


def ordinary_phrase(text: str, language: str = "en", zipf: float = ORDINARY_ZIPF) -> bool:
    """Return True for a variant that reads as ordinary words, not as a name.

    One word: an ordinary word, whatever its casing ("Rest", "Soda", "python"; not "Kiev").
    Several words: all ordinary and written without a capital ("the point", "go a"): a
    capitalised phrase of common words ("Volcano of Anger") is how names are written.
    """
    ws = words(text)
    if len(ws) > 1 and text != text.lower():
        return False
    return bool(ws) and not literal_token(text) and all(is_ordinary(w, language, zipf) for w in ws)


def famous_name(text: str, language: str = "en", zipf: float = ORDINARY_ZIPF) -> bool:
    """Return True for a frequent name that English writes capitalised ("Kiev", "Iraq", "Mexico").

    Every word is frequent (Zipf >= ``zipf``, whatever the casing) and one English writes
    capitalised, however the text is listed ("al", "Kiev"): it is frequent because it is a
    famous name.
    Listed as a variant, such a name is ambiguous: "Kiev" for Kyiv, but also a gazetteer's
    junk ("Egypt" listed for Goodyear, Arizona; "India" for Inđija), so the guard applies
    it only where the document names the entry too. A literal token (".NET") is not one.
    """
    ws = words(text)
    return (
        bool(ws)
        and not literal_token(text)
        and all(wordfreqs.zipf(w, language) >= zipf and capitalised_name(w, language) for w in ws)
    )


def written_capitalised(text: str, language: str = "en") -> bool:
    """Return True when ``text`` is a name only where written with a capital.

    That is, a word of ``text`` is one English writes with a capital ("Rome", "Thai"), or
    ``text`` is written with a capital and every word of it is an English word too
    ("Slashes" listed for Dupont Circle, "Prec" for Preetz: gazetteers hold such names). In
    lowercase such a text is not being used as a name ("rome", "thai", "slashes" in running
    text), so a listed variant found so is not applied there.
    """
    ws = words(text)
    if any(capitalised_name(w, language) for w in ws):
        return True
    return (
        bool(ws)
        and any(w[:1].isupper() for w in ws)
        and all(wordfreqs.zipf(w.lower(), language) > 0 for w in ws)
    )


class GuardFacts(NamedTuple):
    """What the guard asks of a listed name: each field is the function of its name's answer."""

    ordinary_phrase: bool
    common_words: bool
    famous_name: bool
    written_capitalised: bool


@lru_cache(maxsize=1 << 18)
def guard_facts(text: str, language: str = "en") -> GuardFacts:
    """Return :func:`ordinary_phrase`, :func:`common_words`, :func:`famous_name` and
    :func:`written_capitalised` of ``text`` (at :data:`ORDINARY_ZIPF`), remembered.

    A lexicon's variants are asked when the file is read (its warnings) and again when the
    index is built, and a gazetteer lists a hundred thousand and more.
    """
    # one pass over the words, each looked up once: the four functions above, at once
    ws = words(text)
    if not ws:
        return _NO_FACTS
    zipf = wordfreqs.zipf
    ordinary_words = famous_words = True  # every word ordinary; every word frequent and capitalised
    capital = False  # a word English writes capitalised
    known = True  # every word known to wordfreq (whatever its casing: zipf casefolds)
    for w in ws:
        c = capitalised_name(w, language)
        z = zipf(w, language)
        known = known and z > 0
        frequent = z >= ORDINARY_ZIPF
        if c:
            capital = True
            ordinary_words = False
            famous_words = famous_words and frequent
        else:
            ordinary_words = ordinary_words and frequent
            famous_words = False
    common = ordinary_words and not literal_token(text)
    return GuardFacts(
        ordinary_phrase=common and not (len(ws) > 1 and text != text.lower()),
        common_words=common,
        famous_name=famous_words and not literal_token(text),
        written_capitalised=capital or (known and any(w[:1].isupper() for w in ws)),
    )


_NO_FACTS = GuardFacts(False, False, False, False)
