"""The web application: the SPARQL endpoint, the editor, entity pages and the explorer.

:func:`create_app` builds a Starlette (ASGI) app from a :class:`ServerConfig`;
:func:`serve` runs it with uvicorn; :func:`running_server` runs it in a thread
on a free loopback port (tests, benchmarks).

Routes:
    ``/sparql``   SPARQL 1.1 Protocol, query operation only (GET, POST form, POST direct).
    ``/``         The query editor (YASGUI) with the named queries.
    ``/id/{id}``  Entity pages: HTML, or Turtle / N-Triples / JSON-LD by ``Accept``.
    ``/explore``  The interactive graph explorer.
    ``/static``   Bundled assets (no remote URL is loaded at run time).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
import threading
import time
from collections import OrderedDict
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kg.errors import KGError
from kg.namespaces import PREFIXES
from kg.server.config import ServerConfig
from kg.server.formats import FORMAT_ALIASES, PAGE_FORMATS, choose, negotiate
from kg.server.guard import allowed_hosts, host_name
from kg.server.named import named_queries
from kg.server.pages import Linker, entity_exists, entity_page, entity_query, valid_id
from kg.server.pool import PoolEngine, PoolError, QueryPool, QueryTimeout
from kg.server.protocol import ProtocolError, read_operation
from kg.server.worker import Source, Task
from kg.store import GraphLoadError
from kg.store import graph_file as store_graph_file

HERE = Path(__file__).resolve().parent
SITE_TITLE = "Security-agenda knowledge graph"
#: Sent with every HTML page: nothing but this server is contacted.
HTML_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; "
    "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; "
    "connect-src 'self'; frame-ancestors 'self'; base-uri 'self'; form-action 'self'"
)
#: Media types of graph files by suffix (for the worker's loader).
MEDIA_TYPES: dict[str, str] = {
    ".nt": "application/n-triples",
    ".ttl": "text/turtle",
    ".turtle": "text/turtle",
    ".nq": "application/n-quads",
    ".trig": "application/trig",
    ".rdf": "application/rdf+xml",
    ".owl": "application/rdf+xml",
    ".xml": "application/rdf+xml",
    ".jsonld": "application/ld+json",
    ".json": "application/ld+json",
    ".n3": "text/n3",
}


class ServerError(KGError):
    """The server cannot start (no graph, unreadable file, port in use...)."""


def graph_file(graph: Path | None) -> Path:
    """The RDF file to serve (see :func:`kg.store.graph_file`), as a :class:`ServerError`."""
    try:
        return store_graph_file(graph)
    except GraphLoadError as exc:
        raise ServerError(str(exc)) from None


def graph_sources(config: ServerConfig) -> list[Source]:
    """The files the workers load: the graph, then any named graphs."""
    main = graph_file(config.graph)
    sources = [Source(str(main), MEDIA_TYPES[main.suffix.lower()])]
    for iri, path in config.named_graphs:
        path = Path(path)
        if not path.exists() or path.suffix.lower() not in MEDIA_TYPES:
            raise ServerError(f"named graph {iri}: cannot read {path}")
        sources.append(Source(str(path), MEDIA_TYPES[path.suffix.lower()], iri))
    return sources


class AnswerCache:
    """Answers by request, least recently used dropped first, bounded in bytes.

    The graph does not change while it is served, so an answer stays right.

    Example:
        >>> cache = AnswerCache(20)
        >>> for key in "abcde":
        ...     cache.put(key, ("text/plain", b"12345", False))
        >>> cache.get("a") is None, cache.get("e")[1], cache.size
        (True, b'12345', 20)
    """

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.size = 0
        self._items: OrderedDict[Any, tuple[str, bytes, bool]] = OrderedDict()

    def get(self, key: Any) -> tuple[str, bytes, bool] | None:
        """The cached answer for ``key``, or None."""
        item = self._items.get(key)
        if item is not None:
            self._items.move_to_end(key)
        return item

    def put(self, key: Any, item: tuple[str, bytes, bool]) -> None:
        """Remember an answer (ignored when larger than a quarter of the cache)."""
        if len(item[1]) * 4 > self.max_bytes or key in self._items:
            return
        self._items[key] = item
        self.size += len(item[1])
        while self.size > self.max_bytes:
            _, old = self._items.popitem(last=False)
            self.size -= len(old[1])


class HostCheck:
    """ASGI middleware: refuse requests whose ``Host`` is not allowed (DNS rebinding), add safe headers."""

    def __init__(self, app: ASGIApp, allowed: frozenset[str] | None) -> None:
        self.app = app
        self.allowed = allowed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self.allowed is not None:
            host = ""
            for name, value in scope["headers"]:
                if name == b"host":
                    host = value.decode("latin-1")
                    break
            if host_name(host) not in self.allowed:
                response = PlainTextResponse(f"Host not allowed: {host or '(none)'}", 400)
                await response(scope, receive, send)
                return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = [
                    *message["headers"],
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"same-origin"),
                ]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _text(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    return PlainTextResponse(message + "\n", status, headers=headers)


class Explorer:
    """The ``/explore`` pages: kg.viz explorers of the whole graph or of one entity's neighbourhood.

    Each page is made once and kept (the graph does not change while served); at
    most :attr:`keep` focused pages are kept.
    """

    keep = 64

    def __init__(self, graph: Path) -> None:
        self.graph = graph
        self.pages: OrderedDict[str | None, str] = OrderedDict()
        self.lock = threading.Lock()
        self._store: Any = None

    @staticmethod
    def available() -> bool:
        """True when kg.viz is installed."""
        try:
            from kg.viz import visualize  # noqa: F401
        except ImportError:
            return False
        return True

    def render(self, focus: str | None = None) -> str | None:
        """The explorer's HTML (of ``focus``'s neighbourhood if given), or None without kg.viz."""
        with self.lock:
            if focus in self.pages:
                self.pages.move_to_end(focus)
                return self.pages[focus]
            try:
                from kg.viz import visualize
            except ImportError:
                return None
            if self._store is None:
                from kg.store import GraphStore

                self._store = GraphStore.open(self.graph)
            html = _visualize_html(visualize, self._store, focus)
            self.pages[focus] = html
            while len(self.pages) > self.keep:
                self.pages.popitem(last=False)
            return html


def _visualize_html(visualize: Any, store: Any, focus: str | None) -> str:
    """Call ``kg.viz.visualize`` into a temporary file and return the HTML text."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "explore.html"
        options: dict[str, Any] = {"output": out}
        if focus is not None:
            options.update(focus=focus, depth=1)
        written = visualize(store, **options)
        return Path(written or out).read_text(encoding="utf-8")


