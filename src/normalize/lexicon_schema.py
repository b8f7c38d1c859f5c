"""The JSON Schema of the lexicon format: shipped in the package, checked by ``lexicon validate``.

The schema (``schema/lexicon.schema.json``) describes the file's shape for editors
(yaml-language-server) and for tools that write lexicons. The loader in
:mod:`normalize.lexicon` stays the authority on meaning (conflicts, patterns, name
parts); ``lexicon validate`` runs both and reports a schema finding only where the loader
found nothing at that place, which is how malformed ``examples:`` are caught.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError, best_match

from .errors import Diagnostic
from .lexicon import expand_paths

SCHEMA_FILE = "lexicon.schema.json"


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    """Return the lexicon JSON Schema (draft 2020-12)."""
    data: dict[str, Any] = json.loads(
        (resources.files("normalize") / "schema" / SCHEMA_FILE).read_text("utf-8")
    )
    return data


@lru_cache(maxsize=1)
def _validator() -> Draft202012Validator:
    return Draft202012Validator(schema())


def field_name(path: Any) -> str:
    """Render a JSON path (``['entries', 0, 'variants', 1]``) the way the loader names fields."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "lexicon"


def _node_at(root: yaml.Node, path: Any) -> yaml.Node:
    """Return the YAML node at a JSON path, or the deepest node reached."""
    node = root
    for part in path:
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            nxt = next((v for k, v in node.value if getattr(k, "value", None) == part), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            nxt = node.value[part]
        else:
            nxt = None
        if nxt is None:
            break
        node = nxt
    return node


def _message(error: ValidationError) -> ValidationError:
    """Return the most telling error for an ``anyOf``/``oneOf`` failure (its best sub-error)."""
    if error.context:
        inner: ValidationError | None = best_match(error.context)
        if inner is not None:
            return inner
    return error


def check(text: str, path: str) -> list[Diagnostic]:
    """Return the schema errors of lexicon YAML ``text``, placed by line and column.

    YAML that does not parse (or uses aliases) gives no schema errors: the loader
    reports those.
    """
    try:
        root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return []
    if root is None or data is None:
        return []
    out = []
    for error in sorted(_validator().iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
        shown = _message(error)
        node = _node_at(root, shown.absolute_path)
        out.append(
            Diagnostic(
                path,
                node.start_mark.line + 1,
                node.start_mark.column + 1,
                field_name(shown.absolute_path),
                f"schema: {shown.message}",
            )
        )
    return out


def with_schema(diagnostics: list[Diagnostic], texts: dict[str, str]) -> list[Diagnostic]:
    """Add the schema errors of each file that the loader's diagnostics do not already cover.

    A schema error is covered when the loader reported an error on the same line, or on
    the same field or a field inside it.
    """
    out = list(diagnostics)
    for path, text in texts.items():
        mine = [d for d in diagnostics if d.path == path and d.severity == "error"]
        for d in check(text, path):
            covered = any(
                m.line == d.line or m.field == d.field or m.field.startswith((d.field + ".", d.field + "["))
                for m in mine
            )
            if not covered:
                out.append(d)
    return out


def with_schema_of_files(diagnostics: list[Diagnostic], paths: Iterable[str]) -> list[Diagnostic]:
    """Read the lexicon files ``paths`` (folders expanded) and add their uncovered schema errors."""
    texts = {}
    for p in expand_paths(paths):
        try:
            texts[str(p)] = p.read_bytes().decode("utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue  # the loader has reported it
    return with_schema(diagnostics, texts)
