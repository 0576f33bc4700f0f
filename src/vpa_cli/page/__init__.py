"""The self-contained HTML timeline page (`vpa timeline --format html`): one file with
its style, script and data inside, a list view for readers without script, and the
sources with every cited line anchored.

`render_page(payload)` takes a plain dict and returns the document. Nothing in the
page asks the network for anything: a Content-Security-Policy of `default-src 'none'`
(with hashes for the one style and the one script) makes the browser refuse it.
Text from the payload reaches the page only escaped: `html.escape` in the list and
sources views, JSON with `<`, `>`, `&`, U+2028 and U+2029 as `\\u` escapes in the
data block, and `textContent` in the script. This module imports neither typer nor rich.

Payload contract (all text is plain text, never markup; `null` where unknown):

    {
      "title": str,
      "generated_from": str,             # e.g. "vpa 0.2.0, filters: from 1995"
      "legend": {"supplied": "†", "derived": "‡"},   # the marks of non-stated dates
      "events": [{                       # in date order
        "id": str, "title": str, "summary": str, "kind": str,
        "date": {
          "text": str,                   # EDTF as stored: "2014/..", "1995~"
          "display": str,                # as people read it: "since 2014"
          "start": "YYYY-MM-DD" | null,  # first day it can mean; null: open start
          "end": "YYYY-MM-DD" | null,    # last day it can mean; null: open end
          "as_of": "YYYY-MM-DD" | null,  # open ranges: how far the sources speak of it
          "precision": "year" | "month" | "day",
          "approximate": bool, "uncertain": bool,
          "open_start": bool, "open_end": bool,
          "basis": "stated" | "derived" | "supplied",
          "note": str | null,            # how a derived or supplied date was worked out
          "source_says": str | null,     # the source's own words for the date
        },
        "partners": [{"id": str, "name": str, "role": str | null,
                      "basis": "named" | "inferred", "note": str | null}],
        "citations": [{"source": str, "line": int, "paragraph": int | null,
                       "locator": str,   # e.g. "para. 12"
                       "quote": str}],
        "weak": bool,                    # rests only on weak sources
        "note": str | null,
      }],
      "sources": [{
        "id": str, "reference": str, "speaker": str | null,
        "assessment": str | null, "weak": bool,
        "lines": [{"line": int, "paragraph": int | null, "text": str,
                   "cited_by": [str]}],   # ids of the records citing the line
      }],
    }

Anchors: `#event-ID` for each event of the list view, `#source-ID` for each source
and `#src-SOURCEID-LINE` for each cited line.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from html import escape
from importlib.resources import files
from typing import Any

__all__ = ["line_anchor", "render_page"]

_PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")
# What must not appear raw inside a <script> data block: `<` and `>` could close
# it or open a comment, `&` is escaped for symmetry with HTML, and U+2028/U+2029
# end lines in older JavaScript parsers.
_JSON_ESCAPES = str.maketrans(
    {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
)
BASIS_WORDS = {
    "stated": "the sources state it",
    "derived": "worked out from what the sources state",
    "supplied": "from general knowledge, not stated in the sources",
}


def render_page(payload: Mapping[str, Any]) -> str:
    """The whole HTML document for `payload` (see the module docstring for its shape)."""
    style, script = _asset("page.css"), _asset("page.js")
    parts = {
        "title": escape(payload["title"]),
        "generated_from": escape(payload.get("generated_from") or ""),
        "csp": _content_security_policy(style, script),
        "style": style,
        "script": script,
        "data": script_json(payload),
        "legend": _legend(payload.get("legend") or {}),
        "list": _list_view(payload),
        "sources": _sources_view(payload),
    }
    # One pass: text put in by a placeholder is never scanned for placeholders.
    return _PLACEHOLDER.sub(lambda m: parts[m[1]], _asset("page.html"))


def script_json(value: Any) -> str:
    """`value` as JSON that can sit inside a <script> element and never end it."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).translate(_JSON_ESCAPES)


def line_anchor(source: str, line: int) -> str:
    """The id of a cited line in the sources section."""
    return f"src-{source}-{line}"


def _asset(name: str) -> str:
    return files(__name__).joinpath(name).read_text(encoding="utf-8")


def _content_security_policy(style: str, script: str) -> str:
    return (
        "default-src 'none'; "
        f"style-src '{_sha256(style)}'; script-src '{_sha256(script)}'; "
        "base-uri 'none'; form-action 'none'"
    )


