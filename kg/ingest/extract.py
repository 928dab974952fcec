"""Claim extraction: candidate positions, linkages and events from a document's sentences.

Every rule works inside one sentence and is driven by the cue tables of
``rules.yaml``:

* position: an actor, a stance cue after it ("Moscow is fiercely *opposed* to")
  and an issue, agreement, proposal or forum after the cue (before it in the
  passive: "the draft ... was *rejected by* the US"); a conditional cue later in
  the sentence makes the stance ``conditional`` with its condition;
* linkage: a conditional construction ("as long as", "under the condition of",
  "ties X to Y", "in exchange for", "if Y, X"...): what comes before the cue is
  made conditional on what follows it; an actor before the cue holds it;
* event: an event cue (talks, meeting, call, summit...) with a date, a place or
  two participants in the sentence; dates resolve against the document date.

A :class:`Context` carries what earlier sentences said, so that a rule can
resolve "he", "it", "both sides" to the actors last named, descriptions such as
"these demands", "this issue" or "the agreement" to the entries they refer back
to, and a quotation to its speaker. Evaluative predicates ("X is
indispensable") give the stance of a viewpoint frame, a reporting subject, the
quoted speaker or, failing those, the document's author. A linkage also gives
its holder's conditional position on each thing made conditional.

Each candidate keeps the verbatim sentence, its offsets, the rule that produced
it and a confidence.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from kg.ingest.datetext import find_dates
from kg.ingest.gazetteer import Gazetteer, Mention
from kg.ingest.rules import Cue, Rules, load_rules, words_pattern
from kg.ingest.text import Sentence, split_sentences, stem
from kg.schema import ACTOR_KINDS, SUBJECT_KINDS

#: Characters between an actor and a cue beyond which the holder is less certain.
NEAR_HOLDER = 40
#: Words after "the X" that introduce its definition ("the agreement that ..."): no reference back.
COMPLEMENTS = frozenset({"that", "which", "of", "on", "to", "between", "with", "for", "who"})
#: Prepositions: an actor right after one is not the subject of a clause.
PREPOSITIONS = frozenset({"near", "in", "to", "from", "of", "with", "on", "for", "against", "at"})
#: At most this many targets per stance cue (one candidate each).
MAX_TARGETS = 3


@dataclass
class Candidate:
    """A proposed claim: the entry in the data format plus how it was found.

    Attributes:
        kind: ``positions``, ``linkages`` or ``events``.
        values: The entry's fields (without ``id`` and ``evidence``).
        sentence: The evidence sentence (verbatim, a quote of the stored text).
        start: Offset of the sentence in the stored text.
        end: Offset after it.
        rule: The rule and cue that produced it (``position:insists``).
        confidence: 0..1, from the cue's base confidence and the distances involved.
        notes: What the analyst should check.
    """

    kind: str
    values: dict[str, Any]
    sentence: str
    start: int
    end: int
    rule: str
    confidence: float
    notes: list[str] = field(default_factory=list)

    def key(self) -> tuple[Any, ...]:
        """What makes two candidates the same claim."""
        v = self.values
        if self.kind == "positions":
            return (self.kind, self.start, v.get("actor"), v.get("target"))
        if self.kind == "linkages":
            return (
                self.kind,
                self.start,
                v.get("actor"),
                tuple(v["subject"]),
                tuple(v["condition"]),
            )
        return (self.kind, self.start, v.get("event_type"))


@dataclass(frozen=True)
class _Actor:
    start: int
    end: int
    entity: str
    demonym: bool = False


@dataclass
class Context:
    """What the document has said before the current sentence (for references back).

    Attributes:
        history: Every entity mention before the sentence, in text order.
        persons: Persons named so far, most recent last.
        actors: Actors (not persons) named so far, most recent last.
        speaker: The person quoted by the current run of quoted sentences, if any.
        in_quote: Whether the sentence continues a quotation opened earlier.
        author: The document's author or publisher (holder of the text's own judgements).
        list_items: Mentions in the list items that follow a sentence ending with a colon.
    """

    history: list[Mention] = field(default_factory=list)
    persons: list[str] = field(default_factory=list)
    actors: list[str] = field(default_factory=list)
    speaker: str | None = None
    in_quote: bool = False
    author: str | None = None
    list_items: list[Mention] = field(default_factory=list)
    recent: list[tuple[list[str], list[str]]] = field(default_factory=list)
    text: str = ""
    last_subjects: list[Mention] = field(default_factory=list)


def _after_preposition(actor: _Actor, sentence: Sentence) -> bool:
    """Whether a preposition (and perhaps "the") comes right before the actor's name."""
    ahead = sentence.text[: actor.start - sentence.start].split()
    if len(ahead) > 1 and ahead[-1].lower() == "the":
        ahead = ahead[:-1]
    return bool(ahead) and ahead[-1].lower() in PREPOSITIONS


#: The note on a candidate whose holder is the document's author.
AUTHOR_NOTE = "holder: the document's author (the text's own judgement)"


def _author_holder(sentence: Sentence, ctx: Context) -> list[_Actor]:
    """The document's author as holder of a sentence in the text's own voice (no quotation)."""
    if not ctx.author or re.search(r"[“”\"]", sentence.text):
        return []
    return [_Actor(sentence.start, sentence.start, ctx.author)]


def _head(text: str) -> str:
    """The head noun of a name: the word before "of", else the last word."""
    words = re.findall(r"[\w-]+", text.split(" of ")[0])
    return stem(words[-1]) if words else ""


