"""``kg query``, ``show``, ``positions``, ``linkages``, ``timeline``, ``status``,
``common-ground``, ``path`` and ``stats``: thin wrappers over :mod:`kg.api`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from kg.cli.options import (
    DATE,
    GraphSource,
    as_of_option,
    format_option,
    graph_options,
    report_errors,
)


def _emit(result: Any, fmt: str, title: str | None = None) -> None:
    from kg.output import render_rows

    if fmt == "json":
        click.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False, default=str))
        return
    if title and fmt == "table":
        click.echo(title)
    click.echo(render_rows(result.rows(), fmt).rstrip("\n"))


@click.command("query")
@click.argument("query", required=False)
@click.option(
    "--param",
    "-p",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="A named query's parameter (repeatable).",
)
@click.option("--list", "list_", is_flag=True, help="List the named queries with their questions.")
@format_option(("table", "csv", "tsv", "json", "turtle", "jsonld"))
@graph_options
@report_errors
def query_command(
    query: str | None, params: tuple[str, ...], list_: bool, fmt: str, source: GraphSource
) -> None:
    """Run SPARQL: a query string, a .rq file, or the name of a named query.

    All project prefixes (sa:, sad:, skos:, dcterms:, prov: ...) are pre-bound.
    SELECT and ASK print as a table, csv, tsv or json (SPARQL 1.1 results JSON);
    CONSTRUCT and DESCRIBE print Turtle, or JSON-LD with --format jsonld.

    \b
    Examples:
      kg query --list
      kg query positions -p issue="NATO open-door policy"
      kg query treaty-status -p treaty="New START" -p as_of=2023-06-01
      kg query 'SELECT ?t WHERE { ?t a sa:Treaty }' --format csv
    """
    from kg.named_queries import get_query, list_queries, parse_query_file
    from kg.output import render_result, render_rows

    if list_:
        rows = [
            {
                "name": q.name,
                "question": q.question,
                "params": ", ".join(
                    p.name + ("?" if p.optional or p.default else "") for p in q.params
                ),
            }
            for q in list_queries()
        ]
        if fmt == "table":
            for q in list_queries():
                click.echo(f"{q.name}\n    {q.question}")
                for p in q.params:
                    click.echo(f"    --param {p.describe()}")
            return
        click.echo(
            render_rows(rows, "json" if fmt == "jsonld" else fmt if fmt != "turtle" else "table")
        )
        return
    if not query:
        raise click.UsageError("give a SPARQL query, a .rq file or a named query (see --list)")
    values: dict[str, str] = {}
    for item in params:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise click.BadParameter(f"'{item}' is not NAME=VALUE", param_hint="--param")
        values[name.strip()] = value
    graph = source.load()
    path = Path(query)
    if path.suffix in (".rq", ".sparql") and path.is_file():
        result = graph.query(graph.sparql_for(parse_query_file(path), **values))
    elif _looks_like_name(query):
        get_query(query)  # an unknown name fails here with suggestions
        result = graph.named(query, **values)
    else:
        if values:
            raise click.UsageError("--param applies to named queries and .rq files only")
        result = graph.query(query)
    click.echo(render_result(result, fmt).rstrip("\n"))


def _looks_like_name(text: str) -> bool:
    return bool(text) and all(c.isalnum() or c in "-_" for c in text)


@click.command("show")
@click.argument("name")
@as_of_option
@format_option()
@graph_options
@report_errors
def show_command(name: str, as_of: str | None, fmt: str, source: GraphSource) -> None:
    """Everything about one entity: type, labels, facts, relations into it, claims, sources.

    NAME is an id, label or alias (case-insensitive), e.g. "New START".
    """
    view = source.load().show(name, as_of=as_of)
    title = f"{view.entity.label} ({view.entity.id}) — {', '.join(view.types)}"
    _emit(view, fmt, title)


@click.command("positions")
@click.option("--actor", default=None, help="Only this actor's positions (id, label or alias).")
@click.option(
    "--issue", default=None, help="Only positions on this issue or agreement (and narrower issues)."
)
@as_of_option
@format_option()
@graph_options
@report_errors
def positions_command(
    actor: str | None, issue: str | None, as_of: str | None, fmt: str, source: GraphSource
) -> None:
    """Actors' stances with date, conditions, quote and source, oldest first."""
    _emit(source.load().positions(actor=actor, issue=issue, as_of=as_of), fmt)


@click.command("linkages")
@click.argument("name")
@click.option(
    "--depth", type=click.IntRange(1, 5), default=1, show_default=True, help="Steps to follow."
)
@format_option()
@graph_options
@report_errors
def linkages_command(name: str, depth: int, fmt: str, source: GraphSource) -> None:
    """Everything linked to a treaty, issue or actor: parties, issues, positions,
    conditionality links, events, fora (a claim or event counts as one step)."""
    result = source.load().linkages(name, depth=depth)
    _emit(result, fmt, f"Linked to {result.center.label} (depth {depth}):")


@click.command("timeline")
@click.argument("name", required=False)
@click.option("--from", "start", type=DATE, default=None, help="From this date.")
@click.option("--to", "end", type=DATE, default=None, help="Until this date.")
@format_option()
@graph_options
@report_errors
def timeline_command(
    name: str | None, start: str | None, end: str | None, fmt: str, source: GraphSource
) -> None:
    """Dated events and treaty actions in order, optionally involving NAME."""
    _emit(source.load().timeline(name, start=start, end=end), fmt)


@click.command("status")
@click.argument("treaty")
@as_of_option
@format_option()
@graph_options
@report_errors
def status_command(treaty: str, as_of: str | None, fmt: str, source: GraphSource) -> None:
    """Each party's status under TREATY on a date (default today), from its lifecycle;
    contested actions show who disputes them."""
    result = source.load().status(treaty, as_of=as_of)
    _emit(result, fmt, f"{result.agreement.label} on {result.as_of.isoformat()}:")


@click.command("common-ground")
@click.argument("a")
@click.argument("b")
@as_of_option
@format_option()
@graph_options
@report_errors
def common_ground_command(a: str, b: str, as_of: str | None, fmt: str, source: GraphSource) -> None:
    """Two actors' latest stances side by side per issue or agreement: agree,
    conditional overlap, conflict or one-sided; plus the linkages each makes."""
    result = source.load().common_ground(a, b, as_of=as_of)
    _emit(result, fmt, f"{result.a.label} and {result.b.label}:")


@click.command("path")
@click.argument("a")
@click.argument("b")
@click.option(
    "--limit", type=click.IntRange(1, 50), default=5, show_default=True, help="Most paths to list."
)
@format_option()
@graph_options
@report_errors
def path_command(a: str, b: str, limit: int, fmt: str, source: GraphSource) -> None:
    """The shortest chains of relations connecting A and B, each step named."""
    result = source.load().path(a, b, limit=limit)
    if not result.paths:
        raise click.ClickException(f"no path between {result.start.label} and {result.end.label}")
    _emit(result, fmt, f"{result.start.label} to {result.end.label}: {result.length} step(s)")


@click.command("stats")
@format_option()
@graph_options
@report_errors
def stats_command(fmt: str, source: GraphSource) -> None:
    """Counts per class and relation, sources per claim, reliability mix, quotes verified."""
    _emit(source.load().stats(), fmt)
