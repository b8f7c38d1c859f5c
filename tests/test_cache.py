"""The compiled-index cache: hits, rebuilds on any mismatch, atomic writes."""

from __future__ import annotations

import marshal
import os
import pickle
import stat
from pathlib import Path

import pytest

from normalize import Normalizer, cache
from normalize.engine.flat import pack
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


# --- no code from cache files, and none that someone else could have written -------------------


def _planted(cache_dir: Path, marker: Path) -> Path:
    """Build the cache, then swap its payload for a pickle that creates ``marker`` if unpickled."""

    class Payload:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (os.mkdir, (str(marker),))

    Normalizer([LEXICON], default_lexicon=False, cache=True)
    (path,) = cache_dir.glob("*.idx")
    # a flat index in form whose first section (the root) is the pickle, the header intact
    payload = pack([pickle.dumps(Payload()), b""])
    path.write_bytes(cache._index_header(payload) + payload)
    os.chmod(path, 0o600)
    return path


def test_cache_never_runs_code(cache_dir: Path, tmp_path: Path) -> None:
    """The cache is data only: a pickle in a private, intact cache file is never unpickled."""
    marker = tmp_path / "ran"
    path = _planted(cache_dir, marker)
    assert cache.load(path.stem) is None and not marker.exists()
    n = Normalizer([LEXICON], default_lexicon=False, cache=True)
    assert n.fix("RAS lanuf").text == "Ras Lanuf" and not marker.exists()
    assert isinstance(cache.load(path.stem), Index)  # rebuilt in the flat format


def test_cache_file_writable_by_others_is_never_loaded(cache_dir: Path) -> None:
    Normalizer([LEXICON], default_lexicon=False, cache=True)
    (path,) = cache_dir.glob("*.idx")
    for mode in (0o666, 0o620, 0o602):
        os.chmod(path, mode)
        assert cache.load(path.stem) is None
    os.chmod(path, 0o600)  # the control: the same file, private, is loaded
    assert isinstance(cache.load(path.stem), Index)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="chown needs root")
def test_cache_file_owned_by_another_user_is_never_loaded(cache_dir: Path) -> None:
    Normalizer([LEXICON], default_lexicon=False, cache=True)
    (path,) = cache_dir.glob("*.idx")
    os.chown(path, 4242, 4242)
    assert cache.load(path.stem) is None
    n = Normalizer([LEXICON], default_lexicon=False, cache=True)
    assert n.fix("RAS lanuf").text == "Ras Lanuf"


def test_cache_folder_is_private(cache_dir: Path) -> None:
    Normalizer([LEXICON], default_lexicon=False, cache=True)
    assert stat.S_IMODE(cache_dir.stat().st_mode) == 0o700
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in cache_dir.iterdir())


@pytest.mark.parametrize("kind", ["fifo", "symlink"])
def test_cache_file_that_is_not_a_regular_file(cache_dir: Path, tmp_path: Path, kind: str) -> None:
    """A FIFO (which would block a read forever) or a symlink in the cache is passed over."""
    Normalizer([LEXICON], default_lexicon=False, cache=True)
    (path,) = cache_dir.glob("*.idx")
    good = path.read_bytes()
    path.unlink()
    if kind == "fifo":
        os.mkfifo(path, 0o600)
    else:
        elsewhere = tmp_path / "elsewhere.idx"
        elsewhere.write_bytes(good)
        os.chmod(elsewhere, 0o600)
        path.symlink_to(elsewhere)
    assert cache.load(path.stem) is None
    assert Normalizer([LEXICON], default_lexicon=False, cache=True).fix("RAS lanuf").text == "Ras Lanuf"


