"""Remote SPARQL stores: the same ``query(sparql) -> QueryResult`` as the local store, over HTTP.

:class:`RemoteStore` speaks the SPARQL 1.1 Protocol to any endpoint (Oxigraph,
Fuseki, GraphDB, Virtuoso, Neptune, ``kg serve``), prepending the project
prefixes exactly as :class:`kg.store.GraphStore` does, so a query gives the same
rows remotely as locally. :func:`push` uploads a graph file through the SPARQL
1.1 Graph Store Protocol (PUT replaces the graph, POST adds to it).

Only the standard library is used for HTTP; nothing is fetched but the URLs given.

Example:
    >>> store = RemoteStore("http://127.0.0.1:7878/query")
    >>> store.endpoint
    'http://127.0.0.1:7878/query'
    >>> graph_store_url("http://127.0.0.1:7878/store", None)
    'http://127.0.0.1:7878/store?default'
    >>> graph_store_url("http://h/store", "https://w3id.org/security-agenda/id/graph")
    'http://h/store?graph=https%3A%2F%2Fw3id.org%2Fsecurity-agenda%2Fid%2Fgraph'
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kg.errors import KGError
from kg.namespaces import bind_prefixes, sparql_prologue
from kg.store import QueryError, QueryResult

#: What the client accepts: SPARQL JSON for SELECT/ASK, N-Triples for graphs.
ACCEPT = (
    "application/sparql-results+json, application/n-triples;q=0.9, "
    "text/turtle;q=0.8, application/sparql-results+xml;q=0.5"
)
#: Media type of an uploaded file by suffix (Graph Store Protocol bodies).
UPLOAD_TYPES: dict[str, str] = {
    ".nt": "application/n-triples",
    ".ttl": "text/turtle",
    ".rdf": "application/rdf+xml",
    ".owl": "application/rdf+xml",
    ".jsonld": "application/ld+json",
    ".nq": "application/n-quads",
    ".trig": "application/trig",
}
#: Response media type -> rdflib parser name, for CONSTRUCT/DESCRIBE answers.
GRAPH_PARSERS: dict[str, str] = {
    "application/n-triples": "nt",
    "text/plain": "nt",
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/rdf+xml": "xml",
    "application/ld+json": "json-ld",
}


XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


class RemoteError(KGError):
    """The remote endpoint could not be reached or answered with an error."""


def _term(binding: Mapping[str, Any]) -> Node:
    kind = binding.get("type")
    value = binding.get("value", "")
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if kind in ("literal", "typed-literal"):
        if binding.get("xml:lang"):
            return Literal(value, lang=binding["xml:lang"])
        # RDF 1.1: a simple literal is an xsd:string, spelt out as GraphStore does
        return Literal(value, datatype=URIRef(binding.get("datatype") or XSD_STRING))
    raise RemoteError(f"unsupported term in the endpoint's answer: {binding!r}")


def parse_json_results(data: bytes) -> QueryResult:
    """A SPARQL 1.1 Query Results JSON document as a :class:`QueryResult`.

    Example:
        >>> r = parse_json_results(b'{"head":{"vars":["x"]},"results":{"bindings":[{"x":{"type":"literal","value":"1"}}]}}')
        >>> r.kind, r.variables, str(r.rows[0][0])
        ('select', ['x'], '1')
    """
    try:
        document = json.loads(data)
    except ValueError as exc:
        raise RemoteError(f"the endpoint sent invalid JSON: {exc}") from None
    if "boolean" in document:
        return QueryResult("ask", boolean=bool(document["boolean"]))
    variables = list(document.get("head", {}).get("vars", []))
    rows = [
        tuple(_term(b[v]) if v in b else None for v in variables)
        for b in document.get("results", {}).get("bindings", [])
    ]
    return QueryResult("select", variables, rows)


def graph_store_url(endpoint: str, graph_uri: str | None) -> str:
    """The Graph Store Protocol URL of the default graph or of a named graph."""
    separator = "&" if "?" in endpoint else "?"
    if graph_uri is None:
        return f"{endpoint}{separator}default"
    return f"{endpoint}{separator}graph={urllib.parse.quote(graph_uri, safe='')}"


def _open(request: urllib.request.Request, timeout: float) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            media = response.headers.get_content_type()
            return response.status, media, response.read()
    except urllib.error.HTTPError as exc:
        body = exc.read().decode("utf-8", errors="replace").strip()
        return exc.code, exc.headers.get_content_type(), body.encode()
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        if isinstance(reason, (BrokenPipeError, ConnectionResetError)):
            raise RemoteError(
                f"{request.full_url} closed the connection before the request was sent "
                "(it refused it: is this the right endpoint for this operation?)"
            ) from None
        raise RemoteError(f"cannot reach {request.full_url}: {reason}") from None


class RemoteStore:
    """A SPARQL endpoint used like :class:`kg.store.GraphStore` (``query`` only: read-only)."""

    def __init__(
        self,
        endpoint: str,
        *,
        timeout: float = 60.0,
        headers: Mapping[str, str] | None = None,
        prologue: bool = True,
    ) -> None:
        if not endpoint.startswith(("http://", "https://")):
            raise RemoteError(f"not an http(s) endpoint URL: {endpoint!r}")
        self.endpoint = endpoint
        self.timeout = timeout
        self.headers = dict(headers or {})
        self.prologue = prologue
        self.origin = endpoint

    def query(self, sparql: str) -> QueryResult:
        """Run a query on the endpoint with the project prefixes pre-bound.

        Raises:
            QueryError: when the endpoint rejects the query (HTTP 400).
            RemoteError: when it cannot be reached or fails otherwise.
        """
        text = (sparql_prologue() + sparql) if self.prologue else sparql
        body = urllib.parse.urlencode({"query": text}).encode()
        request = urllib.request.Request(
            self.endpoint,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept": ACCEPT,
                **self.headers,
            },
        )
        status, media, data = _open(request, self.timeout)
        if status == 400:
            raise QueryError(f"the endpoint rejected the query: {data.decode(errors='replace')}")
        if status >= 300:
            message = data.decode(errors="replace")[:500]
            raise RemoteError(f"{self.endpoint} answered HTTP {status}: {message}")
        if media in ("application/sparql-results+json", "application/json"):
            return parse_json_results(data)
        parser = GRAPH_PARSERS.get(media)
        if parser is None:
            raise RemoteError(f"{self.endpoint} answered in an unexpected format ({media})")
        graph = bind_prefixes(Graph())
        graph.parse(data=data, format=parser)
        return QueryResult("graph", graph=graph)

    def __len__(self) -> int:
        result = self.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        return int(result.rows[0][0].toPython()) if result.rows else 0  # type: ignore[union-attr]

    @property
    def rdflib(self) -> Graph:
        """A read-only rdflib Graph over the endpoint (rdflib's SPARQLStore)."""
        from rdflib.plugins.stores.sparqlstore import SPARQLStore

        return bind_prefixes(Graph(store=SPARQLStore(self.endpoint, returnFormat="json")))


def push(
    graph_file: Path | str,
    endpoint: str,
    graph_uri: str | None = None,
    *,
    replace: bool = True,
    timeout: float = 300.0,
    headers: Mapping[str, str] | None = None,
) -> int:
    """Upload an RDF file to a Graph Store Protocol endpoint; return the HTTP status.

    Args:
        graph_file: The file to send (N-Triples, Turtle, RDF/XML, JSON-LD by suffix).
        endpoint: The store's Graph Store Protocol URL (e.g. Oxigraph ``/store``,
            Fuseki ``/{dataset}/data``).
        graph_uri: The named graph to write; None writes the default graph.
        replace: PUT (replace the graph) when True, POST (add to it) when False.

    Raises:
        RemoteError: when the file is unreadable or the store refuses it.
    """
    path = Path(graph_file)
    media = UPLOAD_TYPES.get(path.suffix.lower())
    if media is None:
        raise RemoteError(
            f"{path}: cannot upload this format; use one of {', '.join(UPLOAD_TYPES)}"
        )
    if not path.is_file():
        raise RemoteError(f"{path}: no such file")
    if not endpoint.startswith(("http://", "https://")):
        raise RemoteError(f"not an http(s) endpoint URL: {endpoint!r}")
    url = graph_store_url(endpoint, graph_uri)
    with path.open("rb") as body:
        request = urllib.request.Request(
            url,
            data=body,
            method="PUT" if replace else "POST",
            headers={
                "Content-Type": media,
                "Content-Length": str(path.stat().st_size),
                **dict(headers or {}),
            },
        )
        status, _, data = _open(request, timeout)
    if status >= 300:
        message = data.decode(errors="replace")[:500]
        raise RemoteError(f"{url} refused the upload (HTTP {status}): {message}")
    return status
