"""``endings``: source-language case endings left on names, alone."""

from __future__ import annotations

from typing import Any
from unittest.mock import patch

from normalize.engine.document import Document
from normalize.engine.mechanisms.endings import Endings, EndingsTable

from .conftest import methods, normalizer

LEX = """
entries:
  - {canonical: Haftar, type: place}
  - {canonical: Misrata, type: place}
  - {canonical: Islamist, type: term}
"""


def test_case_endings_as_written() -> None:
    """ "Haftarom", "Misraty" and "islamistsa" lose their endings."""
    n = normalizer(LEX, "endings")
    fixed = n.fix("with Haftarom near Misraty, the Islamista")
    assert fixed.text == "with Haftar near Misrata, the Islamist"
    assert set(methods(fixed.matches)) == {"endings"}


def test_english_suffixes_are_not_endings() -> None:
    """ "Islamists" and "Misratans" are English forms, not garbles."""
    assert normalizer(LEX, "endings").find("the Islamists and Misratans") == ()


def test_after_transliteration() -> None:
    """ "Khaftarom" is Haftar after transliteration (kh/h) with an ending."""
    assert normalizer(LEX, "endings").fix("with Khaftarom").text == "with Haftar"


def test_a_lexicon_adds_endings_to_a_language() -> None:
    """`endings: {ru: [ogo]}` in a lexicon extends the Russian table for every entry."""
    assert normalizer(LEX, "endings").find("with Haftarogo") == ()
    extended = "endings: {ru: [ogo]}\n" + LEX
    assert normalizer(extended, "endings").fix("with Haftarogo").text == "with Haftar"


def test_endings_for_an_unknown_language_are_an_error() -> None:
    """A language with no ending table is named as an error, with the known ones."""
    from normalize import parse_lexicon

    _, diags = parse_lexicon("endings: {ukr: [a]}\n", "x.yaml")
    assert [d.field for d in diags if d.severity == "error"] == ["endings.ukr"]


DECLINED = """
entries:
  - {canonical: Misrata, type: place}
  - {canonical: Zawiya, type: place}
  - {canonical: Volodymyr Zelensky, type: person}
  - {canonical: Mykolaiv, type: place, source_languages: [uk]}
  - {canonical: Iraq, type: place}
  - {canonical: Tripoli, type: place}
"""


def test_endings_of_each_declension_class() -> None:
    """-oj (GOST), -ja (nominative by ISO 9), -ogo (adjectival), -eve (Ukrainian -iv) are endings."""
    n = normalizer(DECLINED, "endings")
    fixed = n.fix("Misratoj, Zawija, Zelenskogo, Mykolaeve")
    assert fixed.text == "Misrata, Zawiya, Zelensky, Mykolaiv"


def test_a_class_takes_only_its_own_endings() -> None:
    """A consonant-final name takes no -ogo, and a name Russian does not decline takes none."""
    n = normalizer(DECLINED, "endings")
    assert n.find("Iraqogo and Tripolia") == ()


def test_demonyms_in_i_are_not_endings() -> None:
    """ "Iraqi" and "Misrati" are English demonyms, as written or after transliteration (y keys as i)."""
    assert normalizer(DECLINED, "endings").find("Iraqi and Misrati fighters") == ()


def test_a_four_letter_stem_snaps_only_on_an_unknown_word() -> None:
    """ "Sirtot" (Sirt + a snapped -om) is taken with the topic; a known word on a short stem is not."""
    lex = "context: [Libya]\nentries:\n  - {canonical: Sirt}\n  - {canonical: Bart}\n"
    n = normalizer(lex, "endings")
    assert n.fix("In Libya, near Sirtot.").text == "In Libya, near Sirt."
    assert n.find("In Libya, near Barton.") == ()


def test_a_final_h_after_a_vowel_declines_as_without_it() -> None:
    """Az Zawiyah (ta marbuta) is Завия to Russian: "Az Zawii", "Az-Zawiyu" are its case forms."""
    n = normalizer("entries:\n  - {canonical: Az Zawiyah, type: place}\n", "endings")
    assert n.fix("in Az Zawii and Az-Zawiyu").text == "in Az Zawiyah and Az Zawiyah"


def test_a_surname_suffix_is_never_a_snapped_ending() -> None:
    """ "Salamov" is another surname, though -ov is one letter from -om and -oy."""
    n = normalizer("entries:\n  - {canonical: Salama, type: place}\n", "endings")
    assert n.find("Ghassan Salamov said") == ()
    assert n.fix("near Salamoy").text == "near Salama"


RARE = """
context: [Portugal]
entries:
  - {canonical: Portel, type: place}
"""


def test_a_rare_word_declined_needs_the_subject_not_the_entity() -> None:
    """ "Portela" (a word wordfreq knows rarely) is Portel + a in a text about its subject, not elsewhere."""
    n = normalizer(RARE, "endings")
    assert n.fix("In Portugal, fighting near Portela.").text == "In Portugal, fighting near Portel."
    assert n.find("Fighting near Portela.") == ()


def test_an_ending_as_written_is_judged_once_per_word_and_placed_where_it_stands() -> None:
    """The same declined word in two documents is judged once; each match has its own span."""
    n = normalizer(LEX, "endings")
    judged: list[str] = []
    real = Endings._ending

    def spy(
        self: Endings, doc: Document, table: EndingsTable, start: int, stem_end: int, end: int, *rest: Any
    ) -> Any:
        judged.append(doc.text[start:end])
        return real(self, doc, table, start, stem_end, end, *rest)

    with patch.object(Endings, "_ending", spy):
        first = n.find("Haftarom said")
        second = n.find("Yesterday Haftarom met Haftarom.")
    assert judged == ["Haftarom"]
    assert [(m.start, m.end, m.replacement) for m in first] == [(0, 8, "Haftar")]
    assert [(m.start, m.end, m.replacement) for m in second] == [(10, 18, "Haftar"), (23, 31, "Haftar")]
