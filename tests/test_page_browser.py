"""The HTML page in a real browser: Debian's chromium driven by selenium and chromedriver.

The page is opened from a file:// URL and checked for console errors, network
requests, every event, the evidence behind each (the panel shows the list's own
article), keyboard reach, weak events marked on the axis, the year scale kept in
view, and layout at a desktop and a phone size, light and dark. Screenshots go to
$VPA_SCREENSHOTS, else to pytest's temporary directory; their paths are printed
(`pytest -s` shows them).
Skipped, with the reason, where chromium, chromedriver or selenium are missing.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import MISSING, chromium
from test_page import (
    AS_OF_DAY,
    HOSTILE,
    hostile_payload,
    payload_from_dataset,
    variety_payload,
)

from vpa_cli.page import render_page

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")

from selenium.common.exceptions import NoAlertPresentException  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402

if MISSING:
    pytest.skip(MISSING, allow_module_level=True)

DESKTOP = (1280, 800)
PHONE = (390, 844)


@pytest.fixture(scope="module")
def driver() -> Iterator[Any]:
    with chromium(webdriver) as browser:
        yield browser


@pytest.fixture(scope="module")
def payload() -> dict[str, Any]:
    return payload_from_dataset()


@pytest.fixture(scope="module")
def page_url(payload: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("page") / "timeline.html"
    path.write_text(render_page(payload), encoding="utf-8")
    return path.as_uri()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    where = os.environ.get("VPA_SCREENSHOTS")
    path = Path(where) if where else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


def show(driver: Any, url: str, size: tuple[int, int] = DESKTOP, dark: bool = False) -> None:
    """Open `url` in a viewport of `size` (a phone below 600 px wide) and colour scheme."""
    width, height = size
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600},
    )
    scheme = "dark" if dark else "light"
    driver.execute_cdp_cmd(
        "Emulation.setEmulatedMedia",
        {"media": "", "features": [{"name": "prefers-color-scheme", "value": scheme}]},
    )
    driver.get("about:blank")
    for log in ("browser", "performance"):
        driver.get_log(log)  # drop what earlier pages logged
    driver.get(url)


def axis_ids(driver: Any) -> list[str]:
    ids: list[str] = driver.execute_script(
        "return [...document.querySelectorAll('#axis g.event')].map(g => g.dataset.id)"
    )
    return ids


def panel_state(driver: Any) -> dict[str, Any]:
    state: dict[str, Any] = driver.execute_script(
        """const panel = document.getElementById('panel');
        return {hidden: panel.hidden,
                title: (document.getElementById('panel-title') || {}).textContent,
                labelled: panel.getAttribute('aria-labelledby') === 'panel-title'
                    && panel.contains(document.getElementById('panel-title')),
                quotes: [...panel.querySelectorAll('ol.quotes blockquote')].map(b => b.textContent),
                links: [...panel.querySelectorAll('.quotes a')].map(a => a.getAttribute('href')),
                broken: [...panel.querySelectorAll('a')].map(a => a.getAttribute('href'))
                    .filter(h => !document.getElementById(decodeURIComponent(h.slice(1))))}"""
    )
    return state


def assert_evidence(driver: Any, event: dict[str, Any]) -> None:
    state = panel_state(driver)
    assert not state["hidden"], event["id"]
    assert state["labelled"], event["id"]
    assert state["title"] == event["title"]
    assert state["quotes"] == [c["quote"] for c in event["citations"]]
    assert state["links"] == [f"#src-{c['source']}-{c['line']}" for c in event["citations"]]
    assert state["broken"] == []


def mark_of(driver: Any, event_id: str) -> Any:
    """An event's mark on the axis (its `g.event`)."""
    return next(
        g
        for g in driver.find_elements(By.CSS_SELECTOR, "#axis g.event")
        if g.get_attribute("data-id") == event_id
    )


def focused_id(driver: Any) -> str | None:
    focused: str | None = driver.execute_script("return document.activeElement.dataset.id || null")
    return focused


# ---------------------------------------------------------------- tests


def test_opens_offline_without_errors_or_requests(driver: Any, page_url: str) -> None:
    show(driver, page_url)
    severe = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    assert severe == []
    requested = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            requested.append(message["params"]["request"]["url"])
    assert page_url in requested  # the log is read, so the next line can fail
    assert [u for u in requested if not u.startswith(("file:", "data:"))] == []


