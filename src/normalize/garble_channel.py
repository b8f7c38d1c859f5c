# ruff: noqa: RUF001, RUF002, RUF003
# (Cyrillic letters are this module's subject, not look-alikes of Latin ones)
"""A model of the MT name channel, for testing: garbles made the way machine translation makes them.

The generators in :mod:`normalize.garble` undo, one by one, what each engine mechanism undoes,
so they share the engine's assumptions. This channel does not: it takes a Latin name through
the steps a Russian-language source and an MT system put it through, with data of its own
(``garble_data/ru_channel.yaml``) and real libraries, and never reads the engine's tables:

1. ``translit``: the name as a Russian text writes it (a practical transcription of English and
   Arabic names: Khalifa Haftar -> Халифа Хафтар, Ras Lanuf -> Рас-Лануф, al-Sisi -> ас-Сиси),
   romanised back by one of several ``iuliia`` schemes (GOST 7.79, BGN/PCGN, Wikipedia, ICAO,
   MVD, scientific...): Khalifa Khaftar, Ras-Lanuf, as-Sisi.
2. ``declined``: the Russian name in the case the sentence put it in, inflected by ``pymorphy3``
   (genitive Хафтара, instrumental Мисратой), then romanised: Khaftara, Misratoy.
3. ``snapped``: a romanised word near an English word replaced by it (Haftara -> Haftarah), as an
   MT system does that writes the nearest word it knows.
4. ``spaced``: the hyphens of a compound spaced out: Bani - Valid.
5. ``articles``: an Arabic article read as English words, with its hyphens spaced: Ras - an ale
   - Khilal (Рас-эль-Хилаль: эль is "ale"), as - Sisi.

A channel is a named set of these steps (``CHANNELS``: each step alone on top of ``translit``,
and some combinations), so recall can be reported per channel. Every choice is made by a
``random.Random`` seeded from the seed, the channel and the entry, so a garble does not depend
on which other entries or channels were generated.

``pymorphy3`` (with ``pymorphy3-dicts-ru``) and ``iuliia`` are test and benchmark dependencies
(the ``test`` and ``bench`` extras), not run-time ones: this module imports without them and
loads them on first use, raising :class:`ChannelUnavailable` naming the extra when missing.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from typing import Any, NamedTuple

import regex
import yaml

from .model import Entry, EntryType

#: The optional steps, in the order the channel applies them (``translit`` is always done).
STEPS: tuple[str, ...] = ("declined", "articles", "spaced", "snapped")

#: Channel name -> the optional steps it applies on top of ``translit``.
CHANNELS: dict[str, tuple[str, ...]] = {
    "translit": (),
    "declined": ("declined",),
    "snapped": ("snapped",),
    "spaced": ("spaced",),
    "articles": ("articles",),
    "declined+snapped": ("declined", "snapped"),
    "declined+spaced": ("declined", "spaced"),
    "declined+articles": ("declined", "articles"),
}

_VOWELS = frozenset("aeiouy")


class ChannelUnavailable(RuntimeError):
    """The channel's libraries (pymorphy3, iuliia) are not installed."""


@dataclass(frozen=True, slots=True)
class ChannelGarble:
    """A name put through the MT channel, and what a fix should give back."""

    text: str
    expected: str
    channel: str
    entry: str
    russian: str
    nominative: str
    scheme: str
    case: str = "nomn"


@dataclass(frozen=True, slots=True)
class Part:
    """One word of a name on its way through the channel, and the separator after it."""

    text: str
    sep: str = ""
    article: bool = False


# -- data ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Rule:
    latin: str
    options: tuple[str, ...]
    start: bool
    end: bool
    before: str  # "" any, "V" after a vowel, "C" after a consonant


@cache
def data() -> Mapping[str, Any]:
    """Return the channel's data file, parsed."""
    text = resources.files("normalize").joinpath("garble_data/ru_channel.yaml").read_text("utf-8")
    loaded: Mapping[str, Any] = yaml.safe_load(text)
    return loaded


@cache
def _rules() -> tuple[_Rule, ...]:
    """Return the transcription rules, longest Latin sequence first, context-bound before free."""
    out = []
    for key, options in data()["transcription"].items():
        m = regex.fullmatch(r"(\^)?(?:\((V|C)\))?([a-z]+)(\$)?", key)
        if m is None:
            raise ValueError(f"bad transcription rule {key!r}")
        out.append(_Rule(m[3], tuple(options), bool(m[1]), bool(m[4]), m[2] or ""))
    return tuple(sorted(out, key=lambda r: (-len(r.latin), -(r.start + r.end + bool(r.before)))))


