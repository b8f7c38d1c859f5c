"""Scoring findings against gold spans: precision, recall and F1, per type and per method.

Gold comes as the seed's TSV (``start end line column surface canonical_rendering``,
0-based character offsets) or as JSONL (one object a line with ``start``, ``end`` and
``replacement`` or ``canonical_rendering``, optionally ``text``/``surface`` and ``type``).
A finding is a true positive when its span and replacement both equal a gold row's.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .errors import InputError
from .model import Match


@dataclass(frozen=True, slots=True)
class Gold:
    """One gold edit."""

    start: int
    end: int
    text: str
    replacement: str
    type: str = ""


@dataclass(frozen=True, slots=True)
class Counts:
    """True positives, false positives, false negatives, and the figures they give."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    def as_dict(self) -> dict[str, float]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass(slots=True)
class Report:
    """The evaluation of one or more documents."""

    total: Counts = field(default_factory=Counts)
    by_type: dict[str, Counts] = field(default_factory=dict)
    by_method: dict[str, Counts] = field(default_factory=dict)
    misses: list[tuple[str, Gold]] = field(default_factory=list)
    false_positives: list[tuple[str, Match]] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "total": self.total.as_dict(),
            "by_type": {k: v.as_dict() for k, v in sorted(self.by_type.items())},
            "by_method": {k: v.as_dict() for k, v in sorted(self.by_method.items())},
            "misses": [
                {"path": p, "start": g.start, "end": g.end, "text": g.text, "replacement": g.replacement}
                for p, g in self.misses
            ],
            "false_positives": [{"path": p, **m.as_dict()} for p, m in self.false_positives],
        }


def read_gold(data: str, name: str = "<gold>") -> list[Gold]:
    """Parse gold from TSV (with header) or JSONL text; errors name ``name`` and the line."""
    stripped = data.lstrip()
    if stripped.startswith("{"):
        out = []
        for n, line in enumerate(data.splitlines(), 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
                out.append(
                    Gold(
                        int(obj["start"]),
                        int(obj["end"]),
                        str(obj.get("text", obj.get("surface", ""))),
                        str(obj.get("replacement", obj.get("canonical_rendering"))),
                        str(obj.get("type") or ""),
                    )
                )
            except (ValueError, KeyError, TypeError, OverflowError) as exc:  # Infinity, 1e400
                raise InputError(f"{name}:{n}: bad gold line: {exc}") from None
            except RecursionError:
                raise InputError(f"{name}:{n}: bad gold line: nested too deeply") from None
        return out
    try:
        rows = list(csv.reader(io.StringIO(data), delimiter="\t", quoting=csv.QUOTE_NONE))
    except csv.Error as exc:  # e.g. a field over the csv module's size limit
        raise InputError(f"{name}: bad gold TSV: {exc}") from None
    if not rows:
        return []
    header = [h.strip() for h in rows[0]]
    need = {"start", "end", "canonical_rendering"}
    if not need <= set(header):
        raise InputError(f"{name}:1: TSV header must have {', '.join(sorted(need))}")
    col = {h: i for i, h in enumerate(header)}
    out = []
    for n, row in enumerate(rows[1:], 2):
        if not row:
            continue
        try:
            out.append(
                Gold(
                    int(row[col["start"]]),
                    int(row[col["end"]]),
                    row[col["surface"]] if "surface" in col else "",
                    row[col["canonical_rendering"]],
                    row[col["type"]] if "type" in col else "",
                )
            )
        except (ValueError, IndexError) as exc:
            raise InputError(f"{name}:{n}: bad gold row: {exc}") from None
    return out


def score(documents: Iterable[tuple[str, Sequence[Gold], Sequence[Match]]]) -> Report:
    """Compare each document's matches with its gold and add everything up."""
    report = Report()
    for path, gold, found in documents:
        gold_by_span = {(g.start, g.end): g for g in gold}
        hit: set[tuple[int, int]] = set()
        for m in found:
            g = gold_by_span.get((m.start, m.end))
            ok = g is not None and g.replacement == m.replacement
            t = m.type.value if m.type else "rule"
            c = Counts(tp=1) if ok else Counts(fp=1)
            report.total += c
            report.by_type[t] = report.by_type.get(t, Counts()) + c
            report.by_method[m.method.value] = report.by_method.get(m.method.value, Counts()) + c
            if ok:
                hit.add((m.start, m.end))
            else:
                report.false_positives.append((path, m))
        for g in gold:
            if (g.start, g.end) not in hit:
                report.total += Counts(fn=1)
                t = g.type or "unknown"
                report.by_type[t] = report.by_type.get(t, Counts()) + Counts(fn=1)
                report.misses.append((path, g))
    return report
