"""Tests of kg.ingest.pipeline, kg.ingest.review and the `kg ingest` / `kg review` commands."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from kg.build import build
from kg.cli import cli
from kg.corpus import Document
from kg.ingest.files import append_entries
from kg.ingest.pipeline import ingest_paths
from kg.ingest.reader import IngestError, read_article
from kg.ingest.review import accept, edit, list_candidates, reject
from kg.loaders import load_data
from kg.store import GraphStore

ARTICLE = """\
---
title: Iran talks resume
date: 2021-04-06
author: Joe Biden
---
# Iran talks resume

The United States insists on Iran's compliance with the JCPOA. Russia supports
missile defense talks as long as the United States cooperates on non-nuclear
strategic weapons.

Russia and the United States held talks in Geneva on Monday.
"""

HTML = """<!doctype html><html><head><title>Moscow's view</title>
<meta name="author" content="Someone Unknown"><style>p {color: red}</style>
<script>var x = "Russia opposes everything";</script></head>
<body><h1>Moscow's view</h1><p>Russia opposes the JCPOA &amp; more.</p></body></html>"""


@pytest.fixture
def ingested(mini_copy: Path, tmp_path: Path) -> tuple[Path, str]:
    """The mini data with one Markdown article ingested: (data folder, source id)."""
    article = tmp_path / "article.md"
    article.write_text(ARTICLE, encoding="utf-8")
    [result] = ingest_paths([article], mini_copy)
    assert result.ok, result.error
    assert result.source_id is not None
    return mini_copy, result.source_id


def _candidates(data: Path, source_id: str) -> dict:
    return yaml.safe_load((data / "candidates" / f"{source_id}.yaml").read_text(encoding="utf-8"))


def test_ingest_records_source_corpus_and_candidates(ingested: tuple[Path, str]) -> None:
    data, source_id = ingested
    content = _candidates(data, source_id)
    [source] = content["sources"]
    assert source["title"] == "Iran talks resume"
    assert source["date"] == "2021-04-06"
    assert source["authors"] == ["joe-biden"]
    assert source["reliability"] == "low"
    assert source["reliability_rationale"] == "not yet assessed: ingested automatically"
    stored = data / source["document"]
    document = Document.read(stored)
    assert "# Iran" not in stored.read_text(encoding="utf-8")  # Markdown markup removed
    [position] = [p for p in content["positions"] if p["target"] == "iran-compliance"]
    assert position["actor"] == "united-states"
    assert position["stance"] == "demands"
    assert position["status"] == "candidate"
    assert position["rule"] == "position:insists"
    assert 0 < position["confidence"] <= 1
    quote = position["evidence"][0]["quote"]
    assert document.find(quote) == (position["start"], position["end"])
    [linkage] = content["linkages"]
    assert linkage["actor"] == "russia"
    assert linkage["subject"] == ["missile-defense"]
    assert linkage["condition"] == ["non-nuclear-strategic-weapons"]
    talks = [e for e in content["events"] if e.get("place") == "geneva"]
    assert talks[0]["date"] == "2021-04-05"  # "on Monday" before Tuesday 6 April 2021
    assert talks[0]["event_status"] == "occurred"
    assert (
        (data / "candidates" / f"{source_id}.md")
        .read_text(encoding="utf-8")
        .startswith("# Ingest report")
    )


def test_candidates_never_reach_the_curated_data(ingested: tuple[Path, str]) -> None:
    data, source_id = ingested
    records = load_data(data).records
    assert source_id not in records
    assert not any(r.id.startswith("united-states-demands-iran") for r in records.values())


def test_accept_then_build_puts_position_and_quote_in_graph(
    ingested: tuple[Path, str], tmp_path: Path
) -> None:
    data, source_id = ingested
    before = (data / "entries.yaml").read_text(encoding="utf-8")
    position_id = next(
        p["id"]
        for p in _candidates(data, source_id)["positions"]
        if p["target"] == "iran-compliance"
    )
    added = accept(data, [position_id])
    assert added == {"entries.yaml": [source_id, position_id]}
    after = (data / "entries.yaml").read_text(encoding="utf-8")
    assert "# A small dataset for tests" in after  # comments kept: text was appended
    assert after.count("\n") > before.count("\n")
    status = {r.id: r.status for r in list_candidates(data, None)}
    assert status[position_id] == "accepted" and status[source_id] == "accepted"
    out = tmp_path / "build"
    build(data, out)
    rows = (
        GraphStore.open(out)
        .query(
            f"""SELECT ?quote ?source WHERE {{
              sad:{position_id} a sa:Position ; sa:holder sad:united-states ;
                  sa:target sad:iran-compliance ; sa:evidence ?e ;
                  prov:wasDerivedFrom ?source .
              ?e sa:quote ?quote .
            }}"""
        )
        .rows
    )
    assert len(rows) == 1
    assert str(rows[0][0]).startswith("The United States insists on Iran's compliance")
    assert str(rows[0][1]).endswith(f"/id/{source_id}")


