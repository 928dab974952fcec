"""``kg build`` and ``kg validate``."""

from __future__ import annotations

import json
from pathlib import Path

import click

from kg.cli.options import data_option, ontology_option, report_errors


@click.command("build")
@data_option
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Build folder to write (default: the project's build/, or $KG_BUILD).",
)
@ontology_option
@click.option("-q", "--quiet", is_flag=True, help="Print only the summary line.")
@report_errors
def build_command(
    data_dir: Path | None, out_dir: Path | None, ontology_dir: Path | None, quiet: bool
) -> None:
    """Build the knowledge graph from the data files.

    Loads and validates the data (schema, references, verbatim quotes, dates,
    SHACL), then writes graph.ttl, graph.nt and graph.jsonld into the build
    folder. On any error nothing is written and the previous build is kept.
    """
    from kg.build import build

    progress = None if quiet else (lambda line: click.echo(line, err=True))
    result = build(data_dir, out_dir, ontology_dir, progress=progress)
    for problem in result.warnings:
        click.echo(str(problem), err=True)
    if not quiet:
        width = max(len(k) for k in result.counts)
        for kind, count in result.counts.items():
            click.echo(f"  {kind:<{width}}  {count:>5}")
    click.echo(
        f"Built {result.out_dir}: {result.triples} triples, "
        f"{sum(result.counts.values())} entries, {len(result.warnings)} warning(s) "
        f"in {result.seconds:.1f}s."
    )


@click.command("validate")
@data_option
@ontology_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format of the problem list.",
)
@report_errors
def validate_command(data_dir: Path | None, ontology_dir: Path | None, fmt: str) -> None:
    """Check the data files without writing anything.

    Reports every problem at once, each with file, line, entry and field.
    Exits with status 1 when there is any error.
    """
    from kg.validate import validate

    report = validate(data_dir, ontology_dir)
    if fmt == "json":
        click.echo(json.dumps([p.to_dict() for p in report.problems], indent=2))
    else:
        for problem in report.problems:
            click.echo(str(problem), err=True)
    if report.errors:
        raise click.ClickException(
            f"{len(report.errors)} error(s), {len(report.warnings)} warning(s)."
        )
    if fmt == "text":
        entries = len(report.dataset.records) if report.dataset else 0
        click.echo(f"Valid: {entries} entries, {len(report.warnings)} warning(s).")
