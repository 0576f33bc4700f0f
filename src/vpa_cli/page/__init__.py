"""The self-contained HTML timeline page (`vpa timeline --format html`): one file with
its style, script and data inside, a list view for readers without script, and the
sources with every cited line anchored.

`render_page(payload)` takes a plain dict (page/payload.py builds it from each event's
view, claims/view.py) and returns the document. Each event is rendered once, here,
as an article of the list view; the script's evidence panel shows that same article,
and takes every mark and its meaning from the payload's `marks`, so the page says
one thing about each event. Nothing in the page asks the network for anything: a
Content-Security-Policy of `default-src 'none'` (with hashes for the one style and
the one script) makes the browser refuse it. Text from the payload reaches the page
only escaped: `html.escape` in the list and sources views, JSON with `<`, `>`, `&`,
U+2028 and U+2029 as `\\u` escapes in the data block, and `textContent` in the
script. This module imports neither typer nor rich.

Payload contract (all text is plain text, never markup; `null` where unknown):

    {
      "title": str,
      "filters": [str],                  # what chose the events: "partner United States"
      "generated_from": str,             # e.g. "vpa: 30 events"
      "marks": {                         # claims/marks.py: every mark and its meaning
        "date_bases": {BASIS: {"mark": "†" | "‡" | "", "words": str, "line": str}},
        "note_mark": "*", "weak": "weak", "weak_source": "weak source",
        "weak_claim": "weak source only", "weak_source_meaning": str, "weak_claim_meaning": str,
        "contradicted": "contradicted", "contradicted_meaning": str,
        "standings": {STANDING: str}, "grades": {GRADE: str},
        "legend": {MARK: str},
      },
      "events": [{                       # in date order
        "id": str, "title": str, "summary": str, "kind": str,
        "date": {
          "text": str,                   # EDTF as stored: "2014/..", "1995~"
          "display": str,                # as people read it: "since 2014 (as of 2 Sep 2025)"
          "label": str,                  # the date alone: "since 2014"
          "shown": str,                  # as every output shows it, with its mark, as-of
                                         # date and the source's own: "since 2014† (as of
                                         # 2 Sep 2025)", "10 Apr 2013† (source: Dec 2013)"
          "tail": str,                   # what follows the date and its mark in "shown":
                                         # " (as of 2 Sep 2025)", " (source: Dec 2013)", ""
          "mark": str,                   # "†" supplied, "‡" derived, "" stated
          "start": "YYYY-MM-DD" | null,  # first day it can mean; null: open start
          "end": "YYYY-MM-DD" | null,    # last day it can mean; null: open end
          "as_of": "YYYY-MM-DD" | null,  # open ranges: the last day the sources speak of it
          "as_of_shown": str | null,     # that date at its own precision: "2 Sep 2025"
          "precision": "year" | "month" | "day",
          "approximate": bool, "uncertain": bool,
          "open_start": bool, "open_end": bool,
          "basis": "stated" | "derived" | "supplied",
          "note": str | null,            # how a derived or supplied date was worked out
          "source_says": str | null,     # the source's own date, where the record corrects it
        },
        "partners": [{"id": str, "name": str, "role": str | null,
                      "basis": "named" | "inferred", "note": str | null,
                      "shown": str}],    # "Laos (ally)"
        "citations": [{"source": str, "line": int, "paragraph": int | null,
                       "place": str,     # "para. 12", "dateline"
                       "where": str,     # "para. 12, line 20": the place, written one way
                       "quote": str, "weak": bool}],
        "sources": [str],                # the ids of the sources it cites, in order
        "weak": bool,                    # rests only on weak sources
        "standing": "corroborated" | "single-source" | "contradicted",
        "outside": [{"url": str, "title": str, "publisher": str, "date": str | null,
                     "excerpt": str, "supports": str, "value": str,
                     "grade": "A" | "B" | "C", "stance": "supports" | "contradicts"}],
        "note": str | null,
      }],
      "sources": [{
        "id": str, "reference": str, "speaker": str | null, "voice": str | null,
        "assessment": str | null, "weak": bool,
        "lines": [{"line": int, "paragraph": int | null, "place": str,
                   "where": str,         # "para. 6, line 10"
                   "text": str,
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

from vpa_cli.text import printable

__all__ = ["event_article", "heading", "line_anchor", "render_page"]

_PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")
# What must not appear raw inside a <script> data block: `<` and `>` could close
# it or open a comment, `&` is escaped for symmetry with HTML, and U+2028/U+2029
# end lines in older JavaScript parsers.
_JSON_ESCAPES = str.maketrans(
    {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
)


def render_page(payload: Mapping[str, Any]) -> str:
    """The whole HTML document for `payload` (see the module docstring for its shape)."""
    payload = _shown_as_text(payload)
    style, script = _asset("page.css"), _asset("page.js")
    parts = {
        "title": escape(heading(payload)),
        "generated_from": escape(payload.get("generated_from") or ""),
        "csp": _content_security_policy(style, script),
        "style": style,
        "script": script,
        "data": script_json(payload),
        "legend": _legend(payload),
        "list": _list_view(payload),
        "sources": _sources_view(payload),
    }
    # One pass: text put in by a placeholder is never scanned for placeholders.
    return _PLACEHOLDER.sub(lambda m: parts[m[1]], _asset("page.html"))


def _shown_as_text(value: Any) -> Any:
    """`value` with every string's control characters and bidirectional overrides,
    embeddings and isolates made visible (`<U+202E>`), as on a terminal (text.printable):
    a right-to-left override in a title must not reorder what the page shows. Newlines
    and tabs stay."""
    if isinstance(value, str):
        return printable(value, keep_newlines=True)
    if isinstance(value, Mapping):
        return {k: _shown_as_text(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_shown_as_text(v) for v in value]
    return value


def heading(payload: Mapping[str, Any]) -> str:
    """The page's title, with the filters that chose its events: a filtered page says so."""
    filters = payload.get("filters") or []
    title = str(payload["title"])
    return f"{title} ({'; '.join(filters)})" if filters else title


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


