"""The ``normalize`` command line: check, fix, diff, lexicon tools and eval.

stdout carries only data (text, findings, diffs, JSON); messages and summaries go to
stderr. Exit codes: 0 nothing to change (or all fixed), 1 findings or changes, 2 usage,
configuration, lexicon or I/O error (after every other input was processed), 70 a bug in
normalize (with a request to report it), 130 interrupted, 141 stdout closed by its reader.
"""

from __future__ import annotations

import argparse
import difflib
import enum
import json
import os
import signal
import stat
import sys
import traceback
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any

from . import streaming
from ._version import __version__
from .config_file import ConfigError, load_settings
from .discover import DEFAULT_EXCLUDE, DEFAULT_INCLUDE, STDIN, expand_inputs
from .engine import Config, Normalizer
from .errors import InputError, LexiconError
from .formats import (
    JsonStream,
    ambiguity_line,
    diff_colored,
    finding_line,
    github_line,
    github_notice,
    sarif,
    sarif_result,
    use_color,
)
from .model import Match
from .rewrite import apply
from .textio import (
    AtomicWriter,
    Encoding,
    Skipped,
    file_kind,
    open_regular,
    read_chunks,
    remove_live_temporaries,
    text_encoding,
)

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR, EXIT_INTERRUPTED = 0, 1, 2, 130
#: A bug in normalize itself (sysexits' EX_SOFTWARE): never 0 or 1, so CI cannot take it
#: for "clean" or "findings".
EXIT_INTERNAL = 70
#: stdout was closed by its reader (``| head``): the code a shell gives a process killed
#: by SIGPIPE.
EXIT_BROKEN_PIPE = 141
BUG_REPORT = (
    "this is a bug in normalize {version}; please report it with the command line, "
    "the traceback above and, if you can, the input"
)
#: Show a progress bar from this much input on (and only on a terminal).
PROGRESS_BYTES = 4 * 1024 * 1024
#: Worker processes pay off only from about this much input; below it one process is
#: faster than starting a pool and shipping results between processes.
PARALLEL_BYTES = 2 * 1024 * 1024
#: Without --jobs, every available core is used from this much input on (below it,
#: starting workers and their copy of the index cost more than they save).
AUTO_PARALLEL_BYTES = 4 * 1024 * 1024
CHECK_FORMATS = ("text", "json", "jsonl", "github", "sarif", "html")


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


@dataclass(slots=True)
class FileResult:
    """What processing one input produced.

    In this process, findings, ambiguous spans and the fixed text go straight to a
    :class:`Sink` as each piece is decided and only their counts stay here; a worker
    process collects them here to ship them back.
    """

    path: str
    findings: list[Finding] = field(default_factory=list)
    ambiguous: list[dict[str, object]] = field(default_factory=list)
    """Spans homonyms claim with different texts, left as written (JSON-ready rows)."""
    output: str | None = None  # fixed text for stdout/-o, or a diff
    changed: bool = False
    error: str = ""
    skipped: str = ""
    words: int = 0
    forms: dict[str, Counter[str]] = field(default_factory=dict)
    canonical: dict[str, str] = field(default_factory=dict)
    encoding: Encoding = field(default_factory=lambda: Encoding("utf-8"))
    n_findings: int = 0
    n_ambiguous: int = 0


class Sink:
    """Where a file's findings, ambiguous spans and output go as they are decided: into the result."""

    def __init__(self, result: FileResult) -> None:
        self.result = result
        self._out: list[str] = []

    def finding(self, finding: Finding) -> None:
        self.result.findings.append(finding)

    def ambiguity(self, row: dict[str, object]) -> None:
        self.result.ambiguous.append(row)

    def output(self, text: str) -> None:
        self._out.append(text)

    def close(self) -> None:
        if self._out:
            self.result.output = "".join(self._out)
            self._out = []


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
    separator: str | None = None


_WORKER: Normalizer | None = None


_BUSY = False


def _init_worker(normalizer: Normalizer) -> None:
    global _WORKER  # one per worker process, set once by the pool initializer
    _WORKER = normalizer
    streaming.init_worker(normalizer)
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), _worker_terminated)


def _worker_terminated(signum: int, frame: object) -> None:
    """Unwind a job like Ctrl-C (its temporary file goes); an idle worker just exits."""
    if _BUSY:
        _raise_terminated(signum, frame)
    os._exit(128 + signum)


def _run_job(job: Job) -> FileResult:
    global _BUSY  # read by the signal handler of this worker process
    assert _WORKER is not None
    _BUSY = True
    try:
        return process(job, _WORKER)
    finally:
        _BUSY = False


def _open_input(path: str) -> IO[bytes]:
    if path == STDIN:
        if sys.stdin is None:
            raise InputError("<stdin>: stdin is closed")
        return sys.stdin.buffer
    return open_regular(path)[0]  # FIFOs, devices and sockets are skipped, never read


