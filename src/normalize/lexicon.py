"""Lexicon files: YAML loading with validation that reports every error with its place.

A lexicon file holds ``entries`` (canonical names with variants) and/or ``rules`` (phrase
rules for MT artifacts), plus file-wide defaults. The format is documented in the README;
:func:`load_lexicon` reads one file, :func:`merge` combines several into one
:class:`Lexicon`. Lexicons built in code go through the same checks (:func:`check_lexicon`)
and name completion when they are merged. Names shared by several entries (homonyms) are
information, not errors; an id used twice is an error, except that an entry of a user
lexicon replaces the bundled entry with its id, and ``disable:`` removes bundled entries.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any

import regex
import yaml

from . import safety
from .errors import Diagnostic, InputError, LexiconError
from .gcpause import gc_off
from .keys import fold, surface_form
from .language import table
from .model import Entry, EntryType, Rule, Variant
from .ordinary import (
    ORDINARY_ZIPF,
    common_words,
    guard_facts,
    language_supported,
    literal_token,
    ordinary_phrase,
    supported_languages,
)
from .ordinary import is_ordinary as ordinary
from .source_names import name_problem
from .textio import open_regular
from .variants import ENDINGS

#: Files larger than this are refused before parsing (a lexicon of 100k entries is ~15 MB).
MAX_LEXICON_BYTES = 64 * 1024 * 1024
#: Nodes in one document beyond this are refused.
MAX_NODES = 5_000_000

__all__ = [
    "ORDINARY_ZIPF",
    "Lexicon",
    "check_conflicts",
    "check_lexicon",
    "common_words",
    "complete_names",
    "default_lexicon_dir",
    "default_lexicon_paths",
    "expand_paths",
    "load_lexicon",
    "load_notes",
    "make_id",
    "merge",
    "ordinary",
    "ordinary_phrase",
    "parse_lexicon",
    "prepare_lexicon",
    "read_lexicon_file",
    "read_many",
    "validate",
]

_TOP_KEYS = {
    "version",
    "name",
    "description",
    "language",
    "source_languages",
    "context",
    "calques",
    "endings",
    "guard",
    "disable",
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
    "guard",
    "names",
    "examples",  # read by normalize.examples; the engine ignores them
}
_VARIANT_KEYS = {"text", "case_sensitive", "context", "guard"}
_RULE_KEYS = {"id", "match", "pattern", "replace", "case_sensitive", "source"}
#: PyYAML's C loader when it is built, else the pure-Python one; both are safe loaders.
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_PHRASE_SPLIT = re.compile(r"[\W_]+")
_ID_RE = re.compile(r"[^a-z0-9]+")
#: What every anchor starts with (``&`` and a character of its name); not every match is one.
_ANCHOR = re.compile(r"&[0-9A-Za-z_-]")


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Entries, rules and name-part calques, merged from one or more files.

    ``language`` is the language of the text being fixed (for the ordinary-word guard);
    ``calques`` maps a name part to its literal translations, for every entry.
    ``warnings`` are the non-fatal diagnostics found while loading (warnings and infos).
    ``disable`` lists ids of bundled entries or rules to remove when merging (with
    ``disable_origins``, where each was written, for messages). ``bundled`` marks a lexicon
    shipped with normalize: a user lexicon's entry with the same id replaces its entry.
    ``checked`` is set by the YAML loader and by :func:`prepare_lexicon`: the lexicon has
    been validated and its names completed, so :func:`merge` does not do it again.
    """

    entries: tuple[Entry, ...] = ()
    rules: tuple[Rule, ...] = ()
    calques: tuple[tuple[str, tuple[str, ...]], ...] = ()
    language: str = "en"
    sources: tuple[str, ...] = ()
    warnings: tuple[Diagnostic, ...] = field(default=(), compare=False)
    disable: tuple[str, ...] = ()
    bundled: bool = False
    disable_origins: tuple[str, ...] = field(default=(), compare=False)
    checked: bool = field(default=False, compare=False)
    endings: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """Case endings a lexicon adds to a source language's table (``endings: {ru: [ogo]}``)."""


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
        self.errors = 0  # errors reported through error(), counted to spot a failed entry fast

    def error(self, node: yaml.Node | None, field_: str, message: str, *, severity: str = "error") -> None:
        line, col = (node.start_mark.line + 1, node.start_mark.column + 1) if node else (1, 1)
        self.diagnostics.append(Diagnostic(self.path, line, col, field_, message, severity))
        self.errors += severity == "error"

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
        safety.check_node_cap(text, MAX_NODES)  # bounded or streamed: the cap holds before a tree is built
        try:
            root = yaml.compose(text, Loader=_LOADER)
        except yaml.composer.ComposerError:
            # a text the bound let through unstreamed: its first parser error, if any, is
            # reported before the composer's, as when it is streamed
            safety.check_node_cap(text, MAX_NODES, bound=False)
            raise
    except safety.TooManyNodes as exc:
        reader.diagnostics.append(
            Diagnostic(path, exc.line or 1, 1, "yaml", f"document has more than {MAX_NODES} nodes; refused")
        )
        return None
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
    if not _ANCHOR.search(text):
        # an alias names an anchor (else the composer refuses it): with none, no node is
        # shared, and the cap holds for the tree as for the text
        return root
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
    """Parse lexicon YAML text; return the lexicon and every diagnostic (errors, warnings, infos).

    The lexicon is only meaningful when no diagnostic has severity ``"error"``.
    """
    with gc_off():  # a node tree and a lexicon of many objects, no cycles: see gcpause
        return _parse_lexicon(text, path)


