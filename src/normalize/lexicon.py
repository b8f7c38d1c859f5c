"""Lexicon files: YAML loading with validation that reports every error with its place.

A lexicon file holds ``entries`` (canonical names with variants) and/or ``rules`` (phrase
rules for MT artifacts), plus file-wide defaults. The format is documented in the README;
:func:`load_lexicon` reads one file, :func:`merge` combines several into one
:class:`Lexicon`, checking that no id or variant is claimed twice.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any

import regex
import yaml

from .errors import Diagnostic, LexiconError
from .keys import surface_form
from .model import Entry, EntryType, Rule, Variant
from .wordfreqs import zipf as word_zipf

#: Files larger than this are refused before parsing (a lexicon of 100k entries is ~15 MB).
MAX_LEXICON_BYTES = 64 * 1024 * 1024
#: Nodes in one document beyond this are refused.
MAX_NODES = 5_000_000
#: Zipf frequency (wordfreq) from which a single-word variant counts as an ordinary word.
ORDINARY_ZIPF = 3.0

_TOP_KEYS = {
    "version",
    "name",
    "description",
    "language",
    "source_languages",
    "context",
    "calques",
    "entries",
    "rules",
}
_ENTRY_KEYS = {
    "id",
    "canonical",
    "type",
    "variants",
    "accepted",
    "given",
    "surname",
    "short",
    "context",
    "calques",
    "source_languages",
    "source",
    "examples",  # read by normalize.examples; the engine ignores them
}
_VARIANT_KEYS = {"text", "case_sensitive", "context"}
_RULE_KEYS = {"id", "match", "pattern", "replace", "case_sensitive", "source"}
#: PyYAML's C loader when it is built, else the pure-Python one; both are safe loaders.
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_PHRASE_SPLIT = re.compile(r"[\W_]+")
_ID_RE = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Entries, rules and name-part calques, merged from one or more files.

    ``language`` is the language of the text being fixed (for the ordinary-word guard);
    ``calques`` maps a name part to its literal translations, for every entry.
    ``warnings`` are the non-fatal diagnostics found while loading.
    """

    entries: tuple[Entry, ...] = ()
    rules: tuple[Rule, ...] = ()
    calques: tuple[tuple[str, tuple[str, ...]], ...] = ()
    language: str = "en"
    sources: tuple[str, ...] = ()
    warnings: tuple[Diagnostic, ...] = field(default=(), compare=False)


def make_id(canonical: str) -> str:
    """Derive an entry id from a canonical name: lowercase words joined by hyphens."""
    from .keys import fold

    return _ID_RE.sub("-", fold(canonical)).strip("-") or "entry"


# --- reading YAML with positions ---------------------------------------------------------


