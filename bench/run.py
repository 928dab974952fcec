"""Benchmark: load time, peak memory, named queries and API commands on three engines.

Usage::

    python bench/run.py --sizes bundled,100k,1m

For each size (``bundled`` = the project's build, else a synthetic graph of that
many triples made with :mod:`kg.synth` and cached in ``~/.cache/security-agenda-kg-bench``), one
subprocess per engine loads the graph and times every named query (first
example's parameters; synthetic stand-ins on synthetic graphs) and every API
command:

* ``kg``      - the project's engine: :class:`kg.store.GraphStore` (pyoxigraph,
  rows converted to rdflib terms) behind :class:`kg.api.KnowledgeGraph`;
* ``oxigraph`` - raw pyoxigraph: ``Store.bulk_load`` and ``Store.query`` with the
  same SPARQL string, solutions read as plain strings;
* ``rdflib``  - rdflib's default memory store: ``Graph().parse`` and
  ``Graph.query`` with the same SPARQL string (API commands through an adapter).

Fast engines run each item once to warm up, then repeatedly (up to
``--repeat`` times or ~0.5 s) and report the median. rdflib runs each item
once with a per-item time cap (``--cap``; reported as ``>Ns``). Peak memory is
the peak RSS of each engine's own subprocess (Linux ``VmHWM``), interpreter
and imports included; the baseline before loading is printed too.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import queue
import resource
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
CACHE_DIR = (
    Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "security-agenda-kg-bench"
)
ENGINES = ("kg", "oxigraph", "rdflib")

#: API commands: label -> (KnowledgeGraph method, positional args). Ids exist in
#: the bundled data and, as anchors, in synthetic graphs (kg.synth.ANCHORS).
API_COMMANDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "show": ("show", ("russia",)),
    "positions": ("positions", ("russia",)),
    "linkages": ("linkages", ("new-start",)),
    "timeline": ("timeline", ("new-start",)),
    "status": ("status", ("new-start",)),
    "common-ground": ("common_ground", ("russia", "united-states")),
    "path": ("path", ("russia", "arms-control")),
    "stats": ("stats", ()),
}
#: Targets the report checks.
TARGET_BUNDLED_MS = 100.0
TARGET_RATIO_OX = 1.5
TARGET_SPEEDUP_RDFLIB = 10.0


class CapReachedError(Exception):
    """An rdflib item ran past its cap."""


# ---------------------------------------------------------------------------
# Worker: runs in a subprocess, prints one JSON line per measurement
# ---------------------------------------------------------------------------


def _emit(**record: Any) -> None:
    print(json.dumps(record), flush=True)


def _rss_mb() -> float:
    """Peak RSS of this process in MB: ``VmHWM`` on Linux (reset by exec), else ``ru_maxrss``.

    ``ru_maxrss`` survives ``exec`` on Linux, so a worker started by a large
    driver would report the driver's peak; ``VmHWM`` belongs to the new process.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


class RdflibEngine:
    """rdflib's memory store behind the engine interface (``query -> QueryResult``)."""

    def __init__(self, path: Path) -> None:
        from rdflib import Graph

        self.graph = Graph()
        self.graph.parse(str(path), format="nt" if path.suffix == ".nt" else None)

    def query(self, sparql: str) -> Any:
        from kg.namespaces import sparql_prologue
        from kg.store import QueryError, QueryResult

        try:
            result = self.graph.query(sparql_prologue() + sparql)
            if result.type == "ASK":
                return QueryResult("ask", boolean=bool(result.askAnswer))
            if result.type == "SELECT":
                names = [str(v) for v in result.vars or []]
                return QueryResult("select", names, [tuple(row) for row in result])
            return QueryResult("graph", graph=result.graph)
        except CapReachedError:
            raise
        except Exception as exc:
            raise QueryError(f"rdflib: {exc}") from None


