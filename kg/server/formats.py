"""Media types the endpoint speaks, and content negotiation over them (``Accept``).

The tables are data: one row per result format, the first row of each table is
the default when the client accepts anything.

Example:
    >>> negotiate("application/sparql-results+xml;q=0.9, text/csv", "SELECT").key
    'csv'
    >>> negotiate("text/turtle", "SELECT") is None
    True
    >>> negotiate(None, "CONSTRUCT").media_type
    'text/turtle'
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Format:
    """One serialization: its key, the media type sent back, and the types that select it."""

    key: str
    media_type: str
    accepts: tuple[str, ...]
    suffix: str


#: SELECT and ASK results (SPARQL 1.1 Query Results JSON, XML, CSV, TSV).
RESULT_FORMATS: tuple[Format, ...] = (
    Format(
        "json",
        "application/sparql-results+json",
        ("application/sparql-results+json", "application/json"),
        "srj",
    ),
    Format(
        "xml",
        "application/sparql-results+xml",
        ("application/sparql-results+xml", "application/xml", "text/xml"),
        "srx",
    ),
    Format("csv", "text/csv", ("text/csv",), "csv"),
    Format("tsv", "text/tab-separated-values", ("text/tab-separated-values",), "tsv"),
)
#: ASK has no CSV/TSV form in the standard.
BOOLEAN_FORMATS: tuple[Format, ...] = RESULT_FORMATS[:2]
#: CONSTRUCT and DESCRIBE results, and entity descriptions.
GRAPH_FORMATS: tuple[Format, ...] = (
    Format("turtle", "text/turtle", ("text/turtle", "application/x-turtle"), "ttl"),
    Format("ntriples", "application/n-triples", ("application/n-triples", "text/plain"), "nt"),
    Format("jsonld", "application/ld+json", ("application/ld+json", "application/json"), "jsonld"),
    Format("rdfxml", "application/rdf+xml", ("application/rdf+xml",), "rdf"),
)
#: An entity page: HTML first for browsers, then the RDF formats.
PAGE_FORMATS: tuple[Format, ...] = (
    Format("html", "text/html", ("text/html", "application/xhtml+xml"), "html"),
    *GRAPH_FORMATS,
)
#: ``format=`` parameter values some clients send instead of an Accept header.
FORMAT_ALIASES: dict[str, str] = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ttl": "text/turtle",
    "nt": "application/n-triples",
    "ntriples": "application/n-triples",
    "json-ld": "application/ld+json",
    "jsonld": "application/ld+json",
}


def formats_for(form: str | None) -> tuple[Format, ...]:
    """The formats that can carry the answer of a query form.

    Example:
        >>> [f.key for f in formats_for("ASK")]
        ['json', 'xml']
    """
    if form in ("CONSTRUCT", "DESCRIBE"):
        return GRAPH_FORMATS
    if form == "ASK":
        return BOOLEAN_FORMATS
    return RESULT_FORMATS


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """Media ranges of an ``Accept`` header with their q-values, best first (stable).

    Example:
        >>> parse_accept("text/csv;q=0.5, application/json")
        [('application/json', 1.0), ('text/csv', 0.5)]
    """
    if not header or not header.strip():
        return [("*/*", 1.0)]
    ranges: list[tuple[str, float]] = []
    for part in header.split(","):
        media, *params = (p.strip() for p in part.split(";"))
        if not media:
            continue
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = max(0.0, min(1.0, float(value)))
                except ValueError:
                    quality = 0.0
        ranges.append((media.lower(), quality))
    return sorted(ranges, key=lambda r: -r[1])


def _matches(media_range: str, media_type: str) -> bool:
    if media_range in ("*/*", "*"):
        return True
    if media_range.endswith("/*"):
        return media_type.startswith(media_range[:-1])
    return media_range == media_type


def choose(header: str | None, formats: tuple[Format, ...]) -> Format | None:
    """The best of ``formats`` for an ``Accept`` header, or None when none is acceptable.

    Example:
        >>> choose("text/tab-separated-values;q=0.5, text/*", RESULT_FORMATS).key
        'xml'
    """
    for media_range, quality in parse_accept(header):
        if quality <= 0:
            continue
        for fmt in formats:
            if any(_matches(media_range, accepted) for accepted in fmt.accepts):
                return fmt
    return None


def negotiate(header: str | None, form: str | None) -> Format | None:
    """The result format for a query form and an ``Accept`` header (None: 406)."""
    return choose(header, formats_for(form))
