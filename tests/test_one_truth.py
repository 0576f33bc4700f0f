"""One claim, one truth in every output: a matrix over every bundled event, fact and
partner statement and every output that shows it, checking that each shows what the
claim's view (claims/view.py) says: the date with its mark and what the source says,
the weak flag, each partner's role, each link's note (or its mark, one step away
from `vpa show`) and each citation's place, written the one way ("para. 6, line 10").

`problems(output)` returns what an output gets wrong; the matrix test asserts it is
empty for every output, and `test_the_matrix_fails_when_a_renderer_drops_a_part`
breaks renderers on purpose to show the matrix would catch them.
"""

from __future__ import annotations

import html
import io
import json
import re
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from vpa_cli.claims.columns import join_items
from vpa_cli.claims.marks import NOTE_MARK, WEAK_CLAIM
from vpa_cli.claims.view import Claims, ClaimView
from vpa_cli.exports.sqlite import export_sqlite
from vpa_cli.formats import Style
from vpa_cli.loading.dataset import Dataset
from vpa_cli.loading.reading import load_dataset
from vpa_cli.queries.cite.records import cite_ids
from vpa_cli.queries.partner import build_profile
from vpa_cli.queries.search import Hit, SearchQuery, build_index, run_search
from vpa_cli.queries.show import show_view
from vpa_cli.records.types import Event, Fact
from vpa_cli.render import Output
from vpa_cli.render.cite import render_cited
from vpa_cli.render.facts import render_facts
from vpa_cli.render.partner import render_profile
from vpa_cli.render.search import CSV_HEADER, render_hits, render_record
from vpa_cli.render.timeline import render_events

Problems = list[str]


def _render(render: Callable[..., None], *args: Any, width: int = 250) -> str:
    """What `render(*args, out)` writes."""
    stream = io.StringIO()
    render(*args, Output(stream, is_terminal=False, color=False, utf=True, width=width))
    return stream.getvalue()


def _words(text: str) -> str:
    """Text with its whitespace made single spaces (a table wraps its cells)."""
    return " ".join(text.split())


class Views:
    """The bundled dataset and the view of every claim in it: what each output must show.

    The view fills its parts into the records it is built from, so each output renders
    from `fresh`, a dataset read anew: an output that skips the view shows it."""

    def __init__(self) -> None:
        self.dataset: Dataset = load_dataset([])
        self.fresh: Dataset = load_dataset([])
        self.claims = Claims(self.dataset)
        self.events = self.claims.many(self.dataset.events)
        self.facts = self.claims.many(self.dataset.facts)
        self.statements = {p.id: self.claims.statements(p) for p in self.dataset.partners.values()}


def _views() -> Views:
    return Views()


# ---------------------------------------------------------------- what a view says


def _check(
    got: str,
    view: ClaimView,
    where: str,
    *,
    date: bool = True,
    weak: str = "claim",
    notes: str = "full",
    places: bool = True,
    standing: str = "flag",
    outside: bool = False,
) -> Problems:
    """What `got` (an output's text for one claim) leaves out of the claim's view.

    weak: "claim" ([weak source only] when weak, never otherwise), "sources" (each weak
    source marked `(weak)`), "both" or "none"; notes: "full" (each link's role and
    note), "mark" (`Laos (ally*)`) or "none"; places: each citation's source and place;
    standing: "flag" (`[contradicted]` when contradicted, never otherwise), "word" (the
    standing itself, e.g. `single-source`) or "none"; outside: each outside reference's
    excerpt.
    """
    out: Problems = []
    text = _words(got)

    def need(part: str, what: str) -> None:
        if _words(part) not in text:
            out.append(f"{where}: {view.id}: {what} {part!r} missing")

    if standing == "flag":
        # After the title (a legend also names the flag): `Title [weak source only]
        # [contradicted]`.
        flagged = re.escape(_words(view.title)) + r"( \[weak source only\])? \[contradicted\]"
        if view.contradicted != bool(re.search(flagged, text)):
            out.append(f"{where}: {view.id}: contradicted flag")
    elif standing == "hit":
        # A search hit shows a snippet, then its flags; the legend is left aside.
        hit = " ".join(x for x in got.splitlines() if "vpa disputes gives both sides" not in x)
        if view.contradicted != ("[contradicted]" in hit):
            out.append(f"{where}: {view.id}: contradicted flag")
    elif standing == "word":
        need(view.standing, "standing")
    if outside:
        for ref in view.outside:
            need(ref.excerpt, "outside reference")

    if date and view.date_text is not None:
        need(view.date_text, "date")
    if weak in ("claim", "both"):
        flag = f"[{WEAK_CLAIM}]"
        if view.weak:
            need(flag, "weak flag")
        elif flag in got:
            out.append(f"{where}: {view.id}: weak flag on a claim that is not weak")
    if weak in ("sources", "both"):
        for source in view.sources:
            need(f"{source.id} (weak)" if source.weak else source.id, "source")
    for link in view.partners:
        # Written out here, as a spec: `Name (role, inferred)`, `*` before `)` for a note.
        parts = [p for p in (link.role, "inferred" if link.basis == "inferred" else "") if p]
        mark = NOTE_MARK if link.note and notes == "mark" else ""
        shown = f"{link.name} ({', '.join(parts)}{mark})" if parts else link.name + mark
        if notes in ("full", "mark"):
            need(shown, "partner with its role")
        if notes == "full" and link.note:
            need(link.note, "link note")
    if places:
        for c in view.citations:
            need(f"{c.source.id}", "citation source")
            need(c.where, "citation place")
    return out


