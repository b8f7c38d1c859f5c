"""Lexicon loading, validation messages, merging and the bundled default."""

from __future__ import annotations

from pathlib import Path

import pytest

from normalize import LexiconError, Normalizer, load_lexicon, parse_lexicon, validate
from normalize.lexicon import default_lexicon_paths, merge
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
        "(expected one of: case_sensitive, context, text)",
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


def test_rule_needs_match_or_pattern_and_valid_regex() -> None:
    """Rules are checked: exactly one of match/pattern, and a pattern that compiles."""
    text = "rules:\n  - replace: x\n  - pattern: '(unclosed'\n    replace: y\n"
    msgs = errors(text)
    assert (
        msgs[0]
        == "lex.yaml:2:5: rules[0]: a rule needs exactly one of 'match' (literal) or 'pattern' (regex)"
    )
    assert msgs[1].startswith("lex.yaml:3:14: rules[1].pattern: invalid regular expression")


def test_duplicate_variant_across_files_is_an_error(tmp_path: Path) -> None:
    """A variant claimed by two entries is reported at both places."""
    (tmp_path / "a.yaml").write_text("entries:\n  - canonical: Sirte\n    variants: [Surt]\n")
    (tmp_path / "b.yaml").write_text("entries:\n  - canonical: Sirt Town\n    variants: [Surt]\n")
    msgs = [str(d) for d in validate([tmp_path])]
    assert any(
        m.startswith(
            f"{tmp_path / 'a.yaml'}:2:1: sirte.variants: variant 'surt' is also claimed by sirt-town"
        )
        for m in msgs
    )
    assert any(m.startswith(f"{tmp_path / 'b.yaml'}:2:1: sirt-town.variants") for m in msgs)
    with pytest.raises(LexiconError):
        Normalizer([tmp_path], default_lexicon=False)


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