class _Place:
    """Line, column and offset of each piece's start in the file, for findings' positions.

    Within a piece, lines are counted on from the previous offset asked for (offsets come
    in order): counting from the piece's start each time made a piece with thousands of
    findings quadratic.
    """

    __slots__ = ("_line_start", "_lines", "_pos", "_text", "column", "line", "offset")

    def __init__(self) -> None:
        self.line, self.column, self.offset = 1, 0, 0
        self._text: str | None = None
        self._pos = self._lines = self._line_start = 0

    def row(self, text: str, start: int) -> tuple[int, int]:
        """Return the file's 1-based line and column of offset ``start`` of the piece ``text``."""
        if text is not self._text or start < self._pos:
            self._text, self._pos, self._lines, self._line_start = text, 0, 0, 0
        nl = text.count("\n", self._pos, start)
        if nl:
            self._lines += nl
            self._line_start = text.rfind("\n", self._pos, start) + 1
        self._pos = start
        column = start - self._line_start + 1
        return self.line + self._lines, column + (self.column if not self._lines else 0)

    def advance(self, text: str) -> None:
        nl = text.count("\n")
        self.line += nl
        self.column = len(text) - text.rfind("\n") - 1 if nl else self.column + len(text)
        self.offset += len(text)
        self._text = None


def process(
    job: Job, normalizer: Normalizer, sink: Sink | None = None, executor: Executor | None = None
) -> FileResult:
    """Check, fix or diff one file; errors are reported in the result, never raised.

    The file is read in pieces and decided as one document (or, with a separator, as the
    documents between separator lines; see :mod:`normalize.streaming`), so the evidence
    for a name is the whole document's in check, fix and diff alike, while findings and
    the fixed text go to ``sink`` piece by piece. ``executor`` decides pieces in worker
    processes (the output is the same).
    """
    name = "<stdin>" if job.path == STDIN else job.path
    result = FileResult(name)
    sink = sink or Sink(result)
    writer: _Writer | None = None
    try:
        fh = _open_input(job.path)
        opened = os.fstat(fh.fileno()) if job.write_back is WriteBack.IN_PLACE else None
        try:
            enc, pieces = read_chunks(fh, name, job.encoding)
            result.encoding = enc
            items = streaming.parts(pieces, job.separator)
            window = 2 * getattr(executor, "_max_workers", 1)
            place = _Place()
            old: list[str] = []
            new: list[str] = []
            held: list[str] = []  # an in-place fix's text until it changes (a clean file is not rewritten)
            for piece in streaming.decide_stream(
                items, normalizer, unchanged=job.stats, executor=executor, window=window
            ):
                text = piece.text
                changes = [m for m in piece.matches if m.text != m.replacement]
                if job.stats:
                    result.words += len(text.split())
                    for m in piece.matches:
                        result.forms.setdefault(m.entry, Counter())[m.text] += 1
                        result.canonical[m.entry] = m.canonical
                if job.command == "check":  # only check prints findings: fix and diff count them
                    for m in changes:
                        line, column = place.row(text, m.start)
                        moved = replace(m, start=m.start + place.offset, end=m.end + place.offset)
                        sink.finding(Finding(name, line, column, moved))
                for amb in piece.ambiguous:
                    line, column = place.row(text, amb.start)
                    row = {"path": name, "line": line, "column": column, **amb.as_dict()}
                    row["start"], row["end"] = amb.start + place.offset, amb.end + place.offset
                    result.n_ambiguous += 1
                    sink.ambiguity(row)
                result.n_findings += len(changes)
                result.changed = result.changed or bool(changes)
                place.advance(text)
                if job.command == "check":
                    continue
                fixed = apply(text, changes) if changes else text
                if job.command == "diff":
                    old.append(text)
                    new.append(fixed)
                elif job.command == "fix" and job.write_back is WriteBack.STDOUT:
                    sink.output(fixed)
                elif job.command == "fix" and job.write_back is WriteBack.FILE and job.output:
                    if writer is None:
                        writer = _Writer(job.output, enc, blame=job.output)
                    writer.write(fixed)
                elif job.command == "fix" and job.write_back is WriteBack.IN_PLACE:
                    if writer is None:
                        held.append(fixed)
                        if changes or sum(map(len, held)) > HOLD_CHARS:
                            writer = _Writer(
                                job.path, enc, backup=job.backup, blame=name, source=fh, opened=opened
                            )
                            for t in held:
                                writer.write(t)
                            held.clear()
                    else:
                        writer.write(fixed)
            if job.command == "diff" and result.changed:
                sink.output(unified_diff("".join(old), "".join(new), name))
            elif job.command == "fix" and job.write_back is WriteBack.FILE and job.output:
                (writer or _Writer(job.output, enc, blame=job.output)).commit()
            elif writer is not None:
                if result.changed:
                    writer.commit()
                else:
                    writer.abort()
            writer = None
            sink.close()
        finally:
            if writer is not None:
                writer.abort()
            if fh is not getattr(sys.stdin, "buffer", None):
                fh.close()
    except Skipped as exc:
        result.skipped = str(exc)
    except InputError as exc:
        result.error = str(exc)
    except (BrokenPipeError, OutputError):
        raise
    except _broken_pool():
        result.error = f"{name}: a worker process died while processing it"
    except OSError as exc:
        result.error = f"{name}: {exc.strerror or exc}"
    return result


