"""The W3C SPARQL 1.1 Protocol tests, run against a live ``kg serve`` on a loopback port.

Every query test and every bad-request test must pass as the manifest says; the
update tests that expect success are refused by design (403: read-only).
"""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from rdflib import RDF, Graph, Namespace, URIRef
from rdflib.collection import Collection

from kg.server import ServerConfig, running_server

from .conftest import SHARED_DIR

SUITE = SHARED_DIR / "w3c-sparql11-protocol"
MANIFEST = SUITE / "manifest.ttl"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")
DATA_GRAPH = "http://kasei.us/2009/09/sparql/data/data{}.rdf"
RESULT_TYPES = {
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
}
RDF_TYPES = {"text/turtle", "application/n-triples", "application/rdf+xml", "application/ld+json"}

pytestmark = pytest.mark.skipif(not MANIFEST.exists(), reason=f"{MANIFEST} not present")


@dataclass
class Step:
    """One HTTP request of a protocol test and what must come back."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    statuses: set[str]
    expected_format: str | None
    expected_boolean: bool | None


@dataclass
class ProtocolTest:
    name: str
    title: str
    steps: list[Step] = field(default_factory=list)

    @property
    def is_update(self) -> bool:
        return self.name.startswith("update_")


def load_manifest(path: Path = MANIFEST) -> list[ProtocolTest]:
    graph = Graph().parse(path, format="turtle")
    manifest = next(graph.subjects(RDF.type, MF.Manifest))
    tests = []
    for entry in Collection(graph, graph.value(manifest, MF.entries)):
        name = str(entry).rsplit("#", 1)[-1]
        test = ProtocolTest(name, str(graph.value(entry, MF.name)))
        connection = graph.value(entry, MF.action)
        for request in Collection(graph, graph.value(connection, HT.requests)):
            headers = {}
            header_list = graph.value(request, HT.headers)
            if header_list is not None:
                for header in Collection(graph, header_list):
                    headers[str(graph.value(header, HT.fieldName))] = str(
                        graph.value(header, HT.fieldValue)
                    )
            body = None
            body_node = graph.value(request, HT.body)
            if body_node is not None:
                encoding = str(graph.value(body_node, CNT.characterEncoding) or "UTF-8")
                body = str(graph.value(body_node, CNT.chars)).encode(encoding.lower())
            response = graph.value(request, HT.resp)
            statuses = {
                str(s).rsplit("#", 1)[-1] for s in graph.objects(response, MF.expectedStatus)
            }
            fmt = graph.value(response, MF.expectedFormat)
            boolean = graph.value(response, MF.expectedBoolean)
            test.steps.append(
                Step(
                    str(graph.value(request, HT.methodName)),
                    str(graph.value(request, HT.absolutePath)),
                    headers,
                    body,
                    statuses,
                    str(fmt) if fmt is not None else None,
                    boolean.toPython() if boolean is not None else None,
                )
            )
        tests.append(test)
    return tests


TESTS = load_manifest() if MANIFEST.exists() else []


@pytest.fixture(scope="module")
def w3c_server(mini_build: Path) -> Iterator[str]:
    """kg serve with data1-3.nt preloaded under the graph names the suite uses."""
    named = tuple((DATA_GRAPH.format(n), SUITE / f"data{n}.nt") for n in (1, 2, 3))
    config = ServerConfig(graph=mini_build, port=0, workers=2, named_graphs=named)
    with running_server(config) as url:
        yield url


def send(base: str, step: Step) -> tuple[int, str, bytes]:
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        connection.request(step.method, step.path, body=step.body, headers=step.headers)
        response = connection.getresponse()
        return response.status, response.headers.get_content_type(), response.read()
    finally:
        connection.close()


def status_class(status: int) -> str:
    return f"StatusCode{status // 100}xx"


def boolean_of(media: str, body: bytes) -> bool:
    if media == "application/sparql-results+json":
        return bool(json.loads(body)["boolean"])
    root = ElementTree.fromstring(body)
    element = root.find("{http://www.w3.org/2005/sparql-results#}boolean")
    assert element is not None
    return element.text == "true"


def test_manifest_is_complete() -> None:
    assert len(TESTS) == 34
    assert sum(t.is_update and "StatusCode2xx" in t.steps[0].statuses for t in TESTS) == 7


@pytest.mark.parametrize("test", TESTS, ids=[t.name for t in TESTS])
def test_protocol(w3c_server: str, test: ProtocolTest) -> None:
    first = test.steps[0]
    if test.is_update and "StatusCode2xx" in first.statuses:
        status, _, body = send(w3c_server, first)
        assert status == 403, body  # read-only by design
        assert b"read-only" in body
        return
    for step in test.steps:
        status, media, body = send(w3c_server, step)
        assert status_class(status) in step.statuses, (status, body[:300])
        if step.expected_format == "boolean":
            assert media in {"application/sparql-results+json", "application/sparql-results+xml"}
        elif step.expected_format == "tabular":
            assert media in RESULT_TYPES
        elif step.expected_format == "RDF":
            assert media in RDF_TYPES
            Graph().parse(data=body, format="turtle" if media == "text/turtle" else "nt")
        if step.expected_boolean is not None:
            assert boolean_of(media, body) is step.expected_boolean


def test_dataset_only_selects_preloaded_graphs(w3c_server: str) -> None:
    """default-graph-uri picks graphs from the store: data3 alone does not hold data1's triple."""
    query = "ASK { <http://kasei.us/2009/09/sparql/data/data1.rdf> a ?t }"
    step = Step(
        "POST",
        "/sparql?default-graph-uri=" + DATA_GRAPH.format(3).replace(":", "%3A").replace("/", "%2F"),
        {"Content-Type": "application/sparql-query"},
        query.encode(),
        {"StatusCode2xx"},
        "boolean",
        False,
    )
    status, media, body = send(w3c_server, step)
    assert status == 200
    assert boolean_of(media, body) is False
    assert URIRef(DATA_GRAPH.format(3))
