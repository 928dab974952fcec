"""Candidate files: unreviewed claims in the data format, under ``data/candidates/``.

A candidate file holds one ingested document's source entry and its candidate
positions, linkages and events, each with ``status`` (candidate, accepted,
rejected), ``confidence``, ``rule`` and the evidence's ``start``/``end``
offsets; the review step strips those fields before accepting. The loader never
reads this folder, so nothing here reaches the curated graph unreviewed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from kg.errors import KGError
from kg.ingest.files import write_atomic
from kg.loaders import UNCURATED_DIRS

CANDIDATES_DIR = UNCURATED_DIRS[0]
#: The kinds a candidate file may hold, in the order they are written.
CANDIDATE_KINDS = ("sources", "positions", "linkages", "events")
STATUSES = ("candidate", "accepted", "rejected")
#: Data fields renamed in candidate files because the review uses their name: an event's own
#: ``status`` (occurred, planned...) is ``event_status`` until the event is accepted.
RENAMED_FIELDS: dict[str, dict[str, str]] = {"events": {"status": "event_status"}}

HEADER = """\
# Candidates extracted by `kg ingest` from {document}: NOT curated data.
# Nothing here is in the graph until accepted. Review with:
#   kg review list | show ID | accept ID... | reject ID... | edit ID --set field=value
# `status`, `confidence`, `rule`, `start`/`end` (offsets of the quote in the document),
# `note`, `unresolved` and `date_text` are review aids, stripped on acceptance. An event's
# own status (occurred, planned, reported) is `event_status` here, `status` once accepted.
"""


class CandidateError(KGError):
    """A candidate file is missing, unreadable, or has no such entry."""


@dataclass
class CandidateFile:
    """One candidate file: its path and parsed content."""

    path: Path
    content: dict[str, Any]

    def entries(self) -> list[tuple[str, dict[str, Any]]]:
        """(kind, entry) pairs, in file order."""
        return [
            (kind, entry)
            for kind in CANDIDATE_KINDS
            for entry in self.content.get(kind) or []
            if isinstance(entry, dict)
        ]

    def save(self) -> None:
        """Write the file back atomically."""
        write_atomic(self.path, render_candidates(self.content))


def candidates_dir(data_dir: Path) -> Path:
    """The candidates folder of a data folder."""
    return data_dir / CANDIDATES_DIR


def render_candidates(content: dict[str, Any]) -> str:
    """The text of a candidate file (header comment, then YAML)."""
    body = yaml.safe_dump(
        content, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False
    )
    return HEADER.format(document=content.get("document", "a document")) + body


def load_candidate_files(data_dir: Path) -> list[CandidateFile]:
    """Every candidate file of ``data_dir``, sorted by name."""
    folder = candidates_dir(data_dir)
    files = []
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        try:
            content = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            raise CandidateError(f"{path}: not a readable candidate file: {exc}") from None
        if not isinstance(content, dict):
            raise CandidateError(f"{path}: not a candidate file (expected a mapping)")
        files.append(CandidateFile(path, content))
    return files


def find_candidate(
    files: list[CandidateFile], entry_id: str
) -> tuple[CandidateFile, str, dict[str, Any]]:
    """The file, kind and entry of candidate ``entry_id``; CandidateError if none."""
    for file in files:
        for kind, entry in file.entries():
            if entry.get("id") == entry_id:
                return file, kind, entry
    raise CandidateError(f"no candidate '{entry_id}' (see `kg review list`)")


def slug(text: str, words: int = 6) -> str:
    """An id-safe slug of the first ``words`` words.

    Example:
        >>> slug("A New Era of Diplomacy? Russia-US Engagements")
        'a-new-era-of-diplomacy-russia'
    """
    from kg.ingest.text import fold_case

    parts = re.findall(r"[a-z0-9]+", fold_case(text))
    return "-".join(parts[:words]) or "document"


def unique_id(base: str, taken: set[str]) -> str:
    """``base``, or ``base-2``, ``base-3``... whichever is not in ``taken`` (which is updated)."""
    base = base[:80].strip("-")
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    taken.add(candidate)
    return candidate


def candidate_ids(files: list[CandidateFile]) -> set[str]:
    """Every id used in candidate files."""
    return {str(entry.get("id")) for file in files for _, entry in file.entries()}
