"""Lexicon loading, validation messages, merging and the bundled default."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from normalize import (
    Entry,
    Lexicon,
    LexiconError,
    Normalizer,
    Rule,
    Variant,
    build_lexicon,
    load_lexicon,
    parse_lexicon,
    validate,
)
from normalize.cli import main
from normalize.lexicon import check_lexicon, default_lexicon_paths, merge, read_many
from normalize.model import EntryType


def errors(text: str) -> list[str]:
    _, diags = parse_lexicon(text, "lex.yaml")
    return [str(d) for d in diags if d.severity == "error"]


def test_minimal_form_loads_with_derived_id() -> None:
    """The minimal documented form works and derives the id from the canonical."""
    lex, diags = parse_lexicon(
        "entries:\n  - canonical: Benghazi\n    type: place\n    variants: [Bengasi, Banghazi]\n", "x.yaml"
    )
    assert not diags
    (entry,) = lex.entries
    assert (entry.id, entry.canonical, entry.type) == ("benghazi", "Benghazi", EntryType.PLACE)
    assert [v.text for v in entry.variants] == ["Bengasi", "Banghazi"]


def test_person_name_parts_are_inferred() -> None:
    """A person's given names, surname and short form come from the canonical when absent."""
    lex, _ = parse_lexicon("entries:\n  - canonical: Khalifa al-Obeidi\n    type: person\n", "x.yaml")
    e = lex.entries[0]
    assert (e.given, e.surname, e.short) == (("Khalifa",), "al-Obeidi", "al-Obeidi")


def test_every_error_is_reported_with_place() -> None:
    """Validation collects all errors, each as path:line:column: field: message."""
    text = (
        "entries:\n"
        "  - canonical: A\n"
        "    variants: [{text: B, bogus: 1}]\n"
        "  - type: place\n"
        "  - canonical: C\n"
        "    type: planet\n"
    )
    assert errors(text) == [
        "lex.yaml:3:26: entries[0].variants[0].bogus: unknown field "
        "(expected one of: case_sensitive, context, guard, text)",
        "lex.yaml:4:5: entries[1]: missing required field 'canonical'",
        "lex.yaml:6:11: entries[2].type: expected one of person, place, org, term, got 'planet'",
    ]


def test_wrong_type_names_what_it_got() -> None:
    """A mapping where a string belongs says so."""
    assert errors("entries:\n  - canonical: A\n    variants: [{text: {a: 1}}]\n") == [
        "lex.yaml:3:23: entries[0].variants[0].text: expected a string, got a mapping"
    ]


def test_yaml_syntax_error_has_position() -> None:
    """A YAML syntax error is a diagnostic with line and column, not a traceback."""
    (msg,) = errors("entries:\n  - canonical: [unclosed\n")
    assert msg.startswith("lex.yaml:3:1: yaml: ")


def test_aliases_are_refused() -> None:
    """Anchors and aliases are refused (no 'billion laughs' expansion)."""
    bomb = "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n"
    assert any("aliases" in m for m in errors(bomb))


@pytest.mark.parametrize("name", ["a", "-x", "_y", "9"])
def test_aliases_to_any_anchor_name_are_refused(name: str) -> None:
    """An anchor name of digits, hyphens or underscores is one too (the walk is skipped only without any)."""
    text = f"entries:\n  - canonical: &{name} Zintan\n    variants: [*{name}]\n"
    assert errors(text) == ["lex.yaml:2:16: yaml: aliases (*name) are not allowed in lexicons"]


def test_ampersand_in_a_name_is_no_anchor() -> None:
    text = 'entries:\n  - canonical: "Saint-Pierre & Miquelon"\n    variants: ["A & *B"]\n'
    assert errors(text) == []


def test_rule_needs_match_or_pattern_and_valid_regex() -> None:
    """Rules are checked: exactly one of match/pattern, and a pattern that compiles."""
    text = "rules:\n  - replace: x\n  - pattern: '(unclosed'\n    replace: y\n"
    msgs = errors(text)
    assert (
        msgs[0]
        == "lex.yaml:2:5: rules[0]: a rule needs exactly one of 'match' (literal) or 'pattern' (regex)"
    )
    assert msgs[1].startswith("lex.yaml:3:14: rules[1].pattern: invalid regular expression")


