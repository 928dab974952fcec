"""The networkx projection and the measures on it, checked on the mini dataset."""

from __future__ import annotations

import networkx as nx
import pytest

from kg.analytics import (
    EDGE_RULES,
    KGError,
    PathStep,
    UnknownNodeError,
    centrality,
    communities,
    cooccurrence_graph,
    describe_path,
    ego,
    find_node,
    shortest_paths,
    to_networkx,
)
from kg.schema import KINDS
from kg.store import GraphStore, QueryResult


@pytest.fixture(scope="module")
def graph(mini_store: GraphStore) -> nx.MultiDiGraph:
    return to_networkx(mini_store)


def _edges(graph: nx.MultiDiGraph, u: str, v: str) -> list[dict[str, object]]:
    return list((graph.get_edge_data(u, v) or {}).values())


def test_nodes_carry_kind_class_label_and_codes(graph: nx.MultiDiGraph) -> None:
    assert graph.nodes["russia"]["class"] == "State"
    assert graph.nodes["russia"]["kind"] == "actors"
    assert graph.nodes["new-start"]["class"] == "Treaty"
    assert graph.nodes["jcpoa"]["label"] == "Joint Comprehensive Plan of Action"
    position = graph.nodes["russia-conditional-on-china"]
    assert position["stance"] == "conditional" and position["date"] == "2020-11-03"
    assert graph.nodes["new-start-suspension-russia"]["action"] == "suspension"
    assert "pir-excerpt" not in graph  # sources are edge attributes, not nodes, by default


def test_edges_follow_the_rule_table(graph: nx.MultiDiGraph) -> None:
    (holds,) = _edges(graph, "russia", "russia-conditional-on-china")
    assert holds["relation"] == "holds position" and holds["predicate"] == "sa:holder"
    (target,) = _edges(graph, "russia-conditional-on-china", "china-participation")
    assert target["relation"] == "conditional" and target["stance"] == "conditional"
    assert target["sources"] == ("pir-excerpt",) and target["date"] == "2020-11-03"
    subjects = {
        v
        for _, v, a in graph.out_edges("russia-links-arms-control-to-missile-defense", data=True)
        if a["relation"] == "makes conditional"
    }
    assert subjects == {"strategic-offensive-arms", "china-participation"}
    (dispute,) = _edges(graph, "united-states", "new-start-suspension-russia")
    assert dispute["relation"] == "disputes" and dispute["date"] == "2023-03-01"
    relations = {a["relation"] for _, _, a in graph.edges("joe-biden", data=True)}
    assert "affiliated with (President)" in relations
    assert all(rule.kind in KINDS for rule in EDGE_RULES)


def test_as_of_drops_later_claims_actions_and_disputes(mini_store: GraphStore) -> None:
    before = to_networkx(mini_store, as_of="2015")
    assert "new-start-signature" in before and "new-start-suspension-russia" not in before
    assert "russia-conditional-on-china" not in before
    assert "russia" in before and "arms-control" in before  # undated entities stay
    assert not before.has_edge("joe-biden", "united-states") or all(
        not a["relation"].startswith("affiliated")
        for a in _edges(before, "joe-biden", "united-states")
    )


def test_kinds_filter_and_errors(mini_store: GraphStore) -> None:
    small = to_networkx(mini_store, kinds=("actors", "agreements"))
    assert {a["kind"] for _, a in small.nodes(data=True)} == {"actors", "agreements"}
    assert {a["relation"] for _, _, a in small.edges(data=True)} == {"has party", "based in"}
    with_sources = to_networkx(mini_store, kinds=("positions", "sources"))
    assert with_sources.has_edge("us-demands-china-at-table", "pir-excerpt")
    with pytest.raises(KGError, match="unknown kind"):
        to_networkx(mini_store, kinds=("nonsense",))
    with pytest.raises(KGError, match="as-of"):
        to_networkx(mini_store, as_of="2020-13")


class _PlainEngine:
    """An engine with only ``query``, like a remote SPARQL client."""

    def __init__(self, store: GraphStore) -> None:
        self._store = store

    def query(self, sparql: str) -> QueryResult:
        return self._store.query(sparql)


def test_any_engine_with_query_gives_the_same_graph(
    mini_store: GraphStore, graph: nx.MultiDiGraph
) -> None:
    other = to_networkx(_PlainEngine(mini_store))
    assert sorted(other.nodes) == sorted(graph.nodes)
    assert other.number_of_edges() == graph.number_of_edges()
    assert dict(other.nodes["russia"]) == dict(graph.nodes["russia"])


def test_centrality_ranks_the_hubs(graph: nx.MultiDiGraph) -> None:
    actors = centrality(graph, "actors")
    assert [r.id for r in actors[:2]] == ["united-states", "russia"]
    assert actors[0].degree == 12 and actors[0].cls == "State"
    assert {r.id for r in actors} >= {"joe-biden", "pir-center"}  # persons count as actors
    issues = centrality(graph, "issues", top=2, by="degree")
    assert [r.id for r in issues] == ["arms-control", "china-participation"]
    assert issues[0].as_dict()["class"] == "Issue"
    assert 0 < issues[0].pagerank < 1 and issues[0].betweenness > 0
    with pytest.raises(KGError):
        centrality(graph, "planets")


def test_communities_separate_arms_control_from_iran(graph: nx.MultiDiGraph) -> None:
    found = communities(graph, seed=0)
    where = {m: c.index for c in found for m in c.members}
    assert where["iran-compliance"] == where["iran-nuclear-program"]
    assert where["missile-defense"] == where["china-participation"] == where["arms-control"]
    assert where["missile-defense"] != where["iran-compliance"]
    assert communities(graph, seed=0) == found  # deterministic for a seed
    co = cooccurrence_graph(graph)
    assert co["missile-defense"]["non-nuclear-strategic-weapons"]["weight"] >= 3


def test_ego_network(graph: nx.MultiDiGraph) -> None:
    near = ego(graph, "Russia", radius=1)
    assert {"russia-conditional-on-china", "new-start", "jcpoa"} <= set(near)
    assert "iran" not in near and "china-participation" not in near
    assert "china-participation" in ego(graph, "russia", radius=2)


def test_shortest_paths_name_each_step(graph: nx.MultiDiGraph) -> None:
    paths = shortest_paths(graph, "russia", "iran-compliance", k=3)
    assert len(paths) == 3
    assert [len(p) for p in paths] == sorted(len(p) for p in paths)
    first = paths[0]
    assert first[0].source == "russia" and first[-1].target == "iran-compliance"
    assert all(isinstance(s, PathStep) and s.relation for s in first)
    assert first[0] == PathStep("russia", "has party", "jcpoa", False, "jcpoa", "")
    assert str(first[0]) == "russia <--has party-- jcpoa"
    text = describe_path(graph, first)
    assert text.startswith("Russia <--has party-- Joint Comprehensive Plan of Action")
    assert shortest_paths(graph, "russia", "russia") == []
    avoided = shortest_paths(graph, "russia", "iran-compliance", avoid_kinds=("agreements",))
    assert all(graph.nodes[s.target]["kind"] != "agreements" for p in avoided for s in p[:-1])


def test_unknown_node_suggests_close_ids(graph: nx.MultiDiGraph) -> None:
    assert find_node(graph, "new start") == "new-start"
    assert find_node(graph, "https://w3id.org/security-agenda/id/iran") == "iran"
    with pytest.raises(UnknownNodeError, match="did you mean russia"):
        find_node(graph, "rusia")