def _require(module: str, extra: str = "test") -> Any:
    """Import ``module`` or say which extra installs it."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise ChannelUnavailable(
            f"the MT garble channel needs {module!r}: pip install 'normalize-mt[{extra}]'"
        ) from exc


@cache
def _morph() -> Any:
    """Return a pymorphy3 analyser for Russian (loaded once)."""
    pymorphy3 = _require("pymorphy3")
    try:
        return pymorphy3.MorphAnalyzer(lang="ru")
    except (ValueError, ImportError, OSError) as exc:  # the dictionaries are a package of their own
        raise ChannelUnavailable(
            "the MT garble channel needs pymorphy3's Russian dictionaries: pip install 'normalize-mt[test]'"
        ) from exc


@cache
def _scheme(name: str) -> Any:
    """Return the iuliia schema called ``name`` (an attribute of the package, e.g. WIKIPEDIA)."""
    iuliia = _require("iuliia")
    return getattr(iuliia, name)


def schemes() -> tuple[str, ...]:
    """Return the names of the iuliia schemes the channel romanises with."""
    return tuple(data()["schemes"])


# -- Latin -> Russian ---------------------------------------------------------------------------


def fold(text: str) -> str:
    """Strip diacritics: São Paulo -> Sao Paulo (the transcription works on plain Latin letters)."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _pick(options: Sequence[str], rng: random.Random | None) -> str:
    """Return the usual option; with ``rng``, the usual one 70% of the time and another one else."""
    if rng is None or len(options) == 1 or rng.random() < 0.7:
        return options[0]
    return rng.choice(list(options[1:]))


def transcribe_word(word: str, rng: random.Random | None = None) -> str:
    """Write one Latin word in Russian letters (lowercase): haftar -> хафтар, benghazi -> бенгази.

    Without ``rng`` every rule gives its usual rendering; with one, other renderings are
    picked at random (th -> т or с, w -> в or у).
    """
    low = fold(word).lower()
    out: list[str] = []
    i = 0
    while i < len(low):
        for rule in _rules():
            n = len(rule.latin)
            if not low.startswith(rule.latin, i):
                continue
            if rule.start and i != 0:
                continue
            if rule.end and i + n != len(low):
                continue
            if rule.before:
                if i == 0 or not low[i - 1].isalpha():
                    continue
                if (low[i - 1] in _VOWELS) != (rule.before == "V"):
                    continue
            out.append(_pick(rule.options, rng))
            i += n
            break
        else:
            if low[i].isalpha():
                raise ValueError(f"no transcription for {low[i]!r} in {word!r}")
            out.append(low[i])  # an apostrophe or the like passes through
            i += 1
    return "".join(out)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _article_ru(latin: str, following: str, rng: random.Random | None) -> str:
    """Return how Russian writes the Arabic article ``latin`` before the word ``following``."""
    art = data()["article"]
    if latin in art["plain"]:
        nxt = fold(following).lower()
        if rng is not None and rng.random() < float(art["assimilate"]):
            for letters, form in sorted(art["sun"].items(), key=lambda kv: -len(kv[0])):
                if nxt.startswith(letters):
                    return str(form)
        return _pick(art["plain"][latin], rng)
    return transcribe_word(latin)


def translated(name: str) -> bool:
    """Return True when ``name`` holds a word MT would translate, not transcribe (Oil Crescent)."""
    words = set(data()["translated_words"])
    return any(w.lower() in words for w in regex.split(r"[\s-]+", name))


_NAME = regex.compile(r"[\p{Latin}'’]+(?:[ -][\p{Latin}'’]+)*")


def to_russian(name: str, kind: EntryType | None, rng: random.Random | None = None) -> list[Part]:
    """Return ``name`` as Russian writes it, word by word.

    A place's words are joined by hyphens (Рас-Лануф, Баб-эль-Азизия), a person's by spaces
    with the article hyphened to the next word (Абдель Фаттах аль-Сиси). Raises ValueError for
    a name that is not Latin words separated by spaces or hyphens.
    """
    if not _NAME.fullmatch(fold(name)):
        raise ValueError(f"not a Latin name: {name!r}")
    latin_articles = set(data()["article"]["latin"])
    words: list[tuple[str, bool, str]] = []  # (Latin word, is article, separator in the source)
    tokens = name.split(" ")
    for k, token in enumerate(tokens):
        pieces = token.split("-")
        for j, piece in enumerate(pieces):
            is_last = k == len(tokens) - 1 and j == len(pieces) - 1
            sep = "-" if j < len(pieces) - 1 else " "
            article = not is_last and piece.lower() in latin_articles and (sep == "-" or piece[:1].isupper())
            words.append((piece, article, sep))
    place = kind is not EntryType.PERSON
    parts: list[Part] = []
    for n, (word, article, sep) in enumerate(words):
        if n == len(words) - 1:
            sep = ""
        elif article or place:
            sep = "-"
        if article:
            ru = _article_ru(word.lower(), words[n + 1][0], rng)
            text = _cap(ru) if place and n == 0 else ru
        else:
            ru = transcribe_word(word, rng)
            # a particle written in lowercase stays so (Санта-Крус-де-ла-Сьерра)
            text = ru if word[:1].islower() and n > 0 else _cap(ru)
        parts.append(Part(text, sep, article))
    return parts


