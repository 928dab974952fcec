"""Treaty status: each party's status under an agreement on a date, derived from its lifecycle.

The rule lives in one place, the named query ``kg/queries/treaty-status.rq``:
for party P and date D, take the agreement's actions dated on or before D that
name P (``sa:actor``), or that name no actor unless P's own first action is
later; the latest one whose action type has a ``sa:resultingStatus`` gives P's
status (on the same day, the later stage of the lifecycle wins). Disputes of
that action (``sa:dispute``) dated on or before D are attached, so a contested
status reads ``suspended (disputed by United States)``. This module runs the
query, groups its rows per party and attaches the action's evidence.

Example:
    >>> import kg
    >>> g = kg.load()
    >>> s = treaty_status(g, "New START", "2023-06-01")
    >>> s.of("russia").display, s.of("united-states").display
    ('suspended (disputed by United States)', 'in-force')
    >>> treaty_status(g, "New START", "2026-03-01").of("russia").status
    'expired'
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from kg.dates import as_of_date
from kg.facts import load_evidence
from kg.namespaces import SA
from kg.results import PartyStatus, TreatyStatus

if TYPE_CHECKING:
    from kg.api import DateLike, KnowledgeGraph


def treaty_status(graph: KnowledgeGraph, treaty: str, as_of: DateLike = None) -> TreatyStatus:
    """Every party's status under ``treaty`` on ``as_of`` (default: today).

    Raises:
        kg.resolve.UnknownNameError: no agreement has this name.
        ValueError: ``as_of`` is not a date.
    """
    agreement = graph.resolve(treaty, str(SA.Agreement))
    day = as_of_date(as_of) or dt.date.today()
    result = graph.named("treaty-status", treaty=agreement.iri, as_of=day)
    names = graph.names
    grouped: dict[str, dict[str, object]] = {}
    for row in result.dicts():
        entry = grouped.setdefault(
            row["party"],
            {
                "status": row["status"],
                "action": row["action"],
                "type": row["actionType"],
                "date": row["date"],
                "disputed": [],
            },
        )
        disputed = entry["disputed"]
        assert isinstance(disputed, list)
        if row["disputedBy"] and row["disputedBy"] not in disputed:
            disputed.append(row["disputedBy"])
    evidence = load_evidence(graph, [str(e["action"]) for e in grouped.values() if e["action"]])
    parties = [
        PartyStatus(
            party=names.ref(party),
            status=entry["status"],  # type: ignore[arg-type]
            action=names.ref(str(entry["action"])) if entry["action"] else None,
            action_type=entry["type"],  # type: ignore[arg-type]
            date=str(entry["date"]) if entry["date"] else None,
            disputed_by=tuple(names.ref(str(d)) for d in entry["disputed"]),  # type: ignore[attr-defined]
            evidence=evidence.get(str(entry["action"]), ()),
        )
        for party, entry in grouped.items()
    ]
    parties.sort(key=lambda p: p.party.label)
    return TreatyStatus(agreement, day, tuple(parties))
