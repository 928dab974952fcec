"""``kg export``, ``kg synth``, ``kg centrality`` and ``kg communities``: thin wrappers."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from kg.cli.options import (
    GraphSource,
    as_of_option,
    format_option,
    graph_options,
    report_errors,
)


def render(rows: Sequence[dict[str, Any]], fmt: str) -> str:
    """Rows as a text table, JSON or CSV (see :func:`kg.output.render_rows`)."""
    from kg.output import render_rows

    if not rows and fmt == "table":
        return "(no rows)"
    return render_rows(rows, fmt).rstrip("\n")


@click.command("export")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["ttl", "nt", "jsonld", "graphml", "gexf", "csv"]),
    required=True,
    help="ttl/nt/jsonld: RDF; graphml/gexf: the network projection; csv: one table per kind.",
)
@click.option(
    "-o",
    "--out",
    "out",
    type=click.Path(path_type=Path),
    default=None,
    help="Output file (a folder for csv). RDF formats print to stdout without it.",
)
@graph_options
@as_of_option
@report_errors
def export_command(fmt: str, out: Path | None, source: GraphSource, as_of: str | None) -> None:
    """Export the graph as RDF, GraphML/GEXF (Gephi, Cytoscape) or CSV tables.

    csv writes positions.csv, linkages.csv, events.csv and treaty_actions.csv
    into the folder given with -o, with dates, actor labels, stances,
    conditions, source titles and quotes. Files are written atomically.
    """
    from kg import export

    if fmt in export.RDF_FORMATS:
        if as_of:
            raise click.UsageError("--as-of applies to graphml, gexf only")
        result = export.export_rdf(source.engine(), fmt, out)
        if isinstance(result, bytes):
            sys.stdout.buffer.write(result)
            sys.stdout.flush()
        else:
            click.echo(f"Wrote {result}", err=True)
        return
    if out is None:
        raise click.UsageError(f"--format {fmt} needs -o PATH")
    if fmt == "csv":
        if as_of:
            raise click.UsageError("--as-of applies to graphml, gexf only")
        for path in export.export_csv(source.engine(), out):
            click.echo(f"Wrote {path}", err=True)
        return
    from kg.analytics import to_networkx

    graph = to_networkx(source.engine(), as_of=as_of)
    path = export.export_network(graph, fmt, out)
    click.echo(
        f"Wrote {path}: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges", err=True
    )


@click.command("synth")
@click.option("--triples", "triples", type=click.IntRange(min=1000), required=True, metavar="N")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed.")
@report_errors
def synth_command(triples: int, out: Path, seed: int) -> None:
    """Write a synthetic graph of about N triples (N-Triples) for scale tests.

    Same ontology and shape as the real graph; deterministic for a seed;
    every label says it is synthetic.
    """
    from kg.synth import generate

    stats = generate(triples, out, seed=seed)
    click.echo(f"Wrote {stats.path}: {stats.triples} triples in {stats.seconds:.1f}s.")


@click.command("centrality")
@click.option(
    "--kind",
    type=click.Choice(["issues", "actors", "agreements", "subjects"]),
    default="issues",
    show_default=True,
    help="Which nodes to rank (actors includes persons).",
)
@click.option(
    "--by",
    type=click.Choice(["pagerank", "betweenness", "degree"]),
    default="pagerank",
    show_default=True,
    help="Sort by this measure.",
)
@click.option("--top", type=click.IntRange(min=1), default=20, show_default=True)
@as_of_option
@graph_options
@format_option()
@report_errors
def centrality_command(
    kind: str, by: str, top: int, as_of: str | None, source: GraphSource, fmt: str
) -> None:
    """Rank issues or actors by degree, betweenness and pagerank in the graph."""
    from kg.analytics import centrality, to_networkx

    graph = to_networkx(source.engine(), as_of=as_of)
    rows = [r.as_dict() for r in centrality(graph, kind, top=top, by=by)]
    click.echo(render(rows, fmt))


@click.command("communities")
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    type=click.Choice(["issues", "agreements", "proposals", "fora"]),
    default=("issues",),
    show_default=True,
    help="Kinds to group (repeatable).",
)
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--resolution", type=float, default=1.0, show_default=True)
@as_of_option
@graph_options
@format_option()
@report_errors
def communities_command(
    kinds: tuple[str, ...],
    seed: int,
    resolution: float,
    as_of: str | None,
    source: GraphSource,
    fmt: str,
) -> None:
    """Group issues that are linked, discussed or claimed together (Louvain, fixed seed)."""
    from kg.analytics import communities, to_networkx

    graph = to_networkx(source.engine(), as_of=as_of)
    found = communities(graph, kinds=kinds, seed=seed, resolution=resolution)
    if fmt == "json":
        click.echo(render([c.as_dict() for c in found], "json"))
        return
    rows = [
        {"community": c.index, "id": m, "label": label}
        for c in found
        for m, label in zip(c.members, c.labels, strict=True)
    ]
    click.echo(render(rows, fmt))