def test_every_event_is_on_the_axis_and_in_the_list(
    driver: Any, page_url: str, payload: dict[str, Any]
) -> None:
    show(driver, page_url)
    ids = [e["id"] for e in payload["events"]]
    assert axis_ids(driver) == ids  # drawn in date order, which is also the Tab order
    listed = driver.execute_script(
        "return [...document.querySelectorAll('#list article')].map(a => a.id)"
    )
    assert listed == [f"event-{i}" for i in ids]


def test_clicking_an_event_shows_its_evidence(
    driver: Any, page_url: str, payload: dict[str, Any]
) -> None:
    show(driver, page_url)
    for event in payload["events"]:
        mark = next(
            g
            for g in driver.find_elements(By.CSS_SELECTOR, "#axis g.event")
            if g.get_attribute("data-id") == event["id"]
        )
        driver.execute_script(
            "arguments[0].scrollIntoView({block: 'center', inline: 'center'})", mark
        )
        mark.find_element(By.CSS_SELECTOR, ".mark").click()
        assert_evidence(driver, event)
        driver.switch_to.active_element.send_keys(Keys.ESCAPE)
        assert panel_state(driver)["hidden"]
        assert focused_id(driver) == event["id"]  # focus goes back to the event


def test_keyboard_reaches_every_event_in_date_order_and_opens_it(
    driver: Any, page_url: str, payload: dict[str, Any]
) -> None:
    show(driver, page_url)
    ids = [e["id"] for e in payload["events"]]
    reached: list[str] = []
    body = driver.find_element(By.TAG_NAME, "body")
    body.click()
    for _ in range(len(ids) + 40):
        driver.switch_to.active_element.send_keys(Keys.TAB)
        current = focused_id(driver)
        if current and current not in reached:
            reached.append(current)
        if len(reached) == len(ids):
            break
    assert reached == ids
    event = payload["events"][-1]
    driver.switch_to.active_element.send_keys(Keys.ENTER)
    assert_evidence(driver, event)
    driver.switch_to.active_element.send_keys(Keys.ESCAPE)
    assert focused_id(driver) == event["id"]
    driver.switch_to.active_element.send_keys(Keys.SPACE)
    assert_evidence(driver, event)


def test_quote_link_leads_to_the_cited_line(
    driver: Any, page_url: str, payload: dict[str, Any]
) -> None:
    show(driver, page_url)
    event = payload["events"][0]
    driver.find_element(By.CSS_SELECTOR, "#axis g.event").send_keys(Keys.ENTER)
    driver.find_element(By.CSS_SELECTOR, "#panel .quotes a").click()
    citation = event["citations"][0]
    target = f"src-{citation['source']}-{citation['line']}"
    assert driver.execute_script("return location.hash") == f"#{target}"
    assert panel_state(driver)["hidden"]  # the panel steps aside for the sources
    line = driver.find_element(By.ID, target)
    assert citation["quote"] in line.text


def test_zoom_with_buttons_and_keys(driver: Any, page_url: str) -> None:
    show(driver, page_url)
    width = "return document.querySelector('#axis svg').getAttribute('width') * 1"
    fit = driver.execute_script(width)
    driver.find_element(By.ID, "zoom-in").click()
    assert driver.execute_script(width) > fit
    driver.find_element(By.ID, "zoom-fit").click()
    assert driver.execute_script(width) == fit
    body = driver.find_element(By.TAG_NAME, "body")
    body.send_keys("+")
    body.send_keys("+")
    zoomed = driver.execute_script(width)
    assert zoomed > fit
    assert driver.execute_script("return document.getElementById('axis').scrollWidth") > (
        driver.execute_script("return document.getElementById('axis').clientWidth")
    )
    body.send_keys("-")
    assert fit < driver.execute_script(width) < zoomed