# ---------------------------------------------------------------- the outputs


def _events(event: Event, fmt: str, dataset: Dataset) -> str:
    stream = io.StringIO()
    out = Output(stream, is_terminal=False, color=False, utf=True, width=250)
    render_events([event], fmt, out, dataset)
    return stream.getvalue()


def _timeline(fmt: str) -> Callable[[Views], Iterator[tuple[ClaimView, str]]]:
    def each(v: Views) -> Iterator[tuple[ClaimView, str]]:
        events = {e.id: e for e in v.fresh.events}
        for view in v.events:
            yield view, _events(events[view.id], fmt, v.fresh)

    return each


def _article(page: str, rid: str, *, joined: bool = False) -> str:
    """An event's article as a sighted reader sees it (no text only screen readers hear);
    `joined`: inline elements run on without a space (a date and its mark)."""
    m = re.search(rf'<article class="event" id="event-{re.escape(rid)}".*?</article>', page, re.S)
    assert m, rid
    seen = re.sub(r'<span class="visually-hidden">.*?</span>', "", m.group())
    return html.unescape(re.sub(r"<[^>]+>", "" if joined else " ", seen))


def problems_table(v: Views) -> Problems:
    out: Problems = []
    for view, got in _timeline("table")(v):
        out += _check(got, view, "table", weak="sources", notes="mark", places=False)
        if NOTE_MARK in view.marks() and "the partner link has a note" not in _words(got):
            out.append(f"table: {view.id}: no legend for the note mark")
    return out


def problems_plain(v: Views) -> Problems:
    out: Problems = []
    for view, got in _timeline("plain")(v):
        fields = got.rstrip("\n").split("\t")
        expected = [
            view.date_text,
            view.headline(weak=False),
            view.partners_text(),
            view.sources_text(),
            view.id,
        ]
        if fields != expected:
            out.append(f"plain: {view.id}: {fields} != {expected}")
        out += _check(got, view, "plain", weak="sources", notes="mark", places=False)
    return out


def problems_markdown(v: Views) -> Problems:
    out: Problems = []
    for view, got in _timeline("markdown")(v):
        plain = got.replace("\\", "")
        out += _check(plain, view, "markdown", weak="sources", notes="mark", places=False)
        if NOTE_MARK in view.marks() and "the partner link has a note" not in plain:
            out.append(f"markdown: {view.id}: no legend for the note mark")
    return out


def problems_csv(v: Views) -> Problems:
    import csv

    out: Problems = []
    for view, got in _timeline("csv")(v):
        [row] = list(csv.DictReader(io.StringIO(got)))
        record = view.record
        assert isinstance(record, Event)
        want = {
            "date_shown": record.date_shown,
            "date_mark": record.date_mark,
            "source_date": record.source_date.text if record.source_date else "",
            "weak": "true" if view.weak else "false",
            "partners": "; ".join(p.id for p in view.partners),
            "partner_roles": "; ".join(p.role or "" for p in view.partners),
            "partner_bases": "; ".join(p.basis for p in view.partners),
            "partner_notes": join_items(p.note or "" for p in view.partners),
            "sources": "; ".join(s.id for s in view.sources),
            "standing": view.standing,
        }
        for key, value in want.items():
            if row[key] != value:
                out.append(f"csv: {view.id}: {key} {row[key]!r} != {value!r}")
    return out


def _json_claim(got: dict[str, Any], view: ClaimView, where: str) -> Problems:
    out: Problems = []
    record = view.record
    if got.get("standing") != view.standing:
        out.append(f"{where}: {view.id}: standing")
    if [o["url"] for o in got.get("outside", [])] != [o.url for o in view.outside]:
        out.append(f"{where}: {view.id}: outside references")
    if isinstance(record, Event):
        for key in ("date_shown", "date_mark", "date_basis"):
            if got[key] != getattr(record, key):
                out.append(f"{where}: {view.id}: {key}")
        if got["source_date"] != (record.source_date.text if record.source_date else None):
            out.append(f"{where}: {view.id}: source_date")
    if got["weak"] is not view.weak:
        out.append(f"{where}: {view.id}: weak")
    for link, p in zip(view.partners, got.get("partners", []), strict=True):
        if (p["id"], p["role"], p["basis"], p["note"]) != (
            link.id,
            link.role,
            link.basis,
            link.note,
        ):
            out.append(f"{where}: {view.id}: partner {link.id}")
    for c, j in zip(view.citations, got["citations"], strict=True):
        if (j["source"], j["line"], j["paragraph"], j["place"]) != (
            c.source.id,
            c.line,
            c.paragraph,
            c.place,
        ):
            out.append(f"{where}: {view.id}: citation {c.where}")
    return out


def problems_json(v: Views) -> Problems:
    out: Problems = []
    for view, got in _timeline("json")(v):
        [event] = json.loads(got)
        out += _json_claim(event, view, "json")
    return out


