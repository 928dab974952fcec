"""A pool of query worker processes, with a time limit that really stops a query.

A Python thread cannot be stopped, and the engine cannot interrupt a running
query, so each query runs in a worker process (:mod:`kg.server.worker`); when it
overruns the limit the worker is killed and a fresh one takes its place, and the
client is told (:class:`QueryTimeout`). Workers are forked from a forkserver
that has preloaded the worker module, so a replacement is ready in a fraction of
a second on a small graph.

:class:`PoolEngine` gives the pool the ``query(sparql) -> QueryResult``
interface of :class:`kg.store.GraphStore`, for code written against that.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import multiprocessing.connection
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from multiprocessing.process import BaseProcess
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kg.errors import KGError
from kg.server.worker import ROWS, Reply, Source, Task, worker_main
from kg.store import QueryError, QueryResult

#: Seconds a worker may take to load the graph before the server gives up.
STARTUP_LIMIT = 120.0


class QueryTimeout(KGError):  # noqa: N818 (a timeout, named as users say it)
    """A query ran past the time limit and was stopped."""


class PoolError(KGError):
    """A worker could not start or died while answering."""


@dataclass(eq=False)
class _Worker:
    process: BaseProcess
    conn: multiprocessing.connection.Connection


def _context() -> multiprocessing.context.BaseContext:
    try:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["kg.server.worker"])
        return context
    except ValueError:  # platforms without forkserver
        return multiprocessing.get_context("spawn")


class QueryPool:
    """``size`` worker processes, each holding the graph; queries limited to ``timeout`` s."""

    def __init__(
        self,
        sources: Sequence[Source],
        prefixes: dict[str, str] | None = None,
        size: int = 2,
        timeout: float = 10.0,
    ) -> None:
        self.sources = list(sources)
        self.prefixes = dict(prefixes or {})
        self.size = max(1, size)
        self.timeout = timeout
        self.timeouts = 0
        self.restarts = 0
        self.triples = 0
        self._context = _context()
        self._idle: asyncio.Queue[_Worker] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._workers: set[_Worker] = set()
        self._lock = threading.Lock()
        self._pending: set[asyncio.Task[None]] = set()

    def _spawn(self) -> _Worker:
        parent, child = self._context.Pipe(duplex=True)
        process = self._context.Process(
            target=worker_main, args=(child, self.sources, self.prefixes), daemon=True
        )
        process.start()
        child.close()
        if not parent.poll(STARTUP_LIMIT):
            process.kill()
            raise PoolError(f"a query worker did not load the graph within {STARTUP_LIMIT:.0f}s")
        try:
            status, detail = parent.recv()
        except EOFError:
            raise PoolError("a query worker exited while loading the graph") from None
        if status != "ready":
            process.join(1)
            raise PoolError(f"cannot load the graph: {detail}")
        self.triples = int(detail)
        worker = _Worker(process, parent)
        with self._lock:
            self._workers.add(worker)
        return worker

    async def start(self) -> None:
        """Start every worker (in parallel) and wait until each holds the graph."""
        self._loop = asyncio.get_running_loop()
        self._idle = asyncio.Queue()
        workers = await asyncio.gather(
            *(asyncio.to_thread(self._spawn) for _ in range(self.size)), return_exceptions=True
        )
        errors = [w for w in workers if isinstance(w, BaseException)]
        if errors:
            await self.close()
            raise errors[0]
        for worker in workers:
            assert isinstance(worker, _Worker)
            self._idle.put_nowait(worker)

    def _retire(self, worker: _Worker) -> None:
        """Kill a worker and start a replacement in the background."""
        with self._lock:
            self._workers.discard(worker)
        with contextlib.suppress(OSError):
            worker.process.kill()
        worker.conn.close()
        worker.process.join(5)
        self.restarts += 1
        task = asyncio.get_running_loop().create_task(self._replace())
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)

    async def _replace(self) -> None:
        worker = await asyncio.to_thread(self._spawn)
        assert self._idle is not None
        self._idle.put_nowait(worker)

    async def run(self, task: Task) -> Reply:
        """Run ``task`` on an idle worker within the time limit (waiting included).

        Raises:
            QueryTimeout: when the answer did not come in time (the worker is replaced).
            PoolError: when the worker died.
        """
        if self._idle is None:
            raise PoolError("the query pool is not started")
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.timeout
        try:
            worker = await asyncio.wait_for(self._idle.get(), self.timeout)
        except TimeoutError:
            self.timeouts += 1
            raise QueryTimeout(f"no query worker free within {self.timeout:g}s") from None
        ready = loop.create_future()
        fd = worker.conn.fileno()
        try:
            # Send before watching the pipe: the event loop makes a watched fd non-blocking.
            worker.conn.send(task)
            loop.add_reader(fd, lambda: ready.done() or ready.set_result(None))
            await asyncio.wait_for(ready, max(0.001, deadline - loop.time()))
            loop.remove_reader(fd)
            os.set_blocking(fd, True)
            reply = worker.conn.recv()
        except TimeoutError:
            loop.remove_reader(fd)
            self.timeouts += 1
            self._retire(worker)
            raise QueryTimeout(
                f"the query ran longer than {self.timeout:g}s and was stopped"
            ) from None
        except (EOFError, OSError) as exc:
            loop.remove_reader(fd)
            self._retire(worker)
            raise PoolError(f"the query worker died: {exc or type(exc).__name__}") from None
        except BaseException:  # cancelled: the worker may still be busy
            loop.remove_reader(fd)
            self._retire(worker)
            raise
        loop.remove_reader(fd)
        self._idle.put_nowait(worker)
        assert isinstance(reply, Reply)
        return reply

    def run_threadsafe(self, task: Task) -> Reply:
        """:meth:`run` from a thread other than the event loop's (blocks until answered)."""
        if self._loop is None:
            raise PoolError("the query pool is not started")
        return asyncio.run_coroutine_threadsafe(self.run(task), self._loop).result()

    def pids(self) -> list[int]:
        """Process ids of the live workers (for memory measurements)."""
        with self._lock:
            return [w.process.pid for w in self._workers if w.process.pid is not None]

    async def close(self) -> None:
        """Stop every worker."""
        for task in list(self._pending):
            task.cancel()
        with self._lock:
            workers, self._workers = list(self._workers), set()
        for worker in workers:
            with contextlib.suppress(OSError):
                worker.conn.close()
            worker.process.kill()
        for worker in workers:
            await asyncio.to_thread(worker.process.join, 5)


