"""The loader: each kind of bad input gives a located error; all errors come in one run."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import Severity
from kg.loaders import load_data

from .conftest import MINI_DATA


def errors_of(data_dir: Path) -> list[str]:
    return [str(p) for p in load_data(data_dir).problems if p.severity is Severity.ERROR]


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_mini_dataset_is_clean() -> None:
    dataset = load_data(MINI_DATA)
    assert dataset.problems == []
    assert dataset.records["new-start"].kind == "agreements"
    assert dataset.records["russia-conditional-on-china"].get("condition_on") == [
        "missile-defense",
        "non-nuclear-strategic-weapons",
    ]


def test_quote_offsets_point_at_the_quote() -> None:
    dataset = load_data(MINI_DATA)
    evidence = dataset.records["us-demands-china-at-table"].get("evidence")[0]
    text = dataset.documents["pir-excerpt"].text
    assert text[evidence["start"] : evidence["end"]] == "inviting China to the negotiating table"


def test_malformed_yaml_names_file_and_line(mini_copy: Path) -> None:
    (mini_copy / "broken.yaml").write_text("actors:\n  - id: x\n    label: [unclosed\n")
    errors = errors_of(mini_copy)
    assert any(e.startswith("broken.yaml:") and "malformed YAML" in e for e in errors)


def test_unknown_reference_names_entry_and_field(mini_copy: Path) -> None:
    replace(mini_copy / "entries.yaml", "target: china-participation", "target: china-participaton")
    errors = errors_of(mini_copy)
    assert any(
        "entry 'us-demands-china-at-table', field 'target'" in e
        and "unknown reference 'china-participaton'" in e
        and "did you mean 'china-participation'" in e
        for e in errors
    ), errors


def test_reference_to_wrong_kind(mini_copy: Path) -> None:
    replace(mini_copy / "entries.yaml", "target: china-participation", "target: russia")
    assert any("'russia' is a actors entry" in e for e in errors_of(mini_copy))


@pytest.mark.parametrize(
    ("old", "new", "field", "message"),
    [
        ("date: 2010-04-08", "date: 2010-13-08", "date", "not a valid date"),
        ("date: 2010-04-08", "date: April 2010", "date", "is not a date"),
        ("stance: demands", "stance: loves", "stance", "unknown value 'loves'"),
        ("wikidata: Q159", "wikidata: 159", "wikidata", "not a Wikidata id"),
        ("linkage_type: precondition", "linkage_type: precondtion", "linkage_type", "allowed"),
    ],
)
def test_bad_values(mini_copy: Path, old: str, new: str, field: str, message: str) -> None:
    replace(mini_copy / "entries.yaml", old, new)
    errors = errors_of(mini_copy)
    assert any(f"field '{field}'" in e and message in e for e in errors), errors


def test_missing_required_field(mini_copy: Path) -> None:
    replace(mini_copy / "entries.yaml", "    stance: demands\n", "")
    errors = errors_of(mini_copy)
    assert any(
        "entry 'us-demands-china-at-table', field 'stance': missing required" in e for e in errors
    ), errors


def test_unknown_field_suggests(mini_copy: Path) -> None:
    replace(
        mini_copy / "entries.yaml", "    stance: demands\n", "    stance: demands\n    stanse: x\n"
    )
    assert any("field 'stanse'" in e and "did you mean 'stance'" in e for e in errors_of(mini_copy))


def test_quote_not_in_document(mini_copy: Path) -> None:
    replace(
        mini_copy / "entries.yaml",
        'quote: "inviting China to the negotiating table"\n',
        'quote: "inviting India to the negotiating table"\n',
    )
    errors = errors_of(mini_copy)
    assert any("quote not found verbatim" in e and "evidence[1].quote" in e for e in errors)


def test_quote_required_for_stored_document(mini_copy: Path) -> None:
    replace(
        mini_copy / "entries.yaml",
        '      - source: pir-excerpt\n        quote: "On November 3, presidential elections are held in the United States"\n',
        "      - source: pir-excerpt\n",
    )
    assert any("needs a verbatim quote" in e for e in errors_of(mini_copy))


def test_quote_whitespace_is_normalized(mini_copy: Path) -> None:
    replace(
        mini_copy / "entries.yaml",
        'quote: "inviting China to the negotiating table"\n',
        'quote: "inviting   China to the\\n negotiating table"\n',
    )
    assert errors_of(mini_copy) == []


def test_duplicate_id_across_files(mini_copy: Path) -> None:
    (mini_copy / "more.yaml").write_text(
        "actors:\n  - {id: russia, type: state, label: Russia again}\n"
    )
    errors = errors_of(mini_copy)
    assert any("more.yaml:2" in e and "duplicate id" in e for e in errors), errors


def test_dates_out_of_lifecycle_order(mini_copy: Path) -> None:
    replace(
        mini_copy / "entries.yaml",
        "action: entry-into-force, date: 2011-02-05",
        "action: entry-into-force, date: 2009-02-05",
    )
    errors = errors_of(mini_copy)
    assert any(
        "entry 'new-start-entry-into-force'" in e and "before the signature" in e for e in errors
    ), errors


def test_missing_document(mini_copy: Path) -> None:
    (mini_copy / "corpus" / "pir-excerpt.txt").unlink()
    assert any("field 'document'" in e and "cannot read" in e for e in errors_of(mini_copy))


def test_binary_document(mini_copy: Path) -> None:
    (mini_copy / "corpus" / "pir-excerpt.txt").write_bytes(b"\x00\x01binary")
    assert any("binary file" in e for e in errors_of(mini_copy))


def test_unknown_kind(mini_copy: Path) -> None:
    (mini_copy / "x.yaml").write_text("positons: []\n")
    assert any("unknown kind 'positons'" in e and "'positions'" in e for e in errors_of(mini_copy))


def test_many_errors_reported_in_one_run(mini_copy: Path) -> None:
    replace(mini_copy / "entries.yaml", "stance: demands", "stance: loves")
    replace(mini_copy / "entries.yaml", "date: 2010-04-08", "date: 2010-02-30")
    replace(mini_copy / "entries.yaml", "target: china-participation", "target: nowhere")
    assert len(errors_of(mini_copy)) >= 3


def test_candidates_folder_is_not_curated_data(mini_copy: Path) -> None:
    (mini_copy / "candidates").mkdir()
    (mini_copy / "candidates" / "new.yaml").write_text("positions:\n  - {id: broken}\n")
    assert errors_of(mini_copy) == []
