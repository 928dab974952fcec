"""Tests of kg.ingest.extract, kg.ingest.text, kg.ingest.metadata and kg.ingest.reader."""

from __future__ import annotations

import datetime as dt

import pytest

from kg.ingest.extract import extract_claims
from kg.ingest.gazetteer import Gazetteer
from kg.ingest.metadata import extract_metadata
from kg.ingest.reader import article_from_text
from kg.loaders import load_data

from .conftest import MINI_DATA


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.from_dataset(load_data(MINI_DATA))


def claims(gazetteer: Gazetteer, text: str, kind: str, day: dt.date | None = None) -> list[dict]:
    return [c.values for c in extract_claims(text, gazetteer, day) if c.kind == kind]


@pytest.mark.parametrize(
    ("sentence", "actor", "stance", "target"),
    [
        ("Russia rejects the JCPOA.", "russia", "rejects", "jcpoa"),
        (
            "The US urges progress on missile defense.",
            "united-states",
            "demands",
            "missile-defense",
        ),
        ("Moscow is fiercely opposed to New START.", "russia", "opposes", "new-start"),
        ("The JCPOA was rejected by the US.", "united-states", "rejects", "jcpoa"),
        ("Russia does not support missile defense.", "russia", "opposes", "missile-defense"),
    ],
)
def test_position_rules(
    gazetteer: Gazetteer, sentence: str, actor: str, stance: str, target: str
) -> None:
    [position] = claims(gazetteer, sentence, "positions")
    assert (position["actor"], position["stance"], position["target"]) == (actor, stance, target)


def test_official_speaks_for_state_and_noun_cues_are_skipped(gazetteer: Gazetteer) -> None:
    [position] = claims(gazetteer, "Biden supports the JCPOA.", "positions")
    assert (position["actor"], position["stated_by"]) == ("united-states", "joe-biden")
    assert claims(gazetteer, "Russia repeated its demands on missile defense.", "positions") == []


@pytest.mark.parametrize(
    ("sentence", "subject", "condition"),
    [
        (
            "Russia backs New START as long as missile defense is limited.",
            ["new-start"],
            ["missile-defense"],
        ),
        (
            "The US ties the JCPOA to Iran's compliance with the JCPOA.",
            ["jcpoa"],
            ["iran-compliance"],
        ),
        (
            "If missile defense is capped, Russia will extend New START.",
            ["new-start"],
            ["missile-defense"],
        ),
    ],
)
def test_linkage_rules(gazetteer: Gazetteer, sentence: str, subject: list, condition: list) -> None:
    [linkage] = claims(gazetteer, sentence, "linkages")
    assert (linkage["subject"], linkage["condition"]) == (subject, condition)


def test_no_linkage_without_both_sides(gazetteer: Gazetteer) -> None:
    assert claims(gazetteer, "Russia waits as long as it takes.", "linkages") == []


def test_events_with_dates_places_and_relative_days(gazetteer: Gazetteer) -> None:
    text = "Russia and the United States held talks in Geneva on Monday."
    [event] = claims(gazetteer, text, "events", dt.date(2022, 2, 9))
    assert event["event_type"] == "talks"
    assert event["date"] == "2022-02-07"
    assert event["place"] == "geneva"
    assert event["participants"] == ["russia", "united-states"]
    assert event["status"] == "occurred"
    [undated] = claims(gazetteer, text, "events", None)
    assert "date" not in undated and undated["date_text"] == "on Monday"
    assert claims(gazetteer, "The meeting of minds matters.", "events") == []


def test_metadata_from_dateline_byline_and_html() -> None:
    text = "A title\nBy Jane Roe\n\nGENEVA, January 10, 2022. Talks began."
    meta = extract_metadata(text, {}, None)
    assert (meta.title, meta.date, meta.dateline_text) == ("A title", "2022-01-10", "GENEVA")
    assert meta.unresolved == ["Jane Roe"]
    undated = extract_metadata("Some headline\n\nRussia said no.", {}, None)
    assert undated.date is None
    html = article_from_text(
        "a.html", '<html><head><meta name="date" content="2021-03-04"></head><body>x</body></html>'
    )
    assert extract_metadata(html.text, html.meta, None).date == "2021-03-04"


def _positions(gazetteer: Gazetteer, text: str, author: str | None = None) -> list[tuple]:
    from kg.ingest.extract import Extractor

    found = Extractor(gazetteer).run(text, gazetteer.find(text), None, author)
    return [
        (c.values["actor"], c.values["stance"], c.values["target"])
        for c in found
        if c.kind == "positions"
    ]


def test_holder_resolved_from_earlier_sentences(gazetteer: Gazetteer) -> None:
    # "he" -> the last person named; "both sides" -> the last pair of actors named
    assert ("united-states", "rejects", "jcpoa") in _positions(
        gazetteer, "Biden spoke on Monday. He rejected the JCPOA."
    )
    both = _positions(
        gazetteer, "Russia and the United States met. Both sides are interested in New START."
    )
    assert {("russia", "willing-to-discuss", "new-start")} | {
        ("united-states", "willing-to-discuss", "new-start")
    } <= set(both)


def test_descriptions_refer_back_to_named_entries(gazetteer: Gazetteer) -> None:
    text = "Russia discussed missile defense. The United States rejects these issues."
    assert ("united-states", "rejects", "missile-defense") in _positions(gazetteer, text)
    text = "Russia signed the JCPOA. Later the US rejected the deal."
    assert ("united-states", "rejects", "jcpoa") in _positions(gazetteer, text)
    # "the agreement that ..." is defined by what follows: no reference back
    text = "Russia signed the JCPOA. The US proposes the agreement that Russia wants."
    assert ("united-states", "proposes", "jcpoa") not in _positions(gazetteer, text)


