"""The ``normalize lexicon`` actions that grow a lexicon: import, export, suggest, add, test.

Each action has a ``*_parser`` function that adds its subparser and a ``cmd_*`` function
that runs it; :mod:`normalize.cli` wires them in. Messages go to stderr, data to stdout
or ``-o``; exit codes as everywhere: 0 clean, 1 findings (proposals, failed examples),
2 usage, lexicon or input error.
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import yaml

from .errors import InputError
from .lexicon import parse_lexicon, read_lexicon_file
from .textio import AtomicWriter, read_text

if TYPE_CHECKING:
    from .cli import Ui
    from .engine import Normalizer

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
Sub = Any  # argparse's private _SubParsersAction


def _read(path: str) -> str:
    """Return a lexicon-side file's text (UTF-8, a BOM dropped); FIFOs and devices are refused."""
    return read_text(path, "utf-8")[0]


@contextmanager
def _output(path: str | None) -> Iterator[IO[str]]:
    """Yield a text stream to ``path`` (written atomically on success) or to stdout."""
    if not path or path == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    import io

    buf = io.StringIO()
    yield buf
    writer = AtomicWriter(path)
    try:
        writer.write(buf.getvalue().encode("utf-8"))
    except BaseException:
        writer.abort()
        raise
    writer.commit()


# --- import / export ----------------------------------------------------------------------


def import_parser(lsub: Sub) -> None:
    """Add ``lexicon import``."""
    from .lexicon_io import IMPORT_FORMATS

    p = lsub.add_parser(
        "import",
        help="make a lexicon from a glossary, termbase or gazetteer",
        description="Convert FILE to a normalize lexicon (YAML). csv/tsv: one row per variant "
        "(variant,canonical[,type,id,status,flags]; a header row is detected). tbx: TBX-Basic "
        "(preferred -> canonical, admitted -> accepted, deprecated -> variant). geonames: "
        "cities15000.txt/allCountries.txt, optionally with alternateNamesV2.txt. jsonl: one entry "
        "per line.",
    )
    p.add_argument("file", metavar="FILE")
    p.add_argument("--from", dest="fmt", choices=IMPORT_FORMATS, required=True, help="the format of FILE")
    p.add_argument("-o", "--output", metavar="OUT", help="write the lexicon here (default: stdout)")
    p.add_argument("--language", default="en", help="language of the text (default en); TBX terms of it")
    g = p.add_argument_group("GeoNames")
    g.add_argument("--alternate-names", metavar="FILE", help="alternateNamesV2.txt, for more variants")
    g.add_argument("--min-population", type=int, default=0, metavar="N", help="skip smaller places")
    g.add_argument(
        "--feature-class",
        action="append",
        metavar="C",
        help="GeoNames feature classes to keep (repeatable; default P, populated places)",
    )
    g.add_argument(
        "--scripts", choices=("latin", "all"), default="latin", help="keep Latin-script names only (default)"
    )
    g.add_argument("--keep-codes", action="store_true", help="keep codes (IATA, postal, ABC) as variants")
    g.add_argument(
        "--drop-ordinary",
        action="store_true",
        help="drop variants made of ordinary words (default: keep them; the loader's guard flags them)",
    )


