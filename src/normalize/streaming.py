"""Deciding a stream of text as documents in bounded memory, in one process or several.

The CLI reads a file in pieces (:func:`normalize.textio.read_chunks`); :func:`parts`
cuts them into the pieces of each document (a whole file, or the text between two
separator lines). A document that fits in one piece is decided in one pass. A longer one
is decided in two, so that its evidence is the whole document's while only a few pieces
are ever in memory:

1. each piece's candidates are found and spilled to a temporary file, with what the
   evidence model reads from them (context ids, and two mentions per entry named);
2. the parent merges those summaries and writes the merged one to a file, once (a worker
   reads it once for all the pieces it decides, and it is removed after the last piece);
   each piece is decided from its spilled candidates with the merged evidence.

The same tasks run in this process or in worker processes (``executor``), in the same
order with the same pieces, so ``--jobs`` never changes the output.
"""

from __future__ import annotations

import os
import pickle
import tempfile
import uuid
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import Executor
from dataclasses import dataclass, fields
from itertools import starmap
from operator import attrgetter
from typing import Any

import regex

from .engine import Normalizer
from .engine.candidate import Candidate
from .engine.pipeline import mention_extremes
from .gcpause import gc_off
from .model import Ambiguity, Match

#: A document is cut into pieces of about this many characters (at a paragraph break
#: when there is one in the second half, else at a line break). The output does not
#: depend on it (evidence is the whole document's); the memory of deciding a piece
#: (its text in several forms, hits, tokens, candidates) does: measured with a gazetteer
#: lexicon on 10 MB, 2 M characters peaked at 282 MB, 1 M at 207 MB, at the same speed.
PIECE_CHARS = 1024 * 1024
#: Small documents (with a separator) go to a worker in batches of about this many characters.
BATCH_CHARS = 1024 * 1024

TEXT, SEPARATOR = 0, 1


def separator_pattern(separator: str) -> regex.Pattern[str]:
    """Return the pattern of a separator line: the text ``separator``, trailing spaces allowed.

    An empty (or blank) separator makes every blank line one.
    """
    return regex.compile(
        r"(?m)^[ \t]*" + regex.escape(separator.strip(" \t")) + r"[ \t\f\v\r]*(?:\n|\Z)"
        if separator.strip(" \t")
        else r"(?m)^[ \t\f\v\r]*\n"
    )


def parts(
    pieces: Iterable[str], separator: str | None, limit: int | None = None
) -> Iterator[tuple[int, str]]:
    """Yield ``(TEXT, text)`` pieces of documents and ``(SEPARATOR, line)`` between documents.

    The end of the input ends the last document. Text pieces are at most about ``limit``
    characters, cut after a paragraph break or a line break (a line longer than that
    stays as the reader cut it), never empty.
    """
    limit = limit or PIECE_CHARS
    pattern = separator_pattern(separator) if separator is not None else None
    buf = ""
    at_line_start = True
    for piece in pieces:
        if pattern is not None:
            pos = 0
            for m in pattern.finditer(piece):
                if m.start() == 0 and not at_line_start:
                    continue  # the reader cut an overlong line here: not a line of its own
                buf += piece[pos : m.start()]
                yield from _cut(buf, limit, final=True)
                buf = ""
                yield SEPARATOR, m.group()
                pos = m.end()
                at_line_start = True
            piece = piece[pos:] if pos else piece
        if piece:
            at_line_start = piece.endswith("\n")
        buf += piece
        if len(buf) >= limit:
            rest = yield from _cut(buf, limit, final=False)
            buf = rest
    yield from _cut(buf, limit, final=True)


