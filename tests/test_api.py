"""The Python API: load(), the KnowledgeGraph facade and its typed, sourced answers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import kg
from kg.api import KnowledgeGraph, QueryEngine, load
from kg.errors import KGError
from kg.resolve import AmbiguousNameError
from kg.results import CONDITIONAL_OVERLAP, ONE_SIDED
from kg.store import GraphStore, QueryResult


class CountingEngine:
    """A minimal engine that is not a GraphStore (as a remote client would be)."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self.calls = 0

    def query(self, sparql: str) -> QueryResult:
        self.calls += 1
        return self.store.query(sparql)


def test_load_forms(mini_build: Path, mini_store: GraphStore) -> None:
    assert kg.load is load and kg.KnowledgeGraph is KnowledgeGraph
    from_folder = kg.load(mini_build)
    from_file = kg.load(mini_build / "graph.ttl")
    assert from_folder.resolve("Moscow").id == from_file.resolve("Moscow").id == "russia"
    assert isinstance(mini_store, QueryEngine)
    with pytest.raises(KGError, match="only one of a path, an engine or an endpoint"):
        kg.load(mini_build, engine=mini_store)
    with pytest.raises(KGError, match="no query"):
        KnowledgeGraph(object())  # type: ignore[arg-type]


def test_any_engine_works_without_n_plus_one(mini_store: GraphStore) -> None:
    engine = CountingEngine(mini_store)
    g = load(engine=engine)
    assert g.names.labels  # the name index: three queries, once
    before = engine.calls
    positions = g.positions()
    assert len(positions) == 3
    assert engine.calls - before <= 3  # select, facts, evidence: not one per position


def test_positions_exact(mini: KnowledgeGraph) -> None:
    result = mini.positions(issue="arms control")  # narrower issues included
    assert [(p.holder.id, p.stance, p.target.id) for p in result] == [
        ("russia", "conditional", "china-participation"),
        ("united-states", "demands", "china-participation"),
    ]
    russia = result.positions[0]
    assert russia.conditional is True and russia.polarity == 1
    assert russia.conditions == (
        "the US cooperates on missile defense and non-nuclear strategic weapons",
    )
    assert [r.id for r in russia.condition_on] == [
        "missile-defense",
        "non-nuclear-strategic-weapons",
    ]
    [evidence] = russia.evidence
    assert evidence.source.id == "pir-excerpt" and evidence.verified
    assert evidence.quote is not None and evidence.quote.startswith("Russia has no objection")
    assert evidence.reliability == "moderate"
    biden = mini.positions(actor="US", issue="JCPOA").positions[0]
    assert biden.stated_by is not None and biden.stated_by.id == "joe-biden"
    assert len(mini.positions(as_of="2020-11-02")) == 0


def test_results_convert_to_plain_data(mini: KnowledgeGraph) -> None:
    for result in (
        mini.positions(),
        mini.show("New START"),
        mini.linkages("JCPOA"),
        mini.timeline(),
        mini.status("New START", as_of="2023-06-01"),
        mini.common_ground("Russia", "US"),
        mini.path("Iran", "China"),
        mini.stats(),
    ):
        data = json.loads(json.dumps(result.to_dict()))
        assert isinstance(data, dict) and data
        assert result.rows() and all(isinstance(r, dict) for r in result.rows())


def test_common_ground_exact(mini: KnowledgeGraph) -> None:
    cg = mini.common_ground("Russia", "United States")
    assert cg.verdicts() == {"china-participation": CONDITIONAL_OVERLAP, "jcpoa": ONE_SIDED}
    jcpoa = next(r for r in cg.items if r.target.id == "jcpoa")
    assert jcpoa.a is None and jcpoa.b is not None and jcpoa.b.stance == "conditional"
    assert [link.id for link in cg.linkages_a] == ["russia-links-arms-control-to-missile-defense"]
    assert [link.id for link in cg.linkages_b] == ["us-links-jcpoa-to-compliance"]
    assert mini.common_ground("Russia", "US", as_of="2019").items == ()


def test_linkages_exact(mini: KnowledgeGraph) -> None:
    hood = mini.linkages("JCPOA")
    assert {(r.predicate, r.object.id) for r in hood.relations} == {
        ("party", "iran"),
        ("party", "united-states"),
        ("party", "russia"),
        ("party", "china"),
        ("addresses", "iran-nuclear-program"),
    }
    assert {(s.kind, s.ref.id) for s in hood.statements} == {
        ("position", "us-jcpoa-return-conditional"),
        ("linkage", "us-links-jcpoa-to-compliance"),
    }
    assert "iran-compliance" in {e.id for e in hood.entities()}
    deeper = mini.linkages("JCPOA", depth=2)
    assert len(deeper.entities()) > len(hood.entities())
    with pytest.raises(ValueError, match="depth"):
        mini.linkages("JCPOA", depth=0)