def test_shared_variant_across_files_is_a_homonym(tmp_path: Path) -> None:
    """A variant claimed by two entries is information (a homonym), not an error."""
    (tmp_path / "a.yaml").write_text("entries:\n  - canonical: Sirte\n    variants: [Surt]\n")
    (tmp_path / "b.yaml").write_text("entries:\n  - canonical: Sirt Town\n    variants: [Surt]\n")
    diags = validate([tmp_path])
    assert [str(d) for d in diags] == [
        "info: homonyms: 1 name(s) are shared by 2 entries (homonyms); the document decides between "
        "them (`normalize lexicon validate --verbose` lists them)"
    ]
    verbose = [str(d) for d in validate([tmp_path], verbose=True)]
    assert verbose[1:] == [
        f"{tmp_path / 'a.yaml'}:2:1: info: sirte.variants: variant 'surt' is also a name of sirt-town "
        "(homonyms: the document decides)",
        f"{tmp_path / 'b.yaml'}:2:1: info: sirt-town.variants: variant 'surt' is also a name of sirte "
        "(homonyms: the document decides)",
    ]
    lex = merge([load_lexicon(tmp_path / "a.yaml"), load_lexicon(tmp_path / "b.yaml")])
    assert [e.id for e in lex.entries] == ["sirt-town", "sirte"]
    assert [d.field for d in lex.warnings] == ["homonyms"]


def test_shared_context_variant_is_allowed(tmp_path: Path) -> None:
    """Two entries may share a variant when both mark it `context: true`."""
    (tmp_path / "a.yaml").write_text(
        "entries:\n  - canonical: Alpha\n    variants: [{text: Zed, context: true}]\n"
        "  - canonical: Beta\n    variants: [{text: Zed, context: true}]\n"
    )
    assert not [d for d in validate([tmp_path]) if d.severity == "error"]


def test_duplicate_id_is_an_error() -> None:
    """Two entries with one id are reported."""
    a, _ = parse_lexicon("entries:\n  - {id: x, canonical: A}\n", "a.yaml")
    b, _ = parse_lexicon("entries:\n  - {id: x, canonical: B}\n", "b.yaml")
    with pytest.raises(LexiconError, match=r"id 'x' is already used at a\.yaml:2"):
        merge([a, b])


def test_ordinary_word_variant_warns() -> None:
    """A one-word variant that is an ordinary English word gets a warning, not an error."""
    _, diags = parse_lexicon("entries:\n  - canonical: Soda Springs\n    variants: [Soda, Rest]\n", "g.yaml")
    warnings = [str(d) for d in diags if d.severity == "warning"]
    assert len(warnings) == 2
    assert warnings[0].startswith(
        "g.yaml:2:1: warning: soda-springs.variants: 'Soda' is made of ordinary en words; "
    )


def test_merge_is_order_independent() -> None:
    """Merging lexicons gives the same result whatever their order."""
    a, _ = parse_lexicon("entries:\n  - canonical: Tobruk\n", "a.yaml")
    b, _ = parse_lexicon("entries:\n  - canonical: Derna\n", "b.yaml")
    assert merge([a, b]).entries == merge([b, a]).entries


def test_file_errors_name_the_file(tmp_path: Path) -> None:
    """Unreadable or non-UTF-8 lexicon files are diagnostics naming the file."""
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"entries:\n  - canonical: \xff\n")
    with pytest.raises(LexiconError, match=r"bad.yaml:1:1: file: not UTF-8 \(byte 24\)"):
        load_lexicon(bad)


def test_default_lexicon_is_valid_and_found() -> None:
    """The bundled lexicons are found and validate without errors."""
    paths = default_lexicon_paths()
    assert {p.name for p in paths} >= {"libya.yaml", "mt-artifacts.yaml"}
    assert not [str(d) for d in validate(paths) if d.severity == "error"]


