"""``kg viz``: write an interactive HTML map of the graph (a thin layer over kg.viz)."""

from __future__ import annotations

import webbrowser
from pathlib import Path

import click

from kg.cli.options import GraphSource, as_of_option, graph_options, report_errors


@click.command("viz")
@graph_options
@click.option(
    "--focus", default=None, help="Show only this entity's neighbourhood (name, alias or id)."
)
@click.option(
    "--depth",
    type=click.IntRange(min=0),
    default=None,
    help="Hops around the focus, issue or actor (default 2 with --focus, else 1).",
)
@click.option(
    "--issue", default=None, help="Show only this issue, its sub-issues and what touches them."
)
@click.option(
    "--actor", default=None, help="Show only this actor's neighbourhood and its own claims."
)
@as_of_option
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("kg-graph.html"),
    show_default=True,
    help="HTML file to write.",
)
@click.option("--title", default=None, help="Page title (default: the focus's name).")
@click.option("--open", "open_browser", is_flag=True, help="Open the page in the default browser.")
@report_errors
def viz_command(
    source: GraphSource,
    focus: str | None,
    depth: int | None,
    issue: str | None,
    actor: str | None,
    as_of: str | None,
    output: Path,
    title: str | None,
    open_browser: bool,
) -> None:
    """Write an interactive map of the graph: one HTML file that works offline.

    Click a node for its facts, quotes and sources; search by name; filter by class,
    issue and stance; move the date control to see the graph as it stood on a date.

    \b
    Examples:
      kg viz -o agenda.html
      kg viz --focus "New START"
      kg viz --focus JCPOA --depth 1 --as-of 2018-05
      kg viz --issue "arms control" --actor Russia
    """
    from kg.viz import visualize

    path = visualize(
        source.engine(),
        focus=focus,
        depth=depth,
        issue=issue,
        actor=actor,
        as_of=as_of,
        output=output,
        title=title,
    )
    click.echo(f"Wrote {path} ({path.stat().st_size / 1024:.0f} KiB).")
    if open_browser:
        webbrowser.open(path.resolve().as_uri())
