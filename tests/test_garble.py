# ruff: noqa: RUF001, RUF002
"""Generalisation measured: garbles of every default-lexicon name map back to their entry."""

from __future__ import annotations

import random
import subprocess
import sys
from collections import Counter
from dataclasses import replace

import pytest
import regex
import wordfreq
from hypothesis import given, settings
from hypothesis import strategies as st

from normalize import Normalizer
from normalize import garble_channel as ch
from normalize.garble import CHANNELS, MECHANISMS, channel_garbles, garbles
from normalize.keys import surface_form
from normalize.model import Entry, EntryType

CARRIER = "In Libya, officials said that {} was mentioned on Tuesday."


def test_garbles_map_back(default: Normalizer) -> None:
    """At least 95% of generated garbles are fixed to the right name and nothing else changes."""
    entries = default.index.entries
    # variants are matched case-insensitively, so a garble equal to one in letters is
    # a test of the listing, not of the mechanisms; a re-cased canonical is a casing test
    variants = {surface_form(v.text) for e in entries for v in e.variants}
    exact = {s for e in entries for s in (e.canonical, e.short, *e.accepted)}
    ok: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for g in garbles(entries, seed=1):
        if surface_form(g.text) in variants or g.text in exact:
            continue
        total[g.mechanism] += 1
        fixed = default.fix(CARRIER.format(g.text))
        if fixed.text == CARRIER.format(g.expected) and {m.entry for m in fixed.matches} == {g.entry}:
            ok[g.mechanism] += 1
    print()
    for name in sorted(total):
        print(f"  {name:12} {ok[name]:4}/{total[name]:<4} {ok[name] / total[name]:.1%}")
    rate = sum(ok.values()) / sum(total.values())
    print(f"  {'all':12} {sum(ok.values()):4}/{sum(total.values()):<4} {rate:.1%}")
    assert set(total) == set(MECHANISMS)
    assert rate >= 0.95


def test_generator_is_deterministic(default: Normalizer) -> None:
    """The same seed gives the same garbles."""
    entries = default.index.entries[:20]
    assert list(garbles(entries, seed=3)) == list(garbles(entries, seed=3))


# -- the MT name channel (normalize.garble_channel) ----------------------------------------------
# (the examples below are Russian: Cyrillic letters on purpose)

RUSSIAN = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ"


@pytest.mark.parametrize(
    ("name", "kind", "russian"),
    [
        ("Khalifa Haftar", EntryType.PERSON, "Халифа Хафтар"),
        ("Mahmoud Jibril", EntryType.PERSON, "Махмуд Джибриль"),
        ("Bashar al-Assad", EntryType.PERSON, "Башар аль-Ассад"),
        ("Yevgeny Prigozhin", EntryType.PERSON, "Евгений Пригожин"),
        ("Maria Zakharova", EntryType.PERSON, "Мария Захарова"),
        ("Sergei Shoigu", EntryType.PERSON, "Сергей Шойгу"),
        ("Ras Lanuf", EntryType.PLACE, "Рас-Лануф"),
        ("Sidi Barrani", EntryType.PLACE, "Сиди-Баррани"),
        ("Al Jufra", EntryType.PLACE, "Аль-Джуфра"),
        ("Es Sider", EntryType.PLACE, "Эс-Сидер"),
        ("Bab al-Aziziya", EntryType.PLACE, "Баб-аль-Азизия"),
        ("Benghazi", EntryType.PLACE, "Бенгази"),
        ("Ghadames", EntryType.PLACE, "Гадамес"),
        ("Sabratha", EntryType.PLACE, "Сабрата"),
        ("Zawiya", EntryType.PLACE, "Завия"),
        ("Tarhouna", EntryType.PLACE, "Тархуна"),
        ("Murzuq", EntryType.PLACE, "Мурзук"),
    ],
)
def test_transcription_writes_names_as_russian_does(name: str, kind: EntryType, russian: str) -> None:
    """The channel's usual transcription gives the Russian press spelling (hand-checked examples)."""
    assert ch.join(ch.to_russian(name, kind)) == russian


