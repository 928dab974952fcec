"""``kg ingest``: from article files to a stored document and a reviewable candidate file.

For each file: read and convert it (:mod:`kg.ingest.reader`), read its metadata,
store its text as ``data/corpus/<source-id>.txt``, link entities, extract
candidate claims, check every quote against the stored text, and write
``data/candidates/<source-id>.yaml`` plus a Markdown report next to it. A bad
file gets an error of its own and the others still go through.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.corpus import Document, fold
from kg.ingest.candidates import (
    CANDIDATE_KINDS,
    RENAMED_FIELDS,
    candidate_ids,
    candidates_dir,
    load_candidate_files,
    render_candidates,
    slug,
    unique_id,
)
from kg.ingest.extract import Candidate, Extractor
from kg.ingest.files import write_atomic
from kg.ingest.gazetteer import Gazetteer, Mention, NewEntity
from kg.ingest.metadata import Metadata, extract_metadata
from kg.ingest.reader import FORMATS, Article, IngestError, read_article
from kg.ingest.rules import load_rules
from kg.loaders import Dataset, load_data
from kg.settings import default_data_dir

CORPUS_DIR = "corpus"
#: The source entry's reliability until an analyst assesses it.
DEFAULT_RELIABILITY = "low"
DEFAULT_RATIONALE = "not yet assessed: ingested automatically"


@dataclass
class IngestResult:
    """What ingesting one file produced (or why it failed)."""

    path: Path
    source_id: str | None = None
    error: str | None = None
    document: Path | None = None
    candidates_file: Path | None = None
    report_file: Path | None = None
    counts: dict[str, int] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    new_entities: list[NewEntity] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)
    metadata: Metadata | None = None
    report: str = ""

    @property
    def ok(self) -> bool:
        """Whether the file was ingested."""
        return self.error is None


@dataclass
class Analysis:
    """Entity mentions, new-entity candidates and candidate claims of one article."""

    metadata: Metadata
    mentions: list[Mention]
    new_entities: list[NewEntity]
    candidates: list[Candidate]


def analyze(article: Article, gazetteer: Gazetteer) -> Analysis:
    """Run metadata extraction, entity linking and claim extraction on an article."""
    metadata = extract_metadata(article.text, article.meta, gazetteer)
    mentions = gazetteer.find(article.text)
    new_entities = gazetteer.new_entities(article.text, mentions)
    document = Document.from_text(article.path, article.text)
    candidates = [
        c
        for c in Extractor(gazetteer).run(
            article.text,
            mentions,
            metadata.reference_date,
            metadata.authors[0] if metadata.authors else metadata.publisher,
        )
        if document.find(c.sentence) is not None
    ]
    return Analysis(metadata, mentions, new_entities, candidates)


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files named, and the article files (by suffix) inside folders named, sorted."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out += sorted(
                p
                for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in FORMATS and not p.name.startswith(".")
            )
        else:
            out.append(path)
    return out


class Ingester:
    """Ingests files into one data folder (the registries are read once)."""

    def __init__(self, data_dir: Path | str | None = None) -> None:
        self.data_dir = Path(data_dir) if data_dir else default_data_dir()
        if not self.data_dir.is_dir():
            raise IngestError(f"the data folder {self.data_dir} does not exist")
        self.dataset: Dataset = load_data(self.data_dir)
        self.gazetteer = Gazetteer.from_dataset(self.dataset)
        self.taken = set(self.dataset.records) | candidate_ids(load_candidate_files(self.data_dir))
        self.corpus = self.data_dir / CORPUS_DIR
        self.known_texts = {
            fold(p.read_text(encoding="utf-8", errors="replace")): p
            for p in (sorted(self.corpus.glob("*.txt")) if self.corpus.is_dir() else [])
        }

    def ingest(self, path: Path) -> IngestResult:
        """Ingest one file; errors are returned in the result, not raised."""
        result = IngestResult(path)
        try:
            self._ingest(path, result)
        except IngestError as exc:
            result.error = str(exc)
        return result

    def _ingest(self, path: Path, result: IngestResult) -> None:
        article = read_article(path)
        folded = fold(article.text)
        if folded in self.known_texts:
            known = self.known_texts[folded].relative_to(self.data_dir).as_posix()
            raise IngestError(f"{path}: already in the corpus as {known}")
        analysis = analyze(article, self.gazetteer)
        meta = analysis.metadata
        if meta.date:  # a claim is dated by its document unless the sentence says otherwise
            for candidate in analysis.candidates:
                if candidate.kind != "events":
                    candidate.values.setdefault("date", meta.date)
        base = slug(meta.title.removeprefix("[Untitled] ") if meta.title else path.stem)
        year = meta.date[:4] if meta.date else None
        source_id = unique_id(f"{base}-{year}" if year else base, self.taken | self._corpus_ids())
        self.taken.add(source_id)
        document_rel = f"{CORPUS_DIR}/{source_id}.txt"
        source = self._source_entry(source_id, document_rel, path, meta)
        content: dict[str, Any] = {
            "document": document_rel,
            "original_file": path.name,
            "ingested": dt.date.today().isoformat(),
            "sources": [source],
        }
        for kind in CANDIDATE_KINDS[1:]:
            entries = [self._entry(c, source_id) for c in analysis.candidates if c.kind == kind]
            if entries:
                content[kind] = entries
        content["new_entities"] = [
            {k: v for k, v in vars(n).items() if v is not None} for n in analysis.new_entities
        ]
        result.source_id = source_id
        result.document = self.data_dir / document_rel
        result.candidates_file = candidates_dir(self.data_dir) / f"{source_id}.yaml"
        result.report_file = result.candidates_file.with_suffix(".md")
        result.mentions, result.new_entities = analysis.mentions, analysis.new_entities
        result.candidates, result.metadata = analysis.candidates, meta
        result.counts = dict(Counter(c.kind for c in analysis.candidates))
        result.report = render_report(result, self.gazetteer, content)
        write_atomic(result.document, article.text)
        write_atomic(result.candidates_file, render_candidates(content))
        write_atomic(result.report_file, result.report)
        self.known_texts[folded] = result.document

    def _corpus_ids(self) -> set[str]:
        return {p.stem for p in self.corpus.glob("*.txt")} if self.corpus.is_dir() else set()

    @staticmethod
    def _source_entry(source_id: str, document: str, path: Path, meta: Metadata) -> dict[str, Any]:
        entry: dict[str, Any] = {"id": source_id, "status": "candidate", "title": meta.title}
        entry["source_type"] = meta.source_type
        if meta.publisher:
            entry["publisher"] = meta.publisher
        if meta.authors:
            entry["authors"] = meta.authors
        if meta.date:
            entry["date"] = meta.date
            entry["date_note"] = f'As stated in the document: "{meta.date_text}".'
        else:
            entry["date_note"] = "No date stated in the text (ingested automatically)."
        if meta.dateline:
            entry["dateline"] = meta.dateline
        entry["language"] = "en"
        entry["document"] = document
        entry["original_file"] = path.name
        entry["reliability"] = DEFAULT_RELIABILITY
        entry["reliability_rationale"] = DEFAULT_RATIONALE
        notes = [f"source_type '{meta.source_type}' is a guess from the text"]
        entry["note"] = notes
        if meta.unresolved:
            entry["unresolved"] = meta.unresolved
        return entry

    def _entry(self, candidate: Candidate, source_id: str) -> dict[str, Any]:
        v = candidate.values
        if candidate.kind == "positions":
            base = f"{v['actor']}-{v['stance']}-{v['target']}"
        elif candidate.kind == "linkages":
            base = f"{v['actor']}-links-{v['subject'][0]}-to-{v['condition'][0]}"
        else:
            where = v.get("place") or (v.get("participants") or ["event"])[0]
            base = f"{v['event_type']}-{where}" + (f"-{v['date']}" if v.get("date") else "")
        entry: dict[str, Any] = {"id": unique_id(base, self.taken), "status": "candidate"}
        entry["confidence"] = candidate.confidence
        entry["rule"] = candidate.rule
        entry["start"], entry["end"] = candidate.start, candidate.end
        if candidate.notes:
            entry["note"] = candidate.notes
        renames = RENAMED_FIELDS.get(candidate.kind, {})
        entry.update({renames.get(k, k): value for k, value in v.items()})
        entry["evidence"] = [{"source": source_id, "quote": candidate.sentence}]
        return entry


def ingest_paths(
    paths: Iterable[Path | str], data_dir: Path | str | None = None
) -> list[IngestResult]:
    """Ingest files and folders of articles into ``data_dir``; one result per file.

    Raises:
        IngestError: if the data folder does not exist (per-file problems are in the results).
    """
    ingester = Ingester(data_dir)
    return [ingester.ingest(path) for path in expand_paths(Path(p) for p in paths)]


def render_report(result: IngestResult, gazetteer: Gazetteer, content: dict[str, Any]) -> str:
    """A readable Markdown report of one ingested document."""
    meta = result.metadata
    assert meta is not None
    rules = load_rules()
    lines = [f"# Ingest report: {result.source_id}", ""]
    lines += [
        f"- File: `{result.path}`",
        f"- Stored as: `{content['document']}`",
        f"- Title: {meta.title}",
        f"- Date: {meta.date or 'unknown'}",
        f"- Dateline: {meta.dateline or meta.dateline_text or 'unknown'}",
        f"- Authors: {', '.join(meta.authors) or 'unknown'}",
        f"- Publisher: {meta.publisher or 'unknown'}",
        f"- Reliability: {DEFAULT_RELIABILITY} ({DEFAULT_RATIONALE}): assess it in review",
    ]
    if meta.unresolved:
        lines.append(f"- Not in the registries: {'; '.join(meta.unresolved)}")
    counts = Counter(m.entity for m in result.mentions)
    lines += ["", f"## Entities linked ({len(result.mentions)} mentions)", ""]
    for entity, count in counts.most_common():
        record = gazetteer.records[entity]
        lines.append(f"- {record.label} (`{entity}`, {record.kind}): {count}")
    lines += ["", f"## New-entity candidates ({len(result.new_entities)})", ""]
    for new in result.new_entities:
        title = f", after '{new.title}'" if new.title else ""
        lines.append(f"- {new.text} ({new.guess}{title}) at {new.start}")
    for kind in CANDIDATE_KINDS[1:]:
        entries = content.get(kind) or []
        lines += ["", f"## Candidate {kind} ({len(entries)})", ""]
        for entry in entries:
            fields = ", ".join(
                f"{k}: {v}"
                for k, v in entry.items()
                if k not in (*rules.review_fields, "id", "evidence", "label")
            )
            lines.append(f"- `{entry['id']}` ({entry['confidence']}, {entry['rule']}): {fields}")
            lines.append(f"  > {entry['evidence'][0]['quote']}")
    lines += [
        "",
        "Review with `kg review list`, `kg review accept ID`, `kg review reject ID`.",
        "",
    ]
    return "\n".join(lines)
