"""Homonyms end to end: several entries share a name; the document decides or it is reported."""

from __future__ import annotations

from normalize import Normalizer, parse_lexicon

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
