"""Docs stay true to the code: generated references are current, the README's commands hold."""

from __future__ import annotations

import re

from rdflib.namespace import OWL, RDF

from kg.docgen import data_reference, render_data_doc
from kg.graph import load_ontology
from kg.namespaces import SA
from kg.schema import KINDS

from .conftest import PROJECT_ROOT

DOCS = PROJECT_ROOT / "docs"


def test_data_field_reference_is_current() -> None:
    text = (DOCS / "data.md").read_text(encoding="utf-8")
    assert render_data_doc(text) == text, "run `python -m kg.docgen`"
    for kind in KINDS.values():
        for name in kind.field_names:
            assert f"| `{name}` |" in data_reference()


def test_ontology_reference_covers_every_term() -> None:
    text = (DOCS / "ontology.md").read_text(encoding="utf-8")
    ontology = load_ontology()
    for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty):
        for term in ontology.subjects(RDF.type, kind):
            if str(term).startswith(str(SA)):
                curie = "sa:" + str(term).removeprefix(str(SA))
                assert f"`{curie}`" in text, f"{curie} is not documented; run `python -m kg.docgen`"


def test_readme_starts_with_the_two_commands() -> None:
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```[a-z]*\n(.*?)```", readme, re.S)
    assert block is not None
    commands = [c for c in block.group(1).splitlines() if c.strip() and not c.startswith("#")]
    assert len(commands) == 2
    assert "kg build" in commands[0] and "pip install" in commands[0]
    assert "pytest" in commands[1] and ".[test]" in commands[1]


def test_readme_python_example_runs(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", readme, re.S)
    assert blocks
    monkeypatch.chdir(tmp_path)
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {})
    assert (tmp_path / "jcpoa.html").exists()


def test_readme_commands_exist() -> None:
    from kg.cli import COMMANDS

    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    named = set(re.findall(r"^kg ([a-z-]+)", readme, re.M)) | set(
        re.findall(r"&& kg ([a-z-]+)", readme)
    )
    assert named and named <= set(COMMANDS), named - set(COMMANDS)
