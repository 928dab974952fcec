"""The benchmark script: its helpers, and a smoke run on a tiny synthetic graph."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from .conftest import PROJECT_ROOT

BENCH = PROJECT_ROOT / "bench" / "run.py"


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_run", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_parse_size() -> None:
    bench = _bench()
    assert bench.parse_size("bundled") is None
    assert bench.parse_size("100k") == 100_000
    assert bench.parse_size("1m") == 1_000_000
    assert bench.parse_size("2500") == 2500


def test_report_flags_missed_targets() -> None:
    bench = _bench()
    records = [
        {"kind": "load", "engine": "kg", "seconds": 3.0},
        {"kind": "load", "engine": "oxigraph", "seconds": 1.0},
        {"kind": "load", "engine": "rdflib", "seconds": 60.0},
        {
            "kind": "query",
            "name": "q1",
            "kg": 0.2,
            "oxigraph": 0.1,
            "rows_kg": 5,
            "rows_oxigraph": 5,
        },
        {"kind": "query", "name": "q1", "rdflib": 1.0, "rows_rdflib": 4},
        {"kind": "command", "name": "show", "kg": 0.01, "kg_cold": 0.05, "rows_kg": 3},
        {"kind": "command", "name": "show", "rdflib_timeout": 5.0},
        {"kind": "peak", "engine": "kg", "rss_mb": 900.0},
        {"kind": "baseline", "engine": "kg", "rss_mb": 60.0},
    ]
    lines = bench.report("1m", 1_000_000, records)
    text = "\n".join(lines)
    assert "q: q1" in text and "2.00" in text and "rows differ: 5/5/4" in text
    assert "MISS load (ms): kg/oxigraph 3.00 > 1.5" in text
    assert "MISS q: q1: rdflib/kg 5.0x < 10x" in text
    assert ">500x" in text  # capped rdflib run: a lower bound on the speed-up
    assert "kg 900 (60)" in text


@pytest.mark.slow
def test_smoke_run_on_a_tiny_graph(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            str(BENCH),
            "--sizes",
            "2k",
            "--repeat",
            "1",
            "--cap",
            "1",
            "--cache",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "machine:" in out and "== 2k:" in out
    assert "q: positions" in out and "c: stats" in out and "load (ms)" in out
    assert "peak RSS MB" in out and "rdflib" in out
