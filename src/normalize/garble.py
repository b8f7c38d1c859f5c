"""A garble generator: make the mistakes machine translation makes, on purpose.

Used by the tests (does every mechanism map garbles back?) and by the benchmark (inject
garbles into a corpus). Each generator is a function ``(entry, rng) -> Garble | None``,
filed in :data:`MECHANISMS` under the name of the engine mechanism that undoes it;
``None`` means the mechanism does not apply to that entry (no calque for its words, a
name too short to edit, ...). Everything is deterministic for a given ``random.Random``.

Those generators share the engine's assumptions. The MT name channel
(:mod:`normalize.garble_channel`, re-exported here: :data:`CHANNELS`, :func:`channel_garbles`)
does not: it writes a name in Russian, declines it, romanises it by real schemes and garbles it
as MT does, with data of its own; its libraries are in the ``test`` and ``bench`` extras.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import regex

from .garble_channel import CHANNELS, ChannelGarble, ChannelUnavailable, channel_garble, channel_garbles
from .keys import split_words
from .model import Entry, EntryType
from .variants import BUILTIN_CALQUES, ENDINGS
from .wordfreqs import zipf

__all__ = [
    "CHANNELS",
    "MECHANISMS",
    "ChannelGarble",
    "ChannelUnavailable",
    "Garble",
    "channel_garble",
    "channel_garbles",
    "garbles",
]


@dataclass(frozen=True, slots=True)
class Garble:
    """A garbled mention and what it should be fixed to."""

    text: str
    expected: str
    mechanism: str
    entry: str


def _surname_mention(entry: Entry) -> tuple[str, str]:
    """Return (the word a garble is made on, what a fix renders) for an entry."""
    if entry.type is EntryType.PERSON and entry.short and entry.short != entry.canonical:
        return entry.short, entry.short
    return entry.canonical, entry.canonical


def case_ending(entry: Entry, rng: random.Random) -> Garble | None:
    """Leave a source-language case ending on the (last) name word: Haftar -> Haftarom."""
    base, expected = _surname_mention(entry)
    words = base.split(" ")
    last = words[-1]
    if len(last) < 4 or not last.isalpha() or last.isupper():
        return None  # acronyms take no case endings
    langs = [lang for lang in (entry.source_languages or ("ru",)) if ENDINGS.get(lang)]
    if not langs:
        return None
    endings = ENDINGS[rng.choice(sorted(langs))]
    choices: list[str]
    if last[-1].lower() in "aeiouy":
        if last[-1].lower() != "a" or len(last) < 5:
            return None
        stem, choices = last[:-1], [e for e in ("y", "e", "u", "oy") if e in endings]
    else:
        stem, choices = last, [e for e in ("a", "u", "om", "e", "ym", "em") if e in endings]
    if not choices:
        return None
    words[-1] = stem + rng.choice(choices)
    return Garble(" ".join(words), expected, "endings", entry.id)


def calque(entry: Entry, rng: random.Random) -> Garble | None:
    """Translate a name part literally: Khalifa Haftar -> Caliph Haftar."""
    table = dict(BUILTIN_CALQUES)
    table.update(dict(entry.calques))
    words = entry.canonical.split(" ")
    spots = [i for i, w in enumerate(words) if table.get(w)]
    if not spots:
        return None
    i = rng.choice(spots)
    words[i] = rng.choice(sorted(table[words[i]]))
    if entry.type in (EntryType.ORG, EntryType.TERM):
        # organisations come out word by word: "Teams of defense Benghazi"
        content = [w for w in words if w.lower() not in {"of", "the"}]
        words = [*content[1:], "of", content[0]] if len(content) > 1 else content
    return Garble(" ".join(words), entry.canonical, "calques", entry.id)


def article(entry: Entry, rng: random.Random) -> Garble | None:
    """Put a spurious article inside a person's name: Khalifa the Haftar."""
    if entry.type is not EntryType.PERSON or not entry.given:
        return None
    given = " ".join(entry.given)
    if not entry.canonical.startswith(given + " "):
        return None
    rest = entry.canonical[len(given) + 1 :]
    prefix = rng.choice(("", "the "))
    return Garble(f"{prefix}{given} the {rest}", entry.canonical, "articles", entry.id)


