"""Serialize query answers (pyoxigraph terms) into the SPARQL results formats and RDF syntaxes.

Rows are serialized here rather than by the engine so that a row cap can apply:
the engine's serializer writes a whole iterator. Terms are pyoxigraph terms;
``str(term)`` is their N-Triples form, which TSV uses as is.

Example:
    >>> import pyoxigraph as ox
    >>> rows = [(ox.NamedNode("http://a"), ox.Literal("x", language="en"))]
    >>> serialize_rows(["s", "o"], rows, "tsv").decode().splitlines()
    ['?s\\t?o', '<http://a>\\t"x"@en']
    >>> serialize_boolean(True, "json")
    b'{"head":{},"boolean":true}'
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
RESULTS_NS = "http://www.w3.org/2005/sparql-results#"

Row = Sequence[Any]

#: Graph format key -> pyoxigraph syntax.
RDF_SYNTAX: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}


def _json_term(term: Any) -> dict[str, Any]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        return {
            "type": "triple",
            "value": {
                "subject": _json_term(term.subject),
                "predicate": _json_term(term.predicate),
                "object": _json_term(term.object),
            },
        }
    raise TypeError(f"unsupported term {term!r}")


def _json(variables: list[str], rows: Iterable[Row]) -> bytes:
    bindings = [
        {v: _json_term(t) for v, t in zip(variables, row, strict=True) if t is not None}
        for row in rows
    ]
    document = {"head": {"vars": variables}, "results": {"bindings": bindings}}
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()


def _xml_term(term: Any) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != XSD_STRING:
            return (
                f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
            )
        return f"<literal>{escape(term.value)}</literal>"
    if isinstance(term, ox.Triple):
        return (
            f"<triple><subject>{_xml_term(term.subject)}</subject>"
            f"<predicate>{_xml_term(term.predicate)}</predicate>"
            f"<object>{_xml_term(term.object)}</object></triple>"
        )
    raise TypeError(f"unsupported term {term!r}")


def _xml(variables: list[str], rows: Iterable[Row]) -> bytes:
    out = [f'<?xml version="1.0"?>\n<sparql xmlns="{RESULTS_NS}">\n<head>']
    out.extend(f"<variable name={quoteattr(v)}/>" for v in variables)
    out.append("</head>\n<results>")
    for row in rows:
        out.append("<result>")
        out.extend(
            f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
            for v, t in zip(variables, row, strict=True)
            if t is not None
        )
        out.append("</result>\n")
    out.append("</results>\n</sparql>\n")
    return "".join(out).encode()


def _csv_value(term: Any) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, (ox.NamedNode, ox.Literal)):
        return term.value
    return str(term)


def _csv(variables: list[str], rows: Iterable[Row]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(variables)
    for row in rows:
        writer.writerow([_csv_value(t) for t in row])
    return buffer.getvalue().encode()


def _tsv(variables: list[str], rows: Iterable[Row]) -> bytes:
    lines = ["\t".join(f"?{v}" for v in variables)]
    lines.extend("\t".join("" if t is None else str(t) for t in row) for row in rows)
    return ("\n".join(lines) + "\n").encode()


_ROW_WRITERS: dict[str, Callable[[list[str], Iterable[Row]], bytes]] = {
    "json": _json,
    "xml": _xml,
    "csv": _csv,
    "tsv": _tsv,
}


def serialize_rows(variables: list[str], rows: Iterable[Row], key: str) -> bytes:
    """SELECT results in the format ``key`` (json, xml, csv, tsv)."""
    return _ROW_WRITERS[key](variables, rows)


def serialize_boolean(value: bool, key: str) -> bytes:
    """An ASK result in the format ``key`` (json or xml)."""
    if key == "xml":
        return (
            f'<?xml version="1.0"?>\n<sparql xmlns="{RESULTS_NS}"><head/>'
            f"<boolean>{'true' if value else 'false'}</boolean></sparql>\n"
        ).encode()
    return b'{"head":{},"boolean":' + (b"true" if value else b"false") + b"}"


def serialize_triples(
    triples: Iterable[ox.Triple], key: str, prefixes: dict[str, str] | None = None
) -> bytes:
    """Triples in the RDF syntax ``key`` (turtle, ntriples, jsonld, rdfxml).

    Example:
        >>> t = ox.Triple(ox.NamedNode("http://a"), ox.NamedNode("http://p"), ox.Literal("1"))
        >>> serialize_triples([t], "ntriples")
        b'<http://a> <http://p> "1" .\\n'
    """
    syntax = RDF_SYNTAX[key]
    use_prefixes = prefixes if syntax in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML) else None
    data = ox.serialize(list(triples), format=syntax, prefixes=use_prefixes)
    return data or b""
