"""Benchmark: precision and recall of `kg ingest` on the hand-annotated gold sets.

Each set ingests its documents into an EMPTY temporary data folder holding only
the curated entity registries, then compares entity links and candidate
positions, linkages and events with its gold files (matching criteria:
kg/ingest/evaluate.py and docs/ingest.md). The sets:

* gold: the four seed documents (data/corpus/); the rules were tuned on them;
* dev:  two State Department texts, annotated blind, measured once blind and then
        used for tuning too (tests/data/dev/);
* test: texts annotated blind and never used for tuning (tests/data/test/).

    python bench/ingest_eval.py [--set gold|dev|test|all] [--errors]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from kg.ingest.evaluate import evaluate

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
#: name -> (gold folder, corpus folder)
SETS = {
    "gold": (DATA / "gold", ROOT / "data" / "corpus"),
    "dev": (DATA / "dev", DATA / "dev" / "corpus"),
    "test": (DATA / "test", DATA / "test" / "corpus"),
}


def run(name: str, errors: bool) -> None:
    """Evaluate one set and print its figures (and with ``errors``, every error)."""
    gold, corpus = SETS[name]
    started = time.perf_counter()
    result = evaluate(gold, corpus, ROOT / "data")
    seconds = time.perf_counter() - started
    print(f"# {name} ({len(result.per_document)} documents, {seconds:.2f}s)\n")
    print(result.table())
    print("\nper document: precision / recall (found/gold)\n")
    print(result.document_table())
    checked = result.event_dates_checked
    if checked:
        print(f"\nevent dates right among matched events: {result.event_dates_correct}/{checked}")
    if errors:
        for task, score in result.scores.items():
            print(f"\n## {task}: false positives ({len(score.false_positives)})")
            print("\n".join(score.false_positives))
            print(f"\n## {task}: misses ({len(score.misses)})")
            print("\n".join(score.misses))
    print()


def main() -> None:
    """Print the figures of the chosen set(s)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=[*SETS, "all"], default="all", dest="name")
    parser.add_argument("--errors", action="store_true", help="list false positives and misses")
    args = parser.parse_args()
    names = list(SETS) if args.name == "all" else [args.name]
    for name in names:
        if any(SETS[name][0].glob("*.yaml")):
            run(name, args.errors)


if __name__ == "__main__":
    main()
