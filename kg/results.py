"""Typed answers of the Python API: frozen dataclasses that carry their sources and quotes.

Every result converts to plain Python data with ``to_dict()`` (for JSON) and,
for the top-level results, to flat rows with ``rows()`` (for tables and CSV),
so the CLI and the Python API print the same answers.

Example:
    >>> russia = Ref("https://w3id.org/security-agenda/id/russia", "Russia")
    >>> russia.id
    'russia'
    >>> ev = Evidence(Ref("https://w3id.org/security-agenda/id/pir", "PIR"), "a quote", verified=True)
    >>> ev.to_dict()["source"]
    {'id': 'pir', 'label': 'PIR', 'iri': 'https://w3id.org/security-agenda/id/pir'}
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from typing import Any

from kg.namespaces import SAD

#: Verdicts of :class:`CommonGroundRow`, as shown to users.
AGREE = "agree"
CONDITIONAL_OVERLAP = "conditional overlap"
CONFLICT = "conflict"
ONE_SIDED = "one-sided"


def _plain(value: Any) -> Any:
    """Turn nested results into JSON-ready data."""
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


class _Dict:
    """Mixin: ``to_dict()`` over the dataclass fields, recursively."""

    def to_dict(self) -> dict[str, Any]:
        """The result as plain data (str, int, bool, None, lists and dicts)."""
        return {f.name: _plain(getattr(self, f.name)) for f in fields(self)}  # type: ignore[arg-type]


@dataclass(frozen=True, order=True)
class Ref(_Dict):
    """A named node of the graph: its IRI and label (``id`` is the IRI's last part)."""

    iri: str
    label: str

    @property
    def id(self) -> str:
        """The data-file id for project entities, else the full IRI."""
        return self.iri.removeprefix(str(SAD))

    def to_dict(self) -> dict[str, Any]:
        """``{"id", "label", "iri"}``."""
        return {"id": self.id, "label": self.label, "iri": self.iri}

    def __str__(self) -> str:
        return self.label


@dataclass(frozen=True)
class Evidence(_Dict):
    """One source backing a claim: the source, its verbatim quote and reliability.

    ``verified`` is True when the quote was found in the stored document (it has offsets).
    """

    source: Ref
    quote: str | None = None
    note: str | None = None
    reliability: str | None = None
    verified: bool = False


def _sources(evidence: tuple[Evidence, ...]) -> str:
    return "; ".join(dict.fromkeys(e.source.label for e in evidence))


def _quotes(evidence: tuple[Evidence, ...]) -> str:
    return " | ".join(e.quote for e in evidence if e.quote)


def _names(refs: tuple[Ref, ...]) -> str:
    return ", ".join(r.label for r in refs)


@dataclass(frozen=True)
class Position(_Dict):
    """An actor's dated stance on a target, with its conditions and evidence."""

    ref: Ref
    holder: Ref
    stance: str
    target: Ref
    date: str | None = None
    polarity: int | None = None
    conditional: bool = False
    conditions: tuple[str, ...] = ()
    condition_on: tuple[Ref, ...] = ()
    stated_by: Ref | None = None
    attribution: str | None = None
    description: str | None = None
    evidence: tuple[Evidence, ...] = ()

    @property
    def id(self) -> str:
        """The position's id."""
        return self.ref.id

    def row(self) -> dict[str, Any]:
        """One flat row: the columns of ``kg positions``."""
        return {
            "date": self.date or "",
            "actor": self.holder.label,
            "stance": self.stance,
            "target": self.target.label,
            "conditions": "; ".join(self.conditions),
            "stated_by": self.stated_by.label if self.stated_by else "",
            "source": _sources(self.evidence),
            "quote": _quotes(self.evidence),
            "id": self.id,
        }


@dataclass(frozen=True)
class Linkage(_Dict):
    """An actor making ``subjects`` depend on ``conditions``, with evidence."""

    ref: Ref
    holder: Ref
    linkage_type: str
    subjects: tuple[Ref, ...]
    conditions: tuple[Ref, ...]
    date: str | None = None
    stated_by: Ref | None = None
    attribution: str | None = None
    description: str | None = None
    evidence: tuple[Evidence, ...] = ()

    @property
    def id(self) -> str:
        """The linkage's id."""
        return self.ref.id

    def row(self) -> dict[str, Any]:
        """One flat row."""
        return {
            "date": self.date or "",
            "actor": self.holder.label,
            "links": _names(self.subjects),
            "to": _names(self.conditions),
            "type": self.linkage_type,
            "source": _sources(self.evidence),
            "quote": _quotes(self.evidence),
            "id": self.id,
        }


@dataclass(frozen=True)
class Positions(_Dict):
    """The answer of ``positions()``: the matching positions, oldest first."""

    positions: tuple[Position, ...]

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.positions)

    def __len__(self) -> int:
        return len(self.positions)

    def rows(self) -> list[dict[str, Any]]:
        """Flat rows for tables and CSV."""
        return [p.row() for p in self.positions]


@dataclass(frozen=True)
class Fact(_Dict):
    """One statement about an entity: ``subject predicate value`` (value a Ref or a literal)."""

    subject: Ref
    predicate: str
    value: Ref | str


