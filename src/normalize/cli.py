"""The ``normalize`` command line: check, fix, diff, lexicon tools and eval.

stdout carries only data (text, findings, diffs, JSON); messages and summaries go to
stderr. Exit codes: 0 nothing to change (or all fixed), 1 findings or changes, 2 usage,
lexicon or I/O error (after every other input was processed), 130 interrupted.
"""

from __future__ import annotations

import argparse
import difflib
import enum
import fnmatch
import json
import os
import sys
import tomllib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from ._version import __version__
from .engine import Normalizer
from .errors import InputError, LexiconError
from .match import Config
from .model import Match
from .rewrite import apply
from .textio import AtomicWriter, BinaryFileError, Encoding, encode, read_chunks

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR, EXIT_INTERRUPTED = 0, 1, 2, 130
DEFAULT_INCLUDE = ("*.txt", "*.md", "*.text")
DEFAULT_EXCLUDE = (".*", "__pycache__", "node_modules", "*.tmp")
STDIN = "-"
#: Show a progress bar from this much input on (and only on a terminal).
PROGRESS_BYTES = 4 * 1024 * 1024


class WriteBack(enum.Enum):
    """Where ``fix`` puts its output."""

    STDOUT = "stdout"
    FILE = "file"  # -o FILE
    IN_PLACE = "in-place"


# --- per-file work (runs in worker processes with --jobs) --------------------------------


@dataclass(slots=True)
class Finding:
    """A match placed in a file: the record ``check`` prints."""

    path: str
    line: int
    column: int
    match: Match

    def as_dict(self) -> dict[str, object]:
        d = self.match.as_dict()
        return {"path": self.path, "line": self.line, "column": self.column, **d}

    def text(self) -> str:
        m = self.match
        return (
            f"{self.path}:{self.line}:{self.column}: {m.text} -> {m.replacement} "
            f"({m.method.value} {m.score:.0f}, {m.entry})"
        )


@dataclass(slots=True)
class FileResult:
    """What processing one input produced."""

    path: str
    findings: list[Finding] = field(default_factory=list)
    output: str | None = None  # fixed text for stdout/-o, or a diff
    changed: bool = False
    error: str = ""
    skipped: str = ""
    words: int = 0
    forms: dict[str, Counter[str]] = field(default_factory=dict)
    canonical: dict[str, str] = field(default_factory=dict)
    encoding: Encoding = field(default_factory=lambda: Encoding("utf-8"))


@dataclass(frozen=True, slots=True)
class Job:
    """Everything a worker needs to process one file."""

    command: str
    path: str
    encoding: str | None
    write_back: WriteBack
    backup: str | None
    stats: bool
    output: str | None = None


_WORKER: Normalizer | None = None


def _init_worker(normalizer: Normalizer) -> None:
    global _WORKER  # one per worker process, set once by the pool initializer
    _WORKER = normalizer


def _run_job(job: Job) -> FileResult:
    assert _WORKER is not None
    return process(job, _WORKER)


def _open_input(path: str) -> IO[bytes]:
    if path == STDIN:
        return sys.stdin.buffer
    p = Path(path)
    if p.is_dir():
        raise InputError(f"{path}: is a directory")
    try:
        return open(p, "rb")
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{path}: {exc.strerror or exc}") from None


