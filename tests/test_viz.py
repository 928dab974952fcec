"""Tests of kg.viz: the selection, the generated HTML (offline, safe) and `kg viz`."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.build import build
from kg.cli import cli
from kg.store import GraphStore
from kg.viz import VizError, load_viz_graph, select, visualize
from kg.viz.build_maps import write_build_maps
from kg.viz.render import safe_json

PAYLOAD = "<img src=x onerror=alert(1)>"
QUOTE_PAYLOAD = "<script>alert('quote')</script> & </script><b>bold</b>"

#: Written independently of styles.toml: what the map draws, in SPARQL.
NODE_CLASSES = "sa:Actor sa:Person sa:Issue sa:Forum sa:Agreement sa:Proposal sa:Event sa:Linkage"
RELATIONS = (
    "sa:linkSubject sa:linkCondition sa:holder sa:party sa:predecessor sa:addresses "
    "skos:broader skos:related sa:memberOf sa:partOf sa:country sa:nationality sa:member "
    "sa:parentOrganization sa:proposedBy sa:addressedTo sa:respondsTo sa:participant "
    "sa:forum sa:topic"
)


class PageParser(HTMLParser):
    """Collects tags with their attributes, script bodies and text of the page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.text: dict[str, str] = {}
        self._open: tuple[str, dict[str, str | None]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._open = (tag, dict(attrs))

    def handle_data(self, data: str) -> None:
        if self._open is None:
            return
        tag, attrs = self._open
        if tag == "script":
            self.scripts.append((attrs, data))
        elif tag in ("title", "h1"):
            self.text[tag] = self.text.get(tag, "") + data

    def handle_endtag(self, tag: str) -> None:
        self._open = None


def parse(html: str) -> PageParser:
    parser = PageParser()
    parser.feed(html)
    return parser


def embedded(html: str) -> dict:
    page = parse(html)
    [(_, text)] = [(a, t) for a, t in page.scripts if a.get("type") == "application/json"]
    return json.loads(text)


def sparql_nodes(store: GraphStore, where: str = "") -> set[str]:
    rows = store.query(
        f"SELECT DISTINCT ?n WHERE {{ VALUES ?c {{ {NODE_CLASSES} }} ?n a ?c . {where} "
        "FILTER(STRSTARTS(STR(?n), STR(sad:))) }"
    ).rows
    return {str(r[0]).rsplit("/", 1)[-1] for r in rows}


def sparql_edge_count(store: GraphStore, nodes: set[str]) -> int:
    values = " ".join(f"sad:{n}" for n in sorted(nodes))
    relations = store.query(
        f"SELECT (COUNT(*) AS ?c) WHERE {{ VALUES ?p {{ {RELATIONS} }} VALUES ?s {{ {values} }} "
        f"VALUES ?o {{ {values} }} ?s ?p ?o . FILTER(?s != ?o) }}"
    ).rows[0][0]
    positions = store.query(
        f"SELECT (COUNT(*) AS ?c) WHERE {{ VALUES ?h {{ {values} }} VALUES ?t {{ {values} }} "
        "?x a sa:Position ; sa:holder ?h ; sa:target ?t }"
    ).rows[0][0]
    offices = store.query(
        f"SELECT (COUNT(*) AS ?c) WHERE {{ VALUES ?s {{ {values} }} VALUES ?o {{ {values} }} "
        "?s sa:affiliation/sa:organization ?o }"
    ).rows[0][0]
    return sum(int(x.toPython()) for x in (relations, positions, offices))  # type: ignore[union-attr]


@pytest.fixture(scope="module")
def mini_graph(mini_store: GraphStore):
    return load_viz_graph(mini_store)


@pytest.fixture(scope="module")
def mini_page(mini_store: GraphStore, tmp_path_factory: pytest.TempPathFactory) -> str:
    out = tmp_path_factory.mktemp("viz") / "mini.html"
    return visualize(mini_store, output=out).read_text(encoding="utf-8")


# ----------------------------------------------------------------- selection


def test_whole_graph_counts_match_sparql(mini_store: GraphStore, mini_page: str) -> None:
    data = embedded(mini_page)
    expected = sparql_nodes(mini_store)
    assert {n["id"] for n in data["nodes"]} == expected
    assert len(data["edges"]) == sparql_edge_count(mini_store, expected)
    assert (
        len(expected) == 20
    )  # 5 actors, 1 person, 7 issues, 1 forum, 2 agreements, 1 proposal, 1 event, 2 linkages


def test_focus_neighbourhood_matches_sparql(mini_store: GraphStore, tmp_path: Path) -> None:
    page = visualize(mini_store, focus="Iran nuclear deal", depth=1, output=tmp_path / "j.html")
    data = embedded(page.read_text(encoding="utf-8"))
    # One hop from the JCPOA, a linkage counting with its arms as one hop.
    direct = sparql_nodes(
        mini_store,
        "{ sad:jcpoa ?p ?n } UNION { ?n ?p sad:jcpoa } UNION "
        "{ ?x a sa:Position ; sa:target sad:jcpoa ; sa:holder ?n } UNION "
        "{ ?n a sa:Linkage ; sa:linkSubject|sa:linkCondition sad:jcpoa } UNION "
        "{ ?l a sa:Linkage ; sa:linkSubject|sa:linkCondition sad:jcpoa ; "
        "  sa:holder|sa:linkSubject|sa:linkCondition ?n }",
    )
    expected = direct | {"jcpoa"}
    assert {n["id"] for n in data["nodes"]} == expected
    assert {"iran", "united-states", "iran-compliance", "us-links-jcpoa-to-compliance"} <= expected
    assert len(data["edges"]) == sparql_edge_count(mini_store, expected)
    assert data["focus"] == ["jcpoa"]


def test_actor_view_keeps_only_its_claims(mini_graph) -> None:
    view = select(mini_graph, actor="Russia")
    positions = [e for e in view.edges if e.kind == "position"]
    assert positions and {e.source for e in positions} == {"russia"}
    linkages = [n for n in view.nodes.values() if n.cls == "linkage"]
    assert [n.id for n in linkages] == ["russia-links-arms-control-to-missile-defense"]


def test_issue_view_includes_sub_issues_and_claims(mini_graph) -> None:
    view = select(mini_graph, issue="arms control")
    assert {"missile-defense", "china-participation", "strategic-offensive-arms"} <= set(view.nodes)
    assert "jcpoa" not in view.nodes
    stances = {(e.source, e.role, e.target) for e in view.edges if e.kind == "position"}
    assert ("russia", "conditional", "china-participation") in stances


def test_as_of_drops_what_is_dated_later(mini_graph) -> None:
    assert "new-start" in select(mini_graph, as_of="2010-04-08").nodes
    early = select(mini_graph, as_of="2009")
    assert "new-start" not in early.nodes
    assert not [e for e in early.edges if e.kind == "position"]
    assert [e for e in select(mini_graph, as_of="2020").edges if e.kind == "position"]


def test_bad_requests_raise_clear_errors(mini_graph) -> None:
    with pytest.raises(VizError, match="did you mean 'New START'"):
        select(mini_graph, focus="New STRAT")
    with pytest.raises(VizError, match="no issue named 'Russia'"):
        select(mini_graph, issue="Russia")
    with pytest.raises(VizError, match="not a valid date"):
        select(mini_graph, as_of="2020-02-31")
    with pytest.raises(VizError, match="depth"):
        select(mini_graph, focus="Russia", depth=-1)


# -------------------------------------------------------------- offline page


def test_page_loads_nothing_from_the_network(mini_page: str) -> None:
    page = parse(mini_page)
    for tag, attrs in page.tags:
        for name in ("src", "href", "action", "data", "srcset", "poster"):
            value = (attrs.get(name) or "").strip().lower()
            assert not value.startswith(("http:", "https:", "//")), (tag, name, value)
    assert not [t for t, a in page.tags if t == "link"]
    assert not [a for a, _ in page.scripts if "src" in a]


def test_csp_allows_exactly_the_inline_scripts(mini_page: str) -> None:
    page = parse(mini_page)
    [csp] = [a["content"] for t, a in page.tags if a.get("http-equiv") == "Content-Security-Policy"]
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
    run = [text for attrs, text in page.scripts if attrs.get("type") != "application/json"]
    assert len(run) == 2
    for text in run:
        digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp
    assert "vis-network" in run[0][:200] and "Apache" in mini_page


def test_safe_json_escapes_markup_and_line_separators() -> None:
    text = safe_json({"a": "</script><b>&\u2028\u2029"})
    assert not re.search("[<>&\u2028\u2029]", text)
    assert json.loads(text) == {"a": "</script><b>&\u2028\u2029"}


def test_details_carry_quotes_dates_and_sources(mini_page: str) -> None:
    data = embedded(mini_page)
    edge = next(e for e in data["edges"] if e["id"] == "russia-conditional-on-china")
    assert edge["role"] == "conditional" and edge["date"] == "2020-11-03"
    assert edge["evidence"][0]["quote"].startswith("Russia has no objection")
    assert data["sources"][edge["evidence"][0]["source"]]["reliability"] == "moderate"
    new_start = next(n for n in data["nodes"] if n["id"] == "new-start")
    assert new_start["actions"][0]["action"] == "signature"
    assert new_start["start"] == "2010-04-08"


# ----------------------------------------------------------------- injection


@pytest.fixture
def injected_build(mini_copy: Path, tmp_path: Path) -> Path:
    entries = mini_copy / "entries.yaml"
    text = entries.read_text(encoding="utf-8")
    text = text.replace(
        "{id: iran, type: state, label: Iran}", f"{{id: iran, type: state, label: '{PAYLOAD}'}}"
    )
    text = text.replace(
        'quote: "On November 3, presidential elections are held in the United States"',
        f'quote: "{QUOTE_PAYLOAD}"',
    )
    entries.write_text(text, encoding="utf-8")
    corpus = mini_copy / "corpus" / "pir-excerpt.txt"
    corpus.write_text(corpus.read_text(encoding="utf-8") + f"\n{QUOTE_PAYLOAD}\n", encoding="utf-8")
    out = tmp_path / "build"
    build(mini_copy, out)
    return out


def test_injected_label_and_quote_stay_text(injected_build: Path, tmp_path: Path) -> None:
    html = visualize(injected_build, focus=PAYLOAD, output=tmp_path / "x.html").read_text("utf-8")
    assert PAYLOAD not in html
    assert QUOTE_PAYLOAD not in html and "<b>bold" not in html
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in html
    page = parse(html)
    assert not [t for t, _ in page.tags if t in ("img", "b")]
    assert len(page.scripts) == 3
    assert page.text["title"] == PAYLOAD and page.text["h1"] == PAYLOAD
    whole = visualize(injected_build, output=tmp_path / "all.html").read_text("utf-8")
    assert QUOTE_PAYLOAD not in whole and PAYLOAD not in whole
    assert not [t for t, _ in parse(whole).tags if t in ("img", "b")]
    data = embedded(whole)
    assert PAYLOAD in {n["label"] for n in data["nodes"]}
    quotes = [ev.get("quote") for n in data["nodes"] for ev in n.get("evidence", [])]
    assert QUOTE_PAYLOAD in quotes


# ------------------------------------------------------- build, bundled, CLI


def test_build_writes_maps_and_index(mini_build: Path) -> None:
    for name in ("map-all.html", "map-new-start.html", "map-jcpoa.html", "index.html"):
        assert (mini_build / name).is_file(), name
    assert not (mini_build / "map-nato-open-door.html").exists()
    index = (mini_build / "index.html").read_text(encoding="utf-8")
    assert 'href="map-jcpoa.html"' in index and "NATO open-door policy linkage map" in index
    assert "map-new-start.html" in json.loads((mini_build / "manifest.json").read_text())["files"]


def test_write_build_maps_returns_file_names(mini_build: Path, tmp_path: Path) -> None:
    names = write_build_maps(mini_build / "graph.nt", tmp_path)
    assert names == ["map-all.html", "map-new-start.html", "map-jcpoa.html", "index.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(names)


def test_bundled_showcase_maps(project_store: GraphStore) -> None:
    graph = load_viz_graph(project_store)
    nato = select(graph, focus="NATO open-door policy")
    stances = {(e.source, e.role, e.target) for e in nato.edges if e.kind == "position"}
    assert ("russia", "opposes", "nato-open-door-policy") in stances
    new_start = select(graph, focus="New START")
    assert {"russia", "united-states", "start-i"} <= set(new_start.nodes)
    assert "party:russia>new-start" in {e.id for e in new_start.edges}
    jcpoa = select(graph, focus="JCPOA")
    assert {"iran", "united-states", "russia", "china"} <= set(jcpoa.nodes)


def test_bundled_page_is_offline(project_store: GraphStore, tmp_path: Path) -> None:
    html = visualize(project_store, output=tmp_path / "all.html").read_text(encoding="utf-8")
    for tag, attrs in parse(html).tags:
        for name in ("src", "href"):
            assert not (attrs.get(name) or "").lower().startswith(("http:", "https:", "//")), tag
    data = embedded(html)
    assert {n["id"] for n in data["nodes"]} == sparql_nodes(project_store)


def test_cli_writes_a_map(mini_build: Path, tmp_path: Path) -> None:
    out = tmp_path / "m.html"
    result = CliRunner().invoke(
        cli, ["viz", "--graph", str(mini_build), "--focus", "New START", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert f"Wrote {out}" in result.output
    assert embedded(out.read_text(encoding="utf-8"))["focus"] == ["new-start"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--focus", "Atlantis"], "no entity named 'Atlantis'"),
        (["--actor", "Arms control"], "no actor named 'Arms control'"),
        (["--as-of", "2020-14"], "not a valid date"),
        (["--depth", "-2"], "Invalid value for '--depth'"),
    ],
)
def test_cli_reports_bad_input(
    mini_build: Path, tmp_path: Path, args: list[str], message: str
) -> None:
    out = tmp_path / "m.html"
    result = CliRunner().invoke(cli, ["viz", "--graph", str(mini_build), *args, "-o", str(out)])
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


@pytest.mark.slow
def test_synthetic_5000_node_graph(tmp_path: Path) -> None:
    from kg.synth import generate

    nt = tmp_path / "synthetic.nt"
    generate(134_000, nt, seed=1)
    store = GraphStore.open(nt)
    html = visualize(store, output=tmp_path / "big.html").read_text(encoding="utf-8")
    data = embedded(html)
    assert len(data["nodes"]) == len(sparql_nodes(store)) > 4500
    assert data["layout"]["name"] == "large" and data["layout"]["improved_layout"] is False
