"""The data types that move through the pipeline: entries, rules, matches.

All are frozen and slotted; collections inside them are tuples, so a compiled
Normalizer can be pickled and shared with worker processes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields
from enum import StrEnum


class EntryType(StrEnum):
    """What an entry names; persons get name-part handling (given names, surname-only)."""

    PERSON = "person"
    PLACE = "place"
    ORG = "org"
    TERM = "term"


class Method(StrEnum):
    """How a match was found, from most to least certain.

    - ``exact``: the canonical name itself, differing only in case or hyphen/space;
    - ``variant``: a variant listed in the lexicon;
    - ``rule``: a phrase rule for an MT artifact;
    - ``generated``: a variant the engine derived (case ending, calque, spurious article,
      calqued word order of an organisation);
    - ``key``: equal transliteration-invariant keys (``Sidi Barani`` / ``Sidi Barrani``);
    - ``fuzzy``: a near key, scored by rapidfuzz.
    """

    EXACT = "exact"
    VARIANT = "variant"
    RULE = "rule"
    GENERATED = "generated"
    KEY = "key"
    FUZZY = "fuzzy"

    @property
    def tier(self) -> int:
        """Return the certainty tier used to break ties (lower is more certain)."""
        return TIERS[self]


#: Each method's tier (:attr:`Method.tier`), as a table: hot loops read it without a call.
TIERS = {
    Method.EXACT: 0,
    Method.VARIANT: 0,
    Method.RULE: 0,
    Method.GENERATED: 1,
    Method.KEY: 1,
    Method.FUZZY: 2,
}


@dataclass(frozen=True, slots=True)
class Variant:
    """One listed surface form of an entry.

    ``case_sensitive`` variants match only with exactly this casing (``Us officials``);
    ``context`` variants are real words too (``Haftarah``) and apply only when the
    document gives evidence for the entry. ``guard=False`` turns the ordinary-word guard
    off for this variant: it applies as written wherever it stands as a whole word, even
    when it is an ordinary word (``python`` for Python); lexicon files set it per variant,
    per entry or per file (``guard: false``).
    """

    text: str
    case_sensitive: bool = False
    context: bool = False
    guard: bool = True

    def __reduce__(self) -> tuple[Callable[..., Variant], tuple[str, bool, bool, bool]]:
        # positional reconstruction: several times faster to unpickle than the
        # field-by-field __setstate__ of a slotted dataclass (the index cache holds many)
        return (Variant, (self.text, self.case_sensitive, self.context, self.guard))


@dataclass(frozen=True, slots=True)
class Entry:
    """A canonical name and everything the engine needs to recognise its garbles."""

    id: str
    canonical: str
    type: EntryType | None = None
    variants: tuple[Variant, ...] = ()
    accepted: tuple[str, ...] = ()
    """Other correct spellings: recognised as mentions, never rewritten."""
    given: tuple[str, ...] = ()
    surname: str = ""
    short: str = ""
    calques: tuple[tuple[str, tuple[str, ...]], ...] = ()
    context: tuple[str, ...] = ()
    """Words whose presence in a document is evidence for this entry in particular."""
    topic: tuple[str, ...] = ()
    """Words of the entry's subject area (its lexicon file's ``context:``): weaker evidence."""
    source_languages: tuple[str, ...] = ()
    source: str = ""
    origin: str = ""
    """Where the entry was defined (``path:line``); for messages only."""
    names: tuple[tuple[str, str], ...] = ()
    """(language, name) pairs: the name as its source language writes it (``("ru", "Мисрата")``);
    the engine derives its romanisations and acronym (:mod:`normalize.source_names`)."""

    def __reduce__(self) -> tuple[Callable[..., Entry], tuple[object, ...]]:
        return (Entry, tuple(getattr(self, f.name) for f in fields(Entry)))


@dataclass(frozen=True, slots=True)
class Rule:
    """A phrase rule for a machine-translation artifact (``approx. lane`` -> ``translator's note``).

    Exactly one of ``match`` (a literal) and ``pattern`` (a ``regex`` pattern) is set;
    ``replace`` is literal for ``match`` and a template (``\\1``) for ``pattern``.
    """

    id: str
    replace: str
    match: str = ""
    pattern: str = ""
    case_sensitive: bool = False
    source: str = ""
    origin: str = ""


@dataclass(frozen=True, slots=True)
class Match:
    """One edit: ``text[start:end] == text`` becomes ``replacement``, and why.

    Offsets are 0-based character offsets into the decoded input string.
    """

    start: int
    end: int
    text: str
    replacement: str
    canonical: str
    entry: str
    method: Method
    score: float
    reason: str
    type: EntryType | None = None
    entries: tuple[str, ...] = ()
    """Every entry that claims this edit (homonyms writing the same text); ``entry`` is the first."""
    mechanism: str = ""
    """The registry name of the mechanism that proposed it (``exact``, ``fuzzy``, ...)."""

    def as_dict(self) -> dict[str, object]:
        """Return the JSON-ready fields of this match."""
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "replacement": self.replacement,
            "canonical": self.canonical,
            "entry": self.entry,
            "method": self.method.value,
            "score": round(self.score, 1),
            "reason": self.reason,
            "type": self.type.value if self.type else None,
            "entries": list(self.entries or (self.entry,)),
            "mechanism": self.mechanism,
        }


@dataclass(frozen=True, slots=True)
class Ambiguity:
    """A span several entries claim with different texts, which the document could not settle.

    It is left as written and reported; ``options`` pairs each entry id with the text it
    would write. Add context words to the entries (or mention the intended one in full)
    to let the document decide.
    """

    start: int
    end: int
    text: str
    options: tuple[tuple[str, str], ...]

    def as_dict(self) -> dict[str, object]:
        """Return the JSON-ready fields of this ambiguity."""
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "ambiguous": True,
            "options": [{"entry": e, "replacement": r} for e, r in self.options],
        }


@dataclass(frozen=True, slots=True)
class Fixed:
    """The result of :meth:`Normalizer.fix`: the new text and the matches that made it."""

    text: str
    matches: tuple[Match, ...] = field(default_factory=tuple)
    ambiguous: tuple[Ambiguity, ...] = field(default_factory=tuple)
    """Spans left alone because homonyms write different texts there."""

    @property
    def changed(self) -> bool:
        """Return True when at least one edit was made."""
        return bool(self.matches)