@pytest.mark.parametrize(
    ("russian", "kind", "case", "declined"),
    [
        ("Халифа Хафтар", EntryType.PERSON, "gent", "Халифы Хафтара"),
        ("Халифа Хафтар", EntryType.PERSON, "ablt", "Халифой Хафтаром"),
        ("Дмитрий Медведев", EntryType.PERSON, "ablt", "Дмитрием Медведевым"),
        ("Мария Захарова", EntryType.PERSON, "gent", "Марии Захаровой"),
        ("Мисрата", EntryType.PLACE, "ablt", "Мисратой"),
        ("Рас-Лануф", EntryType.PLACE, "loct", "Рас-Лануфе"),
        ("Брега", EntryType.PLACE, "gent", "Бреги"),
        ("Завия", EntryType.PLACE, "loct", "Завии"),
        ("Эль-Филь", EntryType.PLACE, "gent", "Эль-Филя"),
        ("Махмуд Джибриль", EntryType.PERSON, "datv", "Махмуду Джибрилю"),
        ("Мария Уильямс", EntryType.PERSON, "gent", "Марии Уильямс"),
    ],
)
def test_declension_inflects_as_russian_does(russian: str, kind: EntryType, case: str, declined: str) -> None:
    """Names decline by pymorphy3, or like a model word of their ending (hand-checked examples)."""
    parts = [
        ch.Part(w, sep, w.lower() in ("аль", "эль")) for w, sep in regex.findall(r"(\w+)([ -]?)", russian)
    ]
    out = ch.decline(parts, case, kind)
    assert out is not None
    assert ch.join(out) == declined


@pytest.mark.parametrize(
    ("russian", "kind"),
    [
        ("Триполи", EntryType.PLACE),
        ("Сирте", EntryType.PLACE),
        ("Стефани Уильямс", EntryType.PERSON),
    ],
)
def test_indeclinable_names_stay(russian: str, kind: EntryType) -> None:
    """Names in -и/-е and a woman's surname in a consonant do not decline: the step does not apply."""
    parts = [ch.Part(w, " ") for w in russian.split(" ")]
    assert ch.decline(parts, "gent", kind) is None


@pytest.mark.parametrize(
    ("russian", "scheme", "latin"),
    [
        ("Хафтаром", "WIKIPEDIA", "Khaftarom"),
        ("Хафтаром", "GOST_779", "Haftarom"),
        ("Хафтаром", "GOST_779_ALT", "Xaftarom"),
        ("Джибриль", "BGN_PCGN", "Dzhibril"),
        ("Мисратой", "ICAO_DOC_9303", "Misratoi"),
        ("Щёлково", "SCIENTIFIC", "Scelkovo"),
    ],
)
def test_romanisation_by_iuliia_schemes(russian: str, scheme: str, latin: str) -> None:
    """Each scheme romanises as iuliia says, without the signs' marks or diacritics."""
    assert ch.romanise(russian, scheme) == latin


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=RUSSIAN + " -", max_size=30), st.sampled_from(ch.schemes()))
def test_romanisation_is_ascii(text: str, scheme: str) -> None:
    """Whatever the Russian and the scheme, the romanised form is ASCII."""
    assert ch.romanise(text, scheme).isascii()


@settings(max_examples=150, deadline=None)
@given(st.from_regex(r"[a-z]{1,12}", fullmatch=True), st.randoms(use_true_random=False))
def test_transcription_writes_only_cyrillic(word: str, rng: random.Random) -> None:
    """Every Latin letter has a transcription: the Russian form has no Latin letter left."""
    out = ch.transcribe_word(word, rng)
    assert out and not regex.search(r"\p{Latin}", out)


@settings(max_examples=150, deadline=None)
@given(
    st.from_regex(r"[a-z]{0,5}[wqxj][a-z]{0,5}", fullmatch=True),
    st.sampled_from([EntryType.PERSON, EntryType.PLACE]),
    st.integers(0, 10**6),
)
def test_translit_changes_letters_russian_lacks(word: str, kind: EntryType, seed: int) -> None:
    """A name with w, q, x or j (letters no Russian spelling gives back) never comes back as itself."""
    name = word.capitalize()
    out = ch.put_through(name, kind, (), random.Random(seed))
    assert out is not None
    assert out.text.casefold() != name.casefold()
    assert out.text.isascii()


def _channel_entries(n: Normalizer) -> list[Entry]:
    return [e for e in n.index.entries if e.type in (EntryType.PERSON, EntryType.PLACE)]


@pytest.fixture(scope="module")
def channel_sample(default: Normalizer) -> list[ch.ChannelGarble]:
    """Return the channel's garbles of the default lexicon's people and places (seed 0)."""
    return list(channel_garbles(_channel_entries(default), seed=0))


def test_channel_is_deterministic_and_per_entry(
    default: Normalizer, channel_sample: list[ch.ChannelGarble]
) -> None:
    """The same seed gives the same garbles, and an entry's garble does not depend on the others."""
    entries = _channel_entries(default)
    assert list(channel_garbles(entries, seed=0)) == channel_sample
    alone = list(channel_garbles(entries[5:6], seed=0))
    assert alone == [g for g in channel_sample if g.entry == entries[5].id]
    first = {e.id for e in entries[:10]}
    assert list(channel_garbles(entries[:10], seed=1)) != [g for g in channel_sample if g.entry in first]


