"""The evidence model: what a document says about which entries it is about."""

from __future__ import annotations

from normalize import Normalizer, parse_lexicon

LEX = """
entries:
  - {canonical: Nouri Abusahmain, type: person}
  - {canonical: General National Congress, type: org, context: [Abusahmain]}
"""


def normalizer() -> Normalizer:
    lex, _ = parse_lexicon(LEX, "evidence.yaml")
    return Normalizer([lex], default_lexicon=False)


def test_a_mentioned_entry_counts_as_its_name_for_context_words() -> None:
    """A garbled mention of Abusahmain is the context word "Abusahmain" too: one pass fixes both."""
    n = normalizer()
    once = n.fix("Abusahmainu spoke to the General Nationl Congress.").text
    assert once == "Abusahmain spoke to the General National Congress."
    assert n.fix(once).text == once


def test_without_the_context_word_the_slip_is_left() -> None:
    """The fuzzy slip alone, with nothing naming its topic, stays as written."""
    assert normalizer().find("He spoke to the General Nationl Congress.") == ()