def test_filters_by_kind_and_partner(driver: Any, page_url: str, payload: dict[str, Any]) -> None:
    show(driver, page_url)
    kind = payload["events"][0]["kind"]
    driver.find_element(By.CSS_SELECTOR, f"#kind-filters input[value='{kind}']").click()
    expected = [e["id"] for e in payload["events"] if e["kind"] != kind]
    assert axis_ids(driver) == expected
    hidden = driver.execute_script(
        "return [...document.querySelectorAll('#list article[hidden]')].map(a => a.id.slice(6))"
    )
    assert hidden == [e["id"] for e in payload["events"] if e["kind"] == kind]
    show(driver, page_url)
    partner = next(p for e in payload["events"] for p in e["partners"])
    select = driver.find_element(By.ID, "partner-filter")
    select.find_element(By.CSS_SELECTOR, f"option[value='{partner['id']}']").click()
    with_partner = [
        e["id"] for e in payload["events"] if partner["id"] in [p["id"] for p in e["partners"]]
    ]
    assert axis_ids(driver) == with_partner


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["1280x800", "390x844"])
@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_renders_without_overflow_and_saves_screenshots(
    driver: Any,
    page_url: str,
    payload: dict[str, Any],
    shots: Path,
    size: tuple[int, int],
    dark: bool,
) -> None:
    show(driver, page_url, size, dark)
    overflow = "return document.documentElement.scrollWidth - window.innerWidth"
    assert driver.execute_script(overflow) <= 1
    background = driver.execute_script("return getComputedStyle(document.body).backgroundColor")
    assert (background == "rgb(21, 23, 26)") == dark
    name = f"page-{size[0]}x{size[1]}-{'dark' if dark else 'light'}"
    driver.save_screenshot(str(shots / f"{name}.png"))
    print(shots / f"{name}.png")
    event = next(e for e in payload["events"] if e["date"]["basis"] == "supplied")
    mark = next(
        g
        for g in driver.find_elements(By.CSS_SELECTOR, "#axis g.event")
        if g.get_attribute("data-id") == event["id"]
    )
    mark.send_keys(Keys.ENTER)
    assert_evidence(driver, event)
    panel = driver.execute_script(
        "return document.getElementById('panel').getBoundingClientRect().width"
    )
    if size == PHONE:
        assert panel == size[0]  # the panel takes the whole width of a phone
    else:
        assert panel < size[0] / 2
    assert driver.execute_script(overflow) <= 1
    driver.save_screenshot(str(shots / f"{name}-evidence.png"))
    print(shots / f"{name}-evidence.png")


def test_print_shows_the_list_not_the_axis(driver: Any, page_url: str) -> None:
    show(driver, page_url)
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        shown = driver.execute_script(
            "return ['app', 'list', 'sources'].map(id => "
            "getComputedStyle(document.getElementById(id)).display)"
        )
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    assert shown[0] == "none" and "none" not in shown[1:]


def test_hostile_text_stays_text_in_the_browser(driver: Any, tmp_path: Path) -> None:
    payload = hostile_payload()
    path = tmp_path / "hostile.html"
    path.write_text(render_page(payload), encoding="utf-8")
    show(driver, path.as_uri())
    with pytest.raises(NoAlertPresentException):
        driver.switch_to.alert.text  # noqa: B018
    assert driver.execute_script("return document.querySelectorAll('b').length") == 0
    assert driver.execute_script("return document.querySelectorAll('script').length") == 2
    assert driver.find_element(By.TAG_NAME, "h1").text == f"{HOSTILE} ({HOSTILE})"
    assert driver.find_element(By.CSS_SELECTOR, "#key-weak .key-text").text == HOSTILE
    driver.find_element(By.CSS_SELECTOR, "#axis g.event").send_keys(Keys.ENTER)
    assert panel_state(driver)["title"] == HOSTILE
    assert [e for e in driver.get_log("browser") if e["level"] == "SEVERE"] == []


def test_every_date_shape_is_drawn(driver: Any, tmp_path: Path, shots: Path) -> None:
    payload = variety_payload()
    path = tmp_path / "shapes.html"
    path.write_text(render_page(payload), encoding="utf-8")
    show(driver, path.as_uri())
    assert axis_ids(driver) == [e["id"] for e in payload["events"]]
    drawn = driver.execute_script(
        """return Object.fromEntries([...document.querySelectorAll('#axis g.event')].map(g =>
            [g.dataset.id, {fuzzy: g.classList.contains('fuzzy'),
                            point: g.querySelector('path.mark') !== null,
                            tails: g.querySelectorAll('.tail').length,
                            asOf: (g.querySelector('.as-of') || {}).textContent || null}]))"""
    )
    for event in payload["events"]:
        date, mark = event["date"], drawn[event["id"]]
        assert mark["fuzzy"] == (date["approximate"] or date["uncertain"]), event["id"]
        assert mark["point"] == (date["precision"] == "day"), event["id"]
        assert mark["tails"] == date["open_start"] + date["open_end"], event["id"]
        if date["open_end"]:
            as_of = date["as_of_shown"]
            assert mark["asOf"] == (f"as of {as_of}" if as_of else "open"), event["id"]
    driver.save_screenshot(str(shots / "page-date-shapes.png"))
    print(shots / "page-date-shapes.png")
    assert [e for e in driver.get_log("browser") if e["level"] == "SEVERE"] == []


