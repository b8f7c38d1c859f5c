"""How ``check`` shows findings: colour on terminals, GitHub annotations, SARIF.

Colour follows the common conventions: ``NO_COLOR`` (non-empty) turns it off,
``FORCE_COLOR`` (non-empty) turns it on where the stream is no terminal, and
otherwise a terminal (not ``TERM=dumb``) gets colour. NO_COLOR wins over FORCE_COLOR,
as in Python itself.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import IO

from ._version import __version__
from .model import Method

RESET, BOLD, DIM, RED, GREEN, CYAN = "\033[0m", "\033[1m", "\033[2m", "\033[31m", "\033[32m", "\033[36m"

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
RULE_HELP = {
    Method.EXACT: "the canonical name, differing in case or hyphen/space",
    Method.VARIANT: "a variant listed in the lexicon",
    Method.RULE: "a phrase rule for a machine-translation artifact",
    Method.GENERATED: "a case ending, calque or spurious article on a known name",
    Method.KEY: "equal transliteration keys",
    Method.FUZZY: "one edit from a known name",
}


def use_color(stream: IO[str], env: Mapping[str, str] | None = None) -> bool:
    """Say whether to colour what goes to ``stream``."""
    env = os.environ if env is None else env
    if env.get("NO_COLOR"):
        return False
    if env.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and env.get("TERM") != "dumb"


def paint(text: str, *codes: str, color: bool) -> str:
    """Wrap ``text`` in ANSI codes when ``color``."""
    return f"{''.join(codes)}{text}{RESET}" if color and text else text


def finding_line(finding: Mapping[str, object], *, color: bool) -> str:
    """Return ``path:line:col: text -> replacement (method score, entry)``, coloured on request."""
    where = f"{finding['path']}:{finding['line']}:{finding['column']}:"
    return (
        f"{paint(where, BOLD, color=color)} {paint(str(finding['text']), RED, color=color)} -> "
        f"{paint(str(finding['replacement']), GREEN, color=color)} "
        + paint(f"({finding['method']} {float(finding['score']):.0f}, {finding['entry']})", DIM, color=color)  # type: ignore[arg-type]
    )


def diff_colored(diff: str) -> str:
    """Colour a unified diff: headers bold, hunks cyan, removals red, additions green."""
    out = []
    for line in diff.splitlines(keepends=True):
        body, nl = (line[:-1], "\n") if line.endswith("\n") else (line, "")
        if line.startswith(("--- ", "+++ ")):
            out.append(paint(body, BOLD, color=True) + nl)
        elif line.startswith("@@"):
            out.append(paint(body, CYAN, color=True) + nl)
        elif line.startswith("-"):
            out.append(paint(body, RED, color=True) + nl)
        elif line.startswith("+"):
            out.append(paint(body, GREEN, color=True) + nl)
        else:
            out.append(line)
    return "".join(out)


def _end(finding: Mapping[str, object]) -> tuple[int, int]:
    """Return the 1-based line and exclusive column where the finding's text ends."""
    text = str(finding["text"])
    line, column = int(finding["line"]), int(finding["column"])  # type: ignore[call-overload]
    breaks = text.count("\n")
    if breaks:
        return line + breaks, len(text) - text.rfind("\n")
    return line, column + len(text)


def _escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(s: str) -> str:
    return _escape_data(s).replace(":", "%3A").replace(",", "%2C")


def ambiguity_line(row: Mapping[str, object]) -> str:
    """Return the text line for a span left alone because homonyms write different texts there."""
    options = ", ".join(f"{o['entry']} -> {o['replacement']!r}" for o in row["options"])  # type: ignore[attr-defined]
    return (
        f"{row['path']}:{row['line']}:{row['column']}: {row['text']}: ambiguous ({options}); left as written"
    )


def github_notice(row: Mapping[str, object]) -> str:
    """Return a GitHub Actions notice for an ambiguous span."""
    props = [f"file={_escape_property(str(row['path']))}", f"line={row['line']}", f"col={row['column']}"]
    props.append(f"title={_escape_property('normalize: ambiguous name')}")
    return f"::notice {','.join(props)}::{_escape_data(ambiguity_line(row))}"


