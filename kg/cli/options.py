"""Reusable click options and the error handling shared by all commands."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from kg.errors import DataError, KGError

F = TypeVar("F", bound=Callable[..., Any])

data_option = click.option(
    "--data",
    "data_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Data folder (default: the project's data/, or $KG_DATA).",
)
ontology_option = click.option(
    "--ontology",
    "ontology_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    hidden=True,
    help="Ontology folder (default: the project's ontology/).",
)

endpoint_option = click.option(
    "--endpoint",
    "endpoint",
    default=None,
    envvar="KG_ENDPOINT",
    metavar="URL",
    help="Query this remote SPARQL endpoint instead of the local build ($KG_ENDPOINT).",
)


def open_engine(endpoint: str | None = None, graph: Path | str | None = None) -> Any:
    """The query engine a command reads: a RemoteStore for ``endpoint``, else a GraphStore."""
    if endpoint:
        from kg.remote import RemoteStore

        return RemoteStore(endpoint)
    from kg.store import GraphStore

    return GraphStore.open(graph)


def report_errors(function: F) -> F:
    """Turn the project's errors into a clean message and exit status 1 (no traceback)."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except DataError as exc:
            for problem in exc.problems:
                click.echo(str(problem), err=True)
            errors = sum(1 for p in exc.problems if p.severity.value == "error")
            raise click.ClickException(f"{errors} error(s) found; nothing was written.") from None
        except KGError as exc:
            raise click.ClickException(str(exc)) from None

    return wrapper  # type: ignore[return-value]
