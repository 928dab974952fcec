"""A query worker: one process holding the graph in an Oxigraph store, answering tasks.

The server keeps a few of these (see :mod:`kg.server.pool`) and kills one whose
query overruns its time limit: a running query cannot be interrupted otherwise.
This module imports only pyoxigraph and the standard library, so a worker starts
fast. :func:`execute` is a plain function, usable without any process.

Example:
    >>> import pyoxigraph as ox
    >>> store = ox.Store()
    >>> execute(store, Task("ASK {}", "ASK", "json")).body
    b'{"head":{},"boolean":true}'
    >>> execute(store, Task("SELECT * {", "SELECT", "json")).status
    400
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

import pyoxigraph as ox

from kg.server.results import serialize_boolean, serialize_rows, serialize_triples

#: Format keys answered with engine rows (for Python callers) rather than bytes.
ROWS = "rows"
_FROM = re.compile(r"(?<![\w:?$\-])FROM(?![\w:\-])", re.IGNORECASE)
_MEDIA = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
}


@dataclass(frozen=True)
class Source:
    """An RDF file to load, into the default graph or a named graph."""

    path: str
    format: str = "application/n-triples"
    graph: str | None = None


@dataclass(frozen=True)
class Task:
    """One query to run, with its protocol dataset and the output format key."""

    query: str
    form: str | None
    format_key: str
    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    max_rows: int = 0
    base_iri: str | None = None
    has_from: bool = False


@dataclass
class Reply:
    """A worker's answer: an HTTP status, a media type and body, or engine rows."""

    status: int
    media_type: str = "text/plain; charset=utf-8"
    body: bytes = b""
    truncated: bool = False
    kind: str = ""
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Any, ...]] = field(default_factory=list)
    boolean: bool | None = None


def load_store(sources: list[Source]) -> ox.Store:
    """A fresh in-memory store holding every source."""
    store = ox.Store()
    for source in sources:
        graph = ox.NamedNode(source.graph) if source.graph else None
        syntax = ox.RdfFormat.from_media_type(source.format)
        store.bulk_load(path=source.path, format=syntax, to_graph=graph)
    return store


def _encode(term: Any) -> tuple[str, ...] | None:
    """A picklable form of a term: ('u', iri) / ('b', id) / ('l', value, datatype, lang)."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return ("u", term.value)
    if isinstance(term, ox.BlankNode):
        return ("b", term.value)
    if isinstance(term, ox.Literal):
        return ("l", term.value, term.datatype.value, term.language or "")
    return ("l", str(term), "", "")


def _dataset(task: Task) -> dict[str, Any]:
    options: dict[str, Any] = {}
    if task.default_graphs is None and task.named_graphs is None:
        options["use_default_graph_as_union"] = not (task.has_from or _FROM.search(task.query))
        return options
    options["default_graph"] = [ox.NamedNode(g) for g in task.default_graphs or ()]
    options["named_graphs"] = [ox.NamedNode(g) for g in task.named_graphs or ()]
    return options


def execute(store: ox.Store, task: Task, prefixes: dict[str, str] | None = None) -> Reply:
    """Run one task on ``store``; errors become a 400 reply with the engine's message."""
    try:
        answer = store.query(
            task.query, base_iri=task.base_iri, prefixes=prefixes, **_dataset(task)
        )
        return _answer(answer, task, prefixes)
    except SyntaxError as exc:
        return Reply(400, body=f"Malformed query: {exc}".encode())
    except (ValueError, OSError, RuntimeError, TypeError) as exc:
        return Reply(400, body=f"Query evaluation failed: {exc}".encode())


def _answer(answer: Any, task: Task, prefixes: dict[str, str] | None) -> Reply:
    cap = task.max_rows if task.max_rows > 0 else None
    if isinstance(answer, (ox.QueryBoolean, bool)):
        value = bool(answer)
        if task.format_key == ROWS:
            return Reply(200, kind="ask", boolean=value)
        return Reply(200, _MEDIA[task.format_key], serialize_boolean(value, task.format_key))
    if isinstance(answer, ox.QuerySolutions):
        variables = [v.value for v in answer.variables]
        limit = None if cap is None else cap + 1
        rows = [tuple(s[v] for v in variables) for s in itertools.islice(answer, limit)]
        truncated = cap is not None and len(rows) > cap
        rows = rows[:cap] if truncated else rows
        if task.format_key == ROWS:
            encoded = [tuple(_encode(t) for t in row) for row in rows]
            return Reply(200, kind="select", variables=variables, rows=encoded, truncated=truncated)
        body = serialize_rows(variables, rows, task.format_key)
        return Reply(200, _MEDIA[task.format_key], body, truncated)
    limit = None if cap is None else cap + 1
    triples = list(itertools.islice(answer, limit))
    truncated = cap is not None and len(triples) > cap
    triples = triples[:cap] if truncated else triples
    if task.format_key == ROWS:
        body = serialize_triples(triples, "ntriples")
        return Reply(200, "application/n-triples", body, truncated, kind="graph")
    body = serialize_triples(triples, task.format_key, prefixes)
    return Reply(200, _MEDIA[task.format_key], body, truncated)


def worker_main(conn: Connection, sources: list[Source], prefixes: dict[str, str]) -> None:
    """Process entry point: load the graph, say ready, then answer tasks until EOF."""
    try:
        store = load_store(sources)
    except (OSError, SyntaxError, ValueError) as exc:
        conn.send(("failed", str(exc)))
        return
    conn.send(("ready", len(store)))
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        try:
            reply = execute(store, task, prefixes)
        except Exception as exc:  # never let a bad task kill the worker silently
            reply = Reply(500, body=f"Internal error: {type(exc).__name__}: {exc}".encode())
        try:
            conn.send(reply)
        except (OSError, ValueError):
            return
