"""Name resolution: turn what a user types (an id, a label, an alias, an IRI) into one entity.

Matching is case-insensitive and ignores extra spaces and curly quotes. It
goes in tiers and stops at the first tier that matches: the IRI or id
(``new-start``, ``sad:new-start``), then preferred labels (``New START``), then
aliases (``Prague Treaty``). Two entities in the same tier make the name
ambiguous (:class:`AmbiguousNameError` lists them); no match at all raises
:class:`UnknownNameError` with close matches.

Example:
    >>> import kg
    >>> names = kg.load().names
    >>> names.resolve("russian federation").id
    'russia'
    >>> names.resolve("Prague Treaty").label
    'New START'
    >>> names.resolve("New STRAT")
    Traceback (most recent call last):
    ...
    kg.resolve.UnknownNameError: no entity is named 'New STRAT'; did you mean: New START (new-start)?
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kg.errors import KGError
from kg.named_queries import internal_query, run_sparql
from kg.namespaces import PREFIXES, SAD
from kg.results import Ref

if TYPE_CHECKING:
    from kg.api import QueryEngine

_SPACES = re.compile(r"\s+")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})
#: How many candidates or suggestions an error message lists.
MAX_LISTED = 8


class AmbiguousNameError(KGError):
    """A name matches several entities; ``candidates`` lists them."""

    def __init__(self, name: str, candidates: list[Ref]) -> None:
        self.candidates = candidates
        listed = "; ".join(f"{c.label} ({c.id})" for c in candidates[:MAX_LISTED])
        super().__init__(f"'{name}' is ambiguous: it names {listed}. Use an id to choose.")


class UnknownNameError(KGError):
    """No entity has this name; ``suggestions`` lists close matches."""

    def __init__(self, name: str, suggestions: list[Ref], kind: str | None = None) -> None:
        self.suggestions = suggestions
        what = f"no {kind}" if kind else "no entity"
        hint = (
            "; did you mean: " + "; ".join(f"{s.label} ({s.id})" for s in suggestions) + "?"
            if suggestions
            else ""
        )
        super().__init__(f"{what} is named '{name}'{hint}")


def normalize(name: str) -> str:
    """The form names are compared in.

    Example:
        >>> normalize("  China’s   participation ")
        "china's participation"
    """
    return _SPACES.sub(" ", name.translate(_QUOTES)).strip().casefold()


@dataclass
class NameIndex:
    """Every named node of a graph, by normalized name, with labels and classes."""

    labels: dict[str, str] = field(default_factory=dict)
    types: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    names: dict[str, dict[str, int]] = field(default_factory=lambda: defaultdict(dict))
    superclasses: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    class_labels: dict[str, str] = field(default_factory=dict)
    predicate_labels: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_engine(cls, engine: QueryEngine) -> NameIndex:
        """Read every label, alias, class and property label with three queries."""
        index = cls()
        for s, name, rank, type_ in run_sparql(engine, internal_query("names")).rows:
            iri, text, tier = str(s), str(name), int(rank.toPython())  # type: ignore[union-attr]
            if tier == 1 and iri not in index.labels:
                index.labels[iri] = text
            key = normalize(text)
            index.names[key][iri] = min(tier, index.names[key].get(iri, tier))
            if type_ is not None:
                index.types[iri].add(str(type_))
        for class_, super_, label in run_sparql(engine, internal_query("classes")).rows:
            if super_ is not None:
                index.superclasses[str(class_)].add(str(super_))
            if label is not None:
                index.class_labels[str(class_)] = str(label)
        for predicate, label in run_sparql(engine, internal_query("predicates")).rows:
            index.predicate_labels[str(predicate)] = str(label)
        return index

    def ref(self, iri: str) -> Ref:
        """The Ref of a node, labelled (its id when it has no label)."""
        iri = str(iri)
        return Ref(iri, self.labels.get(iri) or iri.removeprefix(str(SAD)))

    def predicate_label(self, iri: str) -> str:
        """A property's label (``party``), else the last part of its IRI (``broader``)."""
        iri = str(iri)
        return self.predicate_labels.get(iri) or re.split(r"[#/]", iri)[-1]

    def is_a(self, iri: str, class_iri: str) -> bool:
        """Whether the node is an instance of the class or of one of its subclasses."""
        return any(
            t == class_iri or class_iri in self.superclasses.get(t, ())
            for t in self.types.get(str(iri), ())
        )

    def type_labels(self, iri: str) -> tuple[str, ...]:
        """Labels of the node's most specific classes (``State``, ``Treaty``...)."""
        own = self.types.get(str(iri), set())
        specific = [t for t in own if not any(t in self.superclasses.get(o, ()) for o in own)]
        return tuple(sorted(self.class_labels.get(t, t.rsplit("#", 1)[-1]) for t in specific))

    def _candidates(self, kind: str | None) -> set[str]:
        iris = set(self.labels) | set(self.types)
        return {i for i in iris if self.is_a(i, kind)} if kind else iris

    def resolve(self, name: str, kind: str | None = None) -> Ref:
        """The one entity called ``name`` (of class ``kind``, an IRI, if given).

        Raises:
            AmbiguousNameError: the name fits several entities in its best tier.
            UnknownNameError: nothing fits; close matches are suggested.
        """
        text = name.strip()
        allowed = self._candidates(kind)
        iri = _as_iri(text)
        if iri in allowed:
            return self.ref(iri)
        by_id = str(SAD) + normalize(text).replace(" ", "-")
        if by_id in allowed:
            return self.ref(by_id)
        matches = {i: t for i, t in self.names.get(normalize(text), {}).items() if i in allowed}
        if matches:
            best = min(matches.values())
            found = sorted(self.ref(i) for i, t in matches.items() if t == best)
            if len(found) == 1:
                return found[0]
            raise AmbiguousNameError(name, sorted(found, key=lambda r: r.label))
        kind_label = self.class_labels.get(kind, None) if kind else None
        raise UnknownNameError(name, self.suggest(text, allowed), kind_label)

    def suggest(self, text: str, allowed: set[str] | None = None) -> list[Ref]:
        """Entities whose names are close to ``text`` or contain it."""
        allowed = allowed if allowed is not None else self._candidates(None)
        key = normalize(text)
        keys = [k for k, iris in self.names.items() if allowed.intersection(iris)]
        close = difflib.get_close_matches(key, keys, n=MAX_LISTED, cutoff=0.75)
        close += [k for k in keys if key and key in k and k not in close]
        found: dict[str, Ref] = {}
        for k in close:
            for iri in sorted(self.names[k]):
                if iri in allowed and iri not in found:
                    found[iri] = self.ref(iri)
        return list(found.values())[:MAX_LISTED]


def _as_iri(text: str) -> str:
    """``<iri>``, a full IRI or a prefixed name as a full IRI (else the text itself)."""
    if text.startswith("<") and text.endswith(">"):
        return text[1:-1]
    prefix, sep, local = text.partition(":")
    if sep and prefix in PREFIXES and not local.startswith("//"):
        return str(PREFIXES[prefix]) + local
    return text