def cmd_import(args: argparse.Namespace, ui: Ui) -> int:
    """``normalize lexicon import``."""
    from . import lexicon_io as lio

    try:
        if args.fmt == "geonames":
            opts = lio.GeonamesOptions(
                min_population=args.min_population,
                feature_classes=tuple(args.feature_class or ("P",)),
                scripts=args.scripts,
                codes=args.keep_codes,
                drop_ordinary=args.drop_ordinary,
                language=args.language,
            )
            doc, report = _geonames(args.file, args.alternate_names, opts)
        else:
            text = _read(args.file)
            if args.fmt in ("csv", "tsv"):
                doc, report = lio.import_csv(
                    text, args.file, "\t" if args.fmt == "tsv" else ",", args.language
                )
            elif args.fmt == "tbx":
                doc, report = lio.import_tbx(text, args.file, args.language)
            else:
                doc, report = lio.import_jsonl(text, args.file)
    except InputError as exc:
        ui.error(str(exc))
        return EXIT_ERROR
    out = lio.dump_yaml(
        doc, f"Imported from {Path(args.file).name} ({args.fmt}) by normalize lexicon import."
    )
    _, diags = parse_lexicon(out, args.output or "<output>")
    errors = [d for d in diags if d.severity == "error"]
    if errors:
        for d in errors:
            print(str(d), file=ui.err)
        ui.error(f"the imported lexicon would not load ({len(errors)} error(s)); nothing written")
        return EXIT_ERROR
    if args.output and Path(args.output).resolve() == Path(args.file).resolve():
        ui.error("-o names the input itself")
        return EXIT_ERROR
    with _output(args.output) as fh:
        fh.write(out)
    shared = lio.shared_forms(doc)
    warned = sum(d.severity == "warning" for d in diags)
    ui.info(
        f"imported {report.summary()}; {warned} variant warning(s) (ordinary words: never applied blindly)"
        + (f"; {shared} form(s) shared by several entries (homonyms)" if shared else "")
    )
    return EXIT_OK


def _geonames(path: str, alternates: str | None, opts: Any) -> Any:
    from .lexicon_io import import_geonames

    try:
        with open(path, encoding="utf-8") as main:
            if alternates:
                with open(alternates, encoding="utf-8") as alt:
                    return import_geonames(main, path, alt, opts)
            return import_geonames(main, path, (), opts)
    except FileNotFoundError as exc:
        raise InputError(f"{exc.filename}: no such file") from None
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 (byte {exc.start})") from None


def export_parser(lsub: Sub) -> None:
    """Add ``lexicon export``."""
    from .lexicon_io import EXPORT_FORMATS

    p = lsub.add_parser(
        "export",
        help="write a lexicon as CSV, TSV, TBX-Basic or JSONL",
        description="Convert the lexicon FILE for other tools. csv/tsv keep canonical, variants, "
        "accepted forms, type, id and variant switches; tbx keeps terms, their status and the "
        "type; jsonl keeps everything but comments.",
    )
    p.add_argument("file", metavar="FILE")
    p.add_argument("--to", dest="fmt", choices=EXPORT_FORMATS, required=True)
    p.add_argument("-o", "--output", metavar="OUT", help="default: stdout")


def cmd_export(args: argparse.Namespace, ui: Ui) -> int:
    """``normalize lexicon export``."""
    from . import lexicon_io as lio

    if not Path(args.file).is_file():
        ui.error(f"{args.file}: no such lexicon file")
        return EXIT_ERROR
    _, diags = read_lexicon_file(args.file)
    errors = [d for d in diags if d.severity == "error"]
    if errors:
        for d in errors:
            print(str(d), file=ui.err)
        ui.error(f"{len(errors)} lexicon error(s); nothing exported")
        return EXIT_ERROR
    doc = lio.load_doc(_read(args.file), args.file)
    writers: dict[str, Callable[[Any, IO[str]], None]] = {
        "csv": lio.export_csv,
        "tsv": lambda d, fh: lio.export_csv(d, fh, "\t"),
        "tbx": lio.export_tbx,
        "jsonl": lio.export_jsonl,
    }
    with _output(args.output) as fh:
        writers[args.fmt](doc, fh)
    return EXIT_OK


# --- suggest --------------------------------------------------------------------------------


def suggest_parser(lsub: Sub, common: argparse.ArgumentParser) -> None:
    """Add ``lexicon suggest``."""
    p = lsub.add_parser(
        "suggest",
        parents=[common],
        help="propose variants and entries from names the engine left alone",
        description="Collect the name-like spans no entry claimed in PATH..., cluster them by "
        "transliteration key with case endings stripped, and propose each cluster as variants "
        "of the nearest known entry or as a new entry. Output: a YAML patch to review and "
        "apply with `lexicon add --from-suggest`, or JSON. Exit 1 when there are proposals.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--format", choices=("yaml", "json"), default="yaml")
    p.add_argument("-o", "--output", metavar="PATCH", help="default: stdout")
    p.add_argument("--min-count", type=int, default=1, metavar="N", help="clusters seen at least N times")
    p.add_argument(
        "--min-score",
        type=float,
        default=None,
        metavar="S",
        help="key similarity (0-100) needed to propose a known entry (default 80)",
    )


