"""What the interactive graph shows: nodes and edges selected from the knowledge graph.

Entities (actors, issues, fora, agreements, proposals, events, linkages) are nodes;
positions are stance-coloured edges from holder to target; relations named in
``styles.toml`` and persons' offices are edges. A linkage is a node with arms to its
holder, its subjects (X) and its conditions (Y); neighbourhoods treat it as one hop.

Example:
    >>> from kg.store import GraphStore
    >>> graph = load_viz_graph(GraphStore.open())
    >>> view = select(graph, focus="New START", depth=1)
    >>> "new-start" in view.nodes and "russia" in view.nodes
    True
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from importlib import resources
from string import Template
from typing import Any, Protocol

from rdflib import Literal
from rdflib.term import Node

from kg.dates import as_of_date, parse_date
from kg.errors import KGError
from kg.namespaces import SAD
from kg.store import QueryResult
from kg.viz.styles import Styles, load_styles

_SAD = str(SAD)
#: The class keys that name an actor (the targets of ``actor=``).
ACTOR_GROUPS = ("Actors", "People")


class Engine(Protocol):
    """Anything answering SPARQL with the project prefixes pre-bound (GraphStore, remote)."""

    def query(self, sparql: str) -> QueryResult:
        """Run a query."""
        ...


class VizError(KGError):
    """A visualization request cannot be met (unknown name, wrong kind, bad date)."""


@dataclass
class VizNode:
    """One node: an entity with what the details panel shows of it."""

    id: str
    label: str
    cls: str
    group: str
    aliases: list[str] = field(default_factory=list)
    start: dt.date | None = None
    end: dt.date | None = None
    date: str | None = None
    facts: list[tuple[str, str]] = field(default_factory=list)
    evidence: list[dict[str, str]] = field(default_factory=list)
    actions: list[dict[str, Any]] = field(default_factory=list)
    holder: str | None = None


@dataclass
class VizEdge:
    """One edge: a position (role = its stance), a relation or an office."""

    id: str
    source: str
    target: str
    role: str
    kind: str  # "position", "relation" or "affiliation"
    label: str = ""
    start: dt.date | None = None
    end: dt.date | None = None
    date: str | None = None
    facts: list[tuple[str, str]] = field(default_factory=list)
    evidence: list[dict[str, str]] = field(default_factory=list)


@dataclass
class VizGraph:
    """Nodes and edges to draw, with the sources their evidence cites."""

    nodes: dict[str, VizNode]
    edges: list[VizEdge]
    sources: dict[str, dict[str, Any]]
    title: str = "Security agenda"
    as_of: dt.date | None = None
    focus: list[str] = field(default_factory=list)
    #: Neighbourhoods grow beyond the first hop only through nodes of these groups.
    expand_groups: tuple[str, ...] = ("Issues", "Agreements", "Proposals", "Linkages")

    def adjacency(self) -> dict[str, set[str]]:
        """Undirected neighbours of every node."""
        adjacent: dict[str, set[str]] = defaultdict(set)
        for edge in self.edges:
            adjacent[edge.source].add(edge.target)
            adjacent[edge.target].add(edge.source)
        return adjacent

    def neighbourhood(
        self, seeds: Iterable[str], depth: int, adjacent: dict[str, set[str]] | None = None
    ) -> set[str]:
        """Nodes within ``depth`` hops of ``seeds``; a linkage and its arms count as one hop.

        The seeds expand to all their neighbours; beyond the first hop, only subjects of the
        agenda (:attr:`expand_groups`) expand, not actors or events, which touch everything.

        Example:
            >>> g = VizGraph({n: VizNode(n, n, c, "") for n, c in
            ...     [("a", "state"), ("l", "linkage"), ("x", "issue"), ("y", "issue")]},
            ...     [VizEdge("1", "a", "l", "link-holder", "relation"),
            ...      VizEdge("2", "x", "l", "link-subject", "relation"),
            ...      VizEdge("3", "l", "y", "link-condition", "relation")], {})
            >>> sorted(g.neighbourhood(["x"], 1))
            ['a', 'l', 'x', 'y']
        """
        adjacent = adjacent if adjacent is not None else self.adjacency()
        seen = {s for s in seeds if s in self.nodes}
        frontier = set(seen) | self._linkage_arms(seen, adjacent)
        seen |= frontier
        for hop in range(max(depth, 0)):
            sources = frontier if hop == 0 else {f for f in frontier if self._expands(f)}
            reached = {n for f in sources for n in adjacent.get(f, ())} - seen
            reached |= self._linkage_arms(reached, adjacent) - seen
            seen |= reached
            frontier = reached
            if not frontier:
                break
        return seen

    def _expands(self, node: str) -> bool:
        return self.nodes[node].group in self.expand_groups

    def _linkage_arms(self, nodes: set[str], adjacent: dict[str, set[str]]) -> set[str]:
        arms: set[str] = set()
        for n in nodes:
            if self.nodes[n].cls == "linkage":
                arms |= adjacent.get(n, set())
        return arms

    def subgraph(
        self, keep: set[str], edge_filter: Callable[[VizEdge], bool] | None = None
    ) -> VizGraph:
        """The nodes in ``keep`` and the edges between them (that pass ``edge_filter``)."""
        edges = [
            e
            for e in self.edges
            if e.source in keep and e.target in keep and (edge_filter is None or edge_filter(e))
        ]
        nodes = {k: v for k, v in self.nodes.items() if k in keep}
        return replace(self, nodes=nodes, edges=edges)

    def descendants(self, issue: str) -> set[str]:
        """An issue and every issue below it (through ``skos:broader``)."""
        below: dict[str, set[str]] = defaultdict(set)
        for e in self.edges:
            if e.role == "broader":
                below[e.target].add(e.source)
        found, todo = {issue}, [issue]
        while todo:
            for child in below[todo.pop()] - found:
                found.add(child)
                todo.append(child)
        return found

    def issue_scopes(self) -> dict[str, list[str]]:
        """For each node, the issues whose one-hop neighbourhood (with sub-issues) holds it."""
        adjacent = self.adjacency()
        scopes: dict[str, list[str]] = defaultdict(list)
        for issue in sorted(n for n, v in self.nodes.items() if v.cls == "issue"):
            for node in self.neighbourhood(self.descendants(issue), 1, adjacent):
                scopes[node].append(issue)
        return scopes

    def resolve(
        self, name: str, groups: tuple[str, ...] | None = None, what: str = "entity"
    ) -> str:
        """The id of the node named ``name`` (id, label or alias, any case).

        Raises:
            VizError: naming close matches, when no node (of ``groups``) has that name,
                or listing the candidates, when several do.
        """
        wanted = name.strip().casefold()
        nodes = [n for n in self.nodes.values() if groups is None or n.group in groups]
        exact = [n for n in nodes if wanted in (n.id.casefold(), n.label.casefold())]
        if not exact:
            exact = [n for n in nodes if wanted in (a.casefold() for a in n.aliases)]
        if len(exact) == 1:
            return exact[0].id
        if len(exact) > 1:
            listed = ", ".join(f"{n.label} ({n.id})" for n in sorted(exact, key=lambda n: n.id))
            raise VizError(f"'{name}' names several {what}s: {listed}; use an id")
        names = {n.label: n for n in nodes} | {a: n for n in nodes for a in n.aliases}
        close = difflib.get_close_matches(name, list(names), n=4, cutoff=0.6)
        hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        raise VizError(f"no {what} named '{name}' in the graph{hint}")


def _query(name: str, **values: str) -> str:
    text = resources.files("kg.viz").joinpath("queries", f"{name}.rq").read_text("utf-8")
    return Template(text).substitute(values)


def _local(term: Node | None) -> str:
    text = str(term)
    return text[len(_SAD) :] if text.startswith(_SAD) else text


def _date(term: Node | None) -> dt.date | None:
    if term is None:
        return None
    value = term.toPython() if isinstance(term, Literal) else None
    if isinstance(value, dt.date):
        return value
    try:
        return parse_date(str(term)).start
    except ValueError:
        return None


def _evidence_order(iri: str) -> tuple[str, int]:
    head, _, tail = iri.rpartition("/")
    return (head, int(tail) if tail.isdigit() else 0)


class _Loader:
    """Runs the queries and assembles a :class:`VizGraph`."""

    def __init__(self, store: Engine, styles: Styles) -> None:
        self.store = store
        self.styles = styles
        self.labels: dict[str, str] = {}

    def rows(self, name: str, **values: str) -> list[tuple[Node | None, ...]]:
        return self.store.query(_query(name, **values)).rows

    def label(self, term: Node | None) -> str:
        text = str(term)
        return self.labels.get(text, _local(term))

    def load(self) -> VizGraph:
        styles = self.styles
        for node, label, pref in self.rows("labels"):
            key = str(node)
            if pref is not None:
                self.labels[key] = str(pref)
            else:
                self.labels.setdefault(key, str(label))

        classes: dict[str, list[str]] = defaultdict(list)
        values = " ".join(f"<{c.iri}>" for c in styles.classes)
        for node, cls in self.rows("nodes", classes=values):
            classes[str(node)].append(str(cls))
        nodes: dict[str, VizNode] = {}
        for iri, found in classes.items():
            style = styles.class_for(found)
            assert style is not None
            nid = _local_iri(iri)
            nodes[nid] = VizNode(nid, self.labels.get(iri, nid), style.key, style.group)

        for node, alias in self.rows("aliases"):
            nid = _local(node)
            if nid in nodes:
                nodes[nid].aliases.append(str(alias))

        dates: dict[str, tuple[dt.date | None, dt.date | None, str | None]] = {}
        for node, start, end, date in self.rows("dates"):
            dates[_local(node)] = (_date(start), _date(end), str(date) if date else None)
        for nid, node in nodes.items():
            if nid in dates:
                node.start, node.end, node.date = dates[nid]

        evidence: dict[str, list[tuple[str, dict[str, str]]]] = defaultdict(list)
        for owner, ev, source, quote, note in self.rows("evidence"):
            item = {"source": _local(source)}
            if quote is not None:
                item["quote"] = str(quote)
            if note is not None:
                item["note"] = str(note)
            evidence[_local(owner)].append((str(ev), item))
        for items in evidence.values():
            items.sort(key=lambda pair: _evidence_order(pair[0]))

        def evidence_of(nid: str) -> list[dict[str, str]]:
            return [item for _, item in evidence.get(nid, [])]

        facts: dict[str, list[tuple[str, str]]] = defaultdict(list)
        order = {p: i for i, (p, _) in enumerate(styles.facts)}
        heading = dict(styles.facts)
        fact_rows = self.rows("facts", predicates=" ".join(f"<{p}>" for p, _ in styles.facts))
        fact_rows.sort(key=lambda r: (order[str(r[1])], str(r[3] or r[2])))
        for s, p, o, olabel in fact_rows:
            text = str(olabel) if olabel is not None else self.label(o)
            if isinstance(o, Literal):
                text = str(o)
            facts[_local(s)].append((heading[str(p)], text))

        edges: list[VizEdge] = []
        relations = {r.predicate: r for r in styles.relations}
        predicates = " ".join(f"<{p}>" for p in relations)
        for s, p, o in self.rows("relations", predicates=predicates):
            relation = relations[str(p)]
            a, b = _local(s), _local(o)
            if relation.reverse:
                a, b = b, a
            if a in nodes and b in nodes and a != b:
                role = relation.style.key
                edges.append(
                    VizEdge(
                        f"{role}:{a}>{b}",
                        a,
                        b,
                        role,
                        "relation",
                        f"{nodes[a].label} — {relation.style.label} — {nodes[b].label}",
                    )
                )

        for position, holder, target, stance in self.rows("positions"):
            pid, h, t = _local(position), _local(holder), _local(target)
            if h not in nodes or t not in nodes:
                continue
            start, end, date = dates.get(pid, (None, None, None))
            edges.append(
                VizEdge(
                    pid,
                    h,
                    t,
                    str(stance),
                    "position",
                    self.labels.get(str(position), pid),
                    start,
                    end,
                    date,
                    facts.get(pid, []),
                    evidence_of(pid),
                )
            )

        for person, aff, org, role, start, end in self.rows("affiliations"):
            a, b = _local(person), _local(org)
            if a not in nodes or b not in nodes:
                continue
            span = " to ".join(str(x) for x in (start, end) if x is not None)
            edges.append(
                VizEdge(
                    _local(aff),
                    a,
                    b,
                    styles.affiliation.key,
                    "affiliation",
                    f"{nodes[a].label} — {role} — {nodes[b].label}"
                    + (f" ({span})" if span else ""),
                    _date(start),
                    _period_end(end),
                    span or None,
                    [("Role", str(role))],
                    evidence_of(_local(aff)),
                )
            )

        self._add_actions(nodes, evidence_of)
        for nid, node in nodes.items():
            node.facts = facts.get(nid, [])
            node.evidence = evidence_of(nid)
        for e in edges:
            if e.kind == "relation" and e.role == "link-holder":
                nodes[e.target].holder = e.source

        sources: dict[str, dict[str, Any]] = {}
        for src, title, rel, rank, rationale, date, publisher in self.rows("sources"):
            entry: dict[str, Any] = {"title": str(title), "reliability": str(rel)}
            if rank is not None:
                entry["rank"] = int(rank.toPython())  # type: ignore[union-attr]
            for key, value in (("rationale", rationale), ("date", date), ("publisher", publisher)):
                if value is not None:
                    entry[key] = str(value)
            sources[_local(src)] = entry
        edges.sort(key=lambda e: e.id)
        return VizGraph(dict(sorted(nodes.items())), edges, sources)

    def _add_actions(
        self, nodes: dict[str, VizNode], evidence_of: Callable[[str], list[dict[str, str]]]
    ) -> None:
        actions: dict[str, dict[str, Any]] = {}
        for action, agreement, kind, date, start, actor, description in self.rows("actions"):
            aid = _local(action)
            entry = actions.setdefault(
                aid,
                {
                    "agreement": _local(agreement),
                    "action": str(kind),
                    "date": str(date),
                    "start": _date(start),
                    "actors": [],
                    "evidence": evidence_of(aid),
                    "disputes": [],
                },
            )
            if actor is not None and str(actor) not in entry["actors"]:
                entry["actors"].append(str(actor))
            if description is not None:
                entry["description"] = str(description)
        for action, dispute, by, date, description in self.rows("disputes"):
            entry = actions.get(_local(action))
            if entry is not None:
                entry["disputes"].append(
                    {
                        "by": str(by),
                        "date": str(date) if date else "",
                        "description": str(description) if description else "",
                        "evidence": evidence_of(_local(dispute)),
                    }
                )
        for aid, entry in sorted(actions.items(), key=lambda kv: (kv[1]["start"], kv[0])):
            node = nodes.get(entry.pop("agreement"))
            if node is None:
                continue
            start = entry.pop("start")
            entry["actors"].sort()
            node.actions.append({"id": aid, **entry})
            if start is not None and (node.start is None or start < node.start):
                node.start = start


def _local_iri(iri: str) -> str:
    return iri[len(_SAD) :] if iri.startswith(_SAD) else iri


def _period_end(term: Node | None) -> dt.date | None:
    if term is None:
        return None
    try:
        return parse_date(str(term)).end
    except ValueError:
        return None


def load_viz_graph(store: Engine, styles: Styles | None = None) -> VizGraph:
    """Read every drawable node and edge of the graph ``store`` answers queries on."""
    styles = styles or load_styles()
    graph = _Loader(store, styles).load()
    graph.expand_groups = styles.expand_groups
    return graph


def select(
    graph: VizGraph,
    focus: str | None = None,
    depth: int | None = None,
    issue: str | None = None,
    actor: str | None = None,
    as_of: str | dt.date | None = None,
) -> VizGraph:
    """Narrow ``graph`` to what a view asks for.

    Args:
        graph: The full graph from :func:`load_viz_graph`.
        focus: A name (id, label or alias): keep its neighbourhood of ``depth`` hops.
        depth: Hops from the focus, the issue or the actor, 0 or more (default from
            ``styles.toml``: 2 with a focus, else 1).
        issue: An issue's name: keep it, its sub-issues and what is ``depth`` hops from them.
        actor: An actor's name: keep its neighbourhood, and only its own positions and
            linkages.
        as_of: A date (YYYY, YYYY-MM or YYYY-MM-DD): drop what is dated after it.

    Raises:
        VizError: for an unknown or ambiguous name, a wrong kind, a negative depth or a
            malformed date.
    """
    if depth is None:
        styles = load_styles()
        depth = styles.focus_depth if focus is not None else styles.scope_depth
    if depth < 0:
        raise VizError(f"depth must be 0 or more, not {depth}")
    keep = set(graph.nodes)
    adjacent = graph.adjacency()
    focus_ids: list[str] = []
    if focus is not None:
        fid = graph.resolve(focus)
        focus_ids.append(fid)
        keep &= graph.neighbourhood([fid], depth, adjacent)
    if issue is not None:
        iid = graph.resolve(issue, ("Issues",), "issue")
        focus_ids.append(iid)
        keep &= graph.neighbourhood(graph.descendants(iid), depth, adjacent)
    actor_id: str | None = None
    if actor is not None:
        actor_id = graph.resolve(actor, ACTOR_GROUPS, "actor")
        focus_ids.append(actor_id)
        keep &= graph.neighbourhood([actor_id], depth, adjacent)
        keep = {
            n for n in keep if graph.nodes[n].cls != "linkage" or graph.nodes[n].holder == actor_id
        }
    cutoff: dt.date | None = None
    if as_of is not None:
        try:
            cutoff = as_of if isinstance(as_of, dt.date) else as_of_date(str(as_of))
        except ValueError as exc:
            raise VizError(f"--as-of: {exc}") from None
        keep = {n for n in keep if _in_time(graph.nodes[n].start, cutoff)}

    def edge_ok(edge: VizEdge) -> bool:
        if actor_id is not None and edge.kind == "position" and edge.source != actor_id:
            return False
        return _in_time(edge.start, cutoff)

    view = graph.subgraph(keep, edge_ok)
    view.as_of = cutoff
    view.focus = [f for f in focus_ids if f in view.nodes]
    return view


def _in_time(start: dt.date | None, cutoff: dt.date | None) -> bool:
    return cutoff is None or start is None or start <= cutoff
