"""Measuring ``kg ingest`` against a hand-annotated gold set (precision and recall).

The gold set (``tests/data/gold/<document>.yaml``) lists, for each seed
document, its entity mentions with offsets and the curated positions, linkages
and events with the offsets of their quotes. :func:`evaluate` ingests the
documents into an empty data folder holding only the entity registries (no
claims), then compares. Matching criteria:

* entity mention: a predicted mention is correct when it overlaps a gold
  mention whose ``ids`` include the predicted entry; a gold mention is found
  when such a prediction exists;
* position: the candidate's evidence sentence overlaps a gold quote, its holder
  (``actor`` or ``stated_by``) is the gold holder or speaker, and its target is
  the gold target, one of its broader or narrower issues (transitively), or one
  of the gold ``condition_on``;
* linkage: evidence overlaps, holder as for positions, and at least one
  subject and one condition each match a gold subject / condition the same way
  (``strict``); ``lenient`` asks for one side only;
* event: evidence overlaps and the event type is the same (talks, meeting,
  summit, council meeting and conference count as one family).

Precision = matched predictions / predictions; recall = found gold items / gold items.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kg.ingest.pipeline import IngestResult, ingest_paths
from kg.ingest.rules import load_rules
from kg.loaders import load_data

#: The registry files copied into the empty evaluation folder (entities only, no claims).
REGISTRY_FILES = (
    "actors.yaml",
    "persons.yaml",
    "places.yaml",
    "issues.yaml",
    "fora.yaml",
    "agreements.yaml",
    "proposals.yaml",
)


@dataclass
class Score:
    """Counts for one task, with the errors for the report."""

    predicted: int = 0
    correct: int = 0
    gold: int = 0
    found: int = 0
    false_positives: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        """Matched predictions / predictions."""
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        """Found gold items / gold items."""
        return self.found / self.gold if self.gold else 0.0


@dataclass
class Evaluation:
    """Scores per task: entities, positions, linkages (strict, lenient), events."""

    scores: dict[str, Score]
    event_dates_correct: int = 0
    event_dates_checked: int = 0
    per_document: dict[str, Evaluation] = field(default_factory=dict)

    def table(self) -> str:
        """The figures as a Markdown table."""
        lines = ["| task | precision | recall | predicted | gold |", "|---|---|---|---|---|"]
        for name, s in self.scores.items():
            lines.append(
                f"| {name} | {s.precision:.2f} | {s.recall:.2f} | {s.predicted} | {s.gold} |"
            )
        return "\n".join(lines)

    def document_table(self) -> str:
        """Precision / recall per document and task (shows over-fitting to one text)."""
        tasks = list(self.scores)
        lines = [
            "| document | " + " | ".join(tasks) + " |",
            "|---" * (len(tasks) + 1) + "|",
        ]
        for name, ev in self.per_document.items():
            cells = [
                f"{s.precision:.2f} / {s.recall:.2f} ({s.found}/{s.gold})"
                for s in ev.scores.values()
            ]
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
        return "\n".join(lines)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


class _Hierarchy:
    def __init__(self, records: dict[str, Any]) -> None:
        self.broader = {
            r.id: set(r.get("broader") or []) for r in records.values() if r.kind == "issues"
        }
        # an agreement or proposal relates to the issues it addresses
        for r in records.values():
            if r.kind in ("agreements", "proposals"):
                self.broader[r.id] = {a for a in (r.get("addresses") or []) if isinstance(a, str)}

    def ancestors(self, entity: str) -> set[str]:
        seen: set[str] = set()
        todo = [entity]
        while todo:
            for parent in self.broader.get(todo.pop(), ()):
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        return seen

    def related(self, a: str, b: str) -> bool:
        if a == b:
            return True
        # only a narrower/broader relation below the most general issues counts
        return (b in self.ancestors(a) or a in self.ancestors(b)) and not {a, b} & TOP_ISSUES


#: Issues too general to count as a match for anything below them.
TOP_ISSUES = frozenset({"international-security", "international-cooperation"})


def _holder_ok(candidate: dict[str, Any], gold: dict[str, Any]) -> bool:
    mine = {candidate.get("actor"), candidate.get("stated_by")} - {None}
    theirs = {gold.get("actor"), gold.get("stated_by")} - {None}
    return bool(mine & theirs)


def _spans(gold: dict[str, Any]) -> list[tuple[int, int]]:
    return [(e["start"], e["end"]) for e in gold["evidence"]]


def _score_claims(
    name: str,
    predictions: list[dict[str, Any]],
    golds: list[dict[str, Any]],
    matches: Any,
    score: Score,
) -> None:
    found: set[int] = set()
    for p in predictions:
        span = (p["start"], p["end"])
        hits = [
            i
            for i, g in enumerate(golds)
            if any(_overlap(span, s) for s in _spans(g)) and matches(p, g)
        ]
        score.predicted += 1
        if hits:
            score.correct += 1
            found.update(hits)
        else:
            score.false_positives.append(f"{name}: {p['id']} | {p['evidence'][0]['quote'][:90]}")
    score.gold += len(golds)
    score.found += len(found)
    for i, g in enumerate(golds):
        if i not in found:
            score.misses.append(f"{name}: {g['from']} | {g['evidence'][0]['quote'][:90]}")


def score_document(
    name: str,
    result: IngestResult,
    candidates: dict[str, Any],
    gold: dict[str, Any],
    hierarchy: _Hierarchy,
    evaluation: Evaluation,
) -> None:
    """Add one document's comparison to ``evaluation``."""
    s = evaluation.scores
    # entities
    gold_entities = gold.get("entities") or []
    found: set[int] = set()
    for m in result.mentions:
        hits = [
            i
            for i, g in enumerate(gold_entities)
            if _overlap((m.start, m.end), (g["start"], g["end"])) and m.entity in g["ids"]
        ]
        s["entities"].predicted += 1
        if hits:
            s["entities"].correct += 1
            found.update(hits)
        else:
            s["entities"].false_positives.append(f"{name}: '{m.text}' -> {m.entity} at {m.start}")
    s["entities"].gold += len(gold_entities)
    s["entities"].found += len(found)
    for i, g in enumerate(gold_entities):
        if i not in found:
            s["entities"].misses.append(f"{name}: '{g['text']}' -> {g['ids']} at {g['start']}")

    def position_ok(p: dict[str, Any], g: dict[str, Any]) -> bool:
        targets = [g["target"], *(g.get("condition_on") or [])]
        return _holder_ok(p, g) and any(hierarchy.related(p["target"], t) for t in targets)

    def sides(p: dict[str, Any], g: dict[str, Any]) -> tuple[bool, bool]:
        subject = any(hierarchy.related(a, b) for a in p["subject"] for b in g["subject"])
        condition = any(hierarchy.related(a, b) for a in p["condition"] for b in g["condition"])
        return subject, condition

    def linkage_strict(p: dict[str, Any], g: dict[str, Any]) -> bool:
        return _holder_ok(p, g) and all(sides(p, g))

    def linkage_lenient(p: dict[str, Any], g: dict[str, Any]) -> bool:
        return _holder_ok(p, g) and any(sides(p, g))

    family = load_rules().meeting_family

    def event_ok(p: dict[str, Any], g: dict[str, Any]) -> bool:
        a, b = p["event_type"], g["event_type"]
        return a == b or {a, b} <= family

    _score_claims(
        name, candidates.get("positions") or [], gold["positions"], position_ok, s["positions"]
    )
    _score_claims(
        name, candidates.get("linkages") or [], gold["linkages"], linkage_strict, s["linkages"]
    )
    _score_claims(
        name,
        candidates.get("linkages") or [],
        gold["linkages"],
        linkage_lenient,
        s["linkages (lenient)"],
    )
    _score_claims(name, candidates.get("events") or [], gold["events"], event_ok, s["events"])
    for p in candidates.get("events") or []:
        for g in gold["events"]:
            if any(_overlap((p["start"], p["end"]), sp) for sp in _spans(g)) and event_ok(p, g):
                evaluation.event_dates_checked += 1
                evaluation.event_dates_correct += str(p.get("date")) == str(g.get("date"))
                break


