"""Precision and recall of ``normalize lexicon suggest`` on the benchmark corpus's injected garbles.

The lexicon is the GeoNames gazetteer (``gazetteer.build``, the N most populous cities);
the corpus (``corpus.generate``) injects garbles of its names. Any injected garble that
is also a listed variant of its entry is removed from the lexicon first, so no garble is
known in advance. The engine then runs over the corpus; ``suggest`` collects what it
left alone and proposes. Scored, over distinct (spelling, entry) pairs:

- *target*: the garbles the engine missed at least once (what a maintainer should add);
- *recall*: share of the target proposed as a variant of the right entry; also over the
  part of the target no engine mention touched at all (the spans ``suggest`` can see: a
  garble the engine took for something else is not "left alone");
- *precision*: share of the variant-of-a-known-entry proposals that are a garble of that
  entry; new-entry proposals are counted apart (a garble proposed as a new name is a
  miss for recall).

    python benchmarks/suggest_eval.py [--cities 2000] [--size-mb 1] [--min-score 80]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import CorpusConfig, generate, read_rows  # noqa: E402
from gazetteer import build  # noqa: E402

from normalize import Normalizer  # noqa: E402
from normalize.keys import surface_form  # noqa: E402
from normalize.suggest import collect, propose  # noqa: E402


def main() -> None:
    """Run the measurement and print the figures (and write them as JSON with --json)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cities", type=int, default=2000, help="most populous GeoNames cities (default 2000)")
    ap.add_argument("--size-mb", type=float, default=1.0, help="corpus size (default 1 MB)")
    ap.add_argument("--min-score", type=float, default=80.0)
    ap.add_argument("--out", type=Path, default=HERE / "out", help="work folder (default benchmarks/out)")
    ap.add_argument("--json", type=Path, help="write the figures here")
    args = ap.parse_args()

    lexicon, _ = build(limit=args.cities)
    corpus = generate(
        lexicon,
        CorpusConfig(size_bytes=int(args.size_mb * 1_000_000)),
        args.out / f"suggest-corpus-{args.cities}-{args.size_mb:g}mb",
    )
    gold = {p: read_rows(corpus.gold_path(p)) for p in corpus.files}
    garbles = {(surface_form(str(r["text"])), str(r["entry"])) for rows in gold.values() for r in rows}

    # no injected garble may be a listed variant of its own entry
    removed = 0
    entries = []
    for e in lexicon.entries:
        kept = tuple(v for v in e.variants if (surface_form(v.text), e.id) not in garbles)
        removed += len(e.variants) - len(kept)
        entries.append(replace(e, variants=kept))
    lexicon = replace(lexicon, entries=tuple(entries))
    normalizer = Normalizer([lexicon], default_lexicon=False)

    t = time.perf_counter()
    docs = [(str(p), p.read_text(encoding="utf-8")) for p in corpus.files]
    missed: set[tuple[str, str]] = set()
    alone: set[tuple[str, str]] = set()
    for path, text in docs:
        found = {(m.start, m.end, m.replacement) for m in normalizer.find(text)}
        claimed = bytearray(len(text))
        for m in normalizer.mentions(text):
            claimed[m.start : m.end] = b"\1" * (m.end - m.start)
        for r in gold[Path(path)]:
            if (r["start"], r["end"], r["replacement"]) not in found:
                pair = (surface_form(str(r["text"])), str(r["entry"]))
                missed.add(pair)
                if not any(claimed[r["start"] : r["end"]]):
                    alone.add(pair)
    spans = collect(docs, normalizer)
    proposals = propose(spans, normalizer, min_score=args.min_score)
    elapsed = time.perf_counter() - t

    known = {(surface_form(f), str(p.entry)) for p in proposals if p.entry for f in p.forms}
    new = {(surface_form(f), "") for p in proposals if not p.entry for f in p.forms}
    right = known & garbles
    found_target = known & missed
    new_garbles = {f for f, _ in new} & {f for f, _ in missed}
    figures = {
        "cities": len(lexicon.entries),
        "corpus_mb": corpus.bytes / 1e6,
        "garbles_injected": sum(len(rows) for rows in gold.values()),
        "garble_spellings": len(garbles),
        "variants_removed_from_lexicon": removed,
        "missed_by_engine": len(missed),
        "unclaimed_spans": len(spans),
        "proposals": len(proposals),
        "known_entry_proposals_spellings": len(known),
        "known_entry_correct": len(right),
        "precision": round(len(right) / len(known), 3) if known else None,
        "recall": round(len(found_target) / len(missed), 3) if missed else None,
        "missed_and_left_alone": len(alone),
        "recall_of_left_alone": round(len(known & alone) / len(alone), 3) if alone else None,
        "new_entry_spellings": len(new),
        "new_entry_spellings_that_are_missed_garbles": len(new_garbles),
        "seconds_engine_and_suggest": round(elapsed, 1),
    }
    for k, v in figures.items():
        print(f"{k:45} {v}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()
