"""Interactive, self-contained HTML maps of the knowledge graph (``kg viz``).

``visualize`` selects a view (the whole graph, or a focus's, issue's or actor's
neighbourhood, as of a date) and writes one HTML file that opens offline.

Example:
    >>> import tempfile, pathlib
    >>> path = visualize(None, focus="New START", output=pathlib.Path(tempfile.mkdtemp()) / "m.html")
    >>> path.suffix
    '.html'
"""

from __future__ import annotations

from kg.viz.model import VizEdge, VizError, VizGraph, VizNode, load_viz_graph, select
from kg.viz.render import render_html
from kg.viz.view import build_view, visualize

__all__ = [
    "VizEdge",
    "VizError",
    "VizGraph",
    "VizNode",
    "build_view",
    "load_viz_graph",
    "render_html",
    "select",
    "visualize",
]
