"""The review report: ``normalize check --format html``, one self-contained HTML page.

Each document is shown line by line, the original beside the fixed text, every edit
highlighted on both sides with its entry, method, score and reason on hover. Filters by
entry and method (also settable from the address: ``report.html#entry=ID&method=fuzzy``)
hide the other edits; a per-document table lists the figures of ``check --stats`` and the
entities written in several forms. The page loads nothing: styles and script are inline,
and its Content-Security-Policy forbids every fetch.
"""

from __future__ import annotations

import html
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .model import Match

if TYPE_CHECKING:
    from .cli import Ui
    from .engine import Normalizer

_CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1d1d1f;background:#fafafa}
header{position:sticky;top:0;background:#fff;border-bottom:1px solid #ddd;padding:.6em 1em;z-index:2}
header h1{font-size:1.1em;margin:0 0 .4em}
header label{margin-right:1em}
main{padding:0 1em 2em}
section.doc{background:#fff;border:1px solid #ddd;border-radius:6px;margin:1em 0;padding:.2em 1em 1em}
section.doc h2{font-size:1em;font-family:ui-monospace,monospace}
table{border-collapse:collapse;width:100%}
table.lines td{vertical-align:top;padding:1px 6px;white-space:pre-wrap;word-break:break-word;
  font-family:ui-monospace,monospace;font-size:13px;width:48%}
table.lines td.n{width:3em;color:#999;text-align:right;user-select:none}
table.lines tr.changed td.n{color:#b35900;font-weight:bold}
table.stats td,table.stats th{border:1px solid #ddd;padding:2px 6px;text-align:left}
mark.edit{border-radius:3px;padding:0 1px;cursor:help}
mark.old{background:#ffd7d5;text-decoration:line-through #c00}
mark.new{background:#ccf2d1}
mark.edit.off{background:none;text-decoration:none}
mark.edit:hover{outline:2px solid #0366d6}
.count{color:#555}
"""

_JS = """
(function(){
  var entry=document.getElementById('f-entry'), method=document.getElementById('f-method'),
      only=document.getElementById('f-only'), count=document.getElementById('count');
  var params=new URLSearchParams(location.hash.slice(1));
  if(params.get('entry')!==null) entry.value=params.get('entry');
  if(params.get('method')!==null) method.value=params.get('method');
  if(params.get('only')==='0') only.checked=false;
  function apply(){
    var e=entry.value, m=method.value, shown=0, total=0;
    document.querySelectorAll('mark.edit').forEach(function(x){
      var on=(!e||x.dataset.entry===e)&&(!m||x.dataset.method===m);
      x.classList.toggle('off',!on);
      if(x.classList.contains('old')){total++; if(on) shown++;}
    });
    document.querySelectorAll('tr.line').forEach(function(r){
      r.hidden=only.checked&&!r.querySelector('mark.edit:not(.off)');
    });
    document.querySelectorAll('section.doc[id^="doc-"]').forEach(function(s){
      s.hidden=(e||m)&&!s.querySelector('mark.edit:not(.off)');
    });
    count.textContent=shown+' of '+total+' edits shown';
    document.body.dataset.shown=shown;
  }
  [entry,method,only].forEach(function(x){x.addEventListener('change',apply);});
  apply();
})();
"""


@dataclass(slots=True)
class Document:
    """One input of the report: its text, its edits, and the figures of ``check --stats``."""

    path: str
    text: str
    edits: Sequence[Match]
    stats: dict[str, object] = field(default_factory=dict)


def _esc(s: str) -> str:
    return html.escape(s, quote=True)


def _mark(m: Match, side: str, n: str) -> str:
    tip = f"{m.entry} ({m.canonical}): {m.method.value} {m.score:.0f}; {m.reason}"
    body = m.text if side == "old" else m.replacement
    return (
        f'<mark class="edit {side}" id="{side}-{n}" data-entry="{_esc(m.entry)}" '
        f'data-method="{_esc(m.method.value)}" title="{_esc(tip)}">{_esc(body)}</mark>'
    )


def _blocks(text: str, edits: Sequence[Match]) -> list[tuple[int, int, int, list[Match]]]:
    """Split ``text`` into (first line number, start, end, edits) rows, one per line.

    Lines an edit spans are kept together in one row.
    """
    starts = [0]
    nl = text.find("\n")
    while nl >= 0:
        starts.append(nl + 1)
        nl = text.find("\n", nl + 1)
    rows: list[tuple[int, int, int, list[Match]]] = []
    ei = 0
    line = 0
    while line < len(starts):
        start = starts[line]
        last = line
        mine: list[Match] = []
        while True:
            end = starts[last + 1] if last + 1 < len(starts) else len(text)
            while ei < len(edits) and edits[ei].start < end:
                mine.append(edits[ei])
                ei += 1
            if mine and mine[-1].end > end and last + 1 < len(starts):
                last += 1
                continue
            break
        rows.append((line + 1, start, end, mine))
        line = last + 1
    return rows


def _sides(text: str, start: int, end: int, edits: Sequence[Match], doc_n: int) -> tuple[str, str]:
    old, new = [], []
    pos = start
    for m in edits:
        n = f"{doc_n}-{m.start}"
        plain = _esc(text[pos : m.start])
        old.append(plain + _mark(m, "old", n))
        new.append(plain + _mark(m, "new", n))
        pos = m.end
    tail = _esc(text[pos:end].rstrip("\r\n"))
    return "".join(old) + tail, "".join(new) + tail


def render(documents: Sequence[Document], title: str = "normalize review") -> str:
    """Return the whole report page for ``documents``."""
    entries: Counter[str] = Counter()
    methods: Counter[str] = Counter()
    for d in documents:
        entries.update(m.entry for m in d.edits)
        methods.update(m.method.value for m in d.edits)
    total = sum(entries.values())
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; script-src 'unsafe-inline'\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_esc(title)}</title><style>{_CSS}</style></head><body>",
        f"<header><h1>{_esc(title)}: {total} edit(s) in {len(documents)} document(s)</h1>",
        '<label>entry <select id="f-entry"><option value="">all</option>',
    ]
    out += [f'<option value="{_esc(e)}">{_esc(e)} ({n})</option>' for e, n in sorted(entries.items())]
    out.append('</select></label><label>method <select id="f-method"><option value="">all</option>')
    out += [f'<option value="{_esc(m)}">{_esc(m)} ({n})</option>' for m, n in sorted(methods.items())]
    out.append(
        '</select></label><label><input type="checkbox" id="f-only" checked> only lines with edits</label>'
        f'<span class="count" id="count">{total} of {total} edits shown</span></header><main>'
    )
    out.append(_summary(documents))
    for n, d in enumerate(documents):
        out.append(_document(d, n))
    out.append(f"</main><script>{_JS}</script></body></html>")
    return "\n".join(out) + "\n"


def _summary(documents: Sequence[Document]) -> str:
    rows = [
        '<section class="doc" id="summary"><h2>documents</h2><table class="stats">'
        "<tr><th>document</th><th>words</th><th>edits</th><th>per 1,000 words</th>"
        "<th>names written several ways</th></tr>"
    ]
    for n, d in enumerate(documents):
        s = d.stats
        inconsistent = s.get("inconsistent") or []
        rows.append(
            f'<tr><td><a href="#doc-{n}">{_esc(d.path)}</a></td><td>{s.get("words", "")}</td>'
            f"<td>{len(d.edits)}</td><td>{s.get('per_1000_words', '')}</td>"
            f"<td>{len(inconsistent)}</td></tr>"  # type: ignore[arg-type]
        )
    rows.append("</table></section>")
    return "\n".join(rows)


def _document(d: Document, n: int) -> str:
    parts = [f'<section class="doc" id="doc-{n}"><h2>{_esc(d.path)}</h2>']
    inconsistent = d.stats.get("inconsistent") or []
    if inconsistent:
        parts.append(
            '<table class="stats consistency"><tr><th>entity</th><th>entry</th><th>forms (count)</th></tr>'
        )
        for item in inconsistent:  # type: ignore[attr-defined]
            forms = ", ".join(f"{_esc(k)} x{v}" for k, v in item["forms"].items())
            parts.append(
                f"<tr><td>{_esc(item['canonical'])}</td><td>{_esc(item['entry'])}</td><td>{forms}</td></tr>"
            )
        parts.append("</table>")
    parts.append('<table class="lines"><tr><th></th><th>original</th><th>fixed</th></tr>')
    for line, start, end, edits in _blocks(d.text, d.edits):
        cls = "line changed" if edits else "line"
        old, new = _sides(d.text, start, end, edits, n)
        parts.append(f'<tr class="{cls}"><td class="n">{line}</td><td>{old}</td><td>{new}</td></tr>')
    parts.append("</table></section>")
    return "\n".join(parts)


def cmd_check_html(args: Any, normalizer: Normalizer, ui: Ui) -> int:
    """``normalize check --format html [-o FILE]``: the review page, to FILE or stdout.

    Exit codes as ``check``: 1 when anything would change, 2 when an input failed.
    """
    from .cli import FileResult, _document_stats, _place
    from .discover import DEFAULT_EXCLUDE, DEFAULT_INCLUDE, expand_inputs
    from .errors import InputError
    from .lexicon_cli import _output
    from .textio import BinaryFileError, read_text

    errors: list[str] = []
    paths = expand_inputs(
        args.paths, tuple(args.include or DEFAULT_INCLUDE), tuple(args.exclude or DEFAULT_EXCLUDE), errors
    )
    docs = []
    for p in paths:
        name = "<stdin>" if p == "-" else p
        try:
            text = sys.stdin.read() if p == "-" else read_text(p, args.encoding)[0]
        except BinaryFileError as exc:
            ui.info(f"skipped: {exc}")
            continue
        except (InputError, OSError) as exc:
            errors.append(str(exc))
            continue
        mentions = normalizer.mentions(text)
        result = FileResult(name, words=len(text.split()))
        for m in mentions:
            result.forms.setdefault(m.entry, Counter())[m.text] += 1
            result.canonical[m.entry] = m.canonical
        edits = [m for m in mentions if m.text != m.replacement]
        _place(result, name, text, edits)
        docs.append(Document(name, text, edits, _document_stats(result)))
    for message in errors:
        ui.error(message)
    with _output(args.output) as fh:
        fh.write(render(docs))
    n = sum(len(d.edits) for d in docs)
    ui.info(f"{n} finding(s) in {len(docs)} input(s); report written to {args.output or 'stdout'}")
    if errors:
        return 2
    return 1 if n else 0
