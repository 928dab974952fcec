"""The data-file schema, as data: every kind of entry, its fields and their RDF mapping.

This table is the single source of truth for the YAML data files. The loader
checks entries against it, the graph builder maps fields to RDF with it, and
``docs/data.md`` documents it (a test checks that every field is documented).

A data file is a YAML mapping from kind names (``actors``, ``positions``, ...)
to lists of entries. By convention each kind lives in the file of the same name
(``data/positions.yaml``), but a file may hold several kinds.

Example:
    >>> KINDS["positions"].field("stance").enum == SA.Stance
    True
    >>> sorted(KINDS)[:3]
    ['actors', 'agreements', 'events']
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from rdflib import URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDFS, SDO, SKOS

from kg.namespaces import SA


class FieldType(StrEnum):
    """How a field's YAML value is read and turned into RDF."""

    TEXT = "text"  #: a string, as a literal
    TEXTS = "texts"  #: a string or a list of strings, as literals
    DATE = "date"  #: YYYY, YYYY-MM or YYYY-MM-DD, as a typed literal plus ``sa:sortDate``
    REF = "ref"  #: the id of another entry, as its IRI
    REFS = "refs"  #: an id or a list of ids, as IRIs
    ENUM = "enum"  #: a code from a closed vocabulary of the ontology, as that term
    TYPE = "type"  #: a code naming a subclass of the kind's class, as ``rdf:type``
    URL = "url"  #: an http(s) URL, as an IRI
    QID = "qid"  #: a Wikidata identifier (Q123), as ``owl:sameAs wd:Q123``
    EVIDENCE = "evidence"  #: a list of {source, quote, note}, as ``sa:Evidence`` nodes
    AFFILIATIONS = "affiliations"  #: a list of {organization, role, from, to, evidence}
    DISPUTES = "disputes"  #: a list of {actor, date, description, evidence}
    PATH = "path"  #: a file path relative to the data folder


@dataclass(frozen=True)
class Field:
    """One field of a kind of entry.

    Attributes:
        name: The YAML key.
        type: How the value is read and mapped.
        predicate: The RDF property the value is written with (None: not a triple).
        required: Whether every entry must have it.
        targets: For REF/REFS, the kinds the referenced id may belong to.
        enum: For ENUM, the ontology class whose members (by ``sa:code``) are allowed;
            for TYPE, the root class whose subclasses (by ``sa:code``) are allowed.
        help: One line for the docs.
    """

    name: str
    type: FieldType
    predicate: URIRef | None
    help: str
    required: bool = False
    targets: tuple[str, ...] = ()
    enum: URIRef | None = None


@dataclass(frozen=True)
class Kind:
    """One kind of entry: its YAML key, its RDF class and its fields."""

    name: str
    rdf_class: URIRef
    help: str
    fields: tuple[Field, ...] = field(default_factory=tuple)

    def field(self, name: str) -> Field:
        """Return the field called ``name`` (KeyError if none)."""
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    @property
    def field_names(self) -> tuple[str, ...]:
        """The names of all fields, ``id`` included."""
        return ("id", *(f.name for f in self.fields))


T = FieldType
ACTOR_KINDS = ("actors", "persons")
#: What a position or linkage can be about.
SUBJECT_KINDS = ("issues", "agreements", "proposals", "fora")

LABEL = Field("label", T.TEXT, SKOS.prefLabel, "Preferred name (English).", required=True)
ALIASES = Field("aliases", T.TEXTS, SKOS.altLabel, "Other names used for name resolution.")
DESCRIPTION = Field("description", T.TEXT, DCTERMS.description, "A short neutral description.")
WIKIDATA = Field("wikidata", T.QID, OWL.sameAs, "Wikidata id, only where certain.")
EVIDENCE = Field(
    "evidence",
    T.EVIDENCE,
    SA.evidence,
    "Sources backing the entry: {source, quote, note}; quote required for stored documents.",
)
EVIDENCE_REQUIRED = Field(
    EVIDENCE.name, EVIDENCE.type, EVIDENCE.predicate, EVIDENCE.help, required=True
)
DATE = Field("date", T.DATE, DCTERMS.date, "When (YYYY, YYYY-MM or YYYY-MM-DD).")
HOLDER = Field(
    "actor",
    T.REF,
    SA.holder,
    "The actor holding the position or making the link.",
    required=True,
    targets=ACTOR_KINDS,
)
STATED_BY = Field(
    "stated_by", T.REF, SA.statedBy, "The person who voiced it, if named.", targets=("persons",)
)
ATTRIBUTION = Field(
    "attribution",
    T.ENUM,
    SA.attribution,
    "How the source supports it: direct, reported or assessed.",
    enum=SA.Attribution,
)

KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind(
            "sources",
            SA.Source,
            "Documents that claims cite: the bundled corpus and background references.",
            (
                Field("title", T.TEXT, DCTERMS.title, "Title as published.", required=True),
                Field(
                    "source_type",
                    T.ENUM,
                    SA.sourceType,
                    "Kind of document.",
                    required=True,
                    enum=SA.SourceType,
                ),
                Field(
                    "publisher",
                    T.REF,
                    DCTERMS.publisher,
                    "Publishing organization, if known.",
                    targets=("actors",),
                ),
                Field(
                    "authors", T.REFS, DCTERMS.creator, "Authors, if known.", targets=ACTOR_KINDS
                ),
                Field("date", T.DATE, DCTERMS.date, "Publication date, if known."),
                Field("date_note", T.TEXT, SA.dateNote, "What the text shows of its date."),
                Field("dateline", T.REF, SA.dateline, "Dateline place.", targets=("places",)),
                Field("url", T.URL, SDO.url, "URL, only where the page was seen."),
                Field("language", T.TEXT, DCTERMS.language, "Language code (en)."),
                Field("document", T.PATH, SA.documentPath, "Stored text, relative to data/."),
                Field("original_file", T.TEXT, SA.originalFile, "File name it was received as."),
                Field(
                    "reliability",
                    T.ENUM,
                    SA.reliability,
                    "Assessed reliability.",
                    required=True,
                    enum=SA.Reliability,
                ),
                Field(
                    "reliability_rationale",
                    T.TEXT,
                    SA.reliabilityRationale,
                    "Why, as an analyst would say.",
                    required=True,
                ),
            ),
        ),
        Kind(
            "actors",
            SA.Actor,
            "States, international organizations, government bodies, expert and media "
            "organizations.",
            (
                Field("type", T.TYPE, None, "Which kind of actor.", required=True, enum=SA.Actor),
                LABEL,
                ALIASES,
                DESCRIPTION,
                WIKIDATA,
                Field(
                    "member_of",
                    T.REFS,
                    SA.memberOf,
                    "Organizations it belongs to.",
                    targets=("actors",),
                ),
                Field(
                    "part_of",
                    T.REF,
                    SA.partOf,
                    "Parent actor (a ministry's state).",
                    targets=("actors",),
                ),
                Field("country", T.REF, SA.country, "Country it is based in.", targets=("actors",)),
            ),
        ),
        Kind(
            "persons",
            SA.Person,
            "People who act or speak, with their dated offices and affiliations.",
            (
                LABEL,
                ALIASES,
                DESCRIPTION,
                WIKIDATA,
                Field(
                    "nationality",
                    T.REF,
                    SA.nationality,
                    "State of nationality.",
                    targets=("actors",),
                ),
                Field(
                    "affiliations",
                    T.AFFILIATIONS,
                    SA.affiliation,
                    "Offices: {organization, role, from, to, evidence}.",
                ),
            ),
        ),
        Kind(
            "places",
            SA.Place,
            "Cities and venues where events happen.",
            (
                LABEL,
                ALIASES,
                WIKIDATA,
                Field("country", T.REF, SA.country, "Country.", targets=("actors",)),
            ),
        ),
        Kind(
            "issues",
            SA.Issue,
            "The agenda's issues, a SKOS concept scheme with hierarchy.",
            (
                LABEL,
                ALIASES,
                Field(
                    "definition", T.TEXT, SKOS.definition, "What the issue covers.", required=True
                ),
                Field("broader", T.REFS, SKOS.broader, "Broader issues.", targets=("issues",)),
                Field("related", T.REFS, SKOS.related, "Related issues.", targets=("issues",)),
            ),
        ),
        Kind(
            "fora",
            SA.Forum,
            "Formats and fora where the agenda is negotiated.",
            (
                Field(
                    "forum_type",
                    T.ENUM,
                    SA.forumType,
                    "Kind of forum.",
                    required=True,
                    enum=SA.ForumType,
                ),
                LABEL,
                ALIASES,
                DESCRIPTION,
                WIKIDATA,
                Field("members", T.REFS, SA.member, "Participating actors.", targets=("actors",)),
                Field(
                    "organization",
                    T.REF,
                    SA.parentOrganization,
                    "Organization it belongs to.",
                    targets=("actors",),
                ),
                Field("established", T.DATE, SA.established, "When it was set up."),
                EVIDENCE,
            ),
        ),
        Kind(
            "agreements",
            SA.Agreement,
            "Treaties and political agreements, their parties and lineage.",
            (
                Field(
                    "type",
                    T.TYPE,
                    None,
                    "Which kind of agreement.",
                    required=True,
                    enum=SA.Agreement,
                ),
                LABEL,
                ALIASES,
                Field("title", T.TEXT, DCTERMS.title, "Full official title."),
                DESCRIPTION,
                WIKIDATA,
                Field("parties", T.REFS, SA.party, "Parties.", required=True, targets=("actors",)),
                Field(
                    "predecessor",
                    T.REF,
                    SA.predecessor,
                    "The agreement it succeeds.",
                    targets=("agreements",),
                ),
                Field(
                    "addresses", T.REFS, SA.addresses, "Issues it addresses.", targets=("issues",)
                ),
                EVIDENCE,
            ),
        ),
        Kind(
            "treaty_actions",
            SA.TreatyAction,
            "Dated lifecycle acts on an agreement, from which its status per party derives.",
            (
                Field(
                    "agreement",
                    T.REF,
                    SA.agreement,
                    "The agreement acted on.",
                    required=True,
                    targets=("agreements",),
                ),
                Field(
                    "action",
                    T.ENUM,
                    SA.actionType,
                    "What was done.",
                    required=True,
                    enum=SA.ActionType,
                ),
                Field(
                    "actors",
                    T.REFS,
                    SA.actor,
                    "Who acted; omit when it applies to every party (entry into force, expiry).",
                    targets=("actors",),
                ),
                Field("date", T.DATE, DCTERMS.date, "Effective date.", required=True),
                Field("place", T.REF, SA.place, "Where.", targets=("places",)),
                DESCRIPTION,
                EVIDENCE_REQUIRED,
                Field(
                    "disputes",
                    T.DISPUTES,
                    SA.dispute,
                    "Other actors contesting its validity: {actor, date, description, evidence}.",
                ),
            ),
        ),
        Kind(
            "proposals",
            SA.Proposal,
            "Draft treaties, written responses, joint statements and initiatives.",
            (
                Field(
                    "document_type",
                    T.ENUM,
                    SA.documentType,
                    "Kind of document.",
                    required=True,
                    enum=SA.DocumentType,
                ),
                LABEL,
                ALIASES,
                Field("title", T.TEXT, DCTERMS.title, "Title as published."),
                DESCRIPTION,
                Field(
                    "proposed_by",
                    T.REFS,
                    SA.proposedBy,
                    "Authors.",
                    required=True,
                    targets=ACTOR_KINDS,
                ),
                Field("addressed_to", T.REFS, SA.addressedTo, "Addressees.", targets=ACTOR_KINDS),
                DATE,
                Field(
                    "responds_to",
                    T.REFS,
                    SA.respondsTo,
                    "Documents it answers.",
                    targets=("proposals",),
                ),
                Field(
                    "addresses",
                    T.REFS,
                    SA.addresses,
                    "Issues and agreements it covers.",
                    targets=("issues", "agreements"),
                ),
                EVIDENCE_REQUIRED,
            ),
        ),
        Kind(
            "events",
            SA.Event,
            "Talks, summits, calls, council meetings, statements, exercises.",
            (
                Field(
                    "event_type",
                    T.ENUM,
                    SA.eventType,
                    "Kind of event.",
                    required=True,
                    enum=SA.EventType,
                ),
                LABEL,
                DESCRIPTION,
                Field("date", T.DATE, DCTERMS.date, "When (start).", required=True),
                Field("end_date", T.DATE, SA.endDate, "Last day, for multi-day events."),
                Field("place", T.REF, SA.place, "Where.", targets=("places",)),
                Field(
                    "participants", T.REFS, SA.participant, "Who took part.", targets=ACTOR_KINDS
                ),
                Field("forum", T.REF, SA.forum, "Forum or format.", targets=("fora",)),
                Field(
                    "topics",
                    T.REFS,
                    SA.topic,
                    "Issues, agreements and proposals discussed.",
                    targets=SUBJECT_KINDS,
                ),
                Field("outcome", T.TEXT, SA.outcome, "What came of it."),
                Field(
                    "status",
                    T.ENUM,
                    SA.eventStatus,
                    "occurred, planned or reported (unconfirmed).",
                    required=True,
                    enum=SA.EventStatus,
                ),
                EVIDENCE_REQUIRED,
            ),
        ),
        Kind(
            "positions",
            SA.Position,
            "An actor's dated stance on an issue, agreement or proposal, with evidence.",
            (
                HOLDER,
                STATED_BY,
                Field("stance", T.ENUM, SA.stance, "The stance.", required=True, enum=SA.Stance),
                Field(
                    "target",
                    T.REF,
                    SA.target,
                    "What the stance is on.",
                    required=True,
                    targets=SUBJECT_KINDS,
                ),
                DATE,
                Field("conditions", T.TEXTS, SA.condition, "Conditions it names, in words."),
                Field(
                    "condition_on",
                    T.REFS,
                    SA.conditionOn,
                    "Issues or agreements the conditions are about.",
                    targets=SUBJECT_KINDS,
                ),
                DESCRIPTION,
                ATTRIBUTION,
                EVIDENCE_REQUIRED,
            ),
        ),
        Kind(
            "linkages",
            SA.Linkage,
            "An actor making one issue or agreement depend on another.",
            (
                HOLDER,
                STATED_BY,
                Field(
                    "linkage_type",
                    T.ENUM,
                    SA.linkageType,
                    "precondition, trade-off, package-deal or sequencing.",
                    required=True,
                    enum=SA.LinkageType,
                ),
                Field(
                    "subject",
                    T.REFS,
                    SA.linkSubject,
                    "What is made conditional (X).",
                    required=True,
                    targets=SUBJECT_KINDS,
                ),
                Field(
                    "condition",
                    T.REFS,
                    SA.linkCondition,
                    "What it is made conditional on (Y).",
                    required=True,
                    targets=SUBJECT_KINDS,
                ),
                DATE,
                DESCRIPTION,
                ATTRIBUTION,
                EVIDENCE_REQUIRED,
            ),
        ),
    )
}

#: Kinds whose entries can be found by name (label or alias).
NAMED_KINDS = tuple(k for k, kind in KINDS.items() if "label" in kind.field_names)

#: Sub-record fields (inside evidence, affiliations and disputes), for the docs and the loader.
EVIDENCE_KEYS = {"source": True, "quote": False, "note": False}
AFFILIATION_KEYS = {
    "organization": True,
    "role": True,
    "from": False,
    "to": False,
    "evidence": False,
}
DISPUTE_KEYS = {"actor": True, "date": True, "description": False, "evidence": True}

#: RDF properties of sub-records.
SUB_PREDICATES = {
    "source": SA.source,
    "quote": SA.quote,
    "note": RDFS.comment,
    "organization": SA.organization,
    "role": SA.role,
    "from": SA.startDate,
    "to": SA.endDate,
    "actor": SA.disputedBy,
    "date": DCTERMS.date,
    "description": DCTERMS.description,
}

#: Every claim also links straight to its sources with this property.
DERIVED_FROM = PROV.wasDerivedFrom
