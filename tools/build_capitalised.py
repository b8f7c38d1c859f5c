"""Build ``src/normalize/data/capitalised-en.txt.gz``: English words written with a capital.

Source: SCOWL (Spell Checker Oriented Word Lists, Kevin Atkinson, version 2020.12.07), whose
lists keep each word's casing and grade it by size (10 = commonest ... 95 = rarest). On Debian
or Ubuntu: ``apt-get install scowl`` puts the lists in ``/usr/share/dict/scowl``; elsewhere use
the ``final/`` folder of the SCOWL release. SCOWL's licence (MIT-like, see
``src/normalize/data/README.md``) allows redistributing derived lists with its notice.

A word is written capitalised when SCOWL lists it capitalised (sub-categories ``upper``,
``proper-names``, any size) and does not list its lowercase form among the words of size 60 or
less: ``Kiev``, ``Tripoli`` (lowercase "tripoli", a polishing stone, is size 70 only), ``Donetsk``.
``Reading``, ``Nice`` and ``Turkey`` are not: "reading", "nice" and "turkey" are common words.
The pronoun "I" and its contractions are capitalised by grammar, not because they are names,
and a possessive of a lowercase word ("else's") is no name either: both are left out.

Only words that wordfreq knows are kept (the guard needs a frequency anyway), one casefolded
word per line, sorted; the gzip stream carries no timestamp, so the output is reproducible.

Usage: python tools/build_capitalised.py [SCOWL_FINAL_DIR]
"""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

from wordfreq import get_frequency_dict

#: Spelling categories read: every English spelling, with its common variants.
CATEGORIES = (
    "english",
    "american",
    "british",
    "british_z",
    "canadian",
    "australian",
    "variant_1",
    "variant_2",
)
#: A lowercase form in a list of this size or smaller makes the word an ordinary word.
LOWERCASE_MAX_SIZE = 60
OUT = Path(__file__).resolve().parents[1] / "src" / "normalize" / "data" / "capitalised-en.txt.gz"


def read_scowl(folder: Path) -> tuple[dict[str, int], dict[str, int]]:
    """Return (lowercase word -> smallest size, casefolded capitalised word -> smallest size)."""
    lower: dict[str, int] = {}
    upper: dict[str, int] = {}
    for path in sorted(folder.iterdir()):
        name, _, size_text = path.name.rpartition(".")
        category, _, sub = name.partition("-")
        if category not in CATEGORIES or not size_text.isdigit():
            continue
        size = int(size_text)
        for word in path.read_text(encoding="utf-8", errors="replace").split("\n"):
            word = word.strip().replace("\u2019", "'")
            if not word:
                continue
            if word[0].islower() and sub in ("words", "contractions"):
                lower[word] = min(lower.get(word, size), size)
            elif word[0].isupper() and sub in ("upper", "proper-names", "words"):
                key = word.casefold()
                upper[key] = min(upper.get(key, size), size)
    return lower, upper


def capitalised(lower: dict[str, int], upper: dict[str, int], known: set[str]) -> list[str]:
    """Return the casefolded words English writes capitalised, among ``known``."""
    common = {w.casefold() for w, size in lower.items() if size <= LOWERCASE_MAX_SIZE}
    out = []
    for word in upper:
        if word in common or word not in known:
            continue
        if word == "i" or word.startswith("i'") or word in ("im", "ive"):
            continue  # the pronoun, capitalised by grammar
        if word.endswith("'s") and word[:-2] in common:
            continue  # "else's": a possessive of a common word
        out.append(word)
    return sorted(out)


def main(argv: list[str]) -> int:
    """Write the data file from the SCOWL lists in ``argv[0]`` (default: Debian's folder)."""
    folder = Path(argv[0] if argv else "/usr/share/dict/scowl")
    lower, upper = read_scowl(folder)
    known = set(get_frequency_dict("en"))
    words = capitalised(lower, upper, known)
    header = (
        "# English words written capitalised (names): derived from SCOWL 2020.12.07 by\n"
        "# tools/build_capitalised.py; see src/normalize/data/README.md for provenance and licence.\n"
    )
    data = (header + "\n".join(words) + "\n").encode("utf-8")
    with open(OUT, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as fh:
        fh.write(data)
    print(f"{len(words)} words -> {OUT} ({OUT.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