def problems_html(v: Views) -> Problems:
    out: Problems = []
    for view, got in _timeline("html")(v):
        article = _article(got, view.id)
        # The page shows the date as the view does, what the source says on a line of its own.
        assert isinstance(view.record, Event)
        assert view.date_text is not None
        shown = view.date_text.split(" (source: ")[0]
        if _words(shown) not in _words(_article(got, view.id, joined=True)):
            out.append(f"html: {view.id}: date {shown!r}")
        if view.record.source_date and view.record.source_date.display() not in article:
            out.append(f"html: {view.id}: what the source says")
        if view.weak != (WEAK_CLAIM in article):
            out.append(f"html: {view.id}: weak flag")
        out += _check(
            article,
            view,
            "html",
            date=False,
            weak="none",
            notes="full",
            places=False,
            standing="word",
            outside=True,
        )
        # Each quote names its source by its reference, with its place and its weight.
        for c in view.citations:
            cited = f"{c.where}{' weak source' if c.source.weak else ''}"
            if _words(cited) not in _words(article):
                out.append(f"html: {view.id}: citation {cited!r}")
    return out


def problems_timelinejs(v: Views) -> Problems:
    out: Problems = []
    for view, got in _timeline("timelinejs")(v):
        [slide] = json.loads(got)["events"]
        # TimelineJS decodes a display date twice before a reader sees it.
        if html.unescape(html.unescape(slide["display_date"])) != view.date_text:
            out.append(f"timelinejs: {view.id}: display_date")
        text = html.unescape(re.sub(r"<[^>]+>", " ", slide["text"]["text"]))
        flag = WEAK_CLAIM.capitalize()
        if view.weak != (flag in text):
            out.append(f"timelinejs: {view.id}: weak flag")
        out += _check(
            text,
            view,
            "timelinejs",
            date=False,
            weak="sources",
            notes="full",
            standing="word",
            outside=True,
        )
    return out


def _facts(fmt: str) -> Callable[[Views], Iterator[tuple[ClaimView, str]]]:
    """`vpa facts` in `fmt`, one fact at a time, from the fresh dataset."""

    def each(v: Views) -> Iterator[tuple[ClaimView, str]]:
        facts = {f.id: f for f in v.fresh.facts}
        for view in v.facts:
            stream = io.StringIO()
            out = Output(stream, is_terminal=False, color=False, utf=True, width=250)
            render_facts([facts[view.id]], fmt, out, v.fresh)
            yield view, stream.getvalue()

    return each


def _as_of(view: ClaimView) -> str:
    """A fact's date as its rows write it, written out here as a spec."""
    record = view.record
    assert isinstance(record, Fact) and record.until is not None
    later = " or later" if record.until_or_later else ""
    return f"as of {record.until.display()}{later}"


def problems_facts_plain(v: Views) -> Problems:
    out: Problems = []
    for view, got in _facts("plain")(v):
        fields = got.rstrip("\n").split("\t")
        expected = [
            _as_of(view),
            view.kind,
            view.headline(weak=False),
            view.partners_text(),
            view.sources_text(),
            view.id,
        ]
        if fields != expected:
            out.append(f"facts plain: {view.id}: {fields} != {expected}")
        out += _check(got, view, "facts plain", weak="sources", notes="mark", places=False)
    return out


def problems_facts_table(v: Views) -> Problems:
    out: Problems = []
    for view, got in _facts("table")(v):
        out += _check(got, view, "facts table", weak="sources", notes="mark", places=False)
        if _words(_as_of(view)) not in _words(got):
            out.append(f"facts table: {view.id}: date")
        if NOTE_MARK in view.marks() and "the partner link has a note" not in _words(got):
            out.append(f"facts table: {view.id}: no legend for the note mark")
    return out


def problems_facts_markdown(v: Views) -> Problems:
    out: Problems = []
    for view, got in _facts("markdown")(v):
        plain = got.replace("\\", "")
        out += _check(plain, view, "facts markdown", weak="sources", notes="mark", places=False)
        if f"| {_as_of(view)} |" not in plain:
            out.append(f"facts markdown: {view.id}: date")
        if NOTE_MARK in view.marks() and "the partner link has a note" not in plain:
            out.append(f"facts markdown: {view.id}: no legend for the note mark")
    return out


def problems_facts_csv(v: Views) -> Problems:
    import csv

    out: Problems = []
    for view, got in _facts("csv")(v):
        [row] = list(csv.DictReader(io.StringIO(got)))
        record = view.record
        assert isinstance(record, Fact) and record.until is not None
        want = {
            "until": record.until.text,
            "until_or_later": "true" if record.until_or_later else "false",
            "weak": "true" if view.weak else "false",
            "partners": "; ".join(p.id for p in view.partners),
            "partner_roles": "; ".join(p.role or "" for p in view.partners),
            "partner_bases": "; ".join(p.basis for p in view.partners),
            "partner_notes": join_items(p.note or "" for p in view.partners),
            "sources": "; ".join(s.id for s in view.sources),
            "standing": view.standing,
        }
        for key, value in want.items():
            if row[key] != value:
                out.append(f"facts csv: {view.id}: {key} {row[key]!r} != {value!r}")
    return out


