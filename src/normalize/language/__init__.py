"""Language data, in one place: one YAML file per language, read once.

- ``en.yaml``: the language of the text (function words, English suffixes that are not
  garbles, name connectors, demonyms, phrases, spellings, calques into English);
- ``ru.yaml``, ``uk.yaml``, ``ar.yaml``: source languages (case endings as MT
  transliterates them; Arabic article forms and name particles);
- ``translit.yaml``: Latin transliteration classes shared by every source language;
- ``calques_<code>.yaml``: what MT from source language ``<code>`` writes for words it
  translates (the Arabic article as "an ale"; "advice" for совет), read by
  :func:`calque_table`;
- ``<code>.yaml`` ``romanisation:``: how that language's writers romanise the names the
  lexicon spells in English (Spanish "Jartum" for Khartoum), applied by :mod:`normalize.keys`
  for the lexicons whose ``source_languages`` name it.
- ``phonetic.yaml``: sound units, consonant classes, edit costs and length budgets of the
  ``phonetic`` mechanism (spellings mapped to a name by ear).

Modules read the tables through :func:`table`; :mod:`normalize.keys` and
:mod:`normalize.variants` expose them under their historical names. To support a new
source language, add ``<code>.yaml`` with its ``endings``; lexicons choose it with
``source_languages``. A lexicon's ``calques:`` add to the built-in ones, and its
``endings: {<code>: [...]}`` to a language's case endings.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml

_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@cache
def data(name: str) -> dict[str, Any]:
    """Return the parsed data file ``<name>.yaml`` of this package ({} when there is none)."""
    path = resources.files(__name__) / f"{name}.yaml"
    if not path.is_file():
        return {}
    loaded = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    return loaded if isinstance(loaded, dict) else {}


def table(name: str, key: str) -> Any:
    """Return the table ``key`` of language file ``name`` (an empty list when absent)."""
    return data(name).get(key, [])


def calque_table(key: str, languages: tuple[str, ...] | None = None) -> list[Any]:
    """Return table ``key`` of the ``calques_<code>.yaml`` files of ``languages`` (all when None), joined."""
    if languages is None:
        languages = tuple(
            sorted(
                p.name[len("calques_") : -5]
                for p in resources.files(__name__).iterdir()
                if p.name.startswith("calques_") and p.name.endswith(".yaml")
            )
        )
    return [item for lang in languages for item in table(f"calques_{lang}", key)]


def source_languages() -> tuple[str, ...]:
    """Return the codes of the source languages that have case-ending tables."""
    return tuple(
        sorted(
            p.name[:-5]
            for p in resources.files(__name__).iterdir()
            if p.name.endswith(".yaml") and "endings" in data(p.name[:-5])
        )
    )