@dataclass(frozen=True)
class EntityView(_Dict):
    """What ``show()`` returns: an entity with its facts, inbound relations and claims."""

    entity: Ref
    types: tuple[str, ...]
    labels: tuple[str, ...]
    aliases: tuple[str, ...]
    facts: tuple[Fact, ...]
    inbound: tuple[Fact, ...]
    positions: tuple[Position, ...]
    linkages: tuple[Linkage, ...]
    evidence: tuple[Evidence, ...]

    def rows(self) -> list[dict[str, Any]]:
        """Flat rows: section, relation, value, source, quote."""
        out: list[dict[str, Any]] = [
            {"section": "entity", "relation": "type", "value": ", ".join(self.types)},
            *({"section": "entity", "relation": "label", "value": x} for x in self.labels),
            *({"section": "entity", "relation": "alias", "value": x} for x in self.aliases),
        ]
        out += [
            {"section": "fact", "relation": f.predicate, "value": str(f.value)} for f in self.facts
        ]
        out += [
            {"section": "inbound", "relation": f.predicate, "value": str(f.subject)}
            for f in self.inbound
        ]
        for p in self.positions:
            r = p.row()
            out.append(
                {
                    "section": "position",
                    "relation": f"{r['actor']} {r['stance']}",
                    "value": f"{r['target']} ({r['date']})",
                    "source": r["source"],
                    "quote": r["quote"],
                }
            )
        for link in self.linkages:
            r = link.row()
            out.append(
                {
                    "section": "linkage",
                    "relation": f"{r['actor']} ({r['type']})",
                    "value": f"{r['links']} <- {r['to']} ({r['date']})",
                    "source": r["source"],
                    "quote": r["quote"],
                }
            )
        out += [
            {
                "section": "evidence",
                "relation": e.reliability or "",
                "value": e.note or "",
                "source": e.source.label,
                "quote": e.quote or "",
            }
            for e in self.evidence
        ]
        return [{**r, "source": r.get("source", ""), "quote": r.get("quote", "")} for r in out]


@dataclass(frozen=True)
class Role(_Dict):
    """One participant of a statement: its role (holder, target, participant...) and entity."""

    role: str
    entity: Ref


@dataclass(frozen=True)
class Relation(_Dict):
    """A direct relation between two named entities, found ``depth`` steps from the centre."""

    depth: int
    subject: Ref
    predicate: str
    object: Ref


@dataclass(frozen=True)
class Statement(_Dict):
    """A claim, event or treaty action touching the neighbourhood, with its roles and evidence."""

    depth: int
    kind: str
    ref: Ref
    date: str | None
    detail: str
    roles: tuple[Role, ...]
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class Neighbourhood(_Dict):
    """What ``linkages()`` returns: everything linked to an entity up to ``depth`` steps."""

    center: Ref
    depth: int
    relations: tuple[Relation, ...]
    statements: tuple[Statement, ...]

    def entities(self) -> set[Ref]:
        """Every entity reached (the centre included)."""
        found = {self.center}
        for r in self.relations:
            found.update((r.subject, r.object))
        for s in self.statements:
            found.update(role.entity for role in s.roles)
        return found

    def rows(self) -> list[dict[str, Any]]:
        """Flat rows: depth, kind, item, detail, date, source, quote."""
        out = [
            {
                "depth": r.depth,
                "kind": "relation",
                "item": f"{r.subject.label} —{r.predicate}→ {r.object.label}",
                "detail": "",
                "date": "",
                "source": "",
                "quote": "",
            }
            for r in self.relations
        ]
        out += [
            {
                "depth": s.depth,
                "kind": s.kind,
                "item": s.ref.label,
                "detail": s.detail,
                "date": s.date or "",
                "source": _sources(s.evidence),
                "quote": _quotes(s.evidence),
            }
            for s in self.statements
        ]
        return out


@dataclass(frozen=True)
class TimelineEntry(_Dict):
    """A dated event or treaty action."""

    date: str
    sort_date: dt.date
    kind: str
    ref: Ref
    type: str
    actors: tuple[Ref, ...] = ()
    about: tuple[Ref, ...] = ()
    description: str | None = None
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class Timeline(_Dict):
    """What ``timeline()`` returns: entries in date order."""

    entries: tuple[TimelineEntry, ...]

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def rows(self) -> list[dict[str, Any]]:
        """Flat rows for tables and CSV."""
        return [
            {
                "date": e.date,
                "kind": e.kind,
                "type": e.type,
                "item": e.ref.label,
                "actors": _names(e.actors),
                "about": _names(e.about),
                "source": _sources(e.evidence),
                "quote": _quotes(e.evidence),
                "id": e.ref.id,
            }
            for e in self.entries
        ]


