"""The build: outputs, atomic replacement, staleness; the bundled data builds cleanly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph

from kg.build import build, is_stale
from kg.errors import DataError

from .conftest import MINI_DATA


def test_build_writes_all_serializations(mini_build: Path) -> None:
    names = {p.name for p in mini_build.iterdir()}
    assert {"graph.ttl", "graph.nt", "graph.jsonld", "manifest.json"} <= names
    graphs = [Graph().parse(mini_build / n) for n in ("graph.ttl", "graph.nt", "graph.jsonld")]
    assert len(graphs[0]) == len(graphs[1]) == len(graphs[2]) > 500
    manifest = json.loads((mini_build / "manifest.json").read_text())
    assert manifest["counts"]["positions"] == 3
    assert manifest["triples"] == len(graphs[1])


def test_failed_build_leaves_previous_build_untouched(tmp_path: Path, mini_copy: Path) -> None:
    out = tmp_path / "build"
    build(mini_copy, out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    entries = mini_copy / "entries.yaml"
    entries.write_text(entries.read_text().replace("stance: demands", "stance: loves"))
    with pytest.raises(DataError) as info:
        build(mini_copy, out)
    assert any("unknown value 'loves'" in str(p) for p in info.value.problems)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_staleness_follows_the_inputs(tmp_path: Path, mini_copy: Path) -> None:
    out = tmp_path / "build"
    assert is_stale(out, mini_copy)
    build(mini_copy, out)
    assert not is_stale(out, mini_copy)
    (mini_copy / "entries.yaml").write_text((mini_copy / "entries.yaml").read_text() + "\n# edit\n")
    assert is_stale(out, mini_copy)


def test_bundled_data_builds_without_violations(project_build: Path) -> None:
    manifest = json.loads((project_build / "manifest.json").read_text())
    assert manifest["triples"] > 3000
    assert MINI_DATA.exists()
