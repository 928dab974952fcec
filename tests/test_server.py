"""``kg serve``: the endpoint's answers and formats, entity pages, the editor, real clients, the CLI."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef

from kg.cli import cli
from kg.namespaces import SA, SAD
from kg.server import ServerConfig, running_server
from kg.server.app import AnswerCache
from kg.server.formats import negotiate
from kg.server.named import named_queries

SERVER_DIR = Path(__file__).resolve().parent.parent / "kg" / "server"
LABEL_OF_RUSSIA = "SELECT ?label WHERE { sad:russia skos:prefLabel ?label }"


@pytest.fixture(scope="module")
def server(mini_build: Path) -> Iterator[str]:
    with running_server(ServerConfig(graph=mini_build, port=0, workers=2)) as url:
        yield url


@pytest.fixture(scope="module")
def client(server: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server, timeout=30) as session:
        yield session


def select(
    client: httpx.Client, query: str, accept: str = "application/sparql-results+json"
) -> httpx.Response:
    return client.get("/sparql", params={"query": query}, headers={"Accept": accept})


# --- the endpoint ---------------------------------------------------------------------------


def test_select_json_gives_the_graph_answer(client: httpx.Client) -> None:
    response = select(client, LABEL_OF_RUSSIA)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/sparql-results+json"
    bindings = response.json()["results"]["bindings"]
    assert bindings == [{"label": {"type": "literal", "value": "Russia", "xml:lang": "en"}}]


def test_select_same_rows_as_the_local_store(client: httpx.Client, mini_store) -> None:  # type: ignore[no-untyped-def]
    query = "SELECT ?p ?issue WHERE { ?p a sa:Position ; sa:target ?issue } ORDER BY ?p"
    local = [(str(p), str(i)) for p, i in mini_store.query(query).rows]
    remote = [
        (b["p"]["value"], b["issue"]["value"])
        for b in select(client, query).json()["results"]["bindings"]
    ]
    assert remote == local
    assert (str(SAD["russia-conditional-on-china"]), str(SAD["china-participation"])) in remote


def test_post_form_and_post_direct(client: httpx.Client) -> None:
    form = client.post("/sparql", data={"query": LABEL_OF_RUSSIA})
    direct = client.post(
        "/sparql", content=LABEL_OF_RUSSIA, headers={"Content-Type": "application/sparql-query"}
    )
    assert form.status_code == direct.status_code == 200
    assert form.json() == direct.json()


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("application/json", "application/sparql-results+json"),
        ("*/*", "application/sparql-results+json"),
    ],
)
def test_select_formats(client: httpx.Client, accept: str, media: str) -> None:
    response = select(client, LABEL_OF_RUSSIA, accept)
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media
    assert "Russia" in response.text


def test_csv_and_tsv_follow_the_standard(client: httpx.Client) -> None:
    rows = list(csv.reader(io.StringIO(select(client, LABEL_OF_RUSSIA, "text/csv").text)))
    assert rows == [["label"], ["Russia"]]
    tsv = select(client, LABEL_OF_RUSSIA, "text/tab-separated-values").text
    assert tsv == '?label\n"Russia"@en\n'


def test_construct_and_describe_formats(client: httpx.Client) -> None:
    query = "CONSTRUCT { sad:new-start ?p ?o } WHERE { sad:new-start ?p ?o }"
    for accept, parser in (
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
    ):
        response = select(client, query, accept)
        assert response.status_code == 200
        assert response.headers["content-type"].split(";")[0] == accept
        graph = Graph().parse(data=response.text, format=parser)
        assert (SAD["new-start"], URIRef(str(SA) + "party"), SAD["russia"]) in graph or len(
            graph
        ) > 5
        assert any(str(o) == "New START" for o in graph.objects(SAD["new-start"], None))
    describe = select(client, "DESCRIBE sad:jcpoa", "text/turtle")
    assert describe.status_code == 200
    assert "Joint Comprehensive Plan of Action" in describe.text


def test_ask(client: httpx.Client) -> None:
    assert select(client, "ASK { sad:russia a sa:State }").json()["boolean"] is True
    assert select(client, "ASK { sad:russia a sa:Treaty }").json()["boolean"] is False


@pytest.mark.parametrize(
    ("method", "kwargs", "status"),
    [
        ("PUT", {"params": {"query": "ASK {}"}}, 405),
        ("DELETE", {"params": {"query": "ASK {}"}}, 405),
        ("POST", {"content": "ASK {}", "headers": {"Content-Type": "text/plain"}}, 415),
        ("POST", {"content": "ASK {}"}, 415),
        ("GET", {"params": [("query", "ASK {}"), ("query", "ASK {}")]}, 400),
        ("GET", {"params": {"query": "SELECT * {"}}, 400),
        ("GET", {"params": {"default-graph-uri": "http://x"}}, 400),
        (
            "GET",
            {"params": {"query": "SELECT * { ?s ?p ?o }"}, "headers": {"Accept": "text/turtle"}},
            406,
        ),
        (
            "GET",
            {
                "params": {"query": "CONSTRUCT WHERE { ?s ?p ?o }"},
                "headers": {"Accept": "text/csv"},
            },
            406,
        ),
        (
            "POST",
            {
                "content": b"ASK {}",
                "headers": {"Content-Type": "application/sparql-query; charset=latin-1"},
            },
            415,
        ),
        (
            "POST",
            {"content": b"ASK {\xff}", "headers": {"Content-Type": "application/sparql-query"}},
            400,
        ),
    ],
)
def test_protocol_errors(client: httpx.Client, method: str, kwargs: dict, status: int) -> None:  # type: ignore[type-arg]
    response = client.request(method, "/sparql", **kwargs)
    assert response.status_code == status, response.text
    assert response.text.strip()


def test_syntax_error_names_the_problem(client: httpx.Client) -> None:
    response = select(client, "SELECT ?x WHERE { ?x ?y }")
    assert response.status_code == 400
    assert "Malformed query" in response.text


def test_browser_on_endpoint_is_sent_to_the_editor(client: httpx.Client) -> None:
    response = client.get("/sparql", headers={"Accept": "text/html"}, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/"


def test_repeated_query_is_answered_the_same(client: httpx.Client) -> None:
    first = select(client, LABEL_OF_RUSSIA).content
    assert all(select(client, LABEL_OF_RUSSIA).content == first for _ in range(3))


def test_answer_cache_is_bounded() -> None:
    cache = AnswerCache(100)
    for n in range(20):
        cache.put(n, ("text/plain", b"x" * 10, False))
    assert cache.size <= 100
    assert cache.get(0) is None
    assert cache.get(19) is not None


def test_negotiation_prefers_quality() -> None:
    assert negotiate("text/csv;q=0.2, application/sparql-results+xml", "SELECT").key == "xml"  # type: ignore[union-attr]
    assert negotiate("application/json", "CONSTRUCT").key == "jsonld"  # type: ignore[union-attr]
    assert negotiate("text/csv", "ASK") is None


# --- entity pages ----------------------------------------------------------------------------


def test_entity_page_html(client: httpx.Client) -> None:
    response = client.get("/id/russia", headers={"Accept": "text/html"})
    assert response.status_code == 200
    page = response.text
    assert "<h1>Russia</h1>" in page
    assert 'href="/id/russia-conditional-on-china"' in page  # a position of Russia
    assert 'href="/id/russia-links-arms-control-to-missile-defense"' in page  # a linkage
    assert "Positions" in page and "Linkages" in page
    assert "<svg" in page and 'class="node"' in page  # the neighbourhood graph
    assert not re.search(
        r'src="https?://|<link[^>]+href="https?://', page
    )  # nothing loaded remotely


def test_claim_page_shows_its_evidence_and_source(client: httpx.Client) -> None:
    page = client.get("/id/russia-conditional-on-china").text
    assert "Russia has no objection to discussing these topics" in page
    assert 'href="/id/pir-excerpt"' in page


def test_entity_page_escapes_data(client: httpx.Client) -> None:
    page = client.get("/id/us-jcpoa-return-conditional").text
    assert "<script" not in page.split("</header>", 1)[1]
    assert "Iran`s return to full compliance" in page


@pytest.mark.parametrize(
    ("accept", "parser"),
    [
        ("text/turtle", "turtle"),
        ("application/ld+json", "json-ld"),
        ("application/n-triples", "nt"),
    ],
)
def test_entity_rdf_by_content_negotiation(client: httpx.Client, accept: str, parser: str) -> None:
    response = client.get("/id/new-start", headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == accept
    graph = Graph().parse(data=response.text, format=parser)
    assert (
        SAD["new-start"],
        URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"),
        Literal("New START", lang="en"),
    ) in graph
    assert any(graph.triples((None, None, SAD["new-start"])))  # treaty actions point at it


def test_entity_format_parameter(client: httpx.Client) -> None:
    response = client.get("/id/new-start", params={"format": "turtle"})
    assert response.headers["content-type"].startswith("text/turtle")


def test_unknown_and_malformed_entities_are_404(client: httpx.Client) -> None:
    assert client.get("/id/no-such-entity").status_code == 404
    assert client.get("/id/no-such-entity", headers={"Accept": "text/turtle"}).status_code == 404
    assert client.get("/id/" + quote("a> } ; DROP ALL #")).status_code == 404


def test_evidence_iris_dereference(client: httpx.Client) -> None:
    turtle = client.get(
        "/id/russia-conditional-on-china", headers={"Accept": "application/n-triples"}
    ).text
    match = re.search(
        r"<https://w3id.org/security-agenda/id/(russia-conditional-on-china/evidence/\d+)>", turtle
    )
    assert match, turtle[:500]
    assert client.get("/id/" + match.group(1)).status_code == 200


# --- editor, explorer, static assets ---------------------------------------------------------


def test_editor_page_bundles_yasgui_and_named_queries(client: httpx.Client) -> None:
    page = client.get("/").text
    assert '<script src="/static/yasgui/yasgui.min.js"></script>' in page
    for query in named_queries():
        assert f'data-name="{query.name}"' in page
    embedded = json.loads(
        re.search(
            r'<script id="named-queries" type="application/json">(.*?)</script>', page, re.S
        ).group(1)
    )  # type: ignore[union-attr]
    assert [q["name"] for q in embedded] == [q.name for q in named_queries()]
    assert not re.search(r'src="https?://|<link[^>]+href="https?://', page)


def test_bundled_editor_is_served_with_its_license(client: httpx.Client) -> None:
    response = client.get("/static/yasgui/yasgui.min.js")
    assert response.status_code == 200
    assert len(response.content) > 500_000
    assert (SERVER_DIR / "static" / "yasgui" / "LICENSE").read_text().startswith("@zazuko/yasgui")
    assert client.get("/static/editor.js").status_code == 200


def test_bundled_editor_calls_no_remote_service_by_default() -> None:
    script = (SERVER_DIR / "static" / "editor.js").read_text()
    assert "autocompleters = localCompleters" in script  # LOV-backed completers off
    assert "prefixCcApi = null" in script


def test_explorer_serves_the_kg_viz_map(client: httpx.Client) -> None:
    pytest.importorskip("kg.viz")
    whole = client.get("/explore")
    assert whole.status_code == 200
    assert "<html" in whole.text.lower()
    assert "New START" in whole.text
    focused = client.get("/explore", params={"focus": "jcpoa"})
    assert focused.status_code == 200
    assert "Joint Comprehensive Plan of Action" in focused.text
    assert not re.search(r'src="https?://|<link[^>]+href="https?://', focused.text)
    assert client.get("/explore", params={"focus": "no-such-thing"}).status_code == 404
    assert 'src="/explore?focus=russia"' in client.get("/id/russia").text


# --- real SPARQL clients ---------------------------------------------------------------------


def test_sparqlwrapper_client(server: str) -> None:
    from SPARQLWrapper import JSON, SPARQLWrapper

    wrapper = SPARQLWrapper(server + "/sparql")
    wrapper.setQuery(LABEL_OF_RUSSIA)
    wrapper.setReturnFormat(JSON)
    result = wrapper.query().convert()
    assert result["results"]["bindings"][0]["label"]["value"] == "Russia"  # type: ignore[index,call-overload]
    wrapper.setMethod("POST")
    wrapper.setQuery("ASK { sad:new-start a sa:Treaty }")
    assert wrapper.query().convert()["boolean"] is True  # type: ignore[index,call-overload]


def test_rdflib_sparqlstore_client(server: str) -> None:
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    graph = Graph(store=SPARQLStore(server + "/sparql"))
    rows = list(
        graph.query(
            "SELECT ?label WHERE { <https://w3id.org/security-agenda/id/jcpoa> "
            "<http://www.w3.org/2004/02/skos/core#prefLabel> ?label }"
        )
    )
    assert [str(r[0]) for r in rows] == ["Joint Comprehensive Plan of Action"]  # type: ignore[index]


# --- the CLI ---------------------------------------------------------------------------------


def test_cli_lists_serve_and_push() -> None:
    result = CliRunner().invoke(cli, ["--help"])
    assert "serve" in result.output and "push" in result.output
    result = CliRunner().invoke(cli, ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--host", "--port", "--graph", "--timeout", "--max-rows", "--cors-origin"):
        assert option in result.output


def test_cli_serve_missing_graph_is_a_clean_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["serve", "--graph", str(tmp_path / "none.nt")])
    assert result.exit_code == 2  # a usage error, as for --graph on every command
    assert "does not exist" in result.output
    assert "Traceback" not in result.output


def test_cli_serve_port_in_use_is_a_clean_error(server: str, mini_build: Path) -> None:
    port = server.rsplit(":", 1)[1]
    result = CliRunner().invoke(cli, ["serve", "--graph", str(mini_build), "--port", port])
    assert result.exit_code == 1
    assert "cannot listen" in result.output