def process(job: Job, normalizer: Normalizer, emit: Callable[[str], object] | None = None) -> FileResult:
    """Check, fix or diff one file; errors are reported in the result, never raised.

    ``fix`` streams: piece by piece into the temporary file of ``--in-place`` or ``-o``,
    or to ``emit`` (stdout, one job); only stdout under ``--jobs`` is gathered whole, to
    keep the files' order.
    """
    name = "<stdin>" if job.path == STDIN else job.path
    result = FileResult(name)
    writer: AtomicWriter | None = None
    try:
        fh = _open_input(job.path)
        try:
            enc, pieces = read_chunks(fh, name, job.encoding)
            if job.command == "diff":
                _diff(result, normalizer, "".join(pieces))
                return result
            result.encoding = enc
            if job.command == "fix" and job.write_back is WriteBack.FILE and job.output:
                writer = AtomicWriter(job.output)
            out: list[str] = []
            offset, line = 0, 1
            for piece in pieces:
                matches = normalizer.mentions(piece) if job.stats else normalizer.find(piece)
                changes = [m for m in matches if m.text != m.replacement]
                if job.stats:
                    result.words += len(piece.split())
                    for m in matches:
                        result.forms.setdefault(m.entry, Counter())[m.text] += 1
                        result.canonical[m.entry] = m.canonical
                _place(result, name, piece, changes, offset, line)
                offset += len(piece)
                line += piece.count("\n")
                if job.command == "fix":
                    fixed = apply(piece, changes) if changes else piece
                    result.changed |= bool(changes)
                    if job.write_back is WriteBack.IN_PLACE and writer is None:
                        writer = AtomicWriter(job.path, backup=job.backup)
                    if writer is not None:
                        writer.write(encode(fixed, enc))
                    elif emit is not None:
                        emit(fixed)
                    else:
                        out.append(fixed)
            if job.command == "fix":
                if writer is not None and (result.changed or job.write_back is WriteBack.FILE):
                    writer.commit()
                elif writer is not None:
                    writer.abort()
                writer = None
                if emit is None and job.write_back is WriteBack.STDOUT:
                    result.output = "".join(out)
        finally:
            if fh is not sys.stdin.buffer:
                fh.close()
    except BinaryFileError as exc:
        result.skipped = str(exc)
    except InputError as exc:
        result.error = str(exc)
    except OSError as exc:
        result.error = f"{name}: {exc.strerror or exc}"
    finally:
        if writer is not None:
            writer.abort()
    return result


def _place(
    result: FileResult, name: str, piece: str, matches: Sequence[Match], offset: int, line: int
) -> None:
    """Turn a piece's matches into findings with file-wide line, column and offsets."""
    from dataclasses import replace

    pos, ln, line_start = 0, line, 0
    for m in matches:
        nl = piece.count("\n", pos, m.start)
        if nl:
            ln += nl
            line_start = piece.rfind("\n", 0, m.start) + 1
        pos = m.start
        placed = replace(m, start=m.start + offset, end=m.end + offset)
        result.findings.append(Finding(name, ln, m.start - line_start + 1, placed))


def _diff(result: FileResult, normalizer: Normalizer, text: str) -> None:
    fixed = normalizer.fix(text)
    _place(result, result.path, text, fixed.matches, 0, 1)
    if fixed.matches:
        result.changed = True
        result.output = "".join(
            difflib.unified_diff(
                text.splitlines(keepends=True),
                fixed.text.splitlines(keepends=True),
                fromfile=f"a/{result.path}",
                tofile=f"b/{result.path}",
            )
        )
        if result.output and not result.output.endswith("\n"):
            result.output += "\n\\ No newline at end of file\n"


# --- inputs --------------------------------------------------------------------------


def expand_inputs(
    paths: Sequence[str], include: Sequence[str], exclude: Sequence[str], errors: list[str]
) -> list[str]:
    """Expand folders recursively (filtered by globs); files named explicitly are kept."""
    if not paths:
        return [STDIN]
    out: list[str] = []
    for p in paths:
        if p == STDIN:
            out.append(p)
            continue
        path = Path(p)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not _matches(d, exclude))
                for f in sorted(files):
                    if _matches(f, include) and not _matches(f, exclude):
                        out.append(str(Path(root) / f))
        elif not path.exists():
            errors.append(f"{p}: no such file or directory")
        else:
            out.append(p)
    return out


def _matches(name: str, globs: Iterable[str]) -> bool:
    return any(fnmatch.fnmatch(name, g) for g in globs)


# --- configuration ------------------------------------------------------------------------


def load_config(cwd: Path) -> dict[str, Any]:
    """Read ``[tool.normalize]`` from pyproject.toml or ``normalize.toml`` in ``cwd``."""
    for name, section in (("normalize.toml", None), ("pyproject.toml", ("tool", "normalize"))):
        p = cwd / name
        if not p.is_file():
            continue
        try:
            data = tomllib.loads(p.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, OSError, UnicodeDecodeError) as exc:
            raise InputError(f"{p}: cannot read configuration: {exc}") from None
        if section:
            for s in section:
                data = data.get(s, {})
                if not isinstance(data, dict):
                    data = {}
            if not data:
                continue
        return {str(k).replace("-", "_"): v for k, v in data.items()}
    return {}


