"""The maps ``kg build`` writes into the build folder: the whole graph, the showcase
linkage maps named in ``styles.toml`` and an ``index.html`` linking them.

Example:
    >>> import tempfile, pathlib
    >>> from kg.settings import default_build_dir
    >>> out = pathlib.Path(tempfile.mkdtemp())
    >>> names = write_build_maps(default_build_dir() / "graph.nt", out)
    >>> names[0], names[-1]
    ('map-all.html', 'index.html')
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kg.store import GraphStore
from kg.viz.model import VizError, load_viz_graph, select
from kg.viz.render import render_html, render_index, write_atomic
from kg.viz.styles import load_styles

INDEX_FILE = "index.html"


def write_build_maps(graph_nt: Path, out_dir: Path) -> list[str]:
    """Write every map of ``styles.toml`` for the graph in ``graph_nt`` into ``out_dir``.

    A map whose focus the graph lacks (a smaller dataset) is skipped and named on the
    index page. Returns the names of the files written, ``index.html`` last.
    """
    store = GraphStore.open(graph_nt)
    full = load_viz_graph(store)
    written: list[str] = []
    listed: list[dict[str, Any]] = []
    skipped: list[str] = []
    for spec in load_styles().maps:
        try:
            view = select(full, focus=spec.focus, depth=spec.depth if spec.focus else None)
        except VizError:
            skipped.append(spec.title)
            continue
        subtitle = f"Neighbourhood of {spec.focus}" if spec.focus else "The whole graph"
        html = render_html(view, title=spec.title, subtitle=subtitle, origin=Path(graph_nt).name)
        write_atomic(html, Path(out_dir) / spec.file)
        written.append(spec.file)
        listed.append(
            {
                "file": spec.file,
                "title": spec.title,
                "nodes": len(view.nodes),
                "edges": len(view.edges),
                "focus": spec.focus,
            }
        )
    index = render_index("Security-agenda knowledge graph: maps", listed, skipped)
    write_atomic(index, Path(out_dir) / INDEX_FILE)
    return [*written, INDEX_FILE]
