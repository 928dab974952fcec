"""The Python API: :func:`load` a graph and ask it questions through :class:`KnowledgeGraph`.

The facade is thin: each method delegates to a function in its own module
(:mod:`kg.claims`, :mod:`kg.status`, :mod:`kg.views`, :mod:`kg.resolve`,
:mod:`kg.named_queries`), and all of them only call ``query(sparql)`` on the
engine. Any object with that method works: the local :class:`kg.store.GraphStore`
or a remote SPARQL client.

Example:
    >>> import kg
    >>> g = kg.load()
    >>> g.resolve("Russian Federation").id
    'russia'
    >>> g.status("New START", as_of="2023-06-01").of("russia").display
    'suspended (disputed by United States)'
    >>> {p.holder.label: p.stance for p in g.positions(issue="NATO open-door policy")}["Russia"]
    'opposes'
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from kg.errors import KGError
from kg.named_queries import NamedQuery, get_query, run_sparql
from kg.resolve import NameIndex
from kg.results import (
    CommonGround,
    EntityView,
    Neighbourhood,
    Paths,
    Positions,
    Ref,
    Stats,
    Timeline,
    TreatyStatus,
)
from kg.store import QueryResult

DateLike = str | dt.date | None


@runtime_checkable
class QueryEngine(Protocol):
    """Anything that answers SPARQL with project prefixes pre-bound (GraphStore, RemoteStore)."""

    def query(self, sparql: str) -> QueryResult:
        """Run a query; raise :class:`kg.store.QueryError` for a bad one."""
        ...


class KnowledgeGraph:
    """A graph to ask questions of: SPARQL, named queries and typed answers with sources.

    Args:
        engine: Where queries run (see :class:`QueryEngine`).
    """

    def __init__(self, engine: QueryEngine) -> None:
        if not callable(getattr(engine, "query", None)):
            raise KGError(f"{engine!r} cannot answer queries (it has no query(sparql) method)")
        self.engine = engine
        self._names: NameIndex | None = None
        self._cache: dict[str, Any] = {}

    def __repr__(self) -> str:
        return f"KnowledgeGraph({getattr(self.engine, 'origin', self.engine)!r})"

    @property
    def names(self) -> NameIndex:
        """Every label and alias of the graph (read once, on first use)."""
        if self._names is None:
            self._names = NameIndex.from_engine(self.engine)
        return self._names

    def cached(self, key: str, make: Any) -> Any:
        """A value computed once per graph (e.g. the entity graph for paths)."""
        if key not in self._cache:
            self._cache[key] = make()
        return self._cache[key]

    def query(self, sparql: str) -> QueryResult:
        """Run SPARQL (project prefixes pre-bound).

        Example:
            >>> import kg
            >>> kg.load().query("ASK { sad:new-start sa:party sad:russia }").boolean
            True
        """
        return run_sparql(self.engine, sparql)

    def sparql_for(self, query: str | NamedQuery, **params: Any) -> str:
        """The text of a named query (by name, or parsed from a file) with its parameters bound."""
        named = get_query(query) if isinstance(query, str) else query
        return named.bind(params, self._resolve_iri)

    def named(self, name: str, **params: Any) -> QueryResult:
        """Run a named query (see ``kg query --list``) with its parameters.

        Example:
            >>> import kg
            >>> rows = kg.load().named("treaty-status", treaty="New START", as_of="2023-06-01")
            >>> sorted({r["status"] for r in rows.dicts()})
            ['in-force', 'suspended']
        """
        return self.query(self.sparql_for(name, **params))

    def _resolve_iri(self, name: str, kind: str | None) -> str:
        return self.names.resolve(name, kind).iri

    def resolve(self, name: str, kind: str | None = None) -> Ref:
        """The entity with this id, label or alias (case-insensitive).

        Raises:
            kg.resolve.AmbiguousNameError: several entities fit; it lists them.
            kg.resolve.UnknownNameError: none fits; it suggests close names.
        """
        return self.names.resolve(name, kind)

    def show(self, name: str, as_of: DateLike = None) -> EntityView:
        """Everything about one entity: types, labels, facts, inbound relations, claims."""
        from kg.views import show

        return show(self, name, as_of)

    def positions(
        self, actor: str | None = None, issue: str | None = None, as_of: DateLike = None
    ) -> Positions:
        """Stances with date, conditions, quote and source (an issue includes narrower ones)."""
        from kg.claims import positions

        return positions(self, actor, issue, as_of)

    def linkages(self, name: str, depth: int = 1) -> Neighbourhood:
        """Everything linked to an entity, up to ``depth`` steps (claims count as one step)."""
        from kg.views import linkages

        return linkages(self, name, depth)

    def timeline(
        self, name: str | None = None, start: DateLike = None, end: DateLike = None
    ) -> Timeline:
        """Dated events and treaty actions in order, optionally about one entity."""
        from kg.views import timeline

        return timeline(self, name, start, end)

    def status(self, treaty: str, as_of: DateLike = None) -> TreatyStatus:
        """Each party's status under an agreement on a date (default today)."""
        from kg.status import treaty_status

        return treaty_status(self, treaty, as_of)

    def common_ground(self, a: str, b: str, as_of: DateLike = None) -> CommonGround:
        """Two actors' stances side by side per target, with a verdict, and their linkages."""
        from kg.claims import common_ground

        return common_ground(self, a, b, as_of)

    def path(self, a: str, b: str, limit: int = 5) -> Paths:
        """The shortest chains of relations between two entities (at most ``limit``)."""
        from kg.views import path

        return path(self, a, b, limit)

    def stats(self) -> Stats:
        """Counts per class and relation, sources per claim, reliability mix, quotes verified."""
        from kg.views import stats

        return stats(self)

    def to_networkx(self, as_of: DateLike = None, kinds: Any = None) -> Any:
        """The graph projected to a ``networkx.MultiDiGraph``; see :func:`kg.analytics.to_networkx`.

        Example:
            >>> import kg
            >>> net = kg.load().to_networkx()
            >>> net.nodes["new-start"]["label"]
            'New START'
        """
        from kg.analytics import to_networkx

        return to_networkx(self.engine, as_of=as_of, kinds=kinds)

    def visualize(self, **options: Any) -> Path:
        """Write an interactive, offline HTML map; options as :func:`kg.viz.visualize`.

        Example:
            >>> import kg, tempfile, pathlib
            >>> out = pathlib.Path(tempfile.mkdtemp()) / "jcpoa.html"
            >>> kg.load().visualize(focus="JCPOA", depth=1, output=out).name
            'jcpoa.html'
        """
        from kg.viz import visualize

        return visualize(self, **options)


def load(
    path: Path | str | None = None,
    *,
    engine: QueryEngine | None = None,
    endpoint: str | None = None,
) -> KnowledgeGraph:
    """Open a graph: the bundled build (rebuilt when stale), an RDF file or build folder,
    a remote SPARQL endpoint, or an engine.

    Args:
        path: An RDF file or build folder; None for the project's build.
        engine: Any object with ``query(sparql) -> QueryResult``.
        endpoint: The URL of a SPARQL 1.1 endpoint holding the graph (see ``kg push``).

    Only one of ``path``, ``engine`` and ``endpoint`` may be given.

    Example:
        >>> import kg
        >>> kg.load().resolve("JCPOA").label
        'JCPOA'
    """
    if sum(x is not None for x in (path, engine, endpoint)) > 1:
        raise KGError("give only one of a path, an engine or an endpoint")
    if endpoint is not None:
        from kg.remote import RemoteStore

        return KnowledgeGraph(RemoteStore(endpoint))
    if engine is not None:
        return KnowledgeGraph(engine)
    from kg.store import GraphStore

    return KnowledgeGraph(GraphStore.open(path))
