"""The query commands through click's CliRunner: exit codes, output, agreement with the API."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import kg
from kg.cli import cli


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def g(mini_build: Path) -> str:
    return str(mini_build)


def test_status_table_and_json_match_api(g: str) -> None:
    code, out = run("status", "New START", "--as-of", "2023-06-01", "--graph", g)
    assert code == 0, out
    assert "suspended (disputed by United States)" in out and "in-force" in out
    code, out = run(
        "status", "new-start", "--as-of", "2023-06-01", "--format", "json", "--graph", g
    )
    assert code == 0
    api = kg.load(g).status("new-start", as_of="2023-06-01").to_dict()
    assert json.loads(out) == json.loads(json.dumps(api))


def test_positions_csv_matches_api(g: str) -> None:
    code, out = run("positions", "--issue", "arms control", "--format", "csv", "--graph", g)
    assert code == 0, out
    lines = out.strip().splitlines()
    assert lines[0].startswith("date,actor,stance,target")
    ids = [line.rsplit(",", 1)[1] for line in lines[1:]]
    assert ids == [p.id for p in kg.load(g).positions(issue="arms control")]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("show", "Biden"), "President, United States"),
        (("linkages", "JCPOA"), "us-links-jcpoa-to-compliance"),
        (("timeline", "New START", "--from", "2020"), "suspension"),
        (("common-ground", "Russia", "US"), "conditional overlap"),
        (("path", "Iran", "China"), "← party"),
        (("stats",), "verified"),
    ],
)
def test_commands(g: str, args: tuple[str, ...], expected: str) -> None:
    fmt = ["--format", "json"] if args[0] in ("linkages",) else []
    code, out = run(*args, *fmt, "--graph", g)
    assert code == 0, out
    assert expected in out


def test_query_sparql_named_and_file(g: str, tmp_path: Path) -> None:
    code, out = run("query", "SELECT ?l WHERE { sad:russia skos:prefLabel ?l }", "--graph", g)
    assert code == 0 and "Russia" in out
    code, out = run("query", "ASK { sad:russia a sa:State }", "--format", "json", "--graph", g)
    assert json.loads(out) == {"head": {}, "boolean": True}
    code, out = run(
        "query",
        "treaty-status",
        "-p",
        "treaty=New START",
        "-p",
        "as-of=2023-06-01",
        "--format",
        "json",
        "--graph",
        g,
    )
    assert code == 0, out
    bindings = json.loads(out)["results"]["bindings"]
    assert {b["status"]["value"] for b in bindings} == {"suspended", "in-force"}
    rq = tmp_path / "mine.rq"
    rq.write_text("# param: who entity - an actor\nSELECT ?t WHERE { ?t sa:party ?who }\n")
    code, out = run("query", str(rq), "-p", "who=Iran", "--format", "csv", "--graph", g)
    assert code == 0, out
    assert out.splitlines() == ["t", "https://w3id.org/security-agenda/id/jcpoa"]


def test_query_construct_turtle_and_jsonld(g: str) -> None:
    q = "CONSTRUCT { sad:russia skos:prefLabel ?l } WHERE { sad:russia skos:prefLabel ?l }"
    code, out = run("query", q, "--graph", g)
    assert code == 0 and "sad:russia" in out and '"Russia"@en' in out
    code, out = run("query", q, "--format", "jsonld", "--graph", g)
    assert code == 0 and "Russia" in json.dumps(json.loads(out))


def test_query_list() -> None:
    code, out = run("query", "--list")
    assert code == 0
    assert "treaty-status" in out and "--param as_of" in out
    code, out = run("query", "--list", "--format", "json")
    assert len(json.loads(out)) >= 15


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("query", "SELECT * WHERE { ?s foo:bar ?o }"), "unknown prefix 'foo:'"),
        (("query", "SELECT * WHERE { ?s ?p }"), "SPARQL syntax error"),
        (("query", "positons"), "did you mean positions"),
        (("query", "treaty-status"), "needs parameter 'treaty'"),
        (("query", "positions", "-p", "as_of=yesterday"), "not a date"),
        (("show", "Rusia"), "did you mean: Russia (russia)"),
        (("status", "Russia"), "no Agreement is named 'Russia'"),
        (("status", "New START", "--as-of", "2023-02-30"), "not a valid date"),
        (("path", "Iran", "pir-excerpt"), "no path"),
    ],
)
def test_errors_are_clean(g: str, args: tuple[str, ...], message: str) -> None:
    code, out = run(*args, "--graph", g)
    assert code != 0
    assert message in out
    assert "Traceback" not in out


def test_missing_graph_path(tmp_path: Path) -> None:
    code, out = run("stats", "--graph", str(tmp_path / "nothing.ttl"))
    assert code == 2 and "does not exist" in out