def casing(entry: Entry, rng: random.Random) -> Garble | None:
    """Scramble the casing of a multi-word name: Ras Lanuf -> RAS lanuf, oil Crescent."""
    words = entry.canonical.split(" ")
    if len(words) < 2:
        return None
    out = list(words)
    i = rng.randrange(1, len(words))
    out[i] = words[i].lower() if words[i][:1].isupper() else words[i].capitalize()
    if rng.random() < 0.5 and len(words[0]) > 2 and words[0][:1].isupper():
        out[0] = rng.choice((words[0].upper(), words[0].lower()))
    text = " ".join(out)
    if text == entry.canonical or text.lower() == text or text.isupper():
        return None
    return Garble(text, entry.canonical, "casing", entry.id)


#: Transliteration swaps, either way round.
_SWAPS: Sequence[tuple[str, str]] = (
    ("kh", "h"),
    ("dzh", "j"),
    ("j", "dj"),
    ("ou", "u"),
    ("ee", "i"),
    ("ei", "ey"),
    ("q", "k"),
    ("w", "v"),
    ("ph", "f"),
    ("ai", "ay"),
    ("al-", "el-"),
    ("ss", "s"),
    ("rr", "r"),
    ("ll", "l"),
    ("dd", "d"),
    ("s", "ss"),
    ("r", "rr"),
    ("y", "i"),
)


def translit(entry: Entry, rng: random.Random) -> Garble | None:
    """Apply a transliteration swap to one word: Barrani -> Barani, Jufra -> Dzhufra."""
    base, expected = _surname_mention(entry)
    low = base.lower()
    # only words that are transliterated (not English words such as "Council" or "of")
    spans = [(m.start(), m.end()) for m in regex.finditer(r"[\p{L}'-]+", base) if zipf(m.group(), "en") < 2.5]
    options = []
    for a, b in _SWAPS:
        for x, y in ((a, b), (b, a)):
            for ws, we in spans:
                i = low.find(x, ws + 1, we)
                if i > 0:
                    options.append((i, x, y))
    if not options:
        return None
    i, x, y = rng.choice(sorted(options))
    if base[i].isupper():
        y = y.capitalize()
    text = base[:i] + y + base[i + len(x) :]
    if text.lower() == low or regex.search(r"(\p{L})\1\1", text.lower()):
        return None  # no "Zeeedan": a swap never makes three letters in a row
    return Garble(text, expected, "keys", entry.id)


def edit(entry: Entry, rng: random.Random) -> Garble | None:
    """Make one character edit inside the longest word (of 6+ letters)."""
    base, expected = _surname_mention(entry)
    words = base.split(" ")
    j = max(range(len(words)), key=lambda k: len(words[k]))
    w = words[j]
    if len(w) < 7 or not w.isalpha():
        return None
    i = rng.randrange(2, len(w) - 1)
    kind = rng.choice(("sub", "del", "ins", "swap"))
    letter = rng.choice("aeioulnrst")
    if kind == "sub":
        w = w[:i] + letter + w[i + 1 :]
    elif kind == "del":
        w = w[:i] + w[i + 1 :]
    elif kind == "ins":
        w = w[:i] + letter + w[i:]
    else:
        w = w[: i - 1] + w[i] + w[i - 1] + w[i + 1 :]
    words[j] = w
    text = " ".join(words)
    if text.lower() == base.lower():
        return None
    return Garble(text, expected, "fuzzy", entry.id)


MECHANISMS: dict[str, Callable[[Entry, random.Random], Garble | None]] = {
    "articles": article,
    "calques": calque,
    "endings": case_ending,
    "casing": casing,
    "fuzzy": edit,
    "keys": translit,
}


def garbles(
    entries: Sequence[Entry], *, seed: int = 0, mechanisms: Sequence[str] = tuple(MECHANISMS)
) -> Iterator[Garble]:
    """Yield one garble per entry and mechanism where the mechanism applies."""
    rng = random.Random(seed)
    for entry in entries:
        for name in mechanisms:
            g = MECHANISMS[name](entry, rng)
            if g is not None and split_words(g.text):
                yield g