def _parse_lexicon(text: str, path: str) -> tuple[Lexicon, list[Diagnostic]]:
    reader = _Reader(path)
    root = _compose(path, text, reader)
    if root is None:
        if not reader.diagnostics:  # an empty file is an empty lexicon
            return Lexicon(sources=(path,), checked=True), []
        return Lexicon(sources=(path,)), reader.diagnostics
    top = reader.mapping(root, "", _TOP_KEYS)
    language = "en"
    if "language" in top:
        language = _language(reader, top["language"])
    file_langs = (
        _source_languages(reader, top["source_languages"], "source_languages")
        if "source_languages" in top
        else ()
    )
    file_context = tuple(reader.strings(top["context"], "context")) if "context" in top else ()
    calques = reader.calques(top["calques"], "calques") if "calques" in top else ()
    endings = reader.calques(top["endings"], "endings") if "endings" in top else ()
    for language, _ in endings:
        problem = source_language_problem(language)
        if problem:
            reader.error(top["endings"], f"endings.{language}", problem)
    guard = True
    if "guard" in top:
        guard = reader.boolean(top["guard"], "guard") is not False
    disable: list[str] = []
    disable_origins: list[str] = []
    if "disable" in top:
        node = top["disable"]
        items = node.value if isinstance(node, yaml.SequenceNode) else [node]
        for i, item in enumerate(items):
            ident = reader.string(item, f"disable[{i}]" if isinstance(node, yaml.SequenceNode) else "disable")
            if ident is not None:
                disable.append(ident)
                disable_origins.append(_pos(item, path))
    entries: list[Entry] = []
    if "entries" in top:
        node = top["entries"]
        if isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                entry = _entry(reader, item, f"entries[{i}]", file_langs, file_context, guard)
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
    lex = Lexicon(
        tuple(entries),
        tuple(rules),
        calques,
        language,
        (path,),
        disable=tuple(disable),
        disable_origins=tuple(disable_origins),
        checked=True,
        endings=tuple((lang, tuple(fold(x) for x in forms)) for lang, forms in endings),
    )
    _check_ordinary(reader, lex)
    return replace(
        lex, warnings=tuple(d for d in reader.diagnostics if d.severity != "error")
    ), reader.diagnostics


def _language(reader: _Reader, node: yaml.Node) -> str:
    """Read the text's language: a code the guard knows (``en``), else an error and ``en``."""
    value = reader.string(node, "language")
    if value is None:
        return "en"
    problem = language_problem(value)
    if problem:
        reader.error(node, "language", problem)
        return "en"
    return value


def language_problem(language: object) -> str:
    """Return what is wrong with a text language code, or "" when the guard knows it."""
    if isinstance(language, str) and language_supported(language):
        return ""
    return (
        f"unknown language {language!r}: expected a language code the ordinary-word guard knows "
        f"({', '.join(supported_languages())})"
    )


def source_language_problem(language: object) -> str:
    """Return what is wrong with a source-language code, or "" when its case endings are known."""
    if isinstance(language, str) and language in ENDINGS:
        return ""
    return f"unknown source language {language!r}: expected one of {', '.join(sorted(ENDINGS))}"


def _source_languages(reader: _Reader, node: yaml.Node, where: str) -> tuple[str, ...]:
    """Read source-language codes, each one whose case endings are known."""
    items = node.value if isinstance(node, yaml.SequenceNode) else [node]
    out = []
    for i, item in enumerate(items):
        name = f"{where}[{i}]" if isinstance(node, yaml.SequenceNode) else where
        code = reader.string(item, name)
        if code is None:
            continue
        problem = source_language_problem(code)
        if problem:
            reader.error(item, name, problem)
        else:
            out.append(code)
    return tuple(out)


