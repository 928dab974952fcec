"""Headless Chromium: run a named query in the editor, then open an entity page."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from kg.server import ServerConfig, running_server
from kg.server.named import named_queries

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-dev-shm-usage",
)


@pytest.fixture(scope="module")
def server(mini_build: Path) -> Iterator[str]:
    with running_server(ServerConfig(graph=mini_build, port=0, workers=2)) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    webdriver = pytest.importorskip("selenium.webdriver")
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()) and not shutil.which(
        "chromium"
    ):
        pytest.fail(
            "chromium and chromium-driver are needed (apt-get install chromium chromium-driver)"
        )
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


def test_named_query_runs_in_the_editor(server: str, browser) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    queries = named_queries()
    assert queries, "the editor needs named queries"
    name = (
        "issue-hierarchy" if any(q.name == "issue-hierarchy" for q in queries) else queries[0].name
    )
    browser.get(server + "/")
    wait = WebDriverWait(browser, 30)
    button = wait.until(
        ec.element_to_be_clickable((By.CSS_SELECTOR, f'button.named-query[data-name="{name}"]'))
    )
    button.click()
    wait.until(
        lambda d: d.execute_script("return window.kgYasgui.getTab().getQuery()").find("SELECT") >= 0
    )
    # the results table appears with rows from the mini graph
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, ".yasr table tbody tr")))
    table = browser.find_element(By.CSS_SELECTOR, ".yasr table").text
    assert "Arms control" in table or "arms-control" in table
    resources = browser.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)"
    )
    own = urlsplit(server).netloc
    assert resources, "the page loaded its assets"
    assert all(urlsplit(url).netloc == own for url in resources), resources


def test_entity_page_opens(server: str, browser) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    browser.get(server + "/id/russia")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Russia"
    link = browser.find_element(By.CSS_SELECTOR, 'a[href="/id/russia-conditional-on-china"]')
    link.click()
    assert "/id/russia-conditional-on-china" in browser.current_url
    assert "Russia has no objection" in browser.find_element(By.CSS_SELECTOR, "blockquote").text