def test_linkage_also_gives_a_conditional_position(gazetteer: Gazetteer) -> None:
    [position] = [
        p
        for p in claims(
            gazetteer, "The US ties the JCPOA to Iran's compliance with the JCPOA.", "positions"
        )
        if p["stance"] == "conditional"
    ]
    assert (position["actor"], position["target"]) == ("united-states", "jcpoa")
    assert position["condition_on"] == ["iran-compliance"]


def test_a_verb_inside_the_condition_is_no_position(gazetteer: Gazetteer) -> None:
    text = (
        "Russia backs New START as long as the United States stands ready to limit missile defense."
    )
    holders = {actor for actor, _, _ in _positions(gazetteer, text)}
    assert holders == {"russia"}


def test_evaluative_judgement_is_the_authors(gazetteer: Gazetteer) -> None:
    text = "A new dialogue on missile defense is indispensable."
    assert _positions(gazetteer, text) == []
    assert _positions(gazetteer, text, "russia") == [("russia", "supports", "missile-defense")]


def test_list_after_a_colon_gives_the_targets(gazetteer: Gazetteer) -> None:
    text = "Russia supports the following:\n- Missile defense talks\n- New START extension\n"
    found = [c for c in extract_claims(text, gazetteer) if c.kind == "positions"]
    assert {c.values["target"] for c in found} >= {"missile-defense", "new-start"}
    assert all(text[c.start : c.end] == c.sentence for c in found)


def test_hypothetical_meeting_is_no_event(gazetteer: Gazetteer) -> None:
    text = "Biden would try to have a meeting with Russia in Geneva."
    assert claims(gazetteer, text, "events") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a target named by description, through an issue keyword
        ("Russia demands Iranian compliance.", ("russia", "demands", "iran-compliance")),
        # "do so" refers back to what the sentence named before
        (
            "The US fears Russia will leave New START, while Russia says it has no plans to do so.",
            ("russia", "rejects", "new-start"),
        ),
        # a possessive pronoun reads as the owner's possessive name
        (
            "China rejects its participation in arms control.",
            ("china", "rejects", "china-participation"),
        ),
        # the holder after the cue: "a priority for X"
        (
            "Missile defense is a high priority for Russia.",
            ("russia", "demands", "missile-defense"),
        ),
        # peoples hold stances ("seen by Ukrainians as ...")
        ("New START was seen by Russians as a betrayal.", ("russia", "opposes", "new-start")),
        # a noun naming conditions opens no conditional clause
        (
            "Parties set pre-conditions: the US urged limits on missile defense.",
            ("united-states", "demands", "missile-defense"),
        ),
    ],
)
def test_targets_and_holders_beyond_the_plain_pattern(
    gazetteer: Gazetteer, text: str, expected: tuple
) -> None:
    assert expected in _positions(gazetteer, text)


def test_priority_list_and_asides_inside_cues(gazetteer: Gazetteer) -> None:
    text = "They agreed on a high priority for the Russian side: missile defense, New START."
    assert {("russia", "demands", "missile-defense"), ("russia", "demands", "new-start")} <= set(
        _positions(gazetteer, text)
    )
    text = "New START could, if extended, help."
    assert _positions(gazetteer, text, "pir-center") == [("pir-center", "supports", "new-start")]


def test_passive_cue_takes_coordinated_targets(gazetteer: Gazetteer) -> None:
    found = _positions(gazetteer, "New START and the JCPOA were rejected by the US.")
    assert {
        ("united-states", "rejects", "new-start"),
        ("united-states", "rejects", "jcpoa"),
    } <= set(found)


def test_deployments_and_repeated_events(gazetteer: Gazetteer) -> None:
    text = "Russia is massing troops near Ukraine's border with the United States watching."
    assert [e["event_type"] for e in claims(gazetteer, text, "events")] == ["deployment"]
    text = (
        "Russia and the United States held talks in Geneva on January 10. "
        "The Geneva talks ended without a deal. "
        "Russia and the United States met again in Geneva on January 21."
    )
    found = claims(gazetteer, text, "events")
    # the second sentence repeats the first event; the third is a new meeting
    assert [(e["event_type"], e.get("date_text")) for e in found] == [
        ("talks", "January 10"),
        ("meeting", "January 21"),
    ]


def test_an_actor_after_a_preposition_is_not_the_holder(gazetteer: Gazetteer) -> None:
    text = "The US listened to Russia's concerns, and presented ideas on missile defense."
    assert _positions(gazetteer, text) == [("united-states", "proposes", "missile-defense")]


def test_a_date_line_dates_the_document_and_travel_is_a_visit(gazetteer: Gazetteer) -> None:
    meta = extract_metadata("A readout\n\nJANUARY 10, 2022\n\nThe talks ended.", {}, None)
    assert (meta.date, meta.date_text) == ("2022-01-10", "JANUARY 10, 2022")
    [event] = claims(gazetteer, "Biden will travel to Geneva on January 11.", "events")
    assert (event["event_type"], event["place"], event["status"]) == ("visit", "geneva", "planned")


def test_the_first_of_two_chained_cues_governs(gazetteer: Gazetteer) -> None:
    text = "The US refused to discuss missile defense."
    assert _positions(gazetteer, text) == [("united-states", "rejects", "missile-defense")]
