"""`kg export`, `kg synth`, `kg centrality`, `kg communities` through click's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from rdflib import Graph

from kg.cli import cli
from kg.store import GraphStore


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def test_centrality_json_and_csv(mini_build: Path) -> None:
    code, out = _run(
        "centrality", "--graph", str(mini_build), "--kind", "actors", "--format", "json"
    )
    assert code == 0, out
    rows = json.loads(out)
    assert rows[0]["id"] == "united-states" and rows[0]["class"] == "State"
    code, out = _run("centrality", "--graph", str(mini_build), "--top", "1", "--format", "csv")
    assert code == 0
    assert out.splitlines() == [
        "id,label,class,degree,degree_centrality,betweenness,pagerank",
        out.splitlines()[1],
    ]
    assert out.splitlines()[1].startswith("arms-control,Arms control,Issue,5,")


def test_centrality_table_and_as_of(mini_build: Path) -> None:
    code, out = _run("centrality", "--graph", str(mini_build), "--kind", "actors")
    assert code == 0 and out.splitlines()[0].split()[:3] == ["id", "label", "class"]
    code, out = _run("centrality", "--graph", str(mini_build), "--as-of", "2020-13")
    assert code == 2 and "not a valid date" in out  # a usage error, as for every --as-of


def test_communities(mini_build: Path) -> None:
    code, out = _run("communities", "--graph", str(mini_build), "--format", "json")
    assert code == 0, out
    groups = [set(c["members"]) for c in json.loads(out)]
    assert {"iran-compliance", "iran-nuclear-program"} in groups
    code, out = _run("communities", "--graph", str(mini_build))
    assert code == 0 and "Missile defense" in out


def test_export_rdf_to_stdout_and_file(mini_build: Path, tmp_path: Path) -> None:
    expected = len(GraphStore.open(mini_build))
    result = CliRunner().invoke(cli, ["export", "--format", "nt", "--graph", str(mini_build)])
    assert result.exit_code == 0
    assert len(Graph().parse(data=result.stdout_bytes, format="nt")) == expected
    code, _ = _run(
        "export", "--format", "ttl", "-o", str(tmp_path / "g.ttl"), "--graph", str(mini_build)
    )
    assert code == 0 and len(Graph().parse(tmp_path / "g.ttl")) == expected


def test_export_csv_graphml_gexf(mini_build: Path, tmp_path: Path) -> None:
    code, out = _run(
        "export", "--format", "csv", "-o", str(tmp_path / "csv"), "--graph", str(mini_build)
    )
    assert code == 0 and "positions.csv" in out
    assert (tmp_path / "csv" / "treaty_actions.csv").read_text().startswith("id,date,agreement")
    for fmt in ("graphml", "gexf"):
        target = tmp_path / f"g.{fmt}"
        code, out = _run("export", "--format", fmt, "-o", str(target), "--graph", str(mini_build))
        assert code == 0 and "27 nodes" in out and target.stat().st_size > 0
    code, out = _run(
        "export", "--format", "graphml", "-o", str(tmp_path / "old.graphml"),
        "--graph", str(mini_build), "--as-of", "2015",
    )  # fmt: skip
    assert code == 0 and "27 nodes" not in out


def test_export_needs_out_for_files(mini_build: Path) -> None:
    code, out = _run("export", "--format", "csv", "--graph", str(mini_build))
    assert code != 0 and "needs -o PATH" in out
    code, out = _run("export", "--format", "xml", "--graph", str(mini_build))
    assert code != 0 and "Invalid value for '--format'" in out
    code, out = _run("export", "--format", "nt", "--graph", "/nonexistent/graph.nt")
    assert code != 0 and "does not exist" in out


def test_synth_command(tmp_path: Path) -> None:
    out = tmp_path / "s.nt"
    code, text = _run("synth", "--triples", "3000", "--out", str(out), "--seed", "3")
    assert code == 0 and "triples" in text
    assert 2500 < len(GraphStore.open(out)) < 4500
    code, text = _run("synth", "--triples", "10", "--out", str(out))
    assert code != 0 and "10 is not in the range x>=1000" in text
