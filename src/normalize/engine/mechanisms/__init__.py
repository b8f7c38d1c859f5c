"""The mechanisms, and the registry: the one ordered list the pipeline runs.

To add a mechanism: write a module here with a :class:`Mechanism` subclass (its ``name``
is its registry key and :class:`~normalize.engine.config.Config` switch), add one line
below and a switch to ``Config``, and a test module ``tests/mechanisms/test_<name>.py``.
The order matters where a mechanism reads the candidates of those before it: ``casing``
reads ``exact``'s hits; ``keys``, ``endings``, ``fuzzy`` and ``phonetic`` look only at words
nothing before them took, in that order; ``given_names`` widens the surnames all of them found
over declined given names; ``articles`` extends the person mentions of all others.
"""

from __future__ import annotations

from typing import Any

from .articles import Articles
from .base import Mechanism
from .calques import Calques
from .casing import Casing
from .endings import Endings
from .exact import Exact
from .fuzzy import Fuzzy
from .given_names import GivenNames
from .keys import Keys
from .persons import Persons
from .phonetic import Phonetic
from .rules import Rules
from .spaced_hyphens import SpacedHyphens
from .synonyms import Synonyms

REGISTRY: tuple[Mechanism[Any], ...] = (
    Rules(),
    Exact(),
    Casing(),
    Calques(),
    Synonyms(),
    Persons(),
    SpacedHyphens(),
    Keys(),
    Endings(),
    Fuzzy(),
    Phonetic(),
    GivenNames(),
    Articles(),
)

__all__ = ["REGISTRY", "Mechanism"]
