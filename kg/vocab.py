"""The ontology's closed vocabularies, read from the ontology itself (configuration as data).

Each vocabulary term and each typed subclass carries ``sa:code``, the key the
data files use. The loader checks codes against these tables; the graph
builder maps codes to terms with them.

Example:
    >>> v = load_vocabularies()
    >>> v.term(SA.Stance, "opposes") == SA.opposes
    True
    >>> v.codes(SA.Actor)[:2]
    ['armed-group', 'coalition']
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS

from kg.namespaces import SA
from kg.settings import ONTOLOGY_FILE, default_ontology_dir


@dataclass(frozen=True)
class Vocabularies:
    """Code tables: for each vocabulary class (or typed root class), code -> term."""

    tables: dict[URIRef, dict[str, URIRef]]

    def codes(self, vocabulary: URIRef) -> list[str]:
        """The allowed codes of a vocabulary, sorted."""
        return sorted(self.tables.get(vocabulary, {}))

    def term(self, vocabulary: URIRef, code: str) -> URIRef | None:
        """The term for ``code`` in ``vocabulary``, or None if unknown."""
        return self.tables.get(vocabulary, {}).get(code)


def vocabularies_from_graph(ontology: Graph) -> Vocabularies:
    """Build the code tables from an ontology graph."""
    tables: dict[URIRef, dict[str, URIRef]] = {}
    for term, code in ontology.subject_objects(SA.code):
        if not isinstance(term, URIRef):
            continue
        for vocabulary in ontology.objects(term, RDF.type):
            if isinstance(vocabulary, URIRef) and vocabulary != RDFS.Class:
                tables.setdefault(vocabulary, {})[str(code)] = term
        for root in ontology.transitive_objects(term, RDFS.subClassOf):
            if root != term and isinstance(root, URIRef):
                tables.setdefault(root, {})[str(code)] = term
    return Vocabularies(tables)


@lru_cache(maxsize=4)
def load_vocabularies(ontology_dir: Path | None = None) -> Vocabularies:
    """Read the code tables from ``ontology/security-agenda.ttl``."""
    folder = ontology_dir or default_ontology_dir()
    return vocabularies_from_graph(Graph().parse(folder / ONTOLOGY_FILE, format="turtle"))
