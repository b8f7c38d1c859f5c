"""``rules``: phrase rules for MT artifacts, literal and regex, alone."""

from __future__ import annotations

from .conftest import methods, normalizer

LEX = """
rules:
  - {match: approx. lane, replace: translator's note}
  - {match: Us officials, replace: US officials, case_sensitive: true}
  - {pattern: '(\\d+) thousand of', replace: '\\1,000'}
"""


def test_literal_rule_any_case() -> None:
    """A literal rule matches whatever the casing."""
    fixed = normalizer(LEX, "rules").fix("(Approx. lane: see above)")
    assert fixed.text == "(translator's note: see above)"
    assert methods(fixed.matches) == ["rules"]


def test_case_sensitive_rule_needs_its_casing() -> None:
    """A case-sensitive rule leaves other casings alone."""
    n = normalizer(LEX, "rules")
    assert n.fix("Us officials said").text == "US officials said"
    assert n.fix("us officials said").text == "us officials said"


def test_pattern_rule_expands_groups() -> None:
    """A pattern rule writes its template with the groups it captured."""
    assert normalizer(LEX, "rules").fix("some 5 thousand of them").text == "some 5,000 them"


def test_switched_off() -> None:
    """With ``rules`` off, nothing changes."""
    assert normalizer(LEX, "exact").fix("approx. lane").text == "approx. lane"
