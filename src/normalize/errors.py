"""The exceptions normalize raises: one small tree rooted at NormalizeError."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


class NormalizeError(Exception):
    """Base of every error normalize raises on purpose."""


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem found in a lexicon: where it is, which field, what is wrong.

    ``severity`` is ``"error"`` (the lexicon is refused), ``"warning"`` (it loads,
    and the engine takes care, e.g. an ordinary word used as a variant) or ``"info"``
    (nothing to fix: homonyms, an entry replacing a bundled one). ``line`` 0 means the
    diagnostic has no line (a lexicon built in code), an empty ``path`` that it concerns
    all the lexicons together (a summary); the position is then left out of the text.
    """

    path: str
    line: int
    column: int
    field: str
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        kind = "" if self.severity == "error" else f"{self.severity}: "
        if not self.path:
            where = ""
        elif self.line <= 0:
            where = f"{self.path}: "
        else:
            where = f"{self.path}:{self.line}:{self.column}: "
        return f"{where}{kind}{self.field}: {self.message}"


class LexiconError(NormalizeError, ValueError):
    """A lexicon could not be loaded; ``diagnostics`` holds every error found, not just the first."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics: tuple[Diagnostic, ...] = tuple(diagnostics)
        lines = [str(d) for d in self.diagnostics]
        message = "\n".join(lines) if lines else "invalid lexicon"
        super().__init__(message)


class InputError(NormalizeError, OSError):
    """An input file could not be read or decoded; the message names the file."""