def _decode(value: Any) -> Node | None:
    if value is None:
        return None
    kind = value[0]
    if kind == "u":
        return URIRef(value[1])
    if kind == "b":
        return BNode(value[1])
    _, lexical, datatype, language = value
    if language:
        return Literal(lexical, lang=language)
    return Literal(lexical, datatype=URIRef(datatype) if datatype else None)


class PoolEngine:
    """The pool as a query engine: ``query(sparql) -> QueryResult``, from a worker thread.

    Project prefixes are pre-bound (the pool passes them to the engine), as with
    :class:`kg.store.GraphStore`.
    """

    def __init__(self, pool: QueryPool) -> None:
        self.pool = pool

    def query(self, sparql: str) -> QueryResult:
        """Run a query (time-limited) and return rdflib terms.

        Raises:
            QueryError: for a malformed query.
            QueryTimeout: when it overran the limit.
        """
        reply = self.pool.run_threadsafe(Task(sparql, None, ROWS))
        if reply.status != 200:
            raise QueryError(reply.body.decode(errors="replace"))
        if reply.kind == "ask":
            return QueryResult("ask", boolean=reply.boolean)
        if reply.kind == "select":
            rows = [tuple(_decode(t) for t in row) for row in reply.rows]
            return QueryResult("select", list(reply.variables), rows)
        from kg.namespaces import bind_prefixes

        graph = bind_prefixes(Graph())
        graph.parse(data=reply.body.decode(), format="nt")
        return QueryResult("graph", graph=graph)