def problems_facts_json(v: Views) -> Problems:
    out: Problems = []
    for view, got in _facts("json")(v):
        [fact] = json.loads(got)
        out += _json_claim(fact, view, "facts json")
    return out


def _claims(v: Views) -> Iterator[ClaimView]:
    yield from v.events
    yield from v.facts


def problems_show(v: Views) -> Problems:
    out: Problems = []
    for view in _claims(v):
        got = _render(render_record, show_view(v.fresh, view.id), "plain")
        out += _show_data_problems(v, view.id, view)
        if f"weak: {'yes' if view.weak else 'no'}" not in got:
            out.append(f"show: {view.id}: weak")
        if isinstance(view.record, Event):
            record = view.record
            for part in (f"date_shown: {record.date_shown}", f"date_mark: {record.date_mark}"):
                if part.rstrip() not in got:
                    out.append(f"show: {view.id}: {part!r}")
        out += _check(
            got,
            view,
            "show",
            date=False,
            weak="sources",
            notes="full",
            standing="word",
            outside=True,
        )
    for pid, statements in v.statements.items():
        got = _render(render_record, show_view(v.fresh, pid), "plain")
        out += _show_data_problems(v, pid, None, statements)
        for i, view in enumerate(statements):
            if f"statements[{i}].weak: {'yes' if view.weak else 'no'}" not in got:
                out.append(f"show: {view.id}: weak")
            out += _check(got, view, "show", weak="sources", notes="none", standing="word")
    return out


def _show_data_problems(
    v: Views,
    rid: str,
    claim: ClaimView | None,
    statements: Sequence[ClaimView] = (),
) -> Problems:
    """`vpa show ID` in JSON and CSV: the weak flag and the standing (and an event's date
    mark) of the record `claim`, or of each of a partner's statements, as the view says."""
    import csv

    out: Problems = []
    data = json.loads(_render(render_record, show_view(v.fresh, rid), "json"))["record"]
    rows = dict(csv.reader(io.StringIO(_render(render_record, show_view(v.fresh, rid), "csv"))))
    views = [("", data, claim)] if claim is not None else []
    views += [(f"statements[{i}].", data["statements"][i], s) for i, s in enumerate(statements)]
    for prefix, got, view in views:
        wanted = {"weak": view.weak, "standing": view.standing}
        if isinstance(view.record, Event):
            wanted["date_mark"] = view.record.date_mark
        for key, value in wanted.items():
            if got.get(key) != value:
                out.append(f"show json: {view.id}: {key}")
            shown = ("yes" if value else "no") if isinstance(value, bool) else value
            if rows.get(prefix + key, "") != (shown or ""):
                out.append(f"show csv: {view.id}: {key}")
    return out


def _profile_problems(v: Views, fmt: str) -> Problems:
    out: Problems = []
    # What each claim's view says (from the reference dataset), by id.
    expected = {x.id: x for x in [*v.events, *v.facts]}
    for partner in v.fresh.partners.values():
        profile = build_profile(v.fresh, partner)
        # Wide enough that no cell wraps: a wrapped cell interleaves with its neighbours.
        got = _render(render_profile, profile, fmt, width=1000)
        shown_claims = [expected[c.id] for c in [*profile.events, *profile.facts]]
        if fmt == "json":
            data = json.loads(got)
            by_id = {e["id"]: e for e in [*data["events"], *data["facts"]]}
            for view in shown_claims:
                out += _json_claim(by_id[view.id], view, f"partner {fmt}")
            continue
        text = got.replace("\\", "") if fmt == "markdown" else got
        for view in shown_claims:
            link = view.link(partner.id)
            assert link is not None
            # The partner's part in this record, written out here as a spec.
            parts = [p for p in (link.role, "inferred" if link.basis == "inferred" else "") if p]
            role = ", ".join(parts)
            role = f"{role}: {link.note}" if role and link.note else role or link.note or ""
            if fmt == "plain":
                row = next(x for x in text.splitlines() if f"\t{view.id}\t" in x)
                if row.split("\t")[-1] != role:
                    out.append(f"partner plain: {partner.id}: {view.id}: role {row!r}")
            elif fmt == "markdown":
                # An event's row (under "## Timeline") ends with its id, a fact's (under
                # "## Facts") starts with it.
                sections = dict(re.findall(r"^## (\w+)\n(.*?)(?=^## |\Z)", got, re.S | re.M))
                rows = [*sections["Timeline"].splitlines(), *sections["Facts"].splitlines()]
                cells = next(
                    c
                    for c in (
                        [x.strip().replace("\\", "") for x in re.split(r"(?<!\\)\|", r)[1:-1]]
                        for r in rows
                    )
                    if view.id in (c[:1] + c[-1:])
                )
                if cells[3] != role:
                    out.append(f"partner markdown: {partner.id}: {view.id}: role {cells!r}")
            elif _words(role) not in _words(text):
                out.append(f"partner {fmt}: {partner.id}: {view.id}: role")
            if link.note and _words(link.note) not in _words(text):
                out.append(f"partner {fmt}: {partner.id}: {view.id}: link note")
            if view.date_text and _words(view.date_text) not in _words(text):
                out.append(f"partner {fmt}: {partner.id}: {view.id}: date")
            if view.weak and _words(view.title + view.weak_text) not in _words(text):
                out.append(f"partner {fmt}: {partner.id}: {view.id}: weak flag")
        for view in v.statements[partner.id]:
            out += _check(text, view, f"partner {fmt}", weak="none", notes="none")
            inferred = f" [inferred: {view.inferred_note}]" if view.inferred_note else ""
            shown = _words(view.title + inferred)
            if view.weak and _words(shown + view.weak_text) not in _words(text):
                out.append(f"partner {fmt}: {view.id}: weak flag")
            if not view.weak and _words(shown + f" [{WEAK_CLAIM}]") in _words(text):
                out.append(f"partner {fmt}: {view.id}: weak flag on a claim not weak")
    return out


