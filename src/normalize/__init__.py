"""normalize: repair the proper names and fixed terms that machine translation garbled.

The public surface is what ``__all__`` lists; everything else may change.
"""

from ._version import __version__
from .engine import Normalizer, build_lexicon
from .errors import Diagnostic, InputError, LexiconError, NormalizeError
from .lexicon import Lexicon, load_lexicon, parse_lexicon, validate
from .match import Config
from .model import Entry, EntryType, Fixed, Match, Method, Rule, Variant
from .rewrite import apply

__all__ = [
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
