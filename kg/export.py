"""Export the graph: RDF serializations, GraphML/GEXF for Gephi or Cytoscape, CSV tables.

Every file is written atomically (a temporary file beside the target, then
``os.replace``). The CSV tables are defined as data (:data:`CSV_TABLES`: a file
name and a SPARQL query whose variables are the columns), one row per claim,
with labels, conditions, source titles and quotes joined in one cell.

Example:
    >>> sorted(CSV_TABLES)
    ['events', 'linkages', 'positions', 'treaty_actions']
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph(); g.add_node("a", tags=("x", "y"), empty=None)
    >>> graphml_safe(g).nodes["a"]
    {'tags': 'x; y'}
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx
import pyoxigraph as ox

from kg.errors import KGError
from kg.namespaces import PREFIXES
from kg.store import GraphStore

#: RDF formats: name -> (Oxigraph format, file suffix).
RDF_FORMATS: dict[str, tuple[ox.RdfFormat, str]] = {
    "ttl": (ox.RdfFormat.TURTLE, ".ttl"),
    "nt": (ox.RdfFormat.N_TRIPLES, ".nt"),
    "jsonld": (ox.RdfFormat.JSON_LD, ".jsonld"),
}
#: Network formats: name -> networkx writer.
NETWORK_FORMATS: dict[str, Callable[[nx.Graph, Any], None]] = {
    "graphml": nx.write_graphml,
    "gexf": nx.write_gexf,
}
#: Every ``kg export --format``.
FORMATS: tuple[str, ...] = (*RDF_FORMATS, *NETWORK_FORMATS, "csv")

_EVIDENCE = """
  OPTIONAL {{
    SELECT ?item (GROUP_CONCAT(DISTINCT ?sourceTitle; separator="; ") AS ?source_titles)
                 (GROUP_CONCAT(DISTINCT STRAFTER(STR(?src), STR(sad:)); separator="; ") AS ?source_ids)
                 (GROUP_CONCAT(DISTINCT ?q; separator=" | ") AS ?quotes)
    WHERE {{ ?item a {cls} ; sa:evidence ?ev . ?ev sa:source ?src .
             OPTIONAL {{ ?src dcterms:title ?sourceTitle }} OPTIONAL {{ ?ev sa:quote ?q }} }}
    GROUP BY ?item
  }}"""


def _labels(var: str, prop: str, cls: str) -> str:
    return f"""
  OPTIONAL {{
    SELECT ?item (GROUP_CONCAT(DISTINCT ?{var}L; separator="; ") AS ?{var})
                 (GROUP_CONCAT(DISTINCT STRAFTER(STR(?{var}X), STR(sad:)); separator="; ") AS ?{var}_ids)
    WHERE {{ ?item a {cls} ; {prop} ?{var}X . OPTIONAL {{ ?{var}X rdfs:label ?{var}L0 }}
             BIND(COALESCE(?{var}L0, STRAFTER(STR(?{var}X), STR(sad:))) AS ?{var}L) }}
    GROUP BY ?item
  }}"""


def _select(columns: str, cls: str, body: str) -> str:
    return (
        f"SELECT {columns} WHERE {{\n  ?item a {cls} .\n"
        "  BIND(STRAFTER(STR(?item), STR(sad:)) AS ?id)\n"
        "  OPTIONAL { ?item dcterms:date ?d0 ; sa:sortDate ?sort } BIND(STR(?d0) AS ?date)\n"
        "  OPTIONAL { ?item dcterms:description ?description }\n"
        f"{body}{_EVIDENCE.format(cls=cls)}\n}}\nORDER BY ?sort ?id"
    )


_SOURCES = "?source_titles ?source_ids ?quotes"

#: CSV tables: file stem -> SELECT whose variables are the columns, one row per entry.
CSV_TABLES: dict[str, str] = {
    "positions": _select(
        "?id ?date ?actor ?actor_ids ?stated_by ?stance ?target ?target_ids ?conditions "
        f"?condition_on ?attribution ?description {_SOURCES}",
        "sa:Position",
        "  OPTIONAL { ?item sa:stance/sa:code ?stance }\n"
        "  OPTIONAL { ?item sa:attribution/sa:code ?attribution }\n"
        + _labels("actor", "sa:holder", "sa:Position")
        + _labels("stated_by", "sa:statedBy", "sa:Position")
        + _labels("target", "sa:target", "sa:Position")
        + _labels("condition_on", "sa:conditionOn", "sa:Position")
        + """
  OPTIONAL {
    SELECT ?item (GROUP_CONCAT(DISTINCT ?c; separator="; ") AS ?conditions)
    WHERE { ?item a sa:Position ; sa:condition ?c } GROUP BY ?item
  }""",
    ),
    "linkages": _select(
        "?id ?date ?actor ?actor_ids ?stated_by ?linkage_type ?subject ?subject_ids "
        f"?condition ?condition_ids ?attribution ?description {_SOURCES}",
        "sa:Linkage",
        "  OPTIONAL { ?item sa:linkageType/sa:code ?linkage_type }\n"
        "  OPTIONAL { ?item sa:attribution/sa:code ?attribution }\n"
        + _labels("actor", "sa:holder", "sa:Linkage")
        + _labels("stated_by", "sa:statedBy", "sa:Linkage")
        + _labels("subject", "sa:linkSubject", "sa:Linkage")
        + _labels("condition", "sa:linkCondition", "sa:Linkage"),
    ),
    "events": _select(
        "?id ?date ?end_date ?label ?event_type ?status ?participants ?participants_ids "
        f"?forum ?topics ?topics_ids ?place ?outcome ?description {_SOURCES}",
        "sa:Event",
        "  OPTIONAL { ?item rdfs:label ?label }\n"
        "  OPTIONAL { ?item sa:endDate ?e0 } BIND(STR(?e0) AS ?end_date)\n"
        "  OPTIONAL { ?item sa:eventType/sa:code ?event_type }\n"
        "  OPTIONAL { ?item sa:eventStatus/sa:code ?status }\n"
        "  OPTIONAL { ?item sa:outcome ?outcome }\n"
        + _labels("participants", "sa:participant", "sa:Event")
        + _labels("forum", "sa:forum", "sa:Event")
        + _labels("topics", "sa:topic", "sa:Event")
        + _labels("place", "sa:place", "sa:Event"),
    ),
    "treaty_actions": _select(
        "?id ?date ?agreement ?agreement_ids ?action ?actors ?actors_ids ?disputed_by "
        f"?place ?description {_SOURCES}",
        "sa:TreatyAction",
        "  OPTIONAL { ?item sa:actionType/sa:code ?action }\n"
        + _labels("agreement", "sa:agreement", "sa:TreatyAction")
        + _labels("actors", "sa:actor", "sa:TreatyAction")
        + _labels("disputed_by", "sa:dispute/sa:disputedBy", "sa:TreatyAction")
        + _labels("place", "sa:place", "sa:TreatyAction"),
    ),
}


class ExportError(KGError):
    """An export could not be written (bad format, missing output path...)."""


def write_atomic(path: Path, write: Callable[[Path], None]) -> Path:
    """Call ``write(tmp)`` on a temporary file beside ``path``, then move it into place.

    Example:
        >>> import tempfile, pathlib
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "x.txt"
        >>> write_atomic(p, lambda t: t.write_text("hi")).read_text()
        'hi'
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        write(tmp)
        tmp.chmod(0o644)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def rdf_bytes(store: GraphStore, fmt: str) -> bytes:
    """The whole graph serialized as ``ttl``, ``nt`` or ``jsonld`` (project prefixes bound)."""
    if fmt not in RDF_FORMATS:
        raise ExportError(f"unknown RDF format '{fmt}'; use {', '.join(RDF_FORMATS)}")
    oxformat = RDF_FORMATS[fmt][0]
    prefixes = {p: str(ns) for p, ns in PREFIXES.items()}
    kwargs: dict[str, Any] = {"format": oxformat, "from_graph": ox.DefaultGraph()}
    if fmt != "nt":
        kwargs["prefixes"] = prefixes
    data = store.store.dump(**kwargs)
    assert data is not None
    return bytes(data)


