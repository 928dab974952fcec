"""The SPARQL 1.1 Protocol, query side: an HTTP request -> one checked query operation.

Reads GET, POST form-encoded and POST direct (``application/sparql-query``)
requests; takes ``default-graph-uri``/``named-graph-uri``; refuses updates
before reading them (403: this endpoint is read-only, and ``LOAD`` would fetch
URLs), federated queries (``SERVICE``: 400, nothing is fetched), ambiguous or
malformed requests (400), other methods (405), other body types (415) and
oversized bodies (413). Problems are raised as :class:`ProtocolError` carrying
the HTTP status.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import parse_qsl

from starlette.requests import Request

from kg.sparql_text import looks_like_update, query_form, uses_service

QUERY_TYPE = "application/sparql-query"
UPDATE_TYPE = "application/sparql-update"
FORM_TYPE = "application/x-www-form-urlencoded"
#: Parameters that only make sense for an update request.
UPDATE_PARAMS = ("update", "using-graph-uri", "using-named-graph-uri")
READ_ONLY = "This endpoint is read-only: SPARQL Update is not accepted."


class ProtocolError(Exception):
    """A request the endpoint refuses, with the HTTP status and a message for the client."""

    def __init__(self, status: int, message: str, headers: Mapping[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = dict(headers or {})


@dataclass(frozen=True)
class QueryOperation:
    """A checked query with its protocol dataset and the client's format preference."""

    query: str
    form: str | None
    default_graphs: tuple[str, ...] | None
    named_graphs: tuple[str, ...] | None
    accept: str | None


def _media_type(header: str | None) -> tuple[str, dict[str, str]]:
    if not header:
        return "", {}
    media, *params = (p.strip() for p in header.split(";"))
    options = {}
    for param in params:
        name, _, value = param.partition("=")
        options[name.strip().lower()] = value.strip().strip('"').lower()
    return media.lower(), options


def _check_charset(options: Mapping[str, str]) -> None:
    charset = options.get("charset", "utf-8")
    if charset not in ("utf-8", "utf8"):
        raise ProtocolError(415, f"Unsupported charset {charset!r}: send the query as UTF-8.")


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refused with 413 beyond ``limit`` bytes (declared or streamed)."""
    declared = request.headers.get("content-length")
    if declared is not None:
        try:
            if int(declared) > limit:
                raise ProtocolError(413, f"Request body larger than {limit} bytes.")
        except ValueError:
            raise ProtocolError(400, "Bad Content-Length header.") from None
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ProtocolError(413, f"Request body larger than {limit} bytes.")
        chunks.append(chunk)
    return b"".join(chunks)


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise ProtocolError(400, "The request is not valid UTF-8.") from None


def _values(params: Sequence[tuple[str, str]], name: str) -> list[str]:
    return [value for key, value in params if key == name]


def operation_from(
    params: Sequence[tuple[str, str]], query: str | None, accept: str | None
) -> QueryOperation:
    """Check a query and its protocol parameters (a pure function of the request's parts).

    Example:
        >>> op = operation_from([("default-graph-uri", "http://g")], "ASK {}", None)
        >>> op.form, op.default_graphs, op.named_graphs
        ('ASK', ('http://g',), ())
        >>> operation_from([], "SELECT * { SERVICE <http://x/> {} }", None)
        Traceback (most recent call last):
        ...
        kg.server.protocol.ProtocolError: SERVICE (federated query) is not allowed on this endpoint.
    """
    if any(key in UPDATE_PARAMS for key, _ in params):
        raise ProtocolError(403, READ_ONLY)
    if query is None:
        queries = _values(params, "query")
        if len(queries) > 1:
            raise ProtocolError(400, "More than one 'query' parameter.")
        if not queries:
            raise ProtocolError(400, "Missing 'query' parameter.")
        query = queries[0]
    elif _values(params, "query"):
        raise ProtocolError(400, "A query in the body and a 'query' parameter: send one.")
    if not query.strip():
        raise ProtocolError(400, "Empty query.")
    if looks_like_update(query):
        raise ProtocolError(403, READ_ONLY)
    if uses_service(query):
        raise ProtocolError(400, "SERVICE (federated query) is not allowed on this endpoint.")
    defaults = _values(params, "default-graph-uri")
    named = _values(params, "named-graph-uri")
    fmt = _values(params, "format")
    if fmt and not accept_is_specific(accept):
        from kg.server.formats import FORMAT_ALIASES

        accept = FORMAT_ALIASES.get(fmt[0].lower(), fmt[0])
    return QueryOperation(
        query,
        query_form(query),
        tuple(defaults) if defaults or named else None,
        tuple(named) if defaults or named else None,
        accept,
    )


def accept_is_specific(accept: str | None) -> bool:
    """True when an Accept header names something other than ``*/*``.

    Example:
        >>> accept_is_specific("*/*"), accept_is_specific("text/csv")
        (False, True)
    """
    return bool(accept) and any(
        part.split(";")[0].strip() not in ("*/*", "") for part in (accept or "").split(",")
    )


async def read_operation(request: Request, max_body: int) -> QueryOperation:
    """Read a protocol request (GET or POST) into a checked :class:`QueryOperation`.

    Raises:
        ProtocolError: with the status the Protocol prescribes.
    """
    url_params = parse_qsl(request.url.query, keep_blank_values=True)
    accept = request.headers.get("accept")
    if request.method == "GET":
        return operation_from(url_params, None, accept)
    if request.method != "POST":
        raise ProtocolError(405, "Use GET or POST.", {"Allow": "GET, POST"})
    media, options = _media_type(request.headers.get("content-type"))
    if media == UPDATE_TYPE or any(k in UPDATE_PARAMS for k, _ in url_params):
        raise ProtocolError(403, READ_ONLY)
    if media == FORM_TYPE:
        _check_charset(options)
        body = _decode(await read_body(request, max_body))
        form = parse_qsl(body, keep_blank_values=True)
        return operation_from([*url_params, *form], None, accept)
    if media == QUERY_TYPE:
        _check_charset(options)
        query = _decode(await read_body(request, max_body))
        return operation_from(url_params, query, accept)
    shown = media or "none"
    raise ProtocolError(
        415,
        f"Unsupported Content-Type ({shown}): use {QUERY_TYPE} or {FORM_TYPE}.",
    )