class _NeverRaised(Exception):
    """Stands for BrokenProcessPool while no process pool was made."""


def _broken_pool() -> type[Exception]:
    """Return BrokenProcessPool once a pool was made, else an exception nothing raises.

    ``multiprocessing`` is imported only when a pool is made: a single small file does
    not pay for it at start-up.
    """
    module = sys.modules.get("concurrent.futures.process")
    return module.BrokenProcessPool if module is not None else _NeverRaised


#: An in-place fix holds up to this much unchanged text before it starts writing the new file.
HOLD_CHARS = 8 * 1024 * 1024


class _Writer:
    """An :class:`AtomicWriter` whose OS errors name the file written (``blame``)."""

    def __init__(
        self,
        path: str,
        enc: Encoding,
        *,
        backup: str | None = None,
        blame: str,
        source: IO[bytes] | None = None,
        opened: os.stat_result | None = None,
    ) -> None:
        self.enc, self.blame = enc, blame
        try:
            self.writer = AtomicWriter(path, backup=backup, source=source, opened=opened)
        except InputError:  # already names the file (a FIFO, a device, a setuid file)
            raise
        except OSError as exc:
            raise InputError(f"{blame}: cannot write: {exc.strerror or exc}") from None

    def write(self, text: str) -> None:
        self._guard(self.writer.write_text, text, self.enc)

    def commit(self) -> None:
        self._guard(self.writer.commit)

    def abort(self) -> None:
        self.writer.abort()

    def _guard(self, fn: Callable[..., None], *args: Any) -> None:
        try:
            fn(*args)
        except InputError:  # already names the file
            self.writer.abort()
            raise
        except OSError as exc:
            self.writer.abort()
            raise InputError(f"{self.blame}: {exc.strerror or exc}") from None
        except BaseException:
            self.writer.abort()
            raise


def _place(result: FileResult, name: str, text: str, matches: Sequence[Match]) -> None:
    """Turn a document's matches into findings with their line and column."""
    result.n_findings += len(matches)
    pos, ln, line_start = 0, 1, 0
    for m in matches:
        nl = text.count("\n", pos, m.start)
        if nl:
            ln += nl
            line_start = text.rfind("\n", 0, m.start) + 1
        pos = m.start
        result.findings.append(Finding(name, ln, m.start - line_start + 1, m))


def unified_diff(old: str, new: str, name: str) -> str:
    """Return a unified diff ``git apply`` accepts, marking a last line without a line break."""
    lines = difflib.unified_diff(
        old.splitlines(keepends=True),
        new.splitlines(keepends=True),
        fromfile=f"a/{name}",
        tofile=f"b/{name}",
    )
    # difflib leaves a last line without "\n" unterminated, gluing the next line to it;
    # diff(1) and git end it and add this marker line instead.
    marker = "\n\\ No newline at end of file\n"
    return "".join(line if line.endswith("\n") else line + marker for line in lines)


# --- the parser ------------------------------------------------------------------------------

EXAMPLES = """\
examples:
  normalize check article.txt              findings as path:line:col: text -> replacement
  normalize check --output-format github docs/   annotations in a GitHub Actions log
  normalize fix article.txt > fixed.txt    the fixed text on stdout
  normalize fix -i --backup .orig docs/    rewrite every text file under docs/
  normalize diff article.txt | git apply   review, then apply
  normalize lexicon validate my.yaml       every error in a lexicon file
  normalize completion bash > ~/.local/share/bash-completion/completions/normalize
"""


def _whole(low: int) -> Callable[[str], int]:
    """Return a parser for a whole number of ``low`` or more (for --jobs, --limit)."""

    def parse(value: str) -> int:
        try:
            n = int(value)
        except ValueError:
            n = low - 1
        if n < low:
            raise argparse.ArgumentTypeError(f"expected a whole number of {low} or more, got {value!r}")
        return n

    return parse


