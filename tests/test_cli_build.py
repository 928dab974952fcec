"""`kg build` and `kg validate` through click's CliRunner: exit codes and output."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from kg.cli import cli

from .conftest import MINI_DATA


def test_build_prints_counts(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["build", "--data", str(MINI_DATA), "--out", str(tmp_path / "b")]
    )
    assert result.exit_code == 0, result.output
    assert "positions" in result.output and "Built" in result.output
    assert (tmp_path / "b" / "graph.ttl").exists()


def test_build_with_errors_exits_nonzero_and_writes_nothing(
    tmp_path: Path, mini_copy: Path
) -> None:
    entries = mini_copy / "entries.yaml"
    entries.write_text(
        entries.read_text().replace("target: china-participation", "target: nowhere")
    )
    result = CliRunner().invoke(
        cli, ["build", "--data", str(mini_copy), "--out", str(tmp_path / "b")]
    )
    assert result.exit_code == 1
    assert "entries.yaml:" in result.output and "unknown reference 'nowhere'" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "b").exists()


def test_validate_ok_and_json(mini_copy: Path) -> None:
    runner = CliRunner()
    ok = runner.invoke(cli, ["validate", "--data", str(MINI_DATA)])
    assert ok.exit_code == 0 and "Valid: 30 entries" in ok.output
    entries = mini_copy / "entries.yaml"
    entries.write_text(entries.read_text().replace("date: 2010-04-08", "date: 2010-02-30"))
    bad = runner.invoke(cli, ["validate", "--data", str(mini_copy), "--format", "json"])
    assert bad.exit_code == 1
    problems = json.loads(bad.output[: bad.output.rindex("]") + 1])
    assert problems[0]["entry"] == "new-start-signature" and problems[0]["field"] == "date"


def test_missing_data_folder(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["validate", "--data", str(tmp_path / "none")])
    assert result.exit_code == 1 and "does not exist" in result.output