def test_oversized_lexicon_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A lexicon file over the size limit is refused before parsing, with a message."""
    from normalize import lexicon as lexicon_module

    monkeypatch.setattr(lexicon_module, "MAX_LEXICON_BYTES", 100)
    big = tmp_path / "big.yaml"
    big.write_text("entries:\n" + "  - canonical: Zintan\n" * 10)
    with pytest.raises(LexiconError, match=r"big\.yaml:1:1: file: larger than 100 bytes; refused"):
        load_lexicon(big)


def test_too_many_nodes_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """A document with more nodes than the limit is refused with a message."""
    from normalize import lexicon as lexicon_module

    monkeypatch.setattr(lexicon_module, "MAX_NODES", 10)
    assert any("more than 10 nodes" in m for m in errors("entries: [" + ", ".join(["x"] * 20) + "]\n"))


# --- listed variants are instructions: the case-aware guard and `guard: false` -------------


def warnings_of(text: str) -> list[str]:
    _, diags = parse_lexicon(text, "g.yaml")
    return [str(d) for d in diags if d.severity == "warning"]


def test_capitalised_names_are_not_held_back() -> None:
    """Variants that English writes capitalised (Kiev, Damascus...) are names, not ordinary words.

    They are not held back; a frequent one is applied where the document names the entry,
    and the warning says so and how to apply it everywhere.
    """
    text = "entries:\n  - canonical: Kyiv\n    variants: [Kiev, Damascus, Aleppo, Crimea, Donetsk]\n"
    warnings = warnings_of(text)
    assert not any("ordinary" in w for w in warnings)
    assert warnings and all("frequent name in its own right" in w and "guard: false" in w for w in warnings)


def test_held_back_variant_warning_says_how_to_apply_it() -> None:
    """An ordinary-word variant is held back, and the warning names `guard: false`."""
    (warning,) = warnings_of("entries:\n  - canonical: Python\n    variants: [python]\n")
    assert warning == (
        "g.yaml:2:1: warning: python.variants: 'python' is made of ordinary en words; the guard holds "
        "it back, so it is never applied as it stands. To apply it as written wherever it stands as a "
        "whole word, add `guard: false` to this variant (or `context: true` to apply it, with its exact "
        "casing, only where the entry's context words occur)"
    )


def test_guard_switch_resolves_file_entry_variant() -> None:
    """`guard:` is read per file, per entry and per variant, the nearest one winning."""
    lex, diags = parse_lexicon(
        "guard: false\n"
        "entries:\n"
        "  - canonical: Python\n"
        "    variants: [python, {text: Snake, guard: true}]\n"
        "  - canonical: Soda Springs\n"
        "    guard: true\n"
        "    variants: [Soda, {text: Rest, guard: false}]\n",
        "g.yaml",
    )
    assert [(v.text, v.guard) for e in lex.entries for v in e.variants] == [
        ("python", False),
        ("Snake", True),
        ("Soda", True),
        ("Rest", False),
    ]
    assert [d.message.split(";")[0] for d in diags] == [
        "'Snake' is made of ordinary en words",
        "'Soda' is made of ordinary en words",
    ]
    default, _ = parse_lexicon("entries:\n  - canonical: A\n    variants: [B]\n", "g.yaml")
    assert default.entries[0].variants[0].guard is True


def test_guard_switch_must_be_a_boolean() -> None:
    """A `guard:` that is not true/false is an error with its place."""
    assert errors("guard: maybe\nentries:\n  - canonical: A\n    variants: [{text: B, guard: 1}]\n") == [
        "lex.yaml:1:8: guard: expected true or false, got a string",
        "lex.yaml:4:33: entries[0].variants[0].guard: expected true or false, got a number",
    ]


# --- languages ---------------------------------------------------------------------------


def test_language_must_be_a_code() -> None:
    """`language: english` is a lexicon error naming the codes, not a traceback."""
    (msg,) = errors("language: english\nentries:\n  - canonical: A\n")
    assert msg.startswith("lex.yaml:1:11: language: unknown language 'english': expected a language code ")
    assert ", en, " in msg
    lex, diags = parse_lexicon("language: de\nentries:\n  - canonical: A\n", "x.yaml")
    assert (lex.language, diags) == ("de", [])


def test_source_languages_must_have_endings() -> None:
    """An unknown source language is an error naming the supported codes, at file and entry level."""
    text = "source_languages: [ukr, ru]\nentries:\n  - canonical: A\n    source_languages: [uk, rus]\n"
    assert errors(text) == [
        "lex.yaml:1:20: source_languages[0]: unknown source language 'ukr': "
        "expected one of ar, de, es, fr, ru, tr, uk",
        "lex.yaml:4:28: entries[0].source_languages[1]: unknown source language 'rus': "
        "expected one of ar, de, es, fr, ru, tr, uk",
    ]


# --- homonyms ------------------------------------------------------------------------------


def test_homonym_canonicals_load_and_merge() -> None:
    """Two places called Tripoli are two entries; an id used twice is still an error."""
    a, diags = parse_lexicon(
        "entries:\n  - {id: tripoli-ly, canonical: Tripoli}\n  - {id: tripoli-lb, canonical: Tripoli}\n",
        "a.yaml",
    )
    assert not diags
    lex = merge([a])
    assert [e.id for e in lex.entries] == ["tripoli-lb", "tripoli-ly"]
    (info,) = lex.warnings
    assert (info.severity, info.message.split(";")[0]) == (
        "info",
        "1 name(s) are shared by 2 entries (homonyms)",
    )
    b, _ = parse_lexicon("entries:\n  - {id: tripoli-ly, canonical: Tarabulus}\n", "b.yaml")
    with pytest.raises(LexiconError, match=r"b\.yaml:2:1: id: id 'tripoli-ly' is already used at a\.yaml:2"):
        merge([a, b])


# --- overriding the bundled lexicon ------------------------------------------------------------


def user_and_bundled(tmp_path: Path, text: str) -> tuple[Path, list[Lexicon]]:
    user = tmp_path / "mine.yaml"
    user.write_text(text)
    return user, read_many([*default_lexicon_paths(), user])


def test_user_entry_replaces_bundled_entry(tmp_path: Path) -> None:
    """A user entry with a bundled id replaces it, said once as information, never an error."""
    user, lexicons = user_and_bundled(
        tmp_path, "entries:\n  - id: khalifa-haftar\n    canonical: Khalifa Belqasim Haftar\n"
    )
    assert [lx.bundled for lx in lexicons] == [True, True, False]
    lex = merge(lexicons)
    (entry,) = [e for e in lex.entries if e.id == "khalifa-haftar"]
    assert entry.canonical == "Khalifa Belqasim Haftar"
    notes = [str(d) for d in lex.warnings if d.field == "khalifa-haftar.id"]
    assert notes == [
        f"{user}:2:1: info: khalifa-haftar.id: entry 'khalifa-haftar' of {user} replaces the bundled "
        "entry with this id"
    ]
    assert not [d for d in validate([*default_lexicon_paths(), user]) if d.severity == "error"]
    assert [e.canonical for e in build_lexicon([user]).entries if e.id == "khalifa-haftar"] == [
        "Khalifa Belqasim Haftar"
    ]


def test_user_clash_with_bundled_names_is_no_error(tmp_path: Path) -> None:
    """A user entry claiming a bundled entry's name under another id is a homonym, not an error."""
    _, lexicons = user_and_bundled(tmp_path, "entries:\n  - id: my-haftar\n    canonical: Khalifa Haftar\n")
    lex = merge(lexicons)
    assert {"my-haftar", "khalifa-haftar"} <= {e.id for e in lex.entries}


