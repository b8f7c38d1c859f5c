"""Recall on published spellings of people's names, one short document each.

The lexicon holds the canonical names only (``type: person``, no variants, no context
words), so every fix comes from a mechanism. Each spelling of ``data/person_spellings.yaml``
becomes one short document: the full name in a news sentence, then the surname alone in a
second one (how articles go on to name a person). Scored per span:

- *fixed*: the span was replaced by the person's canonical (or, for the surname, short) form;
- *wrong*: replaced by anything else;
- *missed*: left alone.

And per document: *clean* documents (the canonical name, correctly written) must come
out unchanged; any edit there is a false positive.

    python benchmarks/spellings.py [--mechanisms] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path

import yaml

from normalize import Normalizer

HERE = Path(__file__).resolve().parent
DATA = HERE / "data" / "person_spellings.yaml"

TEMPLATES = (
    "{full} arrived in the capital on Tuesday for talks, officials said. {short} met the delegation later.",
    "In a statement, {full} called for calm. Critics of {short} were not convinced.",
    "A new biography of {full} was published this week. {short} remains widely read.",
)


def load() -> dict[str, list[str]]:
    """Return canonical name -> published spellings."""
    persons: dict[str, list[str]] = yaml.safe_load(DATA.read_text(encoding="utf-8"))["persons"]
    return persons


def lexicon_yaml(persons: dict[str, list[str]]) -> str:
    """Return a canonical-only lexicon of ``persons``."""
    entries = [{"canonical": name, "type": "person"} for name in persons]
    return yaml.safe_dump({"language": "en", "entries": entries}, allow_unicode=True, sort_keys=False)


def surname(name: str) -> str:
    """Return the last word of ``name`` (its surname, for these names)."""
    return name.split()[-1]


def documents(persons: dict[str, list[str]]) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """Return (canonical, text, [(span text, expected replacement)]) per document."""
    docs = []
    for n, (name, spellings) in enumerate(persons.items()):
        for k, spelling in enumerate([name, *spellings]):
            template = TEMPLATES[(n + k) % len(TEMPLATES)]
            text = template.format(full=spelling, short=surname(spelling))
            spans = [(spelling, name), (surname(spelling), surname(name))]
            docs.append((name, text, spans))
    return docs


def score(normalizer: Normalizer, docs: list[tuple[str, str, list[tuple[str, str]]]]) -> dict[str, object]:
    """Return the counts of fixed, wrong and missed spans, and clean-document edits."""
    counts: Counter[str] = Counter()
    by_mechanism: Counter[str] = Counter()
    misses: list[str] = []
    for name, text, spans in docs:
        matches = normalizer.find(text)
        clean = spans[0][0] == name
        if clean:
            counts["clean documents"] += 1
            counts["clean edits"] += len(matches)
            continue
        found = {m.text: m for m in matches}
        for written, expected in spans:
            if written == expected:
                continue  # the surname was spelled right: nothing to fix
            counts["spans"] += 1
            m = found.get(written)
            if m is None:
                counts["missed"] += 1
                misses.append(written)
            elif m.replacement == expected:
                counts["fixed"] += 1
                by_mechanism[m.mechanism] += 1
            else:
                counts["wrong"] += 1
                misses.append(f"{written} -> {m.replacement}")
    spans = counts["spans"] or 1
    return {
        "spans": counts["spans"],
        "fixed": counts["fixed"],
        "wrong": counts["wrong"],
        "missed": counts["missed"],
        "recall": round(counts["fixed"] / spans, 3),
        "clean documents": counts["clean documents"],
        "clean edits": counts["clean edits"],
        "by mechanism": dict(by_mechanism.most_common()),
        "not fixed": misses,
    }


def main(argv: list[str] | None = None) -> int:
    """Run the measurement and print it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--show", action="store_true", help="list the spans not fixed")
    args = parser.parse_args(argv)
    persons = load()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "persons.yaml"
        path.write_text(lexicon_yaml(persons), encoding="utf-8")
        normalizer = Normalizer(path, default_lexicon=False)
        result = score(normalizer, documents(persons))
    print(
        f"published spellings: {result['fixed']}/{result['spans']} spans fixed "
        f"(recall {result['recall']:.3f}), {result['wrong']} wrong, {result['missed']} missed; "
        f"{result['clean edits']} edits in {result['clean documents']} clean documents"
    )
    print(f"by mechanism: {result['by mechanism']}")
    if args.show:
        for s in result["not fixed"]:  # type: ignore[attr-defined]
            print(f"  not fixed: {s}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
