"""``keys``: spellings equal under transliteration keys, alone."""

from __future__ import annotations

from .conftest import methods, normalizer

LEX = """
entries:
  - {canonical: Sidi Barrani, type: place}
  - {canonical: Es Sider, type: place}
  - {canonical: Dzhabarov, type: place}
"""


def test_run_and_word_keys() -> None:
    """ "Sidi Barani" (doubled letter) and "Jabarov" (dzh/j) match by key."""
    n = normalizer(LEX, "keys")
    fixed = n.fix("near Sidi Barani and Jabarov")
    assert fixed.text == "near Sidi Barrani and Dzhabarov"
    assert methods(fixed.matches) == ["keys", "keys"]


def test_ordinary_words_are_never_keyed() -> None:
    """A lowercase ordinary word is not a name-like word."""
    assert normalizer(LEX, "keys").find("the sider and barani") == ()
