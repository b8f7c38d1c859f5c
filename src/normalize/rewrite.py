"""Apply matches to a text; everything outside the matches stays byte for byte."""

from __future__ import annotations

from collections.abc import Iterable

from .errors import NormalizeError
from .model import Match


def apply(text: str, matches: Iterable[Match]) -> str:
    """Return ``text`` with each match's span replaced by its replacement.

    Matches must not overlap and each ``text[m.start:m.end]`` must equal ``m.text``;
    otherwise :class:`NormalizeError` is raised rather than producing a corrupt text.
    """
    out: list[str] = []
    pos = 0
    for m in sorted(matches, key=lambda m: (m.start, m.end)):
        if m.start < pos:
            raise NormalizeError(f"overlapping edits at {m.start}")
        if text[m.start : m.end] != m.text:
            raise NormalizeError(f"edit at {m.start} expects {m.text!r}, text has {text[m.start : m.end]!r}")
        out.append(text[pos : m.start])
        out.append(m.replacement)
        pos = m.end
    out.append(text[pos:])
    return "".join(out)