def create_app(config: ServerConfig | None = None) -> Starlette:
    """The ASGI app for ``config``; the worker pool starts with the app's lifespan."""
    config = config or ServerConfig()
    sources = graph_sources(config)
    prefixes = {prefix: str(ns) for prefix, ns in PREFIXES.items()}
    pool = QueryPool(sources, prefixes, config.workers, config.timeout)
    engine = PoolEngine(pool)
    cache = AnswerCache(config.cache_bytes) if config.cache_bytes > 0 else None
    templates = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(["html"]),
        enable_async=False,
    )
    templates.globals["site_title"] = SITE_TITLE
    linker = Linker(config.public_base)
    explorer = Explorer(Path(sources[0].path))

    def html(name: str, status: int = 200, **context: Any) -> HTMLResponse:
        body = templates.get_template(name).render(**context)
        return HTMLResponse(body, status, headers={"Content-Security-Policy": HTML_CSP})

    async def run(task: Task) -> Response:
        key = (task.query, task.format_key, task.default_graphs, task.named_graphs, task.base_iri)
        cached = cache.get(key) if cache is not None else None
        if cached is None:
            try:
                reply = await pool.run(task)
            except QueryTimeout as exc:
                return _text(503, f"Query stopped: {exc}.", {"Retry-After": "1"})
            except PoolError as exc:
                return _text(500, f"Query failed: {exc}.")
            if reply.status != 200:
                return _text(reply.status, reply.body.decode(errors="replace"))
            cached = (reply.media_type, reply.body, reply.truncated)
            if cache is not None:
                cache.put(key, cached)
        media_type, body, truncated = cached
        headers = {"Vary": "Accept"}
        if truncated:
            headers["X-SPARQL-MaxRows"] = str(config.max_rows)
        return Response(body, media_type=media_type, headers=headers)

    async def sparql(request: Request) -> Response:
        if request.method in ("GET", "HEAD") and not request.url.query:
            best = choose(request.headers.get("accept"), PAGE_FORMATS)
            if best is not None and best.key == "html":
                return RedirectResponse("/", 303)
            return _text(400, "Missing 'query' parameter (this is a SPARQL 1.1 query endpoint).")
        try:
            operation = await read_operation(request, config.max_body)
        except ProtocolError as exc:
            return _text(exc.status, exc.message, exc.headers)
        fmt = negotiate(operation.accept, operation.form)
        if fmt is None:
            return _text(
                406, f"Cannot answer a {operation.form or 'SELECT'} query as {operation.accept}."
            )
        base = f"{request.url.scheme}://{request.url.netloc}/sparql"
        task = Task(
            operation.query,
            operation.form,
            fmt.key,
            operation.default_graphs,
            operation.named_graphs,
            config.max_rows,
            base,
        )
        return await run(task)

    async def index(request: Request) -> Response:
        queries = named_queries()
        payload = json.dumps(
            [{"name": q.name, "title": q.title, "query": q.query} for q in queries]
        ).replace("</", "<\\/")
        return html("index.html", queries=queries, queries_json=payload, endpoint="/sparql")

    async def entity(request: Request) -> Response:
        entity_id = request.path_params["entity_id"]
        requested = request.query_params.get("format")
        accept = FORMAT_ALIASES.get(requested, requested) if requested else None
        fmt = choose(accept or request.headers.get("accept"), PAGE_FORMATS)
        if fmt is None:
            return _text(
                406,
                "Available: text/html, text/turtle, application/n-triples, application/ld+json.",
            )
        if not valid_id(entity_id):
            return _text(404, f"No entity {entity_id!r}.")
        iri = config.public_base + entity_id
        try:
            found = await asyncio.to_thread(entity_exists, engine, iri)
            if not found:
                if fmt.key == "html":
                    message = f"The graph says nothing about {iri}."
                    return html("message.html", 404, heading="Not found", message=message)
                return _text(404, f"The graph says nothing about {iri}.")
            if fmt.key != "html":
                task = Task(
                    entity_query("describe", iri), "CONSTRUCT", fmt.key, max_rows=config.max_rows
                )
                return await run(task)
            page = await asyncio.to_thread(entity_page, engine, iri, linker)
        except QueryTimeout as exc:
            return _text(503, f"Query stopped: {exc}.")
        except KGError as exc:
            return _text(500, f"Cannot show {iri}: {exc}")
        response = html(
            "entity.html",
            page=page,
            path=request.url.path,
            explorer=f"/explore?focus={entity_id}" if explorer.available() else None,
        )
        response.headers["Vary"] = "Accept"
        return response

    async def explore(request: Request) -> Response:
        focus = request.query_params.get("focus") or None
        if focus is not None and not valid_id(focus):
            return html("message.html", 404, heading="Not found", message=f"No entity {focus!r}.")
        try:
            body = await asyncio.to_thread(explorer.render, focus)
        except KGError as exc:
            return html("message.html", 404, heading="Not found", message=str(exc))
        except Exception as exc:  # a failing optional component must not take the server down
            return html("message.html", 500, heading="Explorer unavailable", message=str(exc))
        if body is None:
            message = "The graph explorer (kg.viz) is not installed in this version."
            return html("message.html", 501, heading="Explorer unavailable", message=message)
        return HTMLResponse(body, headers={"Content-Security-Policy": HTML_CSP})

    async def health(request: Request) -> Response:
        return Response(
            json.dumps(
                {
                    "triples": pool.triples,
                    "workers": len(pool.pids()),
                    "timeouts": pool.timeouts,
                    "restarts": pool.restarts,
                }
            ),
            media_type="application/json",
        )

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        try:
            await pool.start()
        except Exception as exc:
            app.state.startup_error = str(exc)
            raise
        app.state.pool = pool
        try:
            yield
        finally:
            await pool.close()

    middleware = [Middleware(HostCheck, allowed=_hosts(config))]
    if config.cors_origin:
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=[config.cors_origin],
                allow_methods=["GET", "POST"],
                allow_headers=["Content-Type", "Accept"],
            )
        )
    methods = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"]
    routes = [
        Route("/", index),
        Route("/sparql", sparql, methods=methods),
        Route("/sparql/", sparql, methods=methods),
        Route("/id/{entity_id:path}", entity),
        Route("/explore", explore),
        Route("/health", health),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan)
    app.state.pool = pool
    app.state.config = config
    app.state.startup_error = None
    return app


