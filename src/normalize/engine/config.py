"""The matcher's knobs: thresholds, and one switch per mechanism (named as in the registry)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Config:
    """Knobs of the matcher; every default is the one the tests and benchmarks use.

    Thresholds:

    - ``fuzzy_threshold`` (85): rapidfuzz ``ratio`` on keys. With the one-edit limit
      this admits an inserted or dropped letter in a key of 6+ letters and a changed
      letter in one of 7+: a changed letter in 6 ("mistri" ~ "mishri") was a false
      positive in the garble scan.
    - ``anchored_threshold`` (70): for a surname right after a known given name or its
      calque; the given name is evidence enough to accept a looser surname.
    - ``ordinary_zipf`` (2.5): wordfreq Zipf frequency from which a word of the text is
      ordinary and never fuzzed, keyed, inflected or re-cased (2.5 is about 3 per 10M
      words). Measured on wordfreq's English list: names' MT spellings sit below it
      (Qaddafi 2.24, Guterres 2.25, Misurata 1.61) and the words they were confused
      with in the false-positive scan above it (Salami 2.88, Leonid 2.91, Cobbler 2.82).

    Mechanisms (each ``True`` by default; the names are the registry's, see
    :data:`normalize.engine.mechanisms.REGISTRY`): ``rules``, ``exact``, ``casing``,
    ``calques``, ``synonyms``, ``persons``, ``spaced_hyphens``, ``keys``, ``endings``, ``fuzzy``,
    ``phonetic``, ``given_names``, ``articles``. ``generate=False`` turns off every mechanism
    that derives a form no lexicon lists (all but ``rules``, ``exact`` and ``casing``): exact-only matching.
    """

    fuzzy_threshold: float = 85.0
    anchored_threshold: float = 70.0
    ordinary_zipf: float = 2.5
    generate: bool = True
    rules: bool = True
    exact: bool = True
    casing: bool = True
    calques: bool = True
    synonyms: bool = True
    persons: bool = True
    spaced_hyphens: bool = True
    keys: bool = True
    endings: bool = True
    fuzzy: bool = True
    phonetic: bool = True
    given_names: bool = True
    articles: bool = True

    def enabled(self, mechanism: str, *, generated: bool) -> bool:
        """Return True when ``mechanism`` runs: its own switch, and ``generate`` for derived forms."""
        return bool(getattr(self, mechanism)) and (self.generate or not generated)
