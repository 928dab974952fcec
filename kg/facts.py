"""Fetch the statements and evidence of many nodes at once and assemble typed claims.

Commands first select the nodes they need (usually with a named query), then
call :func:`load_facts` and :func:`load_evidence` once for all of them: two
queries whatever the number of nodes, never one query per node.

Example:
    >>> import kg
    >>> g = kg.load()
    >>> from kg.namespaces import SAD
    >>> [p] = positions_for(g, [str(SAD["russia-opposes-nato-open-door-2022"])])
    >>> p.holder.label, p.stance, p.target.label
    ('Russia', 'opposes', 'NATO open-door policy')
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF
from rdflib.term import Node

from kg.named_queries import internal_query
from kg.namespaces import SA
from kg.results import Evidence, Linkage, Position, Ref

if TYPE_CHECKING:
    from kg.api import KnowledgeGraph

_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


def with_values(sparql: str, variable: str, iris: Iterable[str]) -> str:
    """Bind ``?variable`` to the IRIs with a ``VALUES`` block at the start of the WHERE clause.

    Example:
        >>> with_values("SELECT ?s WHERE { ?s a ?c }", "s", ["http://x/a"])
        'SELECT ?s WHERE { VALUES ?s { <http://x/a> } ?s a ?c }'
    """
    terms = " ".join(URIRef(i).n3() for i in dict.fromkeys(iris))
    match = _WHERE.search(sparql)
    assert match is not None, "query has no WHERE clause"
    return f"{sparql[: match.end()]} VALUES ?{variable} {{ {terms} }}{sparql[match.end() :]}"


@dataclass
class FactTable:
    """Statements of a set of nodes: node -> predicate -> objects, plus vocabulary codes."""

    by_node: dict[str, dict[str, list[Node]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(list))
    )
    codes: dict[str, str] = field(default_factory=dict)
    stances: dict[str, tuple[int, bool]] = field(default_factory=dict)

    def all(self, node: str, predicate: URIRef) -> list[Node]:
        """Every object of ``node predicate``."""
        return self.by_node.get(node, {}).get(str(predicate), [])

    def one(self, node: str, predicate: URIRef) -> Node | None:
        """One object of ``node predicate`` (None if absent)."""
        values = self.all(node, predicate)
        return values[0] if values else None

    def text(self, node: str, predicate: URIRef) -> str | None:
        """The object as a string (a vocabulary term as its code)."""
        value = self.one(node, predicate)
        if value is None:
            return None
        return self.codes.get(str(value), str(value))

    def date(self, node: str) -> tuple[str | None, dt.date | None]:
        """The node's date as written (``2022-02``) and its sort date."""
        written = self.one(node, DCTERMS.date)
        sort = self.one(node, SA.sortDate)
        sort_date = sort.toPython() if isinstance(sort, Literal) else None
        return (str(written) if written is not None else None), (
            sort_date if isinstance(sort_date, dt.date) else None
        )


def load_facts(graph: KnowledgeGraph, iris: Iterable[str]) -> FactTable:
    """Every statement about the given nodes, in one query."""
    table = FactTable()
    iris = list(dict.fromkeys(iris))
    if not iris:
        return table
    for s, p, o, code, polarity, conditional in graph.query(
        with_values(internal_query("facts"), "s", iris)
    ).rows:
        objects = table.by_node[str(s)][str(p)]
        if o not in objects:
            objects.append(o)  # type: ignore[arg-type]
        if code is not None:
            table.codes[str(o)] = str(code)
        if polarity is not None and conditional is not None:
            table.stances[str(o)] = (int(polarity.toPython()), bool(conditional.toPython()))  # type: ignore[union-attr]
    return table


def _evidence_order(iri: str) -> tuple[str, int]:
    head, _, number = iri.rpartition("/")
    return head, int(number) if number.isdigit() else 0


