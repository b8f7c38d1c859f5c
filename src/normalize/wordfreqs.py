"""Word frequencies from wordfreq, looked up fast: which words of a language are ordinary.

``wordfreq.zipf_frequency`` tokenises and normalises each call (about 45 µs); the engine
asks for hundreds of thousands of words, so this module loads the language's frequency
table once (about 0.7 s, lazily; then kept in the cache folder, read in milliseconds) and
answers from it. Hyphenated words combine their parts
the way wordfreq does (1/f = sum of 1/f_i), so "es-sider" is as rare as its rarest part.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from functools import lru_cache

_HYPHENS = "-\u2010\u2011"
_HYPHENS_TO_SPACES = {ord(h): " " for h in _HYPHENS}


@lru_cache(maxsize=8)
def _table(language: str) -> Mapping[str, float]:
    # from the cache folder (a marisa-trie and an array: milliseconds) when it is there;
    # importing wordfreq and reading its table takes half a second at every start
    from .cache import load_words, store_words

    stored = load_words(language)
    if stored is not None:
        return stored
    from wordfreq import get_frequency_dict

    table: dict[str, float] = get_frequency_dict(language)
    store_words(language, table)
    return table


@lru_cache(maxsize=1 << 15)  # most lookups are of new words (a quarter hit): a small cache
def zipf(word: str, language: str = "en") -> float:
    """Return the Zipf frequency of ``word`` (0 for a word wordfreq does not know)."""
    table = _table(language)
    w = word.casefold().replace("\u2019", "'")
    f = table.get(w, 0.0)
    if not f:
        parts = [p for p in w.translate(_HYPHENS_TO_SPACES).split() if p]
        if len(parts) > 1:
            freqs = [table.get(p, 0.0) for p in parts]
            f = 1.0 / sum(1.0 / x for x in freqs) if all(freqs) else 0.0
    return round(math.log10(f) + 9, 2) if f > 0 else 0.0


#: How many of a language's commonest words :func:`common_words` gives (enough to cover
#: most running text: the automaton's layout is planned on them).
COMMON_WORDS = 20_000


def common_words(language: str, n: int = COMMON_WORDS) -> list[str]:
    """Return the ``n`` commonest words of ``language``, commonest first (none if wordfreq lacks it)."""
    from wordfreq import top_n_list

    try:
        return list(top_n_list(language, n))
    except LookupError:
        return []