def _marks(payload: Mapping[str, Any]) -> Mapping[str, Any]:
    """The marks and their meanings (claims/marks.py), as the payload carries them."""
    return payload.get("marks") or {}


def _bases(payload: Mapping[str, Any]) -> Mapping[str, Any]:
    return _marks(payload).get("date_bases") or {}


def _mark(date: Mapping[str, Any]) -> str:
    symbol = date.get("mark") or ""
    if not symbol:
        return ""
    basis = date["basis"]
    return (
        f'<span class="basis-mark" title="date {escape(basis)}">{escape(symbol)}</span>'
        f'<span class="visually-hidden"> (date {escape(basis)})</span>'
    )


def _legend(payload: Mapping[str, Any]) -> str:
    """What the marks the page's events use mean: date marks, and the weak flag."""
    marks = _marks(payload)
    events = payload.get("events", [])
    used = {e["date"]["basis"] for e in events}
    items = [
        f'<li><span class="basis-mark">{escape(b["mark"])}</span> {escape(b["line"])}</li>'
        for basis, b in _bases(payload).items()
        if b.get("mark") and basis in used
    ]
    if any(e.get("weak") for e in events):
        items.append(
            f'<li><span class="flag weak">{escape(marks.get("weak_claim", ""))}</span> '
            f"{escape(marks.get('weak_claim_meaning', ''))}</li>"
        )
    return f'<ul class="legend" aria-label="Marks">{"".join(items)}</ul>'


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _paragraph(p: str, cls: str, label: str | None = None) -> str:
    lead = f'<span class="label">{escape(label)}</span> ' if label else ""
    return f'<p class="{cls}">{lead}{escape(p)}</p>'


def _list_view(payload: Mapping[str, Any]) -> str:
    sources = {s["id"]: s for s in payload.get("sources", [])}
    events = payload.get("events", [])
    articles = "\n".join(event_article(e, payload, sources) for e in events)
    count = f"{len(events)} event" + ("" if len(events) == 1 else "s")
    return (
        '<section id="list" aria-labelledby="list-title">\n'
        f'<h2 id="list-title">Events</h2>\n<p class="count" id="list-count">{count}</p>\n'
        f"{articles}\n</section>"
    )


