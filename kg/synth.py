"""Synthetic graphs for scale tests: N-Triples of the project's ontology with a realistic shape.

:func:`generate` streams about ``n`` triples to a file, deterministic for a seed:
the ontology itself, then sources, actors (a few very active), persons with
offices, places, a hierarchy of issues, fora, agreements with lifecycle actions,
proposals, events, and positions and linkages with evidence nodes, dates spread
over six decades at year, month or day precision (with ``sa:sortDate`` and
``sa:sortEndDate`` as the builder writes them). Every label says it is
synthetic; nothing in it is a fact. Memory stays flat: entities are generated
one at a time and reference others by index only.

The mix (share of the triples per kind) and the average triples per entity are
tables (:data:`MIX`, :data:`TRIPLES_PER_ENTITY`), so the counts follow from ``n``.

Example:
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "g.nt"
    >>> stats = generate(5000, out, seed=1)
    >>> 4000 < stats.triples < 6000 and stats.counts["positions"] > 0
    True
    >>> generate(5000, out.with_name("h.nt"), seed=1).triples == stats.triples
    True
"""

from __future__ import annotations

import datetime as dt
import os
import random
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from rdflib.compare import to_canonical_graph
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from kg.errors import KGError
from kg.graph import ISSUE_SCHEME, load_ontology
from kg.namespaces import SA, SAD, WD
from kg.vocab import load_vocabularies

#: Share of the triples given to each kind (sums to 1).
MIX: dict[str, float] = {
    "sources": 0.06,
    "actors": 0.05,
    "persons": 0.05,
    "places": 0.01,
    "issues": 0.04,
    "fora": 0.01,
    "agreements": 0.03,
    "treaty_actions": 0.10,
    "proposals": 0.04,
    "events": 0.14,
    "positions": 0.36,
    "linkages": 0.11,
}
#: Average triples one entity of each kind produces (measured on the generator).
TRIPLES_PER_ENTITY: dict[str, float] = {
    "sources": 10.5,
    "actors": 5.6,
    "persons": 9.4,
    "places": 4.0,
    "issues": 7.5,
    "fora": 8.5,
    "agreements": 16.9,
    "treaty_actions": 14.4,
    "proposals": 17.4,
    "events": 20.4,
    "positions": 18.6,
    "linkages": 20.1,
}
#: Ids of the first entities of a kind: real project ids, so queries that name
#: them by default (``sad:russia``) find something. Their labels stay synthetic.
ANCHORS: dict[str, tuple[str, ...]] = {
    "actors": ("russia", "united-states", "nato", "china"),
    "issues": ("arms-control", "strategic-stability", "european-security"),
    "agreements": ("new-start",),
}
#: Stand-in values for named-query parameters on a synthetic graph: by the
#: parameter's class (``entity:Actor``), else by its name, else by its type.
STAND_INS: dict[str, str] = {
    "Actor": "russia",
    "Person": "persons-0",
    "Issue": "arms-control",
    "Agreement": "new-start",
    "Forum": "fora-0",
    "Source": "sources-0",
    "a": "russia",
    "b": "united-states",
    "claim": "positions-0",
    "item": "new-start",
    "issue": "arms-control",
    "text": "issue 1",
}
#: Earliest and latest year of the generated dates.
YEARS = (1960, 2025)

_DATE_TYPES = {"year": XSD.gYear, "month": XSD.gYearMonth, "day": XSD.date}


@dataclass
class SynthStats:
    """What :func:`generate` wrote."""

    path: Path
    triples: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def _iri(term: object) -> str:
    return f"<{term}>"


def _lit(text: str, lang: str | None = "en") -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"@{lang}' if lang else f'"{escaped}"'


def _typed(text: str, datatype: object) -> str:
    return f'"{text}"^^<{datatype}>'


class _Writer:
    """Writes triples as N-Triples lines and counts them."""

    def __init__(self, out: IO[str]) -> None:
        self.out = out
        self.count = 0
        self.buffer: list[str] = []

    def t(self, s: str, p: object, o: str) -> None:
        self.buffer.append(f"{s} <{p}> {o} .\n")
        if len(self.buffer) >= 4096:
            self.flush()

    def flush(self) -> None:
        self.count += len(self.buffer)
        self.out.writelines(self.buffer)
        self.buffer.clear()


