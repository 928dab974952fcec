"""The ingest rules table: cue lists, confidences and word lists, read from ``rules.yaml``.

Example:
    >>> r = load_rules()
    >>> r.stance_cues[0].code
    'demands'
    >>> "as long as" in r.linkage_cues[0].forms
    True
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

RULES_FILE = Path(__file__).with_name("rules.yaml")
#: What may stand between the words of a cue: spaces, an adverb ("would indeed allow"), or
#: a short aside between commas ("this format could, if smartly used, help").
_BETWEEN_WORDS = r"(?:\s*,[^,.;:“”\"]{1,40},\s*|\s+(?:(?:indeed|also|still|even|then|\w+ly)\s+)?)"
#: Keys of the table whose values are true/false rather than words.
FLAGS = frozenset({"clause"})


@dataclass(frozen=True)
class Cue:
    """One cue: its name, the code it yields, its word forms and base confidence.

    Attributes:
        cue: The rule name, reported in each candidate's ``rule`` field.
        code: The stance, linkage type or event type it yields.
        forms: Word forms, matched as whole words, case-insensitively.
        confidence: Base confidence of a candidate it produces.
        order: For linkages, where the sides are: ``subject-first`` ("X as long as Y"),
            ``reversed`` ("if Y, X": split at the comma) or ``condition-first`` ("Y would
            allow X").
        target: For evaluative cues, where the judged thing is (``before``, ``after``, ``list``).
        holder: For stance cues, where the holder is: ``before`` the cue (its subject) or
            ``after`` it ("a high priority for Russia").
        clause: For linkages, whether the cue opens a conditional clause ("as long as the
            other side ...") rather than naming a condition ("pre-conditions").
    """

    cue: str
    code: str
    forms: tuple[str, ...]
    confidence: float
    order: str = "subject-first"
    target: str = "after"
    clause: bool = True
    holder: str = "before"

    @property
    def reversed(self) -> bool:
        """Whether the condition comes first and the sides split at a comma ("if Y, X")."""
        return self.order == "reversed"

    @property
    def pattern(self) -> re.Pattern[str]:
        """A regex matching any form as whole words, longest first."""
        return _forms_pattern(self.forms)


@lru_cache(maxsize=256)
def _forms_pattern(forms: tuple[str, ...]) -> re.Pattern[str]:
    ordered = sorted(forms, key=len, reverse=True)
    alternatives = "|".join(re.escape(f).replace(r"\ ", _BETWEEN_WORDS) for f in ordered)
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)


def words_pattern(words: tuple[str, ...] | list[str]) -> re.Pattern[str]:
    """A regex matching any of ``words`` as whole words, case-insensitively.

    Example:
        >>> bool(words_pattern(["took place"]).search("It Took  place"))
        True
    """
    return _forms_pattern(tuple(words))


@dataclass(frozen=True)
class Rules:
    """Everything configurable about extraction (see ``rules.yaml`` for the meaning)."""

    stance_cues: tuple[Cue, ...]
    linkage_cues: tuple[Cue, ...]
    event_cues: tuple[Cue, ...]
    evaluative_cues: tuple[Cue, ...]
    reporting_verbs: tuple[str, ...]
    viewpoint_frames: tuple[str, ...]
    back_references: dict[str, tuple[str, ...]]
    anaphor_determiners: tuple[str, ...]
    generic_heads: frozenset[str]
    kind_heads: dict[str, str]
    weak_determiners: frozenset[str]
    clause_ends: tuple[str, ...]
    elaborations: tuple[str, ...]
    negations: tuple[str, ...]
    negated_stance: dict[str, str]
    negated_forms: tuple[str, ...]
    noun_determiners: tuple[str, ...]
    passive_agents: tuple[str, ...]
    council_forum_types: tuple[str, ...]
    hypothetical: tuple[str, ...]
    event_status: tuple[tuple[str, tuple[str, ...]], ...]
    meeting_family: frozenset[str]
    place_prepositions: tuple[str, ...]
    kind_priority: tuple[str, ...]
    case_insensitive_kinds: tuple[str, ...]
    demonyms: dict[str, str]
    person_titles: tuple[str, ...]
    organization_words: tuple[str, ...]
    stopwords: frozenset[str]
    keyword_prepositions: frozenset[str]
    keyword_label_words: int
    keyword_penalty: float
    keyword_stopwords: frozenset[str]
    max_title_length: int
    max_author_line_length: int
    min_confidence: float
    review_fields: tuple[str, ...]


def _cues(rows: list[dict[str, Any]], code_key: str) -> tuple[Cue, ...]:
    return tuple(
        Cue(
            cue=str(row["cue"]),
            code=str(row[code_key]),
            forms=tuple(str(f) for f in row["forms"]),
            confidence=float(row["confidence"]),
            order=str(row.get("order", "subject-first")),
            target=str(row.get("target", "after")),
            clause=bool(row.get("clause", True)),
            holder=str(row.get("holder", "before")),
        )
        for row in rows
    )


def _check_words(value: Any, where: str) -> None:
    """YAML reads bare ``no``/``on`` as booleans: every word of the table must be a string."""
    if isinstance(value, bool) or value is None:
        raise ValueError(f"{where}: {value!r} is not a word; quote it in rules.yaml")
    if isinstance(value, dict):
        for key, item in value.items():
            if key in FLAGS and isinstance(item, bool):
                continue
            _check_words(item, f"{where}.{key}")
    elif isinstance(value, list):
        for item in value:
            _check_words(item, where)


@lru_cache(maxsize=4)
def load_rules(path: Path | None = None) -> Rules:
    """Read the rules table (default: the package's ``rules.yaml``)."""
    raw = yaml.safe_load((path or RULES_FILE).read_text(encoding="utf-8"))
    _check_words(raw, "rules")
    return Rules(
        stance_cues=_cues(raw["stance_cues"], "stance"),
        linkage_cues=_cues(raw["linkage_cues"], "linkage_type"),
        event_cues=_cues(raw["event_cues"], "event_type"),
        evaluative_cues=_cues(raw["evaluative_cues"], "stance"),
        reporting_verbs=tuple(raw["reporting_verbs"]),
        viewpoint_frames=tuple(raw["viewpoint_frames"]),
        back_references={k: tuple(v) for k, v in raw["back_references"].items()},
        anaphor_determiners=tuple(raw["anaphor_determiners"]),
        generic_heads=frozenset(raw["generic_heads"]),
        kind_heads=dict(raw["kind_heads"]),
        weak_determiners=frozenset(raw["weak_determiners"]),
        clause_ends=tuple(raw["clause_ends"]),
        elaborations=tuple(raw["elaborations"]),
        negations=tuple(raw["negations"]),
        negated_stance=dict(raw["negated_stance"]),
        negated_forms=tuple(raw["negated_forms"]),
        noun_determiners=tuple(raw["noun_determiners"]),
        passive_agents=tuple(raw["passive_agents"]),
        council_forum_types=tuple(raw["council_forum_types"]),
        hypothetical=tuple(raw["hypothetical"]),
        event_status=tuple(
            (str(row["status"]), tuple(str(w) for w in row["words"])) for row in raw["event_status"]
        ),
        meeting_family=frozenset(raw["meeting_family"]),
        place_prepositions=tuple(raw["place_prepositions"]),
        kind_priority=tuple(raw["kind_priority"]),
        case_insensitive_kinds=tuple(raw["case_insensitive_kinds"]),
        demonyms=dict(raw["demonyms"]),
        person_titles=tuple(raw["person_titles"]),
        organization_words=tuple(raw["organization_words"]),
        stopwords=frozenset(raw["stopwords"]),
        keyword_prepositions=frozenset(raw["keyword_prepositions"]),
        keyword_label_words=int(raw["keyword_label_words"]),
        keyword_penalty=float(raw["keyword_penalty"]),
        keyword_stopwords=frozenset(raw["keyword_stopwords"]),
        max_title_length=int(raw["max_title_length"]),
        max_author_line_length=int(raw["max_author_line_length"]),
        min_confidence=float(raw["min_confidence"]),
        review_fields=tuple(raw["review_fields"]),
    )
