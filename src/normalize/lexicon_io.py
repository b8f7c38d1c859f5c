"""Lexicon import and export: CSV/TSV glossaries, TBX-Basic termbases, GeoNames dumps, JSONL.

Every importer produces the *document* of a lexicon file (the mapping that YAML holds:
``language``, ``entries`` ...), which :func:`dump_yaml` writes; every exporter reads such a
document (``yaml.safe_load`` of a lexicon file that validates). Entries are plain dicts in
the lexicon format, so nothing here duplicates the loader's rules: the YAML written is
checked by :func:`normalize.lexicon.parse_lexicon` like any hand-written file.

What each format keeps:

- **CSV/TSV**: one row per form, columns ``variant,canonical,type,id,status,flags``; only
  the first two are required, a header row is detected by its column names. ``status`` is
  ``variant`` (default), ``accepted`` or ``canonical`` (a row that only declares the entry);
  ``flags`` holds the variant switches (``context``, ``case_sensitive``, ``guard=false``),
  space-separated. Entry fields other than these (context words, name parts, examples) do
  not fit a row and are not exported.
- **TBX-Basic** (ISO 30042; both the 2008 ``martif`` and the 2019 ``tbx`` layouts are read,
  the 2019 one is written): one concept per entry; in the language section of the
  lexicon's language, the preferred term is the canonical, admitted terms are accepted
  spellings, deprecated and superseded terms are variants. The entry type travels in a
  concept-level ``<note>normalize-type: place</note>``.
- **JSONL**: one entry per line, exactly as in YAML; a first line ``{"lexicon": {...}}``
  holds the file-level fields. Lossless except for comments.
- **GeoNames** (import only): the ``cities15000.txt`` / ``allCountries.txt`` layout and,
  optionally, ``alternateNamesV2.txt``; see :func:`import_geonames`.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import IO, Any

import yaml

from .errors import InputError
from .keys import surface_form
from .lexicon import make_id, ordinary_phrase

IMPORT_FORMATS = ("csv", "tsv", "tbx", "geonames", "jsonl")
EXPORT_FORMATS = ("csv", "tsv", "tbx", "jsonl")
CSV_COLUMNS = ("variant", "canonical", "type", "id", "status", "flags")
_STATUSES = ("variant", "accepted", "canonical")
_FLAGS = {
    "context": ("context", True),
    "case_sensitive": ("case_sensitive", True),
    "guard=false": ("guard", False),
}
_TYPES = ("person", "place", "org", "term")
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
Doc = dict[str, Any]


@dataclass(slots=True)
class ImportReport:
    """What an import kept and dropped, for the summary line on stderr."""

    entries: int = 0
    variants: int = 0
    skipped: dict[str, int] = field(default_factory=dict)

    def skip(self, why: str, n: int = 1) -> None:
        """Count ``n`` dropped items for reason ``why``."""
        self.skipped[why] = self.skipped.get(why, 0) + n

    def summary(self) -> str:
        """Return a one-line account of the import."""
        dropped = ", ".join(f"{n} {why}" for why, n in sorted(self.skipped.items()))
        return f"{self.entries} entries, {self.variants} variants" + (
            f"; dropped: {dropped}" if dropped else ""
        )


class _Entries:
    """Entries under construction, in first-seen order, keyed by id.

    Forms are kept once per text, or (``fold``) once per surface form (the lowercase,
    punctuation-as-space form the loader compares): a gazetteer lists "Ras-Lanuf" and
    "Ras Lanuf" both, while a glossary's exact spellings are the maintainer's choice.
    """

    def __init__(self, report: ImportReport, *, fold: bool = False) -> None:
        self.by_id: dict[str, Doc] = {}
        self.forms: dict[str, set[str]] = {}
        self.report = report
        self.form = surface_form if fold else (lambda text: text)

    def entry(self, canonical: str, entry_id: str = "", etype: str = "") -> Doc:
        canonical = " ".join(canonical.split())
        eid = entry_id.strip() or make_id(canonical)
        e = self.by_id.get(eid)
        if e is None:
            e = {"id": eid, "canonical": canonical}
            self.by_id[eid] = e
            self.forms[eid] = {self.form(canonical)}
            self.report.entries += 1
        if etype and "type" not in e:
            e["type"] = etype
        return e

    def add(
        self, e: Doc, text: str, status: str = "variant", flags: Mapping[str, bool] | None = None
    ) -> None:
        text = " ".join(text.split())
        form = self.form(text)
        if not form or form in self.forms[e["id"]]:
            return
        self.forms[e["id"]].add(form)
        if status == "accepted":
            e.setdefault("accepted", []).append(text)
            return
        e.setdefault("variants", []).append({"text": text, **flags} if flags else text)
        self.report.variants += 1

    def doc(self, language: str = "en") -> Doc:
        return {"language": language, "entries": list(self.by_id.values())}


def shared_forms(doc: Doc) -> int:
    """Return how many surface forms (canonical, variant or accepted) several entries claim: homonyms."""
    owners: dict[str, set[str]] = {}
    for n, e in enumerate(_entries(doc)):
        texts = [
            e["canonical"],
            *(_variant(v)[0] for v in e.get("variants") or ()),
            *(e.get("accepted") or ()),
        ]
        for t in texts:
            owners.setdefault(surface_form(str(t)), set()).add(str(e.get("id") or n))
    return sum(len(ids) > 1 for ids in owners.values())


# --- YAML out ------------------------------------------------------------------------------


#: libyaml's emitter when PyYAML is built with it (a gazetteer is dumped ten times faster).
_DUMPER: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def dump_yaml(doc: Doc, comment: str = "") -> str:
    """Return ``doc`` as lexicon YAML: block style, keys in the lexicon's order, Unicode as is.

    Long names are never folded onto a second line, so ``lexicon add`` (ruamel.yaml, which
    would unfold them) changes only the lines it adds.
    """
    body = yaml.dump(
        doc, Dumper=_DUMPER, sort_keys=False, allow_unicode=True, default_flow_style=False, width=4096
    )
    head = "".join(f"# {line}\n" for line in comment.splitlines())
    return head + body


# --- CSV / TSV -----------------------------------------------------------------------------


def import_csv(text: str, name: str, delimiter: str = ",", language: str = "en") -> tuple[Doc, ImportReport]:
    """Read one-row-per-variant glossary text (``variant,canonical[,type,id,status,flags]``)."""
    report = ImportReport()
    out = _Entries(report)
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    columns = list(CSV_COLUMNS)
    if rows and {c.strip().lower() for c in rows[0]} >= {"variant", "canonical"}:
        columns = [c.strip().lower() for c in rows[0]]
        unknown = [c for c in columns if c not in CSV_COLUMNS]
        if unknown:
            raise InputError(
                f"{name}:1: unknown column(s) {', '.join(unknown)} (known: {', '.join(CSV_COLUMNS)})"
            )
        rows = rows[1:]
        first = 2
    else:
        first = 1
    for n, row in enumerate(rows, first):
        if not any(cell.strip() for cell in row):
            continue
        cells = dict(zip(columns, (c.strip() for c in row), strict=False))
        if len(row) > len(columns):
            raise InputError(f"{name}:{n}: {len(row)} fields, expected at most {len(columns)}")
        if not cells.get("canonical") or ("variant" not in cells and cells.get("status") != "canonical"):
            raise InputError(f"{name}:{n}: a row needs a variant and a canonical")
        etype = cells.get("type", "").lower()
        if etype and etype not in _TYPES:
            raise InputError(f"{name}:{n}: type {etype!r} is not one of {', '.join(_TYPES)}")
        status = cells.get("status", "").lower() or "variant"
        if status not in _STATUSES:
            raise InputError(f"{name}:{n}: status {status!r} is not one of {', '.join(_STATUSES)}")
        flags: dict[str, bool] = {}
        for f in cells.get("flags", "").split():
            if f not in _FLAGS:
                raise InputError(f"{name}:{n}: unknown flag {f!r} (known: {', '.join(_FLAGS)})")
            k, v = _FLAGS[f]
            flags[k] = v
        e = out.entry(cells["canonical"], cells.get("id", ""), etype)
        if status != "canonical":
            out.add(e, cells.get("variant", ""), status, flags)
    return out.doc(language), report


def export_csv(doc: Doc, out: IO[str], delimiter: str = ",") -> None:
    """Write one row per canonical, variant and accepted form, with a header row."""
    w = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for e in _entries(doc):
        canonical, eid, etype = e["canonical"], str(e.get("id", "")), str(e.get("type", ""))
        w.writerow([canonical, canonical, etype, eid, "canonical", ""])
        for v in e.get("variants") or ():
            text, flags = _variant(v)
            names = [n for n, (k, val) in _FLAGS.items() if flags.get(k, not val) == val]
            w.writerow([text, canonical, etype, eid, "variant", " ".join(names)])
        for a in e.get("accepted") or ():
            w.writerow([a, canonical, etype, eid, "accepted", ""])


def _variant(v: Any) -> tuple[str, dict[str, bool]]:
    if isinstance(v, dict):
        return str(v["text"]), {k: bool(x) for k, x in v.items() if k != "text"}
    return str(v), {}


def _entries(doc: Doc) -> list[Doc]:
    return list(doc.get("entries") or ())


# --- JSONL ---------------------------------------------------------------------------------


def import_jsonl(text: str, name: str) -> tuple[Doc, ImportReport]:
    """Read entries as JSON objects, one per line; a ``{"lexicon": {...}}`` line sets file fields."""
    report = ImportReport()
    doc: Doc = {}
    entries: list[Doc] = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{name}:{n}: not JSON: {exc.msg}") from None
        if not isinstance(obj, dict):
            raise InputError(f"{name}:{n}: expected a JSON object")
        if set(obj) == {"lexicon"} and isinstance(obj["lexicon"], dict):
            doc.update(obj["lexicon"])
            continue
        entries.append(obj)
        report.entries += 1
        report.variants += len(obj.get("variants") or ())
    doc["entries"] = entries
    return doc, report


def export_jsonl(doc: Doc, out: IO[str]) -> None:
    """Write the file-level fields on a first line, then one entry per line."""
    head = {k: v for k, v in doc.items() if k != "entries"}
    if head:
        out.write(json.dumps({"lexicon": head}, ensure_ascii=False) + "\n")
    for e in _entries(doc):
        out.write(json.dumps(e, ensure_ascii=False) + "\n")


# --- TBX-Basic -----------------------------------------------------------------------------

_TBX_STATUS = {
    "preferredterm-admn-sts": "canonical",
    "admittedterm-admn-sts": "accepted",
    "deprecatedterm-admn-sts": "variant",
    "supersededterm-admn-sts": "variant",
}


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(el: ET.Element, *names: str) -> Iterator[ET.Element]:
    for child in el:
        if _local(child.tag) in names:
            yield child


def import_tbx(text: str, name: str, language: str = "en") -> tuple[Doc, ImportReport]:
    """Read a TBX-Basic termbase: preferred -> canonical, admitted -> accepted, deprecated -> variant.

    Only the language section of ``language`` (or its regional forms, ``en-US``) is read. A
    concept without a preferred term takes its first term as canonical. Python's expat
    refuses entity expansion bombs, and ElementTree never fetches external entities.
    """
    report = ImportReport()
    out = _Entries(report)
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        raise InputError(f"{name}: not well-formed XML: {exc}") from None
    if _local(root.tag) not in ("martif", "tbx"):
        raise InputError(f"{name}: not a TBX file (root element <{_local(root.tag)}>)")
    for concept in root.iter():
        if _local(concept.tag) not in ("termEntry", "conceptEntry"):
            continue
        etype = ""
        for note in _children(concept, "note"):
            m = re.fullmatch(r"\s*normalize-type:\s*(\w+)\s*", note.text or "")
            if m and m.group(1) in _TYPES:
                etype = m.group(1)
        terms: list[tuple[str, str]] = []
        for section in _children(concept, "langSet", "langSec"):
            lang = (section.get(_XML_LANG) or section.get("lang") or "").lower()
            if lang.split("-")[0] != language:
                if lang:
                    report.skip(f"terms in other languages ({lang})")
                continue
            for group in _children(section, "tig", "ntig", "termSec"):
                term = next((t for t in group.iter() if _local(t.tag) == "term"), None)
                if term is None or not "".join(term.itertext()).strip():
                    continue
                status = "variant"
                for tn in group.iter():
                    if _local(tn.tag) == "termNote" and tn.get("type") == "administrativeStatus":
                        status = _TBX_STATUS.get((tn.text or "").strip().lower(), "variant")
                terms.append(("".join(term.itertext()), status))
        if not terms:
            report.skip("concepts with no term in the language")
            continue
        preferred = [t for t, s in terms if s == "canonical"]
        canonical = preferred[0] if preferred else terms[0][0]
        eid = concept.get("id") or ""
        e = out.entry(canonical, make_id(eid) if eid else "", etype)
        for t, s in terms:
            if t == canonical:
                continue
            out.add(e, t, "variant" if s == "canonical" else s)
    return out.doc(language), report


def export_tbx(doc: Doc, out: IO[str]) -> None:
    """Write a TBX-Basic (2019, DCA style) termbase with one concept per entry."""
    language = str(doc.get("language") or "en")
    root = ET.Element("tbx", {"type": "TBX-Basic", "style": "dca", _XML_LANG: language})
    root.set("xmlns", "urn:iso:std:iso:30042:ed-2")
    header = ET.SubElement(root, "tbxHeader")
    desc = ET.SubElement(ET.SubElement(header, "fileDesc"), "sourceDesc")
    ET.SubElement(desc, "p").text = "exported by normalize"
    body = ET.SubElement(ET.SubElement(root, "text"), "body")
    for e in _entries(doc):
        concept = ET.SubElement(body, "conceptEntry", {"id": str(e.get("id") or make_id(e["canonical"]))})
        if e.get("type"):
            ET.SubElement(concept, "note").text = f"normalize-type: {e['type']}"
        section = ET.SubElement(concept, "langSec", {_XML_LANG: language})
        forms = [(e["canonical"], "preferredTerm-admn-sts")]
        forms += [(a, "admittedTerm-admn-sts") for a in e.get("accepted") or ()]
        forms += [(_variant(v)[0], "deprecatedTerm-admn-sts") for v in e.get("variants") or ()]
        for text, status in forms:
            sec = ET.SubElement(section, "termSec")
            ET.SubElement(sec, "term").text = text
            ET.SubElement(sec, "termNote", {"type": "administrativeStatus"}).text = status
    ET.indent(root)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(root, encoding="unicode"))
    out.write("\n")


# --- GeoNames ------------------------------------------------------------------------------

#: alternateNamesV2 "isolanguage" values that are codes or links, not names.
GEONAMES_CODE_LANGUAGES = frozenset(
    ["post", "link", "iata", "icao", "faac", "tcid", "unlc", "abbr", "wkdt", "phon", "piny", "fr_1793"]
)
#: Alternate names that look like codes (airport, station, postal codes).
_CODE_RE = re.compile(r"[A-Z0-9]{2,5}|\d[\d\s-]*")


@dataclass(frozen=True, slots=True)
class GeonamesOptions:
    """Filters for a GeoNames import; the defaults suit English text."""

    min_population: int = 0
    feature_classes: tuple[str, ...] = ("P",)
    """GeoNames feature classes to keep (P: populated places; A: countries, regions)."""
    scripts: str = "latin"
    """``latin`` keeps names written in the Latin script only; ``all`` keeps every script."""
    codes: bool = False
    """Keep alternate names that are codes (IATA, postal, three capitals)."""
    drop_ordinary: bool = False
    """Drop variants made of ordinary words instead of leaving them to the guard."""
    language: str = "en"


def is_latin(text: str) -> bool:
    """Return True when ``text`` has a letter and every letter is Latin (or a modifier letter)."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(
        unicodedata.category(c) == "Lm" or unicodedata.name(c, "").startswith("LATIN") for c in letters
    )