def _threshold(value: str) -> float:
    """Parse --threshold: a number from 0 to 100."""
    try:
        n = float(value)
    except ValueError:
        n = -1.0
    if not 0 <= n <= 100:
        raise argparse.ArgumentTypeError(f"expected a number from 0 to 100, got {value!r}")
    return n


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser (its help is the CLI's reference)."""
    raw = argparse.RawDescriptionHelpFormatter
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
        type=_threshold,
        metavar="N",
        help=f"fuzzy match threshold, 0-100 (default {Config().fuzzy_threshold:g}); raising it drops "
        "fuzzy matches scoring below N",
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
        help=f"file names to take from folders, replacing the default ({' '.join(DEFAULT_INCLUDE)})",
    )
    io.add_argument(
        "--extend-include", action="append", metavar="GLOB", help="file names to take in addition"
    )
    io.add_argument(
        "--exclude",
        action="append",
        metavar="GLOB",
        help=f"file or folder names to skip, replacing the default ({' '.join(DEFAULT_EXCLUDE)})",
    )
    io.add_argument(
        "--extend-exclude", action="append", metavar="GLOB", help="file or folder names to skip in addition"
    )
    io.add_argument(
        "--respect-gitignore",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="skip what .gitignore files ignore in folders (default: yes)",
    )
    io.add_argument(
        "--jobs",
        "-j",
        type=_whole(1),
        metavar="N",
        help="worker processes over files, or over the pieces of one large file (default: the "
        "available cores from 4 MB of input on, else 1; used only for 2 MB of input or more); "
        "the output is unchanged",
    )
    io.add_argument(
        "--document-separator",
        metavar="LINE",
        help="a line that separates documents in a file (e.g. '---'; '' for any blank line): each "
        "document is decided alone, its evidence its own (default: one document per file)",
    )
    io.add_argument(
        "--quiet",
        "-q",
        action="store_true",
        default=None,
        help="no summary, no progress bar; errors are still printed",
    )
    cfg = common.add_argument_group("configuration")
    where = cfg.add_mutually_exclusive_group()
    where.add_argument(
        "--config", metavar="FILE", help="read settings from FILE instead of searching for one"
    )
    where.add_argument(
        "--isolated", action="store_true", help="ignore configuration files (normalize.toml, pyproject.toml)"
    )

    parser = argparse.ArgumentParser(
        prog="normalize",
        description="Repair proper names and fixed terms garbled by machine translation.",
        formatter_class=raw,
        epilog=EXAMPLES
        + "\nexit codes: 0 nothing to change (or all fixed), 1 findings, 2 usage/lexicon/input error,\n"
        f"  {EXIT_INTERNAL} internal error (a bug: please report it), 130 interrupted, "
        f"{EXIT_BROKEN_PIPE} stdout closed early.\n"
        "settings: normalize.toml or [tool.normalize] in pyproject.toml, in the current folder\n"
        "  or the nearest parent; command-line flags win.",
    )
    parser.add_argument("--version", action="version", version=f"normalize {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser(
        "check",
        parents=[common],
        formatter_class=raw,
        help="report what would change (exit 1 if anything)",
        description="Report each garbled name as path:line:col: text -> replacement "
        "(method score, entry). Paths may be files, folders or - for stdin.",
        epilog="examples:\n  normalize check article.txt\n  normalize check -q docs/ && echo clean\n"
        "  normalize check --output-format sarif . > normalize.sarif\n",
    )
    p.add_argument("paths", nargs="*", metavar="PATH")
    p.add_argument(
        "--output-format",
        "--format",
        dest="format",
        choices=CHECK_FORMATS,
        default=None,
        help="text lines (default), a JSON array, JSON lines, GitHub Actions annotations, SARIF 2.1.0, "
        "or a review page (html, with -o FILE)",
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
        formatter_class=raw,
        help="write the fixed text",
        description="Write the normalized text: to stdout (default, one input), to -o FILE, "
        "or back into each file with --in-place.",
        epilog="examples:\n  normalize fix article.txt > fixed.txt\n"
        "  normalize fix article.txt -o fixed.txt\n  normalize fix -i docs/\n"
        "  normalize fix --stdout a.txt b.txt   (the fixed files, one after another)\n",
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
    dest.add_argument(
        "--stdout",
        action="store_true",
        help="with several inputs or a folder, print every fixed file to stdout, one after another",
    )
    p.add_argument("--backup", metavar="SUFFIX", help="with --in-place, keep the original as PATH+SUFFIX")

    p = sub.add_parser(
        "diff",
        parents=[common],
        formatter_class=raw,
        help="show a unified diff; write nothing",
        description="Print a unified diff of what fix would change; exit 1 when "
        "non-empty. Each file is held in memory whole.",
        epilog="example:\n  normalize diff article.txt > fix.patch && git apply fix.patch\n",
    )
    p.add_argument("paths", nargs="*", metavar="PATH")

    p = sub.add_parser(
        "eval",
        parents=[common],
        formatter_class=raw,
        help="score findings against gold spans",
        description="Precision, recall and F1 of the findings on FILE... against "
        "GOLD: a .tsv (the seeds' format) or .jsonl file for one FILE, "
        "or a folder holding NAME.annotations.tsv / NAME.tsv / "
        "NAME.jsonl for each FILE named NAME.txt.",
        epilog="example:\n  normalize eval seeds seeds/000_387b84daa57bcaad.txt\n",
    )
    p.add_argument("gold", metavar="GOLD")
    p.add_argument("paths", nargs="+", metavar="FILE")
    p.add_argument("--format", choices=("text", "json"), default=None)

    p = sub.add_parser("lexicon", help="lexicon tools: validate, lookup")
    lsub = p.add_subparsers(dest="lexicon_command", metavar="ACTION", required=True)
    lp = lsub.add_parser(
        "validate",
        formatter_class=raw,
        help="report every error and warning in lexicon files",
        description="Print path:line:col: field: message for every problem; "
        "exit 2 when there are errors, 0 otherwise.",
        epilog="examples:\n  normalize lexicon validate lexicons/\n"
        "  normalize lexicon validate --format json my.yaml\n",
    )
    lp.add_argument("paths", nargs="+", metavar="PATH")
    lp.add_argument(
        "--verbose", "-v", action="store_true", help="list each shared name (homonym), not just their count"
    )
    lp.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text lines (default) or a JSON array of {path, line, column, field, message, severity}",
    )
    lp = lsub.add_parser(
        "lookup",
        parents=[common],
        formatter_class=raw,
        help="show which entry a string maps to, and why",
        description="Match TEXT as a document and show the decision, then the "
        "nearest names by key with their scores.",
        epilog="example:\n  normalize lexicon lookup 'Khalifa the Haftarot'\n",
    )
    lp.add_argument("text", metavar="TEXT")
    lp.add_argument("--format", choices=("text", "json"), default=None)
    lp.add_argument("--limit", type=_whole(0), default=5, help="runners-up to show (default 5)")

    p = sub.add_parser(
        "completion",
        formatter_class=raw,
        help="print a shell completion script",
        description="Print a completion script for SHELL (made by shtab from this parser).",
        epilog="examples:\n"
        "  normalize completion bash > ~/.local/share/bash-completion/completions/normalize\n"
        "  normalize completion zsh > ~/.zfunc/_normalize   (with ~/.zfunc in $fpath)\n",
    )
    p.add_argument("shell", choices=("bash", "zsh", "tcsh"), metavar="SHELL", help="bash, zsh or tcsh")
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
    color: bool = False

    def error(self, message: str) -> None:
        label = "\033[1;31merror:\033[0m" if self.color else "error:"
        print(f"{label} {message}", file=self.err)

    def info(self, message: str) -> None:
        if not self.quiet:
            print(message, file=self.err)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; return the exit code (a bug gives EXIT_INTERNAL and asks for a report)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    err = sys.stderr
    ui = Ui(False, err, use_color(err))
    previous = _terminate_like_ctrl_c()
    try:
        return _dispatch(args, parser, ui)
    except KeyboardInterrupt as exc:
        remove_live_temporaries()  # a writer interrupted before its caller held it
        print("interrupted", file=err)
        return 128 + exc.signum if isinstance(exc, Terminated) else EXIT_INTERRUPTED
    except BrokenPipeError:
        _drop_stdout()
        return EXIT_BROKEN_PIPE
    except OutputError as exc:
        _drop_stdout()
        ui.error(f"cannot write output: {exc.reason.strerror or exc.reason}")
        return EXIT_ERROR
    except InputError as exc:
        ui.error(str(exc))
        return EXIT_ERROR
    except OSError as exc:
        if exc.filename:  # inputs are reported per file; this is a safety net
            ui.error(f"{exc.filename}: {exc.strerror or exc}")
        else:  # no file named: writing stdout failed (a full disk or device, an I/O error)
            _drop_stdout()
            ui.error(f"cannot write output: {exc.strerror or exc}")
        return EXIT_ERROR
    except Exception:
        traceback.print_exc(file=err)
        ui.error("internal error: " + BUG_REPORT.format(version=__version__))
        return EXIT_INTERNAL
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _dispatch(args: argparse.Namespace, parser: argparse.ArgumentParser, ui: Ui) -> int:
    if args.command == "completion":
        import shtab

        sys.stdout.write(shtab.complete(parser, shell=args.shell))
        return EXIT_OK
    if hasattr(args, "isolated"):
        try:
            _apply_settings(args)
        except ConfigError as exc:
            for problem in exc.problems:
                ui.error(problem)
            return EXIT_ERROR
    ui.quiet = bool(getattr(args, "quiet", False))
    if sys.stdout is None:
        # fd 1 is closed: park /dev/null on it so no file we open lands there
        sys.stdout = open(os.open(os.devnull, os.O_WRONLY), "w")  # noqa: SIM115
        if not (args.command == "fix" and (args.in_place or args.output)):
            ui.error("stdout is closed")
            return EXIT_ERROR
    if getattr(args, "encoding", None):
        try:
            text_encoding(args.encoding)
        except InputError as exc:
            ui.error(f"--encoding: {exc}")
            return EXIT_ERROR
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


