"""Shared fixtures: small graphs built once per session from tests/data/mini."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.api import KnowledgeGraph, load
from kg.build import build
from kg.store import GraphStore

TESTS_DIR = Path(__file__).parent
MINI_DATA = TESTS_DIR / "data" / "mini"
PROJECT_ROOT = TESTS_DIR.parent
SHARED_DIR = PROJECT_ROOT.parent / "shared"


@pytest.fixture(scope="session")
def mini_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A build folder made from the mini dataset."""
    out = tmp_path_factory.mktemp("mini") / "build"
    build(MINI_DATA, out)
    return out


@pytest.fixture(scope="session")
def mini_store(mini_build: Path) -> GraphStore:
    """The mini graph in an Oxigraph store."""
    return GraphStore.open(mini_build)


@pytest.fixture(scope="session")
def project_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A build folder made from the project's bundled data."""
    out = tmp_path_factory.mktemp("project") / "build"
    build(out_dir=out)
    return out


@pytest.fixture(scope="session")
def project_store(project_build: Path) -> GraphStore:
    """The bundled graph in an Oxigraph store."""
    return GraphStore.open(project_build)


@pytest.fixture(scope="session")
def mini(mini_store: GraphStore) -> KnowledgeGraph:
    """The mini graph behind the Python API."""
    return load(engine=mini_store)


@pytest.fixture(scope="session")
def project(project_store: GraphStore) -> KnowledgeGraph:
    """The bundled graph behind the Python API."""
    return load(engine=project_store)


@pytest.fixture
def mini_copy(tmp_path: Path) -> Path:
    """A writable copy of the mini dataset, for tests that break it."""
    target = tmp_path / "data"
    shutil.copytree(MINI_DATA, target)
    return target
