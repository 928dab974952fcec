"""Graph analytics: project the RDF graph onto networkx and measure it.

The projection is documented as data: :data:`NODE_KINDS` says which schema kinds
become nodes and :data:`EDGE_RULES` which RDF properties become edges, with the
relation label each edge carries. Claims (positions, linkages), events, treaty
actions and proposals are nodes of their own, so an actor reaches an issue
through the claim that links them (``russia --holds position--> p --opposes--> x``).
Sources are not nodes by default: each edge carries the ids of the sources its
claim derives from. See ``docs/analytics.md``.

Everything is fetched with a handful of SPARQL queries through any engine with a
``query(sparql) -> QueryResult`` method (:class:`kg.store.GraphStore` or an
adapter), never one query per node.

Example:
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("a", label="A"); g.add_node("b", label="B")
    >>> _ = g.add_edge("a", "b", relation="supports")
    >>> [str(s) for s in shortest_paths(g, "b", "a")[0]]
    ['b <--supports-- a']
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations, islice, pairwise
from typing import Any, NamedTuple, Protocol

import networkx as nx
import pyoxigraph as ox
from rdflib import URIRef
from rdflib.namespace import PROV, SKOS

from kg.dates import as_of_date
from kg.errors import KGError
from kg.namespaces import PREFIXES, SA, SAD, sparql_prologue
from kg.schema import KINDS, FieldType
from kg.store import QueryResult


class Engine(Protocol):
    """Anything that answers SPARQL strings with a :class:`kg.store.QueryResult`."""

    def query(self, sparql: str) -> QueryResult:
        """Run one SPARQL query (project prefixes pre-bound)."""
        ...


class UnknownNodeError(KGError):
    """A node named by the user is not in the graph."""


@dataclass(frozen=True)
class EdgeRule:
    """One RDF property of one kind of node, projected to an edge.

    Attributes:
        kind: The schema kind of the triple's subject (``positions``...).
        predicate: The RDF property.
        relation: The edge's label; ``{field}`` is filled from the subject node's
            attributes (``{stance}`` -> ``opposes``).
        reverse: Draw the edge from the object to the subject (``actor --holds
            position--> position`` for ``position sa:holder actor``).
    """

    kind: str
    predicate: URIRef
    relation: str
    reverse: bool = False


#: Schema kinds that become nodes by default (``sources`` and ``places`` on request).
NODE_KINDS: tuple[str, ...] = (
    "actors",
    "persons",
    "issues",
    "fora",
    "agreements",
    "treaty_actions",
    "proposals",
    "events",
    "positions",
    "linkages",
)
#: Every kind the projection knows (``kinds=ALL_KINDS`` for everything).
ALL_KINDS: tuple[str, ...] = (*NODE_KINDS, "places", "sources")

#: The projection: which property of which kind becomes which edge.
EDGE_RULES: tuple[EdgeRule, ...] = (
    EdgeRule("positions", SA.holder, "holds position", reverse=True),
    EdgeRule("positions", SA.statedBy, "stated", reverse=True),
    EdgeRule("positions", SA.target, "{stance}"),
    EdgeRule("positions", SA.conditionOn, "conditions on"),
    EdgeRule("linkages", SA.holder, "makes linkage", reverse=True),
    EdgeRule("linkages", SA.statedBy, "stated", reverse=True),
    EdgeRule("linkages", SA.linkSubject, "makes conditional"),
    EdgeRule("linkages", SA.linkCondition, "conditional on"),
    EdgeRule("agreements", SA.party, "has party"),
    EdgeRule("agreements", SA.predecessor, "succeeds"),
    EdgeRule("agreements", SA.addresses, "addresses"),
    EdgeRule("treaty_actions", SA.agreement, "{action} of"),
    EdgeRule("treaty_actions", SA.actor, "acts", reverse=True),
    EdgeRule("treaty_actions", SA.place, "took place in"),
    EdgeRule("events", SA.participant, "takes part in", reverse=True),
    EdgeRule("events", SA.forum, "held in forum"),
    EdgeRule("events", SA.topic, "discusses"),
    EdgeRule("events", SA.place, "held in"),
    EdgeRule("proposals", SA.proposedBy, "proposes", reverse=True),
    EdgeRule("proposals", SA.addressedTo, "addressed to"),
    EdgeRule("proposals", SA.respondsTo, "responds to"),
    EdgeRule("proposals", SA.addresses, "addresses"),
    EdgeRule("issues", SKOS.broader, "narrower than"),
    EdgeRule("issues", SKOS.related, "related to"),
    EdgeRule("fora", SA.member, "has member"),
    EdgeRule("fora", SA.parentOrganization, "belongs to"),
    EdgeRule("actors", SA.memberOf, "member of"),
    EdgeRule("actors", SA.partOf, "part of"),
    EdgeRule("actors", SA.country, "based in"),
    EdgeRule("persons", SA.nationality, "national of"),
    EdgeRule("places", SA.country, "in country"),
    EdgeRule("positions", PROV.wasDerivedFrom, "derived from"),
    EdgeRule("linkages", PROV.wasDerivedFrom, "derived from"),
    EdgeRule("events", PROV.wasDerivedFrom, "derived from"),
    EdgeRule("treaty_actions", PROV.wasDerivedFrom, "derived from"),
    EdgeRule("proposals", PROV.wasDerivedFrom, "derived from"),
)
#: Edges from sub-records (offices, status disputes): relation -> SPARQL pattern
#: binding ``?from ?to`` (the edge), ``?owner`` (the entry holding the sub-record),
#: and optionally ``?date`` and ``?role``.
SUBRECORD_EDGES: dict[str, str] = {
    "affiliated with": (
        "?from sa:affiliation ?sub . ?sub sa:organization ?to . BIND(?from AS ?owner) "
        "OPTIONAL { ?sub sa:role ?role } OPTIONAL { ?sub sa:startDate ?d } BIND(STR(?d) AS ?date)"
    ),
    "disputes": (
        "?to sa:dispute ?sub . ?sub sa:disputedBy ?from . BIND(?to AS ?owner) "
        "OPTIONAL { ?sub sa:sortDate ?d } BIND(STR(?d) AS ?date)"
    ),
}
#: Node groups for centrality: ``--kind issues|actors``.
CENTRALITY_GROUPS: dict[str, tuple[str, ...]] = {
    "issues": ("issues",),
    "actors": ("actors", "persons"),
    "agreements": ("agreements",),
    "subjects": ("issues", "agreements", "proposals", "fora"),
}
#: Betweenness is exact while nodes x nodes stays under this budget; above it, it is
#: estimated from ``budget // nodes`` pivots (at least :data:`BETWEENNESS_MIN_PIVOTS`)
#: drawn with a fixed seed, so large graphs take seconds, not hours.
BETWEENNESS_BUDGET = 1_000_000
BETWEENNESS_MIN_PIVOTS = 20

#: Classes that name a kind (the kind's own class), by IRI.
_KIND_OF_CLASS: dict[str, str] = {str(KINDS[k].rdf_class): k for k in ALL_KINDS}
#: Node attribute name -> property, for the closed-vocabulary fields (stance, action...).
CODE_FIELDS: dict[str, URIRef] = {
    f.name: f.predicate
    for k in ALL_KINDS
    for f in KINDS[k].fields
    if f.type is FieldType.ENUM and f.predicate is not None and f.name != "source_type"
}


def node_id(iri: str) -> str:
    """The networkx key of an IRI: the local id for project instances, else the IRI.

    Example:
        >>> node_id("https://w3id.org/security-agenda/id/russia")
        'russia'
    """
    return iri[len(str(SAD)) :] if iri.startswith(str(SAD)) else iri


def _curie(iri: str) -> str:
    for prefix, ns in PREFIXES.items():
        if iri.startswith(str(ns)):
            return f"{prefix}:{iri[len(str(ns)) :]}"
    return iri


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _values(terms: Iterable[str]) -> str:
    return " ".join(f"<{t}>" for t in terms)


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _rows(engine: Engine, sparql: str) -> list[tuple[str | None, ...]]:
    """Run a SELECT and return rows of plain strings (IRIs and lexical forms).

    On a :class:`kg.store.GraphStore` the rows are read straight from Oxigraph,
    skipping the conversion to rdflib terms (most of the cost on large graphs).
    """
    store = getattr(engine, "store", None)
    if isinstance(store, ox.Store):
        solutions = store.query(sparql_prologue() + sparql, use_default_graph_as_union=True)
        assert isinstance(solutions, ox.QuerySolutions)
        names = solutions.variables
        return [
            tuple(None if (t := row[v]) is None else t.value for v in names) for row in solutions
        ]
    return [tuple(_text(t) for t in row) for row in engine.query(sparql).rows]


def _fetch_nodes(engine: Engine, kinds: Sequence[str]) -> dict[str, dict[str, Any]]:
    classes = [str(KINDS[k].rdf_class) for k in kinds]
    rows = _rows(
        engine,
        f"SELECT ?n ?kc ?t ?label ?date WHERE {{ VALUES ?kc {{ {_values(classes)} }} "
        "?n a ?kc . OPTIONAL { ?n a ?t . FILTER(?t != ?kc && ?t != sa:Claim "
        "&& STRSTARTS(STR(?t), STR(sa:))) } "
        "OPTIONAL { ?n rdfs:label ?label } OPTIONAL { ?n sa:sortDate ?date } }",
    )
    nodes: dict[str, dict[str, Any]] = {}
    for n, kc, t, label, date in rows:
        assert n is not None and kc is not None
        key = node_id(n)
        attrs = nodes.get(key)
        if attrs is None:
            attrs = nodes[key] = {
                "iri": n,
                "label": label or key,
                "kind": _KIND_OF_CLASS[kc],
                "class": _local(kc),
                "date": date or "",
            }
        if t is not None and t not in _KIND_OF_CLASS:
            attrs["class"] = _local(t)
    rows = _rows(
        engine,
        f"SELECT ?n ?p ?code ?t WHERE {{ VALUES ?p {{ {_values(map(str, CODE_FIELDS.values()))} }} "
        "?n ?p ?t . OPTIONAL { ?t sa:code ?code } }",
    )
    field_of = {str(p): name for name, p in CODE_FIELDS.items()}
    for n, p, code, t in rows:
        attrs = nodes.get(node_id(str(n)))
        if attrs is not None:
            attrs[field_of[str(p)]] = code if code is not None else _local(str(t))
    return nodes


def _fetch_sources(engine: Engine) -> dict[str, tuple[str, ...]]:
    sources: dict[str, list[str]] = defaultdict(list)
    for n, s in _rows(engine, "SELECT ?n ?s WHERE { ?n prov:wasDerivedFrom ?s }"):
        sources[node_id(str(n))].append(node_id(str(s)))
    return {k: tuple(sorted(v)) for k, v in sources.items()}


def to_networkx(
    engine: Engine,
    as_of: str | dt.date | None = None,
    kinds: Collection[str] | None = None,
) -> nx.MultiDiGraph:
    """Project the RDF graph onto a networkx multigraph.

    Nodes are keyed by local id (``russia``) and carry ``iri``, ``label``,
    ``kind`` (schema kind), ``class`` (most specific class, e.g. ``State``),
    ``date`` (ISO start date, "" if undated) and their closed-vocabulary codes
    (``stance``, ``action``, ``event_type``...). Edges carry ``relation`` (label),
    ``predicate`` (CURIE), ``entry`` (id of the entry stating the edge), ``date``, ``stance``
    (edges of positions) and ``sources`` (tuple of source ids).

    Args:
        engine: A :class:`kg.store.GraphStore` or any object with its ``query`` method.
        as_of: Drop claims, events, treaty actions, proposals, disputes and
            affiliations dated after this date (``YYYY``, ``YYYY-MM`` or a date:
            the end of the period counts).
        kinds: Schema kinds to include as nodes (default :data:`NODE_KINDS`).

    Raises:
        KGError: for an unknown kind or a malformed date.
    """
    chosen = tuple(kinds) if kinds is not None else NODE_KINDS
    unknown = sorted(set(chosen) - set(ALL_KINDS))
    if unknown:
        raise KGError(f"unknown kind(s) {', '.join(unknown)}; use {', '.join(ALL_KINDS)}")
    try:
        cutoff = as_of_date(as_of) if isinstance(as_of, str) else as_of
    except ValueError as exc:
        raise KGError(f"--as-of: {exc}") from None
    limit = cutoff.isoformat() if cutoff else None

    nodes = _fetch_nodes(engine, chosen)
    if limit:
        nodes = {k: a for k, a in nodes.items() if not a["date"] or a["date"] <= limit}
    sources = _fetch_sources(engine)
    graph = nx.MultiDiGraph()
    for key, attrs in nodes.items():
        graph.add_node(key, id=key, **attrs)

    rules = {(r.kind, str(r.predicate)): r for r in EDGE_RULES if r.kind in chosen}
    predicates = sorted({p for _, p in rules})
    rows = _rows(
        engine,
        f"SELECT ?s ?p ?o WHERE {{ VALUES ?p {{ {_values(predicates)} }} "
        "?s ?p ?o . FILTER(isIRI(?o)) }",
    )
    for s, p, o in rows:
        subject, obj = node_id(str(s)), node_id(str(o))
        owner = nodes.get(subject)
        if owner is None or obj not in nodes:
            continue
        rule = rules.get((owner["kind"], str(p)))
        if rule is None:
            continue
        try:
            relation = rule.relation.format(**owner)
        except KeyError:
            relation = rule.relation.replace("{", "").replace("}", "")
        ends = (obj, subject) if rule.reverse else (subject, obj)
        _add_edge(graph, ends, relation, _curie(str(p)), subject, owner, sources, owner["date"])

    for relation, pattern in SUBRECORD_EDGES.items():
        rows = _rows(engine, f"SELECT ?from ?to ?owner ?date ?role WHERE {{ {pattern} }}")
        for a, b, owner_iri, date, role in rows:
            ends = (node_id(str(a)), node_id(str(b)))
            owner_key = node_id(str(owner_iri))
            if ends[0] not in nodes or ends[1] not in nodes:
                continue
            when = _text(date) or ""
            if limit and when and when[:10] > limit:
                continue
            label = f"{relation} ({role})" if role is not None else relation
            _add_edge(graph, ends, label, "", owner_key, nodes[owner_key], sources, when)
    return graph


def _add_edge(
    graph: nx.MultiDiGraph,
    ends: tuple[str, str],
    relation: str,
    predicate: str,
    entry: str,
    owner: dict[str, Any],
    sources: dict[str, tuple[str, ...]],
    date: str,
) -> None:
    attrs: dict[str, Any] = {
        "relation": relation,
        "predicate": predicate,
        "entry": entry,
        "date": date,
        "sources": sources.get(entry, ()),
    }
    if owner["kind"] == "positions" and "stance" in owner:
        attrs["stance"] = owner["stance"]
    graph.add_edge(*ends, **attrs)


# ---------------------------------------------------------------------------
# Measures
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CentralityRow:
    """Centrality of one node: edge count, degree centrality, betweenness, pagerank."""

    id: str
    label: str
    cls: str
    degree: int
    degree_centrality: float
    betweenness: float
    pagerank: float

    def as_dict(self) -> dict[str, Any]:
        """The row as a plain dict (``class`` spelled out), for JSON and CSV."""
        return {
            "id": self.id,
            "label": self.label,
            "class": self.cls,
            "degree": self.degree,
            "degree_centrality": round(self.degree_centrality, 6),
            "betweenness": round(self.betweenness, 6),
            "pagerank": round(self.pagerank, 6),
        }


#: Sort keys of :func:`centrality`.
CENTRALITY_MEASURES = ("pagerank", "betweenness", "degree")


def simple_graph(graph: nx.MultiDiGraph) -> nx.Graph:
    """Collapse a projection to an undirected simple graph; ``weight`` counts parallel edges.

    Example:
        >>> g = nx.MultiDiGraph([("a", "b"), ("b", "a"), ("b", "c")])
        >>> simple_graph(g)["a"]["b"]["weight"]
        2
    """
    simple = nx.Graph()
    simple.add_nodes_from(graph.nodes(data=True))
    for u, v in graph.edges():
        if u == v:
            continue
        if simple.has_edge(u, v):
            simple[u][v]["weight"] += 1
        else:
            simple.add_edge(u, v, weight=1)
    return simple


def centrality(
    graph: nx.MultiDiGraph,
    kind: str = "issues",
    top: int | None = None,
    by: str = "pagerank",
) -> list[CentralityRow]:
    """Rank the nodes of one group (issues, actors...) by their place in the whole graph.

    Measures are computed on the undirected simple graph (:func:`simple_graph`):
    degree centrality, betweenness (exact on small graphs, else estimated from a
    fixed-seed sample of pivots: see :data:`BETWEENNESS_BUDGET`) and weighted pagerank.

    Args:
        graph: A projection from :func:`to_networkx`.
        kind: A key of :data:`CENTRALITY_GROUPS` (``issues``, ``actors``...).
        top: Keep only the first ``top`` rows.
        by: Sort key: ``pagerank``, ``betweenness`` or ``degree``.

    Example:
        >>> g = nx.MultiDiGraph()
        >>> g.add_nodes_from([("a", {"kind": "actors"}), ("b", {"kind": "issues"})])
        >>> g.add_node("c", kind="issues")
        >>> _ = g.add_edge("a", "b"); _ = g.add_edge("a", "c"); _ = g.add_edge("a", "b")
        >>> [(r.id, r.degree) for r in centrality(g, "issues")]
        [('b', 2), ('c', 1)]
    """
    if kind not in CENTRALITY_GROUPS:
        raise KGError(f"unknown group '{kind}'; use {', '.join(CENTRALITY_GROUPS)}")
    if by not in CENTRALITY_MEASURES:
        raise KGError(f"unknown measure '{by}'; use {', '.join(CENTRALITY_MEASURES)}")
    members = [n for n, a in graph.nodes(data=True) if a.get("kind") in CENTRALITY_GROUPS[kind]]
    if not members:
        return []
    simple = simple_graph(graph)
    degree = nx.degree_centrality(simple)
    n = simple.number_of_nodes()
    pivots = max(BETWEENNESS_MIN_PIVOTS, BETWEENNESS_BUDGET // max(n, 1))
    if pivots < n:
        between = nx.betweenness_centrality(simple, k=pivots, seed=0, normalized=True)
    else:
        between = nx.betweenness_centrality(simple, normalized=True)
    rank = nx.pagerank(simple, weight="weight") if simple.number_of_edges() else {}
    rows = [
        CentralityRow(
            id=n,
            label=str(graph.nodes[n].get("label", n)),
            cls=str(graph.nodes[n].get("class", "")),
            degree=int(graph.degree(n)),
            degree_centrality=degree.get(n, 0.0),
            betweenness=between.get(n, 0.0),
            pagerank=rank.get(n, 0.0),
        )
        for n in members
    ]
    sort_key = {
        "pagerank": lambda r: (-r.pagerank, -r.degree, r.id),
        "betweenness": lambda r: (-r.betweenness, -r.pagerank, r.id),
        "degree": lambda r: (-r.degree, -r.pagerank, r.id),
    }[by]
    rows.sort(key=sort_key)
    return rows[:top] if top else rows


def cooccurrence_graph(graph: nx.MultiDiGraph, kinds: Collection[str] = ("issues",)) -> nx.Graph:
    """Nodes of ``kinds``, joined when linked directly or through a shared neighbour.

    A claim, event, agreement or proposal touching several issues adds 1 to the
    ``weight`` of each pair of them; a direct edge (broader, related) adds 1.

    Example:
        >>> g = nx.MultiDiGraph()
        >>> g.add_nodes_from(["x", "y"], kind="issues"); g.add_node("p", kind="positions")
        >>> _ = g.add_edge("p", "x"); _ = g.add_edge("p", "y")
        >>> cooccurrence_graph(g)["x"]["y"]["weight"]
        1
    """
    wanted = {n for n, a in graph.nodes(data=True) if a.get("kind") in kinds}
    result = nx.Graph()
    result.add_nodes_from((n, graph.nodes[n]) for n in wanted)

    def bump(u: str, v: str) -> None:
        if u == v:
            return
        if result.has_edge(u, v):
            result[u][v]["weight"] += 1
        else:
            result.add_edge(u, v, weight=1)

    undirected = graph.to_undirected(as_view=True)
    for u, v in graph.edges():
        if u in wanted and v in wanted:
            bump(u, v)
    for hub in graph.nodes:
        if hub in wanted:
            continue
        touched = sorted(n for n in undirected.neighbors(hub) if n in wanted)
        for u, v in combinations(touched, 2):
            bump(u, v)
    return result


@dataclass(frozen=True)
class Community:
    """One community: its members (ids, most connected first) and their labels."""

    index: int
    members: tuple[str, ...]
    labels: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        """The community as a plain dict, for JSON."""
        return {
            "community": self.index,
            "size": len(self.members),
            "members": list(self.members),
            "labels": list(self.labels),
        }


def communities(
    graph: nx.MultiDiGraph,
    kinds: Collection[str] = ("issues",),
    seed: int = 0,
    resolution: float = 1.0,
) -> list[Community]:
    """Communities of issues (or other kinds) by Louvain modularity on their co-occurrence.

    Deterministic for a seed. Largest community first; isolated nodes form
    singletons at the end.

    Example:
        >>> g = nx.MultiDiGraph()
        >>> g.add_nodes_from(["a", "b", "c", "d"], kind="issues")
        >>> _ = g.add_edge("a", "b"); _ = g.add_edge("c", "d")
        >>> [c.members for c in communities(g)]
        [('a', 'b'), ('c', 'd')]
    """
    co = cooccurrence_graph(graph, kinds)
    found = nx.community.louvain_communities(co, weight="weight", seed=seed, resolution=resolution)
    strength = dict(co.degree(weight="weight"))
    ordered = sorted(
        (sorted(c, key=lambda n: (-strength.get(n, 0), n)) for c in found),
        key=lambda c: (-len(c), c[0]),
    )
    return [
        Community(i, tuple(c), tuple(str(co.nodes[n].get("label", n)) for n in c))
        for i, c in enumerate(ordered, start=1)
    ]


# ---------------------------------------------------------------------------
# Neighbourhoods and paths
# ---------------------------------------------------------------------------


def find_node(graph: nx.MultiDiGraph, name: str) -> str:
    """The node called ``name``: its id, IRI or label (case-insensitive).

    Raises:
        UnknownNodeError: naming the closest ids, when nothing matches.

    Example:
        >>> g = nx.MultiDiGraph(); g.add_node("new-start", label="New START")
        >>> find_node(g, "new start")
        'new-start'
    """
    if name in graph:
        return name
    key = node_id(name)
    if key in graph:
        return key
    folded = name.strip().casefold()
    for n, attrs in graph.nodes(data=True):
        if str(attrs.get("label", "")).casefold() == folded or str(n).casefold() == folded:
            return str(n)
    import difflib

    close = difflib.get_close_matches(name, [str(n) for n in graph.nodes], n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise UnknownNodeError(f"'{name}' is not in the graph{hint}")


def ego(graph: nx.MultiDiGraph, node: str, radius: int = 1) -> nx.MultiDiGraph:
    """The subgraph within ``radius`` steps of ``node``, edges followed both ways.

    Example:
        >>> g = nx.MultiDiGraph([("a", "b"), ("c", "b"), ("c", "d")])
        >>> sorted(ego(g, "a", 2))
        ['a', 'b', 'c']
    """
    center = find_node(graph, node)
    return nx.ego_graph(graph, center, radius=radius, undirected=True)


class PathStep(NamedTuple):
    """One step of a path, in path order: ``source`` then ``target``.

    ``forward`` is False when the projected edge runs the other way
    (``target --relation--> source``).
    """

    source: str
    relation: str
    target: str
    forward: bool = True
    entry: str = ""
    date: str = ""

    def __str__(self) -> str:
        if self.forward:
            return f"{self.source} --{self.relation}--> {self.target}"
        return f"{self.source} <--{self.relation}-- {self.target}"


def _step(graph: nx.MultiDiGraph, u: str, v: str) -> PathStep:
    for a, b, forward in ((u, v, True), (v, u, False)):
        data = graph.get_edge_data(a, b)
        if data:
            attrs = data[min(data)]
            return PathStep(
                u,
                str(attrs.get("relation", "")),
                v,
                forward,
                str(attrs.get("entry", "")),
                str(attrs.get("date", "")),
            )
    raise AssertionError(f"no edge between {u} and {v}")


def shortest_paths(
    graph: nx.MultiDiGraph,
    a: str,
    b: str,
    k: int = 3,
    avoid_kinds: Collection[str] = (),
) -> list[list[PathStep]]:
    """Up to ``k`` shortest paths from ``a`` to ``b``, each step named.

    Edges are followed in both directions; each step says which way its edge runs.
    Paths are simple (no node twice) and come shortest first.

    Args:
        graph: A projection from :func:`to_networkx`.
        a: Start node (id, IRI or label).
        b: End node (id, IRI or label).
        k: How many paths at most.
        avoid_kinds: Kinds never used as intermediate nodes (e.g. ``("events",)``).

    Raises:
        UnknownNodeError: when ``a`` or ``b`` is not in the graph.
    """
    start, end = find_node(graph, a), find_node(graph, b)
    if start == end:
        return []
    simple = simple_graph(graph)
    if avoid_kinds:
        simple.remove_nodes_from(
            [
                n
                for n, attrs in graph.nodes(data=True)
                if attrs.get("kind") in avoid_kinds and n not in (start, end)
            ]
        )
    try:
        found = list(islice(nx.shortest_simple_paths(simple, start, end), k))
    except nx.NetworkXNoPath:
        return []
    return [[_step(graph, u, v) for u, v in pairwise(path)] for path in found]


def describe_path(graph: nx.MultiDiGraph, steps: Sequence[PathStep]) -> str:
    """A path as one line of labels: ``Russia --holds position--> ... --opposes--> X``.

    Example:
        >>> g = nx.MultiDiGraph(); g.add_node("a", label="A"); g.add_node("b", label="B")
        >>> describe_path(g, [PathStep("a", "supports", "b")])
        'A --supports--> B'
    """
    if not steps:
        return ""

    def label(n: str) -> str:
        return str(graph.nodes[n].get("label", n)) if n in graph else n

    parts = [label(steps[0].source)]
    for step in steps:
        arrow = f" --{step.relation}--> " if step.forward else f" <--{step.relation}-- "
        parts.append(arrow + label(step.target))
    return "".join(parts)