def _sha256(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


def _mark(basis: str, legend: Mapping[str, str]) -> str:
    symbol = legend.get(basis)
    if not symbol:
        return ""
    return (
        f' <span class="basis-mark" title="date {escape(basis)}">{escape(symbol)}</span>'
        f'<span class="visually-hidden"> (date {escape(basis)})</span>'
    )


def _legend(legend: Mapping[str, str]) -> str:
    items = "".join(
        f'<li><span class="basis-mark">{escape(symbol)}</span> {escape(basis)} date: '
        f"{escape(BASIS_WORDS.get(basis, basis))}</li>"
        for basis, symbol in legend.items()
    )
    return f'<ul class="legend" aria-label="Date marks">{items}</ul>'


def _paragraph(p: str, cls: str, label: str | None = None) -> str:
    lead = f'<span class="label">{escape(label)}</span> ' if label else ""
    return f'<p class="{cls}">{lead}{escape(p)}</p>'


def _list_view(payload: Mapping[str, Any]) -> str:
    legend = payload.get("legend") or {}
    sources = {s["id"]: s for s in payload.get("sources", [])}
    events = payload.get("events", [])
    articles = "\n".join(_event_article(e, legend, sources) for e in events)
    count = f"{len(events)} event" + ("" if len(events) == 1 else "s")
    return (
        '<section id="list" aria-labelledby="list-title">\n'
        f'<h2 id="list-title">Events</h2>\n<p class="count" id="list-count">{count}</p>\n'
        f"{articles}\n</section>"
    )


def _event_article(
    event: Mapping[str, Any], legend: Mapping[str, str], sources: Mapping[str, Any]
) -> str:
    date = event["date"]
    out = [
        f'<article class="event" id="event-{escape(event["id"])}">',
        f"<h3>{escape(event['title'])}</h3>",
        f'<p class="meta"><span class="date">{escape(date["display"])}'
        f"{_mark(date['basis'], legend)}</span> · "
        f'<span class="kind">{escape(event["kind"])}</span></p>',
    ]
    out.extend(_date_notes(date))
    if event.get("partners"):
        names = ", ".join(_partner_text(p) for p in event["partners"])
        out.append(f'<p class="partners"><span class="label">Partners:</span> {names}</p>')
    out.append(_paragraph(event["summary"], "summary"))
    if event.get("note"):
        out.append(_paragraph(event["note"], "note", "Note:"))
    if event.get("weak"):
        out.append('<p class="flag weak">Weak source: rests only on sources assessed as weak.</p>')
    out.append('<ol class="quotes">')
    out.extend(_quote_item(c, sources) for c in event.get("citations", []))
    out.append("</ol>\n</article>")
    return "\n".join(out)


def _date_notes(date: Mapping[str, Any]) -> Iterable[str]:
    qualities = [q for q in ("approximate", "uncertain") if date.get(q)]
    if date.get("open_end"):
        as_of = date.get("as_of")
        qualities.append(
            f"open-ended (the sources speak of it as of {as_of[:4]})" if as_of else "open-ended"
        )
    if date.get("open_start"):
        qualities.append("open at the start")
    basis = date["basis"]
    text = f"Date {basis}: {BASIS_WORDS.get(basis, basis)}"
    if qualities:
        text += "; " + ", ".join(qualities)
    yield _paragraph(text + ".", "date-basis")
    if date.get("note"):
        yield _paragraph(date["note"], "date-note", "How:")
    if date.get("source_says"):
        yield _paragraph(date["source_says"], "date-note", "The source says:")


def _partner_text(partner: Mapping[str, Any]) -> str:
    text = escape(partner["name"])
    extra = [partner["role"]] if partner.get("role") else []
    if partner.get("basis") == "inferred":
        extra.append("inferred")
    if extra:
        text += f' <span class="role">({escape(", ".join(extra))})</span>'
    return text


def _quote_item(citation: Mapping[str, Any], sources: Mapping[str, Any]) -> str:
    source = sources.get(citation["source"])
    name = source["reference"] if source else citation["source"]
    where = ", ".join(w for w in (citation.get("locator") or "", f"line {citation['line']}") if w)
    anchor = escape(line_anchor(citation["source"], citation["line"]))
    return (
        f"<li><blockquote>{escape(citation['quote'])}</blockquote>"
        f'<p class="cite">— <a href="#{anchor}">{escape(name)}, {escape(where)}</a></p></li>'
    )


def _sources_view(payload: Mapping[str, Any]) -> str:
    event_ids = {e["id"] for e in payload.get("events", [])}
    blocks = "\n".join(_source_block(s, event_ids) for s in payload.get("sources", []))
    return (
        '<section id="sources" aria-labelledby="sources-title">\n'
        f'<h2 id="sources-title">Sources</h2>\n{blocks}\n</section>'
    )


def _source_block(source: Mapping[str, Any], event_ids: set[str]) -> str:
    out = [
        f'<article class="source" id="source-{escape(source["id"])}">',
        f"<h3>{escape(source['reference'])}</h3>",
        _paragraph(source["id"], "source-id", "Source id:"),
    ]
    if source.get("speaker"):
        out.append(_paragraph(source["speaker"], "speaker", "Speaker:"))
    if source.get("assessment"):
        out.append(_paragraph(source["assessment"], "assessment", "Assessment:"))
    if source.get("weak"):
        out.append('<p class="flag weak">Weak source</p>')
    out.extend(_source_line(source["id"], line, event_ids) for line in source.get("lines", []))
    out.append("</article>")
    return "\n".join(out)


def _source_line(source: str, line: Mapping[str, Any], event_ids: set[str]) -> str:
    where = [f"line {line['line']}"]
    if line.get("paragraph") is not None:
        where.insert(0, f"para. {line['paragraph']}")
    cited = ", ".join(
        f'<a href="#event-{escape(rid)}">{escape(rid)}</a>' if rid in event_ids else escape(rid)
        for rid in line.get("cited_by", [])
    )
    return (
        f'<p class="line" id="{escape(line_anchor(source, line["line"]))}">'
        f'<span class="loc">{escape(", ".join(where))}</span> '
        f'<span class="text">{escape(line["text"])}</span> '
        f'<span class="cited-by">Cited by: {cited}</span></p>'
    )