def make_items(graph_file: Path, synthetic: bool) -> list[dict[str, Any]]:
    """Every measured item: named queries bound with real or stand-in parameters, then commands.

    Names are resolved once here (with the project's resolver on this graph), so
    every engine runs exactly the same SPARQL string.
    """
    from kg.api import load
    from kg.named_queries import list_queries
    from kg.synth import standin_params

    graph = load(graph_file)
    items: list[dict[str, Any]] = []
    for query in list_queries():
        if synthetic:
            params = standin_params(query)
        else:
            params = dict(query.examples[0]) if query.examples else {}
        try:
            sparql = graph.sparql_for(query.name, **params)
        except Exception as exc:  # parameters that cannot be filled on this graph
            items.append({"group": "skip", "name": query.name, "reason": str(exc)[:160]})
            continue
        items.append({"group": "query", "name": query.name, "sparql": sparql})
    for label, (method, args) in API_COMMANDS.items():
        items.append({"group": "command", "name": label, "call": [method, list(args)]})
    items.append({"group": "command", "name": "to_networkx", "call": ["to_networkx", []]})
    return items


def _size(result: Any) -> int:
    for attr in ("rows",):
        value = getattr(result, attr, None)
        if callable(value):
            try:
                return len(value())
            except Exception:
                return 1
        if isinstance(value, list):
            return len(value)
    try:
        return len(result)
    except TypeError:
        return 1


def _capped(seconds: float, function: Callable[[], Any]) -> Any:
    """Run ``function``, raising CapReachedError after ``seconds`` (when Python regains control)."""

    def alarm(_signum: int, _frame: Any) -> None:
        raise CapReachedError

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return function()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _load(engine_name: str, graph_file: Path) -> Any:
    if engine_name == "oxigraph":
        import pyoxigraph as ox

        store = ox.Store()
        store.bulk_load(path=str(graph_file), format=ox.RdfFormat.N_TRIPLES)
        return store
    if engine_name == "kg":
        from kg.store import GraphStore

        return GraphStore.open(graph_file)
    return RdflibEngine(graph_file)


def _ox_rows(store: Any, sparql: str) -> int:
    """Raw pyoxigraph: run the string and read every solution's values as plain strings."""
    from kg.namespaces import sparql_prologue

    answer = store.query(sparql_prologue() + sparql, use_default_graph_as_union=True)
    if isinstance(answer, bool) or not hasattr(answer, "variables"):
        return 1
    names = answer.variables
    return len([tuple(None if (t := row[v]) is None else t.value for v in names) for row in answer])


def _call(graph: Any, engine: Any, call: list[Any]) -> int:
    method, args = call
    if method == "to_networkx":
        from kg.analytics import to_networkx

        return int(to_networkx(engine).number_of_nodes())
    return _size(getattr(graph, method)(*args))


#: Modules the API imports lazily: imported before timing so no run pays for them.
PREIMPORT = ("kg.api", "kg.named_queries", "kg.analytics", "kg.views", "kg.claims", "kg.status")


def _preimport() -> None:
    import importlib

    for module in PREIMPORT:
        with contextlib.suppress(ImportError):
            importlib.import_module(module)


def _timed(function: Callable[[], Any]) -> float:
    began = time.perf_counter()
    function()
    return time.perf_counter() - began


def worker_load(engine_name: str, graph_file: Path) -> None:
    """Load the graph in one engine: baseline RSS, load time (median of up to 3), peak RSS."""
    _preimport()  # imports count in the baseline, not in the load
    _emit(kind="baseline", engine=engine_name, rss_mb=_rss_mb())
    engine = None
    times = []
    while len(times) < 3:
        del engine
        began = time.perf_counter()
        engine = _load(engine_name, graph_file)
        times.append(time.perf_counter() - began)
        if len(times) == 1:
            _emit(kind="peak", engine=engine_name, rss_mb=_rss_mb())
        if engine_name == "rdflib" or times[0] > 5:
            break
    _emit(kind="load", engine=engine_name, seconds=statistics.median(times), n=len(times))


