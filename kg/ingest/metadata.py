"""Source metadata from an article: title, date, dateline, authors and publisher.

Only what the text (or its markup) states is recorded: a missing date stays
missing and is explained in ``date_note``; names are linked to the data's
entries when known and otherwise listed as unresolved for the analyst.

Example:
    >>> m = extract_metadata("Title here\\n\\nMOSCOW, NOVEMBER 3, 2020. PIR PRESS. Text.", {}, None)
    >>> m.title, m.date, m.dateline_text
    ('Title here', '2020-11-03', 'MOSCOW')
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from kg.ingest.datetext import find_dates
from kg.ingest.gazetteer import Gazetteer
from kg.ingest.rules import load_rules
from kg.ingest.text import fold_case

#: A dateline: a place in capitals at the start of a line, then a date or a dash.
DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z .'’-]{2,40}?)(?:,\s*(?P<date>[A-Za-z]+\.? \d{1,2},? \d{4})\.?"
    r"(?:\s+(?P<agency>[A-Z][A-Z .-]{2,40}?)\.)?|\s+[–—-]\s)",
    re.MULTILINE,
)
#: "By Jane Doe" author lines.
BYLINE = re.compile(r"^\s*(?:By|BY|Author:|Written by)\s+(?P<name>[^\n,|]{3,60})$", re.MULTILINE)
#: Lines that state a publication date.
DATE_LINE = re.compile(
    r"^\s*(?:Published|Posted|Date|Updated)\s*:?\s*(?P<date>.{6,40})$", re.I | re.M
)
#: Actor types named in a page footer that are taken as its publisher.
PUBLISHER_TYPES = ("media-organization",)
#: Source types guessed from what the text says of itself: (pattern, source_type).
SOURCE_TYPE_HINTS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"\bviews expressed in this article are solely those of the author", re.I),
        "opinion",
    ),
    (re.compile(r"\b(?:op-ed|opinion|commentary)\b", re.I), "opinion"),
    (re.compile(r"\bPRESS\b|\bpress release\b"), "press-release"),
)
DEFAULT_SOURCE_TYPE = "news-report"


@dataclass
class Metadata:
    """What an article states about itself."""

    title: str | None = None
    date: str | None = None
    date_text: str | None = None
    dateline: str | None = None
    dateline_text: str | None = None
    authors: list[str] = field(default_factory=list)
    publisher: str | None = None
    source_type: str = DEFAULT_SOURCE_TYPE
    unresolved: list[str] = field(default_factory=list)

    @property
    def reference_date(self) -> dt.date | None:
        """The publication day, when known to the day (for resolving "on Monday")."""
        if self.date and len(self.date) == 10:
            return dt.date.fromisoformat(self.date)
        return None


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _date_line(lines: list[str]) -> tuple[str | None, str | None]:
    """A line that holds nothing but a full date ("JANUARY 10, 2022"): the document's date."""
    for line in lines:
        found = find_dates(line, None)
        if (
            len(found) == 1
            and found[0].value
            and len(found[0].value) == 10
            and found[0].text == line.strip().rstrip(".")
        ):
            return found[0].value, line.strip()
    return None, None


def _first_date(text: str) -> str | None:
    for mention in find_dates(text, None):
        if mention.value:
            return mention.value
    return None


def extract_metadata(text: str, meta: dict[str, str], gazetteer: Gazetteer | None) -> Metadata:
    """Read title, date, dateline, authors and publisher from ``text`` and markup ``meta``."""
    rules = load_rules()
    result = Metadata()
    lines = _lines(text)
    result.title = meta.get("title") or next(
        (
            line
            for line in lines[:3]
            if len(line) <= rules.max_title_length
            and not line.endswith(".")
            and not DATELINE.match(line)
        ),
        None,
    )
    if not result.title:
        opening = " ".join(" ".join(lines[:1]).split()[:8])
        result.title = f"[Untitled] {opening}…"
    head = "\n".join(lines[:8])
    dateline = DATELINE.search(head)
    if meta.get("date"):
        result.date = _first_date(meta["date"])
        result.date_text = meta["date"]
    if dateline:
        result.dateline_text = dateline.group("place").strip()
        if dateline.group("date") and not result.date:
            result.date = _first_date(dateline.group("date"))
            result.date_text = dateline.group(0).strip()
    if not result.date:
        stated = DATE_LINE.search(head)
        if stated and _first_date(stated.group("date")):
            result.date = _first_date(stated.group("date"))
            result.date_text = stated.group(0).strip()
    if not result.date:
        result.date, result.date_text = _date_line(lines[:8])
    authors: list[str] = []
    if meta.get("author"):
        authors += [a.strip() for a in re.split(r",| and ", meta["author"]) if a.strip()]
    byline = BYLINE.search(head)
    if byline:
        authors += [a.strip() for a in re.split(r",| and ", byline.group("name")) if a.strip()]
    elif len(lines) > 1 and not authors:
        for line in lines[1:4]:
            words = line.split()
            if (
                len(line) <= rules.max_author_line_length
                and 2 <= len(words) <= 4
                and all(w[:1].isupper() for w in words)
                and not any(w in rules.stopwords for w in words)
                and not any(c.isdigit() for c in line)
            ):
                authors.append(line)
                break
    for kind_hint, pattern in SOURCE_TYPE_HINTS:
        if kind_hint.search(text):
            result.source_type = pattern
            break
    if gazetteer is not None:
        _link(
            result,
            authors,
            dateline.group("agency") if dateline and dateline.group("agency") else None,
            meta,
            lines,
            gazetteer,
        )
    else:
        result.unresolved += authors
    return result


def _link(
    result: Metadata,
    authors: list[str],
    agency: str | None,
    meta: dict[str, str],
    lines: list[str],
    gazetteer: Gazetteer,
) -> None:
    if result.dateline_text:
        place = _lookup(gazetteer, result.dateline_text, ("places",))
        if place:
            result.dateline = place
        else:
            result.unresolved.append(f"dateline place: {result.dateline_text}")
    for name in authors:
        entity = _lookup(gazetteer, name, ("persons", "actors"))
        if entity:
            result.authors.append(entity)
        else:
            result.unresolved.append(f"author: {name}")
    names = [n for n in (meta.get("publisher"), agency) if n]
    for name in names:
        entity = _lookup(gazetteer, name, ("actors",))
        if entity:
            result.publisher = entity
            return
        result.unresolved.append(f"publisher: {name}")
    footer = "\n".join(lines[-10:])
    for mention in gazetteer.find(footer):
        record = gazetteer.records.get(mention.entity)
        if record is not None and record.get("type") in PUBLISHER_TYPES:
            result.publisher = mention.entity
            return


def _lookup(gazetteer: Gazetteer, name: str, kinds: tuple[str, ...]) -> str | None:
    """The entry a whole name (not a part of it) refers to, among ``kinds``."""
    wanted = fold_case(" ".join(name.split()))
    for record in gazetteer.records.values():
        if record.kind not in kinds:
            continue
        names = [record.get("label"), *(record.get("aliases") or [])]
        if any(n and fold_case(str(n)) == wanted for n in names):
            return record.id
    for mention in gazetteer.find(name):
        if mention.kind in kinds and mention.end - mention.start >= len(name.strip()) - 3:
            return mention.entity
    return None
