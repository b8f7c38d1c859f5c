"""What the integrations share: the CLI's options as a Normalizer, shipping it to workers, one row's fix.

A compiled Normalizer is the expensive part (seconds to unpickle a large index, hundreds
of MB), so it is shipped to worker processes as pickled bytes with their digest and
unpickled once per process (:meth:`Shipped.get`, :func:`load_file`), never once per batch
or partition. Spark ships the bytes as a file (``SparkContext.addFile``); Dask as a value
of its graph.
"""

from __future__ import annotations

import hashlib
import math
import os
import pickle
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from . import Config, Fixed, Lexicon, Normalizer

LexiconArg = str | os.PathLike[str] | Lexicon

_LOADED: dict[str, Normalizer] = {}
_UNPICKLED: Counter[str] = Counter()
_UNPICKLE_SECONDS = [0.0]
_LOCK = threading.Lock()


def build_normalizer(
    lexicons: Iterable[LexiconArg] = (),
    *,
    default_lexicon: bool = True,
    threshold: float | None = None,
    config: Config | None = None,
    cache: bool = True,
) -> Normalizer:
    """Build a Normalizer from the command line's options (``--lexicon``, ``--threshold``, ...).

    A missing lexicon path is a :class:`FileNotFoundError` naming it and a threshold outside
    0-100 a :class:`ValueError`, as the CLI reports them; ``cache`` is the opposite of
    ``--no-cache``.
    """
    sources = list(lexicons)
    for source in sources:
        if not isinstance(source, Lexicon) and not Path(source).exists():
            raise FileNotFoundError(f"{os.fspath(source)}: no such lexicon file or folder")
    config = config or Config()
    if threshold is not None:
        if not 0 <= threshold <= 100:
            raise ValueError(f"threshold must be between 0 and 100, not {threshold!r}")
        config = replace(config, fuzzy_threshold=float(threshold))
    return Normalizer(sources, default_lexicon=default_lexicon, config=config, cache=cache)


@dataclass(frozen=True, slots=True)
class Shipped:
    """A pickled Normalizer with the SHA-256 of its bytes: cheap to send, unpickled once per process."""

    digest: str
    payload: bytes

    @classmethod
    def of(cls, normalizer: Normalizer) -> Shipped:
        """Pickle ``normalizer`` for shipping."""
        payload = pickle.dumps(normalizer, protocol=pickle.HIGHEST_PROTOCOL)
        return cls(hashlib.sha256(payload).hexdigest(), payload)

    @property
    def filename(self) -> str:
        """Return the file name this payload is written under (its digest, so names never clash)."""
        return f"normalize-{self.digest[:32]}.pkl"

    def write(self, folder: str | os.PathLike[str]) -> Path:
        """Write the payload into ``folder`` and return the file's path."""
        path = Path(folder) / self.filename
        path.write_bytes(self.payload)
        return path

    def get(self) -> Normalizer:
        """Return the Normalizer, unpickling it only the first time in this process."""
        return _once(self.digest[:32], lambda: self.payload)


def load_file(path: str | os.PathLike[str]) -> Normalizer:
    """Return the Normalizer that :meth:`Shipped.write` wrote to ``path``, read once per process."""
    name = Path(path).name
    digest = name.removeprefix("normalize-").removesuffix(".pkl")
    return _once(digest, lambda: Path(path).read_bytes(), check=True)


def _once(digest: str, read: Callable[[], bytes], *, check: bool = False) -> Normalizer:
    # One lock for every load: the threads of one worker (Dask's threaded scheduler) must
    # not each unpickle the same index; loads of different ones are rare enough to serialise.
    with _LOCK:
        normalizer = _LOADED.get(digest)
        if normalizer is None:
            payload = read()
            if check and not hashlib.sha256(payload).hexdigest().startswith(digest):
                raise ValueError(f"shipped normalizer {digest}: the file is damaged (digest differs)")
            started = time.perf_counter()
            normalizer = pickle.loads(payload)
            _UNPICKLE_SECONDS[0] += time.perf_counter() - started
            _UNPICKLED[digest] += 1
            if not isinstance(normalizer, Normalizer):
                raise TypeError(f"shipped normalizer {digest}: not a Normalizer")
            _LOADED[digest] = normalizer
        return normalizer


def unpickled() -> int:
    """Return how many shipped Normalizers this process has unpickled (tests check: once each)."""
    return sum(_UNPICKLED.values())


def unpickle_seconds() -> float:
    """Return the seconds this process spent unpickling shipped Normalizers (for the benchmark)."""
    return _UNPICKLE_SECONDS[0]


def is_missing(value: object) -> bool:
    """Return True for None and float NaN, the missing values of every integration."""
    return value is None or (isinstance(value, float) and math.isnan(value))


def fix_value(normalizer: Normalizer, value: object, where: str) -> Fixed:
    """Fix one row's text; a non-string is a TypeError and any failure names the row (``where``)."""
    if not isinstance(value, str):
        raise TypeError(
            f"{where}: expected a string or a missing value, got {type(value).__name__} {value!r:.60}"
        )
    try:
        return normalizer.fix(value)
    except Exception as exc:
        exc.add_note(f"while fixing {where}")
        raise