def join(parts: Sequence[Part]) -> str:
    """Return the parts as one string."""
    return "".join(p.text + p.sep for p in parts)


# -- declension ---------------------------------------------------------------------------------

_INDECLINABLE = regex.compile(r"[иоуеэюы]$")
_CONSONANT_END = regex.compile(r"[бвгджзклмнпрстфхцчшщ]$")


def _is_female(parts: Sequence[Part]) -> bool:
    """Return True when a person's first name is a woman's name (for pymorphy3, or in the data)."""
    first = next((p.text for p in parts if not p.article), "").lower()
    if first in data()["women"]:
        return True
    parses = _morph().parse(first)
    names = [p for p in parses if "Name" in p.tag and "nomn" in p.tag and "sing" in p.tag]
    return bool(names) and "femn" in names[0].tag


def _known_name(word: str, genders: tuple[str, ...]) -> Any | None:
    """Return pymorphy3's dictionary parse of ``word`` as a name (given, surname, place), nominative."""
    for p in _morph().parse(word):
        tag = p.tag
        if p.methods_stack[0][0].__class__.__name__ != "DictionaryAnalyzer":
            continue  # a guess from the word's ending, not a name pymorphy3 knows
        if not ({"Name", "Surn", "Geox"} & set(tag.grammemes)) or "Fixd" in tag:
            continue
        if "sing" in tag and "nomn" in tag and tag.gender in genders:
            return p
    return None


@cache
def _model(word: str) -> Any:
    """Return pymorphy3's nominative singular parse of a model word of the data file."""
    for p in _morph().parse(word):
        if "sing" in p.tag and "nomn" in p.tag and p.tag.POS in ("NOUN", "ADJF"):
            return p
    raise ValueError(f"model word {word!r} has no nominative singular parse")


def _by_model(word: str, case: str, klass: str) -> str | None:
    """Decline ``word`` as the data's model word for its ending declines: Брега as нога -> Бреги."""
    for ending, model in data()["declension"][klass].items():
        if ending and not word.endswith(ending):
            continue
        if not ending and not _CONSONANT_END.search(word):
            continue
        nom = _model(str(model))
        form = nom.inflect({case})
        if form is None:
            return None
        a, b = nom.word, form.word
        common = len(a)
        while common and not b.startswith(a[:common]):
            common -= 1
        removed, added = a[common:], b[common:]
        if removed and not word.endswith(removed):
            return None
        return str(word[: len(word) - len(removed)] + added)
    return None


def inflect_word(word: str, case: str, klass: str) -> str | None:
    """Return ``word`` (Russian, nominative) in ``case``, or None when it does not decline.

    ``klass`` is ``person`` (a man's name, or any word of a person's name ending in -а/-я:
    Халифа -> Халифы), ``woman`` (a woman's name) or ``place``. A name pymorphy3 knows is
    inflected as it says (Медведев -> Медведевым); another declines like the data's model word
    for its ending (Хафтар as брат -> Хафтаром, Мисрата as лампа -> Мисратой).
    """
    low = word.lower()
    if _INDECLINABLE.search(low) or len(low) < 2:
        return None
    if klass == "woman" and _CONSONANT_END.search(low):
        return None  # Стефани Уильямс: a woman's surname in a consonant stays as it is
    genders = ("masc", "femn") if low[-1] in "ая" else (("femn",) if klass == "woman" else ("masc",))
    known = _known_name(low, genders)
    if known is not None:
        inflected = known.inflect({case})
        out = None if inflected is None else str(inflected.word)
    else:
        out = _by_model(low, case, klass)
    if out is None:
        return None
    out = out.replace("ё", "е")  # Russian print leaves ё unmarked
    if out == low:
        return None
    return _cap(out) if word[:1].isupper() else out


