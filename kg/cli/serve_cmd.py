"""``kg serve`` (the SPARQL endpoint and web explorer) and ``kg push`` (upload to a remote store)."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.options import graph_path_option, report_errors


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to bind.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@graph_path_option
@click.option(
    "--timeout",
    default=10.0,
    show_default=True,
    type=click.FloatRange(min=0.1),
    help="Seconds a query may run before it is stopped (HTTP 503).",
)
@click.option(
    "--max-rows",
    default=100_000,
    show_default=True,
    type=click.IntRange(min=1),
    help="Most result rows returned (longer answers are cut, header X-SPARQL-MaxRows).",
)
@click.option(
    "--cors-origin",
    default=None,
    metavar="ORIGIN",
    help="Allow cross-origin requests from ORIGIN (default: no CORS header).",
)
@click.option(
    "--allow-host",
    "allow_hosts",
    multiple=True,
    metavar="NAME",
    help="Also answer this Host name (repeatable; '*' disables the check, e.g. behind a proxy).",
)
@click.option(
    "--workers",
    default=None,
    type=click.IntRange(min=1),
    help="Query worker processes (default: CPUs, 2 to 4).",
)
@click.option(
    "--cache-mb",
    default=64,
    show_default=True,
    type=click.IntRange(min=0),
    help="Memory for reusing answers (the graph does not change while served); 0 disables.",
)
@click.option("--access-log", is_flag=True, help="Log every request.")
@report_errors
def serve_command(
    host: str,
    port: int,
    graph_path: Path | None,
    timeout: float,
    max_rows: int,
    cors_origin: str | None,
    allow_hosts: tuple[str, ...],
    workers: int | None,
    cache_mb: int,
    access_log: bool,
) -> None:
    """Serve the graph: a read-only SPARQL endpoint, query editor and entity pages.

    \b
    http://HOST:PORT/           query editor with the named queries
    http://HOST:PORT/sparql     SPARQL 1.1 Protocol endpoint (read-only)
    http://HOST:PORT/id/ID      entity pages (HTML, Turtle, JSON-LD)
    http://HOST:PORT/explore    interactive graph explorer

    Updates are refused (403), SERVICE is refused (400), every query runs under
    the time limit. Binds to 127.0.0.1 unless --host says otherwise.
    """
    from dataclasses import replace

    from kg.server import ServerConfig, serve
    from kg.server.app import graph_file

    config = ServerConfig(
        graph=graph_path,
        host=host,
        port=port,
        timeout=timeout,
        max_rows=max_rows,
        cors_origin=cors_origin,
        allowed_hosts=allow_hosts,
        cache_bytes=cache_mb * 1024 * 1024,
    )
    if workers is not None:
        config = replace(config, workers=workers)
    source = graph_file(graph_path)
    config = replace(config, graph=source)
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"Serving {source} on http://{shown}:{port}/ (SPARQL at /sparql). Ctrl-C stops.")
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(
            f"Note: listening on {host}; the data is readable by anyone who can reach it.",
            err=True,
        )
    serve(config, access_log=access_log)


@click.command("push")
@click.option(
    "--endpoint",
    required=True,
    metavar="URL",
    help="Graph Store Protocol URL of the store (Oxigraph: http://HOST:7878/store).",
)
@graph_path_option
@click.option(
    "--graph-uri",
    default=None,
    metavar="IRI",
    help="Named graph to replace (default: the store's default graph).",
)
@click.option(
    "--append", is_flag=True, help="Add to the graph (POST) instead of replacing it (PUT)."
)
@report_errors
def push_command(
    endpoint: str, graph_path: Path | None, graph_uri: str | None, append: bool
) -> None:
    """Upload the built graph to a remote store (SPARQL 1.1 Graph Store Protocol).

    Then query it remotely with --endpoint on the query commands, or
    kg.load(endpoint=URL) in Python.
    """
    from kg.remote import push
    from kg.server.app import graph_file

    source = graph_file(graph_path)
    status = push(source, endpoint, graph_uri, replace=not append)
    target = graph_uri or "the default graph"
    click.echo(f"Uploaded {source} to {endpoint} ({target}): HTTP {status}.")