def _hosts(config: ServerConfig) -> frozenset[str] | None:
    if "*" in config.allowed_hosts:
        return None
    return allowed_hosts(config.host, config.allowed_hosts)


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port free on ``host`` right now."""
    with socket.socket() as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


def _uvicorn_config(app: Starlette, config: ServerConfig, access_log: bool) -> Any:
    import uvicorn

    return uvicorn.Config(
        app,
        host=config.host,
        port=config.port,
        access_log=access_log,
        log_level="info" if access_log else "critical",
        lifespan="on",
        server_header=False,
        timeout_graceful_shutdown=2,
    )


def serve(config: ServerConfig, access_log: bool = False) -> None:
    """Run the server in the foreground until interrupted."""
    import uvicorn

    check_port(config.host, config.port)
    app = create_app(config)
    server = uvicorn.Server(_uvicorn_config(app, config, access_log))
    with contextlib.suppress(SystemExit):
        server.run()
    if not server.started:
        reason = app.state.startup_error or f"cannot listen on {config.host}:{config.port}"
        raise ServerError(f"the server did not start: {reason}")


def check_port(host: str, port: int) -> None:
    """Raise :class:`ServerError` when ``host:port`` cannot be listened on."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise ServerError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None


@contextlib.contextmanager
def running_server(config: ServerConfig | None = None, startup: float = 60.0) -> Iterator[str]:
    """Run the server in a background thread; yield its base URL (``http://127.0.0.1:PORT``).

    Example:
        >>> import urllib.request
        >>> with running_server(ServerConfig(workers=1, port=0)) as url:
        ...     urllib.request.urlopen(url + "/sparql?query=ASK%7B%7D").status
        200
    """
    import uvicorn

    config = config or ServerConfig()
    if config.port == 0:
        from dataclasses import replace

        config = replace(config, port=free_port(config.host))
    app = create_app(config)
    server = uvicorn.Server(_uvicorn_config(app, config, False))

    def run() -> None:
        with contextlib.suppress(SystemExit):
            server.run()

    thread = threading.Thread(target=run, name="kg-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + startup
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            thread.join(5)
            reason = app.state.startup_error or f"nothing listening on {config.host}:{config.port}"
            raise ServerError(f"the server did not start: {reason}")
        time.sleep(0.02)
    try:
        yield f"http://{config.host}:{config.port}"
    finally:
        server.should_exit = True
        thread.join(15)
