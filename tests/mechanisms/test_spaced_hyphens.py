"""``spaced_hyphens``: hyphenated names written with spaced dashes, alone."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from normalize.engine.mechanisms.spaced_hyphens import _CHAIN, chains

from .conftest import methods, normalizer

LEX = """
entries:
  - {canonical: Bani Walid, type: place}
  - {canonical: Abu Salim, type: place}
  - {canonical: Ras al-Hilal, type: place}
"""


def test_spaced_hyphens_closed() -> None:
    """ "Bani - Walid", "Abu \u2013 Salim" and "Ras - al - Hilal" become the canonical names."""
    n = normalizer(LEX, "spaced_hyphens")
    fixed = n.fix("from Bani - Walid to Abu \u2013 Salim and Ras - al - Hilal.")
    assert fixed.text == "from Bani Walid to Abu Salim and Ras al-Hilal."
    assert methods(fixed.matches) == ["spaced_hyphens"] * 3


def test_only_the_chain_that_names_an_entry() -> None:
    """Words around the name in the same chain are kept; unrelated chains are left."""
    n = normalizer(LEX, "spaced_hyphens")
    assert n.fix("Monday - Bani - Walid").text == "Monday - Bani Walid"
    assert n.find("Monday - Friday") == ()


def test_switched_off() -> None:
    """With the mechanism off (and the rest on), "Bani - Walid" stays as written."""
    from normalize import Config, Normalizer

    from .conftest import lexicon

    n = Normalizer([lexicon(LEX)], default_lexicon=False, config=Config(spaced_hyphens=False))
    assert n.fix("from Bani - Walid on").text == "from Bani - Walid on"


ARTICLE_LEX = """
entries:
  - {canonical: Ras al-Hilal, type: place}
  - {canonical: Es Sider, type: place}
  - {canonical: Bani Walid, type: place}
  - {canonical: Abu Kammash, type: place}
  - {canonical: Ad Dafniyah, type: place}
  - {canonical: Benghazi, type: place}
  - {canonical: El Feel, type: place}
"""


def test_calqued_article_pieces() -> None:
    """The article translated by MT ("an ale" for эль, "hell" for ад) closes like the article."""
    n = normalizer(ARTICLE_LEX, "spaced_hyphens")
    text = "from Ras - an ale - Hilal and Ras - ale - Hilal to Hell - Dafniyah."
    assert n.fix(text).text == "from Ras al-Hilal and Ras al-Hilal to Ad Dafniyah."
    assert methods(n.find(text)) == ["spaced_hyphens"] * 3


def test_romanised_article_leads_a_chain() -> None:
    """ "as - Sider", "es - Sider", "az - Sider": a lowercase article may start the chain."""
    n = normalizer(ARTICLE_LEX, "spaced_hyphens")
    for article in ("as", "es", "az", "el", "al"):
        assert n.fix(f"the port of {article} - Sider was shut").text == "the port of Es Sider was shut"


def test_article_only_for_names_with_one() -> None:
    """An article piece names an entry only when its canonical has one ("as - Benghazi" is left)."""
    n = normalizer(ARTICLE_LEX, "spaced_hyphens")
    assert n.find("known as - Benghazi - a city") == ()
    assert n.find("Benghazi - an ale - and") == ()


def test_case_ending_on_the_last_piece() -> None:
    """ "Bani - Valida" (Бани-Валида) is Bani Walid: a Russian case ending on the last piece."""
    n = normalizer(ARTICLE_LEX, "spaced_hyphens")
    assert n.fix("near Bani - Valida and Abu - Kammash").text == "near Bani Walid and Abu Kammash"


def test_case_ending_needs_the_entrys_source_language() -> None:
    """An entry whose source language has no such ending (Arabic) keeps "Bani - Valida" as written."""
    lex = "source_languages: [ar]\nentries:\n  - {canonical: Bani Walid, type: place}\n"
    assert normalizer(lex, "spaced_hyphens").find("near Bani - Valida") == ()


def test_english_dashes_are_left() -> None:
    """A real dash in English prose, with "an ale" or "as" beside it, is not a name."""
    n = normalizer(ARTICLE_LEX)
    for text in (
        "the port - an ale house - was closed",
        "He came as - he said - a friend.",
        "Beer - an ale - is sold as - usual - here.",
        "The Hell - an ale - was Ale - an old one.",
        "Leaders - the hell - Sider",  # a translated article leads only as one capitalised word
        "this was as - Feel - said",  # an English word is no name after an article
    ):
        assert n.fix(text).text == text, text


_PIECES = ["Ras", "an ale", "Hilal", "as", "al", "-", " - ", " \u2013 ", "Bani", "x", "\t-\t", "  -  "]


@given(st.lists(st.tuples(st.sampled_from(_PIECES), st.sampled_from(["", " ", " - "])), max_size=14))
def test_chains_are_found_near_dashes_as_a_full_scan_finds_them(parts: list[tuple[str, str]]) -> None:
    """The chain pattern tried only before dashes finds what trying it everywhere finds."""
    text = "".join(a + b for a, b in parts)
    assert [m.span() for m in chains(text)] == [m.span() for m in _CHAIN.finditer(text)]
