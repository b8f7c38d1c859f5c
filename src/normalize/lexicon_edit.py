"""Edit a user's lexicon file in place, keeping its comments, order and layout (ruamel.yaml).

:func:`edit` applies :class:`Change` objects (a variant, an accepted spelling or a context
word for an entry, or a new entry) to the YAML text and returns the new text; it refuses,
with every reason, a change set whose result would not validate (the loader's checks,
conflicts between the file's own entries included). :func:`changes_from_patch` reads the
YAML patch that ``normalize lexicon suggest`` writes, after a person has reviewed it.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark, YAMLError
from ruamel.yaml.tokens import CommentToken
from ruamel.yaml.util import load_yaml_guess_indent

from .errors import Diagnostic, NormalizeError
from .keys import surface_form
from .lexicon import check_conflicts, make_id, parse_lexicon

KINDS = ("variant", "accepted", "context", "entry")
#: The order of an entry's keys in the README; a new key goes before the first later one present.
_KEY_ORDER = (
    "id",
    "canonical",
    "type",
    "given",
    "surname",
    "short",
    "accepted",
    "variants",
    "context",
    "calques",
    "source_languages",
    "examples",
    "source",
)
_BLANK_BETWEEN = re.compile(r"\n[ \t]*\n[ \t]*- ")
_TYPES = ("person", "place", "org", "term")


class EditError(NormalizeError, ValueError):
    """A change was refused; ``reasons`` says why (each a full message line)."""

    def __init__(self, reasons: Iterable[str]) -> None:
        self.reasons = tuple(reasons)
        super().__init__("\n".join(self.reasons))


@dataclass(frozen=True, slots=True)
class Change:
    """One addition to a lexicon file.

    ``kind`` is ``variant``, ``accepted`` or ``context`` (``text`` added to the entry
    ``entry``), or ``entry`` (a new entry: ``text`` is its canonical, ``entry`` its id or
    empty to derive one, ``type`` and ``variants`` optional). ``flags`` are a variant's
    switches (``context``, ``case_sensitive``).
    """

    kind: str
    entry: str
    text: str
    flags: tuple[tuple[str, bool], ...] = ()
    type: str = ""
    variants: tuple[str, ...] = field(default=())


@dataclass(slots=True)
class EditResult:
    """The new text, what was applied, what was already there, and warnings the change brought."""

    text: str
    applied: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)


def _yaml_for(text: str) -> tuple[YAML, Any]:
    """Load ``text`` round-trip and return a YAML object set to write it back byte for byte.

    Indentation is not recorded by the parser, so the layouts in use are tried (the
    guessed one first) on the head of the file (its first entries: a gazetteer is dumped
    once, not once per layout), and the first that reproduces it is kept.
    """
    y = YAML()
    y.preserve_quotes = True
    y.width = 4096  # never re-wrap long lines
    try:
        _, seq, offset = load_yaml_guess_indent(text) if text.strip() else (None, 4, 2)
        doc = y.load(text)
    except YAMLError as exc:
        raise EditError([f"not valid YAML: {exc}"]) from None
    guessed = (2, seq or 4, offset if seq else 2)
    head = _head(text)
    try:
        sample = y.load(head) if head != text else doc
    except YAMLError:  # cut inside a block scalar: compare the whole file
        head, sample = text, doc
    for mapping, sequence, off in dict.fromkeys([guessed, (2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4)]):
        y.indent(mapping=mapping, sequence=sequence, offset=off)
        if sample is None or _dump(y, sample) == head:
            break
    else:
        y.indent(mapping=guessed[0], sequence=guessed[1], offset=guessed[2])
    return y, doc


_ITEM = re.compile(r"^([ \t]*)- ", re.M)


def _head(text: str, items: int = 20) -> str:
    """Return the text up to the start of its ``items``-th list item at the first item's indentation.

    The head of a lexicon is a lexicon too (a few entries), and shows every layout choice.
    """
    first = _ITEM.search(text)
    if first is None:
        return text
    indent = first.group(1)
    n = 0
    for m in _ITEM.finditer(text, first.start()):
        if m.group(1) == indent:
            n += 1
            if n > items:
                return text[: m.start()]
    return text


def _dump(y: YAML, doc: Any) -> str:
    buf = io.StringIO()
    y.dump(doc, buf)
    return buf.getvalue()


def _find(entries: Sequence[Any], entry_id: str) -> Any:
    for e in entries:
        if isinstance(e, dict) and str(e.get("id") or make_id(str(e.get("canonical", "")))) == entry_id:
            return e
    return None


def _forms(e: Any) -> set[str]:
    out = {surface_form(str(e.get("canonical", "")))}
    for v in e.get("variants") or ():
        out.add(surface_form(str(v.get("text", "")) if isinstance(v, dict) else str(v)))
    out.update(surface_form(str(a)) for a in _as_list(e.get("accepted")))
    return out


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _seq(e: Any, key: str) -> Any:
    """Return the entry's list under ``key``, creating a flow-style one (``[a, b]``) if absent."""
    value = e.get(key)
    if isinstance(value, list):
        return value
    seq = CommentedSeq(_as_list(value))
    seq.fa.set_flow_style()
    _set_key(e, key, seq)
    return seq


