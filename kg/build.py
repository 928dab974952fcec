"""The build: data files -> validated graph -> ``graph.ttl``, ``graph.nt``, ``graph.jsonld``.

Outputs are written into a staging folder beside the build folder and swapped in
only when everything succeeded, so a failed build leaves the previous one intact.
A manifest records a fingerprint of the inputs, so readers can tell a stale build.

Example:
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "build"
    >>> result = build(out_dir=out)
    >>> sorted(p.name for p in out.iterdir())[:3]
    ['graph.jsonld', 'graph.nt', 'graph.ttl']
    >>> is_stale(out)
    False
"""

from __future__ import annotations

import hashlib
import importlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from kg import __version__
from kg.errors import DataError, Problem
from kg.graph import load_ontology
from kg.namespaces import PREFIXES, bind_prefixes
from kg.schema import KINDS
from kg.settings import (
    GRAPH_FILES,
    MANIFEST_FILE,
    default_build_dir,
    default_data_dir,
    default_ontology_dir,
)
from kg.validate import validate

Progress = Callable[[str], None]

#: Extra artefacts written into the build folder after the graph, as
#: ``"module:function"``; each function takes ``(graph_file: Path, out_dir: Path)``.
ARTIFACT_WRITERS: tuple[str, ...] = ("kg.viz.build_maps:write_build_maps",)


@dataclass
class BuildResult:
    """What a build produced."""

    out_dir: Path
    triples: int
    counts: dict[str, int]
    warnings: list[Problem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    fingerprint: str = ""
    seconds: float = 0.0


def input_fingerprint(data_dir: Path | None = None, ontology_dir: Path | None = None) -> str:
    """A hash of every input file (data, corpus, ontology) and the package version."""
    digest = hashlib.sha256(__version__.encode())
    for folder in (data_dir or default_data_dir(), ontology_dir or default_ontology_dir()):
        folder = Path(folder)
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            digest.update(path.relative_to(folder).as_posix().encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def read_manifest(build_dir: Path) -> dict[str, object] | None:
    """The manifest of a build folder, or None if there is none."""
    try:
        return json.loads((Path(build_dir) / MANIFEST_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def is_stale(
    build_dir: Path | None = None, data_dir: Path | None = None, ontology_dir: Path | None = None
) -> bool:
    """True when the build is missing or was made from other inputs than the current ones."""
    manifest = read_manifest(Path(build_dir or default_build_dir()))
    if manifest is None:
        return True
    return manifest.get("fingerprint") != input_fingerprint(data_dir, ontology_dir)


def _write_graph(graph: Graph, staging: Path) -> list[str]:
    graph.serialize(staging / GRAPH_FILES["ttl"], format="turtle", encoding="utf-8")
    graph.serialize(staging / GRAPH_FILES["nt"], format="nt", encoding="utf-8")
    context = {prefix: str(ns) for prefix, ns in PREFIXES.items()}
    graph.serialize(
        staging / GRAPH_FILES["jsonld"], format="json-ld", context=context, encoding="utf-8"
    )
    return list(GRAPH_FILES.values())


def replace_dir(staging: Path, target: Path) -> None:
    """Swap ``staging`` in as ``target``: the old folder is removed only after the swap."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        os.replace(target, old)
    try:
        os.replace(staging, target)
    except OSError:
        if old is not None:
            os.replace(old, target)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def build(
    data_dir: Path | str | None = None,
    out_dir: Path | str | None = None,
    ontology_dir: Path | str | None = None,
    progress: Progress | None = None,
) -> BuildResult:
    """Validate the data and write the graph files into ``out_dir`` atomically.

    Args:
        data_dir: The data folder (default: the project's ``data/``).
        out_dir: The build folder (default: the project's ``build/``).
        ontology_dir: The ontology folder (default: the project's ``ontology/``).
        progress: Called with a line of text at each step.

    Raises:
        DataError: listing every problem, when the data has errors; nothing is written.
    """
    started = time.perf_counter()
    say = progress or (lambda _msg: None)
    data = Path(data_dir) if data_dir else default_data_dir()
    ont = Path(ontology_dir) if ontology_dir else default_ontology_dir()
    out = Path(out_dir) if out_dir else default_build_dir()

    say(f"Loading and checking {data} ...")
    report = validate(data, ont)
    if not report.conforms:
        raise DataError(report.problems)
    assert report.graph is not None and report.dataset is not None
    say("Data valid (schema, references, quotes, dates, SHACL).")

    graph = bind_prefixes(Graph())
    for triple in report.graph:
        graph.add(triple)
    for triple in load_ontology(ont):
        graph.add(triple)
    counts = {kind: len(report.dataset.of_kind(kind)) for kind in KINDS}

    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    staging.chmod(0o755)
    try:
        say(f"Writing {len(graph)} triples ...")
        files = _write_graph(graph, staging)
        for spec in ARTIFACT_WRITERS:
            module, _, function = spec.partition(":")
            say(f"Writing {spec} ...")
            written = getattr(importlib.import_module(module), function)(
                staging / GRAPH_FILES["nt"], staging
            )
            files.extend(written or [])
        fingerprint = input_fingerprint(data, ont)
        manifest = {
            "kg_version": __version__,
            "fingerprint": fingerprint,
            "data_dir": str(data),
            "triples": len(graph),
            "counts": counts,
            "files": files,
        }
        (staging / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        replace_dir(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return BuildResult(
        out,
        len(graph),
        counts,
        report.warnings,
        [*files, MANIFEST_FILE],
        fingerprint,
        time.perf_counter() - started,
    )
