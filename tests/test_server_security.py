"""Safe by default: read-only, no outgoing connections, time limits, size limits, host checks."""

from __future__ import annotations

import http.client
import json
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

from kg.server import ServerConfig, ServerError, running_server
from kg.server.app import create_app
from kg.server.protocol import ProtocolError, operation_from
from kg.sparql_text import looks_like_update, query_form, uses_service

#: A query that runs for minutes on any graph of a few thousand triples.
PATHOLOGICAL = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


class Canary:
    """A listening loopback socket that counts the connections it receives."""

    def __init__(self) -> None:
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(16)
        self.port = self.socket.getsockname()[1]
        self.connections = 0
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.socket.accept()
            except OSError:
                return
            self.connections += 1
            client.close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def close(self) -> None:
        self.socket.close()


@pytest.fixture
def canary() -> Iterator[Canary]:
    watcher = Canary()
    yield watcher
    watcher.close()


@pytest.fixture(scope="module")
def server(mini_build: Path) -> Iterator[str]:
    config = ServerConfig(graph=mini_build, port=0, workers=2, timeout=1.0, max_body=10_000)
    with running_server(config) as url:
        yield url


def request(
    base: str,
    method: str,
    path: str,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, dict[str, str], bytes]:
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def get_query(
    base: str, query: str, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    return request(base, "GET", "/sparql?query=" + quote(query), headers=headers)


# --- the text guards -------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * { SERVICE <http://x/> { ?s ?p ?o } }",
        "select * { service silent <http://x/> { ?s ?p ?o } }",
        "SELECT * { ?s ?p ?o .SERVICE <http://x/> {} }",
        "SELECT * {}SERVICE?g{}",
        "SELECT * { \\u0053ERVICE <http://x/> {} }",
        "SELECT * { # comment\n SERVICE <http://x/> {} }",
        "SELECT * { FILTER(1<2) SERVICE <http://x/> {} }",
    ],
)
def test_service_is_detected(query: str) -> None:
    assert uses_service(query)


@pytest.mark.parametrize(
    "query",
    [
        'SELECT * { ?s ?p "SERVICE" }',
        "SELECT * { ?s ?p '''a SERVICE b''' }",
        "SELECT ?service { ?service ?p ?o }",
        "SELECT * { ?s ex:service ?o }",
        "SELECT * { ?s <http://example.org/SERVICE> ?o } # SERVICE",
    ],
)
def test_service_is_not_seen_where_it_is_not(query: str) -> None:
    assert not uses_service(query)


def test_query_form_and_update_text() -> None:
    assert query_form("PREFIX a: <http://x/>\nDESCRIBE <http://x/>") == "DESCRIBE"
    assert looks_like_update("INSERT DATA { <a> <b> <c> }")
    assert not looks_like_update('SELECT * { ?s ?p "DROP ALL" }')


def test_operation_refuses_update_parameters() -> None:
    with pytest.raises(ProtocolError) as caught:
        operation_from([("using-graph-uri", "http://g")], "ASK {}", None)
    assert caught.value.status == 403


# --- no outgoing connections -------------------------------------------------------------


def test_service_is_refused_without_any_connection(server: str, canary: Canary) -> None:
    status, _, body = get_query(server, f"SELECT * {{ SERVICE <{canary.url}> {{ ?s ?p ?o }} }}")
    assert status == 400
    assert b"SERVICE" in body
    status, _, _ = request(
        server,
        "POST",
        "/sparql",
        f"SELECT * {{ SERVICE SILENT <{canary.url}> {{ ?s ?p ?o }} }}".encode(),
        {"Content-Type": "application/sparql-query"},
    )
    assert status == 400
    time.sleep(0.2)
    assert canary.connections == 0


@pytest.mark.parametrize(
    ("method", "path", "body", "content_type"),
    [
        ("POST", "/sparql", "LOAD <{url}x>", "application/sparql-update"),
        ("POST", "/sparql", "update=LOAD+%3C{url}x%3E", "application/x-www-form-urlencoded"),
        ("GET", "/sparql?update=LOAD%20%3C{url}x%3E", None, None),
        ("GET", "/sparql?query=LOAD%20%3C{url}x%3E", None, None),
        ("POST", "/sparql", "LOAD <{url}x>", "application/sparql-query"),
    ],
)
def test_load_is_refused_without_any_connection(
    server: str, canary: Canary, method: str, path: str, body: str | None, content_type: str | None
) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    data = body.format(url=canary.url).encode() if body else None
    status, _, answer = request(server, method, path.format(url=canary.url), data, headers)
    assert status == 403, answer
    assert b"read-only" in answer
    time.sleep(0.2)
    assert canary.connections == 0


def test_from_selects_graphs_and_fetches_nothing(server: str, canary: Canary) -> None:
    status, _, body = get_query(
        server, f"SELECT * FROM <{canary.url}x> FROM NAMED <{canary.url}y> {{ ?s ?p ?o }}"
    )
    assert status == 200
    assert json.loads(body)["results"]["bindings"] == []
    time.sleep(0.2)
    assert canary.connections == 0


