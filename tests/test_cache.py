"""The compiled-index cache: hits, rebuilds on any mismatch, atomic writes."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from normalize import Normalizer, cache
from normalize.engine.index import Index
from normalize.lexicon import load_lexicon

from .conftest import DATA, SEED, read

LEXICON = DATA / "canonical_only.yaml"


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NORMALIZE_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_second_build_reads_the_cache(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The first build writes one cache file; the second loads it instead of compiling."""
    first = Normalizer([LEXICON], default_lexicon=False, cache=True)
    files = list(cache_dir.glob("*.idx"))
    assert len(files) == 1

    def no_compile(self: Index, lexicon: object) -> None:
        raise AssertionError("compiled although cached")

    monkeypatch.setattr(Index, "__init__", no_compile)
    second = Normalizer([LEXICON], default_lexicon=False, cache=True)
    assert second.find(read(SEED)) == first.find(read(SEED))


def test_lexicon_edit_changes_the_key(tmp_path: Path, cache_dir: Path) -> None:
    """Editing a lexicon file gives a new key, so the old index is never used for it."""
    lex = tmp_path / "x.yaml"
    lex.write_text("entries:\n  - canonical: Zintan\n")
    Normalizer([lex], default_lexicon=False, cache=True)
    lex.write_text("entries:\n  - canonical: Zintan\n    variants: [Zentan]\n")
    n = Normalizer([lex], default_lexicon=False, cache=True)
    assert n.fix("Zentan").text == "Zintan"
    assert len(list(cache_dir.glob("*.idx"))) == 2


@pytest.mark.parametrize("damage", ["truncate", "flip", "foreign", "empty"])
def test_damaged_cache_is_rebuilt(cache_dir: Path, damage: str) -> None:
    """A truncated, corrupted, foreign or empty cache file is ignored and rewritten."""
    Normalizer([LEXICON], default_lexicon=False, cache=True)
    (path,) = cache_dir.glob("*.idx")
    data = path.read_bytes()
    broken = {
        "truncate": data[: len(data) // 2],
        "flip": data[:-10] + bytes(b ^ 0xFF for b in data[-10:]),
        "foreign": pickle.dumps({"not": "an index"}),
        "empty": b"",
    }[damage]
    path.write_bytes(broken)
    n = Normalizer([LEXICON], default_lexicon=False, cache=True)
    assert n.fix("near RAS lanuf").text == "near Ras Lanuf"
    assert path.read_bytes() != broken  # rebuilt and stored again
    assert isinstance(cache.load(path.stem), Index)


def test_cache_files_are_written_atomically(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A failed write leaves no partial file and is not an error."""
    import os

    def failing_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", failing_replace)
    n = Normalizer([LEXICON], default_lexicon=False, cache=True)
    assert n.fix("RAS lanuf").text == "Ras Lanuf"
    assert list(cache_dir.iterdir()) == []


def test_lexicon_objects_are_cached_by_value(cache_dir: Path) -> None:
    """Lexicon objects are keyed by their value and the code's digest."""
    lex = load_lexicon(LEXICON)
    assert cache.lexicon_key(lex) == cache.lexicon_key(load_lexicon(LEXICON))
    index = cache.load_index(lex)
    assert cache.load(cache.lexicon_key(lex)) is not None
    assert isinstance(index, Index)