def _names(reader: _Reader, node: yaml.Node, where: str) -> tuple[tuple[str, str], ...]:
    """Read ``names:``, a mapping of language code to the name in that language (or a list of names)."""
    if not isinstance(node, yaml.MappingNode):
        reader.error(node, where, f"expected a mapping of language code to name, got {reader.kind(node)}")
        return ()
    out: list[tuple[str, str]] = []
    for knode, vnode in node.value:
        code = reader.string(knode, where)
        if code is None:
            continue
        items = vnode.value if isinstance(vnode, yaml.SequenceNode) else [vnode]
        for i, item in enumerate(items):
            name = f"{where}.{code}" + (f"[{i}]" if isinstance(vnode, yaml.SequenceNode) else "")
            text = item.value if isinstance(item, yaml.ScalarNode) and item.tag.endswith(":str") else None
            problem = name_problem(code, text if text is not None else reader.kind(item))
            if text is None and not problem.startswith("unknown language"):
                problem = f"expected a string, got {reader.kind(item)}"
            if problem:
                reader.error(knode if problem.startswith("unknown language") else item, name, problem)
                break
            out.append((code, " ".join(str(text).split())))
    return tuple(out)


def _entry(
    reader: _Reader,
    node: yaml.Node,
    where: str,
    file_langs: tuple[str, ...],
    file_context: tuple[str, ...],
    file_guard: bool,
) -> Entry | None:
    fields = reader.mapping(node, where, _ENTRY_KEYS)
    if not fields and not isinstance(node, yaml.MappingNode):
        return None
    before = reader.errors
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
    guard = file_guard
    if "guard" in fields:
        guard = reader.boolean(fields["guard"], f"{where}.guard") is not False
    variants: list[Variant] = []
    if "variants" in fields:
        vnode = fields["variants"]
        if isinstance(vnode, yaml.SequenceNode):
            for j, item in enumerate(vnode.value):
                v = _variant(reader, item, f"{where}.variants[{j}]", guard)
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
            name_fields[key] = reader.string(fields[key], f"{where}.{key}") or ""
    given: tuple[str, ...] = ()
    if "given" in fields:
        given = tuple(reader.strings(fields["given"], f"{where}.given"))
    context = tuple(reader.strings(fields["context"], f"{where}.context")) if "context" in fields else ()
    calques = reader.calques(fields["calques"], f"{where}.calques") if "calques" in fields else ()
    langs = (
        _source_languages(reader, fields["source_languages"], f"{where}.source_languages")
        if "source_languages" in fields
        else file_langs
    )
    source = (reader.string(fields["source"], f"{where}.source") or "") if "source" in fields else ""
    names = _names(reader, fields["names"], f"{where}.names") if "names" in fields else ()
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
        names=names,
    )
    if reader.errors > before:
        return None
    entry = complete_names(entry)
    # the checks a lexicon built in code gets too (the reader has checked the types)
    for field_, message in _meaning_problems(entry):
        reader.error(fields.get(field_.partition("[")[0], node), f"{where}.{field_}", message)
    if reader.errors > before:
        return None
    return entry


_SURNAME_PARTICLES = frozenset(table("ar", "particles"))


def complete_names(entry: Entry) -> Entry:
    """Infer a person's given names, surname and short form from the canonical when absent.

    The surname defaults to the last word (with al-/el-/bin/ibn... before it), the given
    names to the words before it, and the short (surname-only) rendering to the surname.
    A surname that is not part of the canonical is left as it is: :func:`entry_problems`
    reports it.
    """
    if entry.type is not EntryType.PERSON or not entry.canonical.split():
        return entry
    words = entry.canonical.split()
    surname = entry.surname or words[-1]
    if not entry.surname and len(words) >= 2 and words[-2].lower() in _SURNAME_PARTICLES:
        surname = " ".join(words[-2:])
    given = entry.given
    if not given:
        head = (
            entry.canonical[: len(entry.canonical) - len(surname)].strip()
            if entry.canonical.endswith(surname)
            else ""
        )
        given = tuple(head.split()) if head else ()
    return replace(entry, given=given, surname=surname, short=entry.short or surname)


def _variant(reader: _Reader, node: yaml.Node, where: str, guard: bool) -> Variant | None:
    if isinstance(node, yaml.ScalarNode):
        s = reader.string(node, where)
        return Variant(" ".join(s.split()), guard=guard) if s is not None else None
    fields = reader.mapping(node, where, _VARIANT_KEYS)
    if not fields:
        return None
    if "text" not in fields:
        reader.error(node, where, "missing required field 'text'")
        return None
    text = reader.string(fields["text"], f"{where}.text")
    flags: dict[str, bool | None] = {"case_sensitive": False, "context": False, "guard": guard}
    for key in flags:
        if key in fields:
            flags[key] = reader.boolean(fields[key], f"{where}.{key}")
    if text is None or None in flags.values():
        return None
    return Variant(
        " ".join(text.split()),
        case_sensitive=bool(flags["case_sensitive"]),
        context=bool(flags["context"]),
        guard=bool(flags["guard"]),
    )


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
    problem = pattern_problem(pattern, replace_, cs) if pattern else ""
    if problem:
        reader.error(fields["pattern"], f"{where}.pattern", problem)
        return None
    for warning in pattern_warnings(pattern, replace_, cs) if pattern else ():
        reader.error(fields["pattern"], f"{where}.pattern", warning, severity="warning")
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


