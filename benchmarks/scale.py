"""Scaling out on the benchmark corpus: ``normalize check --jobs``, Spark and Dask, in one run.

    python benchmarks/scale.py              # the 10 MB corpus and the full GeoNames lexicon
    python benchmarks/scale.py --quick      # 2,000 cities, 0.5 MB: a minute
    python benchmarks/scale.py --skip spark # leave a runner out (jobs, spark, dask)

Needs ``pip install -e '.[bench,integrations]'`` (and Java 17 for Spark). The lexicon and
the corpus are those of ``benchmarks/run.py`` (built, or reused from ``benchmarks/out/``);
the compiled index is cached first, so no runner pays the cold compile. Each runner fixes
every line of every corpus file (a line is a paragraph) with the same lexicon, on
``--workers`` processes (default 2), and reports wall time, rows (lines) and MB per second,
the start-up it pays, and memory per worker process:

- ``jobs``: ``normalize check -q --jobs N`` over the files (the CLI judges whole files, the
  others each line; the work per byte is the same). Start-up: the CLI on an empty file.
  Memory: the largest process of the tree (``ru_maxrss`` of the waited children).
- ``spark``: a ``local[N]`` session reading the files with ``spark.read.text``, rows fixed by
  ``normalize.spark``'s batch function in ``mapInPandas`` (what ``fix_column`` runs), with a
  stats row per partition instead of the data. Start-up: the session, shipping the index,
  and each worker's unpickling of it. Memory: each Python worker's peak RSS, and the JVM's.
- ``dask``: ``dask.bag.read_text`` and ``normalize.dask.fix_bag`` on the ``processes``
  scheduler with N workers. Start-up: each worker's unpickling of the index. Memory: each
  worker's peak RSS.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Iterable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import run as bench  # noqa: E402  (the corpus, the lexicon and the CLI timing of benchmarks/run.py)

MB = bench.MB
RUNNERS = ("jobs", "spark", "dask")
SPIN = 5_000_000  # loop length of the two-process ceiling check (about a second a loop)


def _worker_stats(rows: int, fix_s: float) -> dict[str, Any]:
    """Return this worker's figures: pid, rows, seconds fixing, index unpickles and their time, peak RSS."""
    from normalize import _workers

    return {
        "pid": os.getpid(),
        "rows": rows,
        "fix_s": fix_s,
        "unpickled": _workers.unpickled(),
        "unpickle_s": _workers.unpickle_seconds(),
        "peak_rss_mb": bench.peak_rss_mb(),
    }