def event_article(
    event: Mapping[str, Any], payload: Mapping[str, Any], sources: Mapping[str, Any]
) -> str:
    """One event as the page shows it, in the list and in the evidence panel alike."""
    date = event["date"]
    marks = _marks(payload)
    weak_claim = marks.get("weak_claim", "")
    # The date as every output shows it (the view's `date_text`): the label, its mark set
    # apart in markup, then what follows (how far an open range runs, the source's date).
    out = [
        f'<article class="event" id="event-{escape(event["id"])}" data-id="{escape(event["id"])}">',
        f'<h3 class="title">{escape(event["title"])}</h3>',
        f'<p class="meta"><span class="date">{escape(date["label"])}{_mark(date)}'
        f"{escape(date['tail'])}</span> · "
        f'<span class="kind">{escape(event["kind"])}</span>'
        + (f' <span class="flag weak">{escape(weak_claim)}</span>' if event.get("weak") else "")
        + (
            f' <span class="flag contradicted">{escape(marks.get("contradicted", ""))}</span>'
            if event.get("standing") == "contradicted"
            else ""
        )
        + "</p>",
    ]
    out.extend(_date_notes(date, payload))
    standing = (marks.get("standings") or {}).get(event.get("standing") or "", "")
    if standing:
        out.append(_paragraph(standing + ".", "standing", "Standing:"))
    if event.get("partners"):
        out.append('<div class="partners"><span class="label">Partners:</span><ul>')
        out.extend(_partner_item(p) for p in event["partners"])
        out.append("</ul></div>")
    out.append(_paragraph(event["summary"], "summary"))
    if event.get("note"):
        out.append(_paragraph(event["note"], "note", "Note:"))
    out.append('<h4 class="evidence">Evidence</h4>\n<ol class="quotes">')
    out.extend(_quote_item(c, sources, marks) for c in event.get("citations", []))
    out.append("</ol>")
    out.extend(_outside_items(event.get("outside") or [], marks))
    out.append(_event_sources(event, sources, marks))
    out.append("</article>")
    return "\n".join(out)


def _date_notes(date: Mapping[str, Any], payload: Mapping[str, Any]) -> Iterable[str]:
    qualities = [q for q in ("approximate", "uncertain") if date.get(q)]
    if date.get("open_end"):
        as_of = date.get("as_of_shown")
        qualities.append(
            f"open-ended: the sources speak of it as of {as_of}" if as_of else "open-ended"
        )
    if date.get("open_start"):
        qualities.append("open at the start")
    basis = date["basis"]
    text = _capital((_bases(payload).get(basis) or {}).get("line", basis))
    if qualities:
        text += "; " + ", ".join(qualities)
    yield _paragraph(text + ".", f"date-basis basis-{basis}")
    if date.get("note"):
        yield _paragraph(date["note"], "date-note", "How:")
    if date.get("source_says"):
        yield _paragraph(date["source_says"], "date-note", "The source says:")


def _partner_item(partner: Mapping[str, Any]) -> str:
    """A partner as the view shows it (`Laos (ally)`), with the link's note in full."""
    name = escape(partner["name"])
    shown = escape(partner["shown"])
    if shown.startswith(name + " ("):
        shown = f'<bdi>{name}</bdi> <span class="role">{shown[len(name) + 1 :]}</span>'
    if partner.get("note"):
        shown += f' <span class="partner-note">{escape(partner["note"])}</span>'
    return f"<li>{shown}</li>"


def _quote_item(
    citation: Mapping[str, Any], sources: Mapping[str, Any], marks: Mapping[str, Any]
) -> str:
    source = sources.get(citation["source"])
    # "Title. (n.d.)." then ", para. 1": the reference's own full stop gives way.
    name = source["reference"].removesuffix(".") if source else citation["source"]
    anchor = escape(line_anchor(citation["source"], citation["line"]))
    flag = escape(marks.get("weak_source", ""))
    weak = f' <span class="flag weak inline">{flag}</span>' if citation.get("weak") else ""
    return (
        f"<li><blockquote>{escape(citation['quote'])}</blockquote>"
        f'<p class="cite">— <a href="#{anchor}"><bdi>{escape(name)}</bdi>, '
        f"{escape(citation['where'])}</a>{weak}</p></li>"
    )


