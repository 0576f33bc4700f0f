"""The self-contained HTML page (vpa_cli.page): nothing fetched from outside, data
shown as text and never as markup, every event listed and every quote anchored.

`payload_from_dataset` builds the page's payload from the bundled data, the way
`vpa timeline --format html` does (with its filters, if any); the browser tests
(test_page_browser.py) use it too.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import json
import re
import subprocess
import sys
from html import unescape
from html.parser import HTMLParser
from importlib.resources import files
from typing import Any

import pytest

from vpa_cli.loading.reading import load_dataset
from vpa_cli.page import render_page, script_json
from vpa_cli.page.payload import TITLE

HOSTILE = "</script><script>alert(1)</script><b>x</b>"
LEGEND = {"supplied": "\u2020", "derived": "\u2021"}
# An open range whose sources speak of it to a day: its as-of date is shown to the day.
AS_OF_DAY = "2014-un-peacekeeping-deployments"
TEASER = "august-1945-uprising-teaser"
# What the script of the page used to say of a supplied date, restating its meaning.
OLD_SUPPLIED = "general knowledge"


# ---------------------------------------------------------------- the payload


def payload_from_dataset(**options: Any) -> dict[str, Any]:
    """The page's data for the bundled events `vpa timeline` selects with `options`
    (`build_query`'s: `partners=("united-states",), date_from="2010"`), named in its
    heading, as `vpa timeline --format html` builds it."""
    from vpa_cli.claims.view import Claims, Listing
    from vpa_cli.page.payload import build_payload
    from vpa_cli.queries.timeline import build_query, select_events

    dataset = load_dataset([])
    query = build_query(dataset, **options)
    events = select_events(dataset, query)
    listing = Listing(Claims(dataset), events, query.headline(dataset))
    return build_payload(listing)  # generated from "vpa: 32 events", as the command writes


def hostile_payload() -> dict[str, Any]:
    """A small payload whose every text field tries to end the script or add markup."""
    payload = payload_from_dataset()
    payload["events"] = payload["events"][:3]
    payload["title"] = payload["generated_from"] = HOSTILE
    payload["filters"] = [HOSTILE]
    payload["marks"]["weak_claim"] = HOSTILE
    for basis in payload["marks"]["date_bases"].values():
        basis["words"] = HOSTILE
    for event in payload["events"]:
        event["title"] = event["summary"] = event["note"] = HOSTILE
        event["date"]["note"] = event["date"]["source_says"] = HOSTILE
        event["date"]["shown"] = event["date"]["as_of_shown"] = HOSTILE
        event["citations"][0]["quote"] = HOSTILE + "\u2028\u2029 & {{script}}"
        event["citations"][0]["where"] = HOSTILE
        for partner in event["partners"]:
            partner["name"] = partner["role"] = partner["note"] = HOSTILE
    for source in payload["sources"]:
        source["reference"] = source["assessment"] = source["speaker"] = HOSTILE
        for line in source["lines"]:
            line["text"] = HOSTILE
    return payload


def variety_payload() -> dict[str, Any]:
    """Dates of every shape the page draws, which the bundled data may not all have:
    open at the start, open at the end with and without an as-of date, approximate,
    uncertain, a day, and a partner with a role."""
    payload = payload_from_dataset()
    as_of = {"as_of": "2018-03-22", "as_of_shown": "22 Mar 2018"}
    shapes = [
        ("../1975", "until 1975", None, "1975-12-31", None, "year", {"open_start": True}),
        ("1995~", "c. 1995", "1995-01-01", "1995-12-31", None, "year", {"approximate": True}),
        ("2014/..", "since 2014", "2014-01-01", None, as_of, "year", {"open_end": True}),
        ("2016/..", "since 2016", "2016-01-01", None, None, "year", {"open_end": True}),
        (
            "2015-03-02?",
            "2 Mar 2015?",
            "2015-03-02",
            "2015-03-02",
            None,
            "day",
            {"uncertain": True},
        ),
    ]
    events = []
    for event, (text, display, start, end, until, precision, flags) in zip(
        payload["events"][: len(shapes)], shapes, strict=True
    ):
        event = copy.deepcopy(event)
        event["date"].update(
            text=text,
            label=display,
            display=display,
            shown=display + event["date"]["mark"],
            start=start,
            end=end,
            as_of=None,
            as_of_shown=None,
            precision=precision,
            approximate=False,
            uncertain=False,
            open_start=False,
            open_end=False,
        )
        event["date"].update(flags, **(until or {}))
        events.append(event)
    events[1]["partners"] = [
        {
            "id": "united-states",
            "name": "United States",
            "role": "counterpart",
            "basis": "inferred",
            "note": None,
            "shown": "United States (counterpart, inferred)",
        }
    ]
    payload["events"] = sorted(events, key=lambda e: e["date"]["start"] or "")
    return payload


@pytest.fixture(scope="module")
def payload() -> dict[str, Any]:
    return payload_from_dataset()


@pytest.fixture(scope="module")
def page(payload: dict[str, Any]) -> str:
    return render_page(payload)


# ---------------------------------------------------------------- parsing the page


class Parsed(HTMLParser):
    """Every element with its attributes, the ids, and the text inside each element kind."""

    def __init__(self, document: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.ids: set[str] = set()
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self.text: list[str] = []
        self._in: str | None = None
        self.feed(document)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if attributes.get("id"):
            self.ids.add(str(attributes["id"]))
        if tag in ("script", "style"):
            self._in = tag

    def handle_endtag(self, tag: str) -> None:
        if tag == self._in:
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "script":
            self.scripts.append(data)
        elif self._in == "style":
            self.styles.append(data)
        else:
            self.text.append(data)

    def attribute_values(self, name: str) -> list[str]:
        return [str(a[name]) for _, a in self.tags if a.get(name) is not None]


def data_block(document: str) -> Any:
    match = re.search(r'<script type="application/json" id="vpa-data">(.*?)</script>', document)
    assert match, "no #vpa-data block"
    return json.loads(match[1])


# ---------------------------------------------------------------- tests


def test_page_is_one_html_document_with_the_data_inside(page: str, payload: dict[str, Any]) -> None:
    assert page.startswith("<!DOCTYPE html>")
    assert data_block(page) == payload
    parsed = Parsed(page)
    assert [t for t, _ in parsed.tags].count("script") == 2  # the data and the code
    assert [t for t, _ in parsed.tags].count("style") == 1


def test_no_reference_leaves_the_page(page: str) -> None:
    parsed = Parsed(page)
    for name in ("src", "href", "action", "srcset", "poster", "data", "formaction"):
        for value in parsed.attribute_values(name):
            assert value.startswith("#"), f"{name}={value!r} points outside the page"
    for tag, attrs in parsed.tags:
        for attr, raw in attrs.items():
            if attr != "content":  # the CSP names no place, only 'none' and hashes
                assert "//" not in (raw or ""), f"<{tag} {attr}={raw!r}>"
    code = "\n".join(parsed.scripts[1:] + parsed.styles)
    assert not re.search(r"url\(\s*(?![\s'\"]*#)", code), "url() to something other than #id"
    for call in (
        "@import",
        "fetch(",
        "XMLHttpRequest",
        "import(",
        "WebSocket",
        "EventSource",
        "sendBeacon",
        "Worker(",
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "document.write",
        "eval(",
    ):
        assert call not in code, f"the page's code uses {call}"
    urls = set(re.findall(r"[a-z]+://[^\s\"'`)]*", code))
    assert urls <= {"http://www.w3.org/2000/svg"}, urls  # SVG's namespace, never fetched


def test_content_security_policy_refuses_the_network_and_matches_the_code(page: str) -> None:
    parsed = Parsed(page)
    csp = next(
        a["content"] for t, a in parsed.tags if a.get("http-equiv") == "Content-Security-Policy"
    )
    assert csp is not None and "default-src 'none'" in csp
    for text in (parsed.scripts[1], parsed.styles[0]):
        digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp  # else the browser refuses our own code


def test_hostile_text_is_shown_as_text() -> None:
    payload = hostile_payload()
    page = render_page(payload)
    parsed = Parsed(page)
    tags = [t for t, _ in parsed.tags]
    assert tags.count("script") == 2 and "b" not in tags
    assert page.count("</script>") == 2
    # The data block holds the payload, its line separators made visible as on a terminal.
    quote = payload["events"][0]["citations"][0]["quote"]
    assert data_block(page)["events"][0]["citations"][0]["quote"] == quote.replace(
        "\u2028\u2029", "<U+2028><U+2029>"
    )
    shown = "".join(parsed.text)
    assert shown.count(HOSTILE) >= 5  # the heading, and each event's title and summary
    assert "{{script}}" in shown  # placeholders in data are not filled in


BIDI = "\u202e\u202d\u202a\u202b\u202c\u2066\u2067\u2068\u2069\u200e\u200f\u061c"


def test_bidirectional_overrides_are_shown_not_acted_on() -> None:
    """A right-to-left override in a title would make it read backwards, and pull the
    page's own words after it along: on the page it is shown as <U+202E>, as on a
    terminal, and text from the data beside the page's words is isolated (<bdi>, CSS)."""
    payload = variety_payload()
    event = next(e for e in payload["events"] if e["partners"])
    event["title"] = "Evil \u202etxt.exe"
    partner = event["partners"][0]
    partner["name"], partner["shown"] = "\u202eLaos", "\u202eLaos (ally)"
    event["citations"][0]["quote"] = BIDI
    page = render_page(payload)
    assert not set(page) & set(BIDI)
    shown = "".join(Parsed(page).text)
    assert "Evil <U+202E>txt.exe" in shown
    assert "<U+202E><U+202D><U+202A>" in shown
    assert "<bdi>&lt;U+202E&gt;Laos</bdi>" in page
    assert "unicode-bidi: isolate" in page


def test_data_block_escapes_what_could_end_it() -> None:
    raw = script_json({"t": "</script><!-- & \u2028\u2029 -->"})
    assert not set(raw) & {"<", ">", "&", "\u2028", "\u2029"}
    assert json.loads(raw) == {"t": "</script><!-- & \u2028\u2029 -->"}


def test_every_event_is_in_the_list_view(page: str, payload: dict[str, Any]) -> None:
    parsed = Parsed(page)
    articles = [a["id"] for t, a in parsed.tags if t == "article" and "event" in (a["class"] or "")]
    assert articles == [f"event-{e['id']}" for e in payload["events"]]
    shown = "".join(parsed.text)
    for event in payload["events"]:
        assert event["title"] in shown
        # The date as every output shows it, its mark after the date itself (for screen
        # readers, the basis in words follows the mark).
        date = event["date"]
        assert date["label"] + date["mark"] in shown
        if date["as_of_shown"]:
            assert f" (as of {date['as_of_shown']})" in shown
        # The page writes what the view's `date_text` says, no more and no less: the
        # label, the mark, then what follows (the as-of date, the source's own date).
        assert date["label"] + date["mark"] + date["tail"] == date["shown"]
        assert date["tail"] in shown
        if date["source_says"]:
            assert f" (source: {date['source_says']})" in date["tail"]


def test_the_list_view_shows_the_date_every_output_shows() -> None:
    """The corrected date of 2013-04-10-politburo-resolution-22 carries what its source
    says in its meta line, as `vpa timeline` shows it, not only in the evidence panel."""
    data = payload_from_dataset()
    page = render_page(data)
    (event,) = [e for e in data["events"] if e["date"]["source_says"]]
    assert event["date"]["tail"].endswith(f" (source: {event['date']['source_says']})")
    article = page[page.index(f'id="event-{event["id"]}"') :]
    meta = unescape(re.sub(r"<[^>]+>", "", article[article.index('class="meta"') :]))
    assert meta.split(" · ")[0].endswith(event["date"]["tail"])


def test_every_link_reaches_an_anchor_and_every_quote_is_linked(
    page: str, payload: dict[str, Any]
) -> None:
    parsed = Parsed(page)
    hrefs = parsed.attribute_values("href")
    missing = [h for h in hrefs if h[1:] not in parsed.ids]
    assert not missing
    for event in payload["events"]:
        for c in event["citations"]:
            assert f"#src-{c['source']}-{c['line']}" in hrefs


def test_sources_section_holds_every_cited_line(page: str, payload: dict[str, Any]) -> None:
    parsed = Parsed(page)
    cited = {(c["source"], c["line"]) for e in payload["events"] for c in e["citations"]}
    assert {f"src-{s}-{n}" for s, n in cited} <= parsed.ids
    assert {f"source-{s['id']}" for s in payload["sources"]} <= parsed.ids
    assert page.index('id="list"') < page.index('id="sources"')


def test_supplied_and_derived_dates_carry_their_mark(page: str, payload: dict[str, Any]) -> None:
    for event in payload["events"]:
        article = page[page.index(f'id="event-{event["id"]}"') :].split("</article>")[0]
        symbol = LEGEND.get(event["date"]["basis"])
        if symbol:
            assert f">{symbol}</span>" in article, event["id"]
        else:
            assert "basis-mark" not in article, event["id"]
    # The legend explains the marks the page's events use, and only those.
    used = {e["date"]["basis"] for e in payload["events"]}
    for basis, symbol in LEGEND.items():
        explained = f'<span class="basis-mark">{symbol}</span> date {basis}: ' in page
        assert explained == (basis in used), basis


def test_every_date_shape_is_listed_with_its_qualities() -> None:
    payload = variety_payload()
    page = render_page(payload)
    text = "".join(Parsed(page).text)
    for event in payload["events"]:
        assert event["date"]["display"] in text
    assert "open-ended: the sources speak of it as of 22 Mar 2018" in text
    assert "open at the start" in text and "approximate" in text and "uncertain" in text
    assert "United States (counterpart, inferred)" in text


def article_of(page: str, event_id: str) -> str:
    """The markup of an event's article in the list view."""
    return page[page.index(f'id="event-{event_id}"') :].split("</article>")[0]


CITE = r'<p class="cite">— <a href="[^"]*">(.*?)</a>'


def text_of(markup: str) -> str:
    return "".join(Parsed(markup).text)


def test_every_quote_is_cited_by_paragraph_and_line_written_once(
    page: str, payload: dict[str, Any]
) -> None:
    """ "para. 6, line 10" (or the line's role: "caption, line 4"), never the line twice."""
    assert not re.search(r"line \d+, line \d+", text_of(page))
    for event in payload["events"]:
        cited = re.findall(CITE, article_of(page, event["id"]))
        assert len(cited) == len(event["citations"]), event["id"]
        for text, citation in zip(map(unescape, cited), event["citations"], strict=True):
            assert re.search(r", (para\. \d+|[a-z][a-z-]*), line \d+$", text), text
            assert text.endswith(f", {citation['where']}"), text
            assert citation["where"].endswith(f"line {citation['line']}"), citation


def test_a_reference_without_a_date_gives_its_full_stop_to_the_place(
    payload: dict[str, Any],
) -> None:
    """A reference ending "(n.d.)." (a work with no date or container): cited, it reads
    "(n.d.), para. 1, line 34", its own full stop giving way."""
    payload = copy.deepcopy(payload)
    event = next(e for e in payload["events"] if TEASER in e["sources"])
    next(s for s in payload["sources"] if s["id"] == TEASER)["reference"] = (
        "An untitled teaser. (n.d.)."
    )
    page = render_page(payload)
    cited = [
        unescape(re.sub("<[^>]+>", "", c))
        for c in re.findall(r'<p class="cite">— <a href="#src-' + TEASER + r'-\d+">(.*?)</a>', page)
    ]
    assert cited and len(cited) >= len([c for c in event["citations"] if c["source"] == TEASER])
    for text in cited:
        assert "(n.d.)., " not in text and "An untitled teaser. (n.d.), para. " in text, text


def test_legend_and_script_take_the_marks_meanings_from_the_payload(
    page: str, payload: dict[str, Any]
) -> None:
    """Each date basis is explained in the words of the data (claims/marks.py), once: the
    legend says them, and the script restates none of them."""
    legend = text_of(page[page.index('<ul class="legend"') :].split("</ul>")[0])
    assert OLD_SUPPLIED not in legend
    used = {e["date"]["basis"] for e in payload["events"]}
    for basis, mark in payload["marks"]["date_bases"].items():
        if mark["mark"] and basis in used:
            assert f"{mark['mark']} date {basis}: {mark['words']}" in legend
            assert mark["line"] == f"date {basis}: {mark['words']}"
    script = files("vpa_cli.page").joinpath("page.js").read_text(encoding="utf-8")
    assert OLD_SUPPLIED not in script and "BASIS" not in script and "legend" not in script
    for basis, mark in payload["marks"]["date_bases"].items():
        assert mark["words"] not in script, basis
        assert mark["mark"] not in script or not mark["mark"], basis
    assert payload["marks"]["weak_claim"] not in script


def test_an_open_range_is_shown_as_of_a_day_at_the_day(page: str, payload: dict[str, Any]) -> None:
    event = next(e for e in payload["events"] if e["id"] == AS_OF_DAY)
    date = event["date"]
    assert date["open_end"] and date["as_of"] == "2025-09-02"
    assert date["as_of_shown"] == "2 Sep 2025"
    text = text_of(article_of(page, AS_OF_DAY))
    assert "open-ended: the sources speak of it as of 2 Sep 2025." in text
    assert "as of 2025." not in text


def test_heading_names_the_filters_of_a_filtered_page() -> None:
    payload = payload_from_dataset(partners=("united-states",), date_from="2010")
    assert payload["filters"] == ["from 1 Jan 2010", "partner United States"]
    page = render_page(payload)
    heading = re.search(r"<h1>(.*?)</h1>", page)
    title = re.search(r"<title>(.*?)</title>", page)
    assert heading and title
    for shown in (unescape(heading[1]), unescape(title[1])):
        assert "partner United States" in shown and "from 1 Jan 2010" in shown, shown
    unfiltered = re.search(r"<h1>(.*?)</h1>", render_page(payload_from_dataset()))
    assert unfiltered and unescape(unfiltered[1]) == TITLE


def test_render_does_not_change_the_payload(payload: dict[str, Any]) -> None:
    before = copy.deepcopy(payload)
    render_page(payload)
    assert payload == before


def test_page_core_imports_neither_typer_nor_rich() -> None:
    code = (
        "import sys, vpa_cli.page; "
        "bad = {'typer', 'rich'} & {m.split('.')[0] for m in sys.modules}; "
        "sys.exit(', '.join(sorted(bad)) or None)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