def _set_key(m: CommentedMap, key: str, value: Any) -> None:
    """Add ``key`` to an entry where the README's order puts it, keeping blank lines in place.

    A key that goes last takes over the blank lines (and only those) that followed the
    old last value, so the entry stays separated from the next one as before.
    """
    rank = _KEY_ORDER.index(key) if key in _KEY_ORDER else len(_KEY_ORDER)
    keys = list(m)
    for pos, k in enumerate(keys):
        if k in _KEY_ORDER and _KEY_ORDER.index(k) > rank:
            m.insert(pos, key, value)
            return
    m[key] = value
    token = m.ca.items.get(keys[-1]) if keys else None
    if token and len(token) > 2 and token[2] is not None and "\n" in token[2].value:
        text = token[2].value
        cut = text.index("\n") + 1
        token[2].value = text[:cut]
        m.ca.items[key] = [None, None, CommentToken("\n" + text[cut:], CommentMark(0), None), None]


def edit(text: str, changes: Sequence[Change], path: str = "<lexicon>") -> EditResult:
    """Apply ``changes`` to lexicon YAML ``text``; raise :class:`EditError` if any is refused.

    Nothing is partly applied: either every change goes in and the result validates, or
    the error lists every reason.
    """
    y, doc = _yaml_for(text)
    if doc is None:
        doc = CommentedMap()
    if not isinstance(doc, dict):
        raise EditError([f"{path}: not a lexicon (expected a mapping at the top)"])
    entries: Any = doc.get("entries")
    if entries is None:
        entries = doc["entries"] = CommentedSeq()
    if not isinstance(entries, CommentedSeq):
        raise EditError([f"{path}: 'entries' is not a list"])
    result = EditResult(text)
    reasons: list[str] = []
    for c in changes:
        what = f"{c.kind} {c.text!r}" + (f" of {c.entry}" if c.entry and c.kind != "entry" else "")
        if c.kind == "entry":
            new_id = c.entry or make_id(c.text)
            if _find(entries, new_id) is not None:
                reasons.append(f"{path}: an entry with id {new_id!r} already exists")
                continue
            if c.type and c.type not in _TYPES:
                reasons.append(f"{path}: type {c.type!r} is not one of {', '.join(_TYPES)}")
                continue
            e = CommentedMap([("id", new_id), ("canonical", " ".join(c.text.split()))])
            if c.type:
                e["type"] = c.type
            entries.append(e)
            if len(entries) > 1 and _BLANK_BETWEEN.search(text):
                entries.ca.items[len(entries) - 1] = [
                    None,
                    [CommentToken("\n", CommentMark(0), None)],
                    None,
                    None,
                ]
            for v in c.variants:
                _add_variant(e, v, c.flags)
            result.applied.append(f"new entry {new_id!r} ({c.text})")
            continue
        e = _find(entries, c.entry)
        if e is None:
            reasons.append(f"{path}: no entry with id {c.entry!r} (add it as a new entry first)")
            continue
        if c.kind == "context":
            words = _seq(e, "context")
            if c.text in words:
                result.unchanged.append(f"{what}: already there")
            else:
                words.append(c.text)
                result.applied.append(what)
        elif c.kind in ("variant", "accepted"):
            if surface_form(c.text) in _forms(e):
                result.unchanged.append(f"{what}: already a form of the entry")
                continue
            if c.kind == "accepted":
                _seq(e, "accepted").append(" ".join(c.text.split()))
            else:
                _add_variant(e, c.text, c.flags)
            result.applied.append(what)
        else:
            reasons.append(f"unknown change {c.kind!r} (expected one of {', '.join(KINDS)})")
    if reasons:
        raise EditError(reasons)
    new = _dump(y, doc) if result.applied else text
    after = _diagnostics(new, path)
    # what was wrong before is not the change's doing (lines move, so compare field and message)
    old = {(d.field, d.message) for d in _diagnostics(text, path)} if result.applied else set()
    fresh = [d for d in after if (d.field, d.message) not in old]
    errors = [d for d in fresh if d.severity == "error"]
    if errors:
        raise EditError(["the change would make the lexicon invalid:"] + [f"  {d}" for d in errors])
    result.warnings = [d for d in fresh if d.severity != "error"]
    result.text = new
    return result


