"""The contract every mechanism keeps, checked over the whole registry."""

from __future__ import annotations

import marshal
from dataclasses import fields, is_dataclass
from pathlib import Path

import pytest
import regex

from normalize import Config, Normalizer
from normalize.engine import flat
from normalize.engine.candidate import Candidate
from normalize.engine.mechanisms import REGISTRY, Mechanism
from normalize.garble import MECHANISMS as GARBLERS

from ..conftest import SEED, read
from .conftest import NAMES, only

HERE = Path(__file__).parent


def test_names_are_unique_identifiers() -> None:
    """Each mechanism has one name, a Python identifier, used once."""
    assert len(set(NAMES)) == len(NAMES)
    assert all(n.isidentifier() for n in NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_one_name_everywhere(name: str) -> None:
    """The registry name is a Config switch and names a test module of its own."""
    assert isinstance(getattr(Config(), name), bool)
    assert (HERE / f"test_{name}.py").is_file()


def test_garble_generators_are_named_after_mechanisms() -> None:
    """Every garble generator carries the name of the mechanism that undoes it."""
    assert set(GARBLERS) <= set(NAMES)


@pytest.mark.parametrize("mechanism", REGISTRY, ids=NAMES)
def test_candidates_are_well_formed(default: Normalizer, mechanism: Mechanism[object]) -> None:
    """On the seed, alone, a mechanism's candidates carry its name and lie inside the text."""
    text = read(SEED)
    n = Normalizer.from_index(default.index, only(mechanism.name))
    _, cands = n.pipeline.candidates(text)
    assert all(isinstance(c, Candidate) for c in cands)
    assert all(c.mechanism == mechanism.name for c in cands)
    assert all(0 <= c.start < c.end <= len(text) for c in cands)
    assert all(c.replacement for c in cands)


@pytest.mark.parametrize("name", NAMES)
def test_switching_one_off_runs_the_others(default: Normalizer, name: str) -> None:
    """Config(<name>=False) removes exactly that mechanism from the pipeline."""
    n = Normalizer.from_index(default.index, Config(**{name: False}))  # type: ignore[arg-type]
    assert [m.name for m, _ in n.pipeline.mechanisms] == [x for x in NAMES if x != name]


def test_all_off_changes_nothing(default: Normalizer) -> None:
    """With every mechanism off, the seed comes back unchanged."""
    n = Normalizer.from_index(default.index, only())
    assert n.fix(read(SEED)).text == read(SEED)


def test_generate_off_keeps_listed_forms_only(default: Normalizer) -> None:
    """generate=False runs only the mechanisms that apply what the lexicon lists."""
    n = Normalizer.from_index(default.index, Config(generate=False))
    assert [m.name for m, _ in n.pipeline.mechanisms] == [m.name for m in REGISTRY if not m.generated]
    assert {m.name for m in REGISTRY if not m.generated} == {"rules", "exact", "casing"}


def _plain(x: object) -> object:
    """Return ``x`` with the flat encoding's lazy containers made plain again (for comparison)."""
    if isinstance(x, flat.LazyMap | dict):
        return {k: _plain(v) for k, v in x.items()}
    if isinstance(x, flat.LazySeq | tuple | list):
        return tuple(_plain(v) for v in x)
    if isinstance(x, flat.StrSet):
        return frozenset(x)
    if isinstance(x, regex.Pattern):
        return (x.pattern, x.flags)
    if is_dataclass(x) and not isinstance(x, type):
        return (type(x), *(_plain(getattr(x, f.name)) for f in fields(x)))
    return x


@pytest.mark.parametrize("mechanism", REGISTRY, ids=NAMES)
def test_tables_are_stored_flat(
    default: Normalizer, mechanism: Mechanism[object], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A mechanism's table holds only what the cache's flat encoding stores, and comes back equal."""
    monkeypatch.setattr(flat, "LAZY_MIN", 2)  # the lazy containers too, on a small lexicon
    table = default.index.tables[mechanism.name]
    enc = flat.Encoder()
    encoded, _ = enc.encode(table)
    decoded = flat.Decoder(enc.blobs, enc.classes).decode(marshal.loads(marshal.dumps(encoded)))
    assert _plain(decoded) == _plain(table)


def test_unsupported_table_values_are_refused() -> None:
    """A value the flat encoding does not know fails when the index is stored, not when it is read."""
    with pytest.raises(flat.UnsupportedValue, match="object"):
        flat.Encoder().encode({"a": (1, object())})
