"""Tests of kg.ingest.gazetteer (entity linking) on the mini registries."""

from __future__ import annotations

import pytest

from kg.ingest.gazetteer import Gazetteer
from kg.loaders import load_data

from .conftest import MINI_DATA


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.from_dataset(load_data(MINI_DATA))


def links(gazetteer: Gazetteer, text: str) -> list[tuple[str, str]]:
    return [(m.text, m.entity) for m in gazetteer.find(text)]


def test_case_possessive_plural_and_offsets(gazetteer: Gazetteer) -> None:
    text = "Russia's stance on MISSILE DEFENSE and missile defences; the JCPOA."
    mentions = gazetteer.find(text)
    assert [(m.text, m.entity) for m in mentions] == [
        ("Russia", "russia"),
        ("MISSILE DEFENSE", "missile-defense"),
        ("missile defences", "missile-defense"),
        ("JCPOA", "jcpoa"),
    ]
    assert all(text[m.start : m.end] == m.text for m in mentions)


def test_acronyms_are_exact_and_adjectives_are_not_mentions(gazetteer: Gazetteer) -> None:
    assert links(gazetteer, "Let us talk; the US will.") == [("US", "united-states")]
    assert links(gazetteer, "A Russian proposal.") == []


def test_aliases_and_place_context(gazetteer: Gazetteer) -> None:
    assert links(gazetteer, "Moscow said no.") == [("Moscow", "russia")]
    assert links(gazetteer, "They met in Geneva.") == [("Geneva", "geneva")]
    assert links(gazetteer, "Joe Biden and Biden") == [
        ("Joe Biden", "joe-biden"),
        ("Biden", "joe-biden"),
    ]


def test_longest_match_wins(gazetteer: Gazetteer) -> None:
    assert links(gazetteer, "the Iran nuclear deal") == [("Iran nuclear deal", "jcpoa")]


def test_new_entities_and_titled_persons(gazetteer: Gazetteer) -> None:
    text = "Russia sent Foreign Minister Sergei Lavrov to meet the Atlantic Council in Geneva."
    new = {n.text: n for n in gazetteer.new_entities(text, gazetteer.find(text))}
    assert new["Sergei Lavrov"].guess == "person"
    assert new["Sergei Lavrov"].title == "Foreign Minister"
    assert new["Atlantic Council"].guess == "organization"
    assert "Russia" not in new and "Geneva" not in new


def test_official_titles_are_names_and_name_the_actors_inside(gazetteer: Gazetteer) -> None:
    from kg.loaders import Record

    dataset = load_data(MINI_DATA)
    dataset.records["draft"] = Record(
        "proposals",
        "draft",
        {
            "label": "Russian draft treaty",
            "title": "Treaty between Russia and the US on guarantees",
        },
        "x.yaml",
    )
    found = links(
        Gazetteer.from_dataset(dataset), "The Treaty between Russia and the US on guarantees."
    )
    assert found == [
        ("Treaty between Russia and the US on guarantees", "draft"),
        ("Russia", "russia"),
        ("US", "united-states"),
    ]


def test_glued_words_of_scraped_pages_are_split(gazetteer: Gazetteer) -> None:
    assert links(gazetteer, "the START TreatyExternal link") == [("START Treaty", "new-start")]


def test_keywords_stand_for_one_issue_and_are_not_mentions(gazetteer: Gazetteer) -> None:
    # heads of names no other issue has ("compliance"), never a word that
    # also names another entry or a stop word from rules.yaml
    assert gazetteer.keywords[("compliance",)] == "iran-compliance"
    assert ("participation",) not in gazetteer.keywords  # a stop word
    assert ("china",) not in gazetteer.keywords
    text = "Russia wants Iranian compliance."
    assert links(gazetteer, text) == [("Russia", "russia")]
    [keyword] = gazetteer.find_keywords(text, 0, len(text))
    assert (keyword.text, keyword.entity, keyword.name) == (
        "compliance",
        "iran-compliance",
        "keyword",
    )


def test_initials_commas_and_names_inside_unknown_names() -> None:
    from kg.loaders import Record

    dataset = load_data(MINI_DATA)
    for record in (
        Record("places", "washington-dc", {"label": "Washington, D.C."}, "x.yaml"),
        Record(
            "fora",
            "unsc",
            {"label": "UN Security Council", "aliases": ["Security Council"]},
            "x.yaml",
        ),
    ):
        dataset.records[record.id] = record
    gazetteer = Gazetteer.from_dataset(dataset)
    # "U.S." matches the alias "US"; "Washington, DC" keeps the comma of its name
    assert links(gazetteer, "The U.S. side met in Washington, DC.") == [
        ("U.S", "united-states"),
        ("Washington, DC", "washington-dc"),
    ]
    # the National Security Council is not the UN Security Council...
    assert links(gazetteer, "He told the National Security Council.") == []
    # ...but a name after a stop word, a known name or in a title-case heading still is
    assert links(gazetteer, "He told the Security Council.") == [("Security Council", "unsc")]
    assert links(gazetteer, "Russia Addresses Security Council") == [
        ("Russia", "russia"),
        ("Security Council", "unsc"),
    ]
