"""Security-agenda knowledge graph: the international-security agenda as a sourced RDF graph.

Example:
    >>> import kg
    >>> kg.validate().conforms
    True
"""

from __future__ import annotations

__version__ = "0.1.0"

from kg.build import BuildResult, build
from kg.errors import DataError, KGError, Problem
from kg.loaders import Dataset, load_data
from kg.validate import ValidationReport, validate

#: Public names imported on first use, so ``import kg`` stays light: name -> module.
_LAZY = {
    "load": "kg.api",
    "KnowledgeGraph": "kg.api",
    "GraphStore": "kg.store",
    "RemoteStore": "kg.remote",
    "visualize": "kg.viz",
}


def __getattr__(name: str) -> object:
    """Import the query API, stores and visualization on first use."""
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'kg' has no attribute {name!r}")


__all__ = [
    "BuildResult",
    "DataError",
    "Dataset",
    "GraphStore",
    "KGError",
    "KnowledgeGraph",
    "Problem",
    "RemoteStore",
    "ValidationReport",
    "__version__",
    "build",
    "load",
    "load_data",
    "validate",
    "visualize",
]