def pattern_problem(pattern: str, replace_: str, case_sensitive: bool) -> str:
    """Return what is wrong with a rule's pattern and replacement template, or "".

    The replacement's group references are checked against the pattern's groups
    (:func:`normalize.safety.check_rule`); a pattern that matches the empty string is refused.
    """
    errors = [
        m for sev, m in safety.check_rule(pattern, replace_, case_sensitive=case_sensitive) if sev == "error"
    ]
    if errors:
        return errors[0]
    compiled = regex.compile(pattern, 0 if case_sensitive else regex.IGNORECASE)
    return "pattern matches the empty string" if compiled.search("") else ""


def pattern_warnings(pattern: str, replace_: str, case_sensitive: bool) -> list[str]:
    """Return the warnings about a valid rule pattern (catastrophic backtracking)."""
    return [
        m for sev, m in safety.check_rule(pattern, replace_, case_sensitive=case_sensitive) if sev != "error"
    ]


def _check_ordinary(reader: _Reader, lex: Lexicon) -> None:
    """Warn about variants the ordinary-word guard holds back, saying how to apply them."""
    for entry in lex.entries:
        for v in entry.variants:
            message = guard_warning(v, lex.language)
            if message:
                line = int(entry.origin.rsplit(":", 1)[1])
                reader.diagnostics.append(
                    Diagnostic(reader.path, line, 1, f"{entry.id}.variants", message, "warning")
                )


def guard_warning(v: Variant, language: str) -> str:
    """Return the warning for a variant the guard holds back (or restricts), with the way out; or ""."""
    if not v.guard or v.context:
        return ""
    facts = guard_facts(v.text, language)
    if facts.ordinary_phrase:
        return held_back(v.text, language)
    if v.text == v.text.lower() and facts.written_capitalised and not literal_token(v.text):
        also = " and the document names the entry too" if facts.famous_name else ""
        return (
            f"{v.text!r} is listed in lowercase, but English writes it with a capital; the guard "
            f"applies it only where the text writes it with one{also}. To apply it as written "
            "wherever it stands as a whole word, add `guard: false` to this variant"
        )
    if facts.famous_name:
        return (
            f"{v.text!r} is a frequent name in its own right; the guard applies it only where the "
            "document names the entry too (its canonical or context words). To apply it as written "
            "wherever it stands as a whole word, add `guard: false` to this variant"
        )
    return ""


def held_back(text: str, language: str) -> str:
    """Return the warning for a variant the ordinary-word guard holds back, with the way out."""
    return (
        f"{text!r} is made of ordinary {language} words; the guard holds it back, so it is never "
        "applied as it stands. To apply it as written wherever it stands as a whole word, add "
        "`guard: false` to this variant (or `context: true` to apply it, with its exact casing, "
        "only where the entry's context words occur)"
    )


# --- one validation for lexicons from YAML and from code ----------------------------------


def _strings_problem(value: object) -> str:
    if isinstance(value, str):
        return "expected a tuple of strings, got a string"
    if not isinstance(value, tuple | list):
        return f"expected a tuple of strings, got {type(value).__name__}"
    for item in value:
        if not isinstance(item, str) or not item.strip():
            return f"expected non-empty strings, got {item!r}"
    return ""


def _well_typed(entry: Entry) -> bool:
    """Return True quickly for the common case: every field of ``entry`` has the right type."""
    return (
        type(entry.id) is str
        and type(entry.canonical) is str
        and bool(entry.id.strip())
        and bool(entry.canonical.strip())
        and (entry.type is None or isinstance(entry.type, EntryType))
        and type(entry.variants) is tuple
        and all(
            type(v) is Variant
            and type(v.text) is str
            and bool(v.text.strip())
            and type(v.case_sensitive) is bool
            and type(v.context) is bool
            and type(v.guard) is bool
            for v in entry.variants
        )
        and all(
            type(value) is tuple and all(type(x) is str and x.strip() for x in value)
            for value in (entry.accepted, entry.given, entry.context, entry.topic, entry.source_languages)
        )
        and all(type(value) is str for value in (entry.surname, entry.short, entry.source, entry.origin))
        and type(entry.calques) is tuple
        and all(
            type(c) is tuple and len(c) == 2 and type(c[0]) is str and not _strings_problem(c[1])
            for c in entry.calques
        )
        and type(entry.names) is tuple
        and all(type(n) is tuple and len(n) == 2 and all(type(x) is str for x in n) for n in entry.names)
    )


