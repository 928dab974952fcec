"""Problems found in data files, reported all at once with file, entry and field."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    """How bad a problem is: errors stop the build, warnings are printed."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One problem in the data, located as precisely as the input allows.

    Example:
        >>> str(Problem("data/positions.yaml", "bad date", entry="p1", field="date", line=4))
        "data/positions.yaml:4: error: entry 'p1', field 'date': bad date"
    """

    file: str
    message: str
    entry: str | None = None
    field: str | None = None
    line: int | None = None
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        parts = []
        if self.entry is not None:
            parts.append(f"entry '{self.entry}'")
        if self.field is not None:
            parts.append(f"field '{self.field}'")
        location = (", ".join(parts) + ": ") if parts else ""
        return f"{where}: {self.severity.value}: {location}{self.message}"

    def to_dict(self) -> dict[str, str | int | None]:
        """Return the problem as a plain dict (for JSON output)."""
        return {
            "file": self.file,
            "line": self.line,
            "entry": self.entry,
            "field": self.field,
            "severity": self.severity.value,
            "message": self.message,
        }


def errors_in(problems: list[Problem]) -> list[Problem]:
    """The problems that stop a build."""
    return [p for p in problems if p.severity is Severity.ERROR]


def warnings_in(problems: list[Problem]) -> list[Problem]:
    """The problems that are only reported."""
    return [p for p in problems if p.severity is Severity.WARNING]


class KGError(Exception):
    """Base class of the project's errors; the CLI turns them into clean messages."""


class DataError(KGError):
    """The data files have errors; ``problems`` lists every one found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        errors = errors_in(problems)
        super().__init__(f"{len(errors)} error(s) in the data:\n" + "\n".join(map(str, errors)))
