"""A deterministic English-like corpus with exact mentions of lexicon names and injected garbles.

The text is made of sentences of wordfreq's most frequent English words (drawn with
Zipf weights, first word capitalised, some commas), grouped into paragraphs of one line
each. In a share of the sentences one mention of a lexicon entry is inserted (never as
the first word): either a canonical name as it is (an *exact* mention: correct text,
no finding expected) or a *garble* made by :mod:`normalize.garble` (a finding expected,
replacing the span with ``Garble.expected``). Garbles are drawn uniformly from every
garble the generator makes of the lexicon (one per entry and applicable mechanism), so
the mechanisms come in the proportions in which they apply to place names.

The corpus is written as a folder of files of about ``file_bytes`` each, so it is
streamed (never held whole) and can be fed to ``normalize check --jobs N``::

    corpus-<tag>/text/part-00000.txt          the text
    corpus-<tag>/gold/part-00000.gold.jsonl    the injected garbles: start, end, text,
                                               replacement, mechanism, entry (character
                                               offsets into the file; `normalize eval` reads it)
    corpus-<tag>/gold/part-00000.mentions.jsonl  the exact mentions (start, end, text, entry)
    corpus-<tag>/manifest.json                 what it was made from (reused when equal)

File ``i`` depends only on the seed, ``i`` and the lexicon, so a 10 MB corpus is the
first ten files of the 100 MB one.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import shutil
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from itertools import accumulate
from pathlib import Path
from typing import Any

from normalize import Lexicon
from normalize.garble import MECHANISMS, Garble, garbles
from normalize.keys import surface_form

#: Bump when the text the generator makes changes (invalidates reused corpora).
GENERATOR_VERSION = 1
_ALPHA = re.compile(r"[a-z]+")
#: Words put before a mention now and then, so names sit where names sit.
_PREPOSITIONS = ("in", "from", "near", "to", "at", "of", "outside", "around")


@dataclass(frozen=True, slots=True)
class CorpusConfig:
    """What to generate. Sizes are in bytes of UTF-8 (1 MB = 1,000,000 bytes)."""

    size_bytes: int
    file_bytes: int = 1_000_000
    seed: int = 4
    vocabulary: int = 25_000
    """How many of wordfreq's top English words the text is made of."""
    mention_rate: float = 0.3
    """Share of sentences with one mention of a lexicon entry."""
    garble_share: float = 0.4
    """Share of those mentions that are garbles (the rest are exact canonical names)."""


@dataclass(slots=True)
class Corpus:
    """A generated corpus on disk, with what it holds."""

    root: Path
    files: list[Path]
    bytes: int
    sentences: int = 0
    exact_mentions: int = 0
    garbles: int = 0
    by_mechanism: dict[str, int] = field(default_factory=dict)
    pool: dict[str, object] = field(default_factory=dict)

    @property
    def text_dir(self) -> Path:
        return self.root / "text"

    def gold_path(self, text_file: Path, kind: str = "gold") -> Path:
        return self.root / "gold" / f"{text_file.stem}.{kind}.jsonl"


# --- garbles to inject ------------------------------------------------------------------


def garble_pool(lexicon: Lexicon, seed: int) -> tuple[dict[str, list[Garble]], dict[str, object]]:
    """Return the injectable garbles per mechanism, and counts of what was set aside.

    A garble that happens to be the canonical name or a listed variant of *another* entry
    with another canonical is set aside: the text then really names that other place, and
    the gold would be wrong. Homonyms (entries with the same canonical) write the same fix.
    """
    owners: dict[str, set[str]] = {}
    for e in lexicon.entries:
        for name in (e.canonical, *(v.text for v in e.variants)):
            owners.setdefault(surface_form(name), set()).add(e.canonical)
    pool: dict[str, list[Garble]] = {m: [] for m in sorted(MECHANISMS)}
    collisions: Counter[str] = Counter()
    for g in garbles(sorted(lexicon.entries, key=lambda e: e.id), seed=seed):
        if owners.get(surface_form(g.text), set()) - {g.expected}:  # names a place named otherwise
            collisions[g.mechanism] += 1
            continue
        pool[g.mechanism].append(g)
    pool = {m: gs for m, gs in pool.items() if gs}
    info: dict[str, object] = {
        "available": {m: len(gs) for m, gs in pool.items()},
        "set_aside_as_other_entries": dict(sorted(collisions.items())),
    }
    return pool, info


# --- text ---------------------------------------------------------------------------------


def vocabulary(n: int) -> tuple[list[str], list[float]]:
    """Return wordfreq's top ``n`` English words (letters only) and Zipf cumulative weights."""
    from wordfreq import top_n_list

    words = [w for w in top_n_list("en", n) if _ALPHA.fullmatch(w) and (len(w) > 1 or w in ("a", "i"))]
    weights = [1.0 / (rank + 2) for rank in range(len(words))]
    return words, list(accumulate(weights))