def test_disable_removes_bundled_entries_and_warns_on_unknown_ids(tmp_path: Path) -> None:
    """`disable:` drops bundled entries and rules; an id no bundled item has is a warning at its line."""
    user, lexicons = user_and_bundled(
        tmp_path, "disable:\n  - khalifa-haftar\n  - translators-note-ru\n  - no-such-id\n"
    )
    lex = merge(lexicons)
    ids = {e.id for e in lex.entries} | {r.id for r in lex.rules}
    assert not {"khalifa-haftar", "translators-note-ru"} & ids
    assert "saddam-haftar" in ids
    assert [str(d) for d in lex.warnings if d.field == "disable"] == [
        f"{user}:4:1: warning: disable: 'no-such-id' is not the id of a bundled entry or rule; "
        "nothing disabled"
    ]
    # validating the user file alone checks its ids against the bundled lexicon too
    assert [str(d) for d in validate([user])] == [
        f"{user}:4:1: warning: disable: 'no-such-id' is not the id of a bundled entry or rule; "
        "nothing disabled"
    ]


# --- one validation path for lexicons built in code ----------------------------------------


def code_errors(*entries: object, rules: tuple[object, ...] = ()) -> list[str]:
    with pytest.raises(LexiconError) as info:
        merge([Lexicon(entries=entries, rules=rules)])  # type: ignore[arg-type]
    return [str(d) for d in info.value.diagnostics]