def _apply_settings(args: argparse.Namespace) -> None:
    """Fill what the command line left unset from the configuration file; extend-* lists add up."""
    if args.isolated:
        return
    settings = load_settings(Path.cwd(), Path(args.config) if args.config else None)
    for dest, value in settings.values.items():
        if not hasattr(args, dest):
            continue
        given = getattr(args, dest)
        if dest.startswith("extend_"):
            setattr(args, dest, [*value, *(given or [])])  # type: ignore[misc]
        elif given is None:
            setattr(args, dest, value)


class OutputError(Exception):
    """Writing to stdout failed (a full disk or device); not the fault of the input being read."""

    def __init__(self, reason: OSError) -> None:
        super().__init__(str(reason))
        self.reason = reason


class Terminated(KeyboardInterrupt):
    """SIGTERM or SIGHUP arrived: unwind like Ctrl-C, so temporary files are removed."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _raise_terminated(signum: int, _frame: object) -> None:
    raise Terminated(signum)


def _terminate_like_ctrl_c() -> dict[int, Any]:
    """Make SIGTERM and SIGHUP raise :class:`Terminated`; return the handlers to restore."""
    previous: dict[int, Any] = {}
    for name in ("SIGTERM", "SIGHUP"):
        signum = getattr(signal, name, None)
        if signum is None:
            continue
        try:
            previous[signum] = signal.signal(signum, _raise_terminated)
        except ValueError:  # not the main thread (an embedding program): leave signals alone
            break
    return previous


def _drop_stdout() -> None:
    """Point stdout at /dev/null, so the flush at exit cannot fail a second time."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


