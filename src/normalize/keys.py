"""Transliteration-invariant keys and the text-folding helpers the index and matcher share.

Two names whose keys are equal are spellings of one name under the usual transliteration
differences: casing, diacritics, hyphen/space/apostrophe forms, Arabic article forms
(al-/el-/as-/es-/ad-...), doubled letters, and digraph classes (kh/h, dzh/dj/zh/j, ou/u,
ee/ei/i, q/k/g -- Arabic qaf is written all three ways --, ph/f, w/v, final -ah/-a).
The tables are data, in ``normalize/language/``: extend them there, not in the engine.

Writers of other languages romanise a name by their own spelling (Spanish "Jartum" for
Khartoum, German "Tschad" for Chad): :func:`romanisations` gives those spellings of a
name for the source languages an entry names, from the ``romanisation:`` rules of each
language's file, and the index keys them like any other spelling.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

import regex

from .language import source_languages, table

#: Letters joined by these inside a name are one token ("al-Burayka", "Ras-Lanuf").
HYPHENS = "-\u2010\u2011\u2012\u2013"
APOSTROPHES = "'\u2019\u02bc\u02bf\u02be`\u2018"

#: One word token: letters and marks, with inner hyphens or apostrophes.
WORD = regex.compile(r"\p{L}[\p{L}\p{M}]*(?:[-\u2010\u2011'\u2019]\p{L}[\p{L}\p{M}]*)*")

#: Arabic article forms that may prefix a name part; dropped from keys (``language/ar.yaml``).
ARTICLES = frozenset(table("ar", "articles"))

#: Ordered digraph and letter classes; the left side becomes the right side (``language/translit.yaml``).
_CLASSES: tuple[tuple[str, str], ...] = tuple((a, b) for a, b in table("translit", "classes"))
_MARKS = regex.compile(r"\p{M}+")
_DOUBLE_RE = regex.compile(r"(\p{L})\1+")
_FINAL_H_RE = regex.compile(r"(?<=[aeiou])h\b")
_SEP_RE = regex.compile(r"[\s" + regex.escape(HYPHENS) + r"]+")
_DROP_RE = regex.compile(r"[" + regex.escape(APOSTROPHES) + r".]")
_DROPPED = frozenset(APOSTROPHES + ".")
_REPEAT_RE = re.compile(r"(.)\1", re.DOTALL)


@lru_cache(maxsize=1 << 18)
def fold(text: str) -> str:
    """Return ``text`` casefolded with diacritics removed ("Erdoğan" -> "erdogan")."""
    if text.isascii():  # no decomposition, no mark: only the case to fold
        return text.lower()
    return str(_MARKS.sub("", unicodedata.normalize("NFKD", text))).casefold()


@lru_cache(maxsize=1 << 16)
def word_key(word: str) -> str:
    """Return the key of one word (no spaces); see :func:`key`."""
    w = fold(_DROP_RE.sub("", word) if not _DROPPED.isdisjoint(word) else word)
    for a, b in _CLASSES:  # in order: "dzh" before "zh", "ey" before "y"
        if a in w:
            w = w.replace(a, b)
    if "h" in w:
        w = _FINAL_H_RE.sub("", w)
    # regex's backreference is slow; a double letter is two same characters in a row, found fast
    return _DOUBLE_RE.sub(r"\1", w) if _REPEAT_RE.search(w) else w


def split_words(text: str) -> list[str]:
    """Split a name on spaces and hyphens, dropping apostrophes and empty parts."""
    return [p for p in _SEP_RE.split(text.strip()) if p]


@lru_cache(maxsize=1 << 16)
def key(text: str) -> str:
    """Return the transliteration-invariant key of a name.

    Words are keyed one by one and joined by single spaces; Arabic article words are
    dropped when another word follows them ("es-sider" and "Es Sider" both give "sider").
    """
    words = [fold(w) for w in split_words(text)]
    kept = [w for i, w in enumerate(words) if not (w in ARTICLES and i + 1 < len(words))]
    return " ".join(k for k in (word_key(w) for w in kept) if k)


_NONWORD = regex.compile(r"[^\p{L}\p{M}\p{N}]")
#: The ASCII characters that are no word characters, each made a space (on bytes: fast).
_ASCII_SPACES = bytes.maketrans(
    bytes(c for c in range(128) if _NONWORD.match(chr(c))),
    bytes(32 for c in range(128) if _NONWORD.match(chr(c))),
)
#: The other characters that are no word characters (a text has few: quotes, dashes).
_NONWORD_BEYOND_ASCII = regex.compile(r"[^\x00-\x7F\p{L}\p{M}\p{N}]")


def words_form(text: str) -> str:
    """Return a same-length copy of ``text``: lowercase, every non-word character a space.

    Offsets in the result are offsets in ``text`` (characters whose lowercase form has
    another length, such as "İ", are kept as they are).
    """
    return lowered(spaced_form(text))


def spaced_form(text: str) -> str:
    """Return a same-length copy of ``text`` with every non-word character a space (case kept)."""
    # ASCII punctuation is spaced by a byte table (UTF-8 leaves every other character's
    # bytes above 127, untouched); a regex then spaces the rest, if the text has any
    if text.isascii():
        return text.encode("ascii").translate(_ASCII_SPACES).decode("ascii")
    spaced = text.encode("utf-8", "surrogatepass").translate(_ASCII_SPACES).decode("utf-8", "surrogatepass")
    return str(_NONWORD_BEYOND_ASCII.sub(" ", spaced))


def lowered(text: str) -> str:
    """Return ``text`` in lowercase, of the same length ("İ" is the one letter that grows: it gives "i")."""
    # looked for first (a scan in C): lowering a text with it twice costs a second pass
    if "\u0130" in text:
        text = text.replace("\u0130", "i")
    return text.lower()


_ASCII_BYTES = bytes(range(128))
#: Distinct characters beyond ASCII to put in place one by one, at most: each costs a pass
#: of ``str.find`` over the text; past this many, the forms are made by :func:`words_form`'s passes.
MAX_PLACED_CHARACTERS = 32
#: Capital sigma lowercases by its context (to a final sigma at the end of a word): never put
#: in place alone.
_CONTEXTUAL_LOWER = "\u03a3"


def text_forms(text: str) -> tuple[str, str]:
    """Return ``(spaced_form(text), words_form(text))``, made together in fewer passes over the text.

    A document's text is mostly ASCII: both forms are made from its UTF-8 bytes (ASCII
    punctuation spaced by the byte table, ASCII capitals lowered by ``bytes.lower``), then
    the few characters beyond ASCII that either form changes (a non-word character becomes
    a space, a capital its lowercase) are found with ``str.find`` and put in place. Lowering
    or spacing the whole text as ``str`` costs more than both together.
    """
    if text.isascii():
        data = text.encode("ascii").translate(_ASCII_SPACES)
        return data.decode("ascii"), data.lower().decode("ascii")
    data = text.encode("utf-8", "surrogatepass").translate(_ASCII_SPACES)
    beyond = set(data.translate(None, _ASCII_BYTES).decode("utf-8", "surrogatepass"))
    spaces: list[tuple[int, str]] = []
    lows: list[tuple[int, str]] = []
    edits = []  # (character, what it becomes, the list of its places)
    for c in beyond:
        if _NONWORD.match(c):  # a space in both forms
            edits.append((c, " ", spaces))
        else:
            low = "i" if c == "\u0130" else c.lower()
            if low != c:
                edits.append((c, low, lows))
    if len(edits) > MAX_PLACED_CHARACTERS or _CONTEXTUAL_LOWER in beyond:
        spaced = spaced_form(text)
        return spaced, lowered(spaced)
    find = text.find
    for c, to, places in edits:
        i = find(c)
        while i >= 0:
            places.append((i, to))
            i = find(c, i + 1)
    spaced = data.decode("utf-8", "surrogatepass")
    low_form = data.lower().decode("utf-8", "surrogatepass")
    if spaces:
        spaces.sort()
        spaced = _placed(spaced, spaces)
        lows += spaces
    if lows:
        lows.sort()
        low_form = _placed(low_form, lows)
    return spaced, low_form


def _placed(text: str, chars: list[tuple[int, str]]) -> str:
    """Return ``text`` with the character at each position of ``chars`` (ascending) replaced by its one."""
    parts = []
    last = 0
    for i, c in chars:
        parts.append(text[last:i])
        parts.append(c)
        last = i + 1
    parts.append(text[last:])
    return "".join(parts)


def surface_form(text: str) -> str:
    """Return the form a surface is indexed under: :func:`words_form` with spaces collapsed."""
    return " ".join(words_form(text).split())


#: Romanisation rules per source language (``romanisation:`` in ``language/<code>.yaml``):
#: a pattern over the folded English spelling and what that language writes instead.
ROMANISATION: dict[str, tuple[tuple[regex.Pattern[str], str], ...]] = {
    lang: tuple((regex.compile(a), b) for a, b in table(lang, "romanisation")) for lang in source_languages()
}


@lru_cache(maxsize=1 << 14)
def _romanised(text: str, language: str) -> frozenset[str]:
    """Return the spellings of folded ``text`` under one language's rules: each alone, and all in turn."""
    rules = ROMANISATION.get(language, ())
    out = {pattern.sub(repl, text) for pattern, repl in rules}
    whole = text
    for pattern, repl in rules:
        whole = pattern.sub(repl, whole)
    out.add(whole)
    out.discard(text)
    return frozenset(out)


def romanisations(text: str, languages: Iterable[str]) -> set[str]:
    """Return the spellings of a name as writers of ``languages`` romanise it ("Khartoum" -> "jartum").

    The spellings are folded (lowercase, no diacritics but those the rules write); the
    name's own spelling is not among them.
    """
    languages = [lang for lang in languages if ROMANISATION.get(lang)]
    if not languages:  # the common case (Russian, the default, has no rules): nothing to fold
        return set()
    folded = fold(text)
    return {form for lang in languages for form in _romanised(folded, lang)}
