"""Positions and common ground: actors' stances, filtered, compared side by side.

Both run a named query to select the claims (``positions.rq``,
``stance-comparison.rq``: the same answers as ``kg query``), then fetch the
selected claims' statements and evidence in one go.

Example:
    >>> import kg
    >>> g = kg.load()
    >>> stances = {p.holder.label: p.stance for p in positions(g, issue="NATO open-door policy")}
    >>> stances["Russia"], stances["United States"]
    ('opposes', 'supports')
    >>> common_ground(g, "Russia", "United States").verdicts()["nato-open-door-policy"]
    'conflict'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.dates import as_of_date, parse_date
from kg.facts import claims_for
from kg.namespaces import SA
from kg.results import CommonGround, CommonGroundRow, Positions

if TYPE_CHECKING:
    from kg.api import DateLike, KnowledgeGraph


def positions(
    graph: KnowledgeGraph,
    actor: str | None = None,
    issue: str | None = None,
    as_of: DateLike = None,
) -> Positions:
    """Positions, oldest first: of ``actor``, on ``issue`` (and narrower issues), up to ``as_of``."""
    day = as_of_date(as_of)
    result = graph.named(
        "positions",
        actor=graph.resolve(actor, str(SA.Actor)).iri if actor else None,
        issue=graph.resolve(issue).iri if issue else None,
        as_of=day,
    )
    iris = [str(row[0]) for row in result.rows]
    return Positions(tuple(claims_for(graph, iris)[0]))


def common_ground(graph: KnowledgeGraph, a: str, b: str, as_of: DateLike = None) -> CommonGround:
    """Per target, the latest stances of ``a`` and ``b`` and the verdict; plus their linkages.

    The verdict comes from the stances' ``sa:polarity`` and ``sa:isConditional``
    (see ``kg/queries/stance-comparison.rq``): ``agree``, ``conditional overlap``,
    ``conflict`` or ``one-sided``.
    """
    actor_a = graph.resolve(a, str(SA.Actor))
    actor_b = graph.resolve(b, str(SA.Actor))
    day = as_of_date(as_of)
    result = graph.named("stance-comparison", a=actor_a.iri, b=actor_b.iri, as_of=day)
    rows = result.dicts()
    links = {
        holder.iri: [str(r[0]) for r in graph.named("who-links-what", actor=holder.iri).rows]
        for holder in (actor_a, actor_b)
    }
    claim_iris = [r[k] for r in rows for k in ("pa", "pb") if r[k]]
    all_links = links[actor_a.iri] + links[actor_b.iri]
    found_positions, found_linkages = claims_for(graph, claim_iris + all_links)
    by_iri = {p.ref.iri: p for p in found_positions}
    linkage_by_iri = {link.ref.iri: link for link in found_linkages}

    def dated(iris: list[str]) -> tuple:  # type: ignore[type-arg]
        chosen = [linkage_by_iri[i] for i in iris if i in linkage_by_iri]
        if day is not None:
            chosen = [c for c in chosen if c.date is None or parse_date(c.date).start <= day]
        return tuple(chosen)

    items = tuple(
        CommonGroundRow(
            target=graph.names.ref(r["target"]),
            verdict=r["verdict"],
            a=by_iri.get(r["pa"]) if r["pa"] else None,
            b=by_iri.get(r["pb"]) if r["pb"] else None,
        )
        for r in rows
    )
    return CommonGround(
        actor_a, actor_b, day, items, dated(links[actor_a.iri]), dated(links[actor_b.iri])
    )
