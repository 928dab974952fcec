"""Entity pages: what the graph says about one IRI, as data for the HTML template.

Every IRI in the ``sad:`` namespace dereferences at ``/id/{id}``. The page
lists the entity's statements, the positions and linkages naming it, their
sources and evidence, what points at it, and a small neighbourhood graph. The
queries are the ``.rq`` files beside this module; the code only fills in the
entity's IRI (checked against a strict pattern first, so nothing is injected).

Functions here take any query engine (``query(sparql) -> QueryResult``), so they
run the same on the server's worker pool, a :class:`kg.store.GraphStore` or a
remote store.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Protocol

from rdflib import Literal, URIRef
from rdflib.term import Node

from kg.namespaces import PREFIXES
from kg.store import QueryResult

SPARQL_DIR = Path(__file__).parent / "sparql"
#: Entity ids: the slugs of the data, optionally with sub-paths (``x/evidence/1``).
ENTITY_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._~\-]*(?:/[A-Za-z0-9._~\-]+)*")
#: Most neighbours drawn in the neighbourhood graph.
MAX_NEIGHBOURS = 24


class QueryEngine(Protocol):
    """Anything that answers SPARQL with a :class:`kg.store.QueryResult`."""

    def query(self, sparql: str) -> QueryResult: ...


@cache
def page_query(name: str) -> str:
    """The text of one of the page queries (``sparql/{name}.rq``)."""
    return (SPARQL_DIR / f"{name}.rq").read_text(encoding="utf-8")


def entity_query(name: str, iri: str) -> str:
    """A page query with ``$entity`` bound to ``iri``.

    Example:
        >>> "<https://w3id.org/security-agenda/id/russia>" in entity_query(
        ...     "exists", "https://w3id.org/security-agenda/id/russia")
        True
    """
    return page_query(name).replace("$entity", f"<{iri}>")


def valid_id(entity_id: str) -> bool:
    """True for an id the server will look up (letters, digits, ``._~-``, sub-paths).

    Example:
        >>> valid_id("new-start"), valid_id("x/evidence/1"), valid_id("a> } DROP ALL")
        (True, True, False)
    """
    return ENTITY_ID.fullmatch(entity_id) is not None


def short_name(iri: str) -> str:
    """A prefixed name for an IRI when a project prefix fits, else the IRI.

    Example:
        >>> short_name("https://w3id.org/security-agenda/ontology#holder")
        'sa:holder'
    """
    for prefix, namespace in PREFIXES.items():
        ns = str(namespace)
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns) :]}"
    return iri


@dataclass
class Link:
    """A value shown on a page: text, an optional href, and whether it is a literal."""

    text: str
    href: str | None = None
    literal: bool = False
    note: str = ""


@dataclass
class EntityPage:
    """Everything the entity template shows."""

    iri: str
    title: str
    types: list[Link] = field(default_factory=list)
    facts: list[tuple[Link, Link]] = field(default_factory=list)
    claims: list[dict[str, Any]] = field(default_factory=list)
    sources: list[dict[str, Any]] = field(default_factory=list)
    evidence: list[dict[str, Any]] = field(default_factory=list)
    incoming: list[tuple[Link, Link]] = field(default_factory=list)
    graph: dict[str, Any] = field(default_factory=dict)


class Linker:
    """Turns IRIs into links: ``sad:`` IRIs onto the server's ``/id/``, others as they are."""

    def __init__(self, public_base: str, local_base: str = "/id/") -> None:
        self.public_base = public_base
        self.local_base = local_base

    def href(self, iri: str) -> str | None:
        """The link target for an IRI (None for ontology terms, which have no page)."""
        if iri.startswith(self.public_base):
            return self.local_base + iri[len(self.public_base) :]
        if iri.startswith(("http://", "https://")) and not iri.startswith(str(PREFIXES["sa"])):
            return iri
        return None

    def link(self, node: Node | None, label: Node | None = None) -> Link:
        """A :class:`Link` for a term, shown by its label when it has one."""
        if node is None:
            return Link("")
        if isinstance(node, Literal):
            note = f"@{node.language}" if node.language else ""
            if node.datatype is not None:
                note = short_name(str(node.datatype))
            return Link(str(node), literal=True, note=note)
        iri = str(node)
        text = str(label) if label is not None else short_name(iri)
        return Link(text, self.href(iri) if isinstance(node, URIRef) else None)


