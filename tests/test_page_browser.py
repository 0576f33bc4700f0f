"""The HTML page in a real browser: Debian's chromium driven by selenium and chromedriver.

The page is opened from a file:// URL and checked for console errors, network
requests, every event, the evidence behind each, keyboard reach, and layout at a
desktop and a phone size, light and dark. Screenshots go to $VPA_SCREENSHOTS, else
to pytest's temporary directory; their paths are printed (`pytest -s` shows them).
Skipped, with the reason, where chromium, chromedriver or selenium are missing.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_page import HOSTILE, hostile_payload, payload_from_dataset, variety_payload

from vpa_cli.page import render_page

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")

from selenium.common.exceptions import NoAlertPresentException  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402

BROWSER = next(filter(None, map(shutil.which, ("chromium", "chromium-browser"))), None)
DRIVER = shutil.which("chromedriver")
if not (BROWSER and DRIVER):
    pytest.skip(
        "needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)",
        allow_module_level=True,
    )

DESKTOP = (1280, 800)
PHONE = (390, 844)


@pytest.fixture(scope="module")
def driver() -> Iterator[Any]:
    profile = tempfile.mkdtemp(prefix="vpa-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(BROWSER)
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        f"--user-data-dir={profile}",
        "--window-size=1280,800",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    browser = webdriver.Chrome(options=options, service=webdriver.ChromeService(str(DRIVER)))
    try:
        yield browser
    finally:
        browser.quit()
        shutil.rmtree(profile, ignore_errors=True)


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
                title: (panel.querySelector('h2') || {}).textContent,
                quotes: [...panel.querySelectorAll('blockquote')].map(b => b.textContent),
                links: [...panel.querySelectorAll('.quotes a')].map(a => a.getAttribute('href')),
                broken: [...panel.querySelectorAll('a')].map(a => a.getAttribute('href'))
                    .filter(h => !document.getElementById(decodeURIComponent(h.slice(1))))}"""
    )
    return state


def assert_evidence(driver: Any, event: dict[str, Any]) -> None:
    state = panel_state(driver)
    assert not state["hidden"], event["id"]
    assert state["title"] == event["title"]
    assert state["quotes"] == [c["quote"] for c in event["citations"]]
    assert state["links"] == [f"#src-{c['source']}-{c['line']}" for c in event["citations"]]
    assert state["broken"] == []


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
    assert driver.find_element(By.TAG_NAME, "h1").text == HOSTILE
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
            as_of = date["as_of"]
            assert mark["asOf"] == (f"as of {as_of[:4]}" if as_of else "open"), event["id"]
    driver.save_screenshot(str(shots / "page-date-shapes.png"))
    print(shots / "page-date-shapes.png")
    assert [e for e in driver.get_log("browser") if e["level"] == "SEVERE"] == []