# --- the parser ------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser (its help is the CLI's reference)."""
    common = argparse.ArgumentParser(add_help=False)
    g = common.add_argument_group("lexicons and matching")
    g.add_argument(
        "--lexicon",
        "-l",
        action="append",
        metavar="PATH",
        help="a lexicon file or a folder of *.yaml (repeatable); added to the default",
    )
    g.add_argument(
        "--no-default-lexicon",
        action="store_true",
        default=None,
        help="do not load the bundled default lexicon",
    )
    g.add_argument(
        "--threshold",
        type=float,
        metavar="N",
        help=f"fuzzy match threshold, 0-100 (default {Config().fuzzy_threshold:g})",
    )
    g.add_argument(
        "--no-cache",
        action="store_true",
        default=None,
        help="compile the lexicons afresh instead of using the cached index",
    )
    io = common.add_argument_group("inputs")
    io.add_argument("--encoding", metavar="NAME", help="input encoding (default utf-8; a BOM always wins)")
    io.add_argument(
        "--include",
        action="append",
        metavar="GLOB",
        help=f"file names to take from folders (default: {' '.join(DEFAULT_INCLUDE)})",
    )
    io.add_argument(
        "--exclude",
        action="append",
        metavar="GLOB",
        help=f"file or folder names to skip (default: {' '.join(DEFAULT_EXCLUDE)})",
    )
    io.add_argument(
        "--jobs",
        "-j",
        type=int,
        metavar="N",
        help="worker processes over files (default 1); output order is unchanged",
    )
    io.add_argument(
        "--quiet",
        "-q",
        action="store_true",
        default=None,
        help="no summary, no progress bar; errors are still printed",
    )

    parser = argparse.ArgumentParser(
        prog="normalize",
        description="Repair proper names and fixed terms garbled by machine translation.",
        epilog="Exit codes: 0 nothing to change (or all fixed), 1 findings, 2 usage/lexicon/I-O "
        "error, 130 interrupted. Settings may also come from [tool.normalize] in "
        "pyproject.toml or from normalize.toml; command-line flags win.",
    )
    parser.add_argument("--version", action="version", version=f"normalize {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser(
        "check",
        parents=[common],
        help="report what would change (exit 1 if anything)",
        description="Report each garbled name as path:line:col: text -> replacement "
        "(method score, entry). Paths may be files, folders or - for stdin.",
    )
    p.add_argument("paths", nargs="*", metavar="PATH")
    p.add_argument(
        "--format",
        choices=("text", "json", "jsonl", "html"),
        default=None,
        help="findings as text lines (default), a JSON array, JSON lines, or a review page (html)",
    )
    p.add_argument("-o", "--output", metavar="FILE", help="with --format html: write the page here")
    p.add_argument(
        "--stats",
        action="store_true",
        default=None,
        help="add per-document figures: words, findings per 1,000 words, and names "
        "written in several forms (consistency)",
    )

    p = sub.add_parser(
        "fix",
        parents=[common],
        help="write the fixed text",
        description="Write the normalized text: to stdout (default), to -o FILE, "
        "or back into each file with --in-place.",
    )
    p.add_argument("paths", nargs="*", metavar="PATH")
    dest = p.add_mutually_exclusive_group()
    dest.add_argument("-o", "--output", metavar="FILE", help="write to FILE (one input only)")
    dest.add_argument(
        "--in-place",
        "-i",
        action="store_true",
        help="rewrite each file atomically (temporary file, then rename)",
    )
    p.add_argument("--backup", metavar="SUFFIX", help="with --in-place, keep the original as PATH+SUFFIX")

    p = sub.add_parser(
        "diff",
        parents=[common],
        help="show a unified diff; write nothing",
        description="Print a unified diff of what fix would change; exit 1 when "
        "non-empty. Each file is held in memory whole.",
    )
    p.add_argument("paths", nargs="*", metavar="PATH")

    p = sub.add_parser(
        "eval",
        parents=[common],
        help="score findings against gold spans",
        description="Precision, recall and F1 of the findings on FILE... against "
        "GOLD: a .tsv (the seeds' format) or .jsonl file for one FILE, "
        "or a folder holding NAME.annotations.tsv / NAME.tsv / "
        "NAME.jsonl for each FILE named NAME.txt.",
    )
    p.add_argument("gold", metavar="GOLD")
    p.add_argument("paths", nargs="+", metavar="FILE")
    p.add_argument("--format", choices=("text", "json"), default=None)

    p = sub.add_parser("lexicon", help="lexicon tools: validate, lookup")
    lsub = p.add_subparsers(dest="lexicon_command", metavar="ACTION", required=True)
    lp = lsub.add_parser(
        "validate",
        help="report every error and warning in lexicon files",
        description="Print path:line:col: field: message for every problem; "
        "exit 2 when there are errors, 0 otherwise.",
    )
    lp.add_argument("paths", nargs="+", metavar="PATH")
    lp = lsub.add_parser(
        "lookup",
        parents=[common],
        help="show which entry a string maps to, and why",
        description="Match TEXT as a document and show the decision, then the "
        "nearest names by key with their scores.",
    )
    lp.add_argument("text", metavar="TEXT")
    lp.add_argument("--format", choices=("text", "json"), default=None)
    lp.add_argument("--limit", type=int, default=5, help="runners-up to show (default 5)")
    _lexicon_growth_parsers(lsub, common)
    return parser