class _Reader:
    """Walk a composed YAML node tree, turning nodes into values and collecting errors."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.diagnostics: list[Diagnostic] = []

    def error(self, node: yaml.Node | None, field_: str, message: str, *, severity: str = "error") -> None:
        line, col = (node.start_mark.line + 1, node.start_mark.column + 1) if node else (1, 1)
        self.diagnostics.append(Diagnostic(self.path, line, col, field_, message, severity))

    @staticmethod
    def kind(node: yaml.Node) -> str:
        if isinstance(node, yaml.MappingNode):
            return "a mapping"
        if isinstance(node, yaml.SequenceNode):
            return "a list"
        if node.tag.endswith(":null"):
            return "null"
        if node.tag.endswith(":bool"):
            return "a boolean"
        if node.tag.endswith((":int", ":float")):
            return "a number"
        return "a string"

    def string(self, node: yaml.Node, field_: str, *, empty_ok: bool = False) -> str | None:
        if not isinstance(node, yaml.ScalarNode) or not node.tag.endswith(":str"):
            if isinstance(node, yaml.ScalarNode) and node.tag.endswith((":int", ":float")):
                return str(node.value)
            self.error(node, field_, f"expected a string, got {self.kind(node)}")
            return None
        value = str(node.value)
        if not value.strip() and not empty_ok:
            self.error(node, field_, "must not be empty")
            return None
        return value

    def boolean(self, node: yaml.Node, field_: str) -> bool | None:
        if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":bool"):
            return str(node.value).lower() in {"true", "yes", "on"}
        self.error(node, field_, f"expected true or false, got {self.kind(node)}")
        return None

    def strings(self, node: yaml.Node, field_: str) -> list[str]:
        """Read a string or a list of strings."""
        if isinstance(node, yaml.ScalarNode):
            s = self.string(node, field_)
            return [s] if s is not None else []
        if not isinstance(node, yaml.SequenceNode):
            self.error(node, field_, f"expected a list of strings, got {self.kind(node)}")
            return []
        out = []
        for i, item in enumerate(node.value):
            s = self.string(item, f"{field_}[{i}]")
            if s is not None:
                out.append(s)
        return out

    def mapping(self, node: yaml.Node, field_: str, allowed: set[str]) -> dict[str, yaml.Node]:
        if not isinstance(node, yaml.MappingNode):
            self.error(node, field_, f"expected a mapping, got {self.kind(node)}")
            return {}
        out: dict[str, yaml.Node] = {}
        for knode, vnode in node.value:
            k = str(knode.value) if isinstance(knode, yaml.ScalarNode) else None
            name = f"{field_}.{k}" if field_ else str(k)
            if k is None:
                self.error(knode, field_, "keys must be strings")
            elif k in out:
                self.error(knode, name, "duplicate key")
            elif k not in allowed:
                self.error(knode, name, f"unknown field (expected one of: {', '.join(sorted(allowed))})")
            else:
                out[k] = vnode
        return out

    def calques(self, node: yaml.Node, field_: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
        if not isinstance(node, yaml.MappingNode):
            self.error(
                node, field_, f"expected a mapping of name part to translations, got {self.kind(node)}"
            )
            return ()
        out = []
        for knode, vnode in node.value:
            part = self.string(knode, field_)
            if part is None:
                continue
            forms = self.strings(vnode, f"{field_}.{part}")
            out.append((part, tuple(forms)))
        return tuple(out)


def _compose(path: str, text: str, reader: _Reader) -> yaml.Node | None:
    """Parse YAML text into a node tree, refusing aliases and oversized documents.

    PyYAML shares the node of an anchor with every alias to it, so a node met twice in
    the walk is an alias; refusing those rules out "billion laughs" expansion.
    """
    try:
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        reader.diagnostics.append(Diagnostic(path, line, col, "yaml", str(exc.problem or exc)))
        return None
    except yaml.YAMLError as exc:
        reader.diagnostics.append(Diagnostic(path, 1, 1, "yaml", str(exc)))
        return None
    if root is None:
        return None
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            reader.error(node, "yaml", "aliases (*name) are not allowed in lexicons")
            return None
        seen.add(id(node))
        if len(seen) > MAX_NODES:
            reader.error(node, "yaml", f"document has more than {MAX_NODES} nodes; refused")
            return None
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                stack.extend((k, v))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return root


def _pos(node: yaml.Node, path: str) -> str:
    return f"{path}:{node.start_mark.line + 1}"


# --- one file ----------------------------------------------------------------------------


def parse_lexicon(text: str, path: str = "<string>") -> tuple[Lexicon, list[Diagnostic]]:
    """Parse lexicon YAML text; return the lexicon and every diagnostic (errors and warnings).

    The lexicon is only meaningful when no diagnostic has severity ``"error"``.
    """
    reader = _Reader(path)
    root = _compose(path, text, reader)
    if root is None:
        if not reader.diagnostics:  # an empty file is an empty lexicon
            return Lexicon(sources=(path,)), []
        return Lexicon(sources=(path,)), reader.diagnostics
    top = reader.mapping(root, "", _TOP_KEYS)
    language = "en"
    if "language" in top:
        language = reader.string(top["language"], "language") or "en"
    file_langs = (
        tuple(reader.strings(top["source_languages"], "source_languages"))
        if "source_languages" in top
        else ()
    )
    file_context = tuple(reader.strings(top["context"], "context")) if "context" in top else ()
    calques = reader.calques(top["calques"], "calques") if "calques" in top else ()
    entries: list[Entry] = []
    if "entries" in top:
        node = top["entries"]
        if isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                entry = _entry(reader, item, f"entries[{i}]", file_langs, file_context)
                if entry is not None:
                    entries.append(entry)
        elif not (isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null")):
            reader.error(node, "entries", f"expected a list, got {reader.kind(node)}")
    rules: list[Rule] = []
    if "rules" in top:
        node = top["rules"]
        if isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                rule = _rule(reader, item, f"rules[{i}]")
                if rule is not None:
                    rules.append(rule)
        elif not (isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null")):
            reader.error(node, "rules", f"expected a list, got {reader.kind(node)}")
    lex = Lexicon(tuple(entries), tuple(rules), calques, language, (path,))
    _check_ordinary(reader, lex, root)
    return replace(
        lex, warnings=tuple(d for d in reader.diagnostics if d.severity != "error")
    ), reader.diagnostics


def _entry(
    reader: _Reader, node: yaml.Node, where: str, file_langs: tuple[str, ...], file_context: tuple[str, ...]
) -> Entry | None:
    fields = reader.mapping(node, where, _ENTRY_KEYS)
    if not fields and not isinstance(node, yaml.MappingNode):
        return None
    before = len([d for d in reader.diagnostics if d.severity == "error"])
    if "canonical" not in fields:
        reader.error(node, where, "missing required field 'canonical'")
        return None
    canonical = reader.string(fields["canonical"], f"{where}.canonical")
    if canonical is None:
        return None
    canonical = " ".join(canonical.split())
    entry_id = make_id(canonical)
    if "id" in fields:
        entry_id = reader.string(fields["id"], f"{where}.id") or entry_id
    etype: EntryType | None = None
    if "type" in fields:
        t = reader.string(fields["type"], f"{where}.type")
        if t is not None:
            try:
                etype = EntryType(t)
            except ValueError:
                reader.error(
                    fields["type"], f"{where}.type", f"expected one of person, place, org, term, got {t!r}"
                )
    variants: list[Variant] = []
    if "variants" in fields:
        vnode = fields["variants"]
        if isinstance(vnode, yaml.SequenceNode):
            for j, item in enumerate(vnode.value):
                v = _variant(reader, item, f"{where}.variants[{j}]")
                if v is not None:
                    variants.append(v)
        else:
            reader.error(vnode, f"{where}.variants", f"expected a list, got {reader.kind(vnode)}")
    accepted = (
        tuple(" ".join(a.split()) for a in reader.strings(fields["accepted"], f"{where}.accepted"))
        if "accepted" in fields
        else ()
    )
    name_fields: dict[str, Any] = {}
    for key in ("surname", "short"):
        if key in fields:
            if etype is not EntryType.PERSON:
                reader.error(fields[key], f"{where}.{key}", "only a person entry has name parts")
            name_fields[key] = reader.string(fields[key], f"{where}.{key}") or ""
    given: tuple[str, ...] = ()
    if "given" in fields:
        if etype is not EntryType.PERSON:
            reader.error(fields["given"], f"{where}.given", "only a person entry has name parts")
        given = tuple(reader.strings(fields["given"], f"{where}.given"))
    context = tuple(reader.strings(fields["context"], f"{where}.context")) if "context" in fields else ()
    calques = reader.calques(fields["calques"], f"{where}.calques") if "calques" in fields else ()
    langs = (
        tuple(reader.strings(fields["source_languages"], f"{where}.source_languages"))
        if "source_languages" in fields
        else file_langs
    )
    source = (reader.string(fields["source"], f"{where}.source") or "") if "source" in fields else ""
    if len([d for d in reader.diagnostics if d.severity == "error"]) > before:
        return None
    entry = Entry(
        id=entry_id,
        canonical=canonical,
        type=etype,
        variants=tuple(variants),
        accepted=accepted,
        given=given,
        surname=name_fields.get("surname", ""),
        short=name_fields.get("short", ""),
        calques=calques,
        context=tuple(dict.fromkeys(context)),
        topic=file_context,
        source_languages=langs,
        source=source,
        origin=_pos(node, reader.path),
    )
    return complete_names(entry, reader, node, where)


def complete_names(
    entry: Entry, reader: _Reader | None = None, node: yaml.Node | None = None, where: str = ""
) -> Entry:
    """Infer a person's given names, surname and short form from the canonical when absent.

    The surname defaults to the last word, the given names to the words before it, and
    the short (surname-only) rendering to the surname.
    """
    if entry.type is not EntryType.PERSON:
        return entry
    words = entry.canonical.split()
    surname = entry.surname or words[-1]
    if (
        not entry.surname
        and len(words) >= 2
        and words[-2].lower() in {"al", "el", "bin", "ibn", "abu", "de", "van", "von"}
    ):
        surname = " ".join(words[-2:])
    given = entry.given
    if not given:
        head = (
            entry.canonical[: len(entry.canonical) - len(surname)].strip()
            if entry.canonical.endswith(surname)
            else ""
        )
        given = tuple(head.split()) if head else ()
    if reader is not None and node is not None and surname not in entry.canonical:
        reader.error(
            node, f"{where}.surname", f"{surname!r} is not part of the canonical {entry.canonical!r}"
        )
    return replace(entry, given=given, surname=surname, short=entry.short or surname)


def _variant(reader: _Reader, node: yaml.Node, where: str) -> Variant | None:
    if isinstance(node, yaml.ScalarNode):
        s = reader.string(node, where)
        return Variant(" ".join(s.split())) if s is not None else None
    fields = reader.mapping(node, where, _VARIANT_KEYS)
    if not fields:
        return None
    if "text" not in fields:
        reader.error(node, where, "missing required field 'text'")
        return None
    text = reader.string(fields["text"], f"{where}.text")
    cs = (
        reader.boolean(fields["case_sensitive"], f"{where}.case_sensitive")
        if "case_sensitive" in fields
        else False
    )
    ctx = reader.boolean(fields["context"], f"{where}.context") if "context" in fields else False
    if text is None or cs is None or ctx is None:
        return None
    return Variant(" ".join(text.split()), case_sensitive=cs, context=ctx)


def _rule(reader: _Reader, node: yaml.Node, where: str) -> Rule | None:
    fields = reader.mapping(node, where, _RULE_KEYS)
    if not fields:
        return None
    if ("match" in fields) == ("pattern" in fields):
        reader.error(node, where, "a rule needs exactly one of 'match' (literal) or 'pattern' (regex)")
        return None
    if "replace" not in fields:
        reader.error(node, where, "missing required field 'replace'")
        return None
    replace_ = reader.string(fields["replace"], f"{where}.replace", empty_ok=True)
    match = reader.string(fields["match"], f"{where}.match") if "match" in fields else ""
    pattern = reader.string(fields["pattern"], f"{where}.pattern") if "pattern" in fields else ""
    cs = (
        reader.boolean(fields["case_sensitive"], f"{where}.case_sensitive")
        if "case_sensitive" in fields
        else False
    )
    source = (reader.string(fields["source"], f"{where}.source") or "") if "source" in fields else ""
    if replace_ is None or match is None or pattern is None or cs is None:
        return None
    if pattern:
        try:
            compiled = regex.compile(pattern, 0 if cs else regex.IGNORECASE)
            compiled.sub(replace_, "")  # check the template's group references
            if compiled.search(""):
                reader.error(fields["pattern"], f"{where}.pattern", "pattern matches the empty string")
                return None
        except (regex.error, IndexError) as exc:
            reader.error(fields["pattern"], f"{where}.pattern", f"invalid regular expression: {exc}")
            return None
    rule_id = make_id(match or pattern)
    if "id" in fields:
        rule_id = reader.string(fields["id"], f"{where}.id") or rule_id
    return Rule(
        id=rule_id,
        replace=replace_,
        match=" ".join(match.split()),
        pattern=pattern,
        case_sensitive=cs,
        source=source,
        origin=_pos(node, reader.path),
    )


def ordinary(word: str, language: str = "en", zipf: float = ORDINARY_ZIPF) -> bool:
    """Return True when ``word`` is an ordinary word of ``language`` (wordfreq Zipf >= ``zipf``)."""
    return word_zipf(word, language) >= zipf


def ordinary_phrase(text: str, language: str = "en", zipf: float = ORDINARY_ZIPF) -> bool:
    """Return True for a variant that reads as ordinary words, not as a name.

    One word: an ordinary word, whatever its casing ("Rest", "Soda"). Several words: all
    ordinary and written without a capital ("the point", "go a"): a capitalised phrase of
    common words ("Volcano of Anger") is how names are written, so it is not.
    """
    words = [w for w in _PHRASE_SPLIT.split(text) if w]
    if len(words) > 1 and text != text.lower():
        return False
    return common_words(text, language, zipf)


def common_words(text: str, language: str = "en", zipf: float = ORDINARY_ZIPF) -> bool:
    """Return True when every word of ``text`` is an ordinary word, whatever the casing."""
    words = [w for w in _PHRASE_SPLIT.split(text) if w]
    return bool(words) and all(ordinary(w, language, zipf) for w in words)


def _check_ordinary(reader: _Reader, lex: Lexicon, root: yaml.Node) -> None:
    """Warn about single-word variants that are ordinary words: they are applied only with evidence."""
    for entry in lex.entries:
        for v in entry.variants:
            if not v.context and ordinary_phrase(v.text, lex.language):
                line = int(entry.origin.rsplit(":", 1)[1])
                reader.diagnostics.append(
                    Diagnostic(
                        reader.path,
                        line,
                        1,
                        f"{entry.id}.variants",
                        f"{v.text!r} is made of ordinary {lex.language} words; it is never applied unless "
                        "marked `context: true`, and then only with its exact casing and evidence "
                        "for the entry",
                        "warning",
                    )
                )


# --- files, merging ----------------------------------------------------------------------


def read_lexicon_file(path: str | os.PathLike[str]) -> tuple[Lexicon, list[Diagnostic]]:
    """Read and parse one lexicon file; I/O problems become diagnostics too."""
    p = str(path)
    try:
        size = os.path.getsize(p)
        if size > MAX_LEXICON_BYTES:
            return Lexicon(sources=(p,)), [
                Diagnostic(p, 1, 1, "file", f"larger than {MAX_LEXICON_BYTES} bytes; refused")
            ]
        with open(p, "rb") as fh:
            data = fh.read()
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return Lexicon(sources=(p,)), [Diagnostic(p, 1, 1, "file", f"not UTF-8 (byte {exc.start})")]
    except OSError as exc:
        return Lexicon(sources=(p,)), [Diagnostic(p, 1, 1, "file", exc.strerror or str(exc))]
    return parse_lexicon(text, p)


def load_lexicon(path: str | os.PathLike[str]) -> Lexicon:
    """Load one lexicon file; raise :class:`LexiconError` listing every error in it."""
    lex, diags = read_lexicon_file(path)
    errors = [d for d in diags if d.severity == "error"]
    if errors:
        raise LexiconError(errors)
    return lex


def expand_paths(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """Expand folders to the ``*.yaml``/``*.yml`` files in them, sorted by name."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(q for q in p.iterdir() if q.suffix in {".yaml", ".yml"} and q.is_file()))
        else:
            out.append(p)
    return out