def _type_problems(entry: Entry) -> list[tuple[str, str]]:
    """Return (field, problem) for every field of ``entry`` holding a value of the wrong type."""
    if _well_typed(entry):
        return []
    out: list[tuple[str, str]] = []
    for name in ("id", "canonical"):
        value = getattr(entry, name)
        if not isinstance(value, str) or not value.strip():
            out.append((name, f"must be a non-empty string, got {value!r}"))
    if entry.type is not None and not isinstance(entry.type, EntryType):
        out.append(("type", f"expected one of person, place, org, term, got {entry.type!r}"))
    if not isinstance(entry.variants, tuple | list):
        out.append(("variants", f"expected a tuple of Variant, got {type(entry.variants).__name__}"))
    else:
        for j, v in enumerate(entry.variants):
            if not isinstance(v, Variant):
                out.append((f"variants[{j}]", f"expected a Variant or a string, got {v!r}"))
            elif not isinstance(v.text, str) or not v.text.strip():
                out.append((f"variants[{j}].text", f"must be a non-empty string, got {v.text!r}"))
            else:
                for flag in ("case_sensitive", "context", "guard"):
                    if not isinstance(getattr(v, flag), bool):
                        out.append(
                            (f"variants[{j}].{flag}", f"expected True or False, got {getattr(v, flag)!r}")
                        )
    for name in ("accepted", "given", "context", "topic", "source_languages"):
        problem = _strings_problem(getattr(entry, name))
        if problem:
            out.append((name, problem))
    for name in ("surname", "short", "source", "origin"):
        if not isinstance(getattr(entry, name), str):
            out.append((name, f"expected a string, got {getattr(entry, name)!r}"))
    calques = entry.calques
    if not isinstance(calques, tuple | list) or not all(
        isinstance(c, tuple | list) and len(c) == 2 and isinstance(c[0], str) and not _strings_problem(c[1])
        for c in calques
    ):
        out.append(("calques", "expected a tuple of (name part, tuple of translations) pairs"))
    names = entry.names
    if not isinstance(names, tuple | list) or not all(
        isinstance(n, tuple | list) and len(n) == 2 and all(isinstance(x, str) for x in n) for n in names
    ):
        out.append(("names", "expected a tuple of (language, name) pairs"))
    return out


def entry_problems(entry: Entry) -> list[tuple[str, str]]:
    """Return (field, problem) for everything wrong with an entry, from YAML or built in code.

    Expects the names completed (:func:`complete_names`) when the types are right.
    """
    return _type_problems(entry) or _meaning_problems(entry)


def _meaning_problems(entry: Entry) -> list[tuple[str, str]]:
    """Return (field, problem) for a well-typed entry: the checks YAML and code share."""
    out: list[tuple[str, str]] = []
    if entry.type is not EntryType.PERSON:
        out.extend(
            (name, "only a person entry has name parts")
            for name in ("given", "surname", "short")
            if getattr(entry, name)
        )
    elif entry.surname not in entry.canonical:
        out.append(("surname", f"{entry.surname!r} is not part of the canonical {entry.canonical!r}"))
    for i, code in enumerate(entry.source_languages):
        problem = source_language_problem(code)
        if problem:
            out.append((f"source_languages[{i}]", problem))
    for i, (code, name) in enumerate(entry.names):
        problem = name_problem(code, name)
        if problem:
            out.append((f"names[{i}]", problem))
    texts = [("canonical", entry.canonical)]
    texts += [(f"variants[{i}]", v.text) for i, v in enumerate(entry.variants)]
    texts += [(f"accepted[{i}]", a) for i, a in enumerate(entry.accepted)]
    for where, text in texts:
        problem = safety.check_variant(text)
        if problem:
            out.append((where, problem))
    return out


def rule_problems(rule: Rule) -> list[tuple[str, str]]:
    """Return (field, problem) for everything wrong with a rule built in code."""
    out: list[tuple[str, str]] = []
    if not isinstance(rule.id, str) or not rule.id.strip():
        out.append(("id", f"must be a non-empty string, got {rule.id!r}"))
    for name in ("replace", "match", "pattern", "source", "origin"):
        if not isinstance(getattr(rule, name), str):
            out.append((name, f"expected a string, got {getattr(rule, name)!r}"))
    if not isinstance(rule.case_sensitive, bool):
        out.append(("case_sensitive", f"expected True or False, got {rule.case_sensitive!r}"))
    if out:
        return out
    if bool(rule.match.strip()) == bool(rule.pattern):
        out.append(("match", "a rule needs exactly one of 'match' (literal) or 'pattern' (regex)"))
    elif rule.pattern:
        problem = pattern_problem(rule.pattern, rule.replace, rule.case_sensitive)
        if problem:
            out.append(("pattern", problem))
    return out


