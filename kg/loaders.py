"""Read the YAML data files into checked records, collecting every problem found.

The loader reads every ``*.yaml`` file in the data folder (each a mapping from
kind to a list of entries, see :mod:`kg.schema`), checks each entry against the
schema, resolves references and verifies quotes against the stored documents.
It never stops at the first problem: :class:`Dataset.problems` lists them all,
each naming the file, line, entry and field.

Example:
    >>> ds = load_data()
    >>> ds.records["russia"].kind
    'actors'
    >>> [p for p in ds.problems if p.severity.value == "error"]
    []
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import yaml

from kg.corpus import Document, DocumentError
from kg.dates import FuzzyDate, parse_date
from kg.errors import Problem, Severity, errors_in, warnings_in
from kg.schema import (
    AFFILIATION_KEYS,
    DISPUTE_KEYS,
    EVIDENCE_KEYS,
    KINDS,
    Field,
    FieldType,
    Kind,
)
from kg.settings import default_data_dir, default_ontology_dir
from kg.vocab import Vocabularies, load_vocabularies

#: Sub-folders of the data folder that hold unreviewed material, never loaded as curated data.
UNCURATED_DIRS = ("candidates",)

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
QID_PATTERN = re.compile(r"^Q[1-9][0-9]*$")
URL_PATTERN = re.compile(r"^https?://[^\s<>\"]+$")

#: Lifecycle order: (earlier action, later action, must be by the same actor).
ACTION_ORDER: tuple[tuple[str, str, bool], ...] = (
    ("signature", "ratification", True),
    ("signature", "ratification-rejected", True),
    ("ratification", "deratification", True),
    ("signature", "entry-into-force", False),
    ("conclusion", "entry-into-force", False),
    ("entry-into-force", "extension", False),
    ("entry-into-force", "suspension", False),
    ("entry-into-force", "expiry", False),
    ("entry-into-force", "termination", False),
    ("withdrawal-notice", "withdrawal", True),
)


@dataclass
class Record:
    """One checked entry of a data file.

    Attributes:
        kind: The kind (``positions``...).
        id: The stable id.
        values: Field values, normalized: dates as :class:`FuzzyDate`, ref lists as
            lists of ids, evidence as dicts with ``source``, ``quote``, ``note`` and,
            once verified, ``start``/``end`` offsets of the quote.
        file: The data file, relative to the data folder.
        line: The line the entry starts on.
    """

    kind: str
    id: str
    values: dict[str, Any]
    file: str
    line: int | None = None

    def get(self, name: str, default: Any = None) -> Any:
        """A field's value, or ``default``."""
        return self.values.get(name, default)

    @property
    def label(self) -> str:
        """The entry's label, or its id."""
        return str(self.values.get("label") or self.values.get("title") or self.id)


@dataclass
class Dataset:
    """Everything loaded from a data folder, with the problems found."""

    data_dir: Path
    records: dict[str, Record] = field(default_factory=dict)
    documents: dict[str, Document] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def of_kind(self, kind: str) -> list[Record]:
        """The records of one kind, in file order."""
        return [r for r in self.records.values() if r.kind == kind]

    @property
    def errors(self) -> list[Problem]:
        """The problems that stop a build."""
        return errors_in(self.problems)

    @property
    def warnings(self) -> list[Problem]:
        """The problems that are only reported."""
        return warnings_in(self.problems)


