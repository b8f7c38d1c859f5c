"""Settings from a configuration file, checked against a typed schema.

The file is ``normalize.toml`` (the whole file) or the ``[tool.normalize]`` table of a
``pyproject.toml``, found in the current folder or the nearest parent that has one, as
ruff and black look for theirs. Keys are the long options (``default-lexicon``; an
underscore works too). A wrong type or an unknown key is an error naming the file, the
key and the expected type; a list-valued key given one string is a one-element list.
Lexicon paths are taken relative to the folder of the file that names them.
"""

from __future__ import annotations

import difflib
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from .errors import NormalizeError

CONFIG_NAMES = ("normalize.toml", "pyproject.toml")


class ConfigError(NormalizeError):
    """A configuration file could not be read or holds wrong settings; one line per problem."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True, slots=True)
class Key:
    """One setting: its name in the file, its type, and the option it stands for."""

    name: str
    kind: str  # "bool", "int", "number", "string" or "list"
    dest: str  # the argparse destination it fills
    help: str
    invert: bool = False  # the flag is the negation (default-lexicon = false -> --no-default-lexicon)
    low: float | None = None
    high: float | None = None


SCHEMA: tuple[Key, ...] = (
    Key("lexicon", "list", "lexicon", "lexicon files or folders, relative to the configuration file"),
    Key("default-lexicon", "bool", "no_default_lexicon", "load the bundled default lexicon", invert=True),
    Key("threshold", "number", "threshold", "fuzzy match threshold", low=0, high=100),
    Key("cache", "bool", "no_cache", "use the cached compiled index", invert=True),
    Key("jobs", "int", "jobs", "worker processes over files", low=1),
    Key("include", "list", "include", "file-name globs taken from folders (replaces the default)"),
    Key("exclude", "list", "exclude", "file or folder globs skipped (replaces the default)"),
    Key("extend-include", "list", "extend_include", "globs taken in addition to the include list"),
    Key("extend-exclude", "list", "extend_exclude", "globs skipped in addition to the exclude list"),
    Key("respect-gitignore", "bool", "respect_gitignore", "skip what .gitignore files ignore"),
    Key("encoding", "string", "encoding", "input encoding"),
    Key("quiet", "bool", "quiet", "no summary, no progress bar"),
    Key("document-separator", "string", "document_separator", "a line that separates documents in a file"),
)
_BY_NAME = {k.name: k for k in SCHEMA}

_EXPECTED = {
    "bool": "true or false",
    "int": "a whole number",
    "number": "a number",
    "string": "a string",
    "list": "a list of strings (or one string)",
}


@dataclass(frozen=True, slots=True)
class Settings:
    """Checked settings by argparse destination, and the file they came from."""

    path: Path | None
    values: Mapping[str, object]


def find_config(start: Path) -> tuple[Path, dict[str, object]] | None:
    """Return the nearest configuration file from ``start`` upwards and its raw table."""
    for folder in (start, *start.parents):
        for name in CONFIG_NAMES:
            p = folder / name
            if not p.is_file():
                continue
            data = _read_toml(p)
            if name == "pyproject.toml":
                tool = data.get("tool", {})
                table = tool.get("normalize") if isinstance(tool, dict) else None
                if table is None:
                    continue  # a pyproject.toml of another tool: look further up
                if not isinstance(table, dict):
                    raise ConfigError([f"{p}: [tool.normalize]: expected a table"])
                return p, table
            return p, data
    return None


def load_settings(start: Path, explicit: Path | None = None) -> Settings:
    """Find (or read ``explicit``) and check the configuration; raise :class:`ConfigError`."""
    if explicit is not None:
        if not explicit.is_file():
            raise ConfigError([f"{explicit}: no such configuration file"])
        data = _read_toml(explicit)
        if explicit.name == "pyproject.toml":
            tool = data.get("tool", {})
            data = tool.get("normalize", {}) if isinstance(tool, dict) else {}
        found: tuple[Path, dict[str, object]] | None = (explicit, data)
    else:
        found = find_config(start)
    if found is None:
        return Settings(None, {})
    path, table = found
    return Settings(path, check(path, table))


def check(path: Path, table: Mapping[str, object]) -> dict[str, object]:
    """Check a raw table against :data:`SCHEMA`; return values by argparse destination."""
    problems: list[str] = []
    values: dict[str, object] = {}
    section = "[tool.normalize] " if path.name == "pyproject.toml" else ""
    for raw_name, value in table.items():
        name = str(raw_name).replace("_", "-")
        key = _BY_NAME.get(name)
        where = f"{path}: {section}{raw_name}"
        if key is None:
            near = difflib.get_close_matches(name, _BY_NAME, n=1)
            hint = f"did you mean {near[0]!r}? " if near else ""
            problems.append(f"{where}: unknown key ({hint}known keys: {', '.join(_BY_NAME)})")
            continue
        converted, problem = _convert(key, value)
        if problem:
            problems.append(f"{where}: expected {problem}, got {_describe(value)}")
            continue
        if key.kind == "list" and key.name == "lexicon":
            converted = [str(path.parent / p) for p in converted]  # type: ignore[attr-defined]
        values[key.dest] = (not converted) if key.invert else converted
    if problems:
        raise ConfigError(problems)
    return values


def _convert(key: Key, value: object) -> tuple[object, str]:
    """Return the value in the key's type, or an empty value and what was expected."""
    expected = _EXPECTED[key.kind]
    if key.kind == "bool":
        return (value, "") if isinstance(value, bool) else (None, expected)
    if key.kind == "string":
        return (value, "") if isinstance(value, str) else (None, expected)
    if key.kind == "list":
        if isinstance(value, str):
            return [value], ""
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return list(value), ""
        return None, expected
    ok: Callable[[object], bool] = (
        (lambda v: isinstance(v, int)) if key.kind == "int" else (lambda v: isinstance(v, int | float))
    )
    if isinstance(value, bool) or not ok(value):
        return None, expected + _range(key)
    number = float(value)  # type: ignore[arg-type]
    too_low = key.low is not None and not number >= key.low  # "not >=" also catches nan
    if too_low or (key.high is not None and not number <= key.high):
        return None, expected + _range(key)
    return value, ""


def _range(key: Key) -> str:
    if key.low is not None and key.high is not None:
        return f" from {key.low:g} to {key.high:g}"
    if key.low is not None:
        return f" of {key.low:g} or more"
    return ""


def _describe(value: object) -> str:
    if isinstance(value, dict):
        return "a table"
    kinds = {bool: "a boolean", int: "a whole number", float: "a number", str: "a string", list: "a list"}
    kind = kinds.get(type(value), f"a {type(value).__name__}")  # TOML also has dates and times
    return f"{kind} ({value!r})"


def _read_toml(p: Path) -> dict[str, object]:
    try:
        return tomllib.loads(p.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError([f"{p}: not valid TOML: {exc}"]) from None
    except UnicodeDecodeError:
        raise ConfigError([f"{p}: not valid UTF-8"]) from None
    except OSError as exc:
        raise ConfigError([f"{p}: cannot read: {exc.strerror or exc}"]) from None


def schema_table() -> str:
    """Return the schema as a Markdown table (the README's copy is checked against it)."""
    rows = ["| key | type | meaning |", "| --- | --- | --- |"]
    for k in SCHEMA:
        rows.append(f"| `{k.name}` | {_EXPECTED[k.kind]}{_range(k)} | {k.help} |")
    return "\n".join(rows)