def problems_partner_plain(v: Views) -> Problems:
    return _profile_problems(v, "plain")


def problems_partner_markdown(v: Views) -> Problems:
    return _profile_problems(v, "markdown")


def problems_partner_table(v: Views) -> Problems:
    return _profile_problems(v, "table")


def problems_partner_json(v: Views) -> Problems:
    return _profile_problems(v, "json")


def problems_cite(v: Views) -> Problems:
    out: Problems = []
    for view in _claims(v):
        cited = cite_ids(v.fresh, [view.id], Style.apa)
        text = _render(render_cited, cited, "text")
        out += _check(text, view, "cite", weak="sources", notes="none", standing="word")
        if view.weak != (f"weak: {WEAK_CLAIM}" in _words(text)):
            out.append(f"cite: {view.id}: weak flag")
        record = view.record
        basis = record.date_basis if isinstance(record, Event) else "stated"
        if basis != "stated" and f"basis: date {basis}: " not in _words(text):
            out.append(f"cite: {view.id}: date basis")
        [data] = json.loads(_render(render_cited, cited, "json"))
        if data["weak"] is not view.weak:
            out.append(f"cite json: {view.id}: weak")
        if isinstance(record, Event):
            for key in ("date_shown", "date_mark", "date_basis"):
                if data[key] != getattr(record, key):
                    out.append(f"cite json: {view.id}: {key}")
        by_line = {(c.source.id, c.line): c for c in view.citations}
        for j in data["citations"]:
            c = by_line[(j["source"], j["line"])]
            if (j["place"], j["where"], j["weak"]) != (c.place, c.where, c.source.weak):
                out.append(f"cite json: {view.id}: citation {c.where}")
    return out


def problems_search(v: Views) -> Problems:
    out: Problems = []
    index = build_index(v.fresh)
    for view in _claims(v):
        kind = "event" if isinstance(view.record, Event) else "fact"
        hits = run_search(index, SearchQuery(view.id, (kind,), 0))
        hit = next((h for h in hits if h.id == view.id), None)
        if hit is None:
            out.append(f"search: {view.id}: not found by its id")
            continue
        if hit.weak is not view.weak:
            out.append(f"search json: {view.id}: weak")
        found: list[Hit] = [hit]
        out += _hit_data_problems(found, view.weak, view.standing, None, view.id)
        for fmt in ("plain", "table", "markdown"):
            got = _render(render_hits, found, fmt)
            got = got.replace("\\", "") if fmt == "markdown" else got
            out += _check(
                got, view, f"search {fmt}", date=False, notes="none", places=False, standing="hit"
            )
    # A passage: its place, and the weak flag of its source.
    for c in (c for view in v.facts for c in view.citations):
        query = SearchQuery(f'"{c.quote}"', ("passage",), 0)
        passages = [h for h in run_search(index, query) if h.id == f"{c.source.id}:{c.line}"]
        if not passages:
            out.append(f"search: passage {c.source.id}:{c.line} not found by its quote")
            continue
        passage = passages[0]
        if (passage.place, passage.weak) != (c.place, c.source.weak):
            out.append(f"search: passage {passage.id}: {passage.place} {passage.weak}")
        out += _hit_data_problems(passages[:1], c.source.weak, None, c.place, passage.id)
        got = _render(render_hits, passages[:1], "plain")
        if c.where not in got or (f"[{WEAK_CLAIM}]" in got) != c.source.weak:
            out.append(f"search plain: passage {passage.id}")
    return out


def _hit_data_problems(
    hits: list[Hit], weak: bool, standing: str | None, place: str | None, what: str
) -> Problems:
    """A hit in search's JSON and CSV: its weak flag, standing and (a passage's) place."""
    import csv

    from vpa_cli.text import read_cell

    out: Problems = []
    data = json.loads(_render(render_hits, hits, "json"))[0]
    row = next(csv.DictReader(io.StringIO(_render(render_hits, hits, "csv"))))
    if (data["weak"], data["standing"], data.get("place")) != (weak, standing, place):
        out.append(f"search json: {what}")
    cells = (row["weak"], read_cell(row["standing"]), read_cell(row["place"]))
    if cells != ("true" if weak else "false", standing or "", place or ""):
        out.append(f"search csv: {what}")
    return out


