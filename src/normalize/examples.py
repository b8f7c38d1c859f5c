"""Entry examples run as tests: sentences an entry must fix, and ones it must leave alone.

An entry may carry::

    examples:
      - text: Forces of Khalifa the Haftarot advanced.
        fixed: Forces of Khalifa Haftar advanced.
      - unchanged: The caliph of Baghdad spoke.

A ``text``/``fixed`` example passes when fixing ``text`` gives exactly ``fixed`` and at
least one edit names this entry; an ``unchanged`` example passes when nothing in it is
changed. :func:`run` checks every example of some lexicon files against a Normalizer
built from them (``normalize lexicon test``); the loader ignores ``examples:`` and this
module reads them itself, with their line numbers.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable
from dataclasses import dataclass

import yaml

from .engine import Normalizer
from .errors import Diagnostic
from .lexicon import expand_paths, make_id


@dataclass(frozen=True, slots=True)
class Example:
    """One example sentence of one entry; ``fixed`` is None for a must-not-change example."""

    path: str
    line: int
    entry: str
    text: str
    fixed: str | None


@dataclass(frozen=True, slots=True)
class Failure:
    """An example that did not hold, with what happened instead."""

    example: Example
    got: str
    detail: str

    def report(self) -> str:
        """Return the failure as a location line and a diff of expected and actual text."""
        ex = self.example
        want = ex.fixed if ex.fixed is not None else ex.text
        head = f"{ex.path}:{ex.line}: {ex.entry}: {self.detail}"
        diff = difflib.unified_diff([want + "\n"], [self.got + "\n"], "expected", "got", lineterm="\n")
        return head + "\n" + "".join("  " + line for line in diff).rstrip("\n")


def _scalar(node: yaml.Node) -> str | None:
    if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":str") and str(node.value).strip():
        return str(node.value)
    return None


def read(path: str | os.PathLike[str]) -> tuple[list[Example], list[Diagnostic]]:
    """Return the examples in one lexicon file, and a diagnostic for each malformed one."""
    p = str(path)
    out: list[Example] = []
    diags: list[Diagnostic] = []
    try:
        with open(p, encoding="utf-8-sig") as fh:
            root = yaml.compose(fh.read(), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        # the loader reports these in detail when the Normalizer is built; say it once here
        return out, [Diagnostic(p, 1, 1, "file", f"cannot read examples: {exc}")]
    if not isinstance(root, yaml.MappingNode):
        return out, diags
    entries = next((v for k, v in root.value if getattr(k, "value", None) == "entries"), None)
    if not isinstance(entries, yaml.SequenceNode):
        return out, diags
    for i, enode in enumerate(entries.value):
        if not isinstance(enode, yaml.MappingNode):
            continue
        fields = {str(k.value): v for k, v in enode.value if isinstance(k, yaml.ScalarNode)}
        if "examples" not in fields:
            continue
        canonical = _scalar(fields["canonical"]) if "canonical" in fields else None
        eid = _scalar(fields["id"]) if "id" in fields else None
        entry = eid or make_id(canonical or "")
        node = fields["examples"]
        where = f"entries[{i}].examples"
        if not isinstance(node, yaml.SequenceNode):
            diags.append(_diag(p, node, where, "expected a list of examples"))
            continue
        for j, ex in enumerate(node.value):
            item = (
                {str(k.value): v for k, v in ex.value if isinstance(k, yaml.ScalarNode)}
                if isinstance(ex, yaml.MappingNode)
                else {}
            )
            line = ex.start_mark.line + 1
            if set(item) == {"unchanged"} and _scalar(item["unchanged"]):
                out.append(Example(p, line, entry, str(_scalar(item["unchanged"])), None))
            elif set(item) == {"text", "fixed"} and _scalar(item["text"]) and _scalar(item["fixed"]):
                out.append(Example(p, line, entry, str(_scalar(item["text"])), str(_scalar(item["fixed"]))))
            else:
                diags.append(
                    _diag(p, ex, f"{where}[{j}]", "an example is {text: ..., fixed: ...} or {unchanged: ...}")
                )
    return out, diags


def _diag(path: str, node: yaml.Node, field_: str, message: str) -> Diagnostic:
    return Diagnostic(path, node.start_mark.line + 1, node.start_mark.column + 1, field_, message)


def check(examples: Iterable[Example], normalizer: Normalizer) -> list[Failure]:
    """Run examples through ``normalizer``; return those that failed."""
    failures = []
    for ex in examples:
        fixed = normalizer.fix(ex.text)
        if ex.fixed is None:
            if fixed.matches:
                edits = ", ".join(f"{m.text!r} -> {m.replacement!r} ({m.entry})" for m in fixed.matches)
                failures.append(Failure(ex, fixed.text, f"must stay unchanged, but: {edits}"))
        elif fixed.text != ex.fixed:
            failures.append(Failure(ex, fixed.text, "not fixed as expected"))
        elif not any(m.entry == ex.entry for m in fixed.matches):
            failures.append(Failure(ex, fixed.text, "fixed as expected, but by no edit of this entry"))
    return failures


def run(
    paths: Iterable[str | os.PathLike[str]], normalizer: Normalizer
) -> tuple[int, list[Failure], list[Diagnostic]]:
    """Check every example in the lexicon files ``paths``; return (count, failures, malformed)."""
    examples: list[Example] = []
    diags: list[Diagnostic] = []
    for p in expand_paths(paths):
        found, bad = read(p)
        examples.extend(found)
        diags.extend(bad)
    return len(examples), check(examples, normalizer), diags
