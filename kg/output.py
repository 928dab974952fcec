"""Render answers for people and programs: rows as table, CSV, TSV or JSON; graphs as Turtle or JSON-LD.

Query results follow the SPARQL 1.1 result formats (JSON, CSV, TSV); the
table format compacts IRIs with the project prefixes and shortens long cells.

Example:
    >>> print(render_rows([{"actor": "Russia", "stance": "opposes"}], "table"))
    actor   stance
    ------  -------
    Russia  opposes
    >>> render_rows([{"a": 1}], "csv")
    'a\\r\\n1\\r\\n'
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from kg.namespaces import PREFIXES, bind_prefixes
from kg.store import QueryResult

#: Formats for rows, and for CONSTRUCT/DESCRIBE graphs (format name -> rdflib serializer).
ROW_FORMATS = ("table", "csv", "tsv", "json")
GRAPH_FORMATS = {"turtle": "turtle", "ttl": "turtle", "jsonld": "json-ld", "nt": "nt"}
#: Longest cell the table format prints before cutting it with an ellipsis.
MAX_CELL = 70


def compact(iri: str) -> str:
    """An IRI as a prefixed name where a project prefix fits.

    Example:
        >>> compact("https://w3id.org/security-agenda/id/russia")
        'sad:russia'
    """
    best = ""
    for prefix, namespace in PREFIXES.items():
        ns = str(namespace)
        if iri.startswith(ns) and len(ns) > len(best):
            best, name = ns, prefix
    if best:
        local = iri[len(best) :]
        if local and all(c.isalnum() or c in "-_." for c in local) and "/" not in local:
            return f"{name}:{local}"
    return f"<{iri}>"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value).replace("\n", " ")
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"


def table(rows: Sequence[dict[str, Any]], columns: Sequence[str] | None = None) -> str:
    """A plain-text table with a header line; long cells are shortened."""
    columns = list(columns or _columns(rows))
    if not columns:
        return "(no columns)"
    cells = [[_cell(r.get(c)) for c in columns] for r in rows]
    widths = [max([len(c), *(len(row[i]) for row in cells)]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += [
        "  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip() for row in cells
    ]
    if not rows:
        lines.append("(no results)")
    return "\n".join(lines)


def _columns(rows: Sequence[dict[str, Any]]) -> list[str]:
    return list(dict.fromkeys(k for r in rows for k in r))


def render_rows(rows: Sequence[dict[str, Any]], fmt: str = "table") -> str:
    """Rows (dicts of plain values) as ``table``, ``csv``, ``tsv`` or ``json``."""
    if fmt == "json":
        return json.dumps(list(rows), indent=2, ensure_ascii=False, default=str)
    if fmt in ("csv", "tsv"):
        out = io.StringIO()
        writer = csv.writer(out, delimiter="," if fmt == "csv" else "\t")
        columns = _columns(rows)
        writer.writerow(columns)
        for r in rows:
            writer.writerow(["" if r.get(c) is None else str(r.get(c)) for c in columns])
        return out.getvalue()
    if fmt == "table":
        return table(rows)
    raise ValueError(f"unknown format '{fmt}'; use one of {', '.join(ROW_FORMATS)}")


def _term_json(term: Node) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    assert isinstance(term, Literal)
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype and term.datatype != XSD.string:
        out["datatype"] = str(term.datatype)
    return out


def _term_table(term: Node | None) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return compact(str(term))
    return str(term)


def render_result(result: QueryResult, fmt: str = "table") -> str:
    """A query's answer: SELECT/ASK as table, csv, tsv or json (SPARQL 1.1 results);
    CONSTRUCT/DESCRIBE as turtle (default for table), jsonld or nt."""
    if result.kind == "graph":
        assert result.graph is not None
        graph = bind_prefixes(result.graph)
        syntax = GRAPH_FORMATS.get(fmt, "turtle")
        if syntax == "json-ld":
            context = {p: str(ns) for p, ns in PREFIXES.items()}
            return graph.serialize(format="json-ld", context=context)
        return graph.serialize(format=syntax)
    if result.kind == "ask":
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": result.boolean})
        return "true" if result.boolean else "false"
    if fmt == "json":
        bindings = [
            {v: _term_json(t) for v, t in zip(result.variables, row, strict=True) if t is not None}
            for row in result.rows
        ]
        return json.dumps(
            {"head": {"vars": result.variables}, "results": {"bindings": bindings}},
            indent=2,
            ensure_ascii=False,
        )
    if fmt == "tsv":
        lines = ["\t".join(f"?{v}" for v in result.variables)]
        lines += ["\t".join("" if t is None else t.n3() for t in row) for row in result.rows]
        return "\n".join(lines) + "\n"
    if fmt == "csv":
        rows = [
            {v: ("" if t is None else str(t)) for v, t in zip(result.variables, row, strict=True)}
            for row in result.rows
        ]
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(result.variables)
        for r in rows:
            writer.writerow([r[v] for v in result.variables])
        return out.getvalue()
    if fmt == "table":
        rows = [
            {v: _term_table(t) for v, t in zip(result.variables, row, strict=True)}
            for row in result.rows
        ]
        return table(rows, result.variables)
    raise ValueError(f"unknown format '{fmt}'")