def decline(parts: Sequence[Part], case: str, kind: EntryType | None) -> list[Part] | None:
    """Return the name in ``case``, or None when no word of it changes.

    A place declines its last word only (в Рас-Лануфе); a person every word but the article
    (Халифы Хафтара), a woman's surname only when it is adjectival (Захаровой).
    """
    out = list(parts)
    if kind is EntryType.PERSON:
        klass = "woman" if _is_female(parts) else "person"
        spots = [i for i, p in enumerate(parts) if not p.article]
    else:
        klass = "place"
        spots = [len(parts) - 1] if not parts[-1].article else []
    changed = False
    for i in spots:
        form = inflect_word(parts[i].text, case, klass)
        if form is not None:
            out[i] = replace(parts[i], text=form)
            changed = True
    return out if changed else None


# -- Russian -> Latin ---------------------------------------------------------------------------

#: Marks some schemes write for the soft and hard signs (ь, ъ): dropped, as MT output drops them.
_SIGNS = regex.compile(r"['’ʹʺ”`\"ʼ]")


def romanise(text: str, scheme: str) -> str:
    """Romanise Russian ``text`` by the iuliia ``scheme``, as plain ASCII letters.

    The soft and hard signs' marks are dropped and diacritics stripped (Ŝ -> S), as English MT
    output carries neither; the result is ASCII.
    """
    # ё as Russian print writes it (some schemes leave ё itself in their output)
    latin: str = _scheme(scheme).translate(text.replace("ё", "е").replace("Ё", "Е"))
    latin = _SIGNS.sub("", fold(latin))
    return latin.encode("ascii", "ignore").decode("ascii")


# -- the English-side steps ---------------------------------------------------------------------


@cache
def _english_words() -> dict[tuple[str, int], tuple[list[str], list[int]]]:
    """Return wordfreq's English words (letters only, 3+) by first letter and length, with their ranks."""
    wordfreq = _require("wordfreq")
    buckets: dict[tuple[str, int], tuple[list[str], list[int]]] = {}
    for rank, w in enumerate(wordfreq.iter_wordlist("en")):
        if len(w) >= 3 and w.isascii() and w.isalpha():
            words, ranks = buckets.setdefault((w[0], len(w)), ([], []))
            words.append(w)
            ranks.append(rank)
    return buckets


def snap_word(word: str, avoid: frozenset[str] = frozenset()) -> tuple[str, float] | None:
    """Return the English word nearest to ``word`` and its score when near enough (Haftara -> haftarah).

    Near: rapidfuzz ratio at least the data's ``min_ratio``, the same first letter, a length
    within ``max_length_difference``; the commonest word wins a tie. Words in ``avoid``
    (lowercase: the name's own words) and the word itself are never returned.
    """
    from rapidfuzz import fuzz, process

    cfg = data()["snap"]
    low = word.lower()
    if len(low) < int(cfg["min_length"]) or not low.isalpha() or not low.isascii():
        return None
    buckets = _english_words()
    d = int(cfg["max_length_difference"])
    best: tuple[float, int, str] | None = None
    for length in range(len(low) - d, len(low) + d + 1):
        words, ranks = buckets.get((low[0], length), ([], []))
        for cand, score, i in process.extract(
            low, words, scorer=fuzz.ratio, score_cutoff=float(cfg["min_ratio"]), limit=None
        ):
            if cand == low or cand in avoid:
                continue
            if best is None or (score, -ranks[i]) > (best[0], -best[1]):
                best = (score, ranks[i], cand)
    return None if best is None else (best[2], best[0])


def _calque_article(ru: str, rng: random.Random) -> str | None:
    options = data()["article_calques"].get(ru.lower())
    return None if not options else str(rng.choice(list(options)))


# -- the channel --------------------------------------------------------------------------------


def _rng(seed: int, channel: str, entry_id: str) -> random.Random:
    return random.Random(f"{seed}:{channel}:{entry_id}")


class Passage(NamedTuple):
    """What became of a name in the channel."""

    text: str
    russian: str
    nominative: str
    scheme: str
    case: str


