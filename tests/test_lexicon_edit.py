"""Growing a lexicon: the JSON Schema, examples as tests, `lexicon add`, `lexicon suggest`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from normalize import Normalizer
from normalize.examples import check, read
from normalize.lexicon import parse_lexicon
from normalize.lexicon_edit import Change, EditError, _diagnostics, changes_from_patch, edit
from normalize.lexicon_schema import check as schema_check
from normalize.lexicon_schema import schema
from normalize.suggest import cluster_key, collect, name_spans, propose

from .conftest import DATA, ROOT
from .test_cli import run

LEXICONS = ROOT / "lexicons"
LIBYA = LEXICONS / "libya.yaml"
MINI = """\
# my names
language: en
entries:
  # people
  - id: khalifa-haftar
    canonical: Khalifa Haftar
    type: person
    variants: [Khalifa Hifter]   # AP style

  - canonical: Ras Lanuf
    type: place
"""


# --- JSON Schema ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", [*sorted(LEXICONS.glob("*.yaml")), DATA / "canonical_only.yaml"])
def test_schema_accepts_the_valid_lexicons(path: Path) -> None:
    assert schema_check(path.read_text(encoding="utf-8"), str(path)) == []


@pytest.mark.parametrize(
    "text",
    [
        "entries:\n  - canonical: A\n    variants: [{text: B, bogus: 1}]\n",
        "entries:\n  - type: place\n",
        "entries:\n  - canonical: C\n    type: planet\n",
        "entries:\n  - canonical: A\n    variants: [{text: {a: 1}}]\n",
        "entries:\n  - canonical: A\n    type: place\n    surname: A\n",
        "rules:\n  - match: a\n    pattern: b\n    replace: c\n",
        "rules:\n  - match: a\n",
        "colour: red\n",
        "entries:\n  - canonical: '  '\n",
        "entries: {a: 1}\n",
    ],
)
def test_schema_rejects_what_the_loader_rejects(text: str) -> None:
    """The schema and the loader agree on the shape of a lexicon."""
    _, diags = parse_lexicon(text, "x.yaml")
    assert any(d.severity == "error" for d in diags)
    assert schema_check(text, "x.yaml") != []


def test_schema_describes_examples_and_guard() -> None:
    entry = schema()["$defs"]["entry"]["properties"]
    assert {"examples", "guard"} <= set(entry)
    ok = (
        "entries:\n  - canonical: A\n    guard: false\n"
        "    examples:\n      - {text: a, fixed: A}\n      - unchanged: b\n"
    )
    assert schema_check(ok, "x.yaml") == []


def test_validate_reports_malformed_examples_with_place(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    p = tmp_path / "x.yaml"
    p.write_text("entries:\n  - canonical: A\n    examples:\n      - {text: a}\n", encoding="utf-8")
    assert run(capsys, "lexicon", "validate", str(p)) == (
        2,
        f"{p}:4:9: entries[0].examples[0]: schema: 'fixed' is a required property\n",
        "1 error(s), 0 warning(s)\n",
    )


def test_validate_does_not_repeat_the_loaders_errors(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    p = tmp_path / "x.yaml"
    p.write_text("entries:\n  - canonical: A\n    variants: [{text: B, bogus: 1}]\n", encoding="utf-8")
    code, out, _ = run(capsys, "lexicon", "validate", str(p))
    assert code == 2
    assert out == (
        f"{p}:3:26: entries[0].variants[0].bogus: unknown field "
        "(expected one of: case_sensitive, context, guard, text)\n"
    )


def test_schema_ships_in_the_package() -> None:
    import normalize

    assert (Path(normalize.__file__).parent / "schema" / "lexicon.schema.json").is_file()
    assert schema()["$schema"] == "https://json-schema.org/draft/2020-12/schema"


# --- examples ------------------------------------------------------------------------------


def test_bundled_examples_pass(default: Normalizer) -> None:
    examples = [ex for p in sorted(LEXICONS.glob("*.yaml")) for ex in read(p)[0]]
    assert len(examples) >= 8
    assert {ex.fixed is None for ex in examples} == {True, False}
    assert [f.report() for f in check(examples, default)] == []


def test_lexicon_test_command_on_the_bundled_lexicon(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "lexicon", "test", str(LEXICONS))
    assert (code, out) == (0, "")
    assert err.endswith(" failure(s), 0 malformed\n") and ", 0 failure(s)" in err


def test_lexicon_test_loads_a_copy_of_a_bundled_file_once(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A copy of the bundled lexicon (as the checkout is to an installed wheel) is not a second lexicon."""
    copy = tmp_path / "lexicons"
    shutil.copytree(LEXICONS, copy)
    code, _, err = run(capsys, "lexicon", "test", str(copy))
    assert code == 0, err


