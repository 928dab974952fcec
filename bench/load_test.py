"""Load test: ``kg serve`` against Oxigraph's own server on the same graph, in the same run.

N concurrent clients (client processes x threads, keep-alive connections) send
the named queries over loopback until a request budget or a time limit is
reached, to each server in turn. Prints throughput, p50/p99 latency, errors and
the server's resident memory (the whole process tree) at start and end.

Usage:
    python bench/load_test.py [--graph build/] [--requests 10000] [--clients 8]
                              [--seconds 300] [--no-cache-run]

Needs the ``oxigraph`` server binary (``pip install oxigraph``). Not a unit test.
"""

from __future__ import annotations

import argparse
import http.client
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


@dataclass
class Run:
    """What one server did under load."""

    name: str
    requests: int
    errors: int
    seconds: float
    latencies: list[float]
    rss_start: int
    rss_end: int

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, q: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(port: int, process: subprocess.Popen[bytes], limit: float = 60) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server exited with status {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise SystemExit(f"nothing listening on port {port}")


def tree_rss(pid: int) -> int:
    """Resident memory (bytes) of a process and all its descendants (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        stack.extend(children.get(current, []))
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            continue
    return total


def client(job: tuple[str, list[str], int, int, float]) -> tuple[int, int, list[float]]:
    """One client process: ``threads`` keep-alive connections sharing ``count`` requests."""
    url, queries, count, threads, deadline = job
    parts = urlsplit(url)
    lock = threading.Lock()
    state = {"next": 0, "errors": 0}
    latencies: list[float] = []

    def worker(offset: int) -> None:
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
        mine: list[float] = []
        while time.time() < deadline:
            with lock:
                index = state["next"]
                if index >= count:
                    break
                state["next"] += 1
            body = urlencode({"query": queries[(index + offset) % len(queries)]})
            started = time.perf_counter()
            try:
                connection.request(
                    "POST",
                    parts.path,
                    body=body,
                    headers={
                        "Content-Type": "application/x-www-form-urlencoded",
                        "Accept": "application/sparql-results+json",
                    },
                )
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                ok = False
                connection.close()
                connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
            mine.append(time.perf_counter() - started)
            if not ok:
                with lock:
                    state["errors"] += 1
        connection.close()
        with lock:
            latencies.extend(mine)

    pool = [threading.Thread(target=worker, args=(n,)) for n in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return len(latencies), state["errors"], latencies


def load(name: str, url: str, pid: int, queries: list[str], args: argparse.Namespace) -> Run:
    processes = max(1, min(args.client_processes, args.clients))
    threads = max(1, args.clients // processes)
    share = args.requests // processes
    # warm-up: every query once, so both servers start from the same state
    client((url, queries, len(queries), 1, time.time() + 60))
    rss_start = tree_rss(pid)
    deadline = time.time() + args.seconds
    started = time.perf_counter()
    with ProcessPoolExecutor(processes) as executor:
        jobs = [(url, queries, share, threads, deadline) for _ in range(processes)]
        results = list(executor.map(client, jobs))
    seconds = time.perf_counter() - started
    rss_end = tree_rss(pid)
    latencies = [lat for _, _, lats in results for lat in lats]
    return Run(name, sum(r[0] for r in results), sum(r[1] for r in results), seconds, latencies,
               rss_start, rss_end)  # fmt: skip


def serve_kg(
    graph: Path, args: argparse.Namespace, cache_mb: int
) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    kg = Path(sys.executable).parent / "kg"
    command = [
        str(kg),
        "serve",
        "--graph",
        str(graph),
        "--port",
        str(port),
        "--cache-mb",
        str(cache_mb),
    ]
    if args.workers:
        command += ["--workers", str(args.workers)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for(port, process)
    return process, f"http://127.0.0.1:{port}/sparql"


def serve_oxigraph(graph_file: Path) -> tuple[subprocess.Popen[bytes], str]:
    from kg.remote import push

    binary = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    port = free_port()
    process = subprocess.Popen(
        [binary, "serve", "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_for(port, process)
    push(graph_file, f"http://127.0.0.1:{port}/store")
    return process, f"http://127.0.0.1:{port}/query"


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()


def report(runs: list[Run], args: argparse.Namespace, queries: int, triples: int) -> None:
    print(
        f"\n{args.requests} requests per server, {args.clients} concurrent clients, "
        f"{queries} named queries, {triples} triples, {os.cpu_count()} CPUs\n"
    )
    header = f"{'server':<24}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}{'RSS start':>11}{'RSS end':>10}"
    print(header)
    print("-" * len(header))
    for run in runs:
        print(
            f"{run.name:<24}{run.throughput:>9.0f}{run.percentile(0.5):>9.2f}"
            f"{run.percentile(0.99):>9.2f}{run.errors:>8}"
            f"{run.rss_start / 2**20:>9.0f}MB{run.rss_end / 2**20:>8.0f}MB"
        )
    base = next((r for r in runs if r.name.startswith("oxigraph")), None)
    if base and base.throughput:
        print()
        for run in runs:
            if run is not base:
                print(
                    f"{run.name}: {run.throughput / base.throughput:.0%} of Oxigraph server's throughput"
                )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--graph", type=Path, default=None, help="build folder or .nt file (default: project build)"
    )
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--client-processes", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=300.0, help="time limit per server")
    parser.add_argument("--workers", type=int, default=None, help="kg serve query workers")
    parser.add_argument(
        "--no-cache-run", action="store_true", help="also run kg serve without its answer cache"
    )
    args = parser.parse_args()

    from kg.namespaces import sparql_prologue
    from kg.server.app import graph_file
    from kg.server.named import named_queries

    graph = graph_file(args.graph)
    queries = [sparql_prologue() + q.query for q in named_queries()]
    triples = (
        sum(1 for line in graph.open(encoding="utf-8") if line.strip())
        if graph.suffix == ".nt"
        else 0
    )
    runs = []
    process, url = serve_oxigraph(graph)
    try:
        runs.append(load("oxigraph serve", url, process.pid, queries, args))
    finally:
        stop(process)
    modes = [("kg serve", 64)] + ([("kg serve (no cache)", 0)] if args.no_cache_run else [])
    for name, cache_mb in modes:
        process, url = serve_kg(graph, args, cache_mb)
        try:
            runs.append(load(name, url, process.pid, queries, args))
        finally:
            stop(process)
    report(runs, args, len(queries), triples)


if __name__ == "__main__":
    main()