def _clean(text: str) -> str:
    """Return ``text`` with whitespace collapsed, or "" when it holds control or private-use characters."""
    if any(unicodedata.category(c)[0] == "C" for c in text):
        return ""
    return " ".join(text.split())


def import_geonames(
    main: Iterable[str], name: str, alternates: Iterable[str] = (), options: GeonamesOptions | None = None
) -> tuple[Doc, ImportReport]:
    """Read a GeoNames dump (``cities15000.txt``, ``allCountries.txt`` layout: 19 tab-separated columns).

    Each place is one ``place`` entry with the id ``<name>-<geonameid>``, so homonyms
    (the many Springfields) stay apart. Variants come from the ``alternatenames`` column
    and, when given, from ``alternateNamesV2.txt`` lines (alternateNameId, geonameid,
    isolanguage, name, ...) for the kept places. Filters: feature class, population,
    script (``scripts``), codes; variants made of ordinary words are kept (the loader's
    guard flags them and never applies them blindly) unless ``drop_ordinary``.
    """
    opt = options or GeonamesOptions()
    report = ImportReport()
    out = _Entries(report, fold=True)
    by_geonameid: dict[str, Doc] = {}
    for n, line in enumerate(main, 1):
        line = line.rstrip("\n").rstrip("\r")
        if not line or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) < 15:
            raise InputError(f"{name}:{n}: {len(cols)} columns; expected the 19 of a GeoNames dump")
        gid, canonical, alt, fclass = cols[0], _clean(cols[1]), cols[3], cols[6]
        if not gid.isdigit():
            raise InputError(f"{name}:{n}: geonameid {gid!r} is not a number")
        population = int(cols[14]) if cols[14].strip().isdigit() else 0
        if opt.feature_classes and fclass not in opt.feature_classes:
            report.skip("places of other feature classes")
            continue
        if population < opt.min_population:
            report.skip("places under the population threshold")
            continue
        if not canonical or (opt.scripts == "latin" and not is_latin(canonical)):
            report.skip("places with a non-Latin or malformed name")
            continue
        e = out.entry(canonical, f"{make_id(canonical)}-{gid}", "place")
        e["source"] = f"GeoNames {gid}"
        by_geonameid[gid] = e
        for a in alt.split(","):
            _geonames_variant(out, e, a, "", opt, report)
    for n, line in enumerate(alternates, 1):
        cols = line.rstrip("\n").split("\t")
        if len(cols) < 4:
            raise InputError(f"alternate names:{n}: {len(cols)} columns; expected alternateNamesV2 lines")
        found = by_geonameid.get(cols[1])
        if found is not None:
            _geonames_variant(out, found, cols[3], cols[2], opt, report)
    return out.doc(opt.language), report


def _geonames_variant(
    out: _Entries, e: Doc, raw: str, lang: str, opt: GeonamesOptions, report: ImportReport
) -> None:
    text = _clean(raw)
    if not text:
        if raw.strip():
            report.skip("malformed names")
        return
    if not opt.codes and (lang in GEONAMES_CODE_LANGUAGES or _CODE_RE.fullmatch(text)):
        report.skip("codes")
        return
    if opt.scripts == "latin" and not is_latin(text):
        report.skip("non-Latin names")
        return
    if opt.drop_ordinary and ordinary_phrase(text, opt.language):
        report.skip("variants made of ordinary words")
        return
    out.add(e, text)


# --- reading an existing lexicon file for export ---------------------------------------------


def load_doc(text: str, name: str) -> Doc:
    """Return the document of a lexicon file (after :func:`normalize.lexicon.parse_lexicon` passed it)."""
    data = yaml.safe_load(text) or {}
    if not isinstance(data, dict):
        raise InputError(f"{name}: not a lexicon (expected a mapping)")
    return data
