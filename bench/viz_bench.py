"""Benchmark of `kg viz`: generation time and file size for the bundled graph and a synthetic
graph of about 5,000 nodes (made with kg.synth, the ontology's shape, nothing factual), and
optionally the time headless Chromium needs to draw it (--browser).

Run: python bench/viz_bench.py [--nodes 5000] [--browser]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from kg.store import GraphStore
from kg.synth import generate
from kg.viz import load_viz_graph, select
from kg.viz.render import render_html, write_atomic

#: Drawable nodes per synthetic triple (measured on kg.synth's mix); used to size the graph.
NODES_PER_TRIPLE = 0.0372


def measure(label: str, store: GraphStore, out: Path, **selection: str) -> tuple[Path, int]:
    """Load, select, render and write one map; print the figures."""
    started = time.perf_counter()
    graph = load_viz_graph(store)
    loaded = time.perf_counter()
    view = select(graph, **selection)  # type: ignore[arg-type]
    html = render_html(view)
    write_atomic(html, out)
    done = time.perf_counter()
    print(
        f"{label:<34} {len(view.nodes):>6} nodes {len(view.edges):>6} edges  "
        f"query {loaded - started:5.2f}s  render {done - loaded:5.2f}s  "
        f"total {done - started:5.2f}s  {out.stat().st_size / 1_048_576:6.2f} MiB"
    )
    return out, len(view.nodes)


def browser_time(page: Path) -> None:
    """Open the page in headless Chromium and time until the layout has stopped."""
    from kg.viz.browser import chromium

    with chromium() as browser:
        started = time.perf_counter()
        browser.open(page)
        browser.wait_for("window.kgViz && window.kgViz.stabilized", timeout=300)
        drawn = time.perf_counter() - started
        report = browser.report()
        nodes = browser.js("window.kgViz.nodes.length")
    print(
        f"  browser: {nodes} nodes drawn and stabilized in {drawn:.1f}s; "
        f"{len(report.requests)} requests, {len(report.console_errors)} console errors"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=5000, help="synthetic graph size in nodes")
    parser.add_argument("--browser", action="store_true", help="also time drawing in Chromium")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="kg-viz-bench-"))

    bundled = GraphStore.open()
    measure("bundled: whole graph", bundled, work / "bundled.html")
    for focus in ("New START", "JCPOA", "NATO open-door policy"):
        measure(f"bundled: focus {focus}", bundled, work / "focus.html", focus=focus)

    nt = work / "synthetic.nt"
    started = time.perf_counter()
    stats = generate(round(args.nodes / NODES_PER_TRIPLE), nt, seed=1)
    print(f"synthetic graph: {stats.triples} triples in {time.perf_counter() - started:.1f}s")
    store = GraphStore.open(nt)
    page, _ = measure("synthetic: whole graph", store, work / "synthetic.html")
    if args.browser:
        browser_time(page)
    print(f"(files in {work})")


if __name__ == "__main__":
    main()
