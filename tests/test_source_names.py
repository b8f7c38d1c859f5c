"""Source-language names in entries: romanisations, their case forms and acronyms are derived."""

# ruff: noqa: RUF001  (Cyrillic letters are the point here)

from __future__ import annotations

import io
import json

import pytest

from normalize import Normalizer, parse_lexicon
from normalize.lexicon import Lexicon, check_lexicon
from normalize.lexicon_io import export_jsonl, import_jsonl
from normalize.lexicon_schema import check as schema_check
from normalize.model import Entry
from normalize.source_names import acronyms, declined_names, name_problem, romanisations

LEX = """
entries:
  - {canonical: Misrata, type: place, names: {ru: Мисрата}}
  - {canonical: Ajdabiya, type: place, names: {ru: Аджабия}}
  - {canonical: Mykolaiv, type: place, names: {uk: Миколаїв}}
  - canonical: Government of National Accord
    type: org
    names: {ru: Правительство национального согласия}
"""


def _normalizer(text: str = LEX) -> Normalizer:
    lexicon, diags = parse_lexicon(text, "names.yaml")
    assert not [d for d in diags if d.severity == "error"]
    return Normalizer([lexicon], default_lexicon=False, cache=False)


def test_romanisations_by_scheme() -> None:
    """Аджабия is Adzhabiya (BGN, Wikipedia), Adzhabija (GOST 7.79 B), Adzabia (ISO 9 folded)..."""
    forms = set(romanisations("ru", "Аджабия"))
    assert {"Adzhabiya", "Adzhabija", "Adzabia", "Adzhabiia"} <= forms
    assert "Mykolaiv" in romanisations("uk", "Миколаїв")


def test_romanisations_keep_soft_signs_as_apostrophes_too() -> None:
    """MT writes Правительство both "Pravitelstvo" and "Pravitel'stvo"."""
    forms = romanisations("ru", "Правительство")
    assert "Pravitelstvo" in forms and "Pravitel'stvo" in forms


def test_names_of_several_words_decline_up_to_their_first_noun() -> None:
    """Adjectives agree with the noun; a genitive complement stays; a person declines whole."""
    assert "Ливийской национальной армии" in declined_names("ru", "Ливийская национальная армия")
    gna = declined_names("ru", "Правительство национального согласия")
    assert "Правительства национального согласия" in gna and "Правительством национального согласия" in gna
    assert "Высшего государственного совета" in declined_names("ru", "Высший государственный совет")
    assert "Халифы Хафтара" in declined_names("ru", "Халифа Хафтар", person=True)
    assert declined_names("ru", "Бригады обороны Бенгази") == ()  # a plural: no class, no guess


def test_acronyms_skip_function_words() -> None:
    """ПНС from the initials; МЧС leaves out по; one word has no acronym."""
    assert acronyms("ru", "Правительство национального согласия") == ("PNS",)
    assert "MCHS" in acronyms("ru", "Министерство по чрезвычайным ситуациям")
    assert acronyms("ru", "Мисрата") == ()


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_declined_romanisations_of_a_name() -> None:
    """Мисратой by GOST, BGN and Wikipedia, and Аджабии, are fixed with no variant listed."""
    n = _normalizer()
    fixed = n.fix("Misratoj, Misratoy, Misratoi; Adzhabii and Adzhabiey; in Adzabija")
    assert fixed.text == "Misrata, Misrata, Misrata; Ajdabiya and Ajdabiya; in Ajdabiya"


def test_declined_organisation_names() -> None:
    """ "Pravitelstva natsionalnogo soglasiya" (genitive) and "Pravitel'stvom ..." are the GNA."""
    n = _normalizer()
    fixed = n.fix(
        "Head of the Pravitelstva natsionalnogo soglasiya met Pravitel'stvom nacional'nogo soglasija."
    )
    assert fixed.text == "Head of the Government of National Accord met Government of National Accord."