def worker_fast(graph_file: Path, items_file: Path, repeat: int, cap: float, start: int) -> None:
    """Time queries on kg and raw pyoxigraph side by side (interleaved), and API commands on kg.

    Items before ``start`` are skipped (the driver restarts a worker after a stuck item).
    """
    from kg.api import KnowledgeGraph

    _preimport()
    store = _load("kg", graph_file)
    raw = _load("oxigraph", graph_file)
    warm_graph = KnowledgeGraph(store)
    _emit(kind="ready")
    for index, item in enumerate(json.loads(items_file.read_text(encoding="utf-8"))):
        group, name = item["group"], item["name"]
        if index < start:
            continue
        try:
            if group == "query":
                sparql = item["sparql"]
                runs = {
                    "kg": lambda q=sparql: len(store.query(q).rows),
                    "oxigraph": lambda q=sparql: _ox_rows(raw, q),
                }
            elif group == "command":
                call = item["call"]
                runs = {
                    "kg": lambda c=call: _call(warm_graph, store, c),
                    "kg_cold": lambda c=call: _call(KnowledgeGraph(store), store, c),
                }
            else:
                continue
            rows: dict[str, int] = {}
            first: dict[str, float] = {}
            for key, function in runs.items():  # warm-up, and the row counts
                began = time.perf_counter()
                rows[key] = _capped(cap, function)
                first[key] = time.perf_counter() - began
            times: dict[str, list[float]] = {k: [] for k in runs}
            if max(first.values()) > 2.0:  # slow item: one (warm-up) run is the measure
                times = {k: [v] for k, v in first.items()}
            deadline = time.perf_counter() + 1.0
            while len(times["kg"]) < repeat and (not times["kg"] or time.perf_counter() < deadline):
                for key, function in runs.items():
                    times[key].append(_capped(cap, lambda f=function: _timed(f)))
            record: dict[str, Any] = {
                "kind": group,
                "name": name,
                "index": index,
                "n": len(times["kg"]),
            }
            for key in runs:
                record[key] = statistics.median(times[key])
                record[f"rows_{key}"] = rows[key]
            _emit(**record)
        except CapReachedError:
            _emit(kind=group, name=name, index=index, kg_timeout=cap)
        except Exception as exc:
            _emit(kind=group, name=name, index=index, kg_error=f"{type(exc).__name__}: {exc}"[:200])
    _emit(kind="done")


def worker_rdflib(graph_file: Path, items_file: Path, cap: float, load_cap: float) -> None:
    """Load into rdflib's memory store, then run every item once with a time cap."""
    from kg.api import KnowledgeGraph

    _preimport()
    _emit(kind="baseline", engine="rdflib", rss_mb=_rss_mb())
    began = time.perf_counter()
    try:
        engine = _capped(load_cap, lambda: _load("rdflib", graph_file))
    except CapReachedError:
        _emit(kind="load", engine="rdflib", timeout=load_cap)
        return
    _emit(kind="load", engine="rdflib", seconds=time.perf_counter() - began, n=1)
    _emit(kind="peak", engine="rdflib", rss_mb=_rss_mb())
    for item in json.loads(items_file.read_text(encoding="utf-8")):
        group, name = item["group"], item["name"]
        if group == "query":
            function = lambda q=item["sparql"]: len(engine.query(q).rows)  # noqa: E731
        elif group == "command":
            function = lambda c=item["call"]: _call(KnowledgeGraph(engine), engine, c)  # noqa: E731
        else:
            continue
        try:
            began = time.perf_counter()
            rows = _capped(cap, function)
            _emit(kind=group, name=name, rdflib=time.perf_counter() - began, rows_rdflib=rows)
        except CapReachedError:
            _emit(kind=group, name=name, rdflib_timeout=cap)
        except Exception as exc:
            _emit(kind=group, name=name, rdflib_error=f"{type(exc).__name__}: {exc}"[:200])


# ---------------------------------------------------------------------------
# Driver
# ---------------------------------------------------------------------------


