"""The limits for hostile lexicons in normalize.safety: rule checks, timeouts, node caps."""

from __future__ import annotations

import time

import pytest
import regex
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from normalize import safety


@pytest.mark.parametrize(
    ("pattern", "replace", "want"),
    [
        (r"\bUs ((?i:officials|forces))\b", r"US \1", []),
        (r"(?P<who>Us) forces", r"\g<who> Forces", []),
        (r"Us (forces)", r"US \2", [("error", r"replacement 'US \\2': invalid group reference")]),
        (r"Us (forces)", r"US \g<x>", [("error", r"replacement 'US \\g<x>': unknown group")]),
        (r"Us forces", "US \\q", [("error", "replacement 'US \\\\q': bad escape \\q at position 5")]),
        (r"(unclosed", "x", [("error", "invalid regular expression: missing ) at position 9")]),
    ],
)
def test_rule_replacement_groups_checked(pattern: str, replace: str, want: list[tuple[str, str]]) -> None:
    assert safety.check_rule(pattern, replace) == want


def test_catastrophic_pattern_is_warned_about() -> None:
    """(a|a)+$ takes exponential time on a run of a's; check_rule finds that quickly."""
    t = time.perf_counter()
    problems = safety.check_rule("(a|a)+$", "b")
    assert [severity for severity, _ in problems] == ["warning"]
    assert problems[0][1].startswith("pattern backtracks catastrophically")
    assert time.perf_counter() - t < 5
    assert safety.check_rule(r"(\w+\s?)+$", "x") == []  # nested, but not catastrophic in `regex`


def test_run_rule_gives_up_instead_of_hanging() -> None:
    compiled = regex.compile("(a|a)+$")
    t = time.perf_counter()
    assert safety.run_rule(compiled, "a" * 40 + "!", timeout=0.1) is None
    assert time.perf_counter() - t < 5
    matches = safety.run_rule(regex.compile("b+"), "abba bb")
    assert matches is not None and [m.span() for m in matches] == [(1, 3), (5, 7)]


def test_node_count_stops_at_the_cap() -> None:
    doc = "entries:\n" + "".join(f"  - canonical: N{i}\n" for i in range(1000))
    assert safety.count_yaml_nodes(doc, 10_000) == 1 + 1 + 1 + 1000 * 3  # map, key, list, entries
    with pytest.raises(safety.TooManyNodes) as exc:
        safety.count_yaml_nodes(doc, 100)
    assert str(exc.value) == "document has more than 100 nodes; refused" and exc.value.line < 40
    with pytest.raises(yaml.YAMLError):
        safety.count_yaml_nodes("a: [", 100)


def test_node_count_is_streamed() -> None:
    """Refusing a huge document costs about as much as parsing up to the cap."""
    huge = "x: [" + "1, " * 2_000_000 + "1]\n"
    t = time.perf_counter()
    with pytest.raises(safety.TooManyNodes):
        safety.count_yaml_nodes(huge, 1000)
    assert time.perf_counter() - t < 1.0


def test_variant_length_cap() -> None:
    assert safety.check_variant("Khalifa Haftar") == ""
    long = "a" * (safety.MAX_VARIANT_CHARS + 1)
    assert (
        safety.check_variant(long)
        == f"longer than {safety.MAX_VARIANT_CHARS} characters ({len(long)}); refused"
    )


def test_node_cap_skips_small_documents(monkeypatch: pytest.MonkeyPatch) -> None:
    """A document too short to hold ``cap`` nodes is not parsed twice; a long one is counted."""
    calls: list[int] = []
    monkeypatch.setattr(safety, "count_yaml_nodes", lambda text, cap: calls.append(cap) or 0)
    safety.check_node_cap("entries:\n  - canonical: Zintan\n", 100)
    assert calls == []
    safety.check_node_cap("x: [" + "1," * 100 + "1]", 100)
    assert calls == [100]


@pytest.mark.parametrize("doc", ["- \n" * 60, "? \n" * 40, "[" + "a," * 49 + "a]", "{" + "a: ," * 30 + "}"])
def test_node_cap_bound_holds(doc: str) -> None:
    """The bound never lets a document over the cap through unparsed (empty nodes included)."""
    nodes = safety.count_yaml_nodes(doc, 10**6)
    non_blank = len(doc) - sum(doc.count(c) for c in " \t\r\n")
    assert nodes <= 2 * non_blank + 1
    with pytest.raises(safety.TooManyNodes):
        safety.check_node_cap(doc, nodes - 1)


def _events_until_error(text: str) -> int:
    """Return the node events the parser gives for ``text`` before its first error, if any."""
    n = 0
    try:
        for event in yaml.parse(text, Loader=safety._LOADER):
            n += isinstance(event, yaml.NodeEvent)
    except yaml.YAMLError:
        pass
    return n


_YAML_BITS = [
    *"-?:,[]{}\"'ab &*!|>#\n\t%.~\ufeff",
    "- ",
    ": ",
    "? ",
    "\n  ",
    "\n- ",
    "!!str ",
    "&x ",
    "*x ",
    "---\n",
]


@given(st.lists(st.sampled_from(_YAML_BITS), max_size=40).map("".join))
@settings(max_examples=2000, deadline=None)
def test_node_bound_is_an_upper_bound(text: str) -> None:
    """No text, valid or not, makes more nodes than node_bound says (up to its first error too)."""
    assert _events_until_error(text) <= safety.node_bound(text)


@pytest.mark.parametrize(
    "doc",
    [
        "{" + "a," * 40 + "a}",
        "- \n" * 60,
        "? \n" * 40,
        ": \n" * 40,
        "[" + "a: ," * 30 + "]",
        "- - - [[{}]]\n" * 9,
    ],
)
def test_node_bound_holds_on_empty_nodes(doc: str) -> None:
    assert 0 < _events_until_error(doc) <= safety.node_bound(doc)


def test_node_cap_skips_documents_within_the_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    """A long document whose node_bound is within the cap is not streamed; one beyond it is."""
    calls: list[int] = []
    monkeypatch.setattr(safety, "count_yaml_nodes", lambda text, cap: calls.append(cap) or 0)
    doc = "entries:\n" + "".join(f"  - canonical: Town{i}\n" for i in range(100))
    non_blank = len(doc) - sum(doc.count(c) for c in " \t\r\n")
    cap = safety.node_bound(doc)
    assert 2 * non_blank + 1 > cap
    safety.check_node_cap(doc, cap)
    assert calls == []
    safety.check_node_cap(doc, cap - 1)
    safety.check_node_cap(doc, cap, bound=False)
    assert calls == [cap - 1, cap]