def test_romanised_organisation_and_its_acronym() -> None:
    """ "Pravitelstvo natsionalnogo soglasiya" and "PNS" are the GNA; "pns" in lowercase is not."""
    n = _normalizer()
    text = "The PNS, Pravitelstvo natsionalnogo soglasiya, said."
    assert n.fix(text).text == "The Government of National Accord, Government of National Accord, said."
    assert n.find("the pns said") == ()
    assert n.find("the PNSX said") == ()


def test_without_names_nothing_is_derived() -> None:
    """The same text with the lexicon's names taken out is left alone."""
    plain = "\n".join(line for line in LEX.splitlines() if "names:" not in line)
    plain = plain.replace("{canonical: Misrata, type: place, names: {ru: Мисрата}}", "{canonical: Misrata}")
    plain = plain.replace("{canonical: Ajdabiya, type: place, names: {ru: Аджабия}}", "{canonical: Ajdabiya}")
    assert "names" not in plain
    assert _normalizer(plain).find("The PNS in Adzabija") == ()


def test_a_derived_form_that_is_an_ordinary_word_is_not_applied() -> None:
    """A romanisation that is an English word (Рим -> "Rim") is held back, as a listed one would be."""
    n = _normalizer("entries:\n  - {canonical: Rome, type: place, names: {ru: Рим}}\n")
    assert n.find("the rim of the cup") == ()
    assert n.find("The Rim of the cup") == ()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("[Мисрата]", "expected a mapping of language code to name, got a list"),
        ("{xx: Мисрата}", "unknown language 'xx': names are romanised from ru, uk"),
        ("{ru: Misrata}", "expected the name in Cyrillic letters, got 'Misrata'"),
        ("{ru: 5}", "expected a string, got a number"),
        ("{uk: ''}", "expected a non-empty string, got ''"),
    ],
)
def test_bad_names_name_the_file_and_line(value: str, message: str) -> None:
    """Each bad value is an error at its file, line and field."""
    _, diags = parse_lexicon(f"entries:\n  - canonical: Misrata\n    names: {value}\n", "x.yaml")
    errors = [d for d in diags if d.severity == "error"]
    assert len(errors) == 1
    assert errors[0].path == "x.yaml" and errors[0].line == 3
    assert errors[0].field.startswith("entries[0].names") and errors[0].message == message


def test_entries_built_in_code_are_checked_too() -> None:
    """`Entry(names=...)` in code gets the same checks; a dict is accepted as in YAML."""
    bad = Lexicon(entries=(Entry(id="m", canonical="Misrata", names=(("ru", "Misrata"),)),))
    assert [d.field for d in check_lexicon(bad) if d.severity == "error"] == ["m.names[0]"]
    good = Entry(id="a", canonical="Ajdabiya", names={"ru": "Аджабия"})  # type: ignore[arg-type]
    n = Normalizer([Lexicon(entries=(good,))], default_lexicon=False, cache=False)
    assert n.fix("in Adzabija").text == "in Ajdabiya"
    assert name_problem("ru", "Рас-Лануф") == ""


def test_schema_and_jsonl_round_trip() -> None:
    """The JSON Schema admits `names:`, and JSONL export and import keep it."""
    assert schema_check(LEX, "names.yaml") == []
    assert schema_check("entries:\n  - {canonical: X, names: {xx: Икс}}\n", "x.yaml") != []
    doc = {"entries": [{"canonical": "Misrata", "names": {"ru": "Мисрата"}}]}
    out = io.StringIO()
    export_jsonl(doc, out)
    back, _ = import_jsonl(out.getvalue(), "x.jsonl")
    assert back["entries"] == doc["entries"] and json.loads(out.getvalue())["names"] == {"ru": "Мисрата"}


def test_a_person_gets_romanisations_but_no_acronym() -> None:
    """Халифа Хафтар is "Khalifa Khaftar" by BGN; "KH" (its initials) is no name of his."""
    n = _normalizer("entries:\n  - {canonical: Khalifa Haftar, type: person, names: {ru: Халифа Хафтар}}\n")
    assert n.fix("Khalifa Khaftar spoke.").text == "Khalifa Haftar spoke."
    assert n.find("The KH and XX spoke.") == ()
