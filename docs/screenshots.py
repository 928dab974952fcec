"""Regenerate the screenshots of the showcase maps in docs/img/ with headless Chromium.

Run: python docs/screenshots.py   (needs chromium, chromium-driver and selenium)

Each map of styles.toml with a focus is written from the project's build, opened
offline, left to stabilize, its focus selected so the details panel shows its facts
and sources, and captured at 1800x1050.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from kg.store import GraphStore
from kg.viz.browser import chromium
from kg.viz.model import load_viz_graph, select
from kg.viz.render import render_html, write_atomic
from kg.viz.styles import load_styles

IMG_DIR = Path(__file__).resolve().parent / "img"
SELECT_FOCUS = (
    "(function(){var k=window.kgViz; k.network.selectNodes([k.data.focus[0]]);"
    " k.showNode(k.data.focus[0]); return 1;})()"
)


def main() -> None:
    graph = load_viz_graph(GraphStore.open())
    work = Path(tempfile.mkdtemp(prefix="kg-shots-"))
    with chromium() as browser:
        for spec in load_styles().maps:
            if not spec.focus:
                continue
            view = select(graph, focus=spec.focus, depth=spec.depth)
            page = write_atomic(
                render_html(view, title=spec.title, subtitle=f"Neighbourhood of {spec.focus}"),
                work / spec.file,
            )
            browser.open(page, 1800, 1050)
            browser.wait_for("window.kgViz && window.kgViz.stabilized", timeout=120)
            browser.js(SELECT_FOCUS)
            time.sleep(0.5)
            report = browser.report()
            if report.requests or report.console_errors:
                raise SystemExit(f"{spec.file}: {report}")
            shot = browser.screenshot(IMG_DIR / Path(spec.file).with_suffix(".png").name)
            print(f"{shot} ({len(view.nodes)} nodes, {len(view.edges)} edges)")


if __name__ == "__main__":
    main()