def _empty() -> Evaluation:
    return Evaluation(
        {
            name: Score()
            for name in ("entities", "positions", "linkages", "linkages (lenient)", "events")
        }
    )


def evaluate(
    gold_dir: Path,
    corpus_dir: Path,
    registry_dir: Path,
    documents: Iterable[str] | None = None,
) -> Evaluation:
    """Ingest the gold documents into an empty data folder and score the output.

    Args:
        gold_dir: Folder of ``<document>.yaml`` gold files.
        corpus_dir: Folder of the documents (``<document>.txt``).
        registry_dir: Data folder whose entity registries (:data:`REGISTRY_FILES`) are copied.
        documents: Only these documents (stems); default: every gold file.
    """
    golds = {
        p.stem: yaml.safe_load(p.read_text(encoding="utf-8"))
        for p in sorted(gold_dir.glob("*.yaml"))
    }
    if documents is not None:
        golds = {k: v for k, v in golds.items() if k in set(documents)}
    evaluation = _empty()
    with tempfile.TemporaryDirectory(prefix="kg-ingest-eval-") as temp:
        data = Path(temp) / "data"
        data.mkdir()
        for name in REGISTRY_FILES:
            if (registry_dir / name).exists():
                shutil.copy(registry_dir / name, data / name)
        hierarchy = _Hierarchy(load_data(data).records)
        results = ingest_paths([corpus_dir / gold["document"] for gold in golds.values()], data)
        for (name, gold), result in zip(golds.items(), results, strict=True):
            if not result.ok or result.candidates_file is None:
                raise RuntimeError(f"{name}: {result.error}")
            candidates = yaml.safe_load(result.candidates_file.read_text(encoding="utf-8"))
            score_document(name, result, candidates, gold, hierarchy, evaluation)
            evaluation.per_document[name] = _empty()
            score_document(name, result, candidates, gold, hierarchy, evaluation.per_document[name])
    return evaluation
