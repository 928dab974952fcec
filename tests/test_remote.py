"""Remote stores: push the mini graph to Oxigraph's own server, then get the same answers as locally."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib.compare import isomorphic

from kg.cli import cli
from kg.remote import RemoteError, RemoteStore, push
from kg.server import ServerConfig, running_server
from kg.server.app import free_port
from kg.server.named import named_queries
from kg.store import GraphStore, QueryError

#: Queries whose answers must be the same locally and remotely (no blank nodes in the rows).
QUERIES = [
    "SELECT ?s ?label WHERE { ?s a sa:State ; skos:prefLabel ?label } ORDER BY ?s",
    "SELECT ?position ?holder ?stance ?target WHERE { ?position a sa:Position ; sa:holder ?holder ; "
    "sa:stance ?stance ; sa:target ?target } ORDER BY ?position",
    "SELECT ?linkage ?subject ?condition WHERE { ?linkage a sa:Linkage ; sa:linkSubject ?subject ; "
    "sa:linkCondition ?condition } ORDER BY ?linkage ?subject ?condition",
    "SELECT ?action ?date WHERE { ?action sa:agreement sad:new-start ; dcterms:date ?date } ORDER BY ?date",
    "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "SELECT ?issue (COUNT(?p) AS ?n) WHERE { ?p sa:target ?issue } GROUP BY ?issue ORDER BY ?issue",
]


def oxigraph_binary() -> str | None:
    beside = Path(sys.executable).parent / "oxigraph"
    return str(beside) if beside.exists() else shutil.which("oxigraph")


@pytest.fixture(scope="module")
def oxigraph() -> Iterator[str]:
    """Oxigraph's own server (in memory) on a free loopback port; stopped afterwards."""
    binary = oxigraph_binary()
    if binary is None:
        pytest.fail("the oxigraph server is not installed (pip install oxigraph: the test extra)")
    port = free_port()
    process = subprocess.Popen(
        [binary, "serve", "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail("the oxigraph server did not start")
            time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(10)


@pytest.fixture(scope="module")
def pushed(oxigraph: str, mini_build: Path) -> RemoteStore:
    result = CliRunner().invoke(
        cli, ["push", "--endpoint", oxigraph + "/store", "--graph", str(mini_build)]
    )
    assert result.exit_code == 0, result.output
    assert "Uploaded" in result.output
    return RemoteStore(oxigraph + "/query")


def rows(store: GraphStore | RemoteStore, query: str) -> list[tuple[str | None, ...]]:
    return [tuple(None if t is None else t.n3() for t in row) for row in store.query(query).rows]


@pytest.mark.parametrize("query", QUERIES)
def test_same_rows_remotely_as_locally(
    pushed: RemoteStore, mini_store: GraphStore, query: str
) -> None:
    local = rows(mini_store, query)
    assert local, "the query must have answers on the mini graph"
    assert rows(pushed, query) == local


def test_named_queries_same_remotely(pushed: RemoteStore, mini_store: GraphStore) -> None:
    for named in named_queries():
        try:
            local = mini_store.query(named.query)
        except QueryError:
            continue  # parameterised queries need values; covered by their own tests
        remote = pushed.query(named.query)
        assert remote.kind == local.kind, named.name
        if local.kind == "select":
            assert sorted(map(str, remote.rows)) == sorted(map(str, local.rows)), named.name


def test_ask_and_construct_remotely(pushed: RemoteStore, mini_store: GraphStore) -> None:
    assert pushed.query("ASK { sad:new-start a sa:Treaty }").boolean is True
    assert pushed.query("ASK { sad:new-start a sa:State }").boolean is False
    query = "CONSTRUCT { sad:jcpoa ?p ?o } WHERE { sad:jcpoa ?p ?o }"
    remote, local = pushed.query(query).graph, mini_store.query(query).graph
    assert remote is not None and local is not None and len(local) > 5
    assert isomorphic(remote, local)


def test_remote_len(pushed: RemoteStore, mini_store: GraphStore) -> None:
    assert len(pushed) == len(mini_store)


def test_push_into_a_named_graph(oxigraph: str, mini_build: Path, mini_store: GraphStore) -> None:
    iri = "https://w3id.org/security-agenda/id/graph/mini"
    status = push(mini_build / "graph.nt", oxigraph + "/store", iri)
    assert status in (200, 201, 204)
    remote = RemoteStore(oxigraph + "/query")
    count = remote.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}")
    assert int(count.rows[0][0].toPython()) == len(mini_store)  # type: ignore[union-attr]
    # PUT again replaces rather than duplicates
    push(mini_build / "graph.nt", oxigraph + "/store", iri)
    count = remote.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}")
    assert int(count.rows[0][0].toPython()) == len(mini_store)  # type: ignore[union-attr]