def _per_worker(stats: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Fold per-partition stats into one record per worker process (the last one it reported)."""
    workers: dict[int, dict[str, Any]] = {}
    for st in stats:
        w = workers.setdefault(st["pid"], {**st, "rows": 0, "fix_s": 0.0, "partitions": 0})
        w.update(unpickled=st["unpickled"], unpickle_s=st["unpickle_s"], peak_rss_mb=st["peak_rss_mb"])
        w["rows"] += st["rows"]
        w["fix_s"] += st["fix_s"]
        w["partitions"] += 1
    return list(workers.values())


def _warm_cache(s: bench.Settings) -> dict[str, Any]:
    """Compile the index into the cache, so that no runner pays the cold compile."""
    from normalize import Normalizer

    t = time.perf_counter()
    Normalizer([s.yaml], default_lexicon=False, cache=True)
    return {"seconds": time.perf_counter() - t}


def run_jobs(s: bench.Settings, files: list[Path], workers: int) -> dict[str, Any]:
    """Time the CLI with ``--jobs 1`` and ``--jobs N`` over the files, and on an empty file."""
    empty = s.out / "empty.txt"
    empty.write_text("", encoding="utf-8")
    start = bench.run_cli(s, 1, [empty])
    runs = {n: bench.run_cli(s, n, files) for n in sorted({1, workers})}
    return {"startup_s": start["seconds"], "startup_rss_mb": start["peak_rss_mb"], "runs": runs}


def _spark_partition(filename: str, batches: Iterator[Any]) -> Iterator[Any]:
    """Fix one partition as ``fix_column`` does, then yield one row of this worker's figures."""
    import pandas as pd

    from normalize import _workers
    from normalize.spark import _fix_batches

    t, unpickling = time.perf_counter(), _workers.unpickle_seconds()
    rows = sum(len(b) for b in _fix_batches(filename, "value", "fixed", None, batches))
    fix_s = time.perf_counter() - t - (_workers.unpickle_seconds() - unpickling)
    yield pd.DataFrame([_worker_stats(rows, fix_s)])


def run_spark(s: bench.Settings, files: list[Path], workers: int, normalizer: Any) -> dict[str, Any]:
    """Time a local Spark session over the files; per-worker figures from the workers themselves."""
    import psutil
    from pyspark.sql import SparkSession

    from normalize._workers import Shipped
    from normalize.spark import _ship_folder

    t = time.perf_counter()
    spark = (
        SparkSession.builder.master(f"local[{workers}]")
        .appName("normalize-scale")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.memory", "2g")
        .config("spark.pyspark.python", sys.executable)
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    session_s = time.perf_counter() - t
    try:
        t = time.perf_counter()
        shipped = Shipped.of(normalizer)
        spark.sparkContext.addFile(str(shipped.write(_ship_folder())))
        ship_s = time.perf_counter() - t
        df = spark.read.text([str(f) for f in files])
        t = time.perf_counter()
        schema = "pid long, rows long, fix_s double, unpickled long, unpickle_s double, peak_rss_mb double"
        stats = df.mapInPandas(partial(_spark_partition, shipped.filename), schema).collect()
        wall = time.perf_counter() - t
        jvm = [p for p in psutil.Process().children(recursive=True) if p.name() == "java"]
        jvm_rss = sum(p.memory_info().rss for p in jvm) / MB
        return {
            "session_s": session_s,
            "ship_s": ship_s,
            "ship_mb": len(shipped.payload) / MB,
            "seconds": wall,
            "workers": _per_worker(r.asDict() for r in stats),
            "jvm_rss_mb": jvm_rss,
        }
    finally:
        spark.stop()


def _dask_partition(items: Iterable[str], number: Iterable[int], shipped: Any) -> list[dict[str, Any]]:
    """Fix one partition as ``fix_bag`` does, then return this worker's figures instead of the texts."""
    from normalize import _workers
    from normalize.dask import _fix_partition

    items = list(items)  # read_text's lines: read before the clock starts
    t, unpickling = time.perf_counter(), _workers.unpickle_seconds()
    _fix_partition(items, number, shipped, False)
    fix_s = time.perf_counter() - t - (_workers.unpickle_seconds() - unpickling)
    return [_worker_stats(len(items), fix_s)]


def run_dask(s: bench.Settings, files: list[Path], workers: int, normalizer: Any) -> dict[str, Any]:
    """Time what ``fix_bag`` builds over ``read_text``, on Dask's processes scheduler."""
    import dask.bag as db
    from dask.delayed import delayed

    from normalize._workers import Shipped

    t = time.perf_counter()
    lines = db.read_text([str(f) for f in files], encoding="utf-8").map(lambda x: x.removesuffix("\n"))
    # fix_bag's graph, with a partition function that reports figures instead of the texts
    shipped = delayed(Shipped.of(normalizer), pure=True)
    numbers = db.range(lines.npartitions, npartitions=lines.npartitions)
    stats = lines.map_partitions(_dask_partition, numbers, shipped)
    out = stats.compute(scheduler="processes", num_workers=workers)
    return {"seconds": time.perf_counter() - t, "workers": _per_worker(out)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="2,000 cities and a 0.5 MB corpus")
    ap.add_argument("--size-mb", type=float, help="corpus size in MB (default 10; 0.5 with --quick)")
    ap.add_argument("--workers", type=int, default=2, help="worker processes of each runner (default 2)")
    ap.add_argument("--skip", default="", help=f"comma-separated runners to leave out ({', '.join(RUNNERS)})")
    ap.add_argument("--json", metavar="OUT", help="also write every figure to OUT")
    ap.add_argument("--out", type=Path, default=HERE / "out", help="work folder (default benchmarks/out)")
    args = ap.parse_args(argv)
    skip = {r.strip() for r in args.skip.split(",") if r.strip()}
    if skip - set(RUNNERS):
        ap.error(f"--skip: unknown runner(s) {', '.join(sorted(skip - set(RUNNERS)))}")

    s = bench.make_settings(args.quick, args.size_mb, args.out)
    os.environ["NORMALIZE_CACHE_DIR"] = str(s.cache_dir)
    print("preparing the lexicon and the corpus ...", file=sys.stderr, flush=True)
    bench.in_child(bench.prepare, s)  # in a child: this process stays small (see _peak_rss_mb)
    files = bench.files_of(s)
    size = sum(f.stat().st_size for f in files)
    rows = sum(f.read_bytes().count(b"\n") for f in files)
    results: dict[str, Any] = {
        "corpus": {"files": len(files), "mb": size / MB, "rows": rows},
        "machine": bench.machine(),
        "command": " ".join(["python benchmarks/scale.py", *sys.argv[1:]]),
        "workers": args.workers,
    }
    bench.in_child(_warm_cache, s)
    # how far two processes can run in parallel on this machine now (shared cores)
    results["load_average_before"] = os.getloadavg()
    results["parallel_ceiling_before"] = bench.parallel_ceiling(SPIN)
    if "jobs" not in skip:  # first, while this process is small: the CLI is started from it
        print("jobs ...", file=sys.stderr, flush=True)
        results["jobs"] = run_jobs(s, files, args.workers)
    from normalize import Normalizer

    normalizer = Normalizer([s.yaml], default_lexicon=False, cache=True)
    for name in ("spark", "dask"):
        if name in skip:
            continue
        print(f"{name} ...", file=sys.stderr, flush=True)
        if name == "spark":
            results[name] = run_spark(s, files, args.workers, normalizer)
        else:
            results[name] = run_dask(s, files, args.workers, normalizer)
    results["parallel_ceiling_after"] = bench.parallel_ceiling(SPIN)
    results["load_average_after"] = os.getloadavg()
    print_report(results)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")
    return 0


def print_report(r: dict[str, Any]) -> None:
    """Print one line per runner: wall, rows/s, MB/s, start-up, memory per worker."""
    c = r["corpus"]
    print(f"corpus: {c['files']} files, {c['mb']:.1f} MB, {c['rows']:,} rows (lines); {r['workers']} workers")
    print(
        f"machine: 2 processes of pure-Python work ran {r['parallel_ceiling_before']:.2f}x / "
        f"{r['parallel_ceiling_after']:.2f}x as fast as one (before / after); load average "
        f"{r['load_average_before'][0]:.1f} / {r['load_average_after'][0]:.1f}"
    )

    def rate(seconds: float) -> str:
        return f"{seconds:6.1f} s  {c['rows'] / seconds:8,.0f} rows/s  {c['mb'] / seconds:5.2f} MB/s"

    if "jobs" in r:
        j = r["jobs"]
        for n, run in j["runs"].items():
            print(f"--jobs {n}: {rate(run['seconds'])}  largest process {run['peak_rss_mb']:.0f} MB")
        print(f"  start-up (CLI on an empty file): {j['startup_s']:.1f} s, {j['startup_rss_mb']:.0f} MB")
    for name in ("spark", "dask"):
        if name not in r:
            continue
        x = r[name]
        print(f"{name}: {rate(x['seconds'])}")
        if name == "spark":
            print(
                f"  session start {x['session_s']:.1f} s; shipping the index {x['ship_s']:.1f} s "
                f"({x['ship_mb']:.0f} MB); JVM {x['jvm_rss_mb']:.0f} MB"
            )
        for w in x["workers"]:
            print(
                f"  worker {w['pid']}: {w['rows']:,} rows in {w['partitions']} partition(s), fixing "
                f"{w['fix_s']:.1f} s; index unpickled {w['unpickled']}x in {w['unpickle_s']:.1f} s; "
                f"peak RSS {w['peak_rss_mb']:.0f} MB"
            )


if __name__ == "__main__":
    sys.exit(main())
