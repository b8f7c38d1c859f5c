"""``calques``: organisation names translated word by word, alone."""

from __future__ import annotations

from .conftest import methods, normalizer

LEX = """
entries:
  - {canonical: Benghazi Defense Brigades, type: org}
  - {canonical: Ministry of Defense of Russia, type: org}
"""


def test_word_by_word_calque() -> None:
    """ "Teams of defense Benghazi" is the Benghazi Defense Brigades (Brigades -> Teams)."""
    fixed = normalizer(LEX, "calques").fix("the Teams of defense Benghazi attacked")
    assert fixed.text == "the Benghazi Defense Brigades attacked"
    assert methods(fixed.matches) == ["calques"]


def test_demonym_swap() -> None:
    """ "Russian Ministry of Defense" is the ministry with the demonym swapped."""
    fixed = normalizer(LEX, "calques").fix("the Russian Ministry of Defense said")
    assert fixed.text == "the Ministry of Defense of Russia said"


def test_other_word_order_without_calque_is_left() -> None:
    """The same words in another order, with no sign of translation, are left alone."""
    assert normalizer(LEX, "calques").find("Defense Brigades Benghazi") == ()