def cmd_suggest(args: argparse.Namespace, normalizer: Normalizer, ui: Ui) -> int:
    """``normalize lexicon suggest``."""
    from .discover import DEFAULT_EXCLUDE, DEFAULT_INCLUDE, expand_inputs
    from .suggest import MIN_SCORE, collect, propose
    from .textio import read_text

    problems: list[str] = []
    paths = expand_inputs(
        args.paths, tuple(args.include or DEFAULT_INCLUDE), tuple(args.exclude or DEFAULT_EXCLUDE), problems
    )
    docs = []
    for p in paths:
        try:
            text, _ = read_text(p, args.encoding) if p != "-" else (sys.stdin.read(), None)
        except (InputError, OSError) as exc:
            problems.append(str(exc))
            continue
        docs.append(("<stdin>" if p == "-" else p, text))
    for message in problems:
        ui.error(message)
    spans = collect(docs, normalizer, language=normalizer.lexicon.language)
    min_score = MIN_SCORE if args.min_score is None else args.min_score
    proposals = propose(spans, normalizer, min_score=min_score, min_count=args.min_count)
    with _output(args.output) as fh:
        if args.format == "json":
            fh.write(json.dumps([p.as_dict() for p in proposals], ensure_ascii=False, indent=2) + "\n")
        else:
            head = (
                f"normalize lexicon suggest: {len(proposals)} proposal(s) from {len(docs)} input(s).\n"
                "Review: delete the proposals (or variants) you reject; for a new entry (entry: null)\n"
                "correct the canonical and add a type. Then apply it to your lexicon file with\n"
                "  normalize lexicon add LEXICON.yaml --from-suggest THIS_FILE"
            )
            fh.write("".join(f"# {line}\n" for line in head.splitlines()))
            fh.write(
                yaml.safe_dump(
                    {"proposals": [p.as_patch() for p in proposals]},
                    sort_keys=False,
                    allow_unicode=True,
                    width=110,
                )
            )
    known = sum(p.entry is not None for p in proposals)
    ui.info(
        f"{len(spans)} unclaimed name span(s) in {len(docs)} input(s); {len(proposals)} proposal(s): "
        f"{known} variant(s) of known entries, {len(proposals) - known} new name(s)"
    )
    if problems:
        return EXIT_ERROR
    return EXIT_FINDINGS if proposals else EXIT_OK


# --- add --------------------------------------------------------------------------------------


def add_parser(lsub: Sub) -> None:
    """Add ``lexicon add``."""
    p = lsub.add_parser(
        "add",
        help="add variants, accepted spellings, context words or entries to a YAML file",
        description="Edit FILE in place, keeping its comments, order and layout. Refuses (exit 2, "
        "file untouched) a change that would not validate. Examples: "
        "`lexicon add my.yaml --entry khalifa-haftar --variant Haftarov`; "
        "`lexicon add my.yaml --new 'Bani Walid' --type place --variant 'Beni Walid'`; "
        "`lexicon add my.yaml --from-suggest patch.yaml`.",
    )
    p.add_argument("file", metavar="FILE")
    p.add_argument("--entry", metavar="ID", help="the entry to add to")
    p.add_argument("--new", metavar="CANONICAL", help="add a new entry with this canonical name")
    p.add_argument(
        "--id", dest="new_id", metavar="ID", help="with --new: its id (default: from the canonical)"
    )
    p.add_argument("--type", choices=("person", "place", "org", "term"), help="with --new: its type")
    p.add_argument("--variant", action="append", default=[], metavar="TEXT")
    p.add_argument(
        "--accepted", action="append", default=[], metavar="TEXT", help="a correct alternative spelling"
    )
    p.add_argument(
        "--context-word", action="append", default=[], metavar="WORD", help="evidence for the entry"
    )
    p.add_argument(
        "--needs-context",
        action="store_true",
        help="mark the variants `context: true` (also ordinary words: applied only with evidence)",
    )
    p.add_argument("--case-sensitive", action="store_true", help="mark the variants `case_sensitive: true`")
    p.add_argument("--from-suggest", metavar="PATCH", help="apply a reviewed `lexicon suggest` patch")
    p.add_argument("--dry-run", action="store_true", help="print the diff; do not write")


