"""Treaty status per party on a date, derived from the lifecycle actions."""

from __future__ import annotations

import pytest

from kg.api import KnowledgeGraph
from kg.resolve import UnknownNameError
from kg.status import treaty_status


@pytest.mark.parametrize(
    ("as_of", "russia", "united_states"),
    [
        ("2010-01-01", "no status", "no status"),
        ("2010-04-08", "signed", "signed"),
        ("2011-02-05", "in-force", "in-force"),
        ("2023-02-28", "suspended", "in-force"),
        # the dispute is dated 2023-03 (a month): it counts from the month's first day
        ("2023-06-01", "suspended (disputed by United States)", "in-force"),
        ("2026-02-05", "expired", "expired"),
    ],
)
def test_new_start_on_mini(
    mini: KnowledgeGraph, as_of: str, russia: str, united_states: str
) -> None:
    status = treaty_status(mini, "New START", as_of)
    assert status.of("russia").display == russia
    assert status.of("United States").display == united_states


def test_status_carries_action_and_evidence(mini: KnowledgeGraph) -> None:
    party = treaty_status(mini, "new-start", "2024").of("russia")
    assert party.action is not None and party.action.id == "new-start-suspension-russia"
    assert party.action_type == "suspension" and party.date == "2023-02-28"
    assert [e.source.id for e in party.evidence] == ["background-reference"]
    assert party.to_dict()["display"] == "suspended (disputed by United States)"


def test_agreement_without_actions_has_parties_without_status(mini: KnowledgeGraph) -> None:
    status = treaty_status(mini, "JCPOA", "2020")
    assert {p.party.id for p in status.parties} == {"iran", "united-states", "russia", "china"}
    assert {p.status for p in status.parties} == {None}


def test_only_agreements_have_a_status(mini: KnowledgeGraph) -> None:
    with pytest.raises(UnknownNameError, match="no Agreement"):
        treaty_status(mini, "Russia")


def test_bundled_new_start(project: KnowledgeGraph) -> None:
    mid_2023 = treaty_status(project, "New START", "2023-06-01")
    assert mid_2023.of("russia").status == "suspended"
    assert [d.id for d in mid_2023.of("russia").disputed_by] == ["united-states"]
    assert mid_2023.of("united-states").status == "in-force"
    after = treaty_status(project, "New START", "2026-03-01")
    assert {p.party.id: p.status for p in after.parties} == {
        "russia": "expired",
        "united-states": "expired",
    }


def test_bundled_same_day_actions_take_the_later_stage(project: KnowledgeGraph) -> None:
    # INF: the US suspended and gave notice of withdrawal on 2019-02-02
    assert treaty_status(project, "INF Treaty", "2019-03-01").of("united-states").status == (
        "withdrawal-pending"
    )
    # INF: US withdrawal and termination on 2019-08-02
    assert treaty_status(project, "INF Treaty", "2019-08-02").of("united-states").status == (
        "terminated"
    )
    # NPT: US ratification and entry into force on 1970-03-05
    assert treaty_status(project, "NPT", "1970-03-05").of("united-states").status == "in-force"


def test_bundled_later_accession(project: KnowledgeGraph) -> None:
    # Finland acceded in 2023: the 1949 entry into force does not apply to it
    assert treaty_status(project, "North Atlantic Treaty", "2020").of("finland").status is None
    assert (
        treaty_status(project, "North Atlantic Treaty", "2024").of("finland").status == "in-force"
    )