def test_cache_is_pruned_oldest_first(
    cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past the size cap, the least recently used files go first; the newest stays."""
    Normalizer([LEXICON], default_lexicon=False, cache=True)
    (first,) = cache_dir.glob("*.idx")
    size = first.stat().st_size
    old = [cache_dir / f"{'0' * 63}{i}.idx" for i in range(3)]
    for age, p in enumerate(old):
        p.write_bytes(b"x" * size)
        os.utime(p, (1000 + age, 1000 + age))
    monkeypatch.setattr(cache, "MAX_CACHE_BYTES", int(size * 2.2))  # room for two indexes, not three
    lex = tmp_path / "other.yaml"
    lex.write_text("entries:\n  - canonical: Zintan\n")
    Normalizer([lex], default_lexicon=False, cache=True)
    left = sorted(p.name for p in cache_dir.glob("*.idx"))
    assert len(left) == 2 and first.name in left  # the index just stored and the one before
    assert not any(p.exists() for p in old)


def test_flat_index_finds_what_the_built_one_finds(cache_dir: Path) -> None:
    """An index read back from its flat form (cache, worker processes) gives the same edits."""
    built = Normalizer(default_lexicon=True)
    stored = Index.from_flat(built.index.to_flat())
    assert Normalizer.from_index(stored).analyse(read(SEED)) == built.analyse(read(SEED))
    assert pickle.loads(pickle.dumps(built)).fix(read(SEED)) == built.fix(read(SEED))
    assert stored.lexicon.entries == built.lexicon.entries


EVERY_MECHANISM = """
language: en
source_languages: [ru, es]
context: [Libya, Tripoli]
entries:
  - {canonical: Misrata, type: place, names: {ru: Мисрата}}
  - {canonical: Government of National Accord, type: org, names: {ru: Правительство национального согласия}}
  - {canonical: Presidential Council, type: org}
  - {canonical: Khartoum, type: place}
  - {canonical: Tarhuna, type: place}
  - {canonical: Bani Walid, type: place}
  - {canonical: Vladimir Putin, type: person}
  - {canonical: Mikhail Gorbachev, type: person}
"""

EVERY_MECHANISM_TEXT = (
    "In Libya, Pravitelstvo natsionalnogo soglasiya and the Presidential advice met in Misratoy and "
    "Jartum. Fighting near "
    "Tarkhuny and Bani - Valida. Vladimirom Putinym and Michail Gorbatschow spoke; Gorbatschow left."
)


def test_flat_index_keeps_every_mechanism(cache_dir: Path, tmp_path: Path) -> None:
    """Every mechanism's table and the derived surfaces read back from the flat form give the same edits."""
    lex = tmp_path / "every.yaml"
    lex.write_text(EVERY_MECHANISM, encoding="utf-8")
    built = Normalizer(lex, default_lexicon=False)
    stored = Normalizer.from_index(Index.from_flat(built.index.to_flat()))
    found = built.analyse(EVERY_MECHANISM_TEXT)
    assert stored.analyse(EVERY_MECHANISM_TEXT) == found
    # read back, then stored again: a Normalizer loaded from the cache, pickled for a worker
    assert pickle.loads(pickle.dumps(stored)).analyse(EVERY_MECHANISM_TEXT) == found
    mechanisms = {m.mechanism for m in built.find(EVERY_MECHANISM_TEXT)}
    assert {"exact", "endings", "synonyms", "keys", "phonetic", "given_names", "spaced_hyphens"} <= mechanisms
    derived = [m for m in stored.find(EVERY_MECHANISM_TEXT) if m.text.startswith("Pravitelstvo")]
    assert [m.method.value for m in derived] == ["generated"]  # a derived form stays derived once stored


def test_normalizer_loaded_from_the_cache_pickles(cache_dir: Path) -> None:
    """A Normalizer whose index came from the cache pickles for worker processes (Spark, Dask)."""
    Normalizer(cache=True)  # builds and stores (the default lexicon: tables large enough to be lazy)
    loaded = Normalizer(cache=True)  # reads it back
    # passed on as the bytes it was read from, never decoded and stored anew (that took time,
    # and each worker then held the whole decoded index)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(Index, "to_flat", lambda self: pytest.fail("re-encoded"))
        data = pickle.dumps(loaded)
    again = pickle.loads(data)
    assert again.analyse(read(SEED)) == loaded.analyse(read(SEED))


def test_word_frequencies_are_kept_flat(cache_dir: Path) -> None:
    """wordfreq's table is stored once and read back equal; a damaged copy is ignored."""
    table = {"the": 0.05, "haftar": 1e-7, "é": 3.5e-6}
    cache.store_words("xx", table)
    stored = cache.load_words("xx")
    assert stored is not None and dict(stored.items()) == table and stored.get("nope", 0.0) == 0.0
    (path,) = cache_dir.glob("wordfreq-xx-*.words")
    data = path.read_bytes()
    path.write_bytes(data[:-3] + bytes(b ^ 0xFF for b in data[-3:]))
    assert cache.load_words("xx") is None


def test_a_small_table_of_large_columns_is_not_inlined() -> None:
    """A dict of a few large columns (phonetic's table) goes lazy, not whole into the root read at start."""
    from normalize.engine.flat import INLINE_MAX, Decoder, Encoder

    table = {"forms": tuple(f"form {n}" for n in range(20_000)), "n": 3}
    enc = Encoder()
    value, tagged = enc.encode(table)
    assert tagged and len(marshal.dumps(value)) < INLINE_MAX  # the column is a blob apart
    decoded = Decoder(enc.blobs, enc.classes).decode(value)
    assert decoded["n"] == 3 and decoded["forms"][12_345] == "form 12345" and len(decoded["forms"]) == 20_000


def test_damage_anywhere_in_the_index_file_is_found(cache_dir: Path) -> None:
    """A byte changed anywhere (header, a section read at load or one read later) makes the load refuse it."""
    Normalizer(cache=True)  # the default lexicon: tables large enough to be read lazily
    (path,) = cache_dir.glob("*.idx")
    data = path.read_bytes()
    assert isinstance(cache.load(path.stem), Index)  # the control: intact, it loads
    step = max(1, len(data) // 60)
    for pos in [*range(0, len(data), step), len(data) - 1]:
        path.write_bytes(data[:pos] + bytes([data[pos] ^ 0x5A]) + data[pos + 1 :])
        assert cache.load(path.stem) is None, pos
    path.write_bytes(data + b"\0")  # a byte too many
    assert cache.load(path.stem) is None


def test_an_index_read_from_the_cache_outlives_its_file(cache_dir: Path) -> None:
    """The cache file is read as it is used, not copied into memory: pruning it meanwhile breaks nothing."""
    first = Normalizer(cache=True)
    loaded = Normalizer(cache=True)
    for p in cache_dir.glob("*.idx"):
        p.unlink()  # another process pruned the folder
    assert loaded.analyse(read(SEED)) == first.analyse(read(SEED))


def test_automaton_payloads_keep_more_decoded_items(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The payload table read at every automaton hit has a bound of its own, above the general one."""
    from normalize.engine import flat

    Normalizer(cache=True)
    monkeypatch.setattr(flat, "DECODED_MAX", 8)
    monkeypatch.setattr(flat, "HITS_DECODED_MAX", 1000)
    loaded = Normalizer(cache=True)
    expected = Normalizer(cache=False).analyse(read(SEED))
    assert loaded.analyse(read(SEED)) == expected
    hits = loaded.index.hits._values
    assert 8 < len(hits._cache) <= 1000  # the seed hits more than 8 distinct keys, all kept


def test_decoded_items_are_bounded(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Lazy tables forget decoded items past a bound; results, and the index stored again, do not change."""
    from normalize.engine import flat

    built = Normalizer(cache=True)
    monkeypatch.setattr(flat, "DECODED_MAX", 8)
    made: list[flat._Values] = []
    init = flat._Values.__init__

    def keep(self: flat._Values, *args: object) -> None:
        init(self, *args)  # type: ignore[arg-type]
        made.append(self)

    monkeypatch.setattr(flat._Values, "__init__", keep)
    loaded = Normalizer(cache=True)
    expected = built.analyse(read(SEED))
    assert loaded.analyse(read(SEED)) == expected
    assert made and all(len(v._cache) <= (v.limit or 8) for v in made)
    assert any(v.limit is None and len(v._cache) for v in made)  # one the general bound holds
    assert loaded.lexicon.entries == built.lexicon.entries  # read through the bounded entries
    again = Normalizer.from_index(Index.from_flat(loaded.index.to_flat()))
    assert again.analyse(read(SEED)) == expected
    assert again.lexicon.entries == built.lexicon.entries


def test_equal_values_of_a_column_are_read_back_as_one_object() -> None:
    """A column repeating a few values (empty sets of context words) is not one object per row when read."""
    from normalize.engine.flat import Decoder, Encoder

    column = [frozenset() if n % 7 else frozenset({n, 1}) for n in range(5000)]
    enc = Encoder()
    value, _ = enc.encode(column)
    decoded = Decoder(enc.blobs, enc.classes).decode(marshal.loads(marshal.dumps(value)))
    assert decoded == column
    assert len({id(v) for v in decoded if not v}) == 1


def test_the_cache_is_read_where_there_is_no_pread(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without os.pread (Windows) sections are read by seek and read, with the same checks and results."""
    from normalize.engine import flat

    first = Normalizer(cache=True)
    monkeypatch.setattr(flat, "_PREAD", None)
    (path,) = cache_dir.glob("*.idx")
    assert isinstance(cache.load(path.stem), Index)
    assert Normalizer(cache=True).analyse(read(SEED)) == first.analyse(read(SEED))
    data = path.read_bytes()
    path.write_bytes(data[:-10] + bytes(b ^ 0xFF for b in data[-10:]))
    assert cache.load(path.stem) is None
