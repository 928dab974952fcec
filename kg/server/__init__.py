"""``kg serve``: a read-only SPARQL 1.1 endpoint with a query editor, entity pages and explorer.

Example:
    >>> from kg.server import ServerConfig, create_app
    >>> create_app(ServerConfig(port=0)).state.config.host
    '127.0.0.1'
"""

from __future__ import annotations

from kg.server.app import ServerError, create_app, running_server, serve
from kg.server.config import ServerConfig

__all__ = ["ServerConfig", "ServerError", "create_app", "running_server", "serve"]
