"""Benchmark: precision and recall of `kg ingest` on the hand-annotated gold set.

Ingests the four seed documents (data/corpus/) into an EMPTY temporary data
folder holding only the curated entity registries, then compares entity links
and candidate positions, linkages and events with tests/data/gold/*.yaml
(matching criteria: kg/ingest/evaluate.py and docs/ingest.md).

    python bench/ingest_eval.py [--errors]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from kg.ingest.evaluate import evaluate

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    """Print the figures (and with --errors, every false positive and miss)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="list false positives and misses")
    args = parser.parse_args()
    started = time.perf_counter()
    result = evaluate(ROOT / "tests" / "data" / "gold", ROOT / "data" / "corpus", ROOT / "data")
    seconds = time.perf_counter() - started
    print(result.table())
    print("\nper document: precision / recall (found/gold)\n")
    print(result.document_table())
    checked = result.event_dates_checked
    if checked:
        print(f"\nevent dates right among matched events: {result.event_dates_correct}/{checked}")
    print(f"\n4 documents ingested and scored in {seconds:.2f}s")
    if args.errors:
        for name, score in result.scores.items():
            print(f"\n## {name}: false positives ({len(score.false_positives)})")
            print("\n".join(score.false_positives))
            print(f"\n## {name}: misses ({len(score.misses)})")
            print("\n".join(score.misses))


if __name__ == "__main__":
    main()