ONE_RENDERING = """
const [id] = arguments;
const panel = document.getElementById('panel');
const listed = document.getElementById('event-' + id);
const copy = panel.querySelector('article');
const shape = (node) => [...node.querySelectorAll('*')].map(n => n.tagName + '.' + n.className);
const ids = [...document.querySelectorAll('[id]')].map(n => n.id);
return {panel: copy.textContent, list: listed.textContent,
        panelShape: shape(copy), listShape: shape(listed),
        articles: panel.querySelectorAll('article').length,
        besides: [...panel.children].filter(n => n !== copy).map(n => n.textContent.trim()),
        duplicateIds: ids.filter((x, i) => ids.indexOf(x) !== i)};
"""


def test_the_panel_shows_the_events_article_from_the_list(
    driver: Any, page_url: str, payload: dict[str, Any]
) -> None:
    """One rendering of each event: the panel holds a copy of its article in the list
    (same text, same elements), the close button, and no id twice on the page."""
    show(driver, page_url)
    for event in payload["events"]:
        mark_of(driver, event["id"]).send_keys(Keys.ENTER)
        assert_evidence(driver, event)
        seen = driver.execute_script(ONE_RENDERING, event["id"])
        assert seen["articles"] == 1, event["id"]
        assert seen["panel"] == seen["list"], event["id"]
        assert seen["panelShape"] == seen["listShape"], event["id"]
        assert seen["besides"] == ["Close ✕"], event["id"]
        assert seen["duplicateIds"] == [], event["id"]
        driver.switch_to.active_element.send_keys(Keys.ESCAPE)
        assert panel_state(driver)["hidden"]


def test_an_open_range_runs_to_its_as_of_date_at_its_precision(
    driver: Any, page_url: str, payload: dict[str, Any]
) -> None:
    """ "as of 2 Sep 2025" on the axis, in the mark's label for screen readers, in the list
    and in the panel: the as-of date at its own precision, not cut to its year."""
    event = next(e for e in payload["events"] if e["id"] == AS_OF_DAY)
    assert event["date"]["as_of_shown"] == "2 Sep 2025"
    show(driver, page_url)
    mark = mark_of(driver, AS_OF_DAY)
    assert mark.find_element(By.CSS_SELECTOR, ".as-of").get_attribute("textContent") == (
        "as of 2 Sep 2025"
    )
    assert "open-ended, as of 2 Sep 2025" in mark.get_attribute("aria-label")
    listed = driver.find_element(By.ID, f"event-{AS_OF_DAY}").get_attribute("textContent")
    assert "speak of it as of 2 Sep 2025." in listed
    mark.send_keys(Keys.ENTER)
    shown = driver.find_element(By.CSS_SELECTOR, "#panel article").get_attribute("textContent")
    assert "speak of it as of 2 Sep 2025." in shown


def test_a_filtered_page_says_what_it_shows(driver: Any, page_url: str, tmp_path: Path) -> None:
    """The heading names the filters; the partner menu's first choice does not claim
    "All partners" on a page that holds some of them."""
    first = "return document.querySelector('#partner-filter option').textContent"
    show(driver, page_url)
    assert driver.execute_script(first) == "All partners"
    payload = payload_from_dataset(partners=("united-states",), date_from="2010")
    path = tmp_path / "filtered.html"
    path.write_text(render_page(payload), encoding="utf-8")
    show(driver, path.as_uri())
    heading = driver.find_element(By.TAG_NAME, "h1").text
    assert "partner United States" in heading and "from 1 Jan 2010" in heading, heading
    assert driver.execute_script(first) == "All on this page"
    assert axis_ids(driver) == [e["id"] for e in payload["events"]]


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_weak_events_are_marked_on_the_axis(
    driver: Any, page_url: str, payload: dict[str, Any], dark: bool
) -> None:
    """A weak event's mark is hatched (its fill a pattern, its stripes unlike its ground
    in either scheme) and outlined; the key explains the hatch with the data's flag."""
    show(driver, page_url, dark=dark)
    weak = {e["id"] for e in payload["events"] if e["weak"]}
    assert weak and len(weak) < len(payload["events"])
    drawn = driver.execute_script(
        """return [...document.querySelectorAll('#axis g.event')].map(g => {
            const mark = getComputedStyle(g.querySelector('.mark'));
            return {id: g.dataset.id, kind: g.getAttribute('class'), fill: mark.fill,
                    stroke: mark.stroke, label: g.getAttribute('aria-label')};
        })"""
    )
    kinds = {e["id"]: e["kind"] for e in payload["events"]}
    for mark in drawn:
        if mark["id"] in weak:
            assert mark["fill"].startswith("url("), mark
            assert mark["stroke"] != "none", mark
            assert mark["label"].endswith(", " + payload["marks"]["weak_claim"]), mark
        else:
            assert not mark["fill"].startswith("url("), mark
    for mark in drawn:  # and unlike a sound event of its own kind, where there is one
        same = [m for m in drawn if kinds[m["id"]] == kinds[mark["id"]] and m["id"] not in weak]
        if mark["id"] in weak and same:
            assert mark["fill"] != same[0]["fill"], mark
    hatch = driver.execute_script(
        """return [...document.querySelectorAll('#axis pattern')].map(p =>
            [getComputedStyle(p.querySelector('.hatch-bg')).fill,
             getComputedStyle(p.querySelector('.hatch-stripe')).fill])"""
    )
    assert hatch and all(ground != stripe for ground, stripe in hatch), hatch
    key = driver.find_element(By.ID, "key-weak")
    assert key.is_displayed() and key.text == payload["marks"]["weak_claim"]