class _LineLoader(yaml.SafeLoader):
    """A safe YAML loader that remembers the line of every mapping and key.

    Dates stay strings (YAML's own timestamp type would reject ``2022-02-30`` with
    an exception instead of a located error); :func:`kg.dates.parse_date` reads them.
    """

    yaml_implicit_resolvers: ClassVar[dict[Any, Any]] = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.lines: dict[int, tuple[int, dict[str, int], list[str]]] = {}
        self.keep: list[dict[Any, Any]] = []

    def construct_yaml_map(self, node: yaml.MappingNode) -> Iterator[dict[Any, Any]]:
        data: dict[Any, Any] = {}
        yield data
        data.update(self.construct_mapping(node))
        keys: dict[str, int] = {}
        duplicates: list[str] = []
        for key_node, _ in node.value:
            key = str(key_node.value)
            if key in keys:
                duplicates.append(key)
            keys[key] = key_node.start_mark.line + 1
        self.lines[id(data)] = (node.start_mark.line + 1, keys, duplicates)
        self.keep.append(data)  # ids stay unique while the lines are looked up


_LineLoader.add_constructor("tag:yaml.org,2002:map", _LineLoader.construct_yaml_map)


def _suggest(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=3, cutoff=0.6)
    return f" (did you mean {', '.join(repr(c) for c in close)}?)" if close else ""


