"""``spaced_hyphens``: a hyphenated name with spaces around its hyphens ("Bani - Walid").

MT systems often write the hyphens of names as spaced dashes: "Bani - Walid",
"Abu - Salim", "Ras - al - Hilal". A chain of words joined by spaced hyphens (or en
dashes), starting with a capital, is looked up by transliteration key as if it were
written with plain hyphens; its longest sub-chain that names an entry is proposed.

Russian writes the Arabic article as a word of its own (эль in Ras al-Hilal), and MT may
translate it: эль is the English "ale", so the name comes out as "Ras - an ale - Hilal".
The calqued renderings of the article are data (``calqued_articles`` in
``language/calques_<code>.yaml``); such a piece, or a plain article ("as - Sider"), stands
for the article. A chain may start with an article piece when a capitalised word follows,
but a chain with an article piece only names an entry whose canonical has an article too,
and its other pieces must name it by themselves: "the port - an ale house" is left alone
unless a lexicon names an "al-House". A translated article leads a chain only as one
capitalised word ("Hell - Dafniyah"), and an article with a single other piece needs that
piece to be no ordinary English word ("as - Sider", not "as - Feel"). The last piece may
carry a case ending of the entry's source languages ("Bani - Valida": Бани-Валида).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

import regex

from ...keys import ARTICLES, fold, key, split_words
from ...language import calque_table
from ...model import Method
from ..candidate import SCORE_KEY, Candidate, Role
from .base import Mechanism
from .endings import languages

if TYPE_CHECKING:
    from ..document import Document
    from ..index import AutomatonBuilder, Index

#: Most pieces of one chain.
MAX_CHAIN_WORDS = 5
#: Shortest last piece (less its ending) that a case ending is cut from.
MIN_ENDING_STEM = 4

#: The Arabic article as MT renders it in a spaced chain: romanised, or translated.
CALQUED_ARTICLES: tuple[str, ...] = tuple(
    sorted(
        {a.casefold() for a in calque_table("calqued_articles")} | set(ARTICLES),
        key=lambda a: (-len(a), a),
    )
)

_WORD = r"\p{L}[\p{L}\p{M}]*"
_ARTICLE = r"(?i:" + "|".join(regex.escape(a).replace(r"\ ", r"[ \t]+") for a in CALQUED_ARTICLES) + ")"
_PIECE = rf"(?:{_ARTICLE}(?![\p{{L}}\p{{M}}])|{_WORD})"
_DASH = r"[ \t]+[-\u2010\u2011\u2012\u2013][ \t]+"
_CHAIN = regex.compile(
    rf"(?<![\p{{L}}\p{{M}}\p{{N}}])(?:\p{{Lu}}[\p{{L}}\p{{M}}]*|{_ARTICLE})(?:{_DASH}{_PIECE})+(?![\p{{L}}\p{{M}}])"
)
_SPLIT = regex.compile(_DASH)
_WORD_START = regex.compile(r"(?<![\p{L}\p{M}\p{N}])\p{L}")
#: The dashes of a chain (a plain search for each is much faster than the regex).
_DASH_CHARS = "-\u2010\u2011\u2012\u2013"
#: How far before its first dash a chain may start: its first piece (one word, or an article).
_LEAD = 64

#: One piece of a chain: (start, end, is an article).
Piece = tuple[int, int, bool]


def _is_article(piece: str) -> bool:
    """Return True when a chain's piece is the article, romanised or calqued ("an ale")."""
    return " ".join(fold(piece).split()) in CALQUED_ARTICLES