def cmd_add(args: argparse.Namespace, ui: Ui) -> int:
    """``normalize lexicon add``."""
    from .lexicon_edit import Change, EditError, changes_from_patch, edit

    flags = tuple(
        (k, True)
        for k, on in (("case_sensitive", args.case_sensitive), ("context", args.needs_context))
        if on
    )
    try:
        text = _read(args.file)
        changes: list[Change] = []
        if args.from_suggest:
            changes += changes_from_patch(_read(args.from_suggest), args.from_suggest)
        if args.new and args.entry:
            raise EditError(["--new and --entry exclude each other"])
        if args.new:
            from .lexicon import make_id

            target = args.new_id or make_id(args.new)
            changes.append(Change("entry", target, args.new, flags, args.type or "", tuple(args.variant)))
        else:
            target = args.entry or ""
            if (args.variant or args.accepted or args.context_word) and not target:
                raise EditError(["--variant, --accepted and --context-word need --entry ID (or --new)"])
            changes += [Change("variant", target, v, flags) for v in args.variant]
        changes += [Change("accepted", target, a) for a in args.accepted]
        changes += [Change("context", target, w) for w in args.context_word]
        if not changes:
            raise EditError(
                ["nothing to add: give --variant, --accepted, --context-word, --new or --from-suggest"]
            )
        result = edit(text, changes, args.file)
    except InputError as exc:
        ui.error(str(exc))
        return EXIT_ERROR
    except EditError as exc:
        for reason in exc.reasons:
            if reason.startswith("  "):  # a diagnostic under its heading
                print(reason, file=ui.err)
            else:
                ui.error(reason)
        ui.error(f"{args.file} left unchanged")
        return EXIT_ERROR
    for d in result.warnings:
        print(str(d), file=ui.err)
    for note in result.unchanged:
        ui.info(f"skipped: {note}")
    if args.dry_run:
        sys.stdout.writelines(
            difflib.unified_diff(
                text.splitlines(True), result.text.splitlines(True), f"a/{args.file}", f"b/{args.file}"
            )
        )
        return EXIT_OK
    if result.applied:
        with _output(args.file) as fh:
            fh.write(result.text)
    for note in result.applied:
        ui.info(f"added: {note}")
    return EXIT_OK


# --- test ---------------------------------------------------------------------------------


def test_parser(lsub: Sub, common: argparse.ArgumentParser) -> None:
    """Add ``lexicon test``."""
    p = lsub.add_parser(
        "test",
        parents=[common],
        help="run the entries' examples as tests",
        description="Fix each example sentence of the entries in PATH... (with the default lexicon "
        "unless --no-default-lexicon, and any --lexicon) and compare with what the example says. "
        "Exit 1 on a failure (with a diff), 2 on malformed examples or lexicon errors.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH")


def test_lexicons(args: argparse.Namespace) -> list[str]:
    """Return the lexicon paths ``lexicon test`` builds its Normalizer from (each file once)."""
    from .lexicon import default_lexicon_paths, expand_paths

    chosen = [] if args.no_default_lexicon else default_lexicon_paths()
    chosen += expand_paths([*args.paths, *(args.lexicon or [])])
    # a file given that is a bundled one (the checkout's copy of an installed lexicon, say)
    # is loaded once: the same bytes are the same lexicon
    seen: dict[bytes | Path, str] = {}
    for p in chosen:
        try:
            ident: bytes | Path = Path(p).read_bytes()
        except OSError:
            ident = Path(p).resolve()  # reported when the Normalizer is built
        seen.setdefault(ident, str(p))
    return list(seen.values())


def cmd_test(args: argparse.Namespace, normalizer: Normalizer, ui: Ui) -> int:
    """``normalize lexicon test``: every example, a diff for each failure."""
    from .examples import run

    count, failures, malformed = run(args.paths, normalizer)
    for d in malformed:
        print(str(d), file=ui.err)
    for f in failures:
        print(f.report())
    ui.info(f"{count} example(s), {len(failures)} failure(s), {len(malformed)} malformed")
    if malformed:
        return EXIT_ERROR
    return EXIT_FINDINGS if failures else EXIT_OK
