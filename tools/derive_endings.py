"""Derive the case endings of names from a real morphology, romanised by real schemes.

Run offline, from a checkout, with the ``test`` extra installed (pymorphy3, its Russian
and Ukrainian dictionaries, and iuliia)::

    python tools/derive_endings.py            # rewrite language/ru.yaml and uk.yaml
    python tools/derive_endings.py --check    # exit 1 when the files differ from the derivation

For each declension class of proper names (a masculine consonant-final noun like Зинтан,
an -а feminine like Мисрата, an -ия feminine like Завия, an adjectival surname like
Зеленский, ...), pymorphy3 declines a few sample names; the stem is what all the singular
forms share, and each form's ending is romanised by every scheme: for Russian, the iuliia
schemas (GOST, BGN/PCGN, Wikipedia, passport, ...), for Ukrainian the national system of
2010 and ISO 9 (iuliia holds Russian schemas only): the schemes the language file names
under ``schemes``, which source-language names in lexicons are romanised by too. The
romanised endings are folded (lowercase, diacritics dropped, letters only) as the engine
compares them.

The language file keeps its other keys; ``endings`` (every ending of the language, for
lexicons and suggestions) and ``declensions`` (per class: the romanised nominative
endings a canonical name of the class ends in, what its stem may end in, and the endings)
are replaced. ``tests/test_derive_endings.py`` checks that the files match.
"""

# ruff: noqa: RUF001, RUF002  (Cyrillic letters are the point here)
from __future__ import annotations

import argparse
import sys
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

LANGUAGE_DIR = Path(__file__).resolve().parent.parent / "src" / "normalize" / "language"

RU_CONSONANTS = "бвгджзклмнпрстфхцчшщ"
UK_CONSONANTS = "бвгґджзклмнпрстфхцчшщ"
#: A canonical name is spelt in Latin letters; one ending in any consonant (Iraq, Sarraj)
#: declines as one ending in a Cyrillic consonant.
LATIN_CONSONANTS = "bcdfghjklmnpqrstvwxz"
#: The cases of the Cyrillic endings written for each class (no vocative: MT text has none).
CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")


@dataclass(frozen=True)
class Declension:
    """A declension class of names: pymorphy3 declines ``samples`` as ``pos`` forms."""

    name: str
    pos: str
    samples: tuple[str, ...]
    stem_ends: str = ""
    """Cyrillic letters or tails one of which the stem must end in ("" for any)."""
    gender: str = ""
    latin: bool = True
    """False: the class declines source-language names only; Latin names of its shape are
    foreign words Russian leaves as they are (Toronto, Congo)."""


RU = (
    Declension("consonant", "NOUN", ("Зинтан", "Сирт", "Хафтар", "Бердянск"), RU_CONSONANTS, "masc"),
    Declension("soft", "NOUN", ("Севастополь", "Игорь"), RU_CONSONANTS, "masc"),
    Declension("hushing", "NOUN", ("Париж", "Марракеш", "Гараж"), "жшчщц", "masc"),
    Declension("possessive", "NOUN", ("Лавров", "Путин", "Медведев"), "ов ев ин ын", "masc"),
    Declension("j", "NOUN", ("Шанхай", "Дубай", "Китай"), "аеоу", "masc"),
    Declension("a", "NOUN", ("Мисрата", "Москва", "Анкара", "Гавана"), RU_CONSONANTS, "femn"),
    Declension("a-velar-hushing", "NOUN", ("Рига", "Лебединовка", "Орша", "Берковица"), "гкхжшчщц", "femn"),
    Declension("o-neuter", "NOUN", ("Иваново", "Бородино", "Домодедово"), "ов ев ин ын", "neut"),
    Declension("o", "NOUN", ("Правительство", "Агентство"), RU_CONSONANTS, "neut", latin=False),
    Declension("ie", "NOUN", ("Управление", "Согласие"), "", "neut", latin=False),
    Declension("ya", "NOUN", ("Сирия", "Ливия", "Аджабия", "Мария"), "и", "femn"),
    Declension("adjectival", "ADJF", ("Зеленский", "Луговой", "Красный", "Высокий"), "", "masc"),
    Declension("adjectival-f", "ADJF", ("Зеленская", "Луговая", "Красная"), "", "femn"),
    Declension("adjectival-n", "ADJF", ("Красное", "Луговое", "Высокое"), "", "neut", latin=False),
    Declension("adjectival-hushing", "ADJF", ("Хороший", "Свежий"), "жшчщ", "masc", latin=False),
    Declension("adjectival-hushing-n", "ADJF", ("Хорошее", "Свежее"), "жшчщ", "neut", latin=False),
)

