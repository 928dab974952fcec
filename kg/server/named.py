"""The named queries offered in the editor: from ``kg.named_queries`` when present, else ``kg/queries/*.rq``.

Example:
    >>> all(q.query.strip() for q in named_queries())
    True
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

QUERIES_DIR = Path(__file__).resolve().parent.parent / "queries"


@dataclass(frozen=True)
class NamedQuery:
    """A query shown in the editor's list."""

    name: str
    title: str
    description: str
    query: str


def _field(item: Any, *names: str) -> str:
    for name in names:
        value = item.get(name) if isinstance(item, dict) else getattr(item, name, None)
        if isinstance(value, str) and value:
            return value
    return ""


def _editor_text(item: Any) -> str:
    """A runnable text for the editor: parameters bound to the query's first example."""
    from kg.namespaces import SAD

    text = str(getattr(item, "text", "") or "")
    params = tuple(getattr(item, "params", ()) or ())
    examples = tuple(getattr(item, "examples", ()) or ())
    header = [] if text.lstrip().startswith("#") else [f"# {getattr(item, 'question', '')}"]
    bind = getattr(item, "bind", None)
    if params and bind is not None:
        values = dict(examples[0]) if examples else {}
        try:
            text = bind(values, lambda name, kind: str(SAD[name]))
            if values:
                shown = "; ".join(f"{k}={v}" for k, v in values.items())
                header.append(f"# bound to the example: {shown}")
        except Exception:  # an example the simple resolver cannot bind: show the raw text
            pass
    return "".join(line + "\n" for line in header) + text.lstrip("\n")


def _from_module() -> list[NamedQuery] | None:
    try:
        module = importlib.import_module("kg.named_queries")
    except ImportError:
        return None
    lister = getattr(module, "list_queries", None)
    if lister is None:
        return None
    found = []
    for item in lister():
        name = item if isinstance(item, str) else _field(item, "name", "id")
        if not isinstance(item, str) and getattr(item, "text", None):
            text = _editor_text(item)
        else:
            text = "" if isinstance(item, str) else _field(item, "sparql", "query", "source")
        if not text and (QUERIES_DIR / f"{name}.rq").exists():
            text = (QUERIES_DIR / f"{name}.rq").read_text(encoding="utf-8")
        if text:
            title = _field(item, "question", "title", "label") or name.replace("-", " ")
            found.append(NamedQuery(name, title, _field(item, "description", "doc"), text))
    return found


def _describe(text: str) -> str:
    lines = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        lines.append(line.lstrip("# ").strip())
    return " ".join(line for line in lines if line)


def _from_files(folder: Path = QUERIES_DIR) -> list[NamedQuery]:
    found = []
    for path in sorted(folder.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        title = path.stem.replace("-", " ").replace("_", " ")
        found.append(NamedQuery(path.stem, title, _describe(text), text))
    return found


def named_queries() -> list[NamedQuery]:
    """The named queries, in their catalogue's order."""
    found = _from_module()
    if found:
        return found
    return _from_files()
