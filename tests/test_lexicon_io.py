"""Lexicon import and export: CSV/TSV, TBX-Basic, GeoNames, JSONL; round trips; the CLI."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from normalize import Normalizer
from normalize.errors import InputError
from normalize.lexicon import parse_lexicon
from normalize.lexicon_io import (
    GeonamesOptions,
    dump_yaml,
    export_csv,
    export_jsonl,
    export_tbx,
    import_csv,
    import_geonames,
    import_jsonl,
    import_tbx,
    shared_forms,
)

from .conftest import DATA, ROOT
from .test_cli import run

GROWTH = DATA / "growth"
LIBYA = ROOT / "lexicons" / "libya.yaml"


def libya_doc() -> dict[str, Any]:
    doc: dict[str, Any] = yaml.safe_load(LIBYA.read_text(encoding="utf-8"))
    return doc


def loads(doc: dict[str, Any]) -> None:
    """Assert that a document written as YAML loads without errors."""
    _, diags = parse_lexicon(dump_yaml(doc), "out.yaml")
    assert [str(d) for d in diags if d.severity == "error"] == []


def forms(doc: dict[str, Any]) -> dict[str, tuple[Any, ...]]:
    """Return what CSV and TBX can carry of each entry: canonical, type, variants, accepted."""
    out = {}
    for e in doc["entries"]:
        variants = tuple(
            (v["text"], tuple(sorted((k, x) for k, x in v.items() if k != "text")))
            if isinstance(v, dict)
            else (v, ())
            for v in e.get("variants") or ()
        )
        out[e["id"]] = (e["canonical"], e.get("type"), variants, tuple(e.get("accepted") or ()))
    return out


# --- CSV / TSV -----------------------------------------------------------------------------


def test_csv_glossary_with_header() -> None:
    doc, report = import_csv((GROWTH / "glossary.csv").read_text(encoding="utf-8"), "glossary.csv")
    assert doc["entries"] == [
        {"id": "benghazi", "canonical": "Benghazi", "type": "place", "variants": ["Bengasi", "Banghazi"]},
        {
            "id": "khalifa-haftar",
            "canonical": "Khalifa Haftar",
            "type": "person",
            "variants": ["Caliph Haftar", "Haftar, Khalifa"],
        },
    ]
    assert (report.entries, report.variants) == (2, 4)
    loads(doc)


def test_csv_without_header_and_tsv() -> None:
    doc, _ = import_csv("Bengasi,Benghazi\nBanghazi,Benghazi\n", "g.csv")
    assert doc["entries"] == [
        {"id": "benghazi", "canonical": "Benghazi", "variants": ["Bengasi", "Banghazi"]}
    ]
    doc2, _ = import_csv("Bengasi\tBenghazi\nBanghazi\tBenghazi\n", "g.tsv", "\t")
    assert doc2 == doc


@pytest.mark.parametrize(
    ("importer", "text", "message"),
    [
        (import_csv, "variant,canonical,colour\nA,B,red\n", "x:1: unknown column(s) colour"),
        (import_csv, "Bengasi\n", "x:1: a row needs a variant and a canonical"),
        (import_csv, "A,B,planet\n", "x:1: type 'planet' is not one of person, place, org, term"),
        (import_csv, "variant,canonical\nA,B\nC,D,E\n", "x:3: 3 fields, expected at most 2"),
        (import_tbx, "<martif><text>", "x: not well-formed XML"),
        (import_tbx, "<html/>", "x: not a TBX file (root element <html>)"),
    ],
)
def test_import_errors_name_the_place(importer: Any, text: str, message: str) -> None:
    with pytest.raises(InputError) as info:
        importer(text, "x")
    assert str(info.value).startswith(message)


@pytest.mark.parametrize("delimiter", [",", "\t"])
def test_csv_round_trip_keeps_what_a_row_holds(delimiter: str) -> None:
    """Exporting the bundled lexicon and importing it back keeps ids, types, variants, flags, accepted."""
    buf = io.StringIO()
    export_csv(libya_doc(), buf, delimiter)
    doc, _ = import_csv(buf.getvalue(), "libya.csv", delimiter)
    assert forms(doc) == forms(libya_doc())
    loads(doc)


# --- TBX -----------------------------------------------------------------------------------


def test_tbx_2008_statuses_and_languages() -> None:
    doc, report = import_tbx((GROWTH / "termbase.tbx").read_text(encoding="utf-8"), "termbase.tbx")
    assert doc["entries"] == [
        {
            "id": "c1",
            "canonical": "Government of National Accord",
            "accepted": ["GNA"],
            "variants": ["Government of National Consent"],
        },
        {"id": "c2", "canonical": "Ministry of Defence", "variants": ["Defense Ministry"]},
    ]
    assert report.skipped == {"terms in other languages (ru)": 1}
    loads(doc)


def test_tbx_round_trip_keeps_terms_statuses_and_types() -> None:
    buf = io.StringIO()
    export_tbx(libya_doc(), buf)
    assert buf.getvalue().startswith('<?xml version="1.0" encoding="UTF-8"?>\n<tbx type="TBX-Basic"')
    doc, _ = import_tbx(buf.getvalue(), "libya.tbx")
    # TBX carries no variant switches (context, case_sensitive): compare the texts
    strip = {k: (c, t, tuple(v for v, _ in vs), a) for k, (c, t, vs, a) in forms(libya_doc()).items()}
    assert {k: (c, t, tuple(v for v, _ in vs), a) for k, (c, t, vs, a) in forms(doc).items()} == strip


def test_tbx_entity_expansion_is_refused() -> None:
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE t [<!ENTITY a "aaaaaaaaaa">'
        + "".join(
            f'<!ENTITY {c} "{("&" + p + ";") * 10}">' for p, c in zip("abcdefg", "bcdefgh", strict=True)
        )
        + "]><tbx><text><body><conceptEntry><langSec xml:lang='en'><termSec><term>&h;</term>"
        "</termSec></langSec></conceptEntry></body></text></tbx>"
    )
    with pytest.raises(InputError, match="not well-formed XML"):
        import_tbx(bomb, "bomb.tbx")


# --- JSONL ---------------------------------------------------------------------------------


def test_jsonl_round_trip_is_lossless() -> None:
    buf = io.StringIO()
    export_jsonl(libya_doc(), buf)
    doc, report = import_jsonl(buf.getvalue(), "libya.jsonl")
    assert doc == libya_doc()
    assert report.entries == len(libya_doc()["entries"])


def test_jsonl_errors_name_the_line() -> None:
    with pytest.raises(InputError, match=r"^x.jsonl:2: not JSON"):
        import_jsonl('{"canonical": "A"}\n{oops\n', "x.jsonl")
    with pytest.raises(InputError, match=r"^x.jsonl:1: expected a JSON object"):
        import_jsonl("[1]\n", "x.jsonl")


# --- GeoNames ------------------------------------------------------------------------------


def geonames(**kw: Any) -> dict[str, Any]:
    with open(GROWTH / "geonames.txt", encoding="utf-8") as fh, open(GROWTH / "alternateNames.txt") as alt:
        doc, _ = import_geonames(fh, "geonames.txt", alt, GeonamesOptions(**kw))
    return doc


def test_geonames_keeps_homonyms_apart() -> None:
    doc = geonames()
    ids = [e["id"] for e in doc["entries"]]
    assert len(ids) == 12 == len(set(ids))
    springfields = [e for e in doc["entries"] if e["canonical"] == "Springfield"]
    assert len(springfields) == 7
    assert "springfield-4409896" in ids
    assert all(e["type"] == "place" and e["source"].startswith("GeoNames ") for e in doc["entries"])
    lexicon, diags = parse_lexicon(dump_yaml(doc), "geo.yaml")
    assert [d for d in diags if d.severity == "error"] == []
    assert len(lexicon.entries) == 12


def test_geonames_filters_codes_scripts_and_links() -> None:
    benghazi = next(e for e in geonames()["entries"] if e["canonical"] == "Benghazi")
    variants = benghazi["variants"]
    assert "Bengasi" in variants and "Banghazi City" in variants  # the second from alternateNames
    assert "BEN" not in variants  # a code
    assert not any("wikipedia" in v for v in variants)  # a link
    assert not any("Бенгази" in v for v in variants)  # another script
    everything = next(
        e for e in geonames(codes=True, scripts="all")["entries"] if e["canonical"] == "Benghazi"
    )
    assert "BEN" in everything["variants"] and "Бенгази" in everything["variants"]


def test_geonames_population_and_ordinary_words() -> None:
    big = geonames(min_population=1_000_000)
    assert sorted(e["canonical"] for e in big["entries"]) == ["Paris", "Tripoli"]
    with_ordinary = {v for e in geonames()["entries"] for v in e.get("variants") or ()}
    without = {v for e in geonames(drop_ordinary=True)["entries"] for v in e.get("variants") or ()}
    assert "Paris" not in with_ordinary  # a canonical is never its own variant
    dropped = with_ordinary - without
    assert dropped and all(v.lower() == v or " " not in v for v in dropped)


def test_geonames_bad_row() -> None:
    with pytest.raises(InputError, match=r"^g.txt:1: 3 columns; expected the 19 of a GeoNames dump"):
        import_geonames(["1\tA\tB\n"], "g.txt")


# --- CLI -----------------------------------------------------------------------------------


def test_cli_import_then_fix(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / "g.yaml"
    code, stdout, err = run(
        capsys, "lexicon", "import", "--from", "csv", str(GROWTH / "glossary.csv"), "-o", str(out)
    )
    assert (code, stdout) == (0, "")
    assert (
        err
        == "imported 2 entries, 4 variants; 0 variant warning(s) (ordinary words: never applied blindly)\n"
    )
    assert out.read_text(encoding="utf-8").startswith(
        "# Imported from glossary.csv (csv) by normalize lexicon import.\n"
    )
    n = Normalizer([out], default_lexicon=False)
    assert n.fix("Protests in Bengasi.").text == "Protests in Benghazi."


def test_cli_import_geonames_reports_homonyms(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / "geo.yaml"
    code, _, err = run(
        capsys,
        "lexicon",
        "import",
        "--from",
        "geonames",
        str(GROWTH / "geonames.txt"),
        "--alternate-names",
        str(GROWTH / "alternateNames.txt"),
        "-o",
        str(out),
    )
    assert code == 0
    assert err.startswith("imported 12 entries, ")
    assert re.search(r"dropped: \d+ codes, \d+ malformed names, \d+ non-Latin names; ", err)
    assert err.endswith("; 35 form(s) shared by several entries (homonyms)\n")


def test_shared_forms_counts_each_form_once() -> None:
    doc = {
        "entries": [
            {"id": "a", "canonical": "Springfield"},
            {"id": "b", "canonical": "Springfield", "variants": ["X-y"]},
            {
                "id": "c",
                "canonical": "Z",
                "variants": [{"text": "x y", "context": True}],
                "accepted": ["Springfield"],
            },
        ]
    }
    assert shared_forms(doc) == 2  # springfield (three entries), x y (two)


def test_cli_import_errors_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("Bengasi\n", encoding="utf-8")
    assert run(capsys, "lexicon", "import", "--from", "csv", str(bad)) == (
        2,
        "",
        f"error: {bad}:1: a row needs a variant and a canonical\n",
    )
    missing = tmp_path / "none.csv"
    assert run(capsys, "lexicon", "import", "--from", "csv", str(missing)) == (
        2,
        "",
        f"error: {missing}: no such file\n",
    )


def test_cli_import_refuses_a_lexicon_that_would_not_load(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"canonical": "A", "colour": "red"}\n', encoding="utf-8")
    out = tmp_path / "out.yaml"
    code, _, err = run(capsys, "lexicon", "import", "--from", "jsonl", str(bad), "-o", str(out))
    assert code == 2
    assert "entries[0].colour: unknown field" in err
    assert err.endswith("error: the imported lexicon would not load (1 error(s)); nothing written\n")
    assert not out.exists()


def test_cli_export_formats(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, "lexicon", "export", "--to", "csv", str(LIBYA))
    assert code == 0
    assert out.splitlines()[:2] == [
        "variant,canonical,type,id,status,flags",
        "Khalifa Haftar,Khalifa Haftar,person,khalifa-haftar,canonical,",
    ]
    target = tmp_path / "libya.tbx"
    assert run(capsys, "lexicon", "export", "--to", "tbx", str(LIBYA), "-o", str(target))[0] == 0
    assert "<term>Khalifa Haftar</term>" in target.read_text(encoding="utf-8")


def test_cli_export_refuses_an_invalid_lexicon(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("entries:\n  - type: place\n", encoding="utf-8")
    assert run(capsys, "lexicon", "export", "--to", "csv", str(bad)) == (
        2,
        "",
        f"{bad}:2:5: entries[0]: missing required field 'canonical'\n"
        "error: 1 lexicon error(s); nothing exported\n",
    )


def test_cli_tbx_import_export_round_trip(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    mine, tbx, back = tmp_path / "mine.yaml", tmp_path / "mine.tbx", tmp_path / "back.yaml"
    assert (
        run(capsys, "lexicon", "import", "--from", "tbx", str(GROWTH / "termbase.tbx"), "-o", str(mine))[0]
        == 0
    )
    assert run(capsys, "lexicon", "export", "--to", "tbx", str(mine), "-o", str(tbx)) == (0, "", "")
    assert run(capsys, "lexicon", "import", "--from", "tbx", str(tbx), "-o", str(back))[0] == 0
    assert yaml.safe_load(back.read_text(encoding="utf-8")) == yaml.safe_load(
        mine.read_text(encoding="utf-8")
    )
