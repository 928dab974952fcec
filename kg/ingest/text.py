"""Splitting a text into sentences and word tokens, keeping character offsets.

Sentences end at ``.``, ``!`` or ``?`` followed by space and a capital, a quote
or a digit (not after a known abbreviation), and at every line break: headings,
list items and table rows are sentences of their own.

Example:
    >>> text = "Dr. Stent spoke. Russia's view:\\n- The U.S. insists on\\nmissile defense."
    >>> [s.text for s in split_sentences(text)]
    ['Dr. Stent spoke.', "Russia's view:", '- The U.S. insists on\\nmissile defense.']
    >>> [(t.norm, t.possessive) for t in tokenize("Russia's talks")]
    [('russia', True), ('talk', False)]
    >>> [(t.text, t.start, t.end) for t in tokenize("the U.S. side")]
    [('the', 0, 3), ('US', 4, 7), ('side', 9, 13)]
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from itertools import pairwise

#: Abbreviations after which a period does not end a sentence.
ABBREVIATIONS = frozenset(
    [
        "dr",
        "mr",
        "mrs",
        "ms",
        "prof",
        "gen",
        "adm",
        "sen",
        "rep",
        "st",
        "jr",
        "sr",
        "no",
        "vs",
        "e.g",
        "i.e",
        "u.s",
        "u.n",
        "u.k",
        "a.m",
        "p.m",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
    ]
)

_SENTENCE_END = re.compile(r"[.!?…]+[\"”’'»)]*(?=\s+[\"“‘'«(]?[A-Z0-9\-–—])")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
#: A word glued to the next by a scraped page ("OrganizationExternal link"): a lowercase
#: run of three or more letters followed by a capitalized word splits there.
_GLUED = re.compile(r"(?<=[a-z]{3})(?=[A-Z][a-z])")
_APOSTROPHES = "'’`"
#: Capital initials joined by periods ("U.S", "U.K"): read as one word.
_INITIALS = re.compile(r"(?:[A-Z]\.)*[A-Z]")


@dataclass(frozen=True)
class Sentence:
    """A sentence: offsets into the document and its text (``text == doc[start:end]``)."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Token:
    """A word: offsets, its text, a normalized form for matching, and possessive marking.

    Attributes:
        start: Offset of the first character.
        end: Offset after the last character (before any possessive ``'s``).
        text: The word as written.
        norm: Lowercase, accents removed, simple plural stripped.
        possessive: Whether ``'s`` followed it (``Russia's``).
        gap: The characters between the previous token and this one.
    """

    start: int
    end: int
    text: str
    norm: str
    possessive: bool = False
    gap: str = ""

    @property
    def lower(self) -> str:
        """Lowercase, accent-free text (no plural stripping)."""
        return fold_case(self.text)


def fold_case(word: str) -> str:
    """Lowercase and strip accents.

    Example:
        >>> fold_case("Jérôme")
        'jerome'
    """
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def stem(word: str) -> str:
    """Normalize a word for matching: fold case, then strip a simple plural ending.

    Example:
        >>> [stem(w) for w in ["Talks", "policies", "Russians", "crisis", "US", "buses"]]
        ['talk', 'policy', 'russian', 'crisis', 'us', 'bus']
    """
    w = fold_case(word)
    if len(w) <= 3 or not w.isalpha():
        return w
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("sses", "xes", "ches", "shes", "uses")):
        return w[:-2]
    if w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Split ``text[start:end]`` into word tokens; a possessive ``'s`` marks the word before it."""
    stop = len(text) if end is None else end
    tokens: list[Token] = []
    previous_end = start
    for match in _words(text, start, stop):
        word = match.group()
        gap = text[previous_end : match.start()]
        if (
            word.lower() == "s"
            and tokens
            and len(gap) == 1
            and gap in _APOSTROPHES
            and tokens[-1].end == match.start() - 1
        ):
            last = tokens[-1]
            tokens[-1] = Token(last.start, last.end, last.text, last.norm, True, last.gap)
            previous_end = match.end()
            continue
        if (
            tokens
            and gap == "."
            and _INITIALS.fullmatch(word)
            and _INITIALS.fullmatch(text[tokens[-1].start : tokens[-1].end])
        ):
            # "U.S." is one word, "US": it matches the names written either way
            last = tokens[-1]
            joined = last.text + word
            tokens[-1] = Token(last.start, match.end(), joined, joined.lower(), False, last.gap)
            previous_end = match.end()
            continue
        tokens.append(Token(match.start(), match.end(), word, stem(word), False, gap))
        previous_end = match.end()
    return tokens


def _words(text: str, start: int, stop: int) -> list[re.Match[str]]:
    """Word matches, with glued words ("OrganizationExternal") split in two."""
    out: list[re.Match[str]] = []
    for match in _WORD.finditer(text, start, stop):
        cuts = [match.start() + m.start() for m in _GLUED.finditer(match.group())]
        if not cuts:
            out.append(match)
            continue
        for a, b in pairwise([match.start(), *cuts, match.end()]):
            piece = _WORD.match(text, a, b)
            if piece:
                out.append(piece)
    return out


def split_sentences(text: str) -> list[Sentence]:
    """Split a document into sentences (see the module docstring)."""
    sentences: list[Sentence] = []
    for start, end in _blocks(text):
        cursor = start
        for match in _SENTENCE_END.finditer(text, start, end):
            word = re.search(r"([\w.]+)[.!?…]*$", text[cursor : match.start() + 1])
            if word and match.group().startswith(".") and _is_abbreviation(word.group(1)):
                continue
            _add(sentences, text, cursor, match.end())
            cursor = match.end()
        _add(sentences, text, cursor, end)
    return sentences


def _blocks(text: str) -> list[tuple[int, int]]:
    """Line spans, a hard-wrapped line joined to the next when the sentence runs on.

    A line break ends a sentence unless the next line starts in lowercase and the line
    does not end with sentence punctuation (hard-wrapped plain text and Markdown).
    """
    blocks: list[list[int]] = []
    for line in re.finditer(r"[^\n]+", text):
        content = line.group()
        if (
            blocks
            and text[blocks[-1][1] : line.start()].count("\n") == 1
            and content.lstrip()[:1].islower()
            and not text[blocks[-1][0] : blocks[-1][1]].rstrip().endswith((".", "!", "?", ":"))
        ):
            blocks[-1][1] = line.end()
        else:
            blocks.append([line.start(), line.end()])
    return [(a, b) for a, b in blocks]


def _is_abbreviation(word: str) -> bool:
    bare = word.lower().rstrip(".")
    return bare in ABBREVIATIONS or (len(bare) == 1 and bare.isalpha())


def _add(sentences: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start and any(c.isalnum() for c in text[start:end]):
        sentences.append(Sentence(start, end, text[start:end]))
