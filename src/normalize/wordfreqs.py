"""Word frequencies from wordfreq, looked up fast: which words of a language are ordinary.

``wordfreq.zipf_frequency`` tokenises and normalises each call (about 45 µs); the engine
asks for hundreds of thousands of words, so this module loads the language's frequency
table once (about 0.7 s, lazily) and answers from it. Hyphenated words combine their parts
the way wordfreq does (1/f = sum of 1/f_i), so "es-sider" is as rare as its rarest part.
"""

from __future__ import annotations

import math
from functools import lru_cache

from wordfreq import get_frequency_dict

_HYPHENS = "-\u2010\u2011"


@lru_cache(maxsize=8)
def _table(language: str) -> dict[str, float]:
    return get_frequency_dict(language)


@lru_cache(maxsize=1 << 18)
def zipf(word: str, language: str = "en") -> float:
    """Return the Zipf frequency of ``word`` (0 for a word wordfreq does not know)."""
    table = _table(language)
    w = word.casefold().replace("\u2019", "'")
    f = table.get(w, 0.0)
    if not f:
        parts = [p for p in w.translate({ord(h): " " for h in _HYPHENS}).split() if p]
        if len(parts) > 1:
            freqs = [table.get(p, 0.0) for p in parts]
            f = 1.0 / sum(1.0 / x for x in freqs) if all(freqs) else 0.0
    return round(math.log10(f) + 9, 2) if f > 0 else 0.0
