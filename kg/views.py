"""Views of the graph around entities: ``show``, ``linkages`` (neighbourhood), ``timeline``,
``path`` and ``stats``.

The entity graph (relations between project nodes, with sources and evidence
left out) is read with one query and kept per graph. Claims, events and treaty
actions are *statements*: walking through one counts as a single step, so the
neighbourhood of JCPOA at depth 1 holds the actors of the positions on it.

Example:
    >>> import kg
    >>> g = kg.load()
    >>> "Iran's compliance with the JCPOA" in {r.label for r in linkages(g, "JCPOA").entities()}
    True
    >>> [s.predicate for s in path(g, "New START", "Russia").paths[0]]
    ['party']
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

import networkx as nx
from rdflib import URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS

from kg.dates import as_of_date, parse_date
from kg.facts import claims_for, load_evidence, load_facts, with_values
from kg.named_queries import internal_query
from kg.namespaces import SA
from kg.output import compact
from kg.results import (
    EntityView,
    Fact,
    Neighbourhood,
    Paths,
    PathStep,
    Relation,
    Role,
    Statement,
    Stats,
    Timeline,
    TimelineEntry,
)

if TYPE_CHECKING:
    from kg.api import DateLike, KnowledgeGraph

#: Properties ``show`` reports in their own sections rather than as facts.
SHOW_SKIPPED = {
    str(p)
    for p in (RDF.type, SKOS.prefLabel, SKOS.altLabel, RDFS.label, SA.evidence, PROV.wasDerivedFrom)
}
#: For each statement kind, the property whose code describes it.
DETAIL_PROPERTY = {
    "position": SA.stance,
    "linkage": SA.linkageType,
    "event": SA.eventType,
    "treaty action": SA.actionType,
}


@dataclass(frozen=True)
class EntityGraph:
    """The relations between project nodes, and which nodes are statements."""

    edges: tuple[tuple[str, str, str], ...]
    statements: dict[str, str]  #: node -> kind ("position", "event"...)
    adjacency: dict[str, tuple[tuple[str, str, str], ...]]  #: node -> (s, p, o) touching it

    def neighbours(self, node: str) -> list[tuple[str, str, str, str]]:
        """``(other, s, p, o)`` for every edge touching ``node``."""
        return [(o if s == node else s, s, p, o) for s, p, o in self.adjacency.get(node, ())]


def entity_graph(graph: KnowledgeGraph) -> EntityGraph:
    """The entity graph of ``graph`` (two queries, cached on the graph)."""

    def make() -> EntityGraph:
        edges = tuple(
            (str(s), str(p), str(o)) for s, p, o in graph.query(internal_query("edges")).rows
        )
        kinds = {str(n): str(k) for n, k in graph.query(internal_query("statement_nodes")).rows}
        adjacency: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
        for edge in dict.fromkeys(edges):
            adjacency[edge[0]].append(edge)
            if edge[2] != edge[0]:
                adjacency[edge[2]].append(edge)
        return EntityGraph(edges, kinds, {k: tuple(v) for k, v in adjacency.items()})

    return graph.cached("entity_graph", make)  # type: ignore[no-any-return]


def _not_after(date: str | None, day: dt.date | None) -> bool:
    return day is None or date is None or parse_date(date).start <= day


def show(graph: KnowledgeGraph, name: str, as_of: DateLike = None) -> EntityView:
    """Everything about one entity: types, labels, facts, inbound relations, claims, evidence."""
    names = graph.names
    entity = graph.resolve(name)
    iri = entity.iri
    day = as_of_date(as_of)
    facts = load_facts(graph, [iri])
    own = facts.by_node.get(iri, {})
    subnodes = [str(o) for p in (SA.affiliation, SA.dispute) for o in own.get(str(p), [])]
    sub = load_facts(graph, subnodes)
    fact_list: list[Fact] = []
    for predicate, values in own.items():
        if predicate in SHOW_SKIPPED:
            continue
        label = names.predicate_label(predicate)
        for value in values:
            text = str(value)
            if text in subnodes:
                fact_list.append(Fact(entity, label, _summary(graph, text, sub)))
            elif isinstance(value, URIRef):
                fact_list.append(
                    Fact(
                        entity,
                        label,
                        names.ref(text)
                        if text in names.labels
                        else facts.codes.get(text, compact(text)),
                    )
                )
            else:
                fact_list.append(Fact(entity, label, text))
    inbound_rows = graph.query(with_values(internal_query("inbound"), "o", [iri])).rows
    inbound = tuple(
        sorted(
            (
                Fact(names.ref(str(s)), names.predicate_label(str(p)), entity)
                for s, p in inbound_rows
                if str(s) in names.labels
            ),
            key=lambda f: (f.predicate, f.subject.label),
        )
    )
    positions, linkages = claims_for(graph, [iri, *(f.subject.iri for f in inbound)])
    return EntityView(
        entity=entity,
        types=names.type_labels(iri),
        labels=tuple(
            dict.fromkeys(str(v) for p in (SKOS.prefLabel, RDFS.label) for v in facts.all(iri, p))
        ),
        aliases=tuple(sorted(str(v) for v in facts.all(iri, SKOS.altLabel))),
        facts=tuple(fact_list),
        inbound=inbound,
        positions=tuple(p for p in positions if _not_after(p.date, day)),
        linkages=tuple(link for link in linkages if _not_after(link.date, day)),
        evidence=load_evidence(graph, [iri]).get(iri, ()),
    )


def _summary(graph: KnowledgeGraph, node: str, sub: object) -> str:
    """An office or a dispute in words: ``President, United States (2021-01-20 – 2025-01-20)``."""
    from kg.facts import FactTable

    assert isinstance(sub, FactTable)
    names = graph.names
    role = sub.text(node, SA.role)
    org = sub.one(node, SA.organization) or sub.one(node, SA.disputedBy)
    start = sub.text(node, SA.startDate) or sub.text(node, DCTERMS.date)
    end = sub.text(node, SA.endDate)
    words = ", ".join(x for x in (role, names.ref(str(org)).label if org else None) if x)
    description = sub.text(node, DCTERMS.description)
    if description:
        words += f": {description}"
    if start or end:
        words += f" ({start or '?'}{' – ' + end if end else ''})"
    return words


def linkages(graph: KnowledgeGraph, name: str, depth: int = 1) -> Neighbourhood:
    """Everything linked to an entity, up to ``depth`` steps: relations and statements.

    A statement (position, linkage, event, treaty action) touching an entity
    reached at step ``d - 1`` is reported at step ``d`` with all its roles; its
    other participants are reached at step ``d``.
    """
    if depth < 1:
        raise ValueError("depth must be at least 1")
    names = graph.names
    center = graph.resolve(name)
    eg = entity_graph(graph)
    reached: dict[str, int] = {center.iri: 0}
    relations: dict[tuple[str, str, str], int] = {}
    statements: dict[str, int] = {}
    frontier = [center.iri]
    if center.iri in eg.statements:
        statements[center.iri] = 0
        frontier = [o for o, *_ in eg.neighbours(center.iri)]
        reached.update(dict.fromkeys(frontier, 0))
    for step in range(1, depth + 1):
        following: list[str] = []
        for node in frontier:
            for other, s, p, o in eg.neighbours(node):
                if other in eg.statements:
                    statements.setdefault(other, step)
                    for member, *_ in eg.neighbours(other):
                        if member not in eg.statements and member not in reached:
                            reached[member] = step
                            following.append(member)
                else:
                    relations.setdefault((s, p, o), step)
                    if other not in reached:
                        reached[other] = step
                        following.append(other)
        frontier = following
    facts = load_facts(graph, statements)
    evidence = load_evidence(graph, statements)
    found = []
    for node, step in statements.items():
        kind = eg.statements[node]
        detail = facts.text(node, DETAIL_PROPERTY[kind]) or ""
        conditions = [str(c) for c in facts.all(node, SA.condition)]
        if conditions:
            detail += f" [if {'; '.join(conditions)}]"
        roles = tuple(
            Role(names.predicate_label(p), names.ref(other))
            for other, _s, p, _o in eg.neighbours(node)
            if other not in eg.statements
        )
        written, sort = facts.date(node)
        found.append(
            (
                step,
                sort or dt.date.min,
                Statement(
                    step, kind, names.ref(node), written, detail, roles, evidence.get(node, ())
                ),
            )
        )
    found.sort(key=lambda x: (x[0], x[1], x[2].ref.label))
    rels = sorted(
        (
            Relation(step, names.ref(s), names.predicate_label(p), names.ref(o))
            for (s, p, o), step in relations.items()
        ),
        key=lambda r: (r.depth, r.predicate, r.subject.label, r.object.label),
    )
    return Neighbourhood(center, depth, tuple(rels), tuple(s for *_, s in found))


def timeline(
    graph: KnowledgeGraph, name: str | None = None, start: DateLike = None, end: DateLike = None
) -> Timeline:
    """Dated events and treaty actions in order, optionally involving one entity."""
    names = graph.names
    item = graph.resolve(name).iri if name else None
    first = parse_date(start).start if start else None
    last = as_of_date(end)
    rows = graph.named("timeline", item=item, start=first, end=last).rows
    iris = [str(r[0]) for r in rows]
    facts = load_facts(graph, iris)
    evidence = load_evidence(graph, iris)
    entries = []
    for entry, date, kind, type_, _label, sort in rows:
        node = str(entry)
        actors = facts.all(node, SA.participant) + facts.all(node, SA.actor)
        about = (
            facts.all(node, SA.agreement) + facts.all(node, SA.forum) + facts.all(node, SA.topic)
        )
        entries.append(
            TimelineEntry(
                date=str(date),
                sort_date=sort.toPython(),  # type: ignore[union-attr]
                kind=str(kind),
                ref=names.ref(node),
                type=str(type_),
                actors=tuple(names.ref(str(a)) for a in actors),
                about=tuple(names.ref(str(a)) for a in about),
                description=facts.text(node, DCTERMS.description) or facts.text(node, SA.outcome),
                evidence=evidence.get(node, ()),
            )
        )
    return Timeline(tuple(entries))


def path(graph: KnowledgeGraph, a: str, b: str, limit: int = 5) -> Paths:
    """The shortest chains of relations between two entities, each step named."""
    names = graph.names
    start, end = graph.resolve(a), graph.resolve(b)
    eg = entity_graph(graph)

    def make() -> nx.Graph:
        g = nx.Graph()
        for s, p, o in eg.edges:
            if s != o and not g.has_edge(s, o):
                g.add_edge(s, o, triple=(s, p, o))
        return g

    network: nx.Graph = graph.cached("path_network", make)
    found: list[tuple[PathStep, ...]] = []
    if start.iri in network and end.iri in network and start != end:
        try:
            for nodes in nx.all_shortest_paths(network, start.iri, end.iri):
                steps = []
                for u, v in itertools.pairwise(nodes):
                    s, p, o = network.edges[u, v]["triple"]
                    steps.append(
                        PathStep(
                            names.ref(s), names.predicate_label(p), names.ref(o), inverse=s != u
                        )
                    )
                found.append(tuple(steps))
                if len(found) >= limit:
                    break
        except nx.NetworkXNoPath:
            pass
    return Paths(start, end, tuple(found))


def stats(graph: KnowledgeGraph) -> Stats:
    """Counts per class and relation, sources per claim, reliability mix, quotes verified."""
    names = graph.names
    classes = {
        names.class_labels.get(str(c), compact(str(c))): int(n.toPython())  # type: ignore[union-attr]
        for c, n in graph.query(internal_query("stats-classes")).rows
    }
    relations = {
        compact(str(p)): int(n.toPython())  # type: ignore[union-attr]
        for p, n in graph.query(internal_query("stats-relations")).rows
    }
    per_claim = {
        int(s.toPython()): int(n.toPython())  # type: ignore[union-attr]
        for s, n in graph.query(internal_query("stats-provenance")).rows
    }
    reliability = {
        str(r): int(n.toPython())  # type: ignore[union-attr]
        for r, n in graph.query(internal_query("stats-reliability")).rows
    }
    [row] = graph.query(internal_query("stats-quotes")).dicts()
    quotes = {k: int(row[k]) for k in ("evidence", "quoted", "verified")}
    return Stats(int(row["triples"]), classes, relations, per_claim, reliability, quotes)