def test_bad_entries_built_in_code_are_lexicon_errors() -> None:
    """A bad Entry built in code raises LexiconError naming the entry, the field and the problem."""
    assert code_errors(
        Entry(id="empty", canonical=""),
        Entry(id="odd", canonical="Odd", variants=(42,)),  # type: ignore[arg-type]
        Entry(id="haftar", canonical="Khalifa Haftar", type=EntryType.PERSON, surname="Hifter"),
        Entry(id="planet", canonical="Mars", type="planet"),  # type: ignore[arg-type]
        Entry(id="chars", canonical="Chars", accepted="Charz"),  # type: ignore[arg-type]
        Entry(id="town", canonical="Town", surname="Own"),
        Entry(id="ukr", canonical="Ukr", source_languages=("ukr",)),
        Entry(id="", canonical="No Id"),
        rules=(Rule(id="bad-rule", replace="x", pattern="(unclosed"),),
    ) == [
        "<code>: empty.canonical: must be a non-empty string, got ''",
        "<code>: odd.variants[0]: expected a Variant or a string, got 42",
        "<code>: haftar.surname: 'Hifter' is not part of the canonical 'Khalifa Haftar'",
        "<code>: planet.type: expected one of person, place, org, term, got 'planet'",
        "<code>: chars.accepted: expected a tuple of strings, got a string",
        "<code>: town.surname: only a person entry has name parts",
        "<code>: ukr.source_languages[0]: unknown source language 'ukr': "
        "expected one of ar, de, es, fr, ru, tr, uk",
        "<code>: entries[7].id: must be a non-empty string, got ''",
        "<code>: bad-rule.pattern: invalid regular expression: missing ) at position 9",
    ]


def test_code_built_lexicon_is_completed_like_yaml() -> None:
    """Strings as variants become Variants and a person's name parts are inferred, as from YAML."""
    person = Entry(id="khalifa-al-obeidi", canonical="Khalifa al-Obeidi", type=EntryType.PERSON)
    place = Entry(id="sirte", canonical="Sirte", variants=["Surt"], origin="mine.py:3")  # type: ignore[arg-type]
    lex = merge([Lexicon(entries=(person, place))])
    from_yaml, _ = parse_lexicon("entries:\n  - canonical: Khalifa al-Obeidi\n    type: person\n", "x.yaml")
    got = lex.entries[0]
    want = from_yaml.entries[0]
    assert (got.given, got.surname, got.short) == (want.given, want.surname, want.short)
    assert lex.entries[1].variants == (Variant("Surt"),)
    held = check_lexicon(Lexicon(entries=(replace(place, variants=(Variant("Soda"),)),)))
    assert [(d.path, d.line, d.severity) for d in held] == [("mine.py", 3, "warning")]


def test_lexicon_validate_reports_homonyms_as_information(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """`lexicon validate` sums homonyms up in one line (exit 0); --verbose lists each name."""
    lex = tmp_path / "towns.yaml"
    lex.write_text("entries:\n  - {id: a, canonical: Hajjiabad}\n  - {id: b, canonical: Hajjiabad}\n")
    assert main(["lexicon", "validate", str(lex)]) == 0
    out, err = capsys.readouterr()
    assert out == (
        "info: homonyms: 1 name(s) are shared by 2 entries (homonyms); the document decides between "
        "them (`normalize lexicon validate --verbose` lists them)\n"
    )
    assert err == "0 error(s), 0 warning(s)\n"
    assert main(["lexicon", "validate", "--verbose", str(lex)]) == 0
    out, _ = capsys.readouterr()
    assert out.splitlines()[1:] == [
        f"{lex}:2:1: info: a.canonical: canonical 'hajjiabad' is also a name of b "
        "(homonyms: the document decides)",
        f"{lex}:3:1: info: b.canonical: canonical 'hajjiabad' is also a name of a "
        "(homonyms: the document decides)",
    ]


def test_cli_says_once_which_bundled_entries_a_user_lexicon_replaces(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """`check --lexicon mine.yaml` tells on stderr, once per run, what replaced the bundled entry."""
    user = tmp_path / "mine.yaml"
    user.write_text("disable: [nope]\nentries:\n  - id: khalifa-haftar\n    canonical: Khalifa Haftar\n")
    text = tmp_path / "a.txt"
    text.write_text("Forces of Khalifa Haftar.\n")
    for _ in range(2):  # the second run loads the index from the cache
        assert main(["check", "--lexicon", str(user), str(text)]) == 0
        _, err = capsys.readouterr()
        assert err.splitlines()[:2] == [
            f"{user}:1:1: warning: disable: 'nope' is not the id of a bundled entry or rule; "
            "nothing disabled",
            f"{user}:3:1: info: khalifa-haftar.id: entry 'khalifa-haftar' of {user} replaces the bundled "
            "entry with this id",
        ]


def test_normalizer_refuses_a_bad_code_built_entry() -> None:
    """Normalizer(Lexicon(...)) raises LexiconError naming the entry, not an error deep in the index."""
    with pytest.raises(LexiconError, match=r"^<code>: x\.canonical: must be a non-empty string, got ''$"):
        Normalizer([Lexicon(entries=(Entry(id="x", canonical=" "),))], default_lexicon=False)