def test_timeline_exact(mini: KnowledgeGraph) -> None:
    assert [e.ref.id for e in mini.timeline()] == [
        "new-start-signature",
        "new-start-entry-into-force",
        "us-election-2020",
        "new-start-suspension-russia",
        "new-start-expiry",
    ]
    assert [e.ref.id for e in mini.timeline("New START", start="2011", end="2023")] == [
        "new-start-entry-into-force",
        "new-start-suspension-russia",
    ]
    assert [e.date for e in mini.timeline("United States")] == ["2010-04-08", "2020-11-03"]


def test_path_exact(mini: KnowledgeGraph) -> None:
    paths = mini.path("Iran", "China")
    assert paths.length == 2
    [first, second] = paths.paths[0]
    assert (first.subject.id, first.predicate, first.object.id, first.inverse) == (
        "jcpoa",
        "party",
        "iran",
        True,
    )
    assert second.object.id == "china"
    assert mini.path("Iran", "Iran").paths == ()


def test_show_exact(mini: KnowledgeGraph) -> None:
    view = mini.show("Biden")
    assert view.types == ("Person",) and view.aliases == ("Biden",)
    facts = {(f.predicate, str(f.value)) for f in view.facts}
    assert ("nationality", "United States") in facts
    assert ("affiliation", "President, United States (2021-01-20 – 2025-01-20)") in facts
    assert [p.id for p in view.positions] == ["us-jcpoa-return-conditional"]
    treaty = mini.show("new-start")
    assert {f.subject.id for f in treaty.inbound if f.predicate == "agreement"} == {
        "new-start-signature",
        "new-start-entry-into-force",
        "new-start-suspension-russia",
        "new-start-expiry",
    }
    assert [e.source.id for e in treaty.evidence] == ["background-reference"]


def test_stats_exact(mini: KnowledgeGraph) -> None:
    stats = mini.stats()
    assert stats.classes["Position"] == 3 and stats.classes["Linkage"] == 2
    assert stats.relations["sa:party"] == 6
    assert stats.quotes == {"evidence": 14, "quoted": 7, "verified": 7}
    assert stats.reliability == {"high": 7, "moderate": 7}
    assert stats.sources_per_claim == {1: 10}


def test_named_and_query(mini: KnowledgeGraph) -> None:
    assert mini.query("ASK { sad:new-start sa:party sad:russia }").boolean is True
    rows = mini.named("treaty-lifecycle", treaty="New START").dicts()
    assert [r["kind"] for r in rows].count("party") == 2


def test_ambiguous_name_through_api(mini_copy: Path, tmp_path: Path) -> None:
    entries = mini_copy / "entries.yaml"
    entries.write_text(
        entries.read_text().replace(
            "{id: china, type: state, label: China}",
            "{id: china, type: state, label: China, aliases: [Moscow]}",
        )
    )
    kg.build(mini_copy, tmp_path / "b")
    with pytest.raises(AmbiguousNameError) as info:
        kg.load(tmp_path / "b").resolve("moscow")
    assert {c.id for c in info.value.candidates} == {"russia", "china"}


# --- the bundled data: facts the seed articles and curated files state ---------------


def test_bundled_open_door_stances_differ(project: KnowledgeGraph) -> None:
    stances = {p.holder.id: p.stance for p in project.positions(issue="NATO open-door policy")}
    assert stances["russia"] == "opposes" and stances["united-states"] == "supports"
    verdicts = project.common_ground("Russia", "United States").verdicts()
    assert verdicts["nato-open-door-policy"] == "conflict"


def test_bundled_jcpoa_linkages_include_iran_compliance(project: KnowledgeGraph) -> None:
    hood = project.linkages("JCPOA")
    assert "iran-compliance" in {e.id for e in hood.entities()}
    around = project.named("linkages-around", item="JCPOA").dicts()
    assert any("Iran's compliance" in r["conditions"] for r in around)


def test_bundled_new_start_status(project: KnowledgeGraph) -> None:
    assert project.status("New START", as_of="2023-06-01").of("russia").display == (
        "suspended (disputed by United States)"
    )
    assert project.status("New START", as_of="2026-03-01").of("russia").status == "expired"
