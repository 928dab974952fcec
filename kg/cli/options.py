"""Reusable click options and the error handling shared by all commands."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import click

from kg.dates import parse_date
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


graph_path_option = click.option(
    "--graph",
    "graph_path",
    type=click.Path(exists=True, path_type=Path),
    default=None,
    help="RDF file or build folder to read (default: the bundled build, rebuilt when stale).",
)


@dataclass(frozen=True)
class GraphSource:
    """Where a command reads the graph: a file or build folder, an endpoint, or the bundled build."""

    path: Path | None = None
    endpoint: str | None = None

    def engine(self) -> Any:
        """The query engine: a RemoteStore for an endpoint, else a GraphStore."""
        if self.endpoint:
            from kg.remote import RemoteStore

            return RemoteStore(self.endpoint)
        from kg.store import GraphStore

        return GraphStore.open(self.path)

    def load(self) -> Any:
        """The :class:`kg.api.KnowledgeGraph` over :meth:`engine`."""
        from kg.api import load

        return load(engine=self.engine())


def graph_options(function: F) -> F:
    """Add ``--graph`` and ``--endpoint``; the command receives them as ``source: GraphSource``."""

    @graph_path_option
    @endpoint_option
    @functools.wraps(function)
    def wrapper(*args: Any, graph_path: Path | None, endpoint: str | None, **kwargs: Any) -> Any:
        if graph_path is not None and endpoint:
            raise click.UsageError("give --graph or --endpoint, not both")
        return function(*args, source=GraphSource(graph_path, endpoint), **kwargs)

    return wrapper  # type: ignore[return-value]


class DateType(click.ParamType):
    """A date as YYYY, YYYY-MM or YYYY-MM-DD (checked, kept as text)."""

    name = "DATE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        try:
            parse_date(value)
        except ValueError as exc:
            self.fail(str(exc), param, ctx)
        return str(value)


DATE = DateType()


as_of_option = click.option(
    "--as-of",
    "as_of",
    type=DATE,
    default=None,
    help="Answer as of this date: leave out what is dated after it (YYYY[-MM[-DD]]).",
)


def format_option(choices: tuple[str, ...] = ("table", "json", "csv")) -> Callable[[F], F]:
    """``--format`` with the given choices, the first by default."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(choices),
        default=choices[0],
        show_default=True,
        help="Output format.",
    )


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
