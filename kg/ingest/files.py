"""Atomic file writes and plain-text appends to YAML data files (comments and layout kept).

Example:
    >>> text = "# Positions\\npositions:\\n  - id: a\\n    actor: x\\n"
    >>> print(append_entries(text, "positions", [{"id": "b", "actor": "y"}]), end="")
    # Positions
    positions:
      - id: a
        actor: x
      - id: b
        actor: y
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from typing import Any

import yaml

from kg.errors import KGError


class AppendError(KGError):
    """A data file's layout does not allow appending entries as text."""


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file and ``os.replace``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def dump_entries(entries: list[dict[str, Any]], indent: str = "  ") -> str:
    """YAML block text of a list of entries, each line indented by ``indent``."""
    text = yaml.safe_dump(
        entries, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False
    )
    return "".join(indent + line if line.strip() else line for line in text.splitlines(True))


def append_entries(
    text: str | None, kind: str, entries: list[dict[str, Any]], comment: str | None = None
) -> str:
    """Return ``text`` with ``entries`` added at the end of its ``kind:`` list, as text.

    The rest of the file (comments, order, quoting) is left as it is. A file
    without the kind gets a new ``kind:`` section at its end.
    """
    lines = (text or "").splitlines(True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    key = re.compile(rf"^{re.escape(kind)}\s*:\s*(#.*)?$")
    start = next((i for i, line in enumerate(lines) if key.match(line.rstrip("\n"))), None)
    note = f"# {comment}\n" if comment else ""
    if start is None:
        if any(re.match(rf"^{re.escape(kind)}\s*:", line) for line in lines):
            raise AppendError(
                f"'{kind}:' is written in flow style ([...]); write it as a block list to append"
            )
        block = dump_entries(entries)
        prefix = "".join(lines)
        return prefix + f"{kind}:\n" + (f"  {note}" if note else "") + block
    end = next(
        (i for i in range(start + 1, len(lines)) if re.match(r"^[^\s#-]", lines[i])), len(lines)
    )
    while end > start + 1 and (
        not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")
    ):
        if end == len(lines) and lines[end - 1].lstrip().startswith("#"):
            break  # trailing comments of the last section stay with it
        end -= 1
    indent = "  "
    for line in lines[start + 1 : end]:
        match = re.match(r"^(\s*)- ", line)
        if match:
            indent = match.group(1)
            break
    block = (indent + note if note else "") + dump_entries(entries, indent)
    return "".join(lines[:end]) + block + "".join(lines[end:])