class _Reader:
    """Checks one entry at a time, appending problems to a shared list."""

    def __init__(self, dataset: Dataset, vocab: Vocabularies) -> None:
        self.dataset = dataset
        self.vocab = vocab
        self.lines: dict[int, tuple[int, dict[str, int], list[str]]] = {}
        self.file = ""
        #: (record id, field path, referenced id, allowed kinds, line) to resolve later.
        self.refs: list[tuple[str, str, str, tuple[str, ...], int | None]] = []

    def problem(
        self,
        message: str,
        entry: str | None = None,
        field: str | None = None,
        line: int | None = None,
        severity: Severity = Severity.ERROR,
    ) -> None:
        self.dataset.problems.append(Problem(self.file, message, entry, field, line, severity))

    def line_of(self, mapping: object, key: str | None = None) -> int | None:
        info = self.lines.get(id(mapping))
        if info is None:
            return None
        return info[1].get(key, info[0]) if key else info[0]

    # -- files ------------------------------------------------------------------------------

    def read_file(self, path: Path) -> None:
        self.file = path.relative_to(self.dataset.data_dir).as_posix()
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            self.problem(f"not UTF-8 text (byte {exc.start})")
            return
        loader = _LineLoader(text)
        try:
            content = loader.get_single_data()
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 1 if mark else None
            reason = getattr(exc, "problem", None) or str(exc)
            self.problem(f"malformed YAML: {reason}", line=line)
            return
        finally:
            loader.dispose()
        self.lines = loader.lines
        if content is None:
            self.problem("the file is empty", severity=Severity.WARNING)
            return
        if not isinstance(content, dict):
            self.problem("a data file must be a mapping from kind (e.g. 'positions') to entries")
            return
        for kind_name, entries in content.items():
            line = self.line_of(content, str(kind_name))
            kind = KINDS.get(str(kind_name))
            if kind is None:
                self.problem(
                    f"unknown kind '{kind_name}'{_suggest(str(kind_name), KINDS)}", line=line
                )
                continue
            if entries is None:
                continue
            if not isinstance(entries, list):
                self.problem(f"'{kind_name}' must be a list of entries", line=line)
                continue
            for index, entry in enumerate(entries, start=1):
                self.read_entry(kind, entry, index)

    # -- entries ----------------------------------------------------------------------------

    def read_entry(self, kind: Kind, entry: object, index: int) -> None:
        if not isinstance(entry, dict):
            self.problem(f"{kind.name} entry #{index} is not a mapping of fields")
            return
        line = self.line_of(entry)
        raw_id = entry.get("id")
        name = str(raw_id) if raw_id is not None else f"{kind.name} #{index}"
        for duplicate in self.lines.get(id(entry), (0, {}, []))[2]:
            self.problem("field given twice", name, duplicate, self.line_of(entry, duplicate))
        if raw_id is None:
            self.problem("missing required field", name, "id", line)
            return
        if not isinstance(raw_id, str) or not ID_PATTERN.match(raw_id):
            self.problem(
                "an id is lowercase letters, digits and hyphens, starting with a letter or digit",
                name,
                "id",
                line,
            )
            return
        if raw_id in self.dataset.records:
            other = self.dataset.records[raw_id]
            self.problem(
                f"duplicate id: already used by a {other.kind} entry in {other.file}:{other.line}",
                name,
                "id",
                line,
            )
            return
        values: dict[str, Any] = {}
        for key in entry:
            if key != "id" and str(key) not in kind.field_names:
                self.problem(
                    f"unknown field for {kind.name}{_suggest(str(key), kind.field_names)}",
                    name,
                    str(key),
                    self.line_of(entry, str(key)),
                )
        for spec in kind.fields:
            value = entry.get(spec.name)
            field_line = self.line_of(entry, spec.name) or line
            if value is None or value == [] or value == "":
                if spec.required:
                    self.problem("missing required field", name, spec.name, line)
                continue
            checked = self.read_value(spec, value, name, spec.name, field_line)
            if checked is not None:
                values[spec.name] = checked
        self.dataset.records[raw_id] = Record(kind.name, raw_id, values, self.file, line)

    def read_value(self, spec: Field, value: Any, entry: str, path: str, line: int | None) -> Any:
        t = spec.type
        if t in (FieldType.TEXT, FieldType.PATH):
            if isinstance(value, (dict, list, bool)):
                self.problem("expected a text value", entry, path, line)
                return None
            text = str(value).strip()
            if t is FieldType.PATH:
                return self.read_document(text, entry, path, line)
            return text
        if t is FieldType.TEXTS:
            items = value if isinstance(value, list) else [value]
            if any(isinstance(v, (dict, list)) or v is None for v in items):
                self.problem("expected a text or a list of texts", entry, path, line)
                return None
            return [str(v).strip() for v in items]
        if t is FieldType.DATE:
            return self.read_date(value, entry, path, line)
        if t in (FieldType.REF, FieldType.REFS):
            items = value if isinstance(value, list) else [value]
            if t is FieldType.REF and isinstance(value, list):
                self.problem("expected one id, not a list", entry, path, line)
                return None
            ids = []
            for item in items:
                if not isinstance(item, str) or not ID_PATTERN.match(item):
                    self.problem(f"'{item}' is not an id", entry, path, line)
                    continue
                self.refs.append((entry, path, item, spec.targets, line))
                ids.append(item)
            return ids[0] if t is FieldType.REF and ids else ids
        if t in (FieldType.ENUM, FieldType.TYPE):
            assert spec.enum is not None
            code = str(value)
            if self.vocab.term(spec.enum, code) is None:
                allowed = ", ".join(self.vocab.codes(spec.enum))
                self.problem(f"unknown value '{code}'; allowed: {allowed}", entry, path, line)
                return None
            return code
        if t is FieldType.URL:
            if not isinstance(value, str) or not URL_PATTERN.match(value):
                self.problem(f"'{value}' is not an http(s) URL", entry, path, line)
                return None
            return value
        if t is FieldType.QID:
            if not isinstance(value, str) or not QID_PATTERN.match(value):
                self.problem(f"'{value}' is not a Wikidata id like Q159", entry, path, line)
                return None
            return value
        if t is FieldType.EVIDENCE:
            return self.read_evidence(value, entry, path, line)
        if t is FieldType.AFFILIATIONS:
            return self.read_subrecords(value, AFFILIATION_KEYS, entry, path, line)
        if t is FieldType.DISPUTES:
            return self.read_subrecords(value, DISPUTE_KEYS, entry, path, line)
        raise AssertionError(f"unhandled field type {t}")  # pragma: no cover

    def read_date(self, value: Any, entry: str, path: str, line: int | None) -> FuzzyDate | None:
        try:
            return parse_date(value)
        except ValueError as exc:
            self.problem(str(exc), entry, path, line)
            return None

    def read_document(self, relative: str, entry: str, path: str, line: int | None) -> str | None:
        target = (self.dataset.data_dir / relative).resolve()
        if not target.is_relative_to(self.dataset.data_dir.resolve()):
            self.problem(f"'{relative}' is outside the data folder", entry, path, line)
            return None
        try:
            self.dataset.documents[entry] = Document.read(target)
        except DocumentError as exc:
            self.problem(str(exc), entry, path, line)
            return None
        return relative

    def read_subrecords(
        self,
        value: Any,
        keys: dict[str, bool],
        entry: str,
        path: str,
        line: int | None,
    ) -> list[dict[str, Any]] | None:
        if not isinstance(value, list):
            value = [value]
        out = []
        for index, item in enumerate(value, start=1):
            where = f"{path}[{index}]"
            item_line = self.line_of(item) or line
            if not isinstance(item, dict):
                self.problem(f"expected a mapping with {', '.join(keys)}", entry, where, item_line)
                continue
            for key in item:
                if str(key) not in keys:
                    self.problem(
                        f"unknown key{_suggest(str(key), keys)}", entry, f"{where}.{key}", item_line
                    )
            for key, required in keys.items():
                if required and item.get(key) in (None, ""):
                    self.problem("missing required key", entry, f"{where}.{key}", item_line)
            sub = self.read_subfields(item, entry, where, item_line)
            out.append(sub)
        return out

    def read_subfields(
        self, item: dict[str, Any], entry: str, where: str, line: int | None
    ) -> dict[str, Any]:
        sub: dict[str, Any] = {}
        for key, value in item.items():
            if value is None:
                continue
            key_path = f"{where}.{key}"
            if key in ("from", "to", "date"):
                sub[key] = self.read_date(value, entry, key_path, line)
            elif key in ("organization", "actor", "source"):
                targets = ("sources",) if key == "source" else ("actors", "persons")
                if isinstance(value, str) and ID_PATTERN.match(value):
                    self.refs.append((entry, key_path, value, targets, line))
                    sub[key] = value
                else:
                    self.problem(f"'{value}' is not an id", entry, key_path, line)
            elif key == "evidence":
                sub[key] = self.read_evidence(value, entry, key_path, line)
            elif isinstance(value, (dict, list)):
                self.problem("expected a text value", entry, key_path, line)
            else:
                sub[key] = str(value).strip()
        return sub

    def read_evidence(
        self, value: Any, entry: str, path: str, line: int | None
    ) -> list[Any] | None:
        return self.read_subrecords(value, EVIDENCE_KEYS, entry, path, line)


