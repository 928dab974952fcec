"""Turn checked records into RDF: mint IRIs, map fields with the schema, add provenance.

This is the only module that adds triples to the data graph. IRIs are stable:
``sad:{id}`` for entries, ``sad:{id}/evidence/{n}`` (and ``/affiliation/{n}``,
``/dispute/{n}``) for the nodes inside them.

Example:
    >>> from kg.loaders import load_data
    >>> g = records_to_graph(load_data())
    >>> (SAD.russia, RDF.type, SA.State) in g
    True
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

from kg.dates import FuzzyDate
from kg.loaders import Dataset, Record
from kg.namespaces import SA, SAD, WD, bind_prefixes
from kg.schema import DERIVED_FROM, KINDS, SUB_PREDICATES, FieldType
from kg.settings import ONTOLOGY_FILE, default_ontology_dir
from kg.vocab import Vocabularies, vocabularies_from_graph

ISSUE_SCHEME = SAD["issue-scheme"]
#: Text fields written as plain strings rather than English-tagged literals.
PLAIN_TEXT = {"language", "original_file", "quote", "note"}
#: Extra classes asserted with a kind's own class (so queries need no inference).
SUPERCLASSES = {"positions": SA.Claim, "linkages": SA.Claim}


def load_ontology(ontology_dir: Path | None = None) -> Graph:
    """Parse the ontology Turtle file into a new graph."""
    folder = ontology_dir or default_ontology_dir()
    return bind_prefixes(Graph()).parse(folder / ONTOLOGY_FILE, format="turtle")


class _Builder:
    def __init__(self, dataset: Dataset, vocab: Vocabularies) -> None:
        self.dataset = dataset
        self.vocab = vocab
        self.graph = bind_prefixes(Graph())

    def add(self, s: URIRef, p: URIRef, o: Any) -> None:
        self.graph.add((s, p, o))

    def text(self, value: str, name: str) -> Literal:
        return Literal(value) if name in PLAIN_TEXT else Literal(value, lang="en")

    def label_of(self, ref: str) -> str:
        record = self.dataset.records.get(ref)
        return record.label if record else ref

    def add_date(self, node: URIRef, predicate: URIRef, date: FuzzyDate) -> None:
        self.add(node, predicate, date.literal())
        if predicate == DCTERMS.date:
            self.add(node, SA.sortDate, Literal(date.start, datatype=XSD.date))
            self.add(node, SA.sortEndDate, Literal(date.end, datatype=XSD.date))

    def record(self, record: Record) -> None:
        kind = KINDS[record.kind]
        node = SAD[record.id]
        self.add(node, RDF.type, kind.rdf_class)
        if record.kind in SUPERCLASSES:
            self.add(node, RDF.type, SUPERCLASSES[record.kind])
        for spec in kind.fields:
            value = record.values.get(spec.name)
            if value is None:
                continue
            t = spec.type
            if t is FieldType.TYPE:
                assert spec.enum is not None
                self.add(node, RDF.type, self.vocab.term(spec.enum, value))
                continue
            assert spec.predicate is not None
            p = spec.predicate
            if t in (FieldType.TEXT, FieldType.PATH):
                self.add(node, p, self.text(value, spec.name))
            elif t is FieldType.TEXTS:
                for item in value:
                    self.add(node, p, self.text(item, spec.name))
            elif t is FieldType.DATE:
                self.add_date(node, p, value)
            elif t is FieldType.REF:
                self.add(node, p, SAD[value])
            elif t is FieldType.REFS:
                for item in value:
                    self.add(node, p, SAD[item])
            elif t is FieldType.ENUM:
                assert spec.enum is not None
                self.add(node, p, self.vocab.term(spec.enum, value))
            elif t is FieldType.URL:
                self.add(node, p, URIRef(value))
            elif t is FieldType.QID:
                self.add(node, p, WD[value])
            else:
                sub_class = {
                    FieldType.EVIDENCE: SA.Evidence,
                    FieldType.AFFILIATIONS: SA.Affiliation,
                    FieldType.DISPUTES: SA.StatusDispute,
                }[t]
                segment = {
                    "evidence": "evidence",
                    "affiliations": "affiliation",
                    "disputes": "dispute",
                }[spec.name]
                for index, item in enumerate(value, start=1):
                    sub = SAD[f"{record.id}/{segment}/{index}"]
                    self.add(node, p, sub)
                    self.add(sub, RDF.type, sub_class)
                    self.subrecord(node, sub, item)
        self.labels(record, node)
        if record.kind == "issues":
            self.add(node, SKOS.inScheme, ISSUE_SCHEME)
            if not record.get("broader"):
                self.add(node, SKOS.topConceptOf, ISSUE_SCHEME)
                self.add(ISSUE_SCHEME, SKOS.hasTopConcept, node)
            for broader in record.get("broader") or []:
                self.add(SAD[broader], SKOS.narrower, node)

    def subrecord(self, owner: URIRef, node: URIRef, item: dict[str, Any]) -> None:
        for key, value in item.items():
            if key in ("start", "end"):
                self.add(
                    node,
                    SA.quoteStart if key == "start" else SA.quoteEnd,
                    Literal(value, datatype=XSD.integer),
                )
            elif key == "evidence":
                for index, evidence in enumerate(value, start=1):
                    sub = SAD[f"{node.removeprefix(str(SAD))}/evidence/{index}"]
                    self.add(node, SA.evidence, sub)
                    self.add(sub, RDF.type, SA.Evidence)
                    self.subrecord(node, sub, evidence)
            elif isinstance(value, FuzzyDate):
                self.add_date(node, SUB_PREDICATES[key], value)
            elif key in ("source", "organization", "actor"):
                self.add(node, SUB_PREDICATES[key], SAD[value])
                if key == "source":
                    self.add(owner, DERIVED_FROM, SAD[value])
            else:
                self.add(node, SUB_PREDICATES[key], self.text(value, key))

    def labels(self, record: Record, node: URIRef) -> None:
        """rdfs:label for every entry: its name, or a generated summary for claims."""
        v = record.values
        if "label" in v:
            text = v["label"]
        elif record.kind == "sources":
            text = v.get("title", record.id)
        elif record.kind == "positions":
            text = (
                f"{self.label_of(v.get('actor', '?'))} {v.get('stance', '?')} "
                f"{self.label_of(v.get('target', '?'))}"
            )
        elif record.kind == "linkages":
            subjects = ", ".join(self.label_of(s) for s in v.get("subject", []))
            conditions = ", ".join(self.label_of(c) for c in v.get("condition", []))
            text = (
                f"{self.label_of(v.get('actor', '?'))} links {subjects} to {conditions} "
                f"({v.get('linkage_type', '?')})"
            )
        elif record.kind == "treaty_actions":
            who = ", ".join(self.label_of(a) for a in v.get("actors", [])) or "all parties"
            text = (
                f"{self.label_of(v.get('agreement', '?'))}: {v.get('action', '?')} "
                f"({who}, {v.get('date', '?')})"
            )
        else:
            text = record.id
        self.add(node, RDFS.label, Literal(text, lang="en"))


def records_to_graph(dataset: Dataset, ontology: Graph | None = None) -> Graph:
    """Build the data graph of a dataset (without the ontology's own triples).

    Args:
        dataset: Records from :func:`kg.loaders.load_data`, free of errors.
        ontology: The ontology graph, for the code tables (default: the project's).
    """
    vocab = vocabularies_from_graph(ontology if ontology is not None else load_ontology())
    builder = _Builder(dataset, vocab)
    builder.add(ISSUE_SCHEME, RDF.type, SKOS.ConceptScheme)
    builder.add(ISSUE_SCHEME, SKOS.prefLabel, Literal("Security-agenda issues", lang="en"))
    builder.add(ISSUE_SCHEME, RDFS.label, Literal("Security-agenda issues", lang="en"))
    for record in dataset.records.values():
        builder.record(record)
    return builder.graph
