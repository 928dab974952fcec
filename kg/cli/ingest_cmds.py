"""``kg ingest`` and ``kg review``: new articles to candidate claims, and their review."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.options import data_option, report_errors


@click.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@data_option
@click.option("-q", "--quiet", is_flag=True, help="Print one line per file, not the reports.")
@report_errors
def ingest_command(paths: tuple[Path, ...], data_dir: Path | None, quiet: bool) -> None:
    """Read articles (text, Markdown, HTML; files or folders) into candidate claims.

    Each document is stored in the corpus (data/corpus/<source-id>.txt) and its
    candidate source, positions, linkages and events are written to
    data/candidates/<source-id>.yaml with a Markdown report next to it. Nothing
    reaches the curated data until accepted with `kg review accept`. A bad file
    is reported and skipped; the exit status is 1 if any file failed.
    """
    from kg.ingest.pipeline import ingest_paths

    results = ingest_paths(paths, data_dir)
    if not results:
        raise click.ClickException("no article files found (.txt, .md, .html)")
    failed = 0
    for result in results:
        if not result.ok:
            failed += 1
            click.echo(f"error: {result.error}", err=True)
            continue
        if not quiet:
            click.echo(result.report)
        counts = ", ".join(f"{n} {k}" for k, n in sorted(result.counts.items())) or "no claims"
        click.echo(
            f"{result.path} -> {result.source_id}: {len(result.mentions)} mentions, "
            f"{len(result.new_entities)} new-entity candidates, {counts}; "
            f"see {result.candidates_file}"
        )
    if failed:
        raise click.ClickException(f"{failed} of {len(results)} file(s) could not be ingested")


@click.group("review", invoke_without_command=True)
@data_option
@click.pass_context
def review_command(ctx: click.Context, data_dir: Path | None) -> None:
    """Review candidates from `kg ingest`: list, show, accept, reject, edit.

    Accepted claims are appended to data/<kind>.yaml with their source and
    quote, after the data is validated with them; rejected ones are marked in
    the candidate file. Without a subcommand, lists the open candidates.
    """
    ctx.obj = data_dir
    if ctx.invoked_subcommand is None:
        ctx.invoke(list_command)


@review_command.command("list")
@click.option(
    "--status",
    type=click.Choice(["candidate", "accepted", "rejected", "all"]),
    default="candidate",
    show_default=True,
    help="Which candidates to list.",
)
@click.pass_obj
@report_errors
def list_command(data_dir: Path | None, status: str = "candidate") -> None:
    """List candidates: id, kind, confidence, rule and summary."""
    from kg.ingest.review import list_candidates

    rows = list_candidates(data_dir, None if status == "all" else status)
    for row in rows:
        confidence = f"{row.confidence:.2f}" if row.confidence is not None else "  - "
        click.echo(f"{row.id}\t{row.kind}\t{row.status}\t{confidence}\t{row.rule}\t{row.summary}")
    shown = "" if status == "all" else f" with status {status}"
    click.echo(f"{len(rows)} entr{'y' if len(rows) == 1 else 'ies'}{shown}.")


@review_command.command("show")
@click.argument("entry_id")
@click.pass_obj
@report_errors
def show_command(data_dir: Path | None, entry_id: str) -> None:
    """Show one candidate with its quote in context."""
    from kg.ingest.review import show_candidate

    click.echo(show_candidate(data_dir, entry_id))


@review_command.command("accept")
@click.argument("ids", nargs=-1, required=True)
@click.pass_obj
@report_errors
def accept_command(data_dir: Path | None, ids: tuple[str, ...]) -> None:
    """Accept candidates into the curated data (validated first; all or nothing)."""
    from kg.ingest.review import accept

    for name, added in accept(data_dir, list(ids)).items():
        click.echo(f"{name}: appended {', '.join(added)}")


@review_command.command("reject")
@click.argument("ids", nargs=-1, required=True)
@click.pass_obj
@report_errors
def reject_command(data_dir: Path | None, ids: tuple[str, ...]) -> None:
    """Mark candidates rejected."""
    from kg.ingest.review import reject

    click.echo(f"rejected: {', '.join(reject(data_dir, list(ids)))}")


@review_command.command("edit")
@click.argument("entry_id")
@click.option(
    "--set",
    "assignments",
    multiple=True,
    required=True,
    metavar="FIELD=VALUE",
    help="Set a field (a YAML value: text, [list], empty to remove). Repeatable.",
)
@click.pass_obj
@report_errors
def edit_command(data_dir: Path | None, entry_id: str, assignments: tuple[str, ...]) -> None:
    """Change fields of a candidate before accepting it."""
    import yaml

    from kg.ingest.review import edit

    entry = edit(data_dir, entry_id, list(assignments))
    click.echo(yaml.safe_dump(entry, sort_keys=False, allow_unicode=True, width=100))
