"""The server's settings, in one typed record with safe defaults.

Example:
    >>> config = ServerConfig()
    >>> config.host, config.port, config.timeout, config.cors_origin
    ('127.0.0.1', 8000, 10.0, None)
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path


def _default_workers() -> int:
    return max(2, min(4, os.cpu_count() or 2))


@dataclass(frozen=True)
class ServerConfig:
    """How ``kg serve`` runs.

    Attributes:
        graph: A build folder or RDF file (None: the project's build, rebuilt when stale).
        host: Interface to bind (loopback by default).
        port: TCP port.
        timeout: Seconds a query may run before it is stopped (503).
        max_rows: Most result rows (or triples) returned; longer answers are cut
            and flagged with the ``X-SPARQL-MaxRows`` header.
        max_body: Largest request body accepted, in bytes (413 beyond).
        cors_origin: Origin allowed by CORS (None: no CORS header at all).
        allowed_hosts: Extra ``Host`` names answered besides loopback and ``host``
            (``*`` turns the DNS-rebinding check off, e.g. behind a proxy).
        workers: Query worker processes.
        cache_bytes: Size of the cache of answers (the graph never changes while
            served, so an answer can be reused); 0 disables it.
        named_graphs: Extra RDF files loaded as named graphs ``(iri, path)``
            (tests use it for the W3C protocol suite).
        public_base: Base IRI of the entities (``sad:``), mapped onto ``/id/``.
    """

    graph: Path | None = None
    host: str = "127.0.0.1"
    port: int = 8000
    timeout: float = 10.0
    max_rows: int = 100_000
    max_body: int = 1_000_000
    cors_origin: str | None = None
    allowed_hosts: tuple[str, ...] = ()
    workers: int = field(default_factory=_default_workers)
    cache_bytes: int = 64 * 1024 * 1024
    named_graphs: tuple[tuple[str, Path], ...] = ()
    public_base: str = "https://w3id.org/security-agenda/id/"
