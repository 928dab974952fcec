"""Where things are: the data folder, the ontology, the build folder; and tunable settings.

Paths resolve in this order: an explicit argument, an environment variable
(``KG_DATA``, ``KG_ONTOLOGY``, ``KG_BUILD``), then the project checkout the
package was installed from (``pip install -e .``).

Example:
    >>> default_ontology_dir().name
    'ontology'
    >>> [s.name for s in SETTINGS][:2]
    ['data_dir', 'ontology_dir']
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_DIR.parent

ONTOLOGY_FILE = "security-agenda.ttl"
SHAPES_FILE = "shapes.ttl"
#: Files ``kg build`` writes into the build folder.
GRAPH_FILES = {"ttl": "graph.ttl", "nt": "graph.nt", "jsonld": "graph.jsonld"}
MANIFEST_FILE = "manifest.json"


@dataclass(frozen=True)
class Setting:
    """One setting: its name, environment variable, default and help."""

    name: str
    env: str
    default: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("data_dir", "KG_DATA", "data/", "Folder of the curated YAML data and the corpus."),
    Setting("ontology_dir", "KG_ONTOLOGY", "ontology/", "Folder of the ontology and SHACL shapes."),
    Setting("build_dir", "KG_BUILD", "build/", "Folder `kg build` writes and other commands read."),
)


def _resolve(env: str, folder: str) -> Path:
    value = os.environ.get(env)
    if value:
        return Path(value)
    bundled = PACKAGE_DIR / "_bundled" / folder
    checkout = PROJECT_ROOT / folder
    if checkout.exists() or not bundled.exists():
        return checkout
    return bundled


def default_data_dir() -> Path:
    """The data folder: ``$KG_DATA`` or the project's ``data/``."""
    return _resolve("KG_DATA", "data")


def default_ontology_dir() -> Path:
    """The ontology folder: ``$KG_ONTOLOGY`` or the project's ``ontology/``."""
    return _resolve("KG_ONTOLOGY", "ontology")


def default_build_dir() -> Path:
    """The build folder: ``$KG_BUILD``, the checkout's ``build/``, else ``./build``."""
    value = os.environ.get("KG_BUILD")
    if value:
        return Path(value)
    if (PROJECT_ROOT / "pyproject.toml").exists():
        return PROJECT_ROOT / "build"
    return Path.cwd() / "build"
