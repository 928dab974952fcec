"""The look and scope of the interactive graph, read from ``styles.toml`` (configuration as data).

Example:
    >>> styles = load_styles()
    >>> styles.class_for(["https://w3id.org/security-agenda/ontology#State"]).legend
    'State'
    >>> styles.stances["opposes"].color
    '#d62728'
    >>> styles.layout_for(5000).name
    'large'
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from kg.errors import KGError
from kg.namespaces import PREFIXES

STYLES_FILE = "styles.toml"


class StyleError(KGError):
    """The styles file is malformed."""


def expand(curie: str) -> str:
    """Expand a ``prefix:name`` with the project prefixes.

    Example:
        >>> expand("skos:broader")
        'http://www.w3.org/2004/02/skos/core#broader'
    """
    prefix, sep, name = curie.partition(":")
    if not sep or prefix not in PREFIXES:
        raise StyleError(f"{STYLES_FILE}: '{curie}' is not a known prefixed name")
    return str(PREFIXES[prefix][name])


@dataclass(frozen=True)
class NodeClass:
    """How nodes of one class look, and which filter group they fall in."""

    key: str
    iri: str
    legend: str
    group: str
    shape: str
    color: str
    size: int
    font_color: str = "#1d2733"


@dataclass(frozen=True)
class EdgeStyle:
    """How one kind of edge looks: a stance or a relation role."""

    key: str
    label: str
    color: str
    width: float = 1.0
    dashes: bool = False
    arrow: bool = True


@dataclass(frozen=True)
class Relation:
    """A predicate drawn as an edge between two nodes."""

    predicate: str
    reverse: bool
    style: EdgeStyle


@dataclass(frozen=True)
class Layout:
    """A physics profile for graphs of up to ``max_nodes`` nodes."""

    name: str
    max_nodes: int
    improved_layout: bool
    iterations: int
    solver: str
    solver_options: dict[str, float]
    smooth: bool
    edge_labels: bool


@dataclass(frozen=True)
class MapSpec:
    """A map that ``kg build`` writes: the whole graph, or one focus's neighbourhood."""

    file: str
    title: str
    focus: str | None = None
    depth: int = 1


@dataclass(frozen=True)
class Styles:
    """Everything ``styles.toml`` defines."""

    classes: tuple[NodeClass, ...]
    stances: dict[str, EdgeStyle]
    relations: tuple[Relation, ...]
    affiliation: EdgeStyle
    facts: tuple[tuple[str, str], ...]
    layouts: tuple[Layout, ...]
    maps: tuple[MapSpec, ...]
    expand_groups: tuple[str, ...] = ()
    focus_depth: int = 2
    scope_depth: int = 1
    _by_iri: dict[str, NodeClass] = field(default_factory=dict, repr=False)

    def class_for(self, iris: Iterable[str]) -> NodeClass | None:
        """The most specific styled class among ``iris`` (None if none is styled)."""
        found = [self._by_iri[i] for i in iris if i in self._by_iri]
        if not found:
            return None
        return min(found, key=self.classes.index)

    def layout_for(self, node_count: int) -> Layout:
        """The physics profile for a graph of ``node_count`` nodes."""
        for layout in self.layouts:
            if node_count <= layout.max_nodes:
                return layout
        return self.layouts[-1]

    def edge_styles(self) -> dict[str, EdgeStyle]:
        """Every edge style by key: relation roles, the affiliation role and stances."""
        styles = {r.style.key: r.style for r in self.relations}
        styles[self.affiliation.key] = self.affiliation
        styles.update(self.stances)
        return styles

    def to_json(self) -> dict[str, Any]:
        """The parts the page needs, as plain JSON-ready data."""
        return {
            "classes": [
                {
                    "key": c.key,
                    "legend": c.legend,
                    "group": c.group,
                    "shape": c.shape,
                    "color": c.color,
                    "size": c.size,
                    "fontColor": c.font_color,
                }
                for c in self.classes
            ],
            "edges": {
                key: {
                    "label": s.label,
                    "color": s.color,
                    "width": s.width,
                    "dashes": s.dashes,
                    "arrow": s.arrow,
                }
                for key, s in self.edge_styles().items()
            },
            "stances": list(self.stances),
        }


def _edge_style(key: str, raw: dict[str, Any], defaults: dict[str, Any]) -> EdgeStyle:
    merged = {**defaults, **raw}
    return EdgeStyle(
        key=key,
        label=str(merged.get("label", key)),
        color=str(merged["color"]),
        width=float(merged.get("width", 1.0)),
        dashes=bool(merged.get("dashes", False)),
        arrow=bool(merged.get("arrow", True)),
    )


def parse_styles(raw: dict[str, Any]) -> Styles:
    """Build :class:`Styles` from the parsed TOML mapping."""
    try:
        classes = tuple(NodeClass(**{**c, "iri": expand(c["iri"])}) for c in raw["classes"])
        defaults = raw["relation_defaults"]
        stances = {
            code: _edge_style(code, {"label": code.replace("-", " "), **spec}, defaults)
            for code, spec in raw["stances"].items()
        }
        relations = tuple(
            Relation(
                expand(r["predicate"]),
                bool(r.get("reverse", False)),
                _edge_style(r["role"], r, defaults),
            )
            for r in raw["relations"]
        )
        aff = raw["affiliation"]
        affiliation = _edge_style(aff["role"], aff, defaults)
        facts = tuple((expand(f["predicate"]), f["label"]) for f in raw["facts"])
        layouts = tuple(Layout(**spec) for spec in raw["layouts"])
        maps = tuple(MapSpec(**spec) for spec in raw.get("maps", []))
        hood = raw["neighbourhood"]
        expand_groups = tuple(hood["expand_groups"])
        focus_depth, scope_depth = int(hood["focus_depth"]), int(hood["scope_depth"])
    except (KeyError, TypeError) as exc:
        raise StyleError(f"{STYLES_FILE}: missing or unexpected key {exc}") from None
    return Styles(
        classes,
        stances,
        relations,
        affiliation,
        facts,
        layouts,
        maps,
        expand_groups,
        focus_depth,
        scope_depth,
        {c.iri: c for c in classes},
    )


@functools.cache
def load_styles() -> Styles:
    """Read the packaged ``styles.toml`` (once per process)."""
    text = resources.files("kg.viz").joinpath(STYLES_FILE).read_text(encoding="utf-8")
    return parse_styles(tomllib.loads(text))
