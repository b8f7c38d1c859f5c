"""normalize: repair the proper names and fixed terms that machine translation garbled.

The public surface is what ``__all__`` lists; everything else may change.
"""

from ._version import __version__
from .engine import Config, Normalizer, build_lexicon
from .errors import Diagnostic, InputError, LexiconError, NormalizeError
from .lexicon import Lexicon, load_lexicon, parse_lexicon, validate
from .model import Ambiguity, Entry, EntryType, Fixed, Match, Method, Rule, Variant
from .rewrite import apply

__all__ = [
    "Ambiguity",
    "Config",
    "Diagnostic",
    "Entry",
    "EntryType",
    "Fixed",
    "InputError",
    "Lexicon",
    "LexiconError",
    "Match",
    "Method",
    "NormalizeError",
    "Normalizer",
    "Rule",
    "Variant",
    "__version__",
    "apply",
    "build_lexicon",
    "load_lexicon",
    "parse_lexicon",
    "validate",
]
