"""The spaCy pipeline component ``normalize`` (``pip install 'normalize-mt[spacy]'``).

::

    nlp = spacy.blank("en")
    nlp.add_pipe("normalize", config={"lexicons": ["my.yaml"], "default_lexicon": True})
    doc = nlp(text)
    doc._.normalized                      # the fixed text
    for span in doc.spans["normalize"]:   # one span per finding, labelled by entry type
        span.kb_id_, span._.normalize_replacement, span._.normalize_method

The factory is registered under the name ``normalize`` when this module is imported and
through the ``spacy_factories`` entry point, so ``add_pipe("normalize")`` works without
importing it. The Normalizer is built on first use (or by ``nlp.initialize()``), so a
pipeline saved with ``nlp.to_disk`` loads from the lexicons stored with it even where the
original lexicon paths do not exist.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from . import Config, Match, Normalizer, apply
from ._workers import build_normalizer
from .lexicon import expand_paths

__all__ = ["SPAN_EXTENSIONS", "NormalizeComponent", "make_normalize"]

#: The span extensions the component sets, each on every span it adds.
SPAN_EXTENSIONS = (
    "normalize_replacement",
    "normalize_canonical",
    "normalize_method",
    "normalize_score",
    "normalize_reason",
    "normalize_matches",
)
_CFG = "cfg.json"
_LEXICONS = "lexicons"


def _register_extensions() -> None:
    """Declare ``Doc._.normalized`` and the span extensions (once per process)."""
    if not Doc.has_extension("normalized"):
        Doc.set_extension("normalized", default=None)
    for name in SPAN_EXTENSIONS:
        if not Span.has_extension(name):
            Span.set_extension(name, default=None)


_register_extensions()


class NormalizeComponent:
    """Find garbled names in each Doc: spans in ``doc.spans[key]``, the fixed text in ``doc._.normalized``.

    Each span covers whole tokens; a finding that starts or ends inside a token (the
    tokenizer kept ``Haftarom/Sarradzhem`` together) widens to those tokens, and the span's
    ``normalize_replacement`` is the widened text with the finding applied, so no finding
    is lost. Findings whose widened spans overlap share one span. ``normalize_matches``
    holds every finding in the span as :meth:`normalize.Match.as_dict` (offsets into the
    Doc's text); the other extensions describe its first finding.
    """

    def __init__(
        self,
        nlp: Language,
        name: str = "normalize",
        *,
        lexicons: Sequence[str] = (),
        default_lexicon: bool = True,
        threshold: float | None = None,
        fuzzy: bool = True,
        generate: bool = True,
        cache: bool = True,
        spans_key: str = "normalize",
    ) -> None:
        self.name = name
        self.lexicons = [str(p) for p in lexicons]
        self.default_lexicon = default_lexicon
        self.threshold = threshold
        self.fuzzy = fuzzy
        self.generate = generate
        self.cache = cache
        self.spans_key = spans_key
        self._normalizer: Normalizer | None = None

    @property
    def normalizer(self) -> Normalizer:
        """Return the Normalizer, building it on first use."""
        if self._normalizer is None:
            self._normalizer = build_normalizer(
                self.lexicons,
                default_lexicon=self.default_lexicon,
                threshold=self.threshold,
                config=Config(fuzzy=self.fuzzy, generate=self.generate),
                cache=self.cache,
            )
        return self._normalizer

    def initialize(self, get_examples: Any = None, *, nlp: Language | None = None) -> None:
        """Build the Normalizer now, so a bad lexicon fails ``nlp.initialize()`` rather than the first Doc."""
        _ = self.normalizer

    def __call__(self, doc: Doc) -> Doc:
        """Set ``doc.spans[spans_key]`` and ``doc._.normalized`` for one Doc."""
        fixed = self.normalizer.fix(doc.text)
        doc._.normalized = fixed.text
        spans = []
        for start, end, matches in _token_groups(doc, fixed.matches):
            first = matches[0]
            span = Span(doc, start, end, label=first.type.value if first.type else "rule", kb_id=first.entry)
            offset = span.start_char
            span._.normalize_replacement = apply(
                span.text, [replace(m, start=m.start - offset, end=m.end - offset) for m in matches]
            )
            span._.normalize_canonical = first.canonical
            span._.normalize_method = first.method.value
            span._.normalize_score = first.score
            span._.normalize_reason = first.reason
            span._.normalize_matches = [m.as_dict() for m in matches]
            spans.append(span)
        doc.spans[self.spans_key] = spans
        return doc

    def pipe(self, stream: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        """Process a stream of Docs."""
        for doc in stream:
            yield self(doc)

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        """Write the options and a copy of every lexicon file (not the bundled default) to ``path``."""
        path = Path(path)
        folder = path / _LEXICONS
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        names = []
        for i, source in enumerate(expand_paths(self.lexicons)):
            name = f"{i:03d}-{source.name}"  # numbered: two folders may hold files of one name
            shutil.copyfile(source, folder / name)
            names.append(name)
        cfg = {
            "lexicons": names,
            "default_lexicon": self.default_lexicon,
            "threshold": self.threshold,
            "fuzzy": self.fuzzy,
            "generate": self.generate,
            "cache": self.cache,
            "spans_key": self.spans_key,
        }
        (path / _CFG).write_text(json.dumps(cfg, indent=2) + "\n", encoding="utf-8")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> NormalizeComponent:
        """Read what :meth:`to_disk` wrote: the lexicons are then the copies stored under ``path``."""
        path = Path(path)
        cfg = json.loads((path / _CFG).read_text(encoding="utf-8"))
        self.lexicons = [str(path / _LEXICONS / name) for name in cfg["lexicons"]]
        self.default_lexicon = bool(cfg["default_lexicon"])
        self.threshold = cfg["threshold"]
        self.fuzzy = bool(cfg["fuzzy"])
        self.generate = bool(cfg["generate"])
        self.cache = bool(cfg["cache"])
        self.spans_key = str(cfg["spans_key"])
        self._normalizer = None
        return self


@Language.factory(
    "normalize",
    default_config={
        "lexicons": [],
        "default_lexicon": True,
        "threshold": None,
        "fuzzy": True,
        "generate": True,
        "cache": True,
        "spans_key": "normalize",
    },
)
def make_normalize(
    nlp: Language,
    name: str,
    lexicons: list[str],
    default_lexicon: bool,
    threshold: float | None,
    fuzzy: bool,
    generate: bool,
    cache: bool,
    spans_key: str,
) -> NormalizeComponent:
    """Create the ``normalize`` component (spaCy calls this for ``nlp.add_pipe("normalize")``)."""
    return NormalizeComponent(
        nlp,
        name,
        lexicons=lexicons,
        default_lexicon=default_lexicon,
        threshold=threshold,
        fuzzy=fuzzy,
        generate=generate,
        cache=cache,
        spans_key=spans_key,
    )


def _token_groups(doc: Doc, matches: Sequence[Match]) -> Iterator[tuple[int, int, list[Match]]]:
    """Yield (first token, end token, matches) for the token spans the matches cover, overlaps merged."""
    group: list[Match] = []
    start = end = -1
    for m in matches:  # in order of position, never overlapping one another
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:  # only whitespace: no finding is, but never drop one silently
            raise ValueError(f"finding {m.text!r} at {m.start}-{m.end} covers no token")
        if group and span.start < end:
            end = max(end, span.end)
            group.append(m)
            continue
        if group:
            yield start, end, group
        group, start, end = [m], span.start, span.end
    if group:
        yield start, end, group