def _lexicon_file_action(args: argparse.Namespace, ui: Ui) -> int:
    """Run ``lexicon import``, ``export`` or ``add`` (no Normalizer needed)."""
    from . import lexicon_cli as lc

    return {"import": lc.cmd_import, "export": lc.cmd_export, "add": lc.cmd_add}[args.lexicon_command](
        args, ui
    )


def _normalizer(args: argparse.Namespace, ui: Ui) -> Normalizer | None:
    config = Config() if args.threshold is None else Config(fuzzy_threshold=float(args.threshold))
    lexicons = list(args.lexicon or [])
    from .lexicon import expand_paths

    for p in lexicons:
        problem = _lexicon_path_problem(p)
        if problem:
            ui.error(problem)
            return None
        if Path(p).is_dir() and not expand_paths([p]):
            ui.error(f"{p}: no *.yaml or *.yml lexicon file in this folder")
            return None
    try:
        normalizer = Normalizer(
            lexicons, default_lexicon=not args.no_default_lexicon, config=config, cache=not args.no_cache
        )
        from .lexicon import load_notes

        for note in load_notes(normalizer.lexicon):  # the user's changes to the bundled lexicon
            ui.info(str(note))
        return normalizer
    except LexiconError as exc:
        for d in exc.diagnostics:
            print(str(d), file=ui.err)
        ui.error(f"{len(exc.diagnostics)} lexicon error(s); nothing was processed")
        return None


def _lexicon_path_problem(path: str) -> str:
    """Return why ``path`` cannot be a lexicon (missing, a FIFO, a device...), or ``""``.

    Reading a FIFO would wait for a writer forever and a device may never end.
    """
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return f"{path}: no such lexicon file or folder"
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return ""
    return f"{path}: {file_kind(mode)}, not a lexicon file or folder"