def test_accept_refuses_invalid_data_and_writes_nothing(ingested: tuple[Path, str]) -> None:
    data, source_id = ingested
    undated = next(e for e in _candidates(data, source_id)["events"] if not e.get("date"))
    before = (data / "entries.yaml").read_text(encoding="utf-8")
    result = CliRunner().invoke(cli, ["review", "--data", str(data), "accept", undated["id"]])
    assert result.exit_code == 1
    assert "missing required field" in result.output and "nothing was written" in result.output
    assert (data / "entries.yaml").read_text(encoding="utf-8") == before
    edit(data, undated["id"], ["date=2021-04-05", "status=occurred"])
    accept(data, [undated["id"]])
    assert load_data(data).records[undated["id"]].get("status") == "occurred"


def test_reject_and_edit(ingested: tuple[Path, str]) -> None:
    data, source_id = ingested
    linkage = _candidates(data, source_id)["linkages"][0]["id"]
    reject(data, [linkage])
    assert _candidates(data, source_id)["linkages"][0]["status"] == "rejected"
    with pytest.raises(Exception, match="already rejected"):
        accept(data, [linkage])
    with pytest.raises(Exception, match="no field 'colour'"):
        edit(data, source_id, ["colour=red"])
    edit(data, source_id, ["reliability=moderate"])
    assert _candidates(data, source_id)["sources"][0]["reliability"] == "moderate"


def test_review_cli_list_show(ingested: tuple[Path, str]) -> None:
    data, _source_id = ingested
    runner = CliRunner()
    listed = runner.invoke(cli, ["review", "--data", str(data)])
    assert listed.exit_code == 0, listed.output
    assert "united-states-demands-iran-compliance" in listed.output
    shown = runner.invoke(
        cli, ["review", "--data", str(data), "show", "united-states-demands-iran-compliance"]
    )
    assert shown.exit_code == 0 and ">>>The United States insists" in shown.output
    missing = runner.invoke(cli, ["review", "--data", str(data), "show", "no-such-id"])
    assert missing.exit_code == 1 and "no candidate 'no-such-id'" in missing.output


def test_ingest_cli_bad_files_fail_cleanly(mini_copy: Path, tmp_path: Path) -> None:
    tmp_path = tmp_path / "inbox"
    tmp_path.mkdir()
    good = tmp_path / "good.html"
    good.write_text(HTML, encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02 binary")
    (tmp_path / "empty.md").write_text("  \n", encoding="utf-8")
    (tmp_path / "latin1.txt").write_bytes("caf\xe9".encode("latin-1"))
    result = CliRunner().invoke(cli, ["ingest", str(tmp_path), "--data", str(mini_copy), "-q"])
    assert result.exit_code == 1
    assert "binary.txt: a binary file" in result.output
    assert "empty.md: the file is empty" in result.output
    assert "latin1.txt: not UTF-8 text" in result.output
    assert "3 of 4 file(s) could not be ingested" in result.output
    assert "good.html ->" in result.output
    stored = list((mini_copy / "corpus").glob("moscow*.txt"))
    assert len(stored) == 1
    text = stored[0].read_text(encoding="utf-8")
    assert (
        "Russia opposes the JCPOA & more." in text and "var x" not in text and "color" not in text
    )
    assert not list((mini_copy / "candidates").glob(".*"))  # no temp files left
    again = CliRunner().invoke(cli, ["ingest", str(good), "--data", str(mini_copy), "-q"])
    assert again.exit_code == 1 and "already in the corpus" in again.output


def test_huge_file_is_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text("Russia opposes it. " * 100, encoding="utf-8")
    with pytest.raises(IngestError, match="too large"):
        read_article(big, max_bytes=1000)


def test_append_entries_adds_section_and_keeps_comments() -> None:
    text = "# keep me\npositions:\n  - id: a\n"
    out = append_entries(text, "events", [{"id": "e"}])
    assert out.startswith("# keep me\npositions:\n  - id: a\n") and out.endswith(
        "events:\n  - id: e\n"
    )