class Extractor:
    """Runs the rules over one document."""

    def __init__(self, gazetteer: Gazetteer, rules: Rules | None = None) -> None:
        self.gazetteer = gazetteer
        self.rules = rules or load_rules()
        self._negation = words_pattern(list(self.rules.negations))
        self._demonyms = re.compile(
            r"\b(" + "|".join(map(re.escape, self.rules.demonyms)) + r")\b(?![’'`]s)"
        )
        self._hypothetical = words_pattern(list(self.rules.hypothetical))
        self._status = [(s, words_pattern(w) if w else None) for s, w in self.rules.event_status]

    # -- helpers -----------------------------------------------------------------------------

    def actor_of(self, entity: str) -> tuple[str, str | None]:
        """(actor, stated_by) for a holder: an official speaks for the state they serve."""
        record = self.gazetteer.records.get(entity)
        if record is None or record.kind != "persons":
            return entity, None
        for affiliation in record.get("affiliations") or []:
            organization = self.gazetteer.records.get(affiliation.get("organization", ""))
            if organization is None:
                continue
            if organization.get("type") == "state":
                return organization.id, entity
            if organization.get("type") == "government-body" and organization.get("part_of"):
                return str(organization.get("part_of")), entity
        return entity, None

    def _actors(self, sentence: Sentence, mentions: list[Mention]) -> list[_Actor]:
        found = [_Actor(m.start, m.end, m.entity) for m in mentions if m.kind in ACTOR_KINDS]
        for match in self._demonyms.finditer(sentence.text):
            start = sentence.start + match.start()
            if any(a.start <= start < a.end for a in found):
                continue
            entity = self.rules.demonyms[match.group(1)]
            if entity in self.gazetteer.records:
                found.append(_Actor(start, sentence.start + match.end(), entity, True))
        return sorted(found, key=lambda a: a.start)

    @staticmethod
    def _subjects(mentions: list[Mention]) -> list[Mention]:
        return [m for m in mentions if m.kind in SUBJECT_KINDS]

    def _cue_matches(
        self, cues: tuple[Cue, ...], sentence: Sentence
    ) -> list[tuple[Cue, int, int, str]]:
        found = []
        for cue in cues:
            for match in cue.pattern.finditer(sentence.text):
                found.append(
                    (
                        cue,
                        sentence.start + match.start(),
                        sentence.start + match.end(),
                        match.group(),
                    )
                )
        found.sort(key=lambda c: (c[1], -(c[2] - c[1])))
        kept: list[tuple[Cue, int, int, str]] = []
        for item in found:
            if not any(k[1] <= item[1] < k[2] for k in kept):
                kept.append(item)
        return kept

    @staticmethod
    def _coordinated(before: list[_Actor], sentence: Sentence) -> list[_Actor]:
        """The last actor before a cue, with those coordinated with it ("the US and Russia")."""
        if not before:
            return []
        group = [before[-1]]
        for actor in reversed(before[:-1]):
            gap = sentence.text[actor.end - sentence.start : group[0].start - sentence.start]
            if _after_preposition(actor, sentence):
                break  # "near the Ukraine and the West ...": not a coordinated subject
            if re.fullmatch(r"\s*(?:and|, and|&|or|as well as)\s+(?:the\s+)?", gap):
                group.insert(0, actor)
            else:
                break
        return group

    @staticmethod
    def _not_objects(actors: list[_Actor], sentence: Sentence) -> list[_Actor]:
        """Actors that can be a subject: not right after a preposition ("listened to Russia's").

        If every actor follows a preposition, they are all kept.
        """
        kept = [a for a in actors if not _after_preposition(a, sentence)]
        return kept or actors

    @staticmethod
    def _coordinated_targets(before: list[Mention], sentence: Sentence) -> list[Mention]:
        """The last subject before a passive cue, with those coordinated with it.

        "The draft “A” and draft “B” were rejected by ...": both A and B.
        """
        if not before:
            return []
        group = [before[-1]]
        for subject in reversed(before[:-1]):
            gap = sentence.text[subject.end - sentence.start : group[0].start - sentence.start]
            if not re.fullmatch(
                r"(?:\W*\w+){0,2}\W*\b(?:and|or|as well as)\s+(?:the\s+)?(?:\w+\s+)?\W*", gap
            ):
                break
            group.insert(0, subject)
        return group[-MAX_TARGETS:]

    # -- references back -----------------------------------------------------------------------

    def _back_holders(self, sentence: Sentence, cue_start: int, ctx: Context) -> list[_Actor]:
        """Holders named earlier: "both sides" (the last pair), "he"/"she", "it"."""
        before = sentence.text[: cue_start - sentence.start]
        best: tuple[int, str, str] | None = None
        for kind, words in self.rules.back_references.items():
            for match in words_pattern(words).finditer(before):
                if best is None or match.start() > best[0]:
                    best = (match.start(), kind, match.group())
        if best is None:
            return []
        at, kind, word = best
        if re.search(r"[,;:]", before[at:]):  # the reference must be the cue's own subject
            return []
        start = sentence.start + at
        for actors, persons in reversed(ctx.recent):
            if kind == "pair" and len(actors) >= 2:
                return [_Actor(start, start + len(word), a) for a in actors[:2]]
            if kind == "person" and persons:
                return [_Actor(start, start + len(word), persons[0])]
            if kind == "actor" and actors:
                return [_Actor(start, start + len(word), actors[0])]
        return []

    def _viewpoint(self, sentence: Sentence, actors: list[_Actor]) -> list[_Actor]:
        """ "From the Russian vantage point, ...": whose view the sentence states."""
        frames = "|".join(re.escape(f) for f in self.rules.viewpoint_frames)
        match = re.search(
            rf"\b(?:from|in)\s+((?:\S+\s+){{0,3}}?)(?:{frames})\b", sentence.text, re.I
        )
        if not match:
            return []
        span = (sentence.start + match.start(1), sentence.start + match.end(1))
        return [a for a in actors if span[0] <= a.start < span[1]][:1]

    def _reporter(self, sentence: Sentence, actors: list[_Actor], before: int) -> list[_Actor]:
        """The subject of a reporting verb ("Macron described ...", "..., X has stated")."""
        verbs = words_pattern(list(self.rules.reporting_verbs))
        text = sentence.text
        tail = re.search(r"[,”\"]\s*([^,“”\"]{0,80})$", text)
        if tail and any(not v.group()[:1].isupper() for v in verbs.finditer(tail.group(1))):
            span = sentence.start + tail.start(1)
            found = [a for a in actors if a.start >= span and not a.demonym]
            if found:
                return found[:1]
        for match in verbs.finditer(text[: before - sentence.start]):
            if match.group()[:1].isupper():
                continue  # "United States" is not a verb
            found = [a for a in actors if a.end <= sentence.start + match.start()]
            if found and not found[-1].demonym:
                return found[-1:]
        return []

    def _anaphors(self, sentence: Sentence, mentions: list[Mention], ctx: Context) -> list[Mention]:
        """Descriptions that refer back: "these demands", "this issue", "the agreement"."""
        out: list[Mention] = []
        dets = sorted(self.rules.anaphor_determiners, key=len, reverse=True)
        det_re = "|".join(re.escape(d) for d in dets)
        possessives = [
            (m.end, m.end + 2)
            for m in mentions
            if m.kind in ACTOR_KINDS
            and re.match(r"[’'`]s\b", sentence.text[m.end - sentence.start :])
        ]
        starts = [
            (sentence.start + m.start(), sentence.start + m.end(), m.group(1).lower())
            for m in re.finditer(rf"\b({det_re})\b", sentence.text, re.I)
        ] + [(a, b, "'s") for a, b in possessives]
        for det_start, det_end, det in starts:
            if any(m.start <= det_start < m.end for m in mentions):
                continue
            words = list(re.finditer(r"[\w-]+|[^\w\s]", sentence.text[det_end - sentence.start :]))
            weak = det in self.rules.weak_determiners
            if weak and len(words) > 1 and words[1].group().lower() in COMPLEMENTS:
                continue  # "the agreement that ...": defined by what follows, not a reference
            for word in words[: 1 if weak else 3]:
                if not word.group()[0].isalnum():
                    break
                w_start = det_end + word.start()
                if any(m.start <= w_start < m.end for m in mentions):
                    break
                plural = (
                    word.group().lower() in self.rules.generic_heads
                    and stem(word.group()) != word.group().lower()
                )
                if plural and det not in self.rules.weak_determiners:
                    # "these topics": everything the last sentence that named issues named
                    here = [m for m in mentions if m.kind in SUBJECT_KINDS and m.end <= w_start]
                    for m in (here or ctx.last_subjects)[:MAX_TARGETS]:
                        out.append(
                            Mention(
                                det_start,
                                det_end + word.end(),
                                sentence.text[
                                    det_start - sentence.start : det_end
                                    + word.end()
                                    - sentence.start
                                ],
                                m.entity,
                                m.kind,
                                "anaphor",
                            )
                        )
                    break
                found = self._antecedent(word.group(), det, mentions, w_start, ctx)
                if found is not None:
                    out.append(
                        Mention(
                            det_start,
                            det_end + word.end(),
                            sentence.text[
                                det_start - sentence.start : det_end + word.end() - sentence.start
                            ],
                            found.entity,
                            found.kind,
                            "anaphor",
                        )
                    )
                    break
        return out

    def _pronoun_possessives(
        self, sentence: Sentence, mentions: list[Mention], ctx: Context
    ) -> list[Mention]:
        """ "wants its security concerns addressed": a name in the possessive of an actor.

        The pronoun stands for the last actor named before it (a person's state), so "its
        security concerns" after "Russia" reads as "Russia's security concerns".
        """
        out: list[Mention] = []
        actors = [a for a in self._actors(sentence, mentions) if not a.demonym]
        for match in re.finditer(r"\b(?:its|their|his|her)\s+", sentence.text, re.I):
            at = sentence.start + match.start()
            if any(m.start <= at < m.end for m in mentions):
                continue
            before = [a.entity for a in actors if a.end <= at]
            owner = before[-1] if before else (ctx.actors[-1] if ctx.actors else None)
            if owner is None:
                continue
            owner = self.actor_of(owner)[0]
            prefix = f"{self.gazetteer.records[owner].label}'s "
            rest = sentence.text[match.end() :]
            for m in self.gazetteer.find(prefix + rest):
                if m.start == 0 and m.end > len(prefix) and m.kind in SUBJECT_KINDS:
                    end = sentence.start + match.end() + m.end - len(prefix)
                    text = sentence.text[match.start() : end - sentence.start]
                    out.append(Mention(at, end, text, m.entity, m.kind, "anaphor"))
                    break
        return out

    def _antecedent(
        self, word: str, det: str, mentions: list[Mention], at: int, ctx: Context
    ) -> Mention | None:
        head = stem(word)
        earlier = [m for m in ctx.history if m.kind in SUBJECT_KINDS] + [
            m for m in mentions if m.kind in SUBJECT_KINDS and m.end <= at
        ]
        if not earlier:
            return None
        if word.lower() in self.rules.generic_heads:
            return earlier[-1] if det not in self.rules.weak_determiners else None
        kind = self.rules.kind_heads.get(head)
        if kind:
            same = [m for m in earlier if m.kind == kind]
            return same[-1] if same else None
        same_head = [m for m in earlier if m.name != "anaphor" and _head(m.text) == head]
        if det in self.rules.weak_determiners:
            same_head = [m for m in same_head if m.kind == "issues"]
        return same_head[-1] if same_head else None

    def _clause(self, sentence: Sentence, start: int) -> int:
        """Where the clause that starts at ``start`` ends."""
        rest = sentence.text[start - sentence.start :]
        ends = [rest.find(e) for e in self.rules.clause_ends]
        ends = [e for e in ends if e > 0]
        return start + min(ends) if ends else sentence.end

    # -- rules -------------------------------------------------------------------------------

    def positions(
        self,
        sentence: Sentence,
        mentions: list[Mention],
        previous: list[Mention] | None = None,
        ctx: Context | None = None,
    ) -> list[Candidate]:
        """Stance cues with a holder before them and a target after them (before, if passive)."""
        ctx = ctx or Context()
        out: list[Candidate] = []
        actors = self._actors(sentence, mentions)
        subjects = self._subjects(mentions)
        cues = self._cue_matches(self.rules.stance_cues, sentence)
        conditions = [
            c
            for c in self._cue_matches(self.rules.linkage_cues, sentence)
            if not any(m.start <= c[1] < m.end for m in mentions)
        ]
        # "a refusal to discuss X": the first cue governs the second, and takes its targets
        governed = {
            c[1]
            for c in cues
            for d in cues
            if d[2] <= c[1]
            and re.fullmatch(
                r"\s+to\s+", sentence.text[d[2] - sentence.start : c[1] - sentence.start]
            )
        }
        cues = [c for c in cues if c[1] not in governed]
        for cue, start, end, form in cues:
            if any(m.start <= start < m.end for m in mentions if m.name != "anaphor"):
                continue  # the cue word is part of a name
            stance = cue.code
            before = sentence.text[max(0, start - sentence.start - 25) : start - sentence.start]
            negated = bool(self._negation.search(" ".join(before.split()[-3:])))
            if negated and form.lower() not in self.rules.negated_forms:
                stance = self.rules.negated_stance.get(stance, stance)
            after_text = sentence.text[end - sentence.start :]
            words_before = before.split()
            notes: list[str] = []
            confidence = cue.confidence
            demonym_owner = [a for a in actors if a.demonym and 0 <= start - a.end <= 1] or [
                a
                for a in actors
                if 0 <= start - a.end <= 3
                and sentence.text[a.end - sentence.start :].startswith(("’s", "'s", "`s"))
            ]
            if (
                cue.holder == "before"
                and words_before
                and words_before[-1].lower() in self.rules.noun_determiners
            ):
                continue  # "its main demands": a noun, whose holder the rule cannot tell
            passive = re.match(r"\s*(?:\w+\s+)?by\b", after_text) is not None
            if cue.holder == "after":
                # "a high priority for the Russian side: missile defense, ..." or
                # "missile defense is a top priority for Russia"
                holders = [a for a in actors if 0 <= a.start - end <= 12][:1]
                listed = re.match(r"[^:]{0,40}:", after_text)
                targets = (
                    [s for s in subjects if s.start >= end][:MAX_TARGETS]
                    if listed
                    else self._coordinated_targets(
                        [s for s in subjects if s.end <= start], sentence
                    )
                )
            elif passive:
                holders = [a for a in actors if a.start >= end][:1]
                targets = self._coordinated_targets(
                    [s for s in subjects if s.end <= start], sentence
                )
            else:
                holders = demonym_owner[-1:] or self._coordinated(
                    self._not_objects([a for a in actors if a.end <= start], sentence), sentence
                )
                pronoun = holders and re.search(
                    r"\b(?:he|she)\b",
                    sentence.text[holders[-1].end - sentence.start : start - sentence.start],
                )
                persons = [
                    a
                    for a in actors
                    if a.end <= start and self.gazetteer.kind_of(a.entity) == "persons"
                ]
                if pronoun and persons:
                    holders = persons[-1:]  # "Putin ... warned that he would not ..."
                if not holders:
                    holders = self._viewpoint(sentence, actors)
                if not holders:
                    holders = self._back_holders(sentence, start, ctx)
                    if holders:
                        confidence -= 0.1
                        notes.append("holder resolved from an earlier sentence")
                if not holders and ctx.in_quote and ctx.speaker:
                    holders = [_Actor(sentence.start, sentence.start, ctx.speaker)]
                    confidence -= 0.1
                    notes.append("holder: the speaker of the quotation")
                opening = [c[1] for c in conditions if c[0].clause and c[1] < start]
                if opening and holders and all(h.start > min(opening) for h in holders):
                    continue  # "as long as the other side stands ready to": the condition itself
                next_cue = min(
                    [c[1] for c in cues if c[1] > end]
                    + [
                        a.start
                        for a in actors
                        if a.start > end and any(0 <= c[1] - a.end <= 1 for c in conditions)
                    ],
                    default=sentence.end,
                )
                targets = [s for s in subjects if end <= s.start < next_cue][:MAX_TARGETS]
                if sentence.text.rstrip().endswith(":") and ctx.list_items:
                    targets += self._subjects(ctx.list_items)
                if demonym_owner:
                    targets = [s for s in targets if s.start - end < 30]
                if not targets and holders and not demonym_owner:
                    targets = [s for s in subjects if holders[-1].end < s.end <= start][-1:]
                if (
                    not targets
                    and not demonym_owner
                    and re.match(r"\s*(?:Asked about|Regarding|As for|On)\b", sentence.text)
                ):
                    targets = [s for s in subjects if s.end <= start][:MAX_TARGETS]
                if not targets and re.match(r"\s*(?:to\s+)?(?:do|doing|did)\s+so\b", after_text):
                    # "Russia says it has no plans to do so": what the sentence named before
                    targets = [s for s in subjects if s.end <= start][-1:]
                    notes.append("target: what 'do so' refers back to")
                    confidence -= 0.1
                if (
                    not targets
                    and previous
                    and re.match(r"\W*(?:\w+\s+)?(?:these|this|those|them|it)\b", after_text)
                ):
                    targets = self._subjects(previous)[:MAX_TARGETS]
                    confidence -= 0.15
                    notes.append(
                        "target taken from the previous sentence (the sentence refers back to it)"
                    )
            if not holders or not targets:
                continue
            distance = min(
                abs(start - h.end) if h.end <= start else abs(h.start - end) for h in holders
            )
            confidence -= 0.15 if distance > NEAR_HOLDER else 0.0
            condition = [
                c
                for c in conditions
                if c[1] > end and not any(end <= a.start < c[1] for a in actors)
            ]
            out += self._position_candidates(
                sentence,
                holders,
                targets,
                stance,
                condition,
                subjects,
                negated,
                before,
                form,
                after_text,
                notes,
                confidence,
                f"position:{cue.cue}" + (":passive" if passive and cue.holder != "after" else ""),
                ctx,
            )
        out += self.evaluations(sentence, mentions, ctx)
        return out

    def _position_candidates(
        self,
        sentence: Sentence,
        holders: list[_Actor],
        targets: list[Mention],
        stance: str,
        condition: list[tuple[Cue, int, int, str]],
        subjects: list[Mention],
        negated: bool,
        before: str,
        form: str,
        after_text: str,
        notes: list[str],
        confidence: float,
        rule: str,
        ctx: Context | None = None,
    ) -> list[Candidate]:
        out: list[Candidate] = []
        seen: set[tuple[str, str]] = set()
        for holder, (rank, target) in ((h, t) for h in holders for t in enumerate(targets)):
            actor, stated_by = self.actor_of(holder.entity)
            if target.entity == actor or (holder.entity, target.entity) in seen:
                continue
            seen.add((holder.entity, target.entity))
            values: dict[str, Any] = {"actor": actor}
            if stated_by:
                values["stated_by"] = stated_by
            values["stance"] = stance
            values["target"] = target.entity
            if condition:
                clause_end = self._clause(sentence, condition[0][2])
                on = [s.entity for s in subjects if condition[0][2] <= s.start < clause_end]
                values["stance"] = "conditional"
                values["conditions"] = [
                    " ".join(sentence.text[condition[0][2] - sentence.start :].split()).rstrip(".")
                ]
                if on:
                    values["condition_on"] = sorted(set(on) - {target.entity})
                    if not values["condition_on"]:
                        del values["condition_on"]
            own = list(notes)
            if negated:
                own.append(
                    f"negated cue: '{before.strip().split()[-1] if before.strip() else ''} {form}'"
                )
            if target.name == "anaphor":
                own.append(f"target resolved from '{target.text}'")
            if target.name == "keyword":
                own.append(f"target found by its keyword '{target.text}'")
            values["attribution"] = "direct" if re.search(r"[“\"]", after_text) else "reported"
            penalty = 0.1 * min(rank, 3) + (0.1 if holder.demonym else 0)
            penalty += 0.1 if target.name == "anaphor" else 0
            penalty += self.rules.keyword_penalty if target.name == "keyword" else 0
            quote, quote_end = sentence.text, sentence.end
            if ctx is not None and target.start >= sentence.end and ctx.text:
                # a target from the list after "...:" -- the quote runs to the end of its item
                line_end = ctx.text.find("\n", target.end)
                quote_end = len(ctx.text) if line_end < 0 else line_end
                quote = ctx.text[sentence.start : quote_end].rstrip()
                quote_end = sentence.start + len(quote)
                own.append("target taken from the list that follows the sentence")
                penalty = 0.0
            out.append(
                Candidate(
                    "positions",
                    values,
                    quote,
                    sentence.start,
                    quote_end,
                    rule,
                    round(max(0.0, confidence - penalty), 2),
                    own,
                )
            )
        return out

    def evaluations(
        self, sentence: Sentence, mentions: list[Mention], ctx: Context
    ) -> list[Candidate]:
        """Evaluative predicates ("X is indispensable"): the judge's stance on what is judged."""
        out: list[Candidate] = []
        actors = self._actors(sentence, mentions)
        subjects = self._subjects(mentions)
        for cue, start, end, form in self._cue_matches(self.rules.evaluative_cues, sentence):
            holders = self._viewpoint(sentence, actors) or self._reporter(sentence, actors, start)
            notes: list[str] = []
            confidence = cue.confidence
            if not holders:
                by = [
                    a
                    for a in actors
                    if a.end <= start
                    and re.search(r"\bby\s+(?:the\s+)?$", sentence.text[: a.start - sentence.start])
                ]
                holders = by[-1:]
            if not holders and ctx.in_quote and ctx.speaker:
                holders = [_Actor(sentence.start, sentence.start, ctx.speaker)]
                notes.append("holder: the speaker of the quotation")
            if not holders:
                holders = _author_holder(sentence, ctx)
                if holders:
                    notes.append(AUTHOR_NOTE)
                    confidence -= 0.05
            if not holders:
                continue
            if cue.target == "list":
                targets = (
                    self._subjects(ctx.list_items) if sentence.text.rstrip().endswith(":") else []
                )
            elif cue.target == "after":
                clause_end = self._clause(sentence, end)
                targets = [s for s in subjects if end <= s.start < clause_end][:MAX_TARGETS]
                if not targets:
                    targets = [s for s in subjects if s.end <= start][-1:]
            else:
                text = sentence.text
                targets = [
                    s
                    for s in subjects
                    if s.end <= start
                    and text[: s.start - sentence.start].count("(")
                    <= text[: s.start - sentence.start].count(")")
                    and not any(h.start <= s.start < h.end for h in holders)
                ][-2:]
            out += self._position_candidates(
                sentence,
                holders,
                targets,
                cue.code,
                [],
                subjects,
                False,
                "",
                form,
                sentence.text[end - sentence.start :],
                notes,
                confidence,
                f"position:{cue.cue}",
                ctx,
            )
        return out

    def linkages(
        self,
        sentence: Sentence,
        mentions: list[Mention],
        previous: list[Mention],
        ctx: Context | None = None,
    ) -> list[Candidate]:
        """Conditional constructions: subject before the cue, condition after (or reversed)."""
        ctx = ctx or Context()
        out: list[Candidate] = []
        actors = self._actors(sentence, mentions)
        subjects = self._subjects(mentions)
        for cue, start, end, _form in self._cue_matches(self.rules.linkage_cues, sentence):
            if any(m.start <= start < m.end for m in mentions):
                continue
            rest = sentence.text[end - sentence.start :]
            if cue.cue == "ties-to" and not re.match(r"^\W*(?:\w+\W+){0,8}?to\b", rest):
                continue
            left = [s for s in subjects if s.end <= start]
            right = [s for s in subjects if s.start >= end]
            rule = f"linkage:{cue.cue}"
            if cue.reversed:
                comma = sentence.text.find(",", end - sentence.start)
                at_start = start - sentence.start < 4 or sentence.text[
                    : start - sentence.start
                ].rstrip().endswith((",", "“", '"', "–"))
                if comma < 0:
                    continue
                split = sentence.start + comma
                if at_start:
                    condition = [s for s in subjects if end <= s.start < split]
                    subject = [s for s in subjects if s.start > split]
                else:
                    subject, condition = left, [s for s in subjects if end <= s.start < split]
            elif cue.order == "condition-first":
                # "Such a step would allow X": what enables comes first
                clause_end = self._clause(sentence, end)
                condition = left
                subject = [s for s in right if s.start < clause_end]
            elif cue.cue == "ties-to":
                to = re.search(r"\bto\b", rest)
                split = end + (to.start() if to else 0)
                between = [s for s in subjects if end <= s.start < split]
                subject = between or left  # "ties X to Y", or "X that Washington ties to Y"
                condition = [s for s in subjects if s.start >= split]
            else:
                clause_end = self._clause(sentence, end)
                subject = left
                condition = [s for s in right if s.start < clause_end]
                rest_text = sentence.text[clause_end - sentence.start :]
                if rest_text.startswith(tuple(self.rules.elaborations)):
                    subject = left + [s for s in right if s.start >= clause_end]
            confidence = cue.confidence
            notes: list[str] = []
            if not subject and previous:
                subject = self._subjects(previous)
                confidence -= 0.2
                notes.append(
                    "subject taken from the previous sentence (the sentence refers back to it)"
                )
            if not subject or not condition:
                continue
            holders = self._reporter(sentence, actors, sentence.start)
            holders = holders or [a for a in actors if a.end <= start][-1:]
            holders = holders or self._back_holders(sentence, start, ctx)[:1]
            holders = holders or [a for a in actors if a.start >= end][:1]
            if not holders:
                holders = _author_holder(sentence, ctx)
                if holders:
                    notes.append(AUTHOR_NOTE)
                    confidence -= 0.05
            if not holders:
                continue
            actor, stated_by = self.actor_of(holders[0].entity)
            subject_ids = sorted({s.entity for s in subject} - {actor})
            condition_ids = sorted({s.entity for s in condition} - {actor} - set(subject_ids))
            if not subject_ids or not condition_ids:
                continue
            values: dict[str, Any] = {"actor": actor}
            if stated_by:
                values["stated_by"] = stated_by
            values["linkage_type"] = cue.code
            values["subject"] = subject_ids
            values["condition"] = condition_ids
            values["attribution"] = "direct" if re.search(r"[“\"]", sentence.text) else "reported"
            out.append(
                Candidate(
                    "linkages",
                    values,
                    sentence.text,
                    sentence.start,
                    sentence.end,
                    rule,
                    round(max(0.0, confidence), 2),
                    notes,
                )
            )
            out += self._conditional_positions(out[-1], sentence, end)
        return out

    def _conditional_positions(
        self, linkage: Candidate, sentence: Sentence, cue_end: int
    ) -> list[Candidate]:
        """A linkage states its holder's conditional stance on each thing made conditional."""
        out = []
        v = linkage.values
        for subject in v["subject"]:
            values: dict[str, Any] = {"actor": v["actor"]}
            if v.get("stated_by"):
                values["stated_by"] = v["stated_by"]
            values["stance"] = "conditional"
            values["target"] = subject
            values["conditions"] = [
                " ".join(sentence.text[cue_end - sentence.start :].split()).rstrip(".")
            ]
            values["condition_on"] = list(v["condition"])
            values["attribution"] = v["attribution"]
            out.append(
                Candidate(
                    "positions",
                    values,
                    linkage.sentence,
                    linkage.start,
                    linkage.end,
                    linkage.rule.replace("linkage:", "position:conditional:"),
                    round(max(0.0, linkage.confidence - 0.05), 2),
                    list(linkage.notes),
                )
            )
        return out

    def events(
        self, sentence: Sentence, mentions: list[Mention], reference: dt.date | None
    ) -> list[Candidate]:
        """Event cues with a date, a place or two participants."""
        out: list[Candidate] = []
        dates = find_dates(sentence.text, reference)
        places = [m for m in mentions if m.kind == "places"]
        participants: list[str] = []
        for a in self._actors(sentence, mentions):
            if not a.demonym and a.entity not in participants:
                participants.append(a.entity)
        fora = [m for m in mentions if m.kind == "fora"]
        topics = sorted(
            {m.entity for m in mentions if m.kind in SUBJECT_KINDS and m.kind != "fora"}
        )
        for cue, start, _end, _form in self._cue_matches(self.rules.event_cues, sentence):
            if any(m.start <= start < m.end and m.kind != "fora" for m in mentions):
                continue  # a cue inside a forum name ("Review Conference") still counts
            if not (dates or places or len(participants) >= 2):
                continue
            if sentence.text.rstrip().endswith("?") or self._hypothetical.search(
                " ".join(sentence.text[: start - sentence.start].split()[-6:])
            ):
                continue  # a question or a hypothetical ("would try to have a meeting")
            event_type = cue.code
            forum = None
            if fora:
                nearest = min(fora, key=lambda m: abs(m.start - start))
                forum = nearest.entity
                record = self.gazetteer.records.get(forum)
                if (
                    event_type in ("meeting", "talks")
                    and record is not None
                    and (record.get("forum_type") in self.rules.council_forum_types)
                ):
                    event_type = "council-meeting"
            values: dict[str, Any] = {"event_type": event_type}
            notes: list[str] = []
            date = (
                min(dates, key=lambda d: abs(sentence.start + d.start - start)) if dates else None
            )
            place = min(places, key=lambda m: abs(m.start - start)) if places else None
            parts = [self.gazetteer.records[p].label for p in participants[:3]]
            label = cue.cue.replace("-", " ").capitalize()
            label += (": " + ", ".join(parts)) if parts else ""
            label += f", {place.text}" if place else ""
            label += f", {date.text}" if date else ""
            values["label"] = label
            if date and date.value:
                values["date"] = date.value
            elif date:
                values["date_text"] = date.text
                notes.append(f"date '{date.text}' not resolved: the document date is unknown")
            else:
                notes.append("no date stated in the sentence: set one before accepting")
            if place:
                values["place"] = place.entity
            if participants:
                values["participants"] = participants[:6]
            if forum:
                values["forum"] = forum
            if topics:
                values["topics"] = topics
            for status, pattern in self._status:
                if pattern is None or pattern.search(sentence.text):
                    values["status"] = status
                    break
            signals = sum(bool(x) for x in (date, place, len(participants) >= 2))
            confidence = cue.confidence - 0.1 * (3 - signals) + (0.05 if date and date.value else 0)
            out.append(
                Candidate(
                    "events",
                    values,
                    sentence.text,
                    sentence.start,
                    sentence.end,
                    f"event:{cue.cue}",
                    round(min(1.0, max(0.0, confidence)), 2),
                    notes,
                )
            )
        return out

    def run(
        self,
        text: str,
        mentions: list[Mention],
        reference: dt.date | None,
        author: str | None = None,
    ) -> list[Candidate]:
        """Every candidate of the document, deduplicated, in text order.

        Args:
            text: The document.
            mentions: Its entity mentions.
            reference: The document date, for relative dates.
            author: The entity id of the document's author or publisher, who holds the
                judgements the text makes in its own voice.
        """
        candidates: list[Candidate] = []
        previous: list[Mention] = []
        ctx = Context(author=author, text=text)
        sentences = split_sentences(text)
        for n, sentence in enumerate(sentences):
            inside = [m for m in mentions if sentence.start <= m.start < sentence.end]
            inside = self._with_references(sentence, inside, ctx)
            ctx.list_items = self._list_items(sentences, n, mentions)
            candidates += self.positions(sentence, inside, previous, ctx)
            candidates += self.linkages(sentence, inside, previous, ctx)
            candidates += self.events(sentence, inside, reference)
            self._remember(sentence, inside, ctx)
            previous = [m for m in inside if m.name != "anaphor"]
        unique: dict[tuple[Any, ...], Candidate] = {}
        for candidate in candidates:
            if candidate.confidence < self.rules.min_confidence or self._repeats(
                candidate, unique.values()
            ):
                continue
            key = candidate.key()
            if key not in unique or unique[key].confidence < candidate.confidence:
                unique[key] = candidate
        return sorted(unique.values(), key=lambda c: (c.start, c.kind))

    def _repeats(self, candidate: Candidate, earlier: Iterable[Candidate]) -> bool:
        """Whether an event repeats an earlier one.

        Same family and place, the same date or none, and no participant the earlier one
        did not have.
        """
        v = candidate.values
        if candidate.kind != "events" or not v.get("place"):
            return False
        when = v.get("date") or v.get("date_text")
        family = self.rules.meeting_family

        def same_type(other: str) -> bool:
            return other == v["event_type"] or {other, v["event_type"]} <= family

        return any(
            e.kind == "events"
            and e.start < candidate.start
            and e.values.get("place") == v["place"]
            and same_type(e.values["event_type"])
            and (not when or (e.values.get("date") or e.values.get("date_text")) == when)
            and set(v.get("participants") or ()) <= set(e.values.get("participants") or ())
            for e in earlier
        )

    def _with_references(
        self, sentence: Sentence, inside: list[Mention], ctx: Context
    ) -> list[Mention]:
        """The sentence's mentions plus gapped names and descriptions that refer back."""
        found = list(inside)
        for m in self.gazetteer.find_gapped(sentence.text, 0, len(sentence.text)):
            shifted = Mention(
                m.start + sentence.start, m.end + sentence.start, m.text, m.entity, m.kind, m.name
            )
            overlapping = [
                o
                for o in found
                if o.start < shifted.end and shifted.start < o.end and o.kind not in ACTOR_KINDS
            ]
            # the gapped name wins over shorter names inside it ("return to the original
            # JCPOA": the restoration, not the agreement)
            if all(shifted.start <= o.start and o.end <= shifted.end for o in overlapping):
                found = [o for o in found if o not in overlapping]
                found.append(shifted)
        found += self._anaphors(sentence, found, ctx)
        found += self._pronoun_possessives(sentence, found, ctx)
        found += [
            m
            for m in self.gazetteer.find_keywords(ctx.text, sentence.start, sentence.end)
            if not any(o.start < m.end and m.start < o.end for o in found)
        ]
        return sorted(found, key=lambda m: (m.start, -m.end))

    @staticmethod
    def _list_items(sentences: list[Sentence], n: int, mentions: list[Mention]) -> list[Mention]:
        """Mentions in the list items ("- ...") right after sentence ``n``, if it ends with ':'."""
        if not sentences[n].text.rstrip().endswith(":"):
            return []
        items: list[Mention] = []
        for sentence in sentences[n + 1 :]:
            if not re.match(r"[-•*–]\s", sentence.text):
                break
            items += [m for m in mentions if sentence.start <= m.start < sentence.end]
        return items

    def _remember(self, sentence: Sentence, inside: list[Mention], ctx: Context) -> None:
        """Update the context after a sentence: mentions, who was named, who is quoted."""
        ctx.history += [m for m in inside if m.name != "anaphor"]
        own = [m for m in inside if m.kind in SUBJECT_KINDS and m.name != "anaphor"]
        if own:
            ctx.last_subjects = own
        actors, persons = [], []
        for m in inside:
            if m.kind == "persons" and m.entity not in persons:
                persons.append(m.entity)
            elif m.kind == "actors":
                actor = self.actor_of(m.entity)[0]
                if actor not in actors:
                    actors.append(actor)
        for match in self._demonyms.finditer(sentence.text):
            entity = self.rules.demonyms[match.group(1)]
            if entity in self.gazetteer.records and entity not in actors:
                actors.append(entity)
        if actors or persons:
            ctx.recent.append((actors, persons))
        balance = sentence.text.count("“") - sentence.text.count("”")
        reporter = self._reporter(sentence, self._actors(sentence, inside), sentence.end)
        if reporter and self.gazetteer.kind_of(reporter[0].entity) == "persons":
            ctx.speaker = reporter[0].entity
        elif persons and re.search(r":\s*[“\"]", sentence.text):
            ctx.speaker = persons[-1]
        if balance:
            ctx.in_quote = balance > 0


def extract_claims(
    text: str,
    gazetteer: Gazetteer,
    reference: dt.date | None = None,
    mentions: list[Mention] | None = None,
) -> list[Candidate]:
    """Candidate positions, linkages and events of ``text``.

    Example:
        >>> from kg.loaders import Record, Dataset
        >>> from pathlib import Path
        >>> ds = Dataset(Path("."))
        >>> ds.records["russia"] = Record("actors", "russia", {"label": "Russia", "type": "state"}, "x")
        >>> ds.records["nato-enlargement"] = Record("issues", "nato-enlargement",
        ...     {"label": "NATO enlargement"}, "x")
        >>> [c.values for c in extract_claims("Russia opposes NATO enlargement.",
        ...                                   Gazetteer.from_dataset(ds))]
        [{'actor': 'russia', 'stance': 'opposes', 'target': 'nato-enlargement', 'attribution': 'reported'}]
    """
    found = gazetteer.find(text) if mentions is None else mentions
    return Extractor(gazetteer).run(text, found, reference)
