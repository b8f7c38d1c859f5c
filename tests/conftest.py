"""Shared fixtures: paths to the seed, normalizers built once per session, a private cache."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

from normalize import Normalizer

# CI and a plain `pytest` run are deterministic (the same examples every time); set
# HYPOTHESIS_PROFILE=explore to search with fresh random examples and many more of them.
settings.register_profile("default", derandomize=True, database=None)
settings.register_profile("explore", max_examples=2000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_387b84daa57bcaad.txt"
SEED_EXPECTED = ROOT / "seeds" / "000_387b84daa57bcaad.expected.txt"
SEED_GOLD = ROOT / "seeds" / "000_387b84daa57bcaad.annotations.tsv"
DATA = ROOT / "tests" / "data"


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep every test's compiled-index cache out of the user's cache folder."""
    monkeypatch.setenv("NORMALIZE_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cache"))


@pytest.fixture(autouse=True)
def _no_colour_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep a FORCE_COLOR or NO_COLOR of the shell running the tests out of exact-output tests."""
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)


@pytest.fixture(scope="session")
def default() -> Normalizer:
    """Return a Normalizer with the bundled default lexicon."""
    return Normalizer()


@pytest.fixture(scope="session")
def canonical_only() -> Normalizer:
    """Return a Normalizer whose lexicon lists canonical names only, no variants."""
    return Normalizer([DATA / "canonical_only.yaml"], default_lexicon=False)


def read(path: Path) -> str:
    """Read a test file as the CLI does: UTF-8, newlines untouched."""
    return path.read_bytes().decode("utf-8")