def put_through(
    name: str, kind: EntryType | None, steps: Sequence[str], rng: random.Random
) -> Passage | None:
    """Return what ``name`` becomes through ``steps`` (and the Russian on the way), or None.

    None when a step does not apply (nothing declines, no hyphen to space, no article, no word
    near an English one) or the name is not a Latin name.
    """
    unknown = set(steps) - set(STEPS)
    if unknown:
        raise ValueError(f"unknown channel steps: {sorted(unknown)}")
    try:
        parts = to_russian(name, kind, rng)
    except ValueError:
        return None
    case = "nomn"
    nominative = join(parts)
    if "declined" in steps:
        cases = data()["cases"]
        case = rng.choices(list(cases), weights=[float(w) for w in cases.values()])[0]
        declined = decline(parts, case, kind)
        if declined is None:
            return None
        parts = declined
    russian = join(parts)
    scheme = rng.choice(schemes())
    latin = [replace(p, text=romanise(p.text, scheme)) for p in parts]
    if "articles" in steps:
        spots = [i for i, p in enumerate(latin) if p.article]
        if not spots:
            return None
        for i in spots:
            calque = _calque_article(parts[i].text, rng)
            if calque is None:
                return None
            latin[i] = replace(latin[i], text=calque, sep=" - ")
            if i > 0 and latin[i - 1].sep == "-":
                latin[i - 1] = replace(latin[i - 1], sep=" - ")
    if "spaced" in steps:
        if not any(p.sep == "-" for p in latin):
            return None
        latin = [replace(p, sep=" - ") if p.sep == "-" else p for p in latin]
    if "snapped" in steps:
        # MT snaps the one word it finds nearest to a word it knows (the last one on a tie)
        avoid = frozenset(w.lower() for w in regex.findall(r"\p{L}+", fold(name)))
        best: tuple[float, int, str] | None = None
        for i, p in enumerate(latin):
            # a word that came out as the name writes it is one MT knows: it is kept
            near = None if p.article or p.text.lower() in avoid else snap_word(p.text, avoid)
            if near is not None and (best is None or near[1] >= best[0]):
                best = (near[1], i, near[0])
        if best is None:
            return None
        _, i, word = best
        latin[i] = replace(latin[i], text=_cap(word) if latin[i].text[:1].isupper() else word)
    return Passage(join(latin), russian, nominative, scheme, case)


def channel_garble(entry: Entry, channel: str, *, seed: int = 0) -> ChannelGarble | None:
    """Return ``entry``'s canonical name through ``channel``, or None when the channel does not apply.

    Only people and places (and entries without a type) are put through; a name with a word MT
    translates (Oil Crescent) is not, nor a garble that comes out as the canonical name (but
    for diacritics).
    """
    steps = CHANNELS[channel]
    if entry.type not in (EntryType.PERSON, EntryType.PLACE, None) or translated(entry.canonical):
        return None
    out = put_through(entry.canonical, entry.type, steps, _rng(seed, channel, entry.id))
    if out is None:
        return None
    if fold(out.text).casefold() == fold(entry.canonical).casefold():  # Bogota for Bogotá is no garble
        return None
    return ChannelGarble(out.text, entry.canonical, channel, entry.id, *out[1:])


def channel_garbles(
    entries: Sequence[Entry], *, seed: int = 0, channels: Sequence[str] = tuple(CHANNELS)
) -> Iterator[ChannelGarble]:
    """Yield one garble per entry and channel where the channel applies."""
    for channel in channels:
        if channel not in CHANNELS:
            raise ValueError(f"unknown channel {channel!r} (known: {', '.join(CHANNELS)})")
    for entry in entries:
        for channel in channels:
            g = channel_garble(entry, channel, seed=seed)
            if g is not None:
                yield g


# -- scoring ------------------------------------------------------------------------------------

#: What the engine made of a garble: fixed whole to its entry; a wrong entry claimed; its entry
#: found but the text not fixed whole (part of the span, or the wrong rendering); left alone.
OUTCOMES: tuple[str, ...] = ("fixed", "wrong", "partial", "missed")

#: A neutral sentence to carry a garble (no topic word: the name alone must do).
CARRIER = "Officials said on Tuesday that {} was mentioned in the report."


def judge(normalizer: Any, garble: ChannelGarble, carrier: str = CARRIER) -> str:
    """Return the outcome (one of :data:`OUTCOMES`) of ``normalizer.fix`` on ``garble`` in ``carrier``.

    ``normalizer`` is anything with the :class:`normalize.Normalizer` ``fix`` method; a homonym's
    edit counts for the entry when it names it among its claimants, or writes its canonical.
    """
    fixed = normalizer.fix(carrier.format(garble.text))
    if not fixed.matches:
        return "missed"

    def ours(m: Any) -> bool:
        return garble.entry in (m.entries or (m.entry,)) or m.canonical == garble.expected

    if not all(ours(m) for m in fixed.matches):
        return "wrong"
    return "fixed" if fixed.text == carrier.format(garble.expected) else "partial"
