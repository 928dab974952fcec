"""RDF, GraphML/GEXF and CSV exports of the mini graph."""

from __future__ import annotations

import csv
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Graph

from kg.analytics import to_networkx
from kg.export import (
    CSV_TABLES,
    ExportError,
    export_csv,
    export_network,
    export_rdf,
    rdf_bytes,
    write_atomic,
)
from kg.store import GraphStore


@pytest.mark.parametrize(
    ("fmt", "rdflib_format"), [("nt", "nt"), ("ttl", "turtle"), ("jsonld", "json-ld")]
)
def test_rdf_round_trips(mini_store: GraphStore, fmt: str, rdflib_format: str) -> None:
    data = rdf_bytes(mini_store, fmt)
    assert len(Graph().parse(data=data, format=rdflib_format)) == len(mini_store)


def test_turtle_uses_project_prefixes(mini_store: GraphStore, tmp_path: Path) -> None:
    out = export_rdf(mini_store, "ttl", tmp_path / "g.ttl")
    assert isinstance(out, Path)
    text = out.read_text(encoding="utf-8")
    assert "@prefix sa: <https://w3id.org/security-agenda/ontology#>" in text
    assert "sad:russia" in text
    with pytest.raises(ExportError, match="unknown RDF format"):
        rdf_bytes(mini_store, "rdfxml")


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_csv_tables(mini_store: GraphStore, tmp_path: Path) -> None:
    paths = export_csv(mini_store, tmp_path / "tables")
    assert sorted(p.name for p in paths) == sorted(f"{t}.csv" for t in CSV_TABLES)
    positions = {r["id"]: r for r in _read(tmp_path / "tables" / "positions.csv")}
    row = positions["russia-conditional-on-china"]
    assert (
        row["date"] == "2020-11-03" and row["actor"] == "Russia" and row["stance"] == "conditional"
    )
    assert row["target"] == "China's participation in arms control"
    assert (
        row["conditions"]
        == "the US cooperates on missile defense and non-nuclear strategic weapons"
    )
    assert set(row["condition_on"].split("; ")) == {
        "Missile defense",
        "Non-nuclear strategic weapons",
    }
    assert row["source_titles"].startswith("The US-Russian International Security Agenda")
    assert row["quotes"].startswith("Russia has no objection to discussing these topics")
    assert positions["us-jcpoa-return-conditional"]["stated_by"] == "Joe Biden"
    linkages = {r["id"]: r for r in _read(tmp_path / "tables" / "linkages.csv")}
    assert linkages["us-links-jcpoa-to-compliance"]["condition_ids"] == "iran-compliance"
    actions = {r["id"]: r for r in _read(tmp_path / "tables" / "treaty_actions.csv")}
    assert actions["new-start-suspension-russia"]["disputed_by"] == "United States"
    assert actions["new-start-entry-into-force"]["actors"] == ""
    events = _read(tmp_path / "tables" / "events.csv")
    assert events[0]["event_type"] == "election" and events[0]["participants"] == "United States"
    assert not list((tmp_path / "tables").glob(".*"))  # no temporary files left


def test_csv_into_a_file_is_refused(mini_store: GraphStore, tmp_path: Path) -> None:
    target = tmp_path / "file.csv"
    target.write_text("x")
    with pytest.raises(ExportError, match="needs a folder"):
        export_csv(mini_store, target)


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_network_formats_read_back(mini_store: GraphStore, tmp_path: Path, fmt: str) -> None:
    graph = to_networkx(mini_store)
    out = export_network(graph, fmt, tmp_path / f"g.{fmt}")
    back = nx.read_graphml(out) if fmt == "graphml" else nx.read_gexf(out)
    assert back.number_of_nodes() == graph.number_of_nodes()
    assert back.number_of_edges() == graph.number_of_edges()
    if fmt == "graphml":
        edge = next(iter(back.get_edge_data("russia", "russia-conditional-on-china").values()))
        assert edge["relation"] == "holds position" and edge["sources"] == "pir-excerpt"
        assert back.nodes["russia"]["class"] == "State"


def test_write_atomic_keeps_the_old_file_on_failure(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old")

    def boom(tmp: Path) -> None:
        tmp.write_text("half")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        write_atomic(target, boom)
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]