def _lexicon_growth_parsers(lsub: Any, common: argparse.ArgumentParser) -> None:
    """Add ``lexicon import|export|suggest|add|test`` (see :mod:`normalize.lexicon_cli`)."""
    from . import lexicon_cli as lc

    lc.import_parser(lsub)
    lc.export_parser(lsub)
    lc.suggest_parser(lsub, common)
    lc.add_parser(lsub)
    lc.test_parser(lsub, common)


# --- main ---------------------------------------------------------------------------------


@dataclass
class Ui:
    """Where messages go; quiet drops summaries, never errors."""

    quiet: bool
    err: IO[str]

    def error(self, message: str) -> None:
        print(f"error: {message}", file=self.err)

    def info(self, message: str) -> None:
        if not self.quiet:
            print(message, file=self.err)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; return the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    err = sys.stderr
    try:
        settings = load_config(Path.cwd())
    except InputError as exc:
        print(f"error: {exc}", file=err)
        return EXIT_ERROR
    for k, v in settings.items():
        if k == "default_lexicon":
            k, v = "no_default_lexicon", not v
        if hasattr(args, k) and getattr(args, k) is None:
            setattr(args, k, v)
    ui = Ui(bool(getattr(args, "quiet", False)), err)
    try:
        if args.command == "lexicon" and args.lexicon_command == "validate":
            return cmd_validate(args, ui)
        if args.command == "lexicon" and args.lexicon_command in ("import", "export", "add"):
            return _lexicon_file_action(args, ui)
        if args.command == "lexicon" and args.lexicon_command == "test":
            from .lexicon_cli import test_lexicons

            args.lexicon, args.no_default_lexicon = test_lexicons(args), True
        normalizer = _normalizer(args, ui)
        if normalizer is None:
            return EXIT_ERROR
        if args.command == "lexicon" and args.lexicon_command in ("suggest", "test"):
            from .lexicon_cli import cmd_suggest, cmd_test

            return (cmd_suggest if args.lexicon_command == "suggest" else cmd_test)(args, normalizer, ui)
        if args.command == "lexicon":
            return cmd_lookup(args, normalizer, ui)
        if args.command == "eval":
            return cmd_eval(args, normalizer, ui)
        if args.command == "check" and args.format == "html":
            from .html_report import cmd_check_html

            return cmd_check_html(args, normalizer, ui)
        return cmd_files(args, normalizer, ui, parser)
    except KeyboardInterrupt:
        print("interrupted", file=err)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_ERROR


