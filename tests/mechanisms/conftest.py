"""Helpers for the mechanism tests: a Normalizer with one mechanism on, from YAML text."""

from __future__ import annotations

from collections.abc import Iterable

from normalize import Config, Lexicon, Normalizer, parse_lexicon
from normalize.engine.mechanisms import REGISTRY

NAMES = tuple(m.name for m in REGISTRY)


def lexicon(text: str, name: str = "test.yaml") -> Lexicon:
    """Parse lexicon YAML, failing the test on any error."""
    lex, diags = parse_lexicon(text, name)
    assert not [d for d in diags if d.severity == "error"], diags
    return lex


def only(*names: str) -> Config:
    """Return a Config with just the named mechanisms switched on."""
    assert set(names) <= set(NAMES), names
    return Config(**{n: n in names for n in NAMES})  # type: ignore[arg-type]


def normalizer(yaml_text: str, *mechanisms: str, default: bool = False) -> Normalizer:
    """Return a Normalizer over ``yaml_text`` running only ``mechanisms`` (all when none given)."""
    config = only(*mechanisms) if mechanisms else Config()
    return Normalizer([lexicon(yaml_text)], default_lexicon=default, config=config)


def methods(matches: Iterable[object]) -> list[str]:
    """Return the mechanism names of matches."""
    return [m.mechanism for m in matches]  # type: ignore[attr-defined]
