"""Namespaces and prefixes of the project, defined once and bound in one place.

Every graph the project creates goes through :func:`bind_prefixes`, and every
SPARQL query the project runs is prefixed with :func:`sparql_prologue`, so the
same prefixes work in data, named queries, the CLI and the Python API.

Example:
    >>> from kg.namespaces import SA, SAD
    >>> str(SA.Position)
    'https://w3id.org/security-agenda/ontology#Position'
    >>> str(SAD["new-start"])
    'https://w3id.org/security-agenda/id/new-start'
"""

from __future__ import annotations

from rdflib import Graph, Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SDO, SKOS, XSD

#: Terms of the project's ontology (classes, properties, closed vocabularies).
SA = Namespace("https://w3id.org/security-agenda/ontology#")
#: Instances: every entity and claim of the curated data, by its stable id.
SAD = Namespace("https://w3id.org/security-agenda/id/")
#: Wikidata entities, for alignment (``owl:sameAs wd:Q159``).
WD = Namespace("http://www.wikidata.org/entity/")
SH = Namespace("http://www.w3.org/ns/shacl#")

#: The prefixes bound on every graph and prepended to every query.
PREFIXES: dict[str, Namespace] = {
    "sa": SA,
    "sad": SAD,
    "wd": WD,
    "rdf": Namespace(str(RDF)),
    "rdfs": Namespace(str(RDFS)),
    "owl": Namespace(str(OWL)),
    "xsd": Namespace(str(XSD)),
    "skos": Namespace(str(SKOS)),
    "dcterms": Namespace(str(DCTERMS)),
    "prov": Namespace(str(PROV)),
    "schema": Namespace(str(SDO)),
    "sh": SH,
}


def bind_prefixes(graph: Graph) -> Graph:
    """Bind the project prefixes on ``graph`` and return it.

    Example:
        >>> g = bind_prefixes(Graph())
        >>> g.namespace_manager.expand_curie("sa:Position") == SA.Position
        True
    """
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


def sparql_prologue() -> str:
    """Return the ``PREFIX`` lines for every project prefix.

    Example:
        >>> "PREFIX sa: <https://w3id.org/security-agenda/ontology#>" in sparql_prologue()
        True
    """
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
