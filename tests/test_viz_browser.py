"""The generated maps in headless Chromium, with every network request blocked and recorded."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.store import GraphStore
from kg.viz import visualize
from kg.viz.browser import Browser, chromium, find_chromium

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        find_chromium() is None,
        reason="Chromium/chromedriver not installed (apt-get install chromium chromium-driver)",
    ),
]
pytest.importorskip("selenium", reason="selenium not installed (pip install -e '.[test]')")

READY = "window.kgViz && window.kgViz.stabilized"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as session:
        yield session


def test_map_draws_offline_and_search_focuses(
    browser: Browser, mini_store: GraphStore, tmp_path: Path
) -> None:
    page = visualize(mini_store, output=tmp_path / "mini.html")
    browser.open(page)
    browser.wait_for(READY)
    assert browser.js("window.kgViz.nodes.length") == 20
    assert browser.js("window.kgViz.edges.length") == len(browser.js("window.kgViz.data.edges"))
    assert browser.js("window.kgViz.network.physics.options.enabled") is False
    assert browser.js("Object.keys(window.kgViz.network.getPositions()).length") == 20
    assert browser.js("window.kgViz.network.getSelectedNodes().length") == 0

    search = browser.driver.find_element("id", "search")
    search.send_keys("biden")
    browser.driver.find_element("css selector", "#search-form button").click()
    browser.wait_for("document.body.dataset.selected === 'joe-biden'", 10)
    assert browser.js("window.kgViz.network.getSelectedNodes()") == ["joe-biden"]
    assert browser.js("document.querySelector('#details h2').textContent") == "Joe Biden"
    assert "Found: Joe Biden" in browser.js("document.getElementById('search-status').textContent")

    report = browser.report()
    assert report.requests == []
    assert report.console_errors == []


def test_filters_and_date_control_hide_nodes(
    browser: Browser, mini_store: GraphStore, tmp_path: Path
) -> None:
    page = visualize(mini_store, output=tmp_path / "mini.html")
    browser.open(page)
    browser.wait_for(READY)
    hidden = "window.kgViz.nodes.get({filter: function (n) { return n.hidden; }}).length"
    assert browser.js(hidden) == 0
    browser.js(
        "(function(){var i=document.getElementById('date-input'); i.value='2009-01-01';"
        "i.dispatchEvent(new Event('change')); return 1;})()"
    )
    # Dated after 2009: New START (signed 2010), the proposal, the event, the two linkages.
    assert browser.js(hidden) == 5
    assert browser.js("window.kgViz.nodes.get('new-start').hidden") is True
    browser.js(
        "(function(){var s=document.getElementById('issue-filter'); s.value='';"
        "s.dispatchEvent(new Event('change')); return 1;})()"
    )
    assert browser.report().console_errors == []


def test_injected_markup_does_not_run(browser: Browser, mini_copy: Path, tmp_path: Path) -> None:
    from kg.build import build

    entries = mini_copy / "entries.yaml"
    payload = "<img src=x onerror=window.__pwned=1>"
    entries.write_text(
        entries.read_text(encoding="utf-8").replace(
            "{id: iran, type: state, label: Iran}", f"{{id: iran, type: state, label: '{payload}'}}"
        ),
        encoding="utf-8",
    )
    build(mini_copy, tmp_path / "build")
    page = visualize(tmp_path / "build", output=tmp_path / "x.html")
    browser.open(page)
    browser.wait_for(READY)
    browser.js("window.kgViz.focusNode('iran')")
    assert browser.js("document.querySelector('#details h2').textContent") == payload
    assert browser.js("document.querySelectorAll('img').length") == 0
    assert browser.js("window.__pwned === undefined") is True
    assert browser.report().console_errors == []


def test_request_recording_catches_a_fetch(browser: Browser, tmp_path: Path) -> None:
    page = tmp_path / "leaky.html"
    page.write_text('<!DOCTYPE html><img src="https://example.org/pixel.png">', encoding="utf-8")
    browser.open(page)
    browser.wait_for("document.readyState === 'complete'")
    assert browser.report().requests == ["https://example.org/pixel.png"]