def problems_sqlite(v: Views) -> Problems:
    import tempfile

    out: Problems = []
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "vpa.db"
        export_sqlite(load_dataset([]), db)
        conn = sqlite3.connect(db)
        try:
            for view in v.events:
                record = view.record
                assert isinstance(record, Event)
                row = conn.execute(
                    "SELECT date_shown, date_mark, weak, standing FROM events WHERE id = ?",
                    (view.id,),
                ).fetchone()
                if row != (record.date_shown, record.date_mark, int(view.weak), view.standing):
                    out.append(f"sqlite: {view.id}: {row}")
                urls = conn.execute(
                    "SELECT url FROM event_outside WHERE event_id = ? ORDER BY position",
                    (view.id,),
                ).fetchall()
                if [u for (u,) in urls] != [o.url for o in view.outside]:
                    out.append(f"sqlite: {view.id}: outside references")
                notes = conn.execute(
                    "SELECT id, role, basis, note FROM event_partners WHERE event_id = ? "
                    "ORDER BY position",
                    (view.id,),
                ).fetchall()
                if notes != [(p.id, p.role, p.basis, p.note) for p in view.partners]:
                    out.append(f"sqlite: {view.id}: partner links")
            for view in _claims(v):
                table = "event_citations" if isinstance(view.record, Event) else "fact_citations"
                key = "event_id" if table == "event_citations" else "fact_id"
                places = conn.execute(
                    f"SELECT source, line, paragraph, place FROM {table} WHERE {key} = ? "
                    "ORDER BY position",
                    (view.id,),
                ).fetchall()
                want = [(c.source.id, c.line, c.paragraph, c.place) for c in view.citations]
                if places != want:
                    out.append(f"sqlite: {view.id}: citation places")
            for view in v.facts:
                assert isinstance(view.record, Fact)
                row = conn.execute("SELECT weak FROM facts WHERE id = ?", (view.id,)).fetchone()
                if row != (int(view.weak),):
                    out.append(f"sqlite: {view.id}: weak")
        finally:
            conn.close()
    return out


def problems_bibliography(v: Views) -> Problems:
    """`vpa cite --format json` with no id: every source, its citations' places filled."""
    from vpa_cli.queries.cite.records import every_source
    from vpa_cli.render.cite import render_bibliography

    out: Problems = []
    got = json.loads(_render(render_bibliography, every_source(v.fresh), Style.apa, "json"))
    claims = Claims(load_dataset([]))
    for source in got:
        record = claims.dataset.sources[source["id"]]
        for c, j in zip(record.citations, source["citations"], strict=True):
            view = claims.citation(c)
            if (j["paragraph"], j["place"]) != (view.paragraph, view.place):
                out.append(f"bibliography json: {source['id']}: citation line {c.line}")
    return out


OUTPUTS: dict[str, Callable[[Views], Problems]] = {
    "table": problems_table,
    "plain": problems_plain,
    "markdown": problems_markdown,
    "csv": problems_csv,
    "json": problems_json,
    "html": problems_html,
    "timelinejs": problems_timelinejs,
    "facts-plain": problems_facts_plain,
    "facts-table": problems_facts_table,
    "facts-markdown": problems_facts_markdown,
    "facts-csv": problems_facts_csv,
    "facts-json": problems_facts_json,
    "show": problems_show,
    "partner-plain": problems_partner_plain,
    "partner-markdown": problems_partner_markdown,
    "partner-table": problems_partner_table,
    "partner-json": problems_partner_json,
    "cite": problems_cite,
    "search": problems_search,
    "sqlite": problems_sqlite,
    "bibliography": problems_bibliography,
}


@cache
def _counts() -> tuple[int, int, int]:
    v = _views()
    return len(v.events), len(v.facts), sum(len(s) for s in v.statements.values())


def test_the_matrix_covers_every_bundled_claim() -> None:
    events, facts, statements = _counts()
    assert (events, facts) == (39, 105) and statements > 50


@pytest.mark.parametrize("output", list(OUTPUTS))
def test_every_output_shows_what_the_view_says(output: str) -> None:
    assert OUTPUTS[output](_views()) == []


