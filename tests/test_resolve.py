"""Name resolution: ids, labels, aliases, IRIs; ambiguity and suggestions."""

from __future__ import annotations

import pytest

from kg.namespaces import SA, SAD
from kg.resolve import AmbiguousNameError, NameIndex, UnknownNameError, normalize
from kg.store import GraphStore


@pytest.fixture(scope="module")
def names(mini_store: GraphStore) -> NameIndex:
    return NameIndex.from_engine(mini_store)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("russia", "russia"),
        ("RUSSIA", "russia"),
        ("Russian Federation", "russia"),
        ("  russian   federation ", "russia"),
        ("sad:new-start", "new-start"),
        ("<https://w3id.org/security-agenda/id/jcpoa>", "jcpoa"),
        ("https://w3id.org/security-agenda/id/jcpoa", "jcpoa"),
        ("Iran nuclear deal", "jcpoa"),
        ("China’s participation in arms control", "china-participation"),
        ("missile defence", "missile-defense"),
        ("pir-excerpt", "pir-excerpt"),
    ],
)
def test_resolves(names: NameIndex, text: str, expected: str) -> None:
    assert names.resolve(text).id == expected


def test_labels_and_types(names: NameIndex) -> None:
    ref = names.resolve("START Treaty")
    assert ref.label == "New START"
    assert names.type_labels(ref.iri) == ("Treaty",)
    assert names.is_a(ref.iri, str(SA.Agreement))
    assert names.predicate_label(str(SA.party)) == "party"


def test_kind_restricts_candidates(names: NameIndex) -> None:
    with pytest.raises(UnknownNameError, match="no Agreement is named 'Russia'"):
        names.resolve("Russia", str(SA.Agreement))


def test_unknown_name_suggests_close_matches(names: NameIndex) -> None:
    with pytest.raises(UnknownNameError) as info:
        names.resolve("Rusia")
    assert [s.id for s in info.value.suggestions][:1] == ["russia"]
    assert "did you mean: Russia (russia)" in str(info.value)
    with pytest.raises(UnknownNameError) as none:
        names.resolve("zzzz qqqq")
    assert none.value.suggestions == []


def test_ambiguous_name_lists_candidates() -> None:
    index = NameIndex()
    for iri, label in ((SAD.a, "Georgia"), (SAD.b, "Georgia")):
        index.labels[str(iri)] = label
        index.names[normalize(label)][str(iri)] = 1
    with pytest.raises(AmbiguousNameError) as info:
        index.resolve("georgia")
    assert {c.id for c in info.value.candidates} == {"a", "b"}
    assert "ambiguous" in str(info.value) and "(a)" in str(info.value)


def test_label_beats_alias() -> None:
    index = NameIndex()
    index.labels.update({str(SAD.start1): "START", str(SAD.newstart): "New START"})
    index.names["start"] = {str(SAD.start1): 1, str(SAD.newstart): 2}
    assert index.resolve("start").id == "start1"