def test_each_step_does_what_it_says(channel_sample: list[ch.ChannelGarble]) -> None:
    """Declined garbles carry a case, spaced ones spaced hyphens, articles a calque, snapped ones a word."""
    by: dict[str, list[ch.ChannelGarble]] = {}
    for g in channel_sample:
        by.setdefault(g.channel, []).append(g)
    assert set(by) == set(CHANNELS)
    calques = {c for options in ch.data()["article_calques"].values() for c in options}
    english = set(wordfreq.iter_wordlist("en"))
    for g in channel_sample:
        steps = CHANNELS[g.channel]
        assert g.text.isascii() and g.text.casefold() != g.expected.casefold()
        assert g.scheme in ch.schemes()
        assert (g.case != "nomn") == ("declined" in steps)
        if "spaced" in steps:
            assert " - " in g.text and not regex.search(r"\w-\w", g.text)
        if "articles" in steps:
            assert any(f"{c} - " in g.text for c in calques)
        if "snapped" in steps:
            assert any(w.lower() in english for w in regex.findall(r"[A-Za-z]+", g.text))
        # only the declined step inflects the Russian
        assert (g.russian != g.nominative) == ("declined" in steps)


def test_channel_needs_no_extra_to_import() -> None:
    """normalize.garble imports without pymorphy3 and iuliia; the channel without them names the extra."""
    code = (
        "import sys; sys.modules['pymorphy3'] = None; sys.modules['iuliia'] = None\n"
        "import normalize.garble as g\n"
        "from normalize.garble_channel import romanise\n"
        "try:\n    romanise('Хафтар', 'WIKIPEDIA')\n"
        "except g.ChannelUnavailable as e:\n    print(e)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "normalize-mt[test]" in out.stdout


#: Share of each channel's garbles of the default lexicon's people and places that the engine
#: fixes whole with the canonical-only lexicon, as measured (seed 0) less a margin of 0.05: a
#: regression guard. Raise a floor when the engine gets better.
RECALL_FLOORS = {
    "translit": 0.83,
    "declined": 0.72,
    "snapped": 0.71,
    "spaced": 0.66,
    "articles": 0.43,
    "declined+snapped": 0.36,
    "declined+spaced": 0.69,
    "declined+articles": 0.34,
}
#: Share of garbles fixed to a wrong entry, at most.
WRONG_CEILING = 0.03


def test_engine_recall_per_channel(default: Normalizer, channel_sample: list[ch.ChannelGarble]) -> None:
    """With canonical names only, the engine fixes at least today's share of each channel's garbles."""
    lex = default.lexicon
    canonical_only = Normalizer(
        [replace(lex, entries=tuple(replace(e, variants=()) for e in lex.entries))], default_lexicon=False
    )
    outcomes: dict[str, Counter[str]] = {}
    for g in channel_sample:
        outcomes.setdefault(g.channel, Counter())[ch.judge(canonical_only, g, CARRIER)] += 1
    print()
    for name, c in outcomes.items():
        n = sum(c.values())
        counts = " ".join(f"{k} {c[k]:3}" for k in ch.OUTCOMES)
        print(f"  {name:26} n={n:4} recall {c['fixed'] / n:.2f}  {counts}")
    for name, floor in RECALL_FLOORS.items():
        c = outcomes[name]
        assert c["fixed"] / sum(c.values()) >= floor, name
    for name, c in outcomes.items():
        assert c["wrong"] / sum(c.values()) <= WRONG_CEILING, name


def test_judge_tells_outcomes_apart(default: Normalizer) -> None:
    """A garble fixed whole, one taken for another entry, one fixed in part, one left alone."""

    def garble(text: str, expected: str, entry: str) -> ch.ChannelGarble:
        return ch.ChannelGarble(text, expected, "translit", entry, "", "", "WIKIPEDIA")

    assert ch.judge(default, garble("Ras-Lanuf", "Ras Lanuf", "ras-lanuf"), CARRIER) == "fixed"
    assert ch.judge(default, garble("Misratoy", "Ras Lanuf", "ras-lanuf"), CARRIER) == "wrong"
    # only the surname is fixed: "Lvom" keeps too little of "Lev" to be heard as it
    dengov = garble("Lvom Dengovym", "Lev Dengov", "lev-dengov")
    assert ch.judge(default, dengov, CARRIER) == "partial"
    assert ch.judge(default, garble("Qwxzv", "Ras Lanuf", "ras-lanuf"), CARRIER) == "missed"


def test_unknown_channel_is_refused(default: Normalizer) -> None:
    """A channel name that is not in CHANNELS is an error, not an empty sample."""
    with pytest.raises(ValueError, match="unknown channel"):
        list(channel_garbles(default.index.entries[:3], channels=["transliterated"]))
