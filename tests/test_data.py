"""The bundled data: the seed documents' main claims are in the graph, sourced and quoted."""

from __future__ import annotations

import pytest

from kg.store import GraphStore


def ask(store: GraphStore, body: str) -> bool:
    result = store.query(f"ASK {{ {body} }}")
    assert result.boolean is not None
    return result.boolean


@pytest.mark.parametrize(
    ("holder", "stance", "target", "quote"),
    [
        (
            "russia",
            "opposes",
            "ukraine-nato-membership",
            "Moscow is fiercely opposed to Ukraine joining NATO",
        ),
        ("russia", "opposes", "nato-open-door-policy", None),
        ("united-states", "supports", "nato-open-door-policy", None),
    ],
)
def test_seed_positions(
    project_store: GraphStore, holder: str, stance: str, target: str, quote: str | None
) -> None:
    quote_pattern = f'; sa:evidence/sa:quote "{quote}"' if quote else ""
    assert ask(
        project_store,
        f"?p a sa:Position ; sa:holder sad:{holder} ; sa:stance sa:{stance} ; "
        f"sa:target sad:{target} {quote_pattern} .",
    )


def test_stances_on_open_door_differ(project_store: GraphStore) -> None:
    rows = project_store.query(
        "SELECT DISTINCT ?holder ?polarity WHERE { ?p sa:target sad:nato-open-door-policy ; "
        "sa:holder ?holder ; sa:stance/sa:polarity ?polarity . "
        "VALUES ?holder { sad:russia sad:united-states } }"
    ).dicts()
    polarity = {row["holder"].rsplit("/", 1)[1]: row["polarity"] for row in rows}
    assert polarity == {"russia": -1, "united-states": 1}


@pytest.mark.parametrize(
    ("holder", "subject", "condition"),
    [
        ("russia", None, "missile-defense"),
        ("russia", None, "non-nuclear-strategic-weapons"),
        ("united-states", "jcpoa", "iran-compliance"),
        ("united-states", "sanctions-relief", "de-escalation"),
    ],
)
def test_seed_linkages(
    project_store: GraphStore, holder: str, subject: str | None, condition: str
) -> None:
    subject_pattern = f"; sa:linkSubject sad:{subject}" if subject else ""
    assert ask(
        project_store,
        f"?l a sa:Linkage ; sa:holder ?h ; sa:linkCondition sad:{condition} {subject_pattern} . "
        f"FILTER(?h = sad:{holder} || EXISTS {{ ?h sa:nationality sad:{holder} }})",
    )


def test_new_start_lifecycle_and_contested_suspension(project_store: GraphStore) -> None:
    assert ask(
        project_store,
        'sad:new-start-expiry sa:actionType sa:expiry ; dcterms:date "2026-02-05"^^xsd:date',
    )
    assert ask(
        project_store,
        "?a sa:agreement sad:new-start ; sa:actionType sa:suspension ; sa:actor sad:russia ; "
        "sa:dispute/sa:disputedBy sad:united-states .",
    )
    assert ask(project_store, "sad:new-start sa:predecessor sad:start-i")


def test_every_claim_is_sourced(project_store: GraphStore) -> None:
    unsourced = project_store.query(
        "SELECT ?c WHERE { ?c a ?cls . VALUES ?cls { sa:Position sa:Linkage sa:Event sa:TreatyAction sa:Proposal } "
        "FILTER NOT EXISTS { ?c sa:evidence/sa:source ?s } }"
    )
    assert unsourced.rows == []


def test_corpus_quotes_carry_offsets(project_store: GraphStore) -> None:
    rows = project_store.query(
        "SELECT (COUNT(?e) AS ?n) (COUNT(?start) AS ?located) WHERE { ?e sa:source ?s . "
        "?s sa:documentPath ?d . ?e sa:quote ?q OPTIONAL { ?e sa:quoteStart ?start } }"
    ).dicts()[0]
    assert rows["n"] > 150
    assert rows["n"] == rows["located"]


def test_every_source_has_a_reliability_rationale(project_store: GraphStore) -> None:
    assert not ask(
        project_store,
        "?s a sa:Source FILTER NOT EXISTS { ?s sa:reliability ?r ; sa:reliabilityRationale ?why }",
    )


def test_low_reliability_source_claims_are_only_reported(project_store: GraphStore) -> None:
    assert not ask(
        project_store,
        "?e a sa:Event ; sa:eventStatus sa:occurred ; sa:evidence/sa:source sad:express-news-2023-new-era-of-diplomacy "
        "FILTER NOT EXISTS { ?e sa:evidence/sa:source ?other FILTER(?other != sad:express-news-2023-new-era-of-diplomacy) }",
    )