UK = (
    Declension("consonant", "NOUN", ("Бахмут", "Донецьк", "Луганськ", "Ізюм"), UK_CONSONANTS, "masc"),
    Declension("iv", "NOUN", ("Харків", "Львів", "Київ"), "", "masc"),
    Declension("a", "NOUN", ("Полтава", "Одеса", "Вінниця"), UK_CONSONANTS, "femn"),
    Declension("ya", "NOUN", ("Софія", "Марія"), "і", "femn"),
    Declension("neuter-ya", "NOUN", ("Запоріжжя", "Поділля"), UK_CONSONANTS, "neut"),
    Declension("adjectival", "ADJF", ("Зеленський", "Кривий", "Білий"), "", "masc"),
    Declension("adjectival-f", "ADJF", ("Зеленська", "Біла"), "", "femn"),
    Declension("adjectival-n", "ADJF", ("Червоне", "Біле"), "", "neut", latin=False),
    Declension("o", "NOUN", ("Агентство", "Міністерство"), UK_CONSONANTS, "neut", latin=False),
)


def fold_letters(text: str) -> str:
    """Return ``text`` lowercased, without diacritics and without non-letters."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed.casefold() if unicodedata.category(c) in ("Ll", "Lu"))


def schemes(lang: str) -> dict[str, Callable[[str], str]]:
    """Return the romanisation schemes of a language (``schemes`` in its file), by name."""
    from normalize.source_names import romanisers

    return romanisers(lang)


def singular_forms(morph: object, word: str, pos: str, gender: str) -> list[tuple[str, str]]:
    """Return (form, case) for each singular form pymorphy3 gives a name (the first fitting parse)."""
    if pos != "ADJF":
        gender = ""  # a noun's lexeme has one gender; pymorphy3 may guess another for a name
    for p in morph.parse(word):  # type: ignore[attr-defined]
        tag = p.tag
        if pos != tag.POS or (gender and tag.gender != gender) or "nomn" not in tag:
            continue
        if tag.number == "plur" or "Fixd" in tag:
            continue
        forms = [
            (f.word, str(f.tag.case))
            for f in p.lexeme
            if pos == f.tag.POS  # not the short, comparative or superlative forms of an adjective
            and f.tag.number != "plur"
            and not {"Cmp2", "Supr", "Qual"} & set(f.tag.grammemes) - set(tag.grammemes)
            and (not gender or f.tag.gender == gender)
        ]
        if forms and forms[0][0] == word.lower():
            return forms
    raise SystemExit(f"pymorphy3 has no {pos} {gender} singular parse of {word!r}")


def common_prefix(words: Iterable[str]) -> str:
    """Return the longest prefix every word shares."""
    ws = list(words)
    n = min(len(w) for w in ws)
    i = 0
    while i < n and all(w[i] == ws[0][i] for w in ws):
        i += 1
    return ws[0][:i]


def derive_class(
    morph: object, decl: Declension, romanisers: dict[str, Callable[[str], str]]
) -> dict[str, object]:
    """Return one class's romanised nominative endings, stem ends and endings."""
    nominative: set[str] = set()
    endings: set[str] = set()
    stem_ends: set[str] = set()
    tables: list[dict[str, str]] = []
    for sample in decl.samples:
        forms = [form for form, _ in singular_forms(morph, sample, decl.pos, decl.gender)]
        stem = common_prefix(forms)
        cases: dict[str, str] = {}  # the Cyrillic endings by case
        for form, case in singular_forms(morph, sample, decl.pos, decl.gender):
            cases.setdefault(case, form[len(stem) :])
        table = {case: cases[case] for case in CASES if case in cases}
        if table not in tables:
            tables.append(table)
        if not decl.latin:
            continue
        for roman in romanisers.values():
            r_stem = fold_letters(roman(stem.capitalize()))
            for i, form in enumerate(forms):
                r_form = fold_letters(roman(form.capitalize()))
                if not r_form.startswith(r_stem):
                    continue  # the scheme spells the stem differently before this ending
                tail = r_form[len(r_stem) :]
                (nominative if i == 0 else endings).add(tail)
    tails = decl.stem_ends.split() if " " in decl.stem_ends else list(decl.stem_ends)
    consonants = UK_CONSONANTS if "ґ" in decl.stem_ends or decl in UK else RU_CONSONANTS
    for tail in tails:
        stem_ends |= {r for roman in romanisers.values() if (r := fold_letters(roman("а" + tail))[1:])}
    if tails and all(len(t) == 1 for t in tails):
        # a class of some consonants: not where another consonant is spelt the same once
        # diacritics are dropped (ш is š, s once folded: "Mansa" is no hushing stem)
        others = set(consonants) - set(tails)
        stem_ends -= {fold_letters(roman("а" + c))[1:] for roman in romanisers.values() for c in others}
    if decl.stem_ends in (RU_CONSONANTS, UK_CONSONANTS):
        stem_ends |= set(LATIN_CONSONANTS)
    endings |= nominative - {""}
    if not decl.latin:
        stem_ends = set()
    return {
        "class": decl.name,
        "examples": list(decl.samples),
        "nominative": sorted(nominative, key=lambda t: (len(t), t)),
        "stem_ends": sorted(stem_ends),
        "endings": sorted(endings - {""}, key=lambda t: (len(t), t)),
        "cyrillic": {"stem_ends": sorted(tails), "cases": tables},
    }