def default_lexicon_dir() -> Path:
    """Return the folder of the bundled lexicons: inside the wheel, or the checkout's ``lexicons/``."""
    packaged = resources.files("normalize") / "_lexicons"
    if packaged.is_dir():
        return Path(str(packaged))
    checkout = Path(__file__).resolve().parents[2] / "lexicons"
    return checkout


def default_lexicon_paths() -> list[Path]:
    """Return the bundled lexicon files, sorted by name."""
    d = default_lexicon_dir()
    return expand_paths([d]) if d.is_dir() else []


def merge(lexicons: Sequence[Lexicon]) -> Lexicon:
    """Merge lexicons into one, raising :class:`LexiconError` on ids or variants claimed twice.

    The result does not depend on the order of ``lexicons``: entries and rules are sorted
    by id. A variant may be shared only when every entry claiming it marks it
    ``context: true``; the document's evidence then decides.
    """
    diags = check_conflicts(lexicons)
    errors = [d for d in diags if d.severity == "error"]
    if errors:
        raise LexiconError(errors)
    entries = tuple(sorted((e for lx in lexicons for e in lx.entries), key=lambda e: e.id))
    rules = tuple(sorted((r for lx in lexicons for r in lx.rules), key=lambda r: r.id))
    calques: dict[str, list[str]] = {}
    for lx in lexicons:
        for part, forms in lx.calques:
            calques.setdefault(part, []).extend(forms)
    languages = sorted({lx.language for lx in lexicons if lx.entries or lx.rules}) or ["en"]
    return Lexicon(
        entries,
        rules,
        tuple(sorted((k, tuple(sorted(set(v)))) for k, v in calques.items())),
        languages[0],
        tuple(sorted(s for lx in lexicons for s in lx.sources)),
        tuple(w for lx in lexicons for w in lx.warnings),
    )