def _coerce(entry: Entry) -> Entry:
    """Accept the forgiving spellings of code: strings for variants, lists for tuples, type names."""
    changes: dict[str, Any] = {}
    if isinstance(entry.variants, tuple | list):
        variants = tuple(Variant(" ".join(v.split())) if isinstance(v, str) else v for v in entry.variants)
        if variants != entry.variants:
            changes["variants"] = variants
    for name in ("accepted", "given", "context", "topic", "source_languages", "calques"):
        if isinstance(getattr(entry, name), list):
            changes[name] = tuple(getattr(entry, name))
    if isinstance(entry.names, dict):  # {"ru": "Мисрата"} in code, as in YAML
        changes["names"] = tuple(entry.names.items())
    elif isinstance(entry.names, list):
        changes["names"] = tuple(tuple(n) if isinstance(n, list) else n for n in entry.names)
    if isinstance(entry.type, str) and not isinstance(entry.type, EntryType):
        with contextlib.suppress(ValueError):  # a wrong name is reported by entry_problems
            changes["type"] = EntryType(entry.type)
    if isinstance(entry.canonical, str) and entry.canonical != " ".join(entry.canonical.split()):
        changes["canonical"] = " ".join(entry.canonical.split())
    return replace(entry, **changes) if changes else entry


def _code_diagnostic(lex: Lexicon, origin: object, label: str, field_: str, message: str) -> Diagnostic:
    """A diagnostic about an item built in code: at its origin when it has one."""
    if isinstance(origin, str) and origin:
        path, _, line = origin.rpartition(":")
        if path and line.isdigit():
            return Diagnostic(path, int(line), 1, f"{label}.{field_}", message)
    return Diagnostic(lex.sources[0] if lex.sources else "<code>", 0, 0, f"{label}.{field_}", message)


def prepare_lexicon(lexicon: Lexicon) -> tuple[Lexicon, list[Diagnostic]]:
    """Validate a lexicon built in code and complete its names, as the YAML loader does.

    Returns the prepared lexicon (variants given as strings become :class:`Variant`, a
    person's name parts are inferred) and every diagnostic; each error names the entry
    (its id, or ``entries[i]``), the field and the problem. A lexicon that the YAML loader
    made (``checked``) is returned as it is.
    """
    if lexicon.checked:
        return lexicon, []
    diags: list[Diagnostic] = []
    if not isinstance(lexicon.language, str) or language_problem(lexicon.language):
        diags.append(Diagnostic("<code>", 0, 0, "language", language_problem(lexicon.language)))
    entries: list[Entry] = []
    for i, raw in enumerate(lexicon.entries):
        if not isinstance(raw, Entry):
            diags.append(
                _code_diagnostic(lexicon, None, f"entries[{i}]", "type", f"expected an Entry, got {raw!r}")
            )
            continue
        entry = _coerce(raw)
        problems = _type_problems(entry)
        if not problems:
            entry = complete_names(entry)
            problems = _meaning_problems(entry)
        label = entry.id if isinstance(entry.id, str) and entry.id.strip() else f"entries[{i}]"
        diags.extend(_code_diagnostic(lexicon, entry.origin, label, f, m) for f, m in problems)
        entries.append(entry)
    for i, rule in enumerate(lexicon.rules):
        if not isinstance(rule, Rule):
            diags.append(
                _code_diagnostic(lexicon, None, f"rules[{i}]", "type", f"expected a Rule, got {rule!r}")
            )
            continue
        label = rule.id if isinstance(rule.id, str) and rule.id.strip() else f"rules[{i}]"
        diags.extend(_code_diagnostic(lexicon, rule.origin, label, f, m) for f, m in rule_problems(rule))
    held = [
        _code_diagnostic(lexicon, e.origin, e.id, "variants", message)
        for e in entries
        if isinstance(lexicon.language, str) and not language_problem(lexicon.language)
        for v in e.variants
        if isinstance(v, Variant) and isinstance(v.text, str)
        if (message := guard_warning(v, lexicon.language))
    ]
    held = [replace(d, severity="warning") for d in held]
    diags.extend(held)
    prepared = replace(lexicon, entries=tuple(entries), warnings=(*lexicon.warnings, *held), checked=True)
    return prepared, diags