SCROLLED_TO_THE_END = """
const axis = document.getElementById('axis');
axis.scrollIntoView({block: 'start'});
axis.scrollTop = axis.scrollHeight;
const box = axis.getBoundingClientRect();
const top = box.top + axis.clientTop, bottom = top + axis.clientHeight;
const left = box.left + axis.clientLeft, right = left + axis.clientWidth;
const lanes = [...axis.querySelectorAll('.lane-bg')];
const last = lanes[lanes.length - 1].getBoundingClientRect();
const labels = [...axis.querySelectorAll('.tick-label')].map(t => t.getBoundingClientRect())
    .filter(r => r.right > left && r.left < right);
return {scrolls: axis.scrollHeight > axis.clientHeight, scrollTop: axis.scrollTop, top, bottom,
        last: [last.top, last.bottom], labels: labels.map(r => [r.top, r.bottom])};
"""


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["1280x800", "390x844"])
def test_year_scale_stays_in_view_while_the_lanes_scroll(
    driver: Any, page_url: str, size: tuple[int, int]
) -> None:
    show(driver, page_url, size)
    seen = driver.execute_script(SCROLLED_TO_THE_END)
    assert seen["scrolls"] and seen["scrollTop"] > 0, seen  # else this proves nothing
    top, bottom = seen["top"], seen["bottom"]
    assert top < seen["last"][1] <= bottom + 1, seen  # the last lane is in view
    assert seen["labels"], seen
    for label_top, label_bottom in seen["labels"]:
        assert top - 0.5 <= label_top and label_bottom <= bottom, seen


FIRST_SCREEN = """
const axis = document.getElementById('axis');
const box = axis.getBoundingClientRect();
const scale = axis.querySelector('.scale').getBoundingClientRect();
const left = Math.max(0, box.left + axis.clientLeft);
const right = Math.min(innerWidth, box.left + axis.clientLeft + axis.clientWidth);
const top = Math.max(0, scale.bottom);
const bottom = Math.min(innerHeight, box.top + axis.clientTop + axis.clientHeight);
const marks = [...axis.querySelectorAll('g.event')].map(g =>
    ({id: g.dataset.id, r: g.querySelector('.mark').getBoundingClientRect()}));
const inside = (r) => r.left >= left && r.right <= right && r.top >= top && r.bottom <= bottom;
const across = (r, shift) => r.right + shift > left && r.left + shift < right;
return {scrollY: window.scrollY, total: marks.length,
        inside: marks.filter(m => inside(m.r)).map(m => m.id),
        inView: marks.filter(m => across(m.r, 0)).length,
        atStart: marks.filter(m => across(m.r, axis.scrollLeft)).length};
"""


def test_a_phone_opens_on_the_events(driver: Any, page_url: str) -> None:
    """At 390x844 the first screen shows the timeline, not only the header and the
    controls, and the axis opens on the decades that hold most of the events."""
    show(driver, page_url, PHONE)
    seen = driver.execute_script(FIRST_SCREEN)
    assert seen["scrollY"] == 0
    assert seen["inside"], seen  # a whole mark, without scrolling the page
    assert seen["inView"] * 2 > seen["total"], seen
    assert seen["inView"] > seen["atStart"], seen  # scrolled there, not left at the start
