"""The engine: the compiled index, the mechanisms, and the pipeline that decides.

Layout (each module one job):

- :mod:`.config`: :class:`Config`, thresholds and one switch per mechanism;
- :mod:`.index`: the lexicon's surfaces, the automaton, each mechanism's compiled table;
- :mod:`.document`: one text searched once, its name-like words and runs;
- :mod:`.candidate`: what mechanisms propose, the evidence levels, the named scores;
- :mod:`.mechanisms`: one module per mechanism, and ``REGISTRY``, the ordered list;
- :mod:`.evidence`: what a document says about which entries it is about;
- :mod:`.decide`: ranking, overlaps, homonyms and ties, a pure function;
- :mod:`.render`: decided candidates as :class:`~normalize.model.Match` edits;
- :mod:`.pipeline`: document -> mechanisms -> evidence -> decision -> matches;
- :mod:`.normalizer`: :class:`Normalizer`, the object users build.
"""

from .config import Config
from .normalizer import Normalizer, build_lexicon

__all__ = ["Config", "Normalizer", "build_lexicon"]
