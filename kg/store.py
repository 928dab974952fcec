"""The query engine: the built graph in an Oxigraph store, with rdflib's API on top.

Queries run on pyoxigraph directly (passing strings, which is what makes it
fast); :attr:`GraphStore.rdflib` gives an ``rdflib.Graph`` view of the same
store (through oxrdflib) for code that wants rdflib's API.

Example:
    >>> store = GraphStore.open()
    >>> result = store.query("ASK { sad:russia a sa:State }")
    >>> result.boolean
    True
    >>> store.query("SELECT ?l WHERE { sad:nato skos:prefLabel ?l }").rows[0][0].toPython()
    'NATO'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from oxrdflib import OxigraphStore
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Node

from kg.errors import KGError
from kg.namespaces import bind_prefixes, sparql_prologue
from kg.settings import GRAPH_FILES, default_build_dir
from kg.sparql_text import uses_service

#: File suffix -> Oxigraph parser format.
FORMATS: dict[str, ox.RdfFormat] = {
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".ttl": ox.RdfFormat.TURTLE,
    ".turtle": ox.RdfFormat.TURTLE,
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
    ".xml": ox.RdfFormat.RDF_XML,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
    ".n3": ox.RdfFormat.N3,
}


#: How many converted terms a store keeps before starting afresh.
TERM_CACHE_SIZE = 200_000


class QueryError(KGError):
    """A SPARQL query could not be parsed or evaluated."""


class GraphLoadError(KGError):
    """An RDF file or build folder could not be read."""


def to_rdflib(term: Any) -> Node | None:
    """Convert a pyoxigraph term to the rdflib term of the same value."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise TypeError(f"unsupported term {term!r}")


@dataclass
class QueryResult:
    """The answer to a query: rows for SELECT, a boolean for ASK, a graph for CONSTRUCT/DESCRIBE."""

    kind: str
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Node | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    graph: Graph | None = None

    def __iter__(self) -> Iterator[tuple[Node | None, ...]]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def dicts(self) -> list[dict[str, Any]]:
        """Rows as dicts of plain Python values (str, int, date...), unbound as None."""
        return [
            {name: _plain(value) for name, value in zip(self.variables, row, strict=True)}
            for row in self.rows
        ]


def _plain(value: Node | None) -> Any:
    if value is None:
        return None
    if isinstance(value, Literal):
        python = value.toPython()
        return python if isinstance(python, (int, float, bool, dt.date, str)) else str(value)
    return str(value)


class GraphStore:
    """An Oxigraph store holding one graph, queried with the project prefixes pre-bound."""

    def __init__(self, store: ox.Store | None = None, origin: str = "memory") -> None:
        self.store = store if store is not None else ox.Store()
        self.origin = origin
        self._terms: dict[Any, Node | None] = {}

    def _convert(self, term: Any) -> Node | None:
        """``to_rdflib`` with a per-store cache: the same terms recur across rows and queries."""
        try:
            return self._terms[term]
        except KeyError:
            if len(self._terms) > TERM_CACHE_SIZE:
                self._terms.clear()
            converted = self._terms[term] = to_rdflib(term)
            return converted

    @classmethod
    def open(cls, path: Path | str | None = None) -> GraphStore:
        """Open an RDF file or a build folder; None opens the project's build.

        The project's build is (re)built first when it is missing or stale.
        """
        file = graph_file(path)
        graph = cls(origin=str(file))
        graph.load_file(file)
        return graph

    def load_file(self, path: Path) -> None:
        """Add the triples of one RDF file, its format chosen by suffix."""
        fmt = FORMATS.get(path.suffix.lower())
        if fmt is None:
            raise GraphLoadError(
                f"{path}: unknown RDF format; use one of {', '.join(sorted(FORMATS))}"
            )
        try:
            self.store.bulk_load(path=str(path), format=fmt)
        except (OSError, SyntaxError, ValueError) as exc:
            raise GraphLoadError(f"{path}: {exc}") from None

    def query(self, sparql: str) -> QueryResult:
        """Run a SPARQL query with the project prefixes pre-bound.

        Raises:
            QueryError: with the parser's message, for a malformed query or unknown prefix,
                and for ``SERVICE``, which would make the engine fetch from the network.
        """
        if uses_service(sparql):
            raise QueryError(
                "SERVICE (federated query) is refused: the graph is queried offline, "
                "and a query must not make the engine fetch from the network"
            )
        try:
            answer = self.store.query(sparql_prologue() + sparql, use_default_graph_as_union=True)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {_shift_position(str(exc))}") from None
        except (OSError, ValueError, RuntimeError) as exc:
            raise QueryError(f"SPARQL evaluation failed: {exc}") from None
        if isinstance(answer, (bool, ox.QueryBoolean)):
            return QueryResult("ask", boolean=bool(answer))
        if isinstance(answer, ox.QuerySolutions):
            variables = [v.value for v in answer.variables]
            convert = self._convert
            rows = [tuple(convert(s[v]) for v in variables) for s in answer]
            return QueryResult("select", variables, rows)
        graph = bind_prefixes(Graph())
        for triple in answer:
            graph.add(
                (to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object))
            )  # type: ignore[arg-type]
        return QueryResult("graph", graph=graph)

    @property
    def rdflib(self) -> Graph:
        """An rdflib Graph over the same Oxigraph store (no copy)."""
        return bind_prefixes(
            Graph(store=OxigraphStore(store=self.store), identifier=DATASET_DEFAULT_GRAPH_ID)
        )

    def __len__(self) -> int:
        return len(self.store)


def graph_file(path: Path | str | None = None) -> Path:
    """The RDF file behind ``path``: the file itself, a build folder's graph file, or
    (None) the project's build, rebuilt first when missing or stale.

    Raises:
        GraphLoadError: no such file, no graph file in the folder, or an unknown format.
    """
    if path is None:
        from kg.build import build, is_stale

        folder = default_build_dir()
        if is_stale(folder):
            build(out_dir=folder)
        path = folder
    path = Path(path)
    if path.is_dir():
        for name in (GRAPH_FILES["nt"], GRAPH_FILES["ttl"], GRAPH_FILES["jsonld"]):
            if (path / name).exists():
                return path / name
        raise GraphLoadError(f"{path} holds no graph file ({', '.join(GRAPH_FILES.values())})")
    if not path.exists():
        raise GraphLoadError(f"{path}: no such file or folder")
    if path.suffix.lower() not in FORMATS:
        raise GraphLoadError(f"{path}: unknown RDF format; use one of {', '.join(sorted(FORMATS))}")
    return path


def _shift_position(message: str) -> str:
    """Report parser positions relative to the user's query, not the prefix prologue."""
    offset = sparql_prologue().count("\n")
    head, sep, rest = message.partition("error at ")
    if not sep:
        return message
    position, _, tail = rest.partition(":")
    if position.isdigit():
        return f"{head}error at line {int(position) - offset}, column {tail}"
    return message
