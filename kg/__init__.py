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

def __getattr__(name: str) -> object:
    """Import the query API on first use (``kg.load``, ``kg.KnowledgeGraph``)."""
    if name in ("load", "KnowledgeGraph"):
        from kg import api

        return getattr(api, name)
    raise AttributeError(f"module 'kg' has no attribute {name!r}")


__all__ = [
    "KnowledgeGraph",
    "BuildResult",
    "DataError",
    "Dataset",
    "KGError",
    "Problem",
    "ValidationReport",
    "__version__",
    "build",
    "load",
    "load_data",
    "validate",
]