# Renderers broken on purpose: each drops one part of the view, and the matrix must say so.
BREAKS = [
    ("plain", "vpa_cli.claims.view.SourceMark.shown", property(lambda self: self.id)),
    (
        "table",
        "vpa_cli.claims.view.LinkView.shown",
        lambda self, marked=True: self.name,
    ),
    ("search", "vpa_cli.render.search._flag", lambda hit: ""),
    # Search's CSV with the weak and standing columns' names swapped.
    (
        "search",
        "vpa_cli.render.search.CSV_HEADER",
        tuple({"weak": "standing", "standing": "weak"}.get(c, c) for c in CSV_HEADER),
    ),
    ("html", "vpa_cli.page._partner_item", lambda p: f"<li>{html.escape(p['name'])}</li>"),
    ("timelinejs", "vpa_cli.exports.timelinejs._small", lambda text: ""),
    ("partner-plain", "vpa_cli.render.partner.role_text", lambda profile, view: ""),
    ("cite", "vpa_cli.render.cite.claim_rows", lambda item: []),
    ("markdown", "vpa_cli.render.timeline.legend", lambda used: []),
    ("csv", "vpa_cli.claims.columns.join_items", lambda items: "; ".join(items)),
    ("json", "vpa_cli.claims.view.ClaimView.to_dict", lambda self: self.record.to_dict()),
    (
        "show",
        "vpa_cli.claims.view.Claims.link_text",
        lambda self, link: f"{link.id} [{link.role}]",
    ),
    (
        "partner-json",
        "vpa_cli.queries.partner.Claims.many",
        lambda self, records: [ClaimView(self, r, r.id) for r in records],
    ),
    ("sqlite", "vpa_cli.exports.sqlite.Claims.everything", lambda self: self.dataset),
    ("bibliography", "vpa_cli.queries.cite.records.Claims.record", lambda self, record: record),
    # A renderer that forgets a claim is contradicted (on the facts' table: since pass 13 of
    # issue 20 no bundled event is contradicted, and essay-strategic-alliances is).
    ("facts-table", "vpa_cli.claims.view.ClaimView.contradicted_text", property(lambda self: "")),
    ("cite", "vpa_cli.render.cite.standing_line", lambda standing: "stands"),
    # A fact's date, its partners' roles, a weak source's mark, its places, its legend.
    ("facts-plain", "vpa_cli.render.facts.as_of_text", lambda view: ""),
    ("facts-table", "vpa_cli.claims.view.LinkView.shown", lambda self, marked=True: self.name),
    ("facts-markdown", "vpa_cli.render.facts.legend", lambda used: []),
    ("facts-plain", "vpa_cli.claims.view.SourceMark.shown", property(lambda self: self.id)),
    ("facts-json", "vpa_cli.claims.view.ClaimView.to_dict", lambda self: self.record.to_dict()),
    ("facts-csv", "vpa_cli.claims.columns.join_items", lambda items: "; ".join(items)),
    ("html", "vpa_cli.page._outside_items", lambda refs, marks: iter(())),
]


@pytest.mark.parametrize(("output", "target", "broken"), BREAKS, ids=[b[1] for b in BREAKS])
def test_the_matrix_fails_when_a_renderer_drops_a_part(
    monkeypatch: pytest.MonkeyPatch, output: str, target: str, broken: Any
) -> None:
    views = _views()  # what the view says, worked out before anything is broken
    monkeypatch.setattr(target, broken)
    assert OUTPUTS[output](views), f"{target} broken, yet {output} passes the matrix"


# ---------------------------------------------------------------- through the command line
# Each of the defects the view put right, as a user meets it.


def test_the_page_writes_each_place_once() -> None:
    from conftest import run

    page = run("timeline", "--format", "html").stdout
    assert re.search(r"line \d+, line \d+", page) is None
    assert "(n.d.)., " not in page
    assert "para. 6, line 10" in page


def test_search_finds_a_line_as_a_line_of_its_own_work() -> None:
    from conftest import run_json

    dataset = load_dataset([])
    for query in ("peacekeeping centre", "General Uprising", "era of national independence"):
        for hit in run_json("search", query, "--type", "passage", "--limit", "0"):
            source = dataset.sources[hit["source"]]
            assert source.holds(hit["line"]), hit["id"]
    ids = {h["id"] for h in run_json("search", "General Uprising", "--limit", "0")}
    assert {"august-1945-uprising-teaser:33", "august-1945-uprising-teaser:34"} <= ids
    assert not {"nguyen-chi-vinh-2015:33", "nguyen-chi-vinh-2015:34"} & ids
    ids = {h["id"] for h in run_json("search", "peacekeeping centre", "--limit", "0")}
    assert "nguyen-chi-vinh-2015:19" in ids and "august-1945-uprising-teaser:19" not in ids


def test_show_gives_a_line_as_a_line_of_its_own_work_with_its_place() -> None:
    from conftest import run

    wrong = run("show", "nguyen-chi-vinh-2015:34")
    assert wrong.exit_code == 1 and wrong.stdout == ""
    assert "it is august-1945-uprising-teaser:34" in wrong.stderr
    wrong = run("show", "august-1945-uprising-teaser:19")
    assert wrong.exit_code == 1 and "it is nguyen-chi-vinh-2015:19" in wrong.stderr
    shown = run("show", "august-1945-uprising-teaser:34").stdout
    assert "place: para. 1, line 34\n" in shown
    passage = run("show", "dd-achievements:10", "--format", "json").json()["record"]
    assert passage["place"] == "para. 6, line 10"


def test_cite_says_the_date_is_supplied_and_what_the_source_says() -> None:
    from conftest import run, run_json

    text = _words(run("cite", "2013-04-10-politburo-resolution-22").stdout)
    assert "date: 10 Apr 2013\u2020 (source: Dec 2013) basis: date supplied: not stated" in text
    assert "standing: single-source: stated by one text" in text
    [record] = run_json("cite", "2013-04-10-politburo-resolution-22")
    assert (record["date_basis"], record["source_date"], record["weak"]) == (
        "supplied",
        "2013-12",
        False,
    )
    text = _words(run("cite", "critique-bureaucratic-inertia").stdout)
    assert "weak: weak source only (vpa-impact); vpa show vpa-impact gives its assessment" in text
    assert "source: vpa-impact (weak), voice: unattributed" in text
    [record] = run_json("cite", "critique-bureaucratic-inertia")
    assert record["weak"] is True and all(c["weak"] for c in record["citations"])