def _outside_items(refs: list[Mapping[str, Any]], marks: Mapping[str, Any]) -> Iterable[str]:
    """The pages outside the texts that parts of the event rest on, or that say otherwise:
    each with its publisher, title, address (as text: the page asks for nothing), grade
    and excerpt."""
    if not refs:
        return
    yield '<h4 class="outside">Outside the texts</h4>\n<ul class="outside">'
    grades = marks.get("grades") or {}
    for ref in refs:
        said = "says otherwise of" if ref["stance"] == "contradicts" else "supports"
        dated = f", {ref['date']}" if ref.get("date") else ""
        yield (
            f'<li class="outside-ref {escape(ref["stance"])}">'
            f"<blockquote>{escape(ref['excerpt'])}</blockquote>"
            f'<p class="cite">— <bdi>{escape(ref["publisher"])}</bdi>, '
            f"\u201c<bdi>{escape(ref['title'])}</bdi>\u201d"
            f'{escape(dated)}, <span class="url">{escape(ref["url"])}</span></p>'
            f'<p class="grade">Grade {escape(ref["grade"])} '
            f"({escape(grades.get(ref['grade'], ''))}); {said} {escape(ref['supports'])}: "
            f"<bdi>{escape(ref['value'])}</bdi></p></li>"
        )
    yield "</ul>"


def _event_sources(
    event: Mapping[str, Any], sources: Mapping[str, Any], marks: Mapping[str, Any]
) -> str:
    """Who speaks in each source the event cites, and how much weight it bears."""
    items = []
    for sid in event.get("sources", []):
        source = sources.get(sid)
        if source is None:
            items.append(f"<li>{escape(sid)}</li>")
            continue
        parts = [
            f'<a class="reference" href="#source-{escape(sid)}">{escape(source["reference"])}</a>'
        ]
        if source.get("speaker"):
            parts.append(_paragraph(source["speaker"], "speaker", "Speaker:"))
        if source.get("weak"):
            parts.append(
                f'<p class="flag weak">{escape(_capital(marks.get("weak_source", "")))}</p>'
            )
        if source.get("assessment"):
            parts.append(
                '<details class="assessment"><summary>Assessment</summary>'
                f"{escape(source['assessment'])}</details>"
            )
        items.append(f"<li>{''.join(parts)}</li>")
    return '<h4 class="event-sources">Sources</h4>\n<ul class="sources">' + "".join(items) + "</ul>"


def _sources_view(payload: Mapping[str, Any]) -> str:
    event_ids = {e["id"] for e in payload.get("events", [])}
    flag = _capital(_marks(payload).get("weak_source", ""))
    blocks = "\n".join(_source_block(s, event_ids, flag) for s in payload.get("sources", []))
    return (
        '<section id="sources" aria-labelledby="sources-title">\n'
        f'<h2 id="sources-title">Sources</h2>\n{blocks}\n</section>'
    )


def _source_block(source: Mapping[str, Any], event_ids: set[str], weak_flag: str) -> str:
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
        out.append(f'<p class="flag weak">{escape(weak_flag)}</p>')
    out.extend(_source_line(source["id"], line, event_ids) for line in source.get("lines", []))
    out.append("</article>")
    return "\n".join(out)


def _source_line(source: str, line: Mapping[str, Any], event_ids: set[str]) -> str:
    cited = ", ".join(
        f'<a href="#event-{escape(rid)}">{escape(rid)}</a>' if rid in event_ids else escape(rid)
        for rid in line.get("cited_by", [])
    )
    return (
        f'<p class="line" id="{escape(line_anchor(source, line["line"]))}">'
        f'<span class="loc">{escape(line["where"])}</span> '
        f'<span class="text">{escape(line["text"])}</span> '
        f'<span class="cited-by">Cited by: {cited}</span></p>'
    )
