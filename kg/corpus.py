"""The stored source documents and verbatim-quote matching.

Quotes are matched verbatim after folding runs of whitespace, and located by
character offsets in the original text.

Example:
    >>> doc = Document.from_text("a.txt", "Russia  has no objection\\nto discussing")
    >>> doc.find("has no objection to discussing")
    (8, 38)
    >>> doc.find("has an objection") is None
    True
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

_SPACE = re.compile(r"\s+")

#: Documents larger than this are refused (the corpus holds articles, not books).
MAX_DOCUMENT_BYTES = 5_000_000


class DocumentError(ValueError):
    """A stored document is missing, binary, undecodable or too large."""


@dataclass(frozen=True)
class Document:
    """A stored text with a whitespace-folded copy and an offset map back to the original."""

    path: str
    text: str
    folded: str
    offsets: tuple[int, ...]

    @classmethod
    def from_text(cls, path: str, text: str) -> Document:
        """Index ``text`` for quote matching."""
        folded: list[str] = []
        offsets: list[int] = []
        for match in re.finditer(r"\S+|\s+", text):
            if match.group().isspace():
                if folded:  # leading whitespace is dropped
                    folded.append(" ")
                    offsets.append(match.start())
            else:
                folded.extend(match.group())
                offsets.extend(range(match.start(), match.end()))
        return cls(path, text, "".join(folded), tuple(offsets))

    @classmethod
    def read(cls, path: Path) -> Document:
        """Read a UTF-8 text file; raise DocumentError if it is not usable text."""
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise DocumentError(f"cannot read {path}: {exc.strerror}") from None
        if len(data) > MAX_DOCUMENT_BYTES:
            raise DocumentError(f"{path} is larger than {MAX_DOCUMENT_BYTES} bytes")
        if b"\x00" in data:
            raise DocumentError(f"{path} is a binary file, not text")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise DocumentError(f"{path} is not UTF-8 text (byte {exc.start})") from None
        if not text.strip():
            raise DocumentError(f"{path} is empty")
        return cls.from_text(str(path), text)

    def find(self, quote: str) -> tuple[int, int] | None:
        """Offsets ``(start, end)`` of ``quote`` in the original text, or None."""
        needle = fold(quote)
        if not needle:
            return None
        index = self.folded.find(needle)
        if index < 0:
            return None
        return self.offsets[index], self.offsets[index + len(needle) - 1] + 1


def fold(text: str) -> str:
    """Collapse whitespace runs to one space and strip the ends."""
    return _SPACE.sub(" ", text).strip()