def test_link_notes_reach_every_output() -> None:
    from conftest import run, run_json

    shown = run("show", "1954-resistance-war-against-us").stdout
    # A named link's note, not only an inferred one's.
    assert (
        "partners[1]: Laos (ally) [laos]: the article\u2019s \u201cLaos and Cambodia\u201d" in shown
    )
    assert "Laos (ally*)" in run("timeline", "--partner", "laos").stdout
    table = " ".join(run("timeline", "--format", "table", "--partner", "laos").stdout.split())
    assert "Laos (ally*)" in table and "* the partner link has a note (vpa show ID)" in table
    rows = {r["id"]: r for r in run_json("timeline", "--partner", "laos")}
    assert rows["1954-resistance-war-against-us"]["partners"][1]["note"]
    profile = run("partner", "laos").stdout
    assert "ally: the article\u2019s \u201cLaos and Cambodia\u201d are, in this war" in profile


def test_search_flags_what_rests_only_on_weak_sources() -> None:
    from conftest import run, run_json

    plain = run("search", "bureaucratic").stdout.splitlines()
    assert plain[0].endswith("[weak source only]")
    table = run("search", "bureaucratic", "--format", "table").stdout
    assert "[weak source only]" in table
    # The essay's record and passages are flagged; the records that only point to it
    # (their notes name its id) rest on other sources and are not.
    weak = {h["id"]: h["weak"] for h in run_json("search", "bureaucratic")}
    assert weak["critique-bureaucratic-inertia"] and weak["vpa-impact:59"]
    assert weak["causes-of-integration-limitations"] is False
    weak = {h["id"]: h["weak"] for h in run_json("search", "four no's", "--type", "fact")}
    assert weak["four-nos-policy"] is False and weak["essay-strategic-alliances"] is True


def test_a_profile_gives_the_partners_role_in_each_event() -> None:
    from conftest import run

    china = run("partner", "china").stdout
    war = next(x for x in china.splitlines() if "\t1954-resistance-war-against-us\t" in x)
    assert war.split("\t")[5].startswith("donor: ")
    us = run("partner", "us").stdout
    war = next(x for x in us.splitlines() if "\t1954-resistance-war-against-us\t" in x)
    assert war.split("\t")[5].startswith("adversary: ")


def test_timelinejs_ranges_run_to_their_as_of_date_and_cite_places() -> None:
    from conftest import run

    doc = run("timeline", "--format", "timelinejs", "--kind", "peacekeeping").json()
    slide = next(s for s in doc["events"] if s["unique_id"] == "2014-un-peacekeeping-deployments")
    assert slide["display_date"] == "since 2014 (as of 2 Sep 2025)"
    assert (slide["end_date"]["year"], slide["end_date"]["month"]) == (2025, 9)
    assert "dd-achievements, para. 6, line 10" in slide["text"]["text"]


def test_the_csv_follows_the_declarations_and_leaves_an_open_end_empty() -> None:
    import csv

    from conftest import run

    from vpa_cli.claims.columns import header

    text = run("timeline", "--format", "csv").stdout
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(text))}
    assert list(next(iter(rows.values()))) == header(Event)
    deployments = rows["2014-un-peacekeeping-deployments"]
    assert (deployments["date_end"], deployments["until_end"]) == ("", "2025-09-02")
    assert deployments["date_label"] == "" and deployments["date_shown"].startswith("since 2014")


def test_a_new_field_appears_in_the_csv_without_touching_the_csv_code(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from vpa_cli.claims import columns
    from vpa_cli.records.fields import text

    field = text(default=None, doc="a field added for this test")
    field.__set_name__(Event, "added_for_test")
    monkeypatch.setattr(Event, "FIELDS", (*Event.FIELDS, field))
    monkeypatch.setattr(columns, "_COLUMNS", {})
    assert columns.header(Event)[-1] == "added_for_test"


def test_the_meaning_of_a_date_basis_is_written_once() -> None:
    from vpa_cli.claims import marks
    from vpa_cli.records import vocab

    root = Path(__file__).resolve().parents[1] / "src" / "vpa_cli"
    for basis, words in vocab.DATE_BASES.items():
        said = words[:30]  # the start of the meaning, which no other wording shares
        homes = [
            p.relative_to(root).as_posix()
            for p in root.rglob("*")
            if p.suffix in (".py", ".js", ".html", ".css") and said in p.read_text("utf-8")
        ]
        assert homes == ["records/vocab.py"], (basis, homes)
        assert words in marks.vocabulary()["date_bases"][basis]["words"]  # type: ignore[index]


def test_quote_places_a_line_as_every_output_does() -> None:
    from conftest import run

    found = run("quote", "seeds/001_212ba304d4f30ccf.txt", "Since 2014, Vietnam has deployed")
    assert found.exit_code == 0
    assert "dd-achievements, para. 6, line 10" in found.stderr
    # A line of the teaser printed after the 2015 article is the teaser's.
    found = run("quote", "seeds/004_aac104a5e011c3b2.txt", "the era of national independence")
    assert '"source": "august-1945-uprising-teaser", "line": 34' in found.stdout
    assert "august-1945-uprising-teaser, para. 1, line 34" in found.stderr
    wrong = run(
        "quote", "seeds/004_aac104a5e011c3b2.txt", "General Uprising", "--source",
        "nguyen-chi-vinh-2015",
    )  # fmt: skip
    assert wrong.exit_code == 2 and "it is a line of august-1945-uprising-teaser" in wrong.stderr
