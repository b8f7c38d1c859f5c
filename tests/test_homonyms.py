"""Homonyms end to end: several entries share a name; the document decides or it is reported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from normalize import Normalizer, parse_lexicon
from normalize.cli import main

LEX = """
entries:
  - {id: tripoli-ly, canonical: Tripoli, type: place, variants: [Tarabulus], context: [Libya, Misrata]}
  - {id: tripoli-lb, canonical: Tripoli, type: place, variants: [Trablous], context: [Lebanon, Beirut]}
  - {id: hajjiabad-ir, canonical: Hajjiabad, type: place, variants: [Hadzhiabad], context: [Hormozgan]}
  - {id: hajiabad-ir, canonical: Haji Abad, type: place, variants: [Hadzhiabad], context: [Fars]}
"""


def normalizer() -> Normalizer:
    lex, diags = parse_lexicon(LEX, "homonyms.yaml")
    assert not [d for d in diags if d.severity == "error"]
    return Normalizer([lex], default_lexicon=False)


def test_shared_canonical_loads_and_applies_with_all_ids() -> None:
    """Two Tripolis load; a variant of one writes "Tripoli", carrying its own id."""
    n = normalizer()
    [m] = n.find("Fighting in Tarabulus.")
    assert (m.replacement, m.entries) == ("Tripoli", ("tripoli-ly",))
    [m] = n.mentions("Fighting in Tripoli.")
    assert m.entries == ("tripoli-lb", "tripoli-ly")


def test_shared_variant_with_different_texts_is_reported_not_guessed() -> None:
    """ "Hadzhiabad" names two towns written differently: left alone, reported as ambiguous."""
    n = normalizer()
    fixed = n.fix("They reached Hadzhiabad at night.")
    assert fixed.text == "They reached Hadzhiabad at night."
    [amb] = fixed.ambiguous
    assert amb.text == "Hadzhiabad"
    assert amb.options == (("hajiabad-ir", "Haji Abad"), ("hajjiabad-ir", "Hajjiabad"))


def test_context_words_settle_a_shared_variant() -> None:
    """With the province named, the document decides."""
    n = normalizer()
    assert n.fix("In Hormozgan, they reached Hadzhiabad.").text == "In Hormozgan, they reached Hajjiabad."
    assert n.fix("In Fars, they reached Hadzhiabad.").text == "In Fars, they reached Haji Abad."


def test_check_reports_ambiguous_spans(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`check` names the ambiguous span in text and JSON; the exit code counts edits only."""
    lex = tmp_path / "homonyms.yaml"
    lex.write_text(LEX, encoding="utf-8")
    doc = tmp_path / "doc.txt"
    doc.write_text("They reached Hadzhiabad at night.\n", encoding="utf-8")
    args = ["check", "--no-default-lexicon", "--no-cache", "-l", str(lex), str(doc)]
    assert main(args) == 0
    out, err = capsys.readouterr()
    assert out == (
        f"{doc}:1:14: Hadzhiabad: ambiguous (hajiabad-ir -> 'Haji Abad', hajjiabad-ir -> 'Hajjiabad'); "
        "left as written\n"
    )
    assert "1 ambiguous span(s) left as written" in err
    assert main([*args, "--format", "json"]) == 0
    [row] = json.loads(capsys.readouterr().out)
    assert row["ambiguous"] is True and (row["line"], row["column"], row["start"]) == (1, 14, 13)
    assert [o["entry"] for o in row["options"]] == ["hajiabad-ir", "hajjiabad-ir"]


def test_matches_and_ambiguities_are_written_from_the_entry_columns() -> None:
    """Rendering reads ids, canonicals and types by column; no Entry is made for it."""
    n = normalizer()
    text = "Fighting in Tarabulus and Hadzhiabad; Trablous is quiet."
    expected = n.analyse(text)

    class Unread:
        def __getitem__(self, i: object) -> object:
            raise AssertionError("an Entry was made")

    guarded = normalizer()
    object.__setattr__(guarded.index, "entries", Unread())
    assert guarded.analyse(text) == expected
    matches, ambiguous = expected
    assert [m.type for m in matches] == ["place", "place"] and ambiguous