def github_line(finding: Mapping[str, object]) -> str:
    """Return a GitHub Actions workflow command that annotates the finding."""
    end_line, end_column = _end(finding)
    props = [
        f"file={_escape_property(str(finding['path']))}",
        f"line={finding['line']}",
        f"col={finding['column']}",
    ]
    if end_line == finding["line"]:
        props.append(f"endColumn={end_column}")
    else:
        props.append(f"endLine={end_line}")
    title = f"normalize: {finding['entry']} ({finding['method']})"
    props.append(f"title={_escape_property(title)}")
    message = (
        f"{finding['text']!r} -> {finding['replacement']!r} "
        f"({finding['method']} {float(finding['score']):.0f}, {finding['entry']}): {finding['reason']}"  # type: ignore[arg-type]
    )
    return f"::warning {','.join(props)}::{_escape_data(message)}"


def _uri(path: str) -> str:
    if path == "<stdin>":
        return "stdin"
    p = Path(path)
    return p.as_uri() if p.is_absolute() else p.as_posix()


def sarif_result(f: Mapping[str, object]) -> dict[str, object]:
    """Return the SARIF result of one finding, with its fix as a replacement."""
    end_line, end_column = _end(f)
    region = {
        "startLine": f["line"],
        "startColumn": f["column"],
        "endLine": end_line,
        "endColumn": end_column,
        "charOffset": f["start"],
        "charLength": int(f["end"]) - int(f["start"]),  # type: ignore[call-overload]
    }
    location = {"uri": _uri(str(f["path"]))}
    return {
        "ruleId": f["method"],
        "level": "warning",
        "message": {
            "text": f"{f['text']!r} -> {f['replacement']!r} ({f['entry']}): {f['reason']}",
        },
        "locations": [{"physicalLocation": {"artifactLocation": location, "region": region}}],
        "fixes": [
            {
                "description": {"text": f"write {f['replacement']!r}"},
                "artifactChanges": [
                    {
                        "artifactLocation": location,
                        "replacements": [
                            {"deletedRegion": region, "insertedContent": {"text": f["replacement"]}}
                        ],
                    }
                ],
            }
        ],
        "properties": {
            "entry": f["entry"],
            "canonical": f["canonical"],
            "score": f["score"],
            "type": f["type"],
        },
    }


def sarif(findings: Sequence[Mapping[str, object]] | Sequence[object]) -> dict[str, object]:
    """Return a SARIF 2.1.0 log of the findings, each with its fix as a replacement.

    Items that are not mappings are put in the results as they are (for :class:`JsonStream`'s marker).
    """
    results = [sarif_result(f) if isinstance(f, Mapping) else f for f in findings]
    rules = [{"id": m.value, "shortDescription": {"text": RULE_HELP[m]}} for m in Method]
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "normalize", "version": __version__, "rules": rules}},
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


class JsonStream:
    """Write ``json.dumps(payload, indent=2)`` with one of its lists written item by item.

    ``payload(marker)`` builds the whole value with ``[marker]`` where the streamed list
    goes; it is called once before the first item and once at the end (so what follows the
    list, such as per-document figures, may be known only then). The bytes are those of
    dumping the whole value at once, without holding the list.
    """

    MARKER = "\x00streamed\x00"

    def __init__(self, write: Callable[[str], object], payload: Callable[[str], object]) -> None:
        self.write, self.payload = write, payload
        self.indent = ""
        self.n = 0

    def _split(self) -> tuple[str, str]:
        text = json.dumps(self.payload(self.MARKER), ensure_ascii=False, indent=2)
        mark = json.dumps(self.MARKER)
        at = text.index(mark)
        line_start = text.rfind("\n", 0, at) + 1
        self.indent = text[line_start:at]
        return text[:line_start], text[at + len(mark) :]

    def add(self, item: object) -> None:
        """Write one item of the streamed list."""
        if not self.n:
            self.write(self._split()[0])
        else:
            self.write(",\n")
        self.n += 1
        body = json.dumps(item, ensure_ascii=False, indent=2).replace("\n", "\n" + self.indent)
        self.write(self.indent + body)

    def close(self) -> None:
        """Write the rest of the value (and a line break, as ``print`` would)."""
        head, tail = self._split()
        if not self.n:
            # "[\n<indent>marker\n<indent>]" is "[]" when the list is empty
            self.write(head[: head.rstrip().rfind("[")] + "[]" + tail[tail.index("]") + 1 :] + "\n")
        else:
            self.write(tail + "\n")