def load_evidence(graph: KnowledgeGraph, iris: Iterable[str]) -> dict[str, tuple[Evidence, ...]]:
    """The evidence of each node (source, quote, reliability), in one query."""
    iris = list(dict.fromkeys(iris))
    found: dict[str, list[tuple[str, Evidence]]] = defaultdict(list)
    if not iris:
        return {}
    names = graph.names
    rows = graph.query(with_values(internal_query("evidence"), "s", iris)).rows
    for s, ev, source, quote, note, start, reliability in rows:
        item = Evidence(
            names.ref(str(source)),
            str(quote) if quote is not None else None,
            str(note) if note is not None else None,
            str(reliability) if reliability is not None else None,
            start is not None,
        )
        if all(e != item for _, e in found[str(s)]):
            found[str(s)].append((str(ev), item))
    return {
        node: tuple(e for _, e in sorted(items, key=lambda x: _evidence_order(x[0])))
        for node, items in found.items()
    }


def _refs(graph: KnowledgeGraph, values: list[Node]) -> tuple[Ref, ...]:
    return tuple(sorted((graph.names.ref(str(v)) for v in values), key=lambda r: r.label))


def position_from(
    graph: KnowledgeGraph, iri: str, facts: FactTable, evidence: dict[str, tuple[Evidence, ...]]
) -> Position:
    """Assemble a Position from its statements."""
    names = graph.names
    stance_term = facts.one(iri, SA.stance)
    polarity, conditional = facts.stances.get(str(stance_term), (None, False))
    stated_by = facts.one(iri, SA.statedBy)
    return Position(
        ref=names.ref(iri),
        holder=names.ref(str(facts.one(iri, SA.holder))),
        stance=facts.text(iri, SA.stance) or "",
        target=names.ref(str(facts.one(iri, SA.target))),
        date=facts.date(iri)[0],
        polarity=polarity,
        conditional=conditional,
        conditions=tuple(sorted(str(c) for c in facts.all(iri, SA.condition))),
        condition_on=_refs(graph, facts.all(iri, SA.conditionOn)),
        stated_by=names.ref(str(stated_by)) if stated_by is not None else None,
        attribution=facts.text(iri, SA.attribution),
        description=facts.text(iri, DCTERMS.description),
        evidence=evidence.get(iri, ()),
    )


def linkage_from(
    graph: KnowledgeGraph, iri: str, facts: FactTable, evidence: dict[str, tuple[Evidence, ...]]
) -> Linkage:
    """Assemble a Linkage from its statements."""
    names = graph.names
    stated_by = facts.one(iri, SA.statedBy)
    return Linkage(
        ref=names.ref(iri),
        holder=names.ref(str(facts.one(iri, SA.holder))),
        linkage_type=facts.text(iri, SA.linkageType) or "",
        subjects=_refs(graph, facts.all(iri, SA.linkSubject)),
        conditions=_refs(graph, facts.all(iri, SA.linkCondition)),
        date=facts.date(iri)[0],
        stated_by=names.ref(str(stated_by)) if stated_by is not None else None,
        attribution=facts.text(iri, SA.attribution),
        description=facts.text(iri, DCTERMS.description),
        evidence=evidence.get(iri, ()),
    )


def _by_date(facts: FactTable, iri: str) -> tuple[dt.date, str]:
    return facts.date(iri)[1] or dt.date.min, iri


def claims_for(graph: KnowledgeGraph, iris: Iterable[str]) -> tuple[list[Position], list[Linkage]]:
    """The positions and linkages among ``iris``, oldest first (three queries in all)."""
    iris = list(dict.fromkeys(iris))
    facts = load_facts(graph, iris)
    evidence = load_evidence(graph, iris)
    positions, linkages = [], []
    for iri in sorted(iris, key=lambda i: _by_date(facts, i)):
        classes = facts.all(iri, RDF.type)
        if SA.Position in classes:
            positions.append(position_from(graph, iri, facts, evidence))
        elif SA.Linkage in classes:
            linkages.append(linkage_from(graph, iri, facts, evidence))
    return positions, linkages


def positions_for(graph: KnowledgeGraph, iris: Iterable[str]) -> list[Position]:
    """The positions among ``iris``, oldest first."""
    return claims_for(graph, iris)[0]


def linkages_for(graph: KnowledgeGraph, iris: Iterable[str]) -> list[Linkage]:
    """The linkages among ``iris``, oldest first."""
    return claims_for(graph, iris)[1]
