"""Hostile lexicons are refused while they are read, with the file, line and field named."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from normalize import Normalizer, lexicon, parse_lexicon, safety


def errors(text: str) -> list[str]:
    _, diags = parse_lexicon(text, "x.yaml")
    return [f"{d.line}:{d.field}: {d.message}" for d in diags if d.severity == "error"]


def test_replacement_naming_a_missing_group_is_an_error() -> None:
    """A rule's replacement must only name groups its pattern has (validate used to pass \\2)."""
    problems = errors("rules:\n  - {pattern: '(a)b', replace: '\\2'}\n")
    assert len(problems) == 1 and problems[0].startswith("2:rules[0].pattern: replacement '\\\\2'")


def test_catastrophic_pattern_is_warned_and_cut_off() -> None:
    """(a|a)+$ is warned about at load and, run on 30 letters, does not hang the engine."""
    lex, diags = parse_lexicon("rules:\n  - {pattern: '(a|a)+$', replace: 'x'}\n", "x.yaml")
    assert [d.severity for d in diags] == ["warning"]
    assert "backtracks catastrophically" in diags[0].message
    n = Normalizer([lex], default_lexicon=False)
    started = time.monotonic()
    assert n.fix("a" * 30 + "!").text == "a" * 30 + "!"
    assert time.monotonic() - started < 10


def test_overlong_variant_is_refused() -> None:
    """A 600-character variant is an error naming the field (no automaton of huge keys)."""
    problems = errors("entries:\n  - canonical: Zintan\n    variants: [" + "z" * 600 + "]\n")
    assert len(problems) == 1
    assert problems[0].endswith("variants[0]: longer than 500 characters (600); refused")


def test_node_cap_applies_before_the_tree_is_built(monkeypatch: pytest.MonkeyPatch) -> None:
    """A document with too many nodes is refused while streamed, with the line reached."""
    monkeypatch.setattr(lexicon, "MAX_NODES", 50)
    text = "entries:\n" + "".join(f"  - {{canonical: Town{i}}}\n" for i in range(40))
    problems = errors(text)
    assert len(problems) == 1 and "more than 50 nodes; refused" in problems[0]


def test_parser_error_before_composer_error_when_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    """A long text let through by the node bound reports the error it reports when streamed.

    Streamed, the parser meets the syntax error of the second document first; composed
    without streaming, the composer would refuse the second document before it.
    """
    text = "entries:\n" + "".join(f"  - canonical: Town{i}\n" for i in range(30)) + "---\na: [\n"
    assert errors(text) == ["32:yaml: but found another document"]  # short: composed
    monkeypatch.setattr(lexicon, "MAX_NODES", safety.node_bound(text))  # long, but within the bound
    assert errors(text) == ["34:yaml: did not find expected node content"]
    monkeypatch.setattr(lexicon, "MAX_NODES", safety.node_bound(text) - 1)  # beyond it: streamed
    assert errors(text) == ["34:yaml: did not find expected node content"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_fifo_lexicon_through_the_library_does_not_hang(tmp_path: Path) -> None:
    """read_lexicon_file on a FIFO returns an error at once instead of waiting for a writer."""
    fifo = tmp_path / "lex.yaml"
    os.mkfifo(fifo)
    code = f"from normalize.lexicon import read_lexicon_file; print(read_lexicon_file({str(fifo)!r})[1])"
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert proc.returncode == 0 and "FIFO" in proc.stdout