def check_lexicon(lexicon: Lexicon) -> list[Diagnostic]:
    """Return every diagnostic for a lexicon (errors, then held-back-variant warnings)."""
    return prepare_lexicon(replace(lexicon, checked=False))[1]


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
        fh, _ = open_regular(p)  # a FIFO or device is refused, never waited on
        with fh:
            data = fh.read(MAX_LEXICON_BYTES + 1)
        if len(data) > MAX_LEXICON_BYTES:
            raise OSError(f"larger than {MAX_LEXICON_BYTES} bytes; refused")
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return Lexicon(sources=(p,)), [Diagnostic(p, 1, 1, "file", f"not UTF-8 (byte {exc.start})")]
    except InputError as exc:  # not a regular file, or unreadable: the message names the path
        message = str(exc).removeprefix(f"{p}: ")
        return Lexicon(sources=(p,)), [Diagnostic(p, 1, 1, "file", message)]
    except OSError as exc:
        return Lexicon(sources=(p,)), [Diagnostic(p, 1, 1, "file", exc.strerror or str(exc))]
    lex, diags = parse_lexicon(text, p)
    return (replace(lex, bundled=True) if _is_bundled(p) else lex), diags


def _is_bundled(path: str) -> bool:
    """Return True for a file of the bundled lexicon folder."""
    try:
        return Path(path).resolve().parent == default_lexicon_dir().resolve()
    except OSError:
        return False


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
    """Merge lexicons into one; raise :class:`LexiconError` with every error found.

    Lexicons built in code are validated and their names completed first
    (:func:`prepare_lexicon`). An entry or rule of a user lexicon whose id is a bundled
    one's replaces it, and a user lexicon's ``disable:`` removes bundled ones
    (:func:`resolve_overrides`). Names shared by several entries are homonyms: allowed,
    summed up in one ``info`` diagnostic among the result's ``warnings``; the document
    decides between them. An id used twice otherwise is an error.

    The result does not depend on the order of ``lexicons``: entries and rules are sorted
    by id (homonyms by id, then origin).
    """
    with gc_off():  # many short-lived objects, no cycles: see gcpause
        return _merge(lexicons)


def _merge(lexicons: Sequence[Lexicon]) -> Lexicon:
    prepared: list[Lexicon] = []
    errors: list[Diagnostic] = []
    for lx in lexicons:
        p, diags = prepare_lexicon(lx)
        errors.extend(d for d in diags if d.severity == "error")
        prepared.append(p)
    if errors:
        raise LexiconError(errors)
    kept, notes = resolve_overrides(prepared)
    diags = check_conflicts(kept)
    errors = [d for d in diags if d.severity == "error"]
    if errors:
        raise LexiconError(errors)
    entries = tuple(sorted((e for lx in kept for e in lx.entries), key=lambda e: (e.id, e.origin)))
    rules = tuple(sorted((r for lx in kept for r in lx.rules), key=lambda r: (r.id, r.origin)))
    calques: dict[str, list[str]] = {}
    for lx in kept:
        for part, forms in lx.calques:
            calques.setdefault(part, []).extend(forms)
    endings: dict[str, set[str]] = {}
    for lx in kept:
        for language, forms in lx.endings:
            endings.setdefault(language, set()).update(forms)
    languages = sorted({lx.language for lx in kept if lx.entries or lx.rules}) or ["en"]
    return Lexicon(
        entries,
        rules,
        tuple(sorted((k, tuple(sorted(set(v)))) for k, v in calques.items())),
        languages[0],
        tuple(sorted(s for lx in kept for s in lx.sources)),
        (*(w for lx in kept for w in lx.warnings), *notes, *diags),
        checked=True,
        endings=tuple(sorted((k, tuple(sorted(v))) for k, v in endings.items())),
    )


def load_notes(lexicon: Lexicon) -> list[Diagnostic]:
    """Return what to tell the user when a merged lexicon is loaded for use (not validation).

    That is the user's changes to the bundled lexicon: each replaced bundled entry or rule
    (information) and each ``disable:`` id that no bundled item has (a warning). Held-back
    variants and homonyms are left to ``lexicon validate``.
    """
    return [
        d
        for d in lexicon.warnings
        if d.field == "disable" or (d.severity == "info" and d.field.endswith(".id"))
    ]


def _items(lx: Lexicon) -> list[Entry | Rule]:
    return [*lx.entries, *lx.rules]


def _bundled_ids(lexicons: Sequence[Lexicon]) -> dict[str, str]:
    """Return id -> origin of the bundled entries and rules (read from disk when none is given)."""
    bundled = [lx for lx in lexicons if lx.bundled]
    if not bundled:
        bundled = [read_lexicon_file(p)[0] for p in default_lexicon_paths()]
    return {item.id: item.origin for lx in bundled for item in _items(lx)}