def cmd_validate(args: argparse.Namespace, ui: Ui) -> int:
    """``normalize lexicon validate``."""
    from .lexicon import validate

    problems = {p: _lexicon_path_problem(p) for p in args.paths}
    missing = [p for p, problem in problems.items() if problem]
    for p in missing:
        ui.error(problems[p])
    diags = validate([p for p in args.paths if p not in missing], verbose=args.verbose)
    from .lexicon_schema import with_schema_of_files

    diags = with_schema_of_files(diags, [p for p in args.paths if p not in missing])
    if args.format == "json":
        fields = ("path", "line", "column", "field", "message", "severity")
        rows = [{f: getattr(d, f) for f in fields} for d in diags]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    for d in diags if args.format == "text" else ():
        print(str(d))
    n_err = sum(d.severity == "error" for d in diags) + len(missing)
    n_warn = sum(d.severity == "warning" for d in diags)
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
            gold = read_gold(read_text(g, "utf-8")[0], str(g))
            text, _ = read_text(f, args.encoding)
        except InputError as exc:
            ui.error(str(exc))
            status = EXIT_ERROR
            continue
        docs.append((f, gold, normalizer.find(text)))
    report = score(docs)
    t = report.total
    if not docs:
        return status  # every file failed, and each failure was named
    if not t.tp + t.fp + t.fn:
        # Precision and recall of nothing are undefined; printing 1.000 would claim a
        # perfect score for a wrong GOLD path or an empty gold file.
        ui.error("nothing to score: no gold span and no finding")
        return EXIT_ERROR
    if (args.format or "text") == "json":
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
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
    include = (*(args.include or DEFAULT_INCLUDE), *(args.extend_include or ()))
    exclude = (*(args.exclude or DEFAULT_EXCLUDE), *(args.extend_exclude or ()))
    respect_gitignore = args.respect_gitignore is not False
    paths = expand_inputs(args.paths, include, exclude, errors, respect_gitignore=respect_gitignore)
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
        elif not args.stdout and (len(args.paths) > 1 or any(Path(p).is_dir() for p in args.paths)):
            parser.error(
                "fix with several inputs or a folder needs --in-place (rewrite each file), "
                "or --stdout (print the fixed files one after another)"
            )
        if args.backup and not args.in_place:
            parser.error("--backup goes with --in-place")
        if write_back is WriteBack.IN_PLACE:
            paths = _distinct_files(paths)
    separator = getattr(args, "document_separator", None)
    if separator is not None and ("\n" in separator or "\r" in separator):
        parser.error("--document-separator is one line: it cannot hold a line break")
    if STDIN in paths and sys.stdin is not None and sys.stdin.isatty():
        ui.info("normalize: reading the text from the terminal; end it with Ctrl-D (or give a PATH)")
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
            getattr(args, "document_separator", None),
        )
        for p in paths
    ]
    fmt = getattr(args, "format", None) or "text"
    out = sys.stdout
    color = fmt == "text" and use_color(out)
    n_findings = n_changed = n_read = n_skipped = n_ambiguous = 0
    report = _Report(args.command, fmt, out, color, stats)
    for message in errors:
        ui.error(message)
    for result in _run(jobs, normalizer, args.jobs, ui, report):
        if result.error:
            errors.append(result.error)
            ui.error(result.error)
            continue
        if result.skipped:
            n_skipped += 1
            ui.info(f"skipped: {result.skipped}")
            continue
        n_read += 1
        n_findings += result.n_findings
        n_changed += bool(result.changed or result.n_findings)
        n_ambiguous += result.n_ambiguous if args.command == "check" else 0
        if stats and args.command == "check":
            doc = _document_stats(result)
            report.documents.append(doc)
            if fmt == "jsonl":
                print(json.dumps({"document": doc}, ensure_ascii=False), file=out)
            elif fmt == "text":
                _print_stats(doc, ui)
        out.flush()
    report.finish()
    out.flush()
    verb = {"check": "would change", "diff": "would change", "fix": "changed"}[args.command]
    if args.command == "fix" and write_back is WriteBack.STDOUT:
        verb = "fixed on stdout"
    skipped = f"; {n_skipped} skipped" if n_skipped else ""
    if n_ambiguous:
        skipped += f"; {n_ambiguous} ambiguous span(s) left as written"
    ui.info(
        f"{n_findings} finding(s) in {n_read} input(s); {n_changed} {verb}; {len(errors)} error(s){skipped}"
    )
    if errors:
        return EXIT_ERROR
    if args.command in ("check", "diff") and n_findings:
        return EXIT_FINDINGS
    return EXIT_OK


class _Report(Sink):
    """Print what ``check``, ``fix`` and ``diff`` find as it is found (JSON and SARIF arrays streamed)."""

    def __init__(self, command: str, fmt: str, out: IO[str], color: bool, stats: bool) -> None:
        self.command, self.fmt, self.out, self.color = command, fmt, out, color
        self.documents: list[dict[str, object]] = []
        self.stream: JsonStream | None = None
        if command == "check" and fmt == "json":
            self.stream = JsonStream(
                self._write,
                lambda mark: [mark] if not stats else {"findings": [mark], "documents": self.documents},
            )
        elif command == "check" and fmt == "sarif":
            self.stream = JsonStream(self._write, lambda mark: sarif([mark]))

    def finding(self, finding: Finding) -> None:
        if self.command != "check":
            return
        row = finding.as_dict()
        if self.fmt == "text":
            self._print(finding_line(row, color=self.color))
        elif self.fmt == "jsonl":
            self._print(json.dumps(row, ensure_ascii=False))
        elif self.fmt == "github":
            self._print(github_line(row))
        elif self.stream is not None:
            self.stream.add(row if self.fmt == "json" else sarif_result(row))

    def ambiguity(self, row: dict[str, object]) -> None:
        if self.command != "check":
            return
        if self.fmt == "text":
            self._print(ambiguity_line(row))
        elif self.fmt == "jsonl":
            self._print(json.dumps(row, ensure_ascii=False))
        elif self.fmt == "github":
            self._print(github_notice(row))
        elif self.fmt == "json" and self.stream is not None:
            self.stream.add(row)

    def output(self, text: str) -> None:
        if self.command == "diff" and self.color:
            text = diff_colored(text)
        self._write(text)

    def replay(self, result: FileResult) -> None:
        """Print what a worker process collected for one file."""
        for f in result.findings:
            self.finding(f)
        for row in result.ambiguous:
            self.ambiguity(row)
        if result.output:
            self.output(result.output)

    def close(self) -> None:
        self._write("")

    def finish(self) -> None:
        """Write the end of a streamed JSON value."""
        if self.stream is not None:
            self.stream.close()
        self._write("")

    def _print(self, line: str) -> None:
        self._write(line + "\n")

    def _write(self, text: str) -> None:
        """Write ``text`` (flush for ""); a failure is the output's (full, closed), never the input's."""
        try:
            if text:
                self.out.write(text)
            else:
                self.out.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise OutputError(exc) from None


