"""Date expressions in running text, resolved to data-file dates (YYYY, YYYY-MM, YYYY-MM-DD).

Absolute dates resolve on their own; a month and day without a year, a weekday
("on Monday") or "today" resolve only against the document's date, and stay
unresolved (None) when the document date is unknown: a year is never guessed.

Example:
    >>> import datetime as dt
    >>> [(d.text, d.value) for d in find_dates("Talks on January 10 and in June 2021.",
    ...                                        dt.date(2022, 2, 1))]
    [('January 10', '2022-01-10'), ('June 2021', '2021-06')]
    >>> [d.value for d in find_dates("He spoke on Monday.", dt.date(2022, 2, 10))]
    ['2022-02-07']
    >>> [d.value for d in find_dates("He spoke on Monday.", None)]
    [None]
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTH = r"(January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"

#: (pattern, kind) in order of preference; earlier patterns win overlapping matches.
PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"), "iso"),
    (re.compile(rf"\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I), "mdy"),
    (re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?\s+(\d{{4}})\b", re.I), "dmy"),
    (re.compile(rf"\b{_MONTH}\s+(\d{{4}})\b", re.I), "my"),
    (re.compile(rf"\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?!\s*,?\s*\d{{4}})", re.I), "md"),
    (re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH}\b", re.I), "dm"),
    (
        re.compile(
            r"\b(?:on|last|this)\s+(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b",
            re.I,
        ),
        "weekday",
    ),
    (re.compile(r"\b(today|yesterday)\b", re.I), "relative"),
    (re.compile(r"\b(?:in|since|of|by|until|during)\s+((?:19|20)\d{2})\b"), "year"),
)


@dataclass(frozen=True)
class DateMention:
    """A date expression: offsets in the searched text, its words, and the resolved date."""

    start: int
    end: int
    text: str
    value: str | None


def find_dates(text: str, reference: dt.date | None) -> list[DateMention]:
    """Date expressions of ``text``, in order, resolved against ``reference`` when relative."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for pattern, kind in PATTERNS:
        for match in pattern.finditer(text):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            value = _resolve(kind, match.groups(), reference)
            start = match.start(1) if kind == "year" else match.start()
            taken.append((match.start(), match.end()))
            found.append(DateMention(start, match.end(), text[start : match.end()], value))
    return sorted(found, key=lambda d: d.start)


def _month(word: str) -> int:
    return MONTHS[word.lower().rstrip(".")]


def _resolve(kind: str, groups: tuple[str, ...], reference: dt.date | None) -> str | None:
    try:
        if kind == "iso":
            return dt.date(int(groups[0]), int(groups[1]), int(groups[2])).isoformat()
        if kind == "mdy":
            return dt.date(int(groups[2]), _month(groups[0]), int(groups[1])).isoformat()
        if kind == "dmy":
            return dt.date(int(groups[2]), _month(groups[1]), int(groups[0])).isoformat()
        if kind == "my":
            return f"{int(groups[1]):04d}-{_month(groups[0]):02d}"
        if kind == "year":
            return groups[0]
        if reference is None:
            return None
        if kind in ("md", "dm"):
            month, day = (
                (_month(groups[0]), int(groups[1]))
                if kind == "md"
                else (_month(groups[1]), int(groups[0]))
            )
            candidate = dt.date(reference.year, month, day)
            if candidate > reference + dt.timedelta(days=31):
                candidate = dt.date(reference.year - 1, month, day)
            return candidate.isoformat()
        if kind == "weekday":
            target = WEEKDAYS.index(groups[0].lower())
            back = (reference.weekday() - target) % 7
            return (reference - dt.timedelta(days=back)).isoformat()
        if kind == "relative":
            delta = 1 if groups[0].lower() == "yesterday" else 0
            return (reference - dt.timedelta(days=delta)).isoformat()
    except ValueError:
        return None
    return None  # pragma: no cover
