"""The Normalizer: a compiled lexicon set plus the pipeline, the one object users build."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence

from ..lexicon import Lexicon, default_lexicon_paths, expand_paths, merge, read_many
from ..model import Ambiguity, Fixed, Match
from ..rewrite import apply
from .config import Config
from .index import Index
from .pipeline import Pipeline

LexiconSource = str | os.PathLike[str] | Lexicon


class Normalizer:
    """Find and fix garbled names in text.

    ``lexicons`` is a path (a file or a folder of ``*.yaml``), a :class:`Lexicon`, or an
    iterable of those; the bundled default lexicon is added unless
    ``default_lexicon=False``. Building compiles the index once; :meth:`find` and
    :meth:`fix` are then pure functions of the text. A Normalizer pickles, for worker
    processes.

    >>> from normalize import Normalizer
    >>> Normalizer().fix("forces of Khalifa the Haftarot near RAS lanuf").text
    'forces of Khalifa Haftar near Ras Lanuf'
    """

    __slots__ = ("config", "index", "pipeline")

    def __init__(
        self,
        lexicons: LexiconSource | Iterable[LexiconSource] = (),
        *,
        default_lexicon: bool = True,
        config: Config | None = None,
        cache: bool = False,
    ) -> None:
        self.config = config or Config()
        sources = _sources(lexicons)
        if cache and not any(isinstance(s, Lexicon) for s in sources):
            self.index = _cached_index(sources, default_lexicon=default_lexicon)
        else:
            lexicon = build_lexicon(sources, default_lexicon=default_lexicon)
            if cache:
                from ..cache import load_index

                self.index = load_index(lexicon)
            else:
                self.index = Index(lexicon)
        self.pipeline = Pipeline(self.index, self.config)

    @classmethod
    def from_index(cls, index: Index, config: Config | None = None) -> Normalizer:
        """Build a Normalizer around an already compiled index."""
        self = cls.__new__(cls)
        self.config = config or Config()
        self.index = index
        self.pipeline = Pipeline(index, self.config)
        return self

    @property
    def lexicon(self) -> Lexicon:
        """Return the merged lexicon this Normalizer was compiled from."""
        return self.index.lexicon

    def find(self, text: str) -> tuple[Match, ...]:
        """Return the edits that would fix ``text``, in order of position."""
        return tuple(self.pipeline.run(_text(text))[0])

    def mentions(self, text: str) -> tuple[Match, ...]:
        """Return every decided mention of a lexicon entry, the correct ones included.

        A correct mention is a Match whose ``replacement`` equals its ``text``.
        """
        return tuple(self.pipeline.run(_text(text), unchanged=True)[0])

    def fix(self, text: str) -> Fixed:
        """Return the fixed text, the matches that made it, and the spans left ambiguous."""
        text = _text(text)
        matches, ambiguous = self.pipeline.run(text)
        return Fixed(apply(text, matches), tuple(matches), tuple(ambiguous))

    def analyse(
        self, text: str, *, unchanged: bool = False
    ) -> tuple[tuple[Match, ...], tuple[Ambiguity, ...]]:
        """Return the edits of ``text`` (with ``unchanged``, correct mentions too) and its ambiguous spans."""
        matches, ambiguous = self.pipeline.run(_text(text), unchanged=unchanged)
        return tuple(matches), tuple(ambiguous)

    def ambiguities(self, text: str) -> tuple[Ambiguity, ...]:
        """Return the spans of ``text`` that homonyms claim with different texts (left alone)."""
        return tuple(self.pipeline.run(_text(text))[1])

    def __getstate__(self) -> tuple[Index, Config]:
        return self.index, self.config

    def __setstate__(self, state: tuple[Index, Config]) -> None:
        self.index, self.config = state
        self.pipeline = Pipeline(self.index, self.config)


def _text(text: object) -> str:
    """Return ``text`` if it is a string; raise a TypeError that says what was given otherwise."""
    if not isinstance(text, str):
        raise TypeError(f"expected a str, got {type(text).__name__} ({text!r:.40})")
    return text


def _sources(lexicons: LexiconSource | Iterable[LexiconSource]) -> list[LexiconSource]:
    """Return the lexicon sources as a list: one path or Lexicon is a list of one."""
    if isinstance(lexicons, str | os.PathLike | Lexicon):
        return [lexicons]
    return list(lexicons)


def _cached_index(paths: list[LexiconSource], *, default_lexicon: bool) -> Index:
    """Return the index for lexicon files, keyed by their bytes: no YAML parse on a hit."""
    from .. import cache

    files = expand_paths([*(default_lexicon_paths() if default_lexicon else []), *paths])  # type: ignore[list-item]
    try:
        key = cache.files_key(files)
    except OSError:
        key = ""
    return cache.load_or_build(key, lambda: Index(build_lexicon(files, default_lexicon=False)))


def build_lexicon(
    lexicons: LexiconSource | Iterable[LexiconSource] = (), *, default_lexicon: bool = True
) -> Lexicon:
    """Load and merge lexicon sources (paths or Lexicon objects), with all errors at once."""
    objects: list[Lexicon] = []
    paths: list[str | os.PathLike[str]] = list(default_lexicon_paths()) if default_lexicon else []
    for item in _sources(lexicons):
        if isinstance(item, Lexicon):
            objects.append(item)
        else:
            paths.append(item)
    return merge([*objects, *read_many(paths)])


__all__: Sequence[str] = ["Normalizer", "build_lexicon"]