def load_data(
    data_dir: Path | str | None = None, ontology_dir: Path | str | None = None
) -> Dataset:
    """Load and check every data file of ``data_dir``; problems are collected, not raised.

    Args:
        data_dir: The data folder (default: the project's ``data/``).
        ontology_dir: The ontology folder, for the closed vocabularies.

    Returns:
        The dataset, whose ``problems`` list every error and warning found.
    """
    folder = Path(data_dir) if data_dir else default_data_dir()
    dataset = Dataset(folder)
    if not folder.is_dir():
        dataset.problems.append(Problem(str(folder), "the data folder does not exist"))
        return dataset
    vocab = load_vocabularies(Path(ontology_dir) if ontology_dir else default_ontology_dir())
    reader = _Reader(dataset, vocab)
    files = sorted(
        p
        for p in folder.rglob("*.yaml")
        if not p.name.startswith(".")
        and not set(p.relative_to(folder).parts[:-1]) & set(UNCURATED_DIRS)
    )
    if not files:
        dataset.problems.append(Problem(str(folder), "no *.yaml data files found"))
    for path in files:
        reader.read_file(path)
    _resolve_references(dataset, reader)
    _check_evidence(dataset)
    _check_dates(dataset)
    return dataset


def _record_problem(
    dataset: Dataset,
    record: Record,
    message: str,
    field: str | None,
    severity: Severity = Severity.ERROR,
) -> None:
    dataset.problems.append(Problem(record.file, message, record.id, field, record.line, severity))


