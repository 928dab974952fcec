"""Dates of varying precision (YYYY, YYYY-MM, YYYY-MM-DD) as used in the data files.

Example:
    >>> d = parse_date("2022-02")
    >>> d.start, d.end, d.precision
    (datetime.date(2022, 2, 1), datetime.date(2022, 2, 28), 'month')
    >>> parse_date("2022-02-30")
    Traceback (most recent call last):
    ...
    ValueError: '2022-02-30' is not a valid date: day is out of range for month
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from rdflib import Literal
from rdflib.namespace import XSD

_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True, order=True)
class FuzzyDate:
    """A date known to a year, a month or a day; ``start``/``end`` bound the period."""

    start: dt.date
    end: dt.date
    precision: str
    text: str

    def literal(self) -> Literal:
        """The RDF literal at its own precision (xsd:gYear, xsd:gYearMonth or xsd:date)."""
        datatype = {"year": XSD.gYear, "month": XSD.gYearMonth, "day": XSD.date}[self.precision]
        return Literal(self.text, datatype=datatype)

    def __str__(self) -> str:
        return self.text


def parse_date(value: object) -> FuzzyDate:
    """Parse a data-file date; raise ValueError with a readable message if invalid.

    YAML reads an unquoted ``2022-01-10`` as a date and ``2022`` as an int: both work.
    """
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return FuzzyDate(value, value, "day", value.isoformat())
    text = str(value).strip()
    match = _PATTERN.match(text)
    if not match:
        raise ValueError(f"'{text}' is not a date: use YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(g) if g else None for g in match.groups())
    assert year is not None
    try:
        if month is None:
            return FuzzyDate(dt.date(year, 1, 1), dt.date(year, 12, 31), "year", text)
        if day is None:
            last = calendar.monthrange(year, month)[1]
            return FuzzyDate(dt.date(year, month, 1), dt.date(year, month, last), "month", text)
        exact = dt.date(year, month, day)
    except ValueError as exc:
        raise ValueError(f"'{text}' is not a valid date: {exc}") from None
    return FuzzyDate(exact, exact, "day", text)


def as_of_date(value: str | dt.date | None) -> dt.date | None:
    """Parse an ``--as-of`` argument: the last day of the period it names.

    Example:
        >>> as_of_date("2021")
        datetime.date(2021, 12, 31)
    """
    if value is None:
        return None
    return parse_date(value).end
