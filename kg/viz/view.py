"""The one call behind ``kg viz`` and ``g.visualize()``: select a view and write its page.

Example:
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "map.html"
    >>> visualize(None, focus="JCPOA", output=out).name
    'map.html'
    >>> "JCPOA" in out.read_text(encoding="utf-8")
    True
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from kg.store import GraphStore
from kg.viz.model import Engine, VizError, VizGraph, load_viz_graph, select
from kg.viz.render import render_html, write_atomic

#: Where ``visualize`` writes when no output is given.
DEFAULT_OUTPUT = Path("kg-graph.html")


def as_store(source: Any) -> Engine:
    """The query engine behind ``source``.

    ``source`` may be a GraphStore or any engine with ``query(sparql)``, a
    ``KnowledgeGraph`` from ``kg.load()`` (its ``.engine``), a build folder or RDF file
    path, or None for the project's build.
    """
    if source is None or isinstance(source, (str, Path)):
        return GraphStore.open(source)
    inner = getattr(source, "engine", None)
    if callable(getattr(inner, "query", None)):
        return inner  # type: ignore[no-any-return]
    if callable(getattr(source, "query", None)):
        return source  # type: ignore[no-any-return]
    raise VizError(f"cannot draw a {type(source).__name__}: pass a GraphStore or a graph path")


def describe(focus: str | None, issue: str | None, actor: str | None, as_of: dt.date | None) -> str:
    """A one-line subtitle saying what the view holds.

    Example:
        >>> describe("New START", None, None, None)
        'Neighbourhood of New START'
    """
    parts = []
    if focus:
        parts.append(f"Neighbourhood of {focus}")
    if issue:
        parts.append(f"issue: {issue}")
    if actor:
        parts.append(f"actor: {actor}")
    if as_of:
        parts.append(f"as of {as_of.isoformat()}")
    return "; ".join(parts) if parts else "The whole graph"


def build_view(
    source: Any = None,
    *,
    focus: str | None = None,
    depth: int | None = None,
    issue: str | None = None,
    actor: str | None = None,
    as_of: str | dt.date | None = None,
    graph: VizGraph | None = None,
) -> VizGraph:
    """Load (or reuse ``graph``) and select the view; see :func:`kg.viz.model.select`."""
    full = graph if graph is not None else load_viz_graph(as_store(source))
    return select(full, focus=focus, depth=depth, issue=issue, actor=actor, as_of=as_of)


def visualize(
    source: Any = None,
    *,
    focus: str | None = None,
    depth: int | None = None,
    issue: str | None = None,
    actor: str | None = None,
    as_of: str | dt.date | None = None,
    output: Path | str | None = None,
    title: str | None = None,
) -> Path:
    """Write an interactive, self-contained HTML map of the graph and return its path.

    Args:
        source: A GraphStore, a KnowledgeGraph, a build folder or RDF file, or None
            (the project's build).
        focus: Show only the neighbourhood of this entity (id, label or alias).
        depth: Hops around the focus/issue/actor (default 2 with a focus, else 1).
        issue: Show only this issue, its sub-issues and what is connected to them.
        actor: Show only this actor's neighbourhood, with its own positions and linkages.
        as_of: Leave out what is dated after this date (YYYY, YYYY-MM or YYYY-MM-DD).
        output: The HTML file to write (default ``kg-graph.html``).
        title: The page title (default: the focus's name, else "Security agenda").

    Raises:
        VizError: for an unknown name, a bad date or depth (a :class:`kg.errors.KGError`).
    """
    store = as_store(source)
    view = build_view(store, focus=focus, depth=depth, issue=issue, actor=actor, as_of=as_of)
    names = {key: view.nodes[key].label for key in view.focus if key in view.nodes}
    if title is None:
        title = " · ".join(names.values()) or "Security agenda"
    subtitle = describe(
        names.get(view.focus[0]) if focus and view.focus else None, issue, actor, view.as_of
    )
    html = render_html(
        view,
        title=title,
        subtitle=subtitle,
        origin=Path(str(getattr(store, "origin", "graph"))).name,
    )
    return write_atomic(html, Path(output) if output else DEFAULT_OUTPUT)