def export_rdf(store: GraphStore, fmt: str, out: Path | None = None) -> bytes | Path:
    """Write the graph as RDF to ``out`` (atomically), or return the bytes when ``out`` is None."""
    data = rdf_bytes(store, fmt)
    if out is None:
        return data
    return write_atomic(Path(out), lambda tmp: tmp.write_bytes(data))


def _scalar(value: Any) -> Any:
    if isinstance(value, (list, tuple, set, frozenset)):
        return "; ".join(str(v) for v in value)
    if isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def graphml_safe(graph: nx.Graph) -> nx.Graph:
    """A copy whose attributes are GraphML/GEXF scalars: tuples joined with ``; ``, None dropped."""
    safe = graph.__class__()
    safe.graph.update({k: _scalar(v) for k, v in graph.graph.items() if v is not None})
    for node, attrs in graph.nodes(data=True):
        safe.add_node(node, **{k: _scalar(v) for k, v in attrs.items() if v is not None})
    if graph.is_multigraph():
        for u, v, key, attrs in graph.edges(keys=True, data=True):
            clean = {k: _scalar(x) for k, x in attrs.items() if x is not None}
            safe.add_edge(u, v, key=key, **clean)
    else:
        for u, v, attrs in graph.edges(data=True):
            safe.add_edge(u, v, **{k: _scalar(x) for k, x in attrs.items() if x is not None})
    return safe


def export_network(graph: nx.Graph, fmt: str, out: Path) -> Path:
    """Write a projection (:func:`kg.analytics.to_networkx`) as GraphML or GEXF."""
    if fmt not in NETWORK_FORMATS:
        raise ExportError(f"unknown network format '{fmt}'; use {', '.join(NETWORK_FORMATS)}")
    safe = graphml_safe(graph)
    writer = NETWORK_FORMATS[fmt]
    return write_atomic(Path(out), lambda tmp: writer(safe, str(tmp)))


def table_rows(engine: Any, table: str) -> tuple[list[str], list[list[str]]]:
    """Columns and rows (plain strings, "" for empty) of one CSV table."""
    if table not in CSV_TABLES:
        raise ExportError(f"unknown table '{table}'; use {', '.join(CSV_TABLES)}")
    result = engine.query(CSV_TABLES[table])
    rows = [["" if v is None else str(v) for v in row] for row in result.rows]
    return list(result.variables), rows


def export_csv(engine: Any, out_dir: Path, tables: tuple[str, ...] | None = None) -> list[Path]:
    """Write one CSV file per table into ``out_dir`` (created if needed); return the paths."""
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise ExportError(f"{out_dir} is a file; csv export needs a folder (-o DIR)")
    written = []
    for table in tables or tuple(CSV_TABLES):
        columns, rows = table_rows(engine, table)
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)
        text = buffer.getvalue()
        written.append(
            write_atomic(out_dir / f"{table}.csv", lambda tmp, t=text: tmp.write_text(t, "utf-8"))
        )
    return written