class _Writer:
    """Generate one file's text and its gold rows."""

    def __init__(
        self,
        cfg: CorpusConfig,
        index: int,
        words: list[str],
        cum: list[float],
        canonicals: Sequence[tuple[str, str]],
        pool: dict[str, list[Garble]],
    ) -> None:
        self.cfg = cfg
        self.rng = random.Random(f"normalize-bench:{cfg.seed}:{index}")
        self.words, self.cum = words, cum
        self.canonicals = canonicals
        # every garble the generator made is equally likely, so mechanisms come in the
        # proportions in which they apply to the lexicon
        self.pool = [g for m in sorted(pool) for g in pool[m]]
        self.gold: list[dict[str, object]] = []
        self.mentions: list[dict[str, object]] = []
        self.sentences = 0

    def sentence(self, offset: int) -> str:
        """Return one sentence starting at character ``offset`` of the file."""
        rng = self.rng
        n = rng.randint(5, 20)
        tokens = rng.choices(self.words, cum_weights=self.cum, k=n)
        for _ in range(rng.choice((0, 0, 1, 1, 2))):
            i = rng.randrange(1, n)
            tokens[i - 1] += ","
        tokens[0] = tokens[0].capitalize()
        at = -1
        row: dict[str, object] | None = None
        if rng.random() < self.cfg.mention_rate:
            at = rng.randint(1, n)
            if rng.random() < 0.5:
                tokens.insert(at, rng.choice(_PREPOSITIONS))
                at += 1
            if self.pool and rng.random() < self.cfg.garble_share:
                g = rng.choice(self.pool)
                tokens.insert(at, g.text)
                row = {
                    "text": g.text,
                    "replacement": g.expected,
                    "mechanism": g.mechanism,
                    "entry": g.entry,
                    "type": "place",
                }
                target = self.gold
            else:
                entry_id, canonical = rng.choice(self.canonicals)
                tokens.insert(at, canonical)
                row = {"text": canonical, "entry": entry_id}
                target = self.mentions
        self.sentences += 1
        text = " ".join(tokens) + rng.choice(".......?!")
        if row is not None:
            start = offset + len(" ".join(tokens[:at])) + 1
            target.append({"start": start, "end": start + len(str(row["text"])), **row})
        return text

    def file(self) -> str:
        """Return the file's text: paragraphs (one a line) until ``file_bytes`` is reached."""
        lines: list[str] = []
        chars = nbytes = 0
        while nbytes < self.cfg.file_bytes:
            parts: list[str] = []
            pos = chars
            for _ in range(self.rng.randint(2, 7)):
                s = self.sentence(pos)
                parts.append(s)
                pos += len(s) + 1
            line = " ".join(parts) + "\n"
            lines.append(line)
            chars += len(line)
            nbytes += len(line.encode("utf-8"))
        return "".join(lines)


def _signature(cfg: CorpusConfig, lexicon: Lexicon) -> str:
    h = hashlib.sha256()
    h.update(json.dumps([GENERATOR_VERSION, asdict(cfg)]).encode())
    h.update(Path(__file__).read_bytes())
    for e in lexicon.entries:
        h.update(f"{e.id}\t{e.canonical}\t{len(e.variants)}\n".encode())
    return h.hexdigest()


def generate(lexicon: Lexicon, cfg: CorpusConfig, root: Path) -> Corpus:
    """Write the corpus under ``root`` (or reuse the one there if it was made the same way)."""
    sig = _signature(cfg, lexicon)
    manifest = root / "manifest.json"
    if manifest.is_file():
        data = json.loads(manifest.read_text())
        if data.get("signature") == sig:
            return Corpus(
                root,
                [root / "text" / f for f in data["files"]],
                data["bytes"],
                data["sentences"],
                data["exact_mentions"],
                data["garbles"],
                data["by_mechanism"],
                data["pool"],
            )
    if root.exists():
        shutil.rmtree(root)
    (root / "text").mkdir(parents=True)
    (root / "gold").mkdir()
    words, cum = vocabulary(cfg.vocabulary)
    canonicals = [(e.id, e.canonical) for e in sorted(lexicon.entries, key=lambda e: e.id)]
    pool, pool_info = garble_pool(lexicon, cfg.seed)
    corpus = Corpus(root, [], 0, pool=pool_info)
    mech: Counter[str] = Counter()
    i = 0
    while corpus.bytes < cfg.size_bytes:
        w = _Writer(cfg, i, words, cum, canonicals, pool)
        text = w.file()
        path = root / "text" / f"part-{i:05d}.txt"
        path.write_text(text, encoding="utf-8")
        for kind, rows in (("gold", w.gold), ("mentions", w.mentions)):
            with open(corpus.gold_path(path, kind), "w", encoding="utf-8") as fh:
                for r in rows:
                    fh.write(json.dumps(r, ensure_ascii=False) + "\n")
        corpus.files.append(path)
        corpus.bytes += len(text.encode("utf-8"))
        corpus.sentences += w.sentences
        corpus.exact_mentions += len(w.mentions)
        corpus.garbles += len(w.gold)
        mech.update(str(r["mechanism"]) for r in w.gold)
        i += 1
    corpus.by_mechanism = dict(sorted(mech.items()))
    manifest.write_text(
        json.dumps(
            {
                "signature": sig,
                "config": asdict(cfg),
                "files": [p.name for p in corpus.files],
                "bytes": corpus.bytes,
                "sentences": corpus.sentences,
                "exact_mentions": corpus.exact_mentions,
                "garbles": corpus.garbles,
                "by_mechanism": corpus.by_mechanism,
                "pool": pool_info,
            },
            indent=1,
        )
    )
    return corpus


def read_rows(path: Path) -> list[dict[str, Any]]:
    """Read one JSONL gold or mentions file."""
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]
