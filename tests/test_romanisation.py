"""Romanisation conventions of other source languages: data per language, chosen per lexicon."""

from __future__ import annotations

import dataclasses

import pytest

from normalize import Normalizer
from normalize.keys import ROMANISATION, key, romanisations
from normalize.lexicon import default_lexicon_paths, parse_lexicon, read_many

from .conftest import DATA
from .test_guard import common_word_findings

ALL = tuple(sorted(lang for lang, rules in ROMANISATION.items() if rules))


@pytest.mark.parametrize(
    ("name", "language", "written"),
    [
        ("Khartoum", "es", "Jartum"),  # Spanish j for kh
        ("Khan Yunis", "es", "Jan Yunis"),
        ("Jeddah", "es", "Yeda"),  # Spanish y for English j
        ("Benghazi", "es", "Bengasi"),  # no voiced z
        ("Bani Walid", "es", "Bani Ualid"),
        ("Sharjah", "fr", "Charjah"),  # French ch for sh
        ("Bani Walid", "fr", "Bani Oualid"),  # French ou for w
        ("Zawiya", "fr", "Zaouia"),
        ("Chad", "de", "Tschad"),  # German tsch for ch
        ("Ajman", "de", "Adschman"),  # German dsch for j
        ("Khartoum", "de", "Chartum"),  # German ch for kh
        ("Yemen", "de", "Jemen"),  # German j for y
        ("Sharjah", "de", "Schardscha"),
        ("Chad", "tr", "Çad"),  # Turkish ç, c, ş
        ("Al Jazira", "tr", "El Cazira"),
        ("Sharm", "tr", "Şarm"),
        ("Uthman", "tr", "Usman"),
        ("Zawiya", "tr", "Zaviye"),
        ("Abu Dhabi", "ar", "Abu Zabi"),  # dhal written z or th
        ("Dhahab", "ar", "Thahab"),
        ("Qasr Ahmad", "ar", "Khasr Ahmad"),  # qaf written kh
    ],
)
def test_convention(name: str, language: str, written: str) -> None:
    """A name written by a language's convention keys like one of the name's spellings in that language."""
    assert key(written) != key(name)  # the shared transliteration classes alone do not meet it
    assert key(written) in {key(f) for f in romanisations(name, (language,))}


def test_the_lexicon_chooses_its_languages() -> None:
    """A lexicon with `source_languages: [es]` fixes "Jartum"; the default (ru) leaves it."""

    def fix(header: str, text: str) -> str:
        lex, diags = parse_lexicon(header + "entries:\n  - {canonical: Khartoum, type: place}\n", "x.yaml")
        assert not diags
        return Normalizer([lex], default_lexicon=False).fix(text).text

    assert fix("source_languages: [es]\n", "Llegaron a Jartum.") == "Llegaron a Khartoum."
    assert fix("", "Llegaron a Jartum.") == "Llegaron a Jartum."
    assert fix("source_languages: [ru]\n", "Llegaron a Jartum.") == "Llegaron a Jartum."
    assert fix("source_languages: [de, fr]\n", "nach Chartum") == "nach Khartoum"


def test_romanisations_leave_the_name_out() -> None:
    """The spellings are other than the name's own, and a language without rules gives none."""
    assert romanisations("Khartoum", ("es",)) == {"jartoum"}
    assert romanisations("Tripoli", ALL) == set()
    assert romanisations("Khartoum", ("ru", "uk")) == set()


@pytest.fixture(scope="module")
def every_language() -> Normalizer:
    """The default lexicon with every source language's romanisations switched on."""
    lexicons = [
        dataclasses.replace(
            lx, entries=tuple(dataclasses.replace(e, source_languages=("ru", *ALL)) for e in lx.entries)
        )
        for lx in read_many(default_lexicon_paths())
    ]
    return Normalizer(lexicons, default_lexicon=False)


def test_more_names_are_keyed(every_language: Normalizer, default: Normalizer) -> None:
    """Switching the languages on adds keys (the rules reach the default lexicon's names)."""
    assert len(every_language.index.key_table) > len(default.index.key_table)


def test_ordinary_english_never_matches(every_language: Normalizer) -> None:
    """With every language on, the 30,000 commonest English words and ordinary prose give no finding."""
    assert common_word_findings(every_language) == []
    prose = (DATA / "ordinary_english.txt").read_text(encoding="utf-8")
    assert every_language.find(prose) == ()


def test_political_english_never_matches(every_language: Normalizer, default: Normalizer) -> None:
    """English political prose finds nothing more with every language's romanisation on."""
    text = (DATA / "political_english.txt").read_text(encoding="utf-8")
    assert every_language.find(text) == default.find(text)
