"""Count the instructions of one pass over one MB of the benchmark's corpus, under callgrind.

Wall time on a shared machine moves by a quarter between runs; an instruction count moves
by a few tenths of a percent, so two versions of the code can be told apart by a change of 1%::

    PYTHONHASHSEED=0 valgrind --tool=callgrind --instr-atstart=no \\
        --callgrind-out-file=/dev/null python benchmarks/instructions.py exact new

prints ``Collected : N`` (valgrind's count, of the measured pass only). The modes:
``exact`` or ``full`` (the pipeline), ``flashtext`` (the baseline); ``new`` (the second MB,
after the first: new text) or ``again`` (the second MB a second time: memos warm).

It needs what ``python benchmarks/run.py`` leaves in ``benchmarks/out/full`` (the GeoNames
lexicon, its cache and the 10 MB corpus), and valgrind's ``callgrind_control``, which switches
counting on and off around the pass. Counts rank changes to Python code well, not passes of
C over the whole text (lowercasing, a regex scan): those run at other rates per instruction.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out" / "full"
MB = 1_000_000


def main(argv: list[str]) -> int:
    mode = argv[0] if argv else "exact"
    which = argv[1] if len(argv) > 1 else "new"
    if mode not in ("exact", "full", "flashtext") or which not in ("new", "again"):
        print(__doc__, file=sys.stderr)
        return 2
    files = sorted((OUT / "corpus-10mb" / "text").glob("*.txt"))
    if len(files) < 2:
        print(f"no corpus in {OUT}: run python benchmarks/run.py first", file=sys.stderr)
        return 2
    text = files[0].read_text(encoding="utf-8") + files[1].read_text(encoding="utf-8")
    first, second = text[:MB], text[MB : 2 * MB]
    run: Callable[[str], object]
    if mode == "flashtext":
        from flashtext import KeywordProcessor  # type: ignore[import-untyped]
        from run import flashtext_pass, surface_pairs  # the pass run.py times

        kp = KeywordProcessor(case_sensitive=False)
        for surface, canonical in surface_pairs(OUT / "surfaces.tsv"):
            kp.add_keyword(surface, canonical)
        run = flashtext_pass(kp)
    else:
        os.environ.setdefault("NORMALIZE_CACHE_DIR", str(OUT / "cache"))
        from normalize import Config, Normalizer

        config = None if mode == "full" else Config(fuzzy=False, generate=False)
        run = Normalizer([OUT / "geonames.yaml"], default_lexicon=False, cache=True, config=config).find
        run(first)
        if which == "again":
            run(second)
    _count(True)
    run(second)
    _count(False)
    return 0


def _count(on: bool) -> None:
    """Switch callgrind's counting on or off in this process (nothing happens outside valgrind)."""
    with contextlib.suppress(OSError):
        subprocess.run(
            ["callgrind_control", "-i", "on" if on else "off", str(os.getpid())],
            capture_output=True,
            check=False,
        )


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
