"""Debian's chromium, headless, driven by selenium and chromedriver: shared by the
browser tests (the HTML page, and our TimelineJS JSON in TimelineJS itself)."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

BROWSER = next(filter(None, map(shutil.which, ("chromium", "chromium-browser"))), None)
DRIVER = shutil.which("chromedriver")
MISSING = (
    None
    if BROWSER and DRIVER
    else "needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)"
)


@contextmanager
def chromium(webdriver: Any) -> Iterator[Any]:
    """A headless chromium with a throwaway profile and nothing running in the background."""
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
