"""Open generated maps in headless Chromium with the network blocked (checks and screenshots).

Uses Debian's ``chromium`` and ``chromedriver`` through Selenium (the ``test`` extra);
never downloads a browser. Every http(s)/ws request is blocked (a proxy on a closed
port plus DevTools ``Network.setBlockedURLs``) and recorded, so a page that tries to
reach the network is caught.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.viz.model import VizError

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
CHROMEDRIVER_CANDIDATES = ("/usr/bin/chromedriver",)
#: Flags for a quiet, offline, throw-away headless browser.
CHROMIUM_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
    "--proxy-server=http://127.0.0.1:9",
    "--proxy-bypass-list=<-loopback>",
)
BLOCKED_URLS = ("http://*", "https://*", "ws://*", "wss://*", "ftp://*")


def find_chromium() -> tuple[str, str] | None:
    """Paths of Chromium and chromedriver, or None when either is missing."""
    browser = next((p for p in CHROMIUM_CANDIDATES if Path(p).exists()), None)
    driver = next((p for p in CHROMEDRIVER_CANDIDATES if Path(p).exists()), None)
    driver = driver or shutil.which("chromedriver")
    return (browser, driver) if browser and driver else None


@dataclass
class PageReport:
    """What happened while a page was open."""

    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)


class Browser:
    """A headless Chromium session that opens local files with the network blocked."""

    def __init__(self, driver: Any) -> None:
        self.driver = driver

    def open(self, path: Path, width: int = 1500, height: int = 950) -> None:
        """Load a local HTML file and clear the logs."""
        self.driver.set_window_size(width, height)
        self.driver.get_log("performance")
        self.driver.get_log("browser")
        self.driver.get(Path(path).resolve().as_uri())

    def wait_for(self, script: str, timeout: float = 60.0) -> Any:
        """Poll ``return <script>`` until it is truthy; raise VizError on timeout."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = self.driver.execute_script(f"return {script};")
            if value:
                return value
            time.sleep(0.1)
        raise VizError(f"timed out waiting for {script}")

    def js(self, script: str) -> Any:
        """Run ``return <script>`` in the page."""
        return self.driver.execute_script(f"return {script};")

    def report(self) -> PageReport:
        """Requests to anything but file:/data:/about:/chrome: URLs, and console errors."""
        report = PageReport()
        for entry in self.driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            if message.get("method") == "Network.requestWillBeSent":
                url = message["params"]["request"]["url"]
                if not url.startswith(("file:", "data:", "about:", "chrome", "blob:")):
                    report.requests.append(url)
        for entry in self.driver.get_log("browser"):
            if entry.get("level") == "SEVERE":
                report.console_errors.append(entry.get("message", ""))
        return report

    def screenshot(self, path: Path) -> Path:
        """Save a PNG of the viewport."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        self.driver.save_screenshot(str(path))
        return path


@contextmanager
def chromium() -> Iterator[Browser]:
    """A headless Chromium with a fresh profile, closed (and its profile removed) on exit.

    Raises:
        VizError: when Chromium, chromedriver or Selenium is not installed.
    """
    paths = find_chromium()
    if paths is None:
        raise VizError("Chromium is not installed (apt-get install chromium chromium-driver)")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        raise VizError("selenium is not installed (pip install -e '.[test]')") from None
    profile = tempfile.mkdtemp(prefix="kg-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = paths[0]
    for flag in (*CHROMIUM_FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=paths[1]), options=options)
    try:
        driver.execute_cdp_cmd("Network.enable", {})
        driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": list(BLOCKED_URLS)})
        yield Browser(driver)
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
