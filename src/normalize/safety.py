"""Limits that keep hostile lexicons from hanging or exhausting the machine.

Pure functions for the lexicon loader and the matcher to call:

- :func:`check_rule` validates a rule's replacement against its pattern's groups and
  probes the pattern for catastrophic backtracking, so ``lexicon validate`` can report
  both before a run ever meets them;
- :func:`run_rule` applies a compiled pattern with :data:`RULE_TIMEOUT`, so a pattern
  that slipped through still cannot hang a run;
- :func:`check_node_cap` (with :func:`node_bound` and :func:`count_yaml_nodes`) bounds
  a YAML document's nodes by counting characters, or when that is not enough counts them
  from the parser's event stream and stops at the cap, before any node tree is built;
- :func:`check_variant` caps the length of a variant (long literals blow up the
  automaton and its pickle).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import regex
import yaml

from .errors import NormalizeError

#: Seconds one application of a rule pattern to one piece of text may take.
RULE_TIMEOUT = 1.0
#: Seconds each probe of :func:`check_rule` may take before the pattern is reported.
PROBE_TIMEOUT = 0.05
#: Characters a variant (or canonical name) may have; names are short, garbles too.
MAX_VARIANT_CHARS = 500

_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_PROBE_REPEAT = 30


class TooManyNodes(NormalizeError, ValueError):
    """A YAML document has more nodes than allowed; ``line`` is where the cap was passed."""

    def __init__(self, cap: int, line: int) -> None:
        super().__init__(f"document has more than {cap} nodes; refused")
        self.cap = cap
        self.line = line


def count_yaml_nodes(text: str, cap: int) -> int:
    """Return the number of nodes (scalars, sequences, mappings, aliases) in ``text``.

    Streams parser events and raises :class:`TooManyNodes` as soon as the count passes
    ``cap``, so memory stays flat and a huge document is refused in the time it takes
    to parse up to the cap. YAML syntax errors propagate as ``yaml.YAMLError``.
    """
    n = 0
    for event in yaml.parse(text, Loader=_LOADER):
        if isinstance(event, yaml.NodeEvent):
            n += 1
            if n > cap:
                raise TooManyNodes(cap, event.start_mark.line + 1 if event.start_mark else 0)
    return n


#: The characters after which a node's first token may begin with no blank between
#: (indicators, quotes closing a scalar, a byte order mark); see :func:`node_bound`.
_ADJACENT = "-?:,[]{}\"'\ufeff"


def node_bound(text: str) -> int:
    """Return an upper bound on the nodes the parser makes of ``text``, from character counts.

    A node is one of:

    - a node with a token of its own (scalar, flow collection, alias, or the anchor or tag
      of an empty one): distinct nodes, distinct first tokens, each starting a run of
      non-blank characters (Python's whitespace includes YAML's blanks and breaks) or right
      after a character of :data:`_ADJACENT` (every other token ends at a blank, a break
      or one of these), so at most the runs plus those characters;
    - a block mapping or a single-pair flow mapping (``[a: b]``): each has a ``:`` or ``?``
      of its own; a block sequence: a ``-`` of its own;
    - an empty scalar: at most two per ``:`` or ``?`` (key and value), one per ``-`` (an
      empty entry or document), one per ``,``, ``{`` or ``}`` (a flow mapping's entry with
      no value), and an empty document.

    All counted by C-level string methods: far faster than streaming the parser's events.
    """
    count = text.count
    runs = len(text.split())
    adjacent = sum(count(c) for c in _ADJACENT)
    keys = count(":") + count("?")
    flow = count(",") + count("{") + count("}") + count("[") + count("]")
    return runs + adjacent + 3 * keys + 2 * count("-") + flow + 2


def check_node_cap(text: str, cap: int, *, bound: bool = True) -> None:
    """Raise :class:`TooManyNodes` if ``text`` has more than ``cap`` YAML nodes.

    Every node takes at least one non-blank character or is an empty node next to an
    indicator (``-``, ``:``, ``?``, ``,``), at most two per character, so a text with
    few non-blank characters cannot pass the cap and is not counted at all (the usual
    lexicon costs nothing); nor is a text whose :func:`node_bound` is within the cap (a
    gazetteer of tens of thousands of entries). Only a larger one is streamed through
    :func:`count_yaml_nodes` (YAML errors propagate), or every one the first test does
    not clear when ``bound`` is False.
    """
    non_blank = len(text) - sum(text.count(c) for c in " \t\r\n")
    if 2 * non_blank + 1 > cap and not (bound and node_bound(text) <= cap):
        count_yaml_nodes(text, cap)


def check_variant(text: str) -> str:
    """Return why ``text`` is too long to be a variant, or ``""`` when it is fine."""
    if len(text) > MAX_VARIANT_CHARS:
        return f"longer than {MAX_VARIANT_CHARS} characters ({len(text)}); refused"
    return ""


def _dummy(compiled: Any) -> Any:
    """Return a pattern with ``compiled``'s groups (numbers and names) that matches ''."""
    names = {number: name for name, number in compiled.groupindex.items()}
    parts = [f"(?P<{names[i]}>)" if i in names else "()" for i in range(1, compiled.groups + 1)]
    return regex.compile("".join(parts))


def _probes(pattern: str) -> Iterator[str]:
    """Yield texts that make overlapping alternatives under a quantifier backtrack."""
    literal = [c for c in dict.fromkeys(pattern) if c.isalnum() or c == " "]
    for c in [*literal, "a", "1", " "]:
        yield c * _PROBE_REPEAT + "\x00"
    pairs = dict.fromkeys(a + b for a, b in itertools.pairwise(pattern) if a.isalnum() and b.isalnum())
    for pair in pairs:
        yield pair * (_PROBE_REPEAT // 2) + "\x00"


def check_rule(pattern: str, replace: str, *, case_sensitive: bool = False) -> list[tuple[str, str]]:
    """Return the problems of a regex rule as ``(severity, message)`` pairs.

    Errors: the pattern does not compile; the replacement names a group the pattern
    lacks (``\\3``, ``\\g<name>``) or has a bad escape. Warning: the pattern timed out
    on a probe text (a run of one character or pair), the shape of catastrophic
    backtracking such as ``(a|a)+$``; a warning, since probing is a heuristic.
    """
    flags = 0 if case_sensitive else regex.IGNORECASE
    try:
        compiled = regex.compile(pattern, flags)
    except (regex.error, IndexError, OverflowError) as exc:
        return [("error", f"invalid regular expression: {exc}")]
    problems: list[tuple[str, str]] = []
    try:
        _dummy(compiled).sub(replace, "")
    except (regex.error, IndexError) as exc:
        problems.append(("error", f"replacement {replace!r}: {exc}"))
    for probe in _probes(pattern):
        try:
            compiled.search(probe, timeout=PROBE_TIMEOUT)
        except TimeoutError:
            shown = probe[:6].strip("\x00")
            problems.append(
                (
                    "warning",
                    f"pattern backtracks catastrophically (over {PROBE_TIMEOUT:g} s on {shown!r}...); "
                    f"runs are cut off after {RULE_TIMEOUT:g} s",
                )
            )
            break
    return problems


def run_rule(compiled: Any, text: str, timeout: float | None = None) -> list[Any] | None:
    """Return every match of ``compiled`` in ``text``, or None when it took too long.

    The caller skips the rule for this text (and may say so); nothing hangs.
    """
    try:
        return list(compiled.finditer(text, timeout=RULE_TIMEOUT if timeout is None else timeout))
    except TimeoutError:
        return None
