"""Dask: ``fix_bag`` against ``Normalizer.fix`` on every item, under each scheduler, and the files recipe."""

from __future__ import annotations

from pathlib import Path

import pytest

from normalize import Normalizer, _workers

dask = pytest.importorskip("dask", reason="Dask is not installed (pip install 'normalize-mt[dask]')")
import dask.bag as db  # noqa: E402

from normalize.dask import fix_bag  # noqa: E402

from .conftest import CUSTOM_FIXED_92, CUSTOM_ROWS  # noqa: E402


@pytest.mark.parametrize("scheduler", ["sync", "threads", "processes"])
def test_every_item_equals_the_normalizer(
    scheduler: str, rows: list[str | None], expected: list[str | None], default: Normalizer
) -> None:
    items = rows if scheduler != "processes" else rows[:1000]  # process start-up dominates
    bag = db.from_sequence(items, npartitions=8)
    assert fix_bag(bag, normalizer=default).compute(scheduler=scheduler) == expected[: len(items)]


def test_options_of_the_command_line(custom_lexicon: str, tmp_path: Path) -> None:
    bag = db.from_sequence([*CUSTOM_ROWS, None], npartitions=2)
    out = fix_bag(bag, lexicons=[custom_lexicon], default_lexicon=False, threshold=92, cache=False)
    assert out.compute(scheduler="sync") == [*CUSTOM_FIXED_92, None]
    with pytest.raises(ValueError, match="threshold must be between 0 and 100"):
        fix_bag(bag, threshold=101)
    with pytest.raises(FileNotFoundError, match=r"nope\.yaml: no such lexicon file or folder"):
        fix_bag(bag, lexicons=[tmp_path / "nope.yaml"])


def test_matches_are_the_normalizer_s(rows: list[str | None], default: Normalizer) -> None:
    items = [r for r in rows[:200] if r is not None]
    fixed = fix_bag(db.from_sequence(items, npartitions=3), normalizer=default, matches=True)
    assert fixed.compute(scheduler="sync") == [default.fix(t) for t in items]


def test_a_non_string_names_its_partition_and_item(default: Normalizer) -> None:
    bag = db.from_sequence(["a", "b", "c", 4, "e"], npartitions=2)  # partitions [a b c] [4 e]
    with pytest.raises(TypeError) as info:
        fix_bag(bag, normalizer=default).compute(scheduler="sync")
    assert str(info.value) == "partition 1, item 0: expected a string or a missing value, got int 4"


def test_an_engine_failure_names_its_partition_and_item(broken: Normalizer) -> None:
    bag = db.from_sequence(["a", "b", "c", "d", "a BOOM"], npartitions=2)  # [a b c] [d BOOM]
    with pytest.raises(RuntimeError, match="engine failure") as info:
        fix_bag(bag, normalizer=broken).compute(scheduler="sync")
    assert info.value.__notes__ == ["while fixing partition 1, item 1"]


def test_the_normalizer_is_unpickled_once_per_process(default: Normalizer) -> None:
    normalizer = Normalizer(["tests/data/canonical_only.yaml"], default_lexicon=False)
    before = _workers.unpickled()
    bag = db.from_sequence([f"row {i} of Haftarom" for i in range(200)], npartitions=20)
    fix_bag(bag, normalizer=normalizer).compute(scheduler="threads")
    assert _workers.unpickled() == before + 1  # 20 partitions, 1 unpickle


def test_files_recipe_with_read_text(tmp_path: Path, rows: list[str | None], default: Normalizer) -> None:
    lines = [r.replace("\n", " ") for r in rows[:600] if r]
    for i in range(3):
        (tmp_path / f"part-{i}.txt").write_text(
            "".join(f"{line}\n" for line in lines[i::3]), encoding="utf-8"
        )
    # the README's recipe: one item per line, without its line break; written back with them
    texts = db.read_text(str(tmp_path / "part-*.txt"), encoding="utf-8").map(lambda s: s.removesuffix("\n"))
    fixed = fix_bag(texts, normalizer=default)
    fixed.to_textfiles(str(tmp_path / "out" / "*.txt"), encoding="utf-8", last_endline=True, scheduler="sync")
    for i in range(3):
        got = (tmp_path / "out" / f"{i}.txt").read_text(encoding="utf-8")
        assert got == "".join(default.fix(line).text + "\n" for line in lines[i::3])
        assert got != (tmp_path / f"part-{i}.txt").read_text(encoding="utf-8")