def _lexicon_file_action(args: argparse.Namespace, ui: Ui) -> int:
    """Run ``lexicon import``, ``export`` or ``add`` (no Normalizer needed)."""
    from . import lexicon_cli as lc

    return {"import": lc.cmd_import, "export": lc.cmd_export, "add": lc.cmd_add}[args.lexicon_command](
        args, ui
    )


def _normalizer(args: argparse.Namespace, ui: Ui) -> Normalizer | None:
    config = Config()
    if args.threshold is not None:
        if not 0 <= args.threshold <= 100:
            ui.error("--threshold must be between 0 and 100")
            return None
        from dataclasses import replace

        config = replace(config, fuzzy_threshold=float(args.threshold))
    lexicons = list(args.lexicon or [])
    for p in lexicons:
        if not Path(p).exists():
            ui.error(f"{p}: no such lexicon file or folder")
            return None
    try:
        return Normalizer(
            lexicons, default_lexicon=not args.no_default_lexicon, config=config, cache=not args.no_cache
        )
    except LexiconError as exc:
        for d in exc.diagnostics:
            print(str(d), file=ui.err)
        ui.error(f"{len(exc.diagnostics)} lexicon error(s); nothing was processed")
        return None


def cmd_validate(args: argparse.Namespace, ui: Ui) -> int:
    """``normalize lexicon validate``."""
    from .lexicon import validate

    missing = [p for p in args.paths if not Path(p).exists()]
    for p in missing:
        ui.error(f"{p}: no such lexicon file or folder")
    diags = validate([p for p in args.paths if p not in missing])
    from .lexicon_schema import with_schema_of_files

    diags = with_schema_of_files(diags, [p for p in args.paths if p not in missing])
    for d in diags:
        print(str(d))
    n_err = sum(d.severity == "error" for d in diags) + len(missing)
    n_warn = sum(d.severity != "error" for d in diags)
    ui.info(f"{n_err} error(s), {n_warn} warning(s)")
    return EXIT_ERROR if n_err else EXIT_OK