def parse_size(text: str) -> int | None:
    """``bundled`` -> None; ``100k`` -> 100000; ``1m`` -> 1000000; ``2500`` -> 2500.

    Example:
        >>> parse_size("100k"), parse_size("1m"), parse_size("bundled")
        (100000, 1000000, None)
    """
    text = text.strip().lower()
    if text == "bundled":
        return None
    factor = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    digits = text[:-1] if factor > 1 else text
    return int(float(digits) * factor)


def graph_for(size: str, cache: Path, seed: int) -> tuple[Path, bool]:
    """The N-Triples file for a size (building or generating it if needed), and if synthetic."""
    triples = parse_size(size)
    if triples is None:
        from kg.build import build, is_stale
        from kg.settings import GRAPH_FILES, default_build_dir

        folder = default_build_dir()
        if is_stale(folder):
            build(out_dir=folder)
        return folder / GRAPH_FILES["nt"], False
    path = cache / f"synth-{triples}-seed{seed}.nt"
    if not path.exists():
        from kg.synth import generate

        stats = generate(triples, path, seed=seed)
        print(f"  generated {path.name}: {stats.triples} triples in {stats.seconds:.1f}s")
    return path, True


def run_worker(args: list[str], first_limit: float, item_limit: float) -> list[dict[str, Any]]:
    """Run a worker; stop it when no record comes for ``item_limit`` s (``first_limit`` s at first).

    Returns the records printed so far, plus a ``note`` record if it was stopped.
    """
    command = [sys.executable, str(Path(__file__).resolve()), *args]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines: queue.Queue[str | None] = queue.Queue()

    def pump() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=pump, daemon=True).start()
    records: list[dict[str, Any]] = []
    limit = first_limit
    while True:
        try:
            line = lines.get(timeout=limit)
        except queue.Empty:
            process.kill()
            process.wait()
            records.append({"kind": "stopped", "after": limit})
            return records
        if line is None:
            break
        if line.startswith("{"):
            records.append(json.loads(line))
            limit = item_limit
    process.wait()
    assert process.stderr is not None
    err = process.stderr.read()
    if "Traceback" in err:
        records.append(
            {"kind": "note", "text": f"worker {args[1]}: {err.strip().splitlines()[-1]}"}
        )
    return records


def run_fast(common: list[str], repeat: int, cap: float, load_cap: float) -> list[dict[str, Any]]:
    """The fast worker, restarted after any item that gets stuck (reported as a timeout)."""
    records: list[dict[str, Any]] = []
    start = 0
    while True:
        args = [
            "--worker",
            "fast",
            "--repeat",
            str(repeat),
            "--cap",
            str(cap),
            "--start",
            str(start),
        ]
        got = run_worker([*args, *common], 2 * load_cap, 2 * cap + 10)
        records += [r for r in got if r["kind"] not in ("ready", "done", "stopped")]
        if not got or got[-1]["kind"] != "stopped" or not any(r["kind"] == "ready" for r in got):
            return records
        done = [r["index"] for r in got if "index" in r]
        stuck = (max(done) + 1) if done else start
        items = json.loads(Path(common[common.index("--items") + 1]).read_text(encoding="utf-8"))
        if stuck >= len(items):
            return records
        item = items[stuck]
        records.append({"kind": item["group"], "name": item["name"], "kg_timeout": 2 * cap + 10})
        start = stuck + 1


def measure(
    path: Path,
    items_file: Path,
    engines: list[str],
    repeat: int,
    cap: float,
    fast_cap: float,
    load_cap: float,
) -> list[dict[str, Any]]:
    """All records for one graph: a load worker per engine, the fast worker, the rdflib worker."""
    records: list[dict[str, Any]] = []
    common = ["--file", str(path), "--items", str(items_file)]
    for engine in engines:
        if engine != "rdflib":
            records += run_worker(
                ["--worker", "load", "--engine", engine, *common], load_cap + 60, load_cap * 3
            )
    if "kg" in engines:
        records += run_fast(common, repeat, fast_cap, load_cap)
    if "rdflib" in engines:
        rd = ["--worker", "rdflib", "--cap", str(cap), "--load-cap", str(load_cap), *common]
        records += run_worker(rd, load_cap + 30, 3 * cap + 30)
    return records