def _rows(engine: QueryEngine, name: str, iri: str) -> list[dict[str, Node | None]]:
    result = engine.query(entity_query(name, iri))
    return [dict(zip(result.variables, row, strict=True)) for row in result.rows]


def entity_exists(engine: QueryEngine, iri: str) -> bool:
    """True when the graph holds any statement about or pointing at ``iri``."""
    return bool(engine.query(entity_query("exists", iri)).boolean)


def entity_page(engine: QueryEngine, iri: str, linker: Linker) -> EntityPage:
    """Gather the page of ``iri`` (see the module docstring for what it holds)."""
    facts = _rows(engine, "facts", iri)
    page = EntityPage(iri, short_name(iri))
    for row in facts:
        predicate, value = row["p"], row["o"]
        if str(predicate) == str(PREFIXES["rdf"]) + "type":
            page.types.append(linker.link(value, row["ol"]))
            continue
        if str(predicate) in (str(PREFIXES["skos"]) + "prefLabel",) or (
            str(predicate) == str(PREFIXES["rdfs"]) + "label" and page.title == short_name(iri)
        ):
            page.title = str(value)
        page.facts.append((linker.link(predicate, row["pl"]), linker.link(value, row["ol"])))
    page.claims = [
        {
            "iri": str(row["claim"]),
            "link": linker.link(row["claim"], row["label"]),
            "kind": short_name(str(row["kind"])).partition(":")[2],
            "date": str(row["date"]) if row["date"] is not None else "",
            "roles": str(row["roles"] or ""),
        }
        for row in _rows(engine, "claims", iri)
    ]
    page.sources = [
        {
            "link": linker.link(row["source"], row["title"]),
            "reliability": str(row["reliability"] or ""),
        }
        for row in _rows(engine, "sources", iri)
    ]
    page.evidence = [
        {
            "source": linker.link(row["source"], row["title"]),
            "quote": str(row["quote"] or ""),
        }
        for row in _rows(engine, "evidence", iri)
    ]
    incoming = _rows(engine, "incoming", iri)
    page.incoming = [
        (linker.link(row["s"], row["sl"]), linker.link(row["p"], row["pl"])) for row in incoming
    ]
    page.graph = neighbourhood(page, facts, incoming, linker)
    return page


def neighbourhood(
    page: EntityPage,
    facts: list[dict[str, Node | None]],
    incoming: list[dict[str, Node | None]],
    linker: Linker,
) -> dict[str, Any]:
    """Nodes and edges around the entity, laid out on a circle (SVG coordinates).

    The entity sits in the middle; linked entities (with a page) around it,
    outgoing edges first, then incoming ones and claims, up to :data:`MAX_NEIGHBOURS`.
    """
    neighbours: dict[str, dict[str, Any]] = {}

    def add(node: Node | None, label: Node | None, predicate: Node | None, out: bool) -> None:
        if not isinstance(node, URIRef) or str(node) == page.iri:
            return
        href = linker.href(str(node))
        if href is None or not href.startswith(linker.local_base):
            return
        key = str(node)
        if key not in neighbours and len(neighbours) < MAX_NEIGHBOURS:
            neighbours[key] = {
                "href": href,
                "label": str(label) if label is not None else short_name(key),
                "edge": short_name(str(predicate)) if predicate is not None else "",
                "out": out,
            }

    for row in facts:
        add(row["o"], row["ol"], row["p"], True)
    for claim in page.claims:
        add(URIRef(claim["iri"]), Literal(claim["link"].text), None, False)
    for row in incoming:
        add(row["s"], row["sl"], row["p"], False)
    width, height = 640, 420
    cx, cy, radius = width / 2, height / 2, min(width, height) / 2 - 50
    nodes = []
    count = max(1, len(neighbours))
    for index, (iri, info) in enumerate(neighbours.items()):
        angle = 2 * math.pi * index / count - math.pi / 2
        nodes.append(
            {
                **info,
                "iri": iri,
                "x": round(cx + radius * math.cos(angle), 1),
                "y": round(cy + radius * math.sin(angle), 1),
                "short": info["label"] if len(info["label"]) <= 28 else info["label"][:27] + "…",
            }
        )
    return {"width": width, "height": height, "cx": cx, "cy": cy, "nodes": nodes}
