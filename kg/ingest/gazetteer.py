"""Entity linking: find mentions of the data's known entities in a text, with offsets.

Names are the labels, aliases and official titles of actors, persons, places,
issues, agreements, fora and proposals. Matching works on word tokens, so it tolerates case
("the nato"), possessives ("Russia's"), plurals ("inspection mechanism"),
accents ("Jerome") and punctuation variants ("NATO-Russia" / "NATO Russia").
Acronyms (all capitals) match exactly, so "US" never matches "us" and "START"
never matches "start"; one-word proper names must be capitalized in the text.
Overlapping matches resolve leftmost-longest; a name shared by several entries
(Moscow: the government or the city) resolves by context, then by kind priority.
Capitalized spans that match nothing are reported as new-entity candidates.

Example:
    >>> from pathlib import Path
    >>> from kg.loaders import Record, Dataset
    >>> ds = Dataset(Path("."))
    >>> ds.records["russia"] = Record("actors", "russia", {"label": "Russia", "type": "state",
    ...     "aliases": ["Moscow"]}, "x.yaml")
    >>> ds.records["moscow"] = Record("places", "moscow", {"label": "Moscow"}, "x.yaml")
    >>> g = Gazetteer.from_dataset(ds)
    >>> [(m.text, m.entity) for m in g.find("Russia's envoy flew to Moscow; Moscow said no.")]
    [('Russia', 'russia'), ('Moscow', 'moscow'), ('Moscow', 'russia')]
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from kg.ingest.rules import Rules, load_rules
from kg.ingest.text import Token, split_sentences, tokenize
from kg.loaders import Dataset, Record

#: The kinds whose names are linked.
LINKED_KINDS = ("actors", "persons", "places", "issues", "agreements", "fora", "proposals")
#: Kinds whose long names (titles) can name other entries inside them, and those kinds.
DOCUMENT_KINDS = ("agreements", "proposals")
NESTED_KINDS = ("actors", "persons")
#: Gaps that join two words into one compound ("de-escalation").
HYPHENS = frozenset({"-", "–"})
_GAP_OK = frozenset({"", "-", "–", ".", "'", "’", "`", "/", ".-"})


@dataclass(frozen=True)
class Mention:
    """A linked mention: offsets in the text, the text, the entry id and kind, how it matched."""

    start: int
    end: int
    text: str
    entity: str
    kind: str
    name: str


@dataclass(frozen=True)
class NewEntity:
    """A capitalized span that matches no known entity: a candidate for the registries."""

    start: int
    end: int
    text: str
    guess: str
    title: str | None = None


@dataclass(frozen=True)
class _Variant:
    entity: str
    kind: str
    name: str
    words: tuple[str, ...]  # as written in the name
    norms: tuple[str, ...]
    exact: tuple[bool, ...]  # per word: acronyms match case-sensitively
    capital: bool  # a one-word proper name: the text must be capitalized
    possessive: tuple[bool, ...] = ()  # per word: written with 's in the name
    gaps: tuple[str, ...] = ()  # per word: the punctuation before it in the name


def _is_acronym(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return (len(letters) >= 2 and all(c.isupper() for c in letters)) or (
        len(letters) >= 1 and any(c.isdigit() for c in word) and word.upper() == word
    )


def _variant(record: Record, name: str, rules: Rules) -> _Variant | None:
    tokens = tokenize(name)
    if not tokens:
        return None
    words = tuple(t.text for t in tokens)
    insensitive = record.kind in rules.case_insensitive_kinds
    exact = tuple(_is_acronym(w) and (not insensitive or len(w) <= 3) for w in words)
    capital = len(words) == 1 and not insensitive and words[0][:1].isupper() and not exact[0]
    return _Variant(
        record.id,
        record.kind,
        name,
        words,
        tuple(t.norm for t in tokens),
        exact,
        capital,
        tuple(t.possessive for t in tokens),
        tuple(t.gap.strip() for t in tokens),
    )


def _possessor_names(records: dict[str, Record], rules: Rules) -> dict[str, list[str]]:
    """Every name of each actor, keyed by the (folded) names and demonyms that denote it."""
    by_actor: dict[str, list[str]] = defaultdict(list)
    for record in records.values():
        if record.kind == "actors":
            by_actor[record.id] = [
                str(n) for n in [record.get("label"), *(record.get("aliases") or [])] if n
            ]
    out: dict[str, list[str]] = {}
    for names in by_actor.values():
        for name in names:
            out[fold_word(name)] = names
    for demonym, actor in rules.demonyms.items():
        if actor in by_actor:
            out[fold_word(demonym)] = by_actor[actor]
    return out


def _possessive_variants(
    names: list[Any], possessors: dict[str, list[str]], rules: Rules
) -> list[str]:
    """ "Russia's security demands" also reads "Moscow's security demands" (any name of Russia).

    A name that starts with an actor's possessive or demonym ("Russian security concerns")
    gets one variant per name of that actor, in the possessive.
    """
    out: list[str] = []
    for name in names:
        if not name:
            continue
        text = str(name)
        match = re.match(r"(.+?)(?:[’'`]s)?\s+(\S.*)$", text)
        if not match or not (re.match(r".+?[’'`]s\s", text) or match.group(1) in rules.demonyms):
            continue
        others = possessors.get(fold_word(match.group(1)))
        if not others:
            continue
        out += [f"{other}'s {match.group(2)}" for other in others if len(other) > 1]
    return out


@dataclass
class Gazetteer:
    """Names of known entities, indexed by their first normalized word."""

    records: dict[str, Record]
    rules: Rules
    index: dict[str, list[_Variant]] = field(default_factory=dict)
    #: (entity, name) of the possessive variants derived from the data's names.
    derived: frozenset[tuple[str, str]] = frozenset()
    #: Normalized keyword (one word, or two joined by a hyphen) -> the one issue it stands
    #: for (see :func:`_keywords`).
    keywords: dict[tuple[str, ...], str] = field(default_factory=dict)

    @classmethod
    def from_dataset(cls, dataset: Dataset, rules: Rules | None = None) -> Gazetteer:
        """Index every label, alias and official title of the linked kinds of ``dataset``."""
        rules = rules or load_rules()
        index: dict[str, list[_Variant]] = defaultdict(list)
        records = {r.id: r for r in dataset.records.values() if r.kind in LINKED_KINDS}
        possessors = _possessor_names(records, rules)
        derived: set[tuple[str, str]] = set()
        for record in records.values():
            names = [record.get("label"), *(record.get("aliases") or []), record.get("title")]
            own = {fold_word(str(n)).replace("’", "'") for n in names if n}
            extra = [
                n
                for n in _possessive_variants(names, possessors, rules)
                if fold_word(n).replace("’", "'") not in own
            ]
            derived |= {(record.id, name) for name in extra}
            names += extra
            seen: set[tuple[tuple[str, ...], tuple[bool, ...]]] = set()
            for name in names:
                if not name:
                    continue
                variant = _variant(record, str(name), rules)
                if variant is None or (variant.norms, variant.exact) in seen:
                    continue
                seen.add((variant.norms, variant.exact))
                index[variant.norms[0]].append(variant)
        for variants in index.values():
            variants.sort(key=lambda v: -len(v.norms))
        return cls(records, rules, dict(index), frozenset(derived), _keywords(records, rules))

    def kind_of(self, entity: str) -> str | None:
        """The kind of a known entity, or None."""
        record = self.records.get(entity)
        return record.kind if record else None

    # -- matching ---------------------------------------------------------------------------

    def _matches(self, tokens: list[Token], i: int, variant: _Variant) -> bool:
        n = len(variant.norms)
        if i + n > len(tokens):
            return False
        for k in range(n):
            token = tokens[i + k]
            gap = token.gap.strip()
            if k and ((gap not in _GAP_OK and gap != variant.gaps[k]) or token.gap.count("\n") > 1):
                return False  # "Washington, DC" only where the name has its comma
            if k < n - 1 and token.possessive and variant.words[k].lower() != token.text.lower():
                return False
            if variant.exact[k]:
                if token.text != variant.words[k]:
                    return False
            elif token.norm != variant.norms[k] and token.lower != fold_word(variant.words[k]):
                return False
        return not (variant.capital and not tokens[i].text[:1].isupper())

    def find(self, text: str) -> list[Mention]:
        """Every mention of a known entity in ``text``, in text order.

        Mentions do not overlap, except that the actor inside a possessive name is a
        mention of its own ("Moscow" in "Moscow's security demands"), and so are the
        actors and persons named inside a document's title ("the Russian Federation" in
        "Treaty between ... and the Russian Federation on security guarantees").
        """
        mentions: list[Mention] = []
        for sentence in split_sentences(text):
            tokens = tokenize(text, sentence.start, sentence.end)
            mentions += self._scan(tokens, 0, len(tokens), text)
        return mentions

    def _scan(
        self, tokens: list[Token], lo: int, hi: int, text: str, kinds: tuple[str, ...] = ()
    ) -> list[Mention]:
        """Leftmost-longest mentions in ``tokens[lo:hi]`` (only of ``kinds``, if given)."""
        mentions: list[Mention] = []
        i = lo
        while i < hi:
            found = [
                v
                for v in self._found(tokens, i)
                if i + len(v.norms) <= hi and (not kinds or v.kind in kinds)
            ]
            if not found:
                i += 1
                continue
            longest = max(len(v.norms) for v in found)
            following = [v for v in self._found(tokens, i + 1) if i + 1 + len(v.norms) <= hi]
            if longest > 1 and following and max(len(v.norms) for v in following) + 1 > longest:
                i += 1  # "the NATO-Russia Council": the longer name starts one word later
                continue
            if longest == 1 and tokens[i].text in self.rules.demonyms:
                i += 1  # "Russian" is an adjective, not a mention of Russia
                continue
            best = [v for v in found if len(v.norms) == longest]
            chosen = self._resolve(best, tokens, i, text)
            if self._embedded(tokens, i, chosen):
                i += longest  # "National Security Council": a longer unknown name
                continue
            last = tokens[i + longest - 1]
            mentions += self._possessor(tokens, i, longest, chosen, text)
            mentions.append(
                Mention(
                    tokens[i].start,
                    last.end,
                    text[tokens[i].start : last.end],
                    chosen.entity,
                    chosen.kind,
                    chosen.name,
                )
            )
            if chosen.kind in DOCUMENT_KINDS and longest > 2:
                mentions += self._scan(tokens, i + 1, i + longest, text, NESTED_KINDS)
            i += longest
        return mentions

    def _embedded(self, tokens: list[Token], i: int, chosen: _Variant) -> bool:
        """Whether a name is the end of a longer proper name that is not in the data.

        "National Security Council" is not the UN Security Council: a capitalized word
        right before a name of two or more words, that is neither a stop word, a title nor
        a known name, makes the name part of an unknown one (except in title-case headings).
        """
        if i == 0 or len(chosen.norms) < 2 or chosen.kind in ("persons", "places"):
            return False
        before = tokens[i - 1]
        if (
            not tokens[i].text[:1].isupper()
            or not before.text[:1].isupper()
            or tokens[i].gap.strip()
            or before.text in self.rules.stopwords
            or before.text in self.rules.demonyms
            or self._found(tokens, i - 1)
        ):
            return False
        # a title-case heading capitalizes every longer word
        return any(t.text[:1].islower() for t in tokens if len(t.text) > 3)

    def find_gapped(
        self, text: str, start: int, end: int, kinds: tuple[str, ...] = ("issues",), gap: int = 2
    ) -> list[Mention]:
        """Names of ``kinds`` written with up to ``gap`` extra words inside them.

        "return to the original JCPOA" reads as "return to the JCPOA". Only names of two or
        more words match, inside one clause; used for claim targets, not reported as mentions.
        """
        tokens = tokenize(text, start, end)
        out: list[Mention] = []
        for i, token in enumerate(tokens):
            for v in self.index.get(token.norm, ()):
                if v.kind not in kinds or len(v.norms) < 2 or token.possessive != v.possessive[0]:
                    continue
                j, k, skipped = i + 1, 1, 0
                while k < len(v.norms) and j < len(tokens) and skipped <= gap:
                    if tokens[j].gap.strip() not in _GAP_OK:
                        break
                    if tokens[j].norm == v.norms[k] or tokens[j].lower == fold_word(v.words[k]):
                        if tokens[j].possessive != v.possessive[k]:
                            break  # "China rejects its participation": not "China's ..."
                        k += 1
                    else:
                        skipped += 1
                    j += 1
                if k == len(v.norms) and 0 < skipped <= gap:
                    last = tokens[j - 1]
                    out.append(
                        Mention(
                            token.start,
                            last.end,
                            text[token.start : last.end],
                            v.entity,
                            v.kind,
                            v.name,
                        )
                    )
        return out

    def find_keywords(self, text: str, start: int, end: int) -> list[Mention]:
        """Words of ``text[start:end]`` that are the keyword of one issue ("space", "trust").

        Used for claim targets named by description, not reported as mentions.
        """
        tokens = tokenize(text, start, end)
        out: list[Mention] = []
        for k, token in enumerate(tokens):
            for first in (k - 1, k) if k and token.gap in HYPHENS else (k,):
                word = tuple(t.norm for t in tokens[first : k + 1])
                if word in self.keywords:
                    begin = tokens[first].start
                    entity = self.keywords[word]
                    out.append(
                        Mention(
                            begin, token.end, text[begin : token.end], entity, "issues", "keyword"
                        )
                    )
                    break
        return out

    def _possessor(
        self, tokens: list[Token], i: int, length: int, chosen: _Variant, text: str
    ) -> list[Mention]:
        """The actor named inside a possessive name ("Moscow" in "Moscow's security demands")."""
        if chosen.kind in ("actors", "persons") or (chosen.entity, chosen.name) not in self.derived:
            return []
        for k in range(1, length):
            if not tokens[i + k - 1].possessive:
                continue
            actors = [
                v
                for v in self._found(tokens, i)
                if len(v.norms) == k and v.kind in ("actors", "persons")
            ]
            if actors:
                best = self._resolve(actors, tokens, i, text)
                end = tokens[i + k - 1].end
                return [
                    Mention(
                        tokens[i].start,
                        end,
                        text[tokens[i].start : end],
                        best.entity,
                        best.kind,
                        best.name,
                    )
                ]
            return []
        return []

    def _found(self, tokens: list[Token], i: int) -> list[_Variant]:
        if i >= len(tokens):
            return []
        return [v for v in self.index.get(tokens[i].norm, ()) if self._matches(tokens, i, v)]

    def _resolve(
        self, variants: list[_Variant], tokens: list[Token], i: int, text: str
    ) -> _Variant:
        entities = {v.entity: v for v in variants}
        if len(entities) == 1:
            return variants[0]
        places = [v for v in entities.values() if v.kind == "places"]
        others = [v for v in entities.values() if v.kind != "places"]
        if places and others:
            before = tokens[i - 1].lower if i else ""
            line_start = text.rfind("\n", 0, tokens[i].start) + 1
            dateline = not text[line_start : tokens[i].start].strip() and tokens[i].text.isupper()
            return places[0] if before in self.rules.place_prepositions or dateline else others[0]
        priority = {kind: n for n, kind in enumerate(self.rules.kind_priority)}
        return min(entities.values(), key=lambda v: (priority.get(v.kind, 99), v.entity))

    # -- new entities ------------------------------------------------------------------------

    def new_entities(self, text: str, mentions: list[Mention]) -> list[NewEntity]:
        """Capitalized spans and titled persons that match no known entity."""
        taken = [(m.start, m.end) for m in mentions]
        connectors = {"of", "for", "and", "the", "de", "von", "van", "al", "on"}
        titles = sorted((tokenize(t) for t in self.rules.person_titles), key=len, reverse=True)
        found: dict[str, NewEntity] = {}
        ignorable = (
            set(self.rules.stopwords)
            | set(self.rules.demonyms)
            | {t.text for title in titles for t in title}
            | connectors
        )
        for sentence in split_sentences(text):
            tokens = tokenize(text, sentence.start, sentence.end)
            if sum(_capitalized(t) for t in tokens) > 0.6 * len(tokens) and not (
                sentence.text.rstrip("”\"' ").endswith((".", "!", "?"))
            ):
                continue  # a heading in title case: every word is capitalized
            i = 0
            while i < len(tokens):
                token = tokens[i]
                if not _capitalized(token) or any(s <= token.start < e for s, e in taken):
                    i += 1
                    continue
                j = i + 1
                while j < len(tokens) and "\n" not in tokens[j].gap:
                    nxt = tokens[j]
                    if any(s <= nxt.start < e for s, e in taken):
                        break
                    if nxt.gap.strip() not in ("", "-"):
                        break
                    if _capitalized(nxt) or (
                        nxt.lower in connectors
                        and j + 1 < len(tokens)
                        and _capitalized(tokens[j + 1])
                    ):
                        j += 1
                        continue
                    break
                span = tokens[i:j]
                while span and (
                    span[0].text in self.rules.stopwords or span[0].lower in connectors
                ):
                    span = span[1:]
                while span and span[-1].lower in connectors:
                    span = span[:-1]
                i = j
                if not span:
                    continue
                title = _title_before(tokens, tokens.index(span[0]), titles)
                for candidate in titles:  # "Foreign Minister Sergei Lavrov": strip the title
                    n = len(candidate)
                    if len(span) > n and [t.lower for t in span[:n]] == [
                        t.lower for t in candidate
                    ]:
                        title = " ".join(t.text for t in span[:n])
                        span = span[n:]
                        break
                first_in_sentence = span[0] is tokens[0]
                if (
                    len(span) == 1
                    and (
                        first_in_sentence
                        or span[0].text in self.rules.demonyms
                        or span[0].text in self.rules.stopwords
                        or span[0].text.isupper()
                    )
                    and title is None
                ):
                    continue
                if all(t.text in ignorable for t in span):
                    continue
                start, end = span[0].start, span[-1].end
                surface = text[start:end]
                words = {t.text for t in span}
                if title is not None:
                    guess = "person"
                elif words & set(self.rules.organization_words):
                    guess = "organization"
                elif len(span) in (2, 3) and all(t.text[:1].isupper() for t in span):
                    guess = "person-or-other"
                else:
                    guess = "other"
                found.setdefault(surface, NewEntity(start, end, surface, guess, title))
        return list(found.values())


def _keywords(records: dict[str, Record], rules: Rules) -> dict[tuple[str, ...], str]:
    """Keywords of issues: name heads and words of short labels that no other issue has.

    A head is the last word of a name or the word before its first preposition; a
    hyphenated head keeps its prefix ("de-escalation"). A head that only one issue has
    is its keyword even if another issue's label uses it as a modifier ("missile").

    Example:
        >>> from kg.loaders import Record
        >>> records = {i: Record("issues", i, {"label": label}, "x") for i, label in [
        ...     ("space", "Outer space security"), ("trust", "Trust building"),
        ...     ("cyber", "Cyber security"), ("calm", "De-escalation around Ukraine")]}
        >>> records["ukraine"] = Record("actors", "ukraine", {"label": "Ukraine"}, "x")
        >>> sorted(_keywords(records, load_rules()).items())  # doctest: +NORMALIZE_WHITESPACE
        [(('cyber',), 'cyber'), (('de', 'escalation'), 'calm'), (('outer',), 'space'),
         (('space',), 'space'), (('trust',), 'trust')]
    """
    heads: dict[tuple[str, ...], set[str]] = defaultdict(set)
    words: dict[tuple[str, ...], set[str]] = defaultdict(set)
    other_names: set[str] = set()

    def key(tokens: list[Token], k: int) -> tuple[str, ...]:
        if k and tokens[k].gap in HYPHENS:
            return (tokens[k - 1].norm, tokens[k].norm)
        return (tokens[k].norm,)

    for record in records.values():
        names = [str(n) for n in [record.get("label"), *(record.get("aliases") or [])] if n]
        if record.kind != "issues":
            one_word = [tokenize(n) for n in names]
            other_names |= {t[0].norm for t in one_word if len(t) == 1}
            continue
        for name in names:
            tokens = tokenize(name)
            heads[key(tokens, len(tokens) - 1)].add(record.id)
            for k in range(1, len(tokens)):
                if tokens[k].lower in rules.keyword_prepositions:
                    heads[key(tokens, k - 1)].add(record.id)
                    break
            if name == record.get("label") and len(tokens) <= rules.keyword_label_words:
                for k, token in enumerate(tokens):
                    if token.lower not in rules.keyword_prepositions:
                        words[key(tokens, k)].add(record.id)
    out: dict[tuple[str, ...], str] = {}
    for table, others in ((words, heads), (heads, {})):
        for word, ids in table.items():
            owners = ids | others.get(word, set())
            last = word[-1]
            if (
                len(owners) == 1
                and len(last) >= 4
                and last.isalpha()
                and not {"-".join(word), last} & rules.keyword_stopwords
                and last not in other_names
            ):
                out[word] = next(iter(ids))
    return out


def fold_word(word: str) -> str:
    """Lowercase, accent-free form of one word of a name."""
    from kg.ingest.text import fold_case

    return fold_case(word)


def _capitalized(token: Token) -> bool:
    return token.text[:1].isupper() and token.text[:1].isalpha()


def _title_before(tokens: list[Token], i: int, titles: list[list[Token]]) -> str | None:
    for title in titles:
        n = len(title)
        if i >= n and [t.lower for t in tokens[i - n : i]] == [t.lower for t in title]:
            return " ".join(t.text for t in tokens[i - n : i])
    return None
