"""``kg review``: list, show, accept, reject and edit candidates.

Accepting copies a candidate into the curated data: its entry (review fields
stripped) is appended as text to ``data/<kind>.yaml`` (comments and layout of
the file kept), together with its source entry if that is not curated yet. The
result is validated (:func:`kg.validate.validate`) in a staging copy of the
data folder first; on any error nothing is written and the errors are raised.
Rejected candidates stay in their file, marked ``rejected``.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from kg.corpus import Document
from kg.errors import DataError, KGError
from kg.ingest.candidates import (
    CANDIDATES_DIR,
    RENAMED_FIELDS,
    CandidateError,
    CandidateFile,
    find_candidate,
    load_candidate_files,
)
from kg.ingest.files import append_entries, write_atomic
from kg.ingest.rules import load_rules
from kg.loaders import ID_PATTERN, load_data
from kg.schema import KINDS
from kg.settings import default_data_dir
from kg.validate import validate


class ReviewError(KGError):
    """A review action cannot be done (wrong status, unknown field, bad value)."""


@dataclass(frozen=True)
class CandidateRow:
    """One line of ``kg review list``."""

    id: str
    kind: str
    status: str
    confidence: float | None
    rule: str
    summary: str
    file: str


def _data_dir(data_dir: Path | str | None) -> Path:
    return Path(data_dir) if data_dir else default_data_dir()


def _summary(kind: str, entry: dict[str, Any]) -> str:
    if kind == "positions":
        return f"{entry.get('actor')} {entry.get('stance')} {entry.get('target')}"
    if kind == "linkages":
        return (
            f"{entry.get('actor')}: {', '.join(entry.get('subject') or [])} "
            f"if {', '.join(entry.get('condition') or [])}"
        )
    if kind == "events":
        return f"{entry.get('event_type')} {entry.get('date') or '(no date)'}: {entry.get('label')}"
    return f"{entry.get('title')} [{entry.get('reliability')}]"


def list_candidates(
    data_dir: Path | str | None = None, status: str | None = None
) -> list[CandidateRow]:
    """Every candidate (optionally only those with ``status``), file by file."""
    rows = []
    for file in load_candidate_files(_data_dir(data_dir)):
        for kind, entry in file.entries():
            if status and entry.get("status") != status:
                continue
            rows.append(
                CandidateRow(
                    str(entry.get("id")),
                    kind,
                    str(entry.get("status", "candidate")),
                    entry.get("confidence"),
                    str(entry.get("rule", "")),
                    _summary(kind, entry),
                    file.path.name,
                )
            )
    return rows


def show_candidate(data_dir: Path | str | None, entry_id: str) -> str:
    """A candidate as YAML, with its quote in the context of the stored document."""
    folder = _data_dir(data_dir)
    file, kind, entry = find_candidate(load_candidate_files(folder), entry_id)
    text = f"# {kind} in {CANDIDATES_DIR}/{file.path.name}\n"
    text += yaml.safe_dump(entry, sort_keys=False, allow_unicode=True, width=100)
    document = folder / str(file.content.get("document", ""))
    start, end = entry.get("start"), entry.get("end")
    if isinstance(start, int) and isinstance(end, int) and document.is_file():
        body = document.read_text(encoding="utf-8")
        before = " ".join(body[max(0, start - 200) : start].split())
        after = " ".join(body[end : end + 200].split())
        quote = " ".join(body[start:end].split())
        text += f"\ncontext: …{before} >>>{quote}<<< {after}…\n"
    return text


def clean_entry(entry: dict[str, Any], kind: str) -> dict[str, Any]:
    """The entry in the curated data format: review fields and quote offsets stripped."""
    drop = set(load_rules().review_fields)
    back = {new: old for old, new in RENAMED_FIELDS.get(kind, {}).items()}
    clean = {back.get(k, k): v for k, v in entry.items() if k not in drop}
    if "evidence" in clean:
        clean["evidence"] = [
            {k: v for k, v in item.items() if k in ("source", "quote", "note")}
            for item in clean["evidence"]
        ]
    return clean


def _kind_file(folder: Path, kind: str) -> str:
    """The data file to append ``kind`` entries to: ``<kind>.yaml``, else a file holding the kind."""
    default = f"{kind}.yaml"
    if (folder / default).exists():
        return default
    key = re.compile(rf"^{re.escape(kind)}\s*:", re.MULTILINE)
    for path in sorted(folder.glob("*.yaml")):
        if not path.name.startswith(".") and key.search(path.read_text(encoding="utf-8")):
            return path.name
    return default


def accept(data_dir: Path | str | None, ids: list[str]) -> dict[str, list[str]]:
    """Accept candidates into the curated data; returns {data file: ids appended}.

    Raises:
        CandidateError: an id is not a candidate.
        ReviewError: a candidate was already accepted or rejected.
        DataError: the data would not validate with them (nothing is written).
    """
    folder = _data_dir(data_dir)
    files = load_candidate_files(folder)
    curated = load_data(folder).records
    chosen: dict[str, tuple[CandidateFile, str, dict[str, Any]]] = {}
    for entry_id in ids:
        file, kind, entry = find_candidate(files, entry_id)
        status = entry.get("status", "candidate")
        if status != "candidate":
            raise ReviewError(f"'{entry_id}' is already {status}")
        chosen[entry_id] = (file, kind, entry)
    for entry_id in list(chosen):
        for item in chosen[entry_id][2].get("evidence") or []:
            source = item.get("source")
            if source and source not in curated and source not in chosen:
                try:
                    found = find_candidate(files, source)
                except CandidateError:
                    raise ReviewError(f"'{entry_id}' cites unknown source '{source}'") from None
                chosen[source] = found
    by_file: dict[str, list[dict[str, Any]]] = {}
    kinds_of: dict[str, str] = {}
    for _, kind, entry in sorted(chosen.values(), key=lambda c: c[1] != "sources"):
        name = f"{_kind_file(folder, kind)}#{kind}"
        by_file.setdefault(name, []).append(clean_entry(entry, kind))
        kinds_of[name] = kind
    stamp = f"accepted by `kg review` on {dt.date.today().isoformat()}"
    new_texts: dict[str, str] = {}
    for key, entries in by_file.items():
        name = key.partition("#")[0]
        path = folder / name
        text = new_texts.get(name) or (path.read_text(encoding="utf-8") if path.exists() else None)
        new_texts[name] = append_entries(text, kinds_of[key], entries, stamp)
    _check(folder, new_texts)
    for name, text in new_texts.items():
        write_atomic(folder / name, text)
    for _, _, entry in chosen.values():
        entry["status"] = "accepted"
    for file in {id(f): f for f, _, _ in chosen.values()}.values():
        file.save()
    added: dict[str, list[str]] = {}
    for key, entries in by_file.items():
        added.setdefault(key.partition("#")[0], []).extend(str(e["id"]) for e in entries)
    return added


def _check(folder: Path, new_texts: dict[str, str]) -> None:
    """Validate the data folder as it would be with ``new_texts``; raise DataError if invalid."""
    with tempfile.TemporaryDirectory(prefix="kg-review-") as temp:
        staging = Path(temp) / "data"
        shutil.copytree(folder, staging, ignore=shutil.ignore_patterns(CANDIDATES_DIR, ".*"))
        for name, text in new_texts.items():
            (staging / name).write_text(text, encoding="utf-8")
        report = validate(staging)
    if report.errors:
        raise DataError(report.errors)


def reject(data_dir: Path | str | None, ids: list[str]) -> list[str]:
    """Mark candidates rejected in their candidate files."""
    files = load_candidate_files(_data_dir(data_dir))
    touched: dict[int, CandidateFile] = {}
    for entry_id in ids:
        file, _, entry = find_candidate(files, entry_id)
        if entry.get("status") == "accepted":
            raise ReviewError(f"'{entry_id}' is already accepted into the data")
        entry["status"] = "rejected"
        touched[id(file)] = file
    for file in touched.values():
        file.save()
    return ids


def edit(data_dir: Path | str | None, entry_id: str, assignments: list[str]) -> dict[str, Any]:
    """Set fields of a candidate from ``field=value`` strings (YAML values; empty removes).

    Example values: ``stance=opposes``, ``date=2022-01-10``, ``subject=[a, b]``.
    """
    folder = _data_dir(data_dir)
    files = load_candidate_files(folder)
    file, kind, entry = find_candidate(files, entry_id)
    if entry.get("status", "candidate") != "candidate":
        raise ReviewError(f"'{entry_id}' is {entry.get('status')}; only candidates can be edited")
    renames = RENAMED_FIELDS.get(kind, {})
    allowed = tuple(renames.get(f, f) for f in KINDS[kind].field_names)
    for assignment in assignments:
        name, sep, raw = assignment.partition("=")
        name = renames.get(name.strip(), name.strip())
        if not sep or not name:
            raise ReviewError(f"'{assignment}' is not field=value")
        if name not in allowed:
            raise ReviewError(f"{kind} have no field '{name}'; fields: {', '.join(allowed)}")
        try:
            value = yaml.safe_load(raw) if raw.strip() else None
        except yaml.YAMLError:
            value = raw
        if isinstance(value, (dt.date, int, float)) and not isinstance(value, bool):
            value = str(raw.strip())
        if name == "id":
            _check_new_id(str(value), files, folder)
        if name == "evidence":
            _check_evidence(value, folder, file)
        if value is None:
            entry.pop(name, None)
        else:
            entry[name] = value
    entry.setdefault("note", [])
    if isinstance(entry["note"], list):
        entry["note"].append(f"edited: {', '.join(a.partition('=')[0] for a in assignments)}")
    file.save()
    return entry


def _check_new_id(new_id: str, files: list[CandidateFile], folder: Path) -> None:
    if not ID_PATTERN.match(new_id):
        raise ReviewError(f"'{new_id}' is not an id (lowercase letters, digits and hyphens)")
    taken = set(load_data(folder).records) | {
        str(e.get("id")) for f in files for _, e in f.entries()
    }
    if new_id in taken:
        raise ReviewError(f"the id '{new_id}' is already used")


def _check_evidence(value: Any, folder: Path, file: CandidateFile) -> None:
    if not isinstance(value, list):
        raise ReviewError("evidence must be a list of {source, quote}")
    path = folder / str(file.content.get("document", ""))
    if path.is_file():
        document = Document.read(path)
        for item in value:
            quote = item.get("quote") if isinstance(item, dict) else None
            if quote and document.find(str(quote)) is None:
                raise ReviewError(f'quote not found verbatim in {path.name}: "{quote[:80]}"')