def cmd_lookup(args: argparse.Namespace, normalizer: Normalizer, ui: Ui) -> int:
    """``normalize lexicon lookup``: the decision for TEXT and the nearest names."""
    from rapidfuzz import fuzz, process

    from .keys import key

    text = args.text
    decided = normalizer.mentions(text)
    index = normalizer.index
    k = key(text)
    choices = sorted(index.key_table)
    near = process.extract(k, choices, scorer=fuzz.ratio, limit=args.limit + len(decided) + 1)
    runners = []
    for choice, score, _ in near:
        for entry, _role in sorted(index.key_table[choice]):
            e = index.entries[entry]
            runners.append(
                {"entry": e.id, "canonical": e.canonical, "key": choice, "score": round(float(score), 1)}
            )
    runners = runners[: args.limit]
    if (args.format or "text") == "json":
        print(
            json.dumps(
                {"text": text, "key": k, "matches": [m.as_dict() for m in decided], "nearest": runners},
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        if not decided:
            print(f"{text!r}: no match (key {k!r})")
        for m in decided:
            verdict = "correct as written" if m.text == m.replacement else f"-> {m.replacement!r}"
            print(f"{m.text!r} {verdict} [{m.entry}, {m.method.value} {m.score:.0f}]: {m.reason}")
        print("nearest by key:")
        for r in runners:
            print(f"  {r['score']:5.1f}  {r['key']!r}  {r['entry']} ({r['canonical']})")
    return EXIT_OK if decided else EXIT_FINDINGS


def cmd_eval(args: argparse.Namespace, normalizer: Normalizer, ui: Ui) -> int:
    """``normalize eval GOLD FILE...``."""
    from .evaluate import read_gold, score
    from .textio import read_text

    gold_path = Path(args.gold)
    docs = []
    status = EXIT_OK
    for f in args.paths:
        try:
            g = _gold_for(gold_path, Path(f), len(args.paths))
            gold = read_gold(g.read_text(encoding="utf-8"), str(g))
            text, _ = read_text(f, args.encoding)
        except (InputError, OSError) as exc:
            ui.error(str(exc))
            status = EXIT_ERROR
            continue
        docs.append((f, gold, normalizer.find(text)))
    report = score(docs)
    if (args.format or "text") == "json":
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        t = report.total
        print(
            f"total: precision {t.precision:.3f} recall {t.recall:.3f} f1 {t.f1:.3f} "
            f"(tp {t.tp}, fp {t.fp}, fn {t.fn})"
        )
        for title, table in (("by type", report.by_type), ("by method", report.by_method)):
            print(f"{title}:")
            for name, c in sorted(table.items()):
                print(
                    f"  {name:10} precision {c.precision:.3f} recall {c.recall:.3f} f1 {c.f1:.3f} "
                    f"(tp {c.tp}, fp {c.fp}, fn {c.fn})"
                )
        for p, miss in report.misses:
            print(f"miss: {p}:{miss.start}-{miss.end}: {miss.text!r} -> {miss.replacement!r}")
        for p, m in report.false_positives:
            print(
                f"false positive: {p}:{m.start}-{m.end}: {m.text!r} -> {m.replacement!r} "
                f"({m.method.value} {m.score:.0f}, {m.entry})"
            )
    return status


def _gold_for(gold: Path, text: Path, n_files: int) -> Path:
    if gold.is_dir():
        stem = text.name[: -len(text.suffix)] if text.suffix else text.name
        for name in (f"{stem}.annotations.tsv", f"{stem}.tsv", f"{stem}.jsonl", f"{stem}.gold.jsonl"):
            if (gold / name).is_file():
                return gold / name
        raise InputError(f"{gold}: no gold file for {text.name}")
    if n_files > 1:
        raise InputError(f"{gold}: a gold file serves one FILE; give a folder for several")
    return gold


def cmd_files(
    args: argparse.Namespace, normalizer: Normalizer, ui: Ui, parser: argparse.ArgumentParser
) -> int:
    """``check``, ``fix`` and ``diff`` over files, folders and stdin."""
    errors: list[str] = []
    include = tuple(args.include or DEFAULT_INCLUDE)
    exclude = tuple(args.exclude or DEFAULT_EXCLUDE)
    paths = expand_inputs(args.paths, include, exclude, errors)
    if args.command == "check" and args.output:
        parser.error("-o/--output goes with --format html")
    write_back = WriteBack.STDOUT
    if args.command == "fix":
        if args.in_place:
            write_back = WriteBack.IN_PLACE
            if STDIN in paths:
                parser.error("--in-place cannot rewrite stdin")
        elif args.output:
            write_back = WriteBack.FILE
            if len(paths) != 1:
                parser.error("-o/--output takes exactly one input")
            if paths[0] != STDIN and Path(paths[0]).resolve() == Path(args.output).resolve():
                parser.error("-o names the input itself; use --in-place to rewrite a file")
        if args.backup and not args.in_place:
            parser.error("--backup goes with --in-place")
    stats = bool(getattr(args, "stats", False))
    jobs = [
        Job(
            args.command,
            p,
            args.encoding,
            write_back,
            getattr(args, "backup", None),
            stats,
            getattr(args, "output", None),
        )
        for p in paths
    ]
    fmt = getattr(args, "format", None) or "text"
    out = sys.stdout
    n_findings = n_changed = 0
    json_findings: list[dict[str, object]] = []
    documents: list[dict[str, object]] = []
    for message in errors:
        ui.error(message)
    emit = out.write if args.command == "fix" and write_back is WriteBack.STDOUT else None
    for result in _run(jobs, normalizer, args.jobs or 1, ui, emit):
        if result.error:
            errors.append(result.error)
            ui.error(result.error)
            continue
        if result.skipped:
            ui.info(f"skipped: {result.skipped}")
            continue
        n_findings += len(result.findings)
        n_changed += bool(result.changed or result.findings)
        if args.command == "check":
            for f in result.findings:
                if fmt == "text":
                    print(f.text(), file=out)
                elif fmt == "jsonl":
                    print(json.dumps(f.as_dict(), ensure_ascii=False), file=out)
                else:
                    json_findings.append(f.as_dict())
            if stats:
                doc = _document_stats(result)
                documents.append(doc)
                if fmt == "jsonl":
                    print(json.dumps({"document": doc}, ensure_ascii=False), file=out)
                elif fmt == "text":
                    _print_stats(doc, ui)
        elif args.command == "diff":
            if result.output:
                out.write(result.output)
        elif args.command == "fix" and result.output is not None:
            out.write(result.output)
    if args.command == "check" and fmt == "json":
        payload: object = json_findings if not stats else {"findings": json_findings, "documents": documents}
        print(json.dumps(payload, ensure_ascii=False, indent=2), file=out)
    out.flush()
    verb = {"check": "would change", "fix": "changed", "diff": "would change"}[args.command]
    ui.info(
        f"{n_findings} finding(s) in {len(paths) - len(errors)} input(s); {n_changed} {verb}; "
        f"{len(errors)} error(s)"
    )
    if errors:
        return EXIT_ERROR
    if args.command in ("check", "diff") and n_findings:
        return EXIT_FINDINGS
    return EXIT_OK


def _document_stats(result: FileResult) -> dict[str, object]:
    density = 1000 * len(result.findings) / result.words if result.words else 0.0
    inconsistent = []
    for entry, forms in sorted(result.forms.items()):
        if len(forms) > 1:
            inconsistent.append(
                {
                    "entry": entry,
                    "canonical": result.canonical[entry],
                    "forms": dict(sorted(forms.items(), key=lambda kv: (-kv[1], kv[0]))),
                }
            )
    return {
        "path": result.path,
        "words": result.words,
        "findings": len(result.findings),
        "per_1000_words": round(density, 2),
        "inconsistent": inconsistent,
    }


def _print_stats(doc: dict[str, object], ui: Ui) -> None:
    ui.info(
        f"{doc['path']}: {doc['findings']} finding(s) in {doc['words']} words "
        f"({doc['per_1000_words']} per 1,000 words)"
    )
    for item in doc["inconsistent"]:  # type: ignore[attr-defined]
        forms = ", ".join(f"{k!r} x{v}" for k, v in item["forms"].items())
        ui.info(f"  {item['canonical']} written {len(item['forms'])} ways: {forms}")


def _run(
    jobs: list[Job], normalizer: Normalizer, n: int, ui: Ui, emit: Callable[[str], object] | None = None
) -> Iterator[FileResult]:
    """Process jobs in order, in ``n`` worker processes when n > 1, with a progress bar.

    In one process, fixed text is handed to ``emit`` piece by piece as it is made.
    """
    bar = _progress(jobs, ui)
    try:
        if n > 1 and len(jobs) > 1 and all(j.path != STDIN for j in jobs):
            import multiprocessing as mp

            ctx = mp.get_context("fork" if sys.platform.startswith("linux") else "spawn")
            with ctx.Pool(min(n, len(jobs)), initializer=_init_worker, initargs=(normalizer,)) as pool:
                for result in pool.imap(_run_job, jobs, chunksize=1):
                    bar(result)
                    yield result
        else:
            for job in jobs:
                result = process(job, normalizer, emit)
                bar(result)
                yield result
    finally:
        bar(None)


def _progress(jobs: list[Job], ui: Ui) -> Callable[[FileResult | None], None]:
    """Return a callback that advances a tqdm bar on a terminal, or does nothing."""
    if ui.quiet or not ui.err.isatty():
        return lambda _r: None
    sizes = {}
    for j in jobs:
        try:
            sizes[j.path] = os.path.getsize(j.path) if j.path != STDIN else 0
        except OSError:
            sizes[j.path] = 0
    total = sum(sizes.values())
    if total < PROGRESS_BYTES and len(jobs) < 50:
        return lambda _r: None
    from tqdm import tqdm

    bar = tqdm(total=total, unit="B", unit_scale=True, file=ui.err, leave=False)

    def step(result: FileResult | None) -> None:
        if result is None:
            bar.close()
        else:
            bar.update(sizes.get(result.path, 0))

    return step


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