def check_conflicts(lexicons: Sequence[Lexicon]) -> list[Diagnostic]:
    """Return diagnostics for ids claimed twice and variants claimed by two entries."""
    diags: list[Diagnostic] = []
    seen_ids: dict[str, str] = {}
    claims: dict[str, list[tuple[Entry, Variant | None]]] = {}
    for lx in lexicons:
        items: list[Entry | Rule] = [*lx.entries, *lx.rules]
        for item in items:
            if item.id in seen_ids:
                diags.append(
                    _diag_at(item.origin, "id", f"id {item.id!r} is already used at {seen_ids[item.id]}")
                )
            else:
                seen_ids[item.id] = item.origin
        for e in lx.entries:
            forms: dict[str, Variant | None] = {surface_form(e.canonical): None}
            for listed in e.variants:
                forms.setdefault(surface_form(listed.text), listed)
            for a in e.accepted:
                forms.setdefault(surface_form(a), None)
            for f, owner in forms.items():
                claims.setdefault(f, []).append((e, owner))
    for form, owners in sorted(claims.items()):
        ids = sorted({e.id for e, _ in owners})
        if len(ids) < 2:
            continue
        if all(v is not None and v.context for _, v in owners):
            continue
        for e, v in owners:
            what = "canonical" if v is None else "variant"
            others = ", ".join(i for i in ids if i != e.id)
            diags.append(
                _diag_at(
                    e.origin,
                    f"{e.id}.variants" if v else f"{e.id}.canonical",
                    f"{what} {form!r} is also claimed by {others} "
                    "(mark it `context: true` in every entry to let the document decide)",
                )
            )
    return diags


def _diag_at(origin: str, field_: str, message: str) -> Diagnostic:
    path, _, line = origin.rpartition(":")
    return Diagnostic(path or origin, int(line) if line.isdigit() else 1, 1, field_, message)


def validate(paths: Iterable[str | os.PathLike[str]]) -> list[Diagnostic]:
    """Return every error and warning in the given lexicon files, taken together."""
    diags: list[Diagnostic] = []
    lexicons = []
    for p in expand_paths(paths):
        lex, d = read_lexicon_file(p)
        diags.extend(d)
        lexicons.append(lex)
    diags.extend(check_conflicts(lexicons))
    return diags


def read_many(paths: Iterable[str | os.PathLike[str]]) -> list[Lexicon]:
    """Read lexicon files (folders expand to their YAML files); raise with all errors at once."""
    lexicons: list[Lexicon] = []
    errors: list[Diagnostic] = []
    for p in expand_paths(paths):
        lex, diags = read_lexicon_file(p)
        errors.extend(d for d in diags if d.severity == "error")
        lexicons.append(lex)
    if errors:
        raise LexiconError(errors)
    return lexicons
