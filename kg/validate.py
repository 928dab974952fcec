"""Validation gate: the loader's checks plus SHACL shapes on the built graph.

Example:
    >>> report = validate()
    >>> report.conforms
    True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pyshacl import validate as shacl_validate
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from kg.errors import Problem, Severity, errors_in, warnings_in
from kg.graph import load_ontology, records_to_graph
from kg.loaders import Dataset, load_data
from kg.namespaces import SAD, SH, bind_prefixes
from kg.settings import SHAPES_FILE, default_ontology_dir


@dataclass
class ValidationReport:
    """What validation found: every problem, and the graph when the data could be built."""

    problems: list[Problem] = field(default_factory=list)
    graph: Graph | None = None
    dataset: Dataset | None = None

    @property
    def errors(self) -> list[Problem]:
        """Problems that stop a build."""
        return errors_in(self.problems)

    @property
    def warnings(self) -> list[Problem]:
        """Problems that are only reported."""
        return warnings_in(self.problems)

    @property
    def conforms(self) -> bool:
        """True when there is no error."""
        return not self.errors


def load_shapes(ontology_dir: Path | None = None) -> Graph:
    """Parse ``ontology/shapes.ttl``."""
    folder = ontology_dir or default_ontology_dir()
    return bind_prefixes(Graph()).parse(folder / SHAPES_FILE, format="turtle")


def shacl_problems(data: Graph, ontology: Graph, shapes: Graph) -> list[Problem]:
    """Run the SHACL shapes over ``data`` (with ``ontology`` for the class hierarchy).

    Each violation becomes a :class:`Problem` naming the focus entry and property.
    """
    combined = Graph()
    for triple in data:
        combined.add(triple)
    for triple in ontology:
        combined.add(triple)
    _, results, _ = shacl_validate(
        combined, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True
    )
    problems = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        message = results.value(result, SH.resultMessage)
        severity = results.value(result, SH.resultSeverity)
        entry = str(focus).removeprefix(str(SAD)) if isinstance(focus, URIRef) else str(focus)
        field_name = data.namespace_manager.normalizeUri(path) if isinstance(path, URIRef) else None
        value = results.value(result, SH.value)
        detail = f"{message}" + (f" (value: {value})" if value is not None else "")
        problems.append(
            Problem(
                "graph (SHACL)",
                f"shape violation: {detail}",
                entry,
                field_name,
                severity=Severity.ERROR if severity == SH.Violation else Severity.WARNING,
            )
        )
    return sorted(problems, key=str)


def validate(
    data_dir: Path | str | None = None, ontology_dir: Path | str | None = None
) -> ValidationReport:
    """Check a data folder: schema, references, quotes, dates, then SHACL.

    SHACL runs only when the data itself has no errors (the graph would be
    incomplete otherwise).
    """
    ont_dir = Path(ontology_dir) if ontology_dir else None
    dataset = load_data(data_dir, ont_dir)
    report = ValidationReport(problems=list(dataset.problems), dataset=dataset)
    if dataset.errors:
        return report
    ontology = load_ontology(ont_dir)
    graph = records_to_graph(dataset, ontology)
    report.problems.extend(shacl_problems(graph, ontology, load_shapes(ont_dir)))
    report.graph = graph
    return report