def _distinct_files(paths: list[str]) -> list[str]:
    """Drop repeats of a file (the same path, a symlink or a hard link to it), first kept.

    Rewriting a file twice in one run would back up the first pass's output, not the
    original, and two workers could race on it.
    """
    seen: set[tuple[int, int]] = set()
    out = []
    for p in paths:
        try:
            st = os.stat(p)
        except OSError:
            out.append(p)  # reported when it is opened
            continue
        if (st.st_dev, st.st_ino) not in seen:
            seen.add((st.st_dev, st.st_ino))
            out.append(p)
    return out


def _document_stats(result: FileResult) -> dict[str, object]:
    density = 1000 * result.n_findings / result.words if result.words else 0.0
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
        "findings": result.n_findings,
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
    jobs: list[Job], normalizer: Normalizer, n: int | None, ui: Ui, report: _Report
) -> Iterator[FileResult]:
    """Process jobs in order, in worker processes when that pays off, with a progress bar.

    Processes are used only for ``PARALLEL_BYTES`` of input or more: for many small
    files, starting workers and a round trip per file cost more than the matching itself.
    Without ``--jobs`` (``n`` None), every available core is used from ``AUTO_PARALLEL_BYTES``
    on. Several files go to workers file by file (each worker collects one file's results;
    see :func:`_run_pool`); one file is split into pieces that workers decide (see
    :mod:`normalize.streaming`), its results printed as they come. A worker that dies is
    reported for its file; the run goes on.
    """
    sizes = _sizes(jobs)
    total = sum(sizes.values())
    if n is None:
        n = available_cpus() if total >= AUTO_PARALLEL_BYTES else 1
    bar = _progress(sizes, len(jobs), ui)
    parallel = n > 1 and all(j.path != STDIN for j in jobs) and total >= PARALLEL_BYTES
    try:
        if parallel and len(jobs) > 1:
            for result in _run_pool(jobs, normalizer, min(n, len(jobs))):
                report.replay(result)
                bar(result)
                yield result
        elif parallel:
            with _piece_pool(normalizer, n) as executor:
                result = process(jobs[0], normalizer, report, executor)
            bar(result)
            yield result
        else:
            for job in jobs:
                result = process(job, normalizer, report)
                bar(result)
                yield result
    finally:
        bar(None)


def available_cpus() -> int:
    """Return how many CPUs this process may run on (its affinity, not the machine's count)."""
    count = getattr(os, "process_cpu_count", None)  # Python 3.13
    if count is not None:
        return int(count() or 1)
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def _pool_context() -> Any:
    import multiprocessing as mp

    return mp.get_context("fork" if sys.platform.startswith("linux") else "spawn")


def _piece_pool(normalizer: Normalizer, n: int) -> Executor:
    """Return a pool of ``n`` workers for the pieces of one file."""
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(
        n, mp_context=_pool_context(), initializer=_init_worker, initargs=(normalizer,)
    )


def _run_pool(jobs: list[Job], normalizer: Normalizer, n: int) -> Iterator[FileResult]:
    """Process jobs in ``n`` worker processes, yielding results in the jobs' order.

    A worker that dies (killed, out of memory, a crash in a C extension) breaks the
    pool; then every job that was in flight is run again alone in a fresh process, so
    only the file that kills its worker is reported as an error, and the rest of the run
    goes on in a new pool. The run always ends.
    """
    from collections import deque
    from concurrent.futures import Future, ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    ctx = _pool_context()

    def pool(size: int) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(size, mp_context=ctx, initializer=_init_worker, initargs=(normalizer,))

    def alone(job: Job) -> FileResult:
        with pool(1) as single:
            try:
                return single.submit(_run_job, job).result()
            except BrokenProcessPool:
                name = "<stdin>" if job.path == STDIN else job.path
                return FileResult(name, error=f"{name}: the worker process died while processing it")

    todo = deque(jobs)
    window: deque[tuple[Job, Future[FileResult]]] = deque()
    executor = pool(n)
    try:
        while todo or window:
            try:
                while todo and len(window) < 2 * n:  # bounded read-ahead keeps memory flat
                    window.append((todo[0], executor.submit(_run_job, todo[0])))
                    todo.popleft()
                result = window[0][1].result()
                window.popleft()
            except BrokenProcessPool:
                executor.shutdown(wait=True, cancel_futures=True)
                retry = [j for j, _ in window]
                window.clear()
                for j in retry:
                    yield alone(j)
                executor = pool(n)
                continue
            yield result
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


def _sizes(jobs: list[Job]) -> dict[str, int]:
    sizes = {}
    for j in jobs:
        try:
            sizes[j.path] = os.path.getsize(j.path) if j.path != STDIN else 0
        except OSError:
            sizes[j.path] = 0
    return sizes


def _progress(sizes: dict[str, int], n_jobs: int, ui: Ui) -> Callable[[FileResult | None], None]:
    """Return a callback that advances a tqdm bar on a terminal, or does nothing."""
    if ui.quiet or not ui.err.isatty():
        return lambda _r: None
    total = sum(sizes.values())
    if total < PROGRESS_BYTES and n_jobs < 50:
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