def _cut(buf: str, limit: int, *, final: bool) -> Generator[tuple[int, str], None, str]:
    """Yield pieces of ``buf`` of about ``limit`` characters; return the rest unless ``final``."""
    while len(buf) > limit or (final and buf):
        if len(buf) <= limit:
            yield TEXT, buf
            break
        para = buf.rfind("\n\n", limit // 2, limit)
        cut = para + 2 if para >= 0 else buf.rfind("\n", 0, limit) + 1
        if not cut:  # one line longer than the limit: as the reader cut it
            cut = buf.find("\n", limit) + 1 or len(buf)
        yield TEXT, buf[:cut]
        buf = buf[cut:]
    else:
        return buf
    return ""


@dataclass(slots=True)
class Decided:
    """One piece of the input with what was decided in it (offsets relative to the piece)."""

    text: str
    matches: tuple[Match, ...] = ()
    ambiguous: tuple[Ambiguity, ...] = ()


# --- tasks: module functions, so a worker process can run them -------------------------------

_NORMALIZER: list[Normalizer] = []


def init_worker(normalizer: Normalizer) -> None:
    """Set the Normalizer this worker process decides with."""
    _NORMALIZER[:] = [normalizer]


def _normalizer() -> Normalizer:
    return _NORMALIZER[0]


def task_whole(texts: list[str], unchanged: bool) -> list[tuple[tuple[Match, ...], tuple[Ambiguity, ...]]]:
    """Decide each text as a document of its own."""
    n = _normalizer()
    return [n.analyse(t, unchanged=unchanged) for t in texts]


Summary = tuple[set[int], dict[int, tuple[Candidate, Candidate]]]

#: A candidate as the tuple of its fields, in the constructor's order: a spilled piece
#: stores its candidates so (pickle writes and reads tuples in C, where an object is
#: reduced field by field) and :func:`candidate_of` makes them again.
row_of: Callable[[Candidate], tuple[Any, ...]] = attrgetter(*(f.name for f in fields(Candidate)))


def candidate_of(row: tuple[Any, ...], by: int = 0) -> Candidate:
    """Return the candidate :data:`row_of` made ``row`` of, its span moved back by ``by``."""
    start, end, *rest = row
    return Candidate(start - by, end - by, *rest)


def task_gather(text: str, offset: int, folder: str) -> tuple[str, Summary]:
    """Find a piece's candidates, spill them with the text; return the file and the evidence summary."""
    with gc_off():  # the piece's objects are freed before the collector is back (see gc_off)
        doc, cands = _normalizer().pipeline.candidates(text)
        extremes: dict[int, tuple[Candidate, Candidate]] = {}
        mention_extremes(cands, extremes, offset)
        fd, path = tempfile.mkstemp(dir=folder, suffix=".piece")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump((text, list(map(row_of, cands))), fh, protocol=pickle.HIGHEST_PROTOCOL)
        context = doc.context
        del doc, cands
    return path, (context, extremes)


def spill_summary(summary: Summary, folder: str) -> str:
    """Write a long document's evidence summary to a file once, for every piece's task; return its path.

    The mentions go as rows (see :data:`row_of`): a summary names thousands of entries, and
    sent with each piece's task it took longer to pickle and unpickle than to decide the piece.
    """
    context, extremes = summary
    mentions = [row_of(c) for a, b in extremes.values() for c in ((a,) if a is b else (a, b))]
    # a name no other summary ever has: a worker knows the one it has read by its path
    fd, path = tempfile.mkstemp(dir=folder, prefix=f"{uuid.uuid4().hex}-", suffix=".summary")
    with os.fdopen(fd, "wb") as fh:
        pickle.dump((context, mentions), fh, protocol=pickle.HIGHEST_PROTOCOL)
    return path


#: The last summary this process read (its path and contents): a document's pieces share it.
_SUMMARY: list[tuple[str, tuple[set[int], list[tuple[Any, ...]]]]] = []


def _summary(path: str) -> tuple[set[int], list[tuple[Any, ...]]]:
    if not _SUMMARY or _SUMMARY[0][0] != path:
        with open(path, "rb") as fh:
            _SUMMARY[:] = [(path, pickle.load(fh))]
    return _SUMMARY[0][1]


def task_settle(path: str, offset: int, summary_path: str, unchanged: bool) -> Decided:
    """Decide a spilled piece with the whole document's evidence summary (:func:`spill_summary`'s file)."""
    with gc_off():  # the piece's objects are freed before the collector is back (see gc_off)
        with open(path, "rb") as fh:
            text, rows = pickle.load(fh)
        os.unlink(path)
        cands = list(starmap(Candidate, rows))
        context, mentions = _summary(summary_path)
        elsewhere = [candidate_of(row, offset) for row in mentions]
        pipeline = _normalizer().pipeline
        matches, ambiguous = pipeline.settle(text, cands, context, elsewhere, unchanged=unchanged)
        del rows, cands, elsewhere
    return Decided(text, tuple(matches), tuple(ambiguous))


# --- the driver -------------------------------------------------------------------------------


class _Slot:
    """One task owed to the output, submitted when it comes near the front (bounded memory)."""

    __slots__ = ("args", "at", "fn", "future", "kind", "texts", "then_remove")

    def __init__(
        self,
        kind: str,
        fn: Callable[..., Any] | None,
        *args: Any,
        at: int = 0,
        texts: list[tuple[bool, str]] | None = None,
    ) -> None:
        self.kind, self.fn, self.args, self.at, self.texts = kind, fn, args, at, texts
        self.future: Any = None
        #: a file no task needs once this one's result is in (a document's summary, after its last piece)
        self.then_remove = ""

    def start(self, executor: Executor | None) -> None:
        if self.future is None:
            if self.fn is None:
                self.future = _Now(self.args[0])
            elif executor is None:
                self.future = _Now(self.fn(*self.args))
            else:
                self.future = executor.submit(self.fn, *self.args)
            self.args = ()  # a piece's text is not kept once its task has it

    def result(self, executor: Executor | None) -> Any:
        self.start(executor)
        return self.future.result()


class _Now:
    """A finished 'future' for a task run in this process."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def result(self) -> Any:
        return self.value


def decide_stream(
    items: Iterable[tuple[int, str]],
    normalizer: Normalizer,
    *,
    unchanged: bool = False,
    executor: Executor | None = None,
    window: int = 4,
) -> Iterator[Decided]:
    """Decide the documents of ``items`` (from :func:`parts`); yield every piece in input order.

    Separator lines come back as pieces with nothing decided. With ``executor``, up to
    ``window`` tasks are in flight at a time (bounded memory); without, tasks run here.
    """
    if executor is None:
        init_worker(normalizer)
    window = max(window, 1)
    with tempfile.TemporaryDirectory(prefix="normalize-") as folder:
        out = _Output(executor, window)
        batch: list[tuple[bool, str]] = []  # (is a document, text): small documents and separator lines
        batch_chars = 0
        large = _Long(executor, window)  # the current long document's first pass
        first: str | None = None  # the current document's first piece, while it may be its only one
        offset = 0

        def flush_batch() -> None:
            nonlocal batch, batch_chars
            if any(is_doc for is_doc, _ in batch):
                docs = [t for is_doc, t in batch if is_doc]
                out.add(_Slot("batch", task_whole, docs, unchanged, texts=batch))
            else:
                for _, t in batch:
                    out.add(_Slot("separator", None, t))
            batch, batch_chars = [], 0

        def gather(text: str, at: int) -> Iterator[Decided]:
            large.add(_Slot("gather", task_gather, text, at, folder, at=at))
            yield from out.drain()

        def end_document() -> Iterator[Decided]:
            nonlocal first, batch_chars
            if large:
                spilled, summary = large.finish()
                summary_path = spill_summary(summary, folder)
                del summary  # the pieces read the file: one copy in memory, not two
                for k, (path, at) in enumerate(spilled, 1):
                    slot = _Slot("piece", task_settle, path, at, summary_path, unchanged)
                    if k == len(spilled):  # results are collected in order: the last piece's comes last
                        slot.then_remove = summary_path
                    out.add(slot)
                    yield from out.drain()
            elif first is not None:
                batch.append((True, first))
                batch_chars += len(first)
                if batch_chars >= BATCH_CHARS:
                    flush_batch()
                    yield from out.drain()
            first = None

        for kind, text in items:
            if kind == SEPARATOR:
                yield from end_document()
                batch.append((False, text))
                continue
            if first is None and not large:
                first = text
                continue
            if first is not None:  # a second piece: the document is a long one
                flush_batch()
                yield from gather(first, 0)
                offset, first = len(first), None
            yield from gather(text, offset)
            offset += len(text)
        yield from end_document()
        flush_batch()
        yield from out.drain(0)


class _Long:
    """A long document's first pass: ``window`` pieces at most in flight, their summaries merged."""

    def __init__(self, executor: Executor | None, window: int) -> None:
        self.executor, self.window = executor, window
        self.running: deque[_Slot] = deque()
        self.spilled: list[tuple[str, int]] = []
        self.context: set[int] = set()
        self.extremes: dict[int, tuple[Candidate, Candidate]] = {}

    def __bool__(self) -> bool:
        return bool(self.running or self.spilled)

    def add(self, slot: _Slot) -> None:
        slot.start(self.executor)
        self.running.append(slot)
        while len(self.running) > self.window:
            self._merge(self.running.popleft())

    def _merge(self, slot: _Slot) -> None:
        path, (context, extremes) = slot.result(self.executor)
        self.context |= context
        mention_extremes([c for pair in extremes.values() for c in pair], self.extremes)
        self.spilled.append((path, slot.at))

    def finish(self) -> tuple[list[tuple[str, int]], Summary]:
        """Return the spilled pieces and the whole document's summary; start afresh."""
        while self.running:
            self._merge(self.running.popleft())
        done = self.spilled, (self.context, self.extremes)
        self.spilled, self.context, self.extremes = [], set(), {}
        return done


class _Output:
    """The tasks owed to the output, in order; the first ``window`` of them are running."""

    def __init__(self, executor: Executor | None, window: int) -> None:
        self.executor, self.window = executor, window
        self.slots: deque[_Slot] = deque()

    def add(self, slot: _Slot) -> None:
        self.slots.append(slot)

    def drain(self, keep: int | None = None) -> Iterator[Decided]:
        """Start the first ``window`` tasks; yield the results of all but the last ``keep``."""
        keep = self.window if keep is None else keep
        for i, slot in enumerate(self.slots):
            if i >= self.window:
                break
            slot.start(self.executor)
        while len(self.slots) > keep:
            slot = self.slots.popleft()
            yield from _collect(slot, slot.result(self.executor))
            for i, later in enumerate(self.slots):
                if i >= self.window:
                    break
                later.start(self.executor)


def _collect(slot: _Slot, value: Any) -> Iterator[Decided]:
    if slot.then_remove:
        os.unlink(slot.then_remove)
        _SUMMARY.clear()  # this process's copy, if it read it (no workers)
    if slot.kind == "piece":
        yield value
    elif slot.kind == "separator":
        yield Decided(value)
    else:
        results = iter(value)
        for is_doc, text in slot.texts or ():
            if is_doc:
                matches, ambiguous = next(results)
                yield Decided(text, matches, ambiguous)
            else:
                yield Decided(text)