def test_remote_jsonld_context_is_never_fetched(tmp_path: Path, canary: Canary) -> None:
    """Serving JSON-LD with a remote @context neither fetches it, nor does JSON-LD output."""
    document = {
        "@context": canary.url + "context.jsonld",
        "@id": "https://w3id.org/security-agenda/id/x",
        "name": "x",
    }
    path = tmp_path / "remote-context.jsonld"
    path.write_text(json.dumps(document), encoding="utf-8")
    try:
        with running_server(ServerConfig(graph=path, port=0, workers=1)) as url:
            get_query(url, "CONSTRUCT WHERE { ?s ?p ?o }", {"Accept": "application/ld+json"})
    except ServerError:
        pass  # refusing the file is fine too; fetching the context is not
    time.sleep(0.2)
    assert canary.connections == 0


def test_jsonld_answers_carry_no_remote_context(server: str, canary: Canary) -> None:
    status, headers, body = request(
        server, "GET", "/id/russia", headers={"Accept": "application/ld+json"}
    )
    assert status == 200
    assert headers["content-type"].startswith("application/ld+json")
    assert "http" not in json.dumps(json.loads(body)[0].get("@context", ""))
    assert canary.connections == 0


# --- time, size, method, host limits --------------------------------------------------------


def test_pathological_query_is_stopped_then_server_answers(server: str) -> None:
    started = time.monotonic()
    status, _, body = get_query(server, PATHOLOGICAL)
    elapsed = time.monotonic() - started
    assert status == 503, body
    assert elapsed < 1.0 + 1.5
    assert b"stopped" in body
    status, _, body = get_query(server, "ASK {}")
    assert status == 200
    assert json.loads(body)["boolean"] is True


def test_oversized_body_is_refused(server: str) -> None:
    query = "ASK {}" + " " * 20_000
    status, _, _ = request(
        server, "POST", "/sparql", query.encode(), {"Content-Type": "application/sparql-query"}
    )
    assert status == 413


def test_row_cap_cuts_and_flags(mini_build: Path) -> None:
    with running_server(ServerConfig(graph=mini_build, port=0, workers=1, max_rows=3)) as url:
        status, headers, body = get_query(url, "SELECT * { ?s ?p ?o }")
    assert status == 200
    assert len(json.loads(body)["results"]["bindings"]) == 3
    assert headers["x-sparql-maxrows"] == "3"


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8000", "192.168.1.5"])
def test_foreign_host_header_is_refused(server: str, host: str) -> None:
    status, _, body = request(server, "GET", "/sparql?query=ASK%7B%7D", headers={"Host": host})
    assert status == 400
    assert b"Host not allowed" in body


@pytest.mark.parametrize("host", ["localhost:8000", "127.0.0.1", "[::1]:8000", "LOCALHOST"])
def test_loopback_host_headers_are_accepted(server: str, host: str) -> None:
    status, _, _ = request(server, "GET", "/sparql?query=ASK%7B%7D", headers={"Host": host})
    assert status == 200


def test_extra_allowed_host(mini_build: Path) -> None:
    config = ServerConfig(graph=mini_build, port=0, workers=1, allowed_hosts=("kg.example.org",))
    with running_server(config) as url:
        status, _, _ = request(
            url, "GET", "/sparql?query=ASK%7B%7D", headers={"Host": "kg.example.org"}
        )
    assert status == 200


def test_no_cors_header_unless_asked(server: str, mini_build: Path) -> None:
    origin = {"Origin": "http://elsewhere.example"}
    _, headers, _ = request(server, "GET", "/sparql?query=ASK%7B%7D", headers=origin)
    assert "access-control-allow-origin" not in headers
    config = ServerConfig(
        graph=mini_build, port=0, workers=1, cors_origin="http://elsewhere.example"
    )
    with running_server(config) as url:
        _, headers, _ = request(url, "GET", "/sparql?query=ASK%7B%7D", headers=origin)
    assert headers["access-control-allow-origin"] == "http://elsewhere.example"


def test_defaults_are_safe() -> None:
    config = ServerConfig()
    assert config.host == "127.0.0.1"
    assert config.cors_origin is None
    assert config.timeout == 10.0


def test_unknown_graph_is_a_clean_error(tmp_path: Path) -> None:
    with pytest.raises(ServerError, match="no such file"):
        create_app(ServerConfig(graph=tmp_path / "missing.nt"))


def test_html_pages_forbid_remote_loads(server: str) -> None:
    _, headers, _ = request(server, "GET", "/")
    policy = headers["content-security-policy"]
    assert "default-src 'self'" in policy
    assert "connect-src 'self'" in policy
    assert headers["x-content-type-options"] == "nosniff"
