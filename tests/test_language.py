"""The language data files: well-formed, and read by the modules that use them."""

from __future__ import annotations

from importlib import resources

import pytest

from normalize import keys, variants
from normalize.language import data, source_languages

FILES = sorted(
    p.name[:-5] for p in resources.files("normalize.language").iterdir() if p.name.endswith(".yaml")
)


def _leaves(value: object) -> list[object]:
    if isinstance(value, dict):
        return [k for k in value] + [x for v in value.values() for x in _leaves(v)]
    if isinstance(value, list):
        return [x for v in value for x in _leaves(v)]
    return [value]


@pytest.mark.parametrize("name", FILES)
def test_every_value_is_a_string(name: str) -> None:
    """No YAML 1.1 surprise: "on" or "no" left unquoted would read as a boolean."""
    assert all(isinstance(x, str) for x in _leaves(data(name))), name


def test_tables_reach_their_readers() -> None:
    """The engine's tables come from the files: endings per source language, articles, classes."""
    assert set(source_languages()) == {"ar", "de", "es", "fr", "ru", "tr", "uk"}
    assert keys.ROMANISATION["es"] and not keys.ROMANISATION["ru"]
    assert variants.ENDINGS["ru"][:3] == ("a", "e", "i")
    assert [c[0] for c in variants.DECLENSIONS["ru"]][:2] == ["consonant", "soft"]
    assert "on" in variants.STOPWORDS and "al" in keys.ARTICLES
    assert keys.key("Dzhabarov") == keys.key("Jabarov")