def _ms(value: float | None, timeout: float | None = None) -> str:
    if timeout is not None:
        return f">{timeout:g}s"
    if value is None:
        return "-"
    return f"{value * 1000:.1f}" if value < 10 else f"{value * 1000:.0f}"


def report(size: str, triples: int, records: list[dict[str, Any]]) -> list[str]:
    """The table for one size, and the target checks under it."""
    triples_wanted = parse_size(size) or 0
    items: dict[tuple[str, str], dict[str, Any]] = {}
    memory: dict[str, dict[str, float]] = {}
    notes: list[str] = []
    for r in records:
        if r["kind"] in ("baseline", "peak"):
            memory.setdefault(r["engine"], {})[r["kind"]] = r["rss_mb"]
        elif r["kind"] == "load":
            load = items.setdefault(("load", "load (ms)"), {})
            load[r["engine"]] = r.get("seconds")
            if "timeout" in r:
                load[f"{r['engine']}_timeout"] = r["timeout"]
        elif r["kind"] in ("query", "command"):
            items.setdefault((r["kind"], r["name"]), {}).update(r)
        elif r["kind"] == "note":
            notes.append(r["text"])
        elif r["kind"] == "stopped":
            notes.append(f"a worker was stopped after {r['after']:.0f}s without output")
        elif r["kind"] == "skip":
            notes.append(f"skipped {r['name']}: {r['reason']}")
    lines = [
        f"== {size}: {triples} triples ==",
        f"{'item':<26} {'kg':>9} {'kg cold':>8} {'oxigraph':>9} {'rdflib':>9} "
        f"{'kg/ox':>6} {'rdflib/kg':>9} {'rows':>6}",
    ]
    misses: list[str] = []
    order = sorted(items, key=lambda k: ({"load": 0, "query": 1, "command": 2}[k[0]], k[1]))
    for group, name in order:
        r = items[(group, name)]
        kg_s, ox_s, rd_s = r.get("kg"), r.get("oxigraph"), r.get("rdflib")
        rd_cap = r.get("rdflib_timeout")
        ratio = kg_s / ox_s if kg_s and ox_s else None
        if kg_s and rd_s:
            speed = f"{rd_s / kg_s:.0f}x"
        elif kg_s and rd_cap:
            speed = f">{rd_cap / kg_s:.0f}x"
        else:
            speed = "-"
        rows = r.get("rows_kg", r.get("rows_oxigraph", ""))
        label = f"{group[0]}: {name}" if group != "load" else name
        line = (
            f"{label:<26} {_ms(kg_s, r.get('kg_timeout')):>9} {_ms(r.get('kg_cold')):>8} "
            f"{_ms(ox_s):>9} {_ms(rd_s, rd_cap):>9} "
            f"{f'{ratio:.2f}' if ratio else '-':>6} {speed:>9} {rows!s:>6}"
        )
        counts = {r.get(k) for k in ("rows_kg", "rows_oxigraph", "rows_rdflib") if k in r}
        if len(counts) > 1:
            line += "  rows differ: " + "/".join(
                str(r.get(k, "-")) for k in ("rows_kg", "rows_oxigraph", "rows_rdflib")
            )
        for key in ("kg_error", "rdflib_error"):
            if key in r:
                line += f"  ! {key.split('_')[0]}: {r[key]}"
        lines.append(line)
        if size == "bundled" and group != "load":
            worst = max(kg_s or 0, r.get("kg_cold") or 0)
            if worst * 1000 > TARGET_BUNDLED_MS:
                misses.append(f"MISS {label}: {worst * 1000:.0f} ms > {TARGET_BUNDLED_MS:.0f} ms")
        if triples_wanted >= 1_000_000 and group in ("load", "query"):
            if ratio and ratio > TARGET_RATIO_OX:
                misses.append(f"MISS {label}: kg/oxigraph {ratio:.2f} > {TARGET_RATIO_OX}")
            if kg_s and rd_s and rd_s / kg_s < TARGET_SPEEDUP_RDFLIB:
                misses.append(f"MISS {label}: rdflib/kg {rd_s / kg_s:.1f}x < 10x")
    lines.append(
        "peak RSS MB (baseline): "
        + ", ".join(
            f"{e} {m.get('peak', 0):.0f} ({m.get('baseline', 0):.0f})"
            if "baseline" in m
            else f"{e} {m.get('peak', 0):.0f}"
            for e, m in memory.items()
        )
    )
    lines += notes
    lines += misses or ["targets: all met"]
    return lines