def resolve_overrides(lexicons: Sequence[Lexicon]) -> tuple[list[Lexicon], list[Diagnostic]]:
    """Apply user lexicons to the bundled ones: replaced ids and ``disable:`` lists.

    Returns the lexicons with the replaced and disabled bundled entries and rules removed,
    and the diagnostics: one ``info`` per replaced id (at the user's entry), a ``warning``
    for each disabled id that is no bundled entry or rule (at the ``disable:`` item).
    """
    user = [lx for lx in lexicons if not lx.bundled]
    notes: list[Diagnostic] = []
    disabled: set[str] = set()
    if any(lx.disable for lx in user):
        known = _bundled_ids(lexicons)
        for lx in user:
            origins = lx.disable_origins or (f"{lx.sources[0] if lx.sources else '<code>'}:0",) * len(
                lx.disable
            )
            for ident, origin in zip(lx.disable, origins, strict=False):
                if ident in known:
                    disabled.add(ident)
                else:
                    notes.append(
                        _diag_at(
                            origin,
                            "disable",
                            f"{ident!r} is not the id of a bundled entry or rule; nothing disabled",
                            "warning",
                        )
                    )
    if not any(lx.bundled for lx in lexicons):
        return list(lexicons), notes
    bundled_ids = {item.id for lx in lexicons if lx.bundled for item in _items(lx)}
    replaced: set[str] = set()
    for lx in user:
        for item in _items(lx):
            if item.id in bundled_ids and item.id not in replaced:
                replaced.add(item.id)
                source = item.origin.rpartition(":")[0] or "a user lexicon"
                what = "entry" if isinstance(item, Entry) else "rule"
                notes.append(
                    _diag_at(
                        item.origin,
                        f"{item.id}.id",
                        f"{what} {item.id!r} of {source} replaces the bundled {what} with this id",
                        "info",
                    )
                )
    gone = replaced | disabled
    out = [
        replace(
            lx,
            entries=tuple(e for e in lx.entries if e.id not in gone),
            rules=tuple(r for r in lx.rules if r.id not in gone),
        )
        if lx.bundled
        else lx
        for lx in lexicons
    ]
    return out, notes


def check_conflicts(lexicons: Sequence[Lexicon], *, verbose: bool = False) -> list[Diagnostic]:
    """Return errors for ids used twice, and information about names shared by several entries.

    Shared names (homonyms: two towns called Tripoli, a canonical that is another entry's
    variant) are summed up in one ``info`` diagnostic; with ``verbose``, each claimant of
    each shared name gets its own ``info`` too.
    """
    diags: list[Diagnostic] = []
    seen_ids: dict[str, str] = {}
    claims: dict[str, list[tuple[Entry, str]]] = {}
    for lx in lexicons:
        for item in _items(lx):
            if item.id in seen_ids:
                diags.append(
                    _diag_at(item.origin, "id", f"id {item.id!r} is already used at {seen_ids[item.id]}")
                )
            else:
                seen_ids[item.id] = item.origin
        for e in lx.entries:
            forms: dict[str, str] = {surface_form(e.canonical): "canonical"}
            for listed in e.variants:
                forms.setdefault(surface_form(listed.text), "variant")
            for a in e.accepted:
                forms.setdefault(surface_form(a), "accepted")
            for f, role in forms.items():
                claims.setdefault(f, []).append((e, role))
    # each entry claims a form once, so two owners are two entries
    shared = {form: owners for form, owners in claims.items() if len(owners) > 1}
    if not shared:
        return diags
    claimants = {id(e) for owners in shared.values() for e, _ in owners}
    diags.append(
        Diagnostic(
            "",
            0,
            0,
            "homonyms",
            f"{len(shared)} name(s) are shared by {len(claimants)} entries (homonyms); "
            "the document decides between them"
            + ("" if verbose else " (`normalize lexicon validate --verbose` lists them)"),
            "info",
        )
    )
    if verbose:
        for form, owners in sorted(shared.items()):
            for e, role in owners:
                others = ", ".join(sorted({o.id for o, _ in owners if o is not e}))
                field_ = {"canonical": "canonical", "variant": "variants"}.get(role, "accepted")
                diags.append(
                    _diag_at(
                        e.origin,
                        f"{e.id}.{field_}",
                        f"{role} {form!r} is also a name of {others} (homonyms: the document decides)",
                        "info",
                    )
                )
    return diags


def _diag_at(origin: str, field_: str, message: str, severity: str = "error") -> Diagnostic:
    path, _, line = origin.rpartition(":")
    return Diagnostic(path or origin, int(line) if line.isdigit() else 1, 1, field_, message, severity)


def validate(paths: Iterable[str | os.PathLike[str]], *, verbose: bool = False) -> list[Diagnostic]:
    """Return every error, warning and information in the given lexicon files, taken together.

    ``verbose`` lists each shared name (homonym) instead of one summary.
    """
    diags: list[Diagnostic] = []
    lexicons = []
    for p in expand_paths(paths):
        lex, d = read_lexicon_file(p)
        diags.extend(d)
        lexicons.append(lex)
    kept, notes = resolve_overrides(lexicons)
    diags.extend(notes)
    diags.extend(check_conflicts(kept, verbose=verbose))
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
