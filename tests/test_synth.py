"""Synthetic graphs: size, determinism, shape, streaming memory, and named queries on them."""

from __future__ import annotations

import hashlib
import tracemalloc
from pathlib import Path

import pytest

from kg.api import load
from kg.errors import KGError
from kg.named_queries import list_queries
from kg.store import GraphStore
from kg.synth import ANCHORS, generate, plan_counts, standin_params


@pytest.fixture(scope="module")
def synth_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synth") / "g.nt"
    generate(20_000, out, seed=7)
    return out


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_size_is_about_what_was_asked(synth_file: Path) -> None:
    store = GraphStore.open(synth_file)
    assert 18_000 <= len(store) <= 23_000


def test_deterministic_for_a_seed(synth_file: Path, tmp_path: Path) -> None:
    again = generate(20_000, tmp_path / "again.nt", seed=7)
    assert _digest(again.path) == _digest(synth_file)
    other = generate(20_000, tmp_path / "other.nt", seed=8)
    assert _digest(other.path) != _digest(synth_file)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_shape_matches_the_ontology(synth_file: Path) -> None:
    store = GraphStore.open(synth_file)

    def count(pattern: str) -> int:
        return int(store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}").rows[0][0])

    counts = plan_counts(20_000)
    assert count("?p a sa:Position") == counts["positions"]
    assert (
        count("?p a sa:Position ; sa:evidence/sa:source ?s . ?s a sa:Source") >= counts["positions"]
    )
    assert count("?p a sa:Linkage ; sa:linkSubject ?x ; sa:linkCondition ?y") > 0
    assert count("?i a sa:Issue ; skos:broader ?b . ?b skos:narrower ?i") > 0
    assert count("?a sa:agreement ?t ; sa:actionType/sa:resultingStatus ?s") > 0
    assert count("?x sa:sortDate ?d FILTER(?d < '1980-01-01'^^xsd:date)") > 0
    assert count("?x sa:sortDate ?d FILTER(?d > '2015-01-01'^^xsd:date)") > 0
    assert count("?s sa:polarity ?p") == 8  # the ontology is in the file
    assert store.query("ASK { sad:russia a sa:State ; skos:prefLabel ?l }").boolean
    label = store.query("SELECT ?l WHERE { sad:russia rdfs:label ?l }").rows[0][0]
    assert str(label).startswith("Synthetic")  # anchors keep synthetic labels
    assert set(ANCHORS["actors"]) >= {"russia", "united-states"}


def test_every_named_query_finds_something(synth_file: Path) -> None:
    graph = load(synth_file)
    empty = [q.name for q in list_queries() if not graph.named(q.name, **standin_params(q)).rows]
    assert empty == []


def test_memory_stays_flat_while_streaming(tmp_path: Path) -> None:
    tracemalloc.start()
    try:
        generate(150_000, tmp_path / "big.nt", seed=1)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 40 * 2**20  # the ontology parse and buffers, not the graph


def test_too_small_is_refused(tmp_path: Path) -> None:
    with pytest.raises(KGError, match="at least 1000"):
        generate(10, tmp_path / "x.nt")