def machine_info() -> str:
    """One line: CPU count, memory, Python and engine versions."""
    import pyoxigraph
    import rdflib

    try:
        mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    except (ValueError, OSError):
        mem = 0.0
    return (
        f"{platform.machine()} {os.cpu_count()} cores, {mem:.0f} GiB RAM, "
        f"Python {platform.python_version()}, pyoxigraph {pyoxigraph.__version__}, "
        f"rdflib {rdflib.__version__}"
    )


def main(argv: list[str] | None = None) -> int:
    """Command line: ``--sizes bundled,100k,1m`` (driver) or ``--worker KIND`` (internal)."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", default="bundled,100k,1m")
    parser.add_argument("--engines", default=",".join(ENGINES))
    parser.add_argument("--repeat", type=int, default=7, help="Runs per item (fast engines).")
    parser.add_argument("--cap", type=float, default=5.0, help="rdflib seconds per item.")
    parser.add_argument(
        "--fast-cap", type=float, default=20.0, help="kg/oxigraph seconds per item run."
    )
    parser.add_argument("--start", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--load-cap", type=float, default=240.0, help="Seconds to load a graph.")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--cache", type=Path, default=CACHE_DIR)
    parser.add_argument("--worker", choices=("load", "fast", "rdflib"), help=argparse.SUPPRESS)
    parser.add_argument("--engine", choices=ENGINES, help=argparse.SUPPRESS)
    parser.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--items", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker == "load":
        worker_load(args.engine, args.file)
        return 0
    if args.worker == "fast":
        worker_fast(args.file, args.items, args.repeat, args.cap, args.start)
        return 0
    if args.worker == "rdflib":
        worker_rdflib(args.file, args.items, args.cap, args.load_cap)
        return 0
    engines = [e for e in args.engines.split(",") if e in ENGINES]
    print(f"machine: {machine_info()}")
    print(
        "times in ms: kg/oxigraph = median of interleaved warm runs in one process; kg cold = a"
        " fresh KnowledgeGraph per call (name index rebuilt, as in one CLI call); rdflib = one"
        " capped run; load = median of up to 3 loads; peak RSS = VmHWM of each engine's"
        " own load process (interpreter and imports included; baseline before loading)"
    )
    for size in [s for s in args.sizes.split(",") if s]:
        path, synthetic = graph_for(size, args.cache, args.seed)
        with path.open("rb") as handle:
            triples = sum(1 for line in handle if line.strip() and not line.startswith(b"#"))
        args.cache.mkdir(parents=True, exist_ok=True)
        items_file = args.cache / f"items-{size}.json"
        items_file.write_text(json.dumps(make_items(path, synthetic)), encoding="utf-8")
        records = measure(
            path, items_file, engines, args.repeat, args.cap, args.fast_cap, args.load_cap
        )
        skipped = [i for i in json.loads(items_file.read_text()) if i["group"] == "skip"]
        records += [{"kind": "skip", "name": i["name"], "reason": i["reason"]} for i in skipped]
        print("\n".join(report(size, triples, records)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