def test_remote_store_over_kg_serve(mini_build: Path, mini_store: GraphStore) -> None:
    with running_server(ServerConfig(graph=mini_build, port=0, workers=1)) as url:
        remote = RemoteStore(url + "/sparql")
        for query in QUERIES:
            assert rows(remote, query) == rows(mini_store, query)
        with pytest.raises(QueryError):
            remote.query("SELECT * WHERE {")


def test_bad_query_is_a_query_error(pushed: RemoteStore) -> None:
    with pytest.raises(QueryError, match="rejected"):
        pushed.query("SELECT ?x WHERE { ?x ")


def test_unreachable_endpoint_is_a_remote_error() -> None:
    port = free_port()
    with pytest.raises(RemoteError, match="cannot reach"):
        RemoteStore(f"http://127.0.0.1:{port}/query", timeout=5).query("ASK {}")
    with pytest.raises(RemoteError, match="not an http"):
        RemoteStore("file:///etc/passwd")


def test_push_errors_are_clean(tmp_path: Path, mini_build: Path) -> None:
    with pytest.raises(RemoteError, match="no such file"):
        push(tmp_path / "missing.nt", "http://127.0.0.1:9/store")
    port = free_port()
    result = CliRunner().invoke(
        cli, ["push", "--endpoint", f"http://127.0.0.1:{port}/store", "--graph", str(mini_build)]
    )
    assert result.exit_code == 1
    assert "cannot reach" in result.output
    assert "Traceback" not in result.output


def test_kg_serve_refuses_graph_store_uploads(mini_build: Path) -> None:
    config = ServerConfig(graph=mini_build, port=0, workers=1)
    with running_server(config) as url, pytest.raises(RemoteError, match="refused"):
        push(mini_build / "graph.nt", url + "/sparql")  # 405, or the connection closed


@pytest.mark.parametrize(
    "args",
    [
        ["positions", "--actor", "Russia", "--format", "json"],
        ["status", "New START", "--as-of", "2023-06-01", "--format", "json"],
        ["common-ground", "Russia", "United States", "--format", "json"],
        ["linkages", "JCPOA", "--format", "json"],
        [
            "query",
            "treaty-status",
            "-p",
            "treaty=New START",
            "-p",
            "as_of=2024",
            "--format",
            "json",
        ],
    ],
)
def test_commands_answer_the_same_over_an_endpoint(
    pushed: RemoteStore, mini_build: Path, args: list[str]
) -> None:
    runner = CliRunner()
    local = runner.invoke(cli, [*args, "--graph", str(mini_build)])
    remote = runner.invoke(cli, [*args, "--endpoint", pushed.endpoint])
    assert local.exit_code == remote.exit_code == 0, remote.output
    assert json.loads(remote.output) == json.loads(local.output)
    assert json.loads(local.output), "the command must have answers on the mini graph"


def test_graph_and_endpoint_together_are_refused(mini_build: Path) -> None:
    result = CliRunner().invoke(
        cli, ["stats", "--graph", str(mini_build), "--endpoint", "http://127.0.0.1:9/sparql"]
    )
    assert result.exit_code == 2 and "not both" in result.output