def test_lexicon_test_fails_with_a_diff(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    p = tmp_path / "mine.yaml"
    p.write_text(
        "entries:\n"
        "  - canonical: Bani Walid\n"
        "    type: place\n"
        "    examples:\n"
        "      - text: Fighting near Beni Valid.\n"
        "        fixed: Fighting near Bani Walid.\n"
        "      - unchanged: Bani Walid is quiet.\n",
        encoding="utf-8",
    )
    code, out, err = run(capsys, "lexicon", "test", "--no-default-lexicon", str(p))
    assert code == 1
    assert out == (
        f"{p}:5: bani-walid: not fixed as expected\n"
        "  --- expected\n"
        "  +++ got\n"
        "  @@ -1 +1 @@\n"
        "  -Fighting near Bani Walid.\n"
        "  +Fighting near Beni Valid.\n"
    )
    assert err == "2 example(s), 1 failure(s), 0 malformed\n"


def test_lexicon_test_must_not_change(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    p = tmp_path / "mine.yaml"
    p.write_text(
        "entries:\n  - canonical: Ras Lanuf\n    examples:\n      - unchanged: Near RAS lanuf.\n",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "lexicon", "test", "--no-default-lexicon", str(p))
    assert code == 1
    assert out.startswith(
        f"{p}:4: ras-lanuf: must stay unchanged, but: 'RAS lanuf' -> 'Ras Lanuf' (ras-lanuf)\n"
    )


def test_lexicon_test_malformed_example_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    p = tmp_path / "mine.yaml"
    p.write_text("entries:\n  - canonical: A\n    examples: [{fixed: x}]\n", encoding="utf-8")
    code, _, err = run(capsys, "lexicon", "test", "--no-default-lexicon", str(p))
    assert code == 2
    assert err == (
        f"{p}:3:16: entries[0].examples[0]: an example is {{text: ..., fixed: ...}} or {{unchanged: ...}}\n"
        "0 example(s), 0 failure(s), 1 malformed\n"
    )


# --- lexicon add ---------------------------------------------------------------------------


def test_edit_keeps_the_unchanged_bundled_lexicon_byte_for_byte() -> None:
    text = LIBYA.read_text(encoding="utf-8")
    new = edit(text, [Change("variant", "ras-lanuf", "Ras Lanoof")], "libya.yaml").text
    old_lines, new_lines = text.splitlines(), new.splitlines()
    assert len(new_lines) == len(old_lines)
    changed = [(a, b) for a, b in zip(old_lines, new_lines, strict=True) if a != b]
    assert changed == [
        (
            '    variants: [Ras Lanouf, Ras al-Unuf, Ras al-Anuf, "Ra\'s Lanuf"]',
            '    variants: [Ras Lanouf, Ras al-Unuf, Ras al-Anuf, "Ra\'s Lanuf", Ras Lanoof]',
        )
    ]


def test_edit_adds_every_kind_keeping_comments_and_blank_lines() -> None:
    result = edit(
        MINI,
        [
            Change("variant", "khalifa-haftar", "Haftarov", (("context", True),)),
            Change("accepted", "ras-lanuf", "Ras al-Unuf"),
            Change("context", "ras-lanuf", "oil port"),
            Change("entry", "", "Bani Walid", type="place", variants=("Beni Walid",)),
        ],
        "mine.yaml",
    )
    assert result.text == (
        "# my names\n"
        "language: en\n"
        "entries:\n"
        "  # people\n"
        "  - id: khalifa-haftar\n"
        "    canonical: Khalifa Haftar\n"
        "    type: person\n"
        "    variants: [Khalifa Hifter, {text: Haftarov, context: true}] # AP style\n"
        "\n"
        "  - canonical: Ras Lanuf\n"
        "    type: place\n"
        "    accepted: [Ras al-Unuf]\n"
        "    context: [oil port]\n"
        "\n"
        "  - id: bani-walid\n"
        "    canonical: Bani Walid\n"
        "    type: place\n"
        "    variants: [Beni Walid]\n"
    )
    assert len(result.applied) == 4


def test_edit_skips_what_is_already_there() -> None:
    result = edit(MINI, [Change("variant", "khalifa-haftar", "khalifa  HIFTER")], "mine.yaml")
    assert result.text == MINI
    assert result.unchanged == ["variant 'khalifa  HIFTER' of khalifa-haftar: already a form of the entry"]


#: A variant the loader refuses (names are capped at 500 characters).
TOO_LONG = "Ras " + "z" * 600


def test_edit_refuses_what_would_not_validate() -> None:
    with pytest.raises(EditError) as info:
        edit(MINI, [Change("variant", "ras-lanuf", TOO_LONG)], "mine.yaml")
    assert info.value.reasons[0] == "the change would make the lexicon invalid:"
    assert any("longer than 500 characters" in r for r in info.value.reasons)
    # a name another entry has too is a homonym, not an error: the document decides
    shared = edit(MINI, [Change("variant", "ras-lanuf", "Khalifa Haftar")], "mine.yaml")
    assert "Khalifa Haftar" in shared.text
    with pytest.raises(EditError, match="no entry with id 'nope'"):
        edit(MINI, [Change("variant", "nope", "X")], "mine.yaml")
    with pytest.raises(EditError, match="an entry with id 'ras-lanuf' already exists"):
        edit(MINI, [Change("entry", "", "Ras Lanuf")], "mine.yaml")


def test_edit_reports_new_ordinary_word_warnings() -> None:
    result = edit(MINI, [Change("variant", "ras-lanuf", "Rest")], "mine.yaml")
    assert [d.field for d in result.warnings] == ["ras-lanuf.variants"]


def test_cli_add(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    p = tmp_path / "mine.yaml"
    p.write_text(MINI, encoding="utf-8")
    assert run(capsys, "lexicon", "add", str(p), "--entry", "ras-lanuf", "--variant", "Ras Lanoof") == (
        0,
        "",
        "added: variant 'Ras Lanoof' of ras-lanuf\n",
    )
    assert "    variants: [Ras Lanoof]\n" in p.read_text(encoding="utf-8")
    code, out, err = run(
        capsys, "lexicon", "add", str(p), "--new", "Bani Walid", "--type", "place", "--dry-run"
    )
    assert (code, err) == (0, "")
    assert out.splitlines()[-3:] == ["+  - id: bani-walid", "+    canonical: Bani Walid", "+    type: place"]
    assert "bani-walid" not in p.read_text(encoding="utf-8")


def test_cli_add_refusal_leaves_the_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    p = tmp_path / "mine.yaml"
    p.write_text(MINI, encoding="utf-8")
    code, out, err = run(capsys, "lexicon", "add", str(p), "--entry", "ras-lanuf", "--variant", TOO_LONG)
    assert (code, out) == (2, "")
    assert err.startswith("error: the change would make the lexicon invalid:\n  ")
    assert err.endswith(f"error: {p} left unchanged\n")
    assert p.read_text(encoding="utf-8") == MINI
    assert run(capsys, "lexicon", "add", str(p), "--variant", "X") == (
        2,
        "",
        "error: --variant, --accepted and --context-word need --entry ID (or --new)\n"
        f"error: {p} left unchanged\n",
    )


# --- lexicon suggest -----------------------------------------------------------------------


def test_name_spans_skip_ordinary_words_and_claimed_names() -> None:
    text = "However, the Beni Valid elders met Khalifa Haftar and Fayez Sarradzhov in Wadi Zemzem."
    covered = [
        (text.index("Khalifa"), text.index("Khalifa") + 14),
        (text.index("Sarradzhov"), text.index(" in W")),
    ]
    assert [text[s:e] for s, e in name_spans(text, covered)] == ["Beni Valid", "Wadi Zemzem"]
    other = "They reached Bab al Aziziya. The Ras Lanof port. Monday was calm."
    assert [other[s:e] for s, e in name_spans(other, [])] == ["Bab al Aziziya", "Ras Lanof"]


def test_cluster_key_strips_case_endings() -> None:
    assert cluster_key("Haftarom") == ("haftar", "om")
    assert cluster_key("Haftaru")[0] == cluster_key("Haftar")[0] == "haftar"
    assert cluster_key("Lima") == ("lima", "")  # too short a stem to strip


def test_homonyms_are_left_to_the_reviewer(tmp_path: Path) -> None:
    """Two entries as near as each other: no entry is chosen, the mechanism names the other."""
    text = "entries:\n  - {id: tripoli-ly, canonical: Tripoli}\n  - {id: tripoli-lb, canonical: Tripoli}\n"
    lexicon, _ = parse_lexicon(text, "two.yaml")
    normalizer = Normalizer([lexicon.__class__(entries=lexicon.entries[:1])], default_lexicon=False)
    normalizer.index.lexicon = lexicon  # both homonyms, as the engine rebuild will allow
    spans = collect([("a.txt", "Fighting in Tripolis today.\n")], normalizer)
    [proposal] = propose(spans, normalizer)
    assert (proposal.entry, proposal.text) == (None, "Tripolis")
    assert proposal.mechanism.endswith("(Tripoli) is as near: left to the reviewer)")


def test_propose_known_entry_and_new_name(default: Normalizer) -> None:
    docs = [
        ("a.txt", "Officials said Ghassan Salamov arrived. Later Ghassan Salamov left Tripoli.\n"),
        ("b.txt", "Elders of Wadi Zemzem met in Tripoli.\nWadi Zemzem is quiet.\n"),
    ]
    proposals = propose(collect(docs, default), default)
    by_text = {p.text: p for p in proposals}
    salame = by_text["Ghassan Salamov"]
    assert (salame.entry, salame.count, salame.variants) == ("ghassan-salame", 2, ["Ghassan Salamov"])
    assert (
        salame.mechanism == "keys 'kasan salamov' ~ 'kasan salame' (ratio 88), letters 87 to 'Ghassan Salame'"
    )
    assert salame.score == pytest.approx((88 + 100 * 13 / 15) / 2, abs=0.5)
    assert salame.examples == [
        "a.txt:1: Officials said Ghassan Salamov arrived. Later Ghassan Salamov left Tripoli."
    ]
    zemzem = by_text["Wadi Zemzem"]
    assert (zemzem.entry, zemzem.canonical, zemzem.count) == (None, "Wadi Zemzem", 2)
    assert zemzem.mechanism.startswith("new name")
    assert {"text", "entry", "score", "count", "examples"} <= set(salame.as_dict())


def test_suggest_review_add_workflow(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Suggest from text, apply the reviewed patch, and the names are then fixed."""
    corpus = tmp_path / "news.txt"
    corpus.write_text(
        "Forces loyal to Khalifa Haftar entered Ras Lanof on Monday.\n"
        "Witnesses in Ras Lanof reported shelling.\n"
        "Elders of Wadi Zemzem met the mayor.\n",
        encoding="utf-8",
    )
    mine = tmp_path / "mine.yaml"
    mine.write_text(MINI, encoding="utf-8")
    patch = tmp_path / "patch.yaml"
    code, out, err = run(
        capsys,
        "lexicon",
        "suggest",
        str(corpus),
        "--lexicon",
        str(mine),
        "--no-default-lexicon",
        "-o",
        str(patch),
    )
    assert (code, out) == (1, "")
    assert err == (
        "3 unclaimed name span(s) in 1 input(s); "
        "2 proposal(s): 1 variant(s) of known entries, 1 new name(s)\n"
    )
    doc = yaml.safe_load(patch.read_text(encoding="utf-8"))
    assert [(p["entry"], p["canonical"], p["variants"], p.get("lexicon")) for p in doc["proposals"]] == [
        ("ras-lanuf", "Ras Lanuf", ["Ras Lanof"], str(mine)),
        (None, "Wadi Zemzem", [], None),
    ]
    code, out, _ = run(
        capsys, "lexicon", "suggest", str(corpus), "-l", str(mine), "--no-default-lexicon", "--format", "json"
    )
    assert code == 1 and [p["text"] for p in json.loads(out)][:1] == ["Ras Lanof"]
    # the reviewer corrects the new entry's canonical, keeps the spelling seen as a variant
    doc["proposals"][1].update(canonical="Wadi Zamzam", variants=["Wadi Zemzem"], type="place")
    patch.write_text(yaml.safe_dump(doc), encoding="utf-8")
    assert run(capsys, "lexicon", "add", str(mine), "--from-suggest", str(patch))[0] == 0
    fixed = Normalizer([mine], default_lexicon=False).fix(corpus.read_text(encoding="utf-8")).text
    assert "Ras Lanuf on Monday" in fixed and "Elders of Wadi Zamzam" in fixed


def test_changes_from_patch_errors() -> None:
    with pytest.raises(EditError, match=r"p.yaml: not a suggest patch"):
        changes_from_patch("[1]\n", "p.yaml")
    with pytest.raises(EditError, match=r"p.yaml: proposals\[0\]: a new entry needs a canonical"):
        changes_from_patch("proposals:\n  - entry: null\n", "p.yaml")


def test_suggest_on_the_seed_proposes_no_known_name_twice(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    seed = tmp_path / "seed.txt"
    shutil.copy(ROOT / "seeds" / "000_387b84daa57bcaad.txt", seed)
    code, out, _ = run(capsys, "lexicon", "suggest", str(seed), "--format", "json")
    assert code in (0, 1)
    proposals = json.loads(out)
    assert all(p["text"] not in {"Khalifa Haftar", "Ras Lanuf", "Benghazi"} for p in proposals)


def test_edit_keeps_the_layout_of_an_imported_file() -> None:
    """Unindented lists (as PyYAML writes them) stay unindented; only the new line is new."""
    from normalize.lexicon_io import dump_yaml

    doc = {
        "language": "en",
        "entries": [{"id": f"e{i}", "canonical": f"Name {i}", "variants": [f"Nam {i}"]} for i in range(30)],
    }
    text = dump_yaml(doc, "imported")
    new = edit(text, [Change("variant", "e29", "Nayme 29")], "geo.yaml").text
    assert new == text + "  - Nayme 29\n"


def test_edit_is_not_blamed_for_what_was_already_wrong() -> None:
    """A file with an old conflict still takes a change that adds no new problem."""
    broken = MINI + f"    variants: [{TOO_LONG}]\n"  # an overlong name: an error already there
    assert any(d.severity == "error" for d in _diagnostics(broken, "mine.yaml"))
    result = edit(broken, [Change("variant", "ras-lanuf", "Ras Lanoof")], "mine.yaml")
    assert f"[{TOO_LONG}, Ras Lanoof]" in result.text
    with pytest.raises(EditError):
        edit(broken, [Change("variant", "ras-lanuf", TOO_LONG + "y")], "mine.yaml")


def test_suggest_min_count(default: Normalizer) -> None:
    docs = [("a.txt", "Elders of Wadi Zemzem met. Ghassan Salamov spoke.\nWadi Zemzem is calm.\n")]
    spans = collect(docs, default)
    assert [p.text for p in propose(spans, default, min_count=2)] == ["Wadi Zemzem"]
    assert sorted(p.text for p in propose(spans, default)) == ["Ghassan Salamov", "Wadi Zemzem"]
