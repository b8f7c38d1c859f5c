"""``given_names``: a person's given names, declined or spelled otherwise, before a surname found.

Machine translation from Russian declines and transliterates every word of a person's name
("Владимиром Путиным" -> "Vladimirom Putinym", "Ахмеде аль-Мисмари" -> "Axmede al-Mismari").
The mechanisms before this one find the surname; the given names before it stay as written
("Sergeya Lavrov"). A surname-only candidate of a person whose given names stand just before
it, each heard as the entry's (equal under transliteration keys, or after a case ending of
the entry's source languages is cut, or within the ``phonetic`` mechanism's edit budget) is
widened to the whole name. The surname found is the anchor: this adds no evidence of its own,
and the widened candidate needs what the surname's did.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

import regex

from ...keys import fold, key
from ...model import Method
from ..candidate import Candidate
from .base import PersonWidening
from .endings import languages
from .phonetic import NAMED_SLACK, budget, distance, word_units

if TYPE_CHECKING:
    from ..document import Document
    from ..index import Index

#: A capitalised word and the spaces after it, ending where the surname starts.
_WORD_BEFORE = regex.compile(r"(?<![\p{L}\p{M}'\u2019\-])\p{Lu}[\p{L}\p{M}'\u2019]* +$")
#: Characters searched back for one given name.
_SEARCH = 40
#: Letters a given name keeps once an ending is cut ("Lvom" is too little of "Lev").
_MIN_STEM = 3


@lru_cache(maxsize=1 << 14)
def heard(word: str, given: str, endings: frozenset[str]) -> bool:
    """Return True when ``word`` in a text is the given name ``given``, declined or respelled."""
    if key(word) == key(given):
        return True
    folded = fold(word).lower()
    target = word_units(given)
    forms = [folded] + [
        folded[: -len(x)] for x in endings if x and folded.endswith(x) and len(folded) - len(x) >= _MIN_STEM
    ]
    for form in forms:
        if key(form) == key(given):
            return True
        units = word_units(form)
        limit = budget(max(len(units), len(target)), abs(len(units) - len(target)))
        if limit >= 0 and distance(units, target, limit + NAMED_SLACK) <= limit + NAMED_SLACK:
            return True
    return False


def _endings(index: Index, langs: tuple[str, ...]) -> frozenset[str]:
    """Return the case endings of the source languages ``langs`` (the language data's and the lexicon's)."""
    return frozenset().union(*(index.endings.get(lang, ()) for lang in langs))


class GivenNames(PersonWidening):
    """Widen a surname found to the whole name over given names heard; see the module docstring."""

    name = "given_names"

    def widen(self, doc: Document, c: Candidate) -> Iterator[Candidate]:
        text, index = doc.text, doc.index
        assert c.entry is not None
        short = index.shorts[c.entry]
        if c.replacement != short or short == index.canonicals[c.entry]:
            return  # not a surname-only mention (the columns: no Entry made for most candidates)
        e = index.entries[c.entry]
        if not e.given:
            return
        langs = languages(index, c.entry)
        endings = doc.memo.get(("given endings", langs), _endings, index, langs)
        start = c.start
        for given in reversed(e.given):
            m = _WORD_BEFORE.search(text, max(0, start - _SEARCH), start)
            if m is None or not heard(m.group().rstrip(" "), given, endings):
                return
            start = m.start()
        written = text[start : c.start].split()
        as_written = c.replacement == text[c.start : c.end]
        if as_written and [fold(w) for w in written] == [fold(g) for g in e.given]:
            return  # the whole name as written: exact's, not a widening
        yield Candidate(
            start,
            c.end,
            c.entry,
            e.canonical,
            Method.GENERATED if c.method is Method.EXACT else c.method,
            c.score,
            f"{c.reason}; given name{'s' if len(e.given) > 1 else ''} "
            f"{' '.join(written)!r} heard as {' '.join(e.given)!r}",
            self.name,
            need=c.need,
            person=True,
        )
