"""Named queries: the catalogue, safe parameter binding, and real answers on both graphs."""

from __future__ import annotations

import pytest

from kg.api import KnowledgeGraph
from kg.named_queries import (
    ParameterError,
    UnknownQueryError,
    get_query,
    list_queries,
    run_sparql,
    undeclared_prefixes,
)
from kg.store import GraphStore, QueryError

#: Topics the brief asks the catalogue to cover, by query name.
REQUIRED = {
    "positions",
    "linkages-around",
    "treaty-status",
    "treaty-lifecycle",
    "forum-events",
    "source-claims",
    "claim-sources",
    "contested-statuses",
    "stance-comparison",
    "position-changes",
    "issue-hierarchy",
    "who-links-what",
    "low-reliability-claims",
    "persons-offices",
}


def test_catalogue_is_complete_and_documented() -> None:
    queries = list_queries()
    assert len(queries) >= 15
    assert {q.name for q in queries} >= REQUIRED
    for q in queries:
        assert q.question.endswith("?"), q.name
        assert all(p.help for p in q.params), q.name
        for example in q.examples:
            assert set(example) <= {p.name for p in q.params}, q.name


def test_unknown_query_suggests() -> None:
    with pytest.raises(UnknownQueryError, match="did you mean positions"):
        get_query("positons")


def test_bind_validates_parameters() -> None:
    q = get_query("positions")
    with pytest.raises(ParameterError, match="no parameter 'stance'"):
        q.bind({"stance": "x"}, lambda n, k: n)
    with pytest.raises(ParameterError, match="as_of"):
        q.bind({"as_of": "2022-13"}, lambda n, k: n)
    with pytest.raises(ParameterError, match="needs parameter 'treaty'"):
        get_query("treaty-status").bind({}, lambda n, k: n)
    # hyphenated names are accepted for underscores; dates become xsd:date literals
    text = q.bind({"as-of": "2022"}, lambda n, k: n)
    assert '"2022-12-31"^^<http://www.w3.org/2001/XMLSchema#date>' in text


def test_text_parameters_cannot_inject(mini: KnowledgeGraph) -> None:
    hostile = 'x")) } DELETE WHERE { ?s ?p ?o } #'
    text = get_query("search").bind({"text": hostile}, lambda n, k: n)
    assert '\\"' in text  # the quote is escaped inside one literal
    assert mini.named("search", text=hostile).rows == []
    assert {str(r[1]) for r in mini.named("search", text="start").rows} == {"New START"}


def test_entities_are_resolved_never_pasted(mini: KnowledgeGraph) -> None:
    text = mini.sparql_for("treaty-status", treaty="START treaty", as_of="2023-06-01")
    assert "<https://w3id.org/security-agenda/id/new-start>" in text
    assert "START treaty" not in text.split("WHERE", 1)[1]


def test_positions_on_mini_exact(mini: KnowledgeGraph) -> None:
    rows = mini.named("positions", issue="China's participation in arms control").dicts()
    assert [(r["actorLabel"], r["stance"]) for r in rows] == [
        ("Russia", "conditional"),
        ("United States", "demands"),
    ]
    assert rows[0]["conditions"] == (
        "the US cooperates on missile defense and non-nuclear strategic weapons"
    )
    # an issue includes its narrower issues
    assert len(mini.named("positions", issue="arms-control").rows) == 2
    assert mini.named("positions", as_of="2019").rows == []


def test_treaty_status_on_mini_exact(mini: KnowledgeGraph) -> None:
    rows = mini.named("treaty-status", treaty="new-start", as_of="2023-06-01").dicts()
    got = {(r["partyLabel"], r["status"], r["disputedByLabel"]) for r in rows}
    assert got == {("Russia", "suspended", "United States"), ("United States", "in-force", None)}


def test_stance_comparison_on_mini(mini: KnowledgeGraph) -> None:
    rows = mini.named("stance-comparison", a="russia", b="united-states").dicts()
    assert {r["targetLabel"]: r["verdict"] for r in rows} == {
        "China's participation in arms control": "conditional overlap",
        "Joint Comprehensive Plan of Action": "one-sided",
    }


def test_contested_and_sources_on_mini(mini: KnowledgeGraph) -> None:
    [row] = mini.named("contested-statuses").dicts()
    assert row["disputedByLabel"] == "United States" and row["actionType"] == "suspension"
    sources = mini.named("claim-sources", claim="russia-conditional-on-china").dicts()
    assert [(s["source"].rsplit("/", 1)[1], s["verified"]) for s in sources] == [
        ("pir-excerpt", True)
    ]
    claims = {
        r["item"].rsplit("/", 1)[1]
        for r in mini.named("source-claims", source="pir-excerpt").dicts()
    }
    assert {
        "us-election-2020",
        "russia-conditional-on-china",
        "us-links-jcpoa-to-compliance",
    } <= claims


def test_every_example_runs_on_the_bundled_graph(project: KnowledgeGraph) -> None:
    for q in list_queries():
        for example in q.examples or ({},):
            if all(p.optional or p.default or p.name in example for p in q.params):
                result = project.named(q.name, **example)
                assert result.kind == "select", q.name


def test_unknown_prefix_is_named(mini_store: GraphStore) -> None:
    assert undeclared_prefixes("PREFIX ex: <http://e/> SELECT * { ?s ex:p foo:q }") == ["foo"]
    with pytest.raises(QueryError, match="unknown prefix 'foo:'"):
        run_sparql(mini_store, "SELECT * WHERE { ?s foo:bar ?o }")
    with pytest.raises(QueryError, match="syntax error"):
        run_sparql(mini_store, "SELECT * WHERE { ?s ?p }")


def test_docs_list_every_query() -> None:
    from .conftest import PROJECT_ROOT

    text = (PROJECT_ROOT / "docs" / "queries.md").read_text(encoding="utf-8")
    for q in list_queries():
        assert f"## `{q.name}`" in text, f"docs/queries.md lacks {q.name}: regenerate it"
        assert q.question in text