class _Generator:
    def __init__(self, counts: dict[str, int], rng: random.Random, w: _Writer) -> None:
        self.counts = counts
        self.rng = rng
        self.w = w
        vocab = load_vocabularies()
        self.codes = {
            name: sorted(vocab.tables[cls].items())
            for name, cls in {
                "stance": SA.Stance,
                "linkage": SA.LinkageType,
                "action": SA.ActionType,
                "event": SA.EventType,
                "document": SA.DocumentType,
                "forum": SA.ForumType,
                "status": SA.EventStatus,
                "attribution": SA.Attribution,
                "reliability": SA.Reliability,
                "source_type": SA.SourceType,
                "actor_class": SA.Actor,
                "agreement_class": SA.Agreement,
            }.items()
        }

    # -- helpers ---------------------------------------------------------
    def node(self, kind: str, index: int) -> str:
        anchors = ANCHORS.get(kind, ())
        local = anchors[index] if index < len(anchors) else f"{kind.replace('_', '-')}-{index}"
        return f"<{SAD}{local}>"

    def pick(self, kind: str, skew: float = 2.0) -> int:
        """An index of ``kind``, low indices (the 'big' entities) far more often."""
        return int(self.counts[kind] * self.rng.random() ** skew)

    def picks(self, kind: str, low: int, high: int, skew: float = 2.0) -> list[int]:
        return sorted({self.pick(kind, skew) for _ in range(self.rng.randint(low, high))})

    def code(self, name: str) -> tuple[str, str]:
        code, term = self.rng.choice(self.codes[name])
        return code, _iri(term)

    def date(self, s: str, predicate: object = DCTERMS.date, recent: bool = True) -> str:
        lo, hi = YEARS
        span = hi - lo
        year = hi - int(span * self.rng.random() ** (2.5 if recent else 1.0))
        roll = self.rng.random()
        month, day = self.rng.randint(1, 12), self.rng.randint(1, 28)
        if roll < 0.6:
            precision, text = "day", f"{year:04d}-{month:02d}-{day:02d}"
            start = end = dt.date(year, month, day)
        elif roll < 0.85:
            precision, text = "month", f"{year:04d}-{month:02d}"
            start = dt.date(year, month, 1)
            end = (dt.date(year + month // 12, month % 12 + 1, 1)) - dt.timedelta(days=1)
        else:
            precision, text = "year", f"{year:04d}"
            start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        self.w.t(s, predicate, _typed(text, _DATE_TYPES[precision]))
        if predicate == DCTERMS.date:
            self.w.t(s, SA.sortDate, _typed(start.isoformat(), XSD.date))
            self.w.t(s, SA.sortEndDate, _typed(end.isoformat(), XSD.date))
        return text

    def names(self, s: str, label: str, alias: str | None = None) -> None:
        self.w.t(s, SKOS.prefLabel, _lit(label))
        self.w.t(s, RDFS.label, _lit(label))
        if alias:
            self.w.t(s, SKOS.altLabel, _lit(alias))

    def evidence(self, s: str, n: int = 1) -> None:
        for k in range(1, n + 1):
            ev = f"{s[:-1]}/evidence/{k}>"
            src = self.node("sources", self.pick("sources", 1.5))
            self.w.t(s, SA.evidence, ev)
            self.w.t(ev, RDF.type, _iri(SA.Evidence))
            self.w.t(ev, SA.source, src)
            self.w.t(s, PROV.wasDerivedFrom, src)
            if self.rng.random() < 0.7:
                start = self.rng.randint(0, 20000)
                quote = f"synthetic quote {self.rng.randint(0, 10**6)}"
                self.w.t(ev, SA.quote, _lit(quote, None))
                self.w.t(ev, SA.quoteStart, _typed(str(start), XSD.integer))
                self.w.t(ev, SA.quoteEnd, _typed(str(start + len(quote)), XSD.integer))

    # -- kinds -----------------------------------------------------------
    def sources(self, i: int) -> None:
        s = self.node("sources", i)
        title = f"Synthetic source {i}"
        self.w.t(s, RDF.type, _iri(SA.Source))
        self.w.t(s, DCTERMS.title, _lit(title))
        self.w.t(s, RDFS.label, _lit(title))
        self.w.t(s, SA.sourceType, self.code("source_type")[1])
        self.w.t(s, SA.reliability, self.code("reliability")[1])
        self.w.t(s, SA.reliabilityRationale, _lit("Synthetic data for scale tests."))
        self.w.t(s, DCTERMS.language, _lit("en", None))
        self.date(s)
        if self.rng.random() < 0.5:
            self.w.t(s, DCTERMS.publisher, self.node("actors", self.pick("actors", 3)))

    def actors(self, i: int) -> None:
        s = self.node("actors", i)
        code, cls = ("state", _iri(SA.State)) if i < 4 else self.code("actor_class")
        self.w.t(s, RDF.type, _iri(SA.Actor))
        self.w.t(s, RDF.type, cls)
        self.names(s, f"Synthetic {code} {i}", f"SA-{i}" if self.rng.random() < 0.5 else None)
        if self.rng.random() < 0.3:
            self.w.t(s, DCTERMS.description, _lit(f"A synthetic {code}."))
        if self.rng.random() < 0.3:
            self.w.t(s, SA.memberOf, self.node("actors", self.pick("actors", 3)))
        if code != "state" and self.rng.random() < 0.5:
            self.w.t(s, SA.country, self.node("actors", self.pick("actors", 3)))
        if self.rng.random() < 0.1:
            self.w.t(s, OWL.sameAs, _iri(WD[f"Q{90000000 + i}"]))

    def persons(self, i: int) -> None:
        s = self.node("persons", i)
        self.w.t(s, RDF.type, _iri(SA.Person))
        self.names(s, f"Synthetic person {i}", f"Person {i}" if self.rng.random() < 0.4 else None)
        self.w.t(s, SA.nationality, self.node("actors", self.pick("actors", 3)))
        aff = f"{s[:-1]}/affiliation/1>"
        self.w.t(s, SA.affiliation, aff)
        self.w.t(aff, RDF.type, _iri(SA.Affiliation))
        self.w.t(aff, SA.organization, self.node("actors", self.pick("actors", 2)))
        self.w.t(aff, SA.role, _lit(self.rng.choice(("Minister", "Envoy", "Analyst", "Leader"))))
        self.date(aff, SA.startDate)

    def places(self, i: int) -> None:
        s = self.node("places", i)
        self.w.t(s, RDF.type, _iri(SA.Place))
        self.names(s, f"Synthetic place {i}")
        self.w.t(s, SA.country, self.node("actors", self.pick("actors", 3)))

    def issues(self, i: int) -> None:
        s = self.node("issues", i)
        self.w.t(s, RDF.type, _iri(SA.Issue))
        self.names(s, f"Synthetic issue {i}", f"Issue {i}" if self.rng.random() < 0.3 else None)
        self.w.t(s, SKOS.definition, _lit(f"Synthetic issue number {i}."))
        self.w.t(s, SKOS.inScheme, _iri(ISSUE_SCHEME))
        roots = max(3, self.counts["issues"] // 20)
        if i < roots:
            self.w.t(s, SKOS.topConceptOf, _iri(ISSUE_SCHEME))
            self.w.t(_iri(ISSUE_SCHEME), SKOS.hasTopConcept, s)
        else:
            parent = self.node("issues", self.rng.randrange(max(1, i // 2)))
            self.w.t(s, SKOS.broader, parent)
            self.w.t(parent, SKOS.narrower, s)
        if i > 0 and self.rng.random() < 0.2:
            self.w.t(s, SKOS.related, self.node("issues", self.rng.randrange(i)))

    def fora(self, i: int) -> None:
        s = self.node("fora", i)
        self.w.t(s, RDF.type, _iri(SA.Forum))
        self.w.t(s, SA.forumType, self.code("forum")[1])
        self.names(s, f"Synthetic forum {i}")
        for a in self.picks("actors", 2, 5, 2.5):
            self.w.t(s, SA.member, self.node("actors", a))
        self.date(s, SA.established, recent=False)

    def agreements(self, i: int) -> None:
        s = self.node("agreements", i)
        self.w.t(s, RDF.type, _iri(SA.Agreement))
        self.w.t(s, RDF.type, self.code("agreement_class")[1])
        self.names(s, f"Synthetic agreement {i}", f"SAG-{i}")
        self.w.t(s, DCTERMS.title, _lit(f"Synthetic agreement number {i}"))
        for a in self.picks("actors", 2, 4, 2.5):
            self.w.t(s, SA.party, self.node("actors", a))
        if i > 0 and self.rng.random() < 0.2:
            self.w.t(s, SA.predecessor, self.node("agreements", self.rng.randrange(i)))
        for x in self.picks("issues", 1, 2):
            self.w.t(s, SA.addresses, self.node("issues", x))
        self.evidence(s)

    def treaty_actions(self, i: int) -> None:
        s = self.node("treaty_actions", i)
        agreement = self.pick("agreements", 1.5)
        code, term = self.code("action")
        self.w.t(s, RDF.type, _iri(SA.TreatyAction))
        self.w.t(s, SA.agreement, self.node("agreements", agreement))
        self.w.t(s, SA.actionType, term)
        if code not in ("entry-into-force", "expiry", "conclusion"):
            for a in self.picks("actors", 1, 2, 2.5):
                self.w.t(s, SA.actor, self.node("actors", a))
        when = self.date(s, recent=False)
        self.w.t(s, RDFS.label, _lit(f"Synthetic agreement {agreement}: {code} ({when})"))
        self.evidence(s)
        if code in ("suspension", "withdrawal", "termination") and self.rng.random() < 0.3:
            dispute = f"{s[:-1]}/dispute/1>"
            self.w.t(s, SA.dispute, dispute)
            self.w.t(dispute, RDF.type, _iri(SA.StatusDispute))
            self.w.t(dispute, SA.disputedBy, self.node("actors", self.pick("actors", 3)))
            self.date(dispute)
            self.w.t(dispute, DCTERMS.description, _lit("A synthetic dispute."))
            self.evidence(dispute)

    def proposals(self, i: int) -> None:
        s = self.node("proposals", i)
        self.w.t(s, RDF.type, _iri(SA.Proposal))
        self.w.t(s, SA.documentType, self.code("document")[1])
        self.names(s, f"Synthetic proposal {i}")
        self.w.t(s, SA.proposedBy, self.node("actors", self.pick("actors", 3)))
        self.w.t(s, SA.addressedTo, self.node("actors", self.pick("actors", 3)))
        self.date(s)
        if i > 0 and self.rng.random() < 0.3:
            self.w.t(s, SA.respondsTo, self.node("proposals", self.rng.randrange(i)))
        for x in self.picks("issues", 1, 3):
            self.w.t(s, SA.addresses, self.node("issues", x))
        self.evidence(s)

    def events(self, i: int) -> None:
        s = self.node("events", i)
        self.w.t(s, RDF.type, _iri(SA.Event))
        self.w.t(s, SA.eventType, self.code("event")[1])
        self.names(s, f"Synthetic event {i}")
        self.date(s)
        if self.rng.random() < 0.5:
            self.w.t(s, SA.place, self.node("places", self.pick("places")))
        for a in self.picks("actors", 2, 4, 3):
            self.w.t(s, SA.participant, self.node("actors", a))
        if self.rng.random() < 0.4:
            self.w.t(s, SA.forum, self.node("fora", self.pick("fora")))
        for x in self.picks("issues", 1, 3):
            self.w.t(s, SA.topic, self.node("issues", x))
        if self.rng.random() < 0.2:
            self.w.t(s, SA.topic, self.node("agreements", self.pick("agreements")))
        self.w.t(s, SA.eventStatus, self.code("status")[1])
        if self.rng.random() < 0.3:
            self.w.t(s, SA.outcome, _lit("A synthetic outcome."))
        self.evidence(s)

    def positions(self, i: int) -> None:
        s = self.node("positions", i)
        holder = self.pick("actors", 3)
        code, term = self.code("stance")
        target_kind = "agreements" if self.rng.random() < 0.2 else "issues"
        target = self.pick(target_kind)
        self.w.t(s, RDF.type, _iri(SA.Position))
        self.w.t(s, RDF.type, _iri(SA.Claim))
        self.w.t(s, SA.holder, self.node("actors", holder))
        if self.rng.random() < 0.3:
            self.w.t(s, SA.statedBy, self.node("persons", self.pick("persons")))
        self.w.t(s, SA.stance, term)
        self.w.t(s, SA.target, self.node(target_kind, target))
        self.date(s)
        if code in ("conditional", "willing-to-discuss") or self.rng.random() < 0.1:
            self.w.t(s, SA.condition, _lit("A synthetic condition."))
            self.w.t(s, SA.conditionOn, self.node("issues", self.pick("issues")))
        if self.rng.random() < 0.4:
            self.w.t(s, DCTERMS.description, _lit("A synthetic position."))
        self.w.t(s, SA.attribution, self.code("attribution")[1])
        self.w.t(s, RDFS.label, _lit(f"Synthetic actor {holder} {code} {target_kind} {target}"))
        self.evidence(s, 1 if self.rng.random() < 0.8 else 2)

    def linkages(self, i: int) -> None:
        s = self.node("linkages", i)
        holder = self.pick("actors", 3)
        self.w.t(s, RDF.type, _iri(SA.Linkage))
        self.w.t(s, RDF.type, _iri(SA.Claim))
        self.w.t(s, SA.holder, self.node("actors", holder))
        if self.rng.random() < 0.2:
            self.w.t(s, SA.statedBy, self.node("persons", self.pick("persons")))
        self.w.t(s, SA.linkageType, self.code("linkage")[1])
        for x in self.picks("issues", 1, 2):
            self.w.t(s, SA.linkSubject, self.node("issues", x))
        if self.rng.random() < 0.3:
            self.w.t(s, SA.linkSubject, self.node("agreements", self.pick("agreements")))
        for x in self.picks("issues", 1, 2):
            self.w.t(s, SA.linkCondition, self.node("issues", x))
        self.date(s)
        if self.rng.random() < 0.4:
            self.w.t(s, DCTERMS.description, _lit("A synthetic linkage."))
        self.w.t(s, SA.attribution, self.code("attribution")[1])
        self.w.t(s, RDFS.label, _lit(f"Synthetic actor {holder} links issues"))
        self.evidence(s, 1 if self.rng.random() < 0.8 else 2)


def plan_counts(n_triples: int) -> dict[str, int]:
    """How many entities of each kind make about ``n_triples`` triples.

    Example:
        >>> plan_counts(100_000)["positions"]
        1935
    """
    return {
        kind: max(
            len(ANCHORS.get(kind, ())) + 1, round(n_triples * share / TRIPLES_PER_ENTITY[kind])
        )
        for kind, share in MIX.items()
    }


def standin_params(query: Any) -> dict[str, str]:
    """Parameters for a named query (:class:`kg.named_queries.NamedQuery`) on a synthetic graph.

    Entities get ids that exist in every synthetic graph (:data:`STAND_INS`);
    dates keep the query's first example; optional parameters without an example
    or stand-in stay unbound.
    """
    example = dict(query.examples[0]) if query.examples else {}
    params: dict[str, str] = {}
    for p in query.params:
        if p.type == "entity":
            value = STAND_INS.get(p.name) or STAND_INS.get(p.kind or "")
        elif p.type == "text":
            value = STAND_INS.get(p.name, STAND_INS["text"])
        else:
            value = example.get(p.name)
        if value is not None and (not p.optional or p.name in example or p.type == "entity"):
            params[p.name] = value
    return params


def _ontology_lines() -> Iterator[str]:
    """The ontology as sorted N-Triples lines with canonical blank-node labels (deterministic)."""
    canonical = to_canonical_graph(load_ontology())
    nt = canonical.serialize(format="nt", encoding="utf-8").decode("utf-8")
    yield from (line + "\n" for line in sorted(nt.splitlines()) if line.strip())


def generate(
    n_triples: int,
    out: Path | str,
    seed: int = 0,
    progress: Callable[[str], None] | None = None,
) -> SynthStats:
    """Write a synthetic graph of about ``n_triples`` triples to ``out`` (N-Triples).

    The file is written to a temporary name beside ``out`` and moved into place at
    the end. The same ``n_triples`` and ``seed`` always give the same file.

    Raises:
        KGError: when ``n_triples`` is too small to hold one entity of each kind.
    """
    if n_triples < 1000:
        raise KGError(f"--triples must be at least 1000 (got {n_triples})")
    started = time.perf_counter()
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    counts = plan_counts(n_triples)
    rng = random.Random(seed)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(
                f"# Synthetic security-agenda graph for scale tests: {n_triples} triples "
                f"requested, seed {seed}. Not facts.\n"
            )
            writer = _Writer(handle)
            for line in _ontology_lines():
                writer.buffer.append(line)
            writer.flush()
            writer.t(_iri(ISSUE_SCHEME), RDF.type, _iri(SKOS.ConceptScheme))
            writer.t(_iri(ISSUE_SCHEME), SKOS.prefLabel, _lit("Security-agenda issues"))
            gen = _Generator(counts, rng, writer)
            for kind, count in counts.items():
                if progress:
                    progress(f"{kind}: {count}")
                make = getattr(gen, kind)
                for index in range(count):
                    make(index)
            writer.flush()
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return SynthStats(out, writer.count, counts, time.perf_counter() - started)