class SpacedHyphens(Mechanism[None]):
    """Close spaced hyphens inside names; see the module docstring."""

    name = "spaced_hyphens"

    def compile(self, index: Index, automaton: AutomatonBuilder) -> None:
        return None  # looks chains up in the shared key table

    def propose(self, doc: Document, table: None, prior: Sequence[Candidate]) -> Iterator[Candidate]:
        text = doc.text
        for chain in chains(text):
            pieces: list[Piece] = []
            start = chain.start()
            for dash in _SPLIT.finditer(text, chain.start(), chain.end()):
                pieces.append((start, dash.start(), _is_article(text[start : dash.start()])))
                start = dash.end()
            pieces.append((start, chain.end(), _is_article(text[start : chain.end()])))
            yield from self._longest(doc, pieces[:MAX_CHAIN_WORDS])

    def _longest(self, doc: Document, pieces: list[Piece]) -> Iterator[Candidate]:
        """Yield candidates for the longest sub-chains (of 2+ pieces) that name an entry."""
        text = doc.text
        for size in range(len(pieces), 1, -1):
            found = False
            for i in range(len(pieces) - size + 1):
                part = pieces[i : i + size]
                names = [p for p in part if not p[2]]
                if part[-1][2] or not names or not text[names[0][0]].isupper():
                    continue  # the article is never last, and a name word leads
                if not part[0][2] and not text[part[0][0]].isupper():
                    continue
                if part[0][2] and not _may_lead(text[part[0][0] : part[0][1]]):
                    continue
                article = len(names) < len(part)
                if article and len(names) == 1 and doc.is_ordinary(text[names[0][0] : names[0][1]]):
                    continue  # "as - Feel": an English word after a dash, not "El Feel"
                joined = "-".join("al" if a else text[s:e] for s, e, a in part)
                why = f"spaced hyphens closed: {' - '.join(text[s:e] for s, e, _ in part)!r}"
                span = (part[0][0], part[-1][1])
                for entry, role in self._owners(doc, joined, text[names[-1][0] : names[-1][1]]):
                    if article and not _has_article(doc.index.entries[entry].canonical):
                        continue
                    found = True
                    yield self.candidate(doc, span, entry, role, Method.KEY, SCORE_KEY, why)
            if found:
                return

    def _owners(self, doc: Document, joined: str, last: str) -> Iterator[tuple[int, Role]]:
        """Yield the (entry, role) pairs ``joined`` names, as written or less a case ending."""
        index = doc.index
        exact = index.key_table.get(key(joined), ())
        if exact:
            yield from exact
            return
        word = fold(last)
        head = joined[: len(joined) - len(last)]
        for cut in range(1, 4):
            ending, stem = word[-cut:], word[:-cut]
            if len(stem) < MIN_ENDING_STEM:
                break
            # the stem may have lost a final -a before the ending (Misrata -> Misraty)
            for form in (stem, stem + "a"):
                for entry, role in index.key_table.get(key(head + form), ()):
                    if any(ending in index.endings.get(lang, ()) for lang in languages(index, entry)):
                        yield entry, role


def dashes(text: str) -> list[int]:
    """Return where a space or tab stands before a dash in ``text`` (where a chain may be), in order."""
    out = []
    for dash in _DASH_CHARS:  # one character at a time: the fastest search str has
        at = text.find(dash)
        while at >= 0:
            if at and text[at - 1] in " \t":
                out.append(at - 1)
            at = text.find(dash, at + 1)
    out.sort()
    return out


def chains(text: str) -> Iterator[regex.Match[str]]:
    """Yield the chains of ``text`` in order, as ``_CHAIN.finditer`` would.

    The chain pattern is tried only at the word starts just before a spaced dash, not at
    every position of the text (a text has a few dashes and a million positions): a chain
    starts at most its first piece, :data:`_LEAD` characters, before its first dash.
    """
    done = 0
    for at in dashes(text):
        if at < done:
            continue  # inside the chain just yielded
        for word in _WORD_START.finditer(text, max(done, at - _LEAD), at):
            chain = _CHAIN.match(text, word.start())
            if chain:
                done = chain.end()
                yield chain
                break
        else:
            done = at + 1  # no chain holds this dash


def _may_lead(piece: str) -> bool:
    """Return True when an article piece may lead a chain: romanised ("as"), or one capital word ("Hell")."""
    return fold(piece) in ARTICLES or (piece[0].isupper() and " " not in piece.strip())


def _has_article(canonical: str) -> bool:
    """Return True when a name has an article word inside ("Ras al-Hilal", "Es Sider")."""
    return any(fold(w) in ARTICLES for w in split_words(canonical)[:-1])