def _diagnostics(text: str, path: str) -> list[Diagnostic]:
    """Return what ``lexicon validate`` would say about one file: loader and conflicts."""
    lex, diags = parse_lexicon(text, path)
    return [*diags, *check_conflicts([lex])]


def _add_variant(e: Any, text: str, flags: tuple[tuple[str, bool], ...]) -> None:
    text = " ".join(text.split())
    if surface_form(text) in _forms(e):
        return
    if flags:
        item = CommentedMap([("text", text), *flags])
        item.fa.set_flow_style()
        _seq(e, "variants").append(item)
    else:
        _seq(e, "variants").append(text)


def changes_from_patch(text: str, name: str) -> list[Change]:
    """Read a reviewed ``lexicon suggest`` patch: ``proposals:`` with ``entry`` and ``variants``.

    A proposal with an ``entry`` id adds its ``variants`` to that entry; one with
    ``entry: null`` adds a new entry named by its ``canonical`` (the reviewer's choice),
    with the other forms as variants. Other keys (score, count, examples, the ``lexicon``
    file that defines the entry) are for reading.
    """
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise EditError([f"{name}: not valid YAML: {exc}"]) from None
    proposals = data.get("proposals") if isinstance(data, dict) else None
    if not isinstance(proposals, list):
        raise EditError([f"{name}: not a suggest patch (expected 'proposals:', a list)"])
    out: list[Change] = []
    reasons = []
    for i, p in enumerate(proposals):
        where = f"{name}: proposals[{i}]"
        if not isinstance(p, dict):
            reasons.append(f"{where}: expected a mapping")
            continue
        variants = [str(v) for v in _as_list(p.get("variants"))]
        entry = p.get("entry")
        if entry:
            if not variants:
                reasons.append(f"{where}: no variants to add")
            out.extend(Change("variant", str(entry), v) for v in variants)
        else:
            canonical = str(p.get("canonical") or "").strip()
            if not canonical:
                reasons.append(f"{where}: a new entry needs a canonical")
                continue
            others = tuple(v for v in variants if surface_form(v) != surface_form(canonical))
            out.append(
                Change(
                    "entry", str(p.get("id") or ""), canonical, type=str(p.get("type") or ""), variants=others
                )
            )
    if reasons:
        raise EditError(reasons)
    return out
