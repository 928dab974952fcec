"""Turn a selected :class:`~kg.viz.model.VizGraph` into one self-contained, safe HTML page.

The page inlines vis-network (the copy shipped inside the pyvis package), its own
script and style, and the graph as JSON in ``<script type="application/json">``;
a Content-Security-Policy with the hashes of exactly those inline blocks forbids
everything else (no network, no injected script).

Example:
    >>> safe_json({"label": "<img src=x onerror=alert(1)>"})
    '{"label":"\\\\u003cimg src=x onerror=alert(1)\\\\u003e"}'
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import hashlib
import json
import os
import re
import tempfile
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from kg import __version__
from kg.viz.model import VizEdge, VizError, VizGraph, VizNode
from kg.viz.styles import Styles, load_styles

#: Characters escaped in embedded JSON so it can never end the script element or
#: be read as markup, and parses the same in every JavaScript engine.
_JSON_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_JSON_PATTERN = re.compile("[<>&\u2028\u2029]")


def safe_json(value: Any) -> str:
    """JSON text safe to put inside ``<script type="application/json">``."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return _JSON_PATTERN.sub(lambda m: _JSON_ESCAPES[m.group()], text)


def csp_hash(text: str) -> str:
    """The CSP source expression allowing exactly this inline script or style.

    Example:
        >>> csp_hash("")
        "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
    """
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


@functools.cache
def vis_asset() -> tuple[str, str]:
    """The newest vis-network bundled with pyvis: ``(version, minified script)``.

    Raises:
        VizError: when pyvis ships no vis-network script.
    """
    try:
        lib = resources.files("pyvis").joinpath("templates", "lib")
        found = [
            (tuple(int(p) for p in d.name[4:].split(".")), d)
            for d in lib.iterdir()
            if d.name.startswith("vis-") and d.joinpath("vis-network.min.js").is_file()
        ]
    except (ModuleNotFoundError, OSError, ValueError) as exc:
        raise VizError(f"cannot find vis-network inside the pyvis package: {exc}") from None
    if not found:
        raise VizError("the pyvis package ships no vis-network.min.js; reinstall pyvis")
    version, folder = max(found, key=lambda pair: pair[0])
    script = folder.joinpath("vis-network.min.js").read_text(encoding="utf-8")
    if "</script" in script.lower():
        raise VizError("the bundled vis-network script cannot be inlined (contains </script)")
    return ".".join(map(str, version)), script


@functools.cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("kg.viz", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        keep_trailing_newline=True,
    )


def _template_text(name: str) -> str:
    return resources.files("kg.viz").joinpath("templates", name).read_text(encoding="utf-8")


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _node_json(node: VizNode, issues: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {"id": node.id, "label": node.label, "cls": node.cls}
    if node.cls == "linkage":
        kind = next((v for k, v in node.facts if k == "Linkage type"), "linkage")
        out["short"] = kind
    optional = {
        "aliases": node.aliases,
        "start": _iso(node.start),
        "end": _iso(node.end),
        "date": node.date,
        "facts": [list(f) for f in node.facts],
        "evidence": node.evidence,
        "actions": node.actions,
        "issues": issues,
    }
    out.update({k: v for k, v in optional.items() if v})
    return out


def _edge_json(edge: VizEdge) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": edge.id,
        "from": edge.source,
        "to": edge.target,
        "role": edge.role,
        "kind": edge.kind,
        "label": edge.label,
    }
    optional = {
        "start": _iso(edge.start),
        "end": _iso(edge.end),
        "date": edge.date,
        "facts": [list(f) for f in edge.facts],
        "evidence": edge.evidence,
    }
    out.update({k: v for k, v in optional.items() if v})
    return out


def payload(view: VizGraph, styles: Styles | None = None) -> dict[str, Any]:
    """The JSON the page embeds: nodes, edges, the sources they cite, styles and layout."""
    styles = styles or load_styles()
    scopes = view.issue_scopes()
    layout = styles.layout_for(len(view.nodes))
    cited = {
        item["source"]
        for thing in [*view.nodes.values(), *view.edges]
        for item in _all_evidence(thing)
    }
    dates = sorted(
        d.isoformat()
        for thing in [*view.nodes.values(), *view.edges]
        for d in (thing.start,)
        if d is not None
    )
    date_range = [dates[0], view.as_of.isoformat() if view.as_of else dates[-1]] if dates else None
    return {
        "title": view.title,
        "asOf": _iso(view.as_of),
        "focus": view.focus,
        "dateRange": date_range,
        "layout": {
            "name": layout.name,
            "improved_layout": layout.improved_layout,
            "iterations": layout.iterations,
            "solver": layout.solver,
            "solver_options": layout.solver_options,
            "smooth": layout.smooth,
            "edge_labels": layout.edge_labels,
        },
        "styles": styles.to_json(),
        "nodes": [_node_json(n, scopes.get(n.id, [])) for n in view.nodes.values()],
        "edges": [_edge_json(e) for e in view.edges],
        "sources": {k: v for k, v in sorted(view.sources.items()) if k in cited},
    }


def _all_evidence(thing: VizNode | VizEdge) -> list[dict[str, str]]:
    items = list(thing.evidence)
    if isinstance(thing, VizNode):
        for action in thing.actions:
            items.extend(action["evidence"])
            for dispute in action["disputes"]:
                items.extend(dispute["evidence"])
    return items


def render_html(
    view: VizGraph, title: str | None = None, subtitle: str = "", origin: str = ""
) -> str:
    """The HTML page for ``view``: one file, no external resource, data shown as text only."""
    version, vis_js = vis_asset()
    app_js = _template_text("graph.js")
    css = _template_text("graph.css")
    csp = "; ".join(
        (
            "default-src 'none'",
            f"script-src {csp_hash(vis_js)} {csp_hash(app_js)}",
            f"style-src {csp_hash(css)}",
            "img-src data:",
            "base-uri 'none'",
            "form-action 'none'",
        )
    )
    if title:
        view.title = title
    return (
        _environment()
        .get_template("graph.html")
        .render(
            csp=csp,
            version=__version__,
            title=view.title,
            subtitle=subtitle,
            origin=origin,
            generated=dt.date.today().isoformat(),
            vis_version=version,
            css=Markup(css),
            data=Markup(safe_json(payload(view))),
            vis_js=Markup(vis_js),
            app_js=Markup(app_js),
        )
    )


def render_index(title: str, maps: list[dict[str, Any]], skipped: list[str]) -> str:
    """The page linking the maps of a build folder."""
    css = (
        "body{font:15px/1.5 system-ui,sans-serif;max-width:760px;margin:2em auto;"
        "padding:0 1em;color:#1d2733}a{color:#1f5fa8}.about{color:#7b8794;font-size:13px}"
    )
    return (
        _environment()
        .get_template("index.html")
        .render(
            title=title,
            maps=maps,
            skipped=skipped,
            css=Markup(css),
            style_hash=Markup(csp_hash(css)),
            generated=dt.date.today().isoformat(),
        )
    )


def write_atomic(text: str, path: Path) -> Path:
    """Write ``text`` to ``path`` through a temporary file and ``os.replace``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return path