@dataclass(frozen=True)
class PartyStatus(_Dict):
    """One party's status under an agreement on a date, and the action it derives from."""

    party: Ref
    status: str | None
    action: Ref | None = None
    action_type: str | None = None
    date: str | None = None
    disputed_by: tuple[Ref, ...] = ()
    evidence: tuple[Evidence, ...] = ()

    @property
    def display(self) -> str:
        """The status in words, e.g. ``suspended (disputed by United States)``."""
        text = self.status or "no status"
        if self.disputed_by:
            text += f" (disputed by {_names(self.disputed_by)})"
        return text

    def to_dict(self) -> dict[str, Any]:
        """Plain data, with ``display`` added."""
        return {**super().to_dict(), "display": self.display}


@dataclass(frozen=True)
class TreatyStatus(_Dict):
    """What ``status()`` returns: every party's status on ``as_of``."""

    agreement: Ref
    as_of: dt.date
    parties: tuple[PartyStatus, ...]

    def of(self, party: str) -> PartyStatus:
        """The status of the party with this id or label (KeyError if not a party)."""
        for p in self.parties:
            if party in (p.party.id, p.party.label):
                return p
        raise KeyError(party)

    def rows(self) -> list[dict[str, Any]]:
        """Flat rows for tables and CSV."""
        return [
            {
                "party": p.party.label,
                "status": p.display,
                "since": p.date or "",
                "action": p.action_type or "",
                "source": _sources(p.evidence),
                "quote": _quotes(p.evidence),
            }
            for p in self.parties
        ]


@dataclass(frozen=True)
class CommonGroundRow(_Dict):
    """Two actors' latest stances on one target, side by side, and the verdict."""

    target: Ref
    verdict: str
    a: Position | None
    b: Position | None


@dataclass(frozen=True)
class CommonGround(_Dict):
    """What ``common_ground()`` returns: per target, both stances; plus each side's linkages."""

    a: Ref
    b: Ref
    as_of: dt.date | None
    items: tuple[CommonGroundRow, ...]
    linkages_a: tuple[Linkage, ...]
    linkages_b: tuple[Linkage, ...]

    def verdicts(self) -> dict[str, str]:
        """Target id -> verdict."""
        return {r.target.id: r.verdict for r in self.items}

    def rows(self) -> list[dict[str, Any]]:
        """Flat rows: target, verdict, each side's stance, date and quote; then linkages."""

        def side(p: Position | None) -> tuple[str, str]:
            if p is None:
                return "", ""
            stance = p.stance + (f" [{'; '.join(p.conditions)}]" if p.conditions else "")
            return f"{stance} ({p.date or 'undated'})", _quotes(p.evidence)

        out = []
        for r in self.items:
            sa_, qa = side(r.a)
            sb, qb = side(r.b)
            out.append(
                {
                    "target": r.target.label,
                    "verdict": r.verdict,
                    self.a.label: sa_,
                    self.b.label: sb,
                    "quote": " / ".join(q for q in (qa, qb) if q),
                }
            )
        for holder, links in ((self.a, self.linkages_a), (self.b, self.linkages_b)):
            for link in links:
                row = link.row()
                out.append(
                    {
                        "target": row["links"],
                        "verdict": f"linkage ({row['type']})",
                        self.a.label: f"depends on {row['to']}" if holder == self.a else "",
                        self.b.label: f"depends on {row['to']}" if holder == self.b else "",
                        "quote": row["quote"],
                    }
                )
        return out


@dataclass(frozen=True)
class PathStep(_Dict):
    """One step of a path: ``subject —predicate→ object`` (walked backwards if ``inverse``)."""

    subject: Ref
    predicate: str
    object: Ref
    inverse: bool = False


@dataclass(frozen=True)
class Paths(_Dict):
    """What ``path()`` returns: the shortest chains of relations between two entities."""

    start: Ref
    end: Ref
    paths: tuple[tuple[PathStep, ...], ...]

    @property
    def length(self) -> int | None:
        """Steps in the shortest path, None when unconnected."""
        return len(self.paths[0]) if self.paths else None

    def rows(self) -> list[dict[str, Any]]:
        """One row per step: path, step, from, relation, to (``← p`` when walked against ``p``)."""
        return [
            {
                "path": i,
                "step": j,
                "from": s.object.label if s.inverse else s.subject.label,
                "relation": f"← {s.predicate}" if s.inverse else f"{s.predicate} →",
                "to": s.subject.label if s.inverse else s.object.label,
            }
            for i, path in enumerate(self.paths, start=1)
            for j, s in enumerate(path, start=1)
        ]


@dataclass(frozen=True)
class Stats(_Dict):
    """What ``stats()`` returns: counts per class and relation and provenance figures."""

    triples: int
    classes: dict[str, int]
    relations: dict[str, int]
    sources_per_claim: dict[int, int]
    reliability: dict[str, int]
    quotes: dict[str, int]

    def rows(self) -> list[dict[str, Any]]:
        """Flat rows: group, name, count."""
        out = [{"group": "graph", "name": "triples", "count": self.triples}]
        groups: list[tuple[str, dict[Any, int]]] = [
            ("class", self.classes),
            ("relation", self.relations),
            ("sources per claim", self.sources_per_claim),
            ("reliability of evidence", self.reliability),
            ("quotes", self.quotes),
        ]
        for group, table in groups:
            out += [{"group": group, "name": str(k), "count": v} for k, v in table.items()]
        return out