def _resolve_references(dataset: Dataset, reader: _Reader) -> None:
    for entry, path, target, kinds, line in reader.refs:
        record = dataset.records.get(entry)
        file = record.file if record else reader.file
        found = dataset.records.get(target)
        if found is None:
            hint = _suggest(target, dataset.records)
            message = f"unknown reference '{target}'{hint}"
        elif kinds and found.kind not in kinds:
            message = f"'{target}' is a {found.kind} entry; expected one of: {', '.join(kinds)}"
        else:
            continue
        dataset.problems.append(Problem(file, message, entry, path, line))


def _evidence_items(record: Record) -> Iterable[tuple[str, dict[str, Any]]]:
    for name, value in record.values.items():
        if name == "evidence":
            for index, item in enumerate(value, start=1):
                yield f"evidence[{index}]", item
        elif name in ("affiliations", "disputes"):
            for index, sub in enumerate(value, start=1):
                for inner, item in enumerate(sub.get("evidence") or [], start=1):
                    yield f"{name}[{index}].evidence[{inner}]", item


def _check_evidence(dataset: Dataset) -> None:
    """Every quote must occur verbatim in its source's stored document."""
    for record in dataset.records.values():
        for path, item in _evidence_items(record):
            source_id = item.get("source")
            source = dataset.records.get(source_id) if source_id else None
            if source is None or source.kind != "sources":
                continue  # reported as an unknown reference already
            quote = item.get("quote")
            document = dataset.documents.get(source.id)
            if document is None:
                if quote and source.get("document") is None and source.get("url") is None:
                    _record_problem(
                        dataset,
                        record,
                        f"quote cannot be verified: source '{source.id}' has no stored document or URL",
                        f"{path}.quote",
                        Severity.WARNING,
                    )
                continue
            if not quote:
                _record_problem(
                    dataset,
                    record,
                    f"a claim citing the stored document of '{source.id}' needs a verbatim quote",
                    f"{path}.quote",
                )
                continue
            span = document.find(quote)
            if span is None:
                _record_problem(
                    dataset,
                    record,
                    f'quote not found verbatim in {source.get("document")}: "{quote[:80]}"',
                    f"{path}.quote",
                )
                continue
            item["start"], item["end"] = span


def _check_dates(dataset: Dataset) -> None:
    """Dates in one entry, and lifecycle actions of one agreement, must be in order."""
    for record in dataset.records.values():
        start, end = record.get("date"), record.get("end_date")
        if start and end and end.end < start.start:
            _record_problem(dataset, record, f"ends ({end}) before it starts ({start})", "end_date")
        for index, affiliation in enumerate(record.get("affiliations") or [], start=1):
            begin, finish = affiliation.get("from"), affiliation.get("to")
            if begin and finish and finish.end < begin.start:
                _record_problem(
                    dataset,
                    record,
                    f"'to' ({finish}) is before 'from' ({begin})",
                    f"affiliations[{index}].to",
                )
    by_agreement: dict[str, list[Record]] = {}
    for action in dataset.of_kind("treaty_actions"):
        if action.get("agreement") and action.get("date") and action.get("action"):
            by_agreement.setdefault(action.get("agreement"), []).append(action)
    for actions in by_agreement.values():
        for earlier, later, same_actor in ACTION_ORDER:
            for first in (a for a in actions if a.get("action") == earlier):
                for second in (a for a in actions if a.get("action") == later):
                    shared = set(first.get("actors") or []) & set(second.get("actors") or [])
                    if same_actor and not shared:
                        continue
                    if second.get("date").end < first.get("date").start:
                        _record_problem(
                            dataset,
                            second,
                            f"{later} ({second.get('date')}) is dated before the {earlier} "
                            f"'{first.id}' ({first.get('date')})",
                            "date",
                        )