def derive(lang: str) -> dict[str, object]:
    """Return the derived ``endings`` and ``declensions`` of a language."""
    import pymorphy3

    morph = pymorphy3.MorphAnalyzer(lang=lang)
    classes = [derive_class(morph, d, schemes(lang)) for d in (RU if lang == "ru" else UK)]
    every = sorted({e for c in classes for e in c["endings"]}, key=lambda t: (len(t), t))  # type: ignore[attr-defined]
    return {"endings": every, "declensions": classes}


HEADER = "# Derived by tools/derive_endings.py (pymorphy3 + {schemes}); do not edit by hand.\n"


def render(lang: str, derived: dict[str, object], rest: str) -> str:
    """Return the language file: its hand-written head, then the derived tables."""
    names = "iuliia schemas" if lang == "ru" else "the national system and ISO 9"
    lines = [rest.rstrip("\n"), "", HEADER.format(schemes=names).rstrip("\n")]
    lines.append("endings: [" + ", ".join(derived["endings"]) + "]")  # type: ignore[arg-type]
    lines.append("declensions:")
    for c in derived["declensions"]:  # type: ignore[attr-defined]
        lines.append(f"  - class: {c['class']}")
        lines.append("    examples: [" + ", ".join(c["examples"]) + "]")
        nominative = (f'"{t}"' if t == "" else t for t in c["nominative"])
        lines.append("    nominative: [" + ", ".join(nominative) + "]")
        lines.append("    stem_ends: [" + ", ".join(c["stem_ends"]) + "]")
        lines.append("    endings: [" + ", ".join(c["endings"]) + "]")
        cyr = c["cyrillic"]
        lines.append("    cyrillic:")
        lines.append("      stem_ends: [" + ", ".join(cyr["stem_ends"]) + "]")
        lines.append("      cases:")
        for table in cyr["cases"]:
            lines.append("        - {" + ", ".join(f"{k}: " + (v or '""') for k, v in table.items()) + "}")
    return "\n".join(lines) + "\n"


def hand_written(text: str) -> str:
    """Return the part of a language file above the derived tables."""
    head, _, _ = text.partition("# Derived by tools/derive_endings.py")
    kept = [ln for ln in head.splitlines() if not ln.startswith("endings:")]
    return "\n".join(kept).rstrip("\n") + "\n"


def expected(lang: str) -> str:
    """Return what the language file should hold."""
    path = LANGUAGE_DIR / f"{lang}.yaml"
    return render(lang, derive(lang), hand_written(path.read_text(encoding="utf-8")))


def main(argv: list[str] | None = None) -> int:
    """Write (or with --check, compare) the derived language files."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="compare instead of writing; exit 1 on a difference"
    )
    args = parser.parse_args(argv)
    status = 0
    for lang in ("ru", "uk"):
        path = LANGUAGE_DIR / f"{lang}.yaml"
        want = expected(lang)
        if path.read_text(encoding="utf-8") == want:
            continue
        if args.check:
            print(f"{path}: differs from the derivation; run python tools/derive_endings.py", file=sys.stderr)
            status = 1
        else:
            path.write_text(want, encoding="utf-8")
            print(f"wrote {path}", file=sys.stderr)
    return status


if __name__ == "__main__":
    raise SystemExit(main())
