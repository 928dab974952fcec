"""Reading articles: plain text, Markdown and HTML files, checked and converted to text.

HTML is converted with the standard library's :mod:`html.parser` (scripts,
styles and other non-content elements dropped, block elements on their own
lines); its ``<title>`` and ``<meta>`` tags are kept as metadata. Markdown keeps
its text and loses its markup (heading marks, emphasis, link targets, images);
a YAML front matter block is read as metadata.

Example:
    >>> a = article_from_text("x.html", "<html><head><title>T</title><script>x=1</script>"
    ...     "</head><body><h1>Talks</h1><p>Russia &amp; the US met.</p></body></html>")
    >>> a.text
    'Talks\\n\\nRussia & the US met.\\n'
    >>> a.meta["title"]
    'T'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import yaml

from kg.corpus import MAX_DOCUMENT_BYTES
from kg.errors import KGError

#: File suffixes read as each format; anything else is read as plain text if it decodes.
FORMATS = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
}
#: HTML elements whose content is never text of the article.
SKIPPED_ELEMENTS = frozenset(
    {"script", "style", "noscript", "template", "svg", "head", "iframe", "object", "canvas"}
)
#: HTML elements that start a new line.
BLOCK_ELEMENTS = frozenset(
    [
        "p",
        "div",
        "br",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "table",
        "tr",
        "td",
        "th",
        "section",
        "article",
        "header",
        "footer",
        "blockquote",
        "pre",
        "hr",
        "figure",
        "figcaption",
        "dt",
        "dd",
        "main",
        "aside",
        "nav",
        "address",
        "title",
    ]
)
#: ``<meta>`` names read as metadata, mapped to our keys.
META_NAMES = {
    "author": "author",
    "article:author": "author",
    "dc.creator": "author",
    "date": "date",
    "article:published_time": "date",
    "dc.date": "date",
    "pubdate": "date",
    "og:title": "title",
    "dc.title": "title",
    "og:site_name": "publisher",
    "dc.publisher": "publisher",
    "publisher": "publisher",
}


class IngestError(KGError):
    """A file cannot be ingested (binary, empty, undecodable, too large, unreadable)."""


@dataclass
class Article:
    """A document ready for extraction: its text (as it will be stored) and its metadata.

    Attributes:
        path: Where it was read from.
        format: ``text``, ``markdown`` or ``html``.
        text: The text to store in the corpus; every offset refers to it.
        meta: Metadata stated by the markup (HTML ``<title>``/``<meta>``, front matter).
    """

    path: str
    format: str
    text: str
    meta: dict[str, str] = field(default_factory=dict)


def read_article(path: Path, max_bytes: int = MAX_DOCUMENT_BYTES) -> Article:
    """Read one file; raise :class:`IngestError` saying why if it is not a usable article."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise IngestError(f"{path}: too large ({size} bytes; the limit is {max_bytes})")
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(f"{path}: cannot read: {exc.strerror}") from None
    if not data.strip():
        raise IngestError(f"{path}: the file is empty")
    if b"\x00" in data[:8192]:
        raise IngestError(f"{path}: a binary file, not a text article")
    try:
        raw = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise IngestError(f"{path}: not UTF-8 text (undecodable byte at {exc.start})") from None
    article = article_from_text(str(path), raw)
    if not article.text.strip():
        raise IngestError(f"{path}: no text left after removing the markup")
    return article


def article_from_text(path: str, raw: str) -> Article:
    """Convert ``raw`` (named ``path``, whose suffix gives the format) to an :class:`Article`."""
    raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    suffix = Path(path).suffix.lower()
    fmt = FORMATS.get(suffix, "text")
    if fmt == "text" and re.match(r"\s*(<!doctype html|<html)", raw, re.IGNORECASE):
        fmt = "html"
    if fmt == "html":
        text, meta = html_to_text(raw)
    elif fmt == "markdown":
        text, meta = markdown_to_text(raw)
    else:
        text, meta = raw, {}
    return Article(path, fmt, text, meta)


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.meta: dict[str, str] = {}
        self.in_title = False
        self.title: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            name = (values.get("name") or values.get("property") or "").lower()
            key = META_NAMES.get(name)
            if key and values.get("content") and key not in self.meta:
                self.meta[key] = values["content"].strip()
            return
        if tag == "title":
            self.in_title = True
        elif tag in SKIPPED_ELEMENTS:
            self.skip += 1
        if tag in BLOCK_ELEMENTS:
            self.parts.append("\n")
        if tag in {"p", "h1", "h2", "h3", "h4", "h5", "h6", "table", "blockquote"}:
            self.parts.append("\n")
        if tag == "li":
            self.parts.append("- ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in SKIPPED_ELEMENTS:
            self.skip -= 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        elif tag in SKIPPED_ELEMENTS and self.skip:
            self.skip -= 1
        if tag in BLOCK_ELEMENTS:
            self.parts.append("\n")
        elif tag in {"td", "th"}:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        elif not self.skip:
            self.parts.append(data)


def html_to_text(html: str) -> tuple[str, dict[str, str]]:
    """Visible text of an HTML page (one block per line, blank line between paragraphs)."""
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts)
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n") + "\n"
    meta = dict(parser.meta)
    title = " ".join("".join(parser.title).split())
    if title:
        meta.setdefault("title", title)
    return text, meta


_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)
_MD_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),  # images
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # links keep their text
    (re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$", re.MULTILINE), r"\1"),  # headings
    (re.compile(r"^\s{0,3}>\s?", re.MULTILINE), ""),  # block quotes
    (re.compile(r"(\*\*|__)(.+?)\1"), r"\2"),  # strong
    (re.compile(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])"), r"\1"),  # emphasis
    (re.compile(r"(?<![\w_])_(?!\s)(.+?)(?<!\s)_(?![\w_])"), r"\1"),
    (re.compile(r"`([^`\n]+)`"), r"\1"),  # inline code
    (re.compile(r"^\s*```.*$\n?", re.MULTILINE), ""),  # code fences
    (re.compile(r"^\s*[*+]\s+", re.MULTILINE), "- "),  # bullets
    (re.compile(r"^\s*([-*_]\s*){3,}$", re.MULTILINE), ""),  # horizontal rules
)


def markdown_to_text(markdown: str) -> tuple[str, dict[str, str]]:
    """Text of a Markdown document, and the metadata of its YAML front matter if any.

    Example:
        >>> markdown_to_text("---\\ntitle: T\\n---\\n# Head\\nSome **bold** [link](http://x).")
        ('Head\\nSome bold link.', {'title': 'T'})
    """
    meta: dict[str, str] = {}
    match = _FRONT_MATTER.match(markdown)
    if match:
        try:
            front = yaml.safe_load(match.group(1))
        except yaml.YAMLError:
            front = None
        if isinstance(front, dict):
            meta = {str(k).lower(): str(v) for k, v in front.items() if v is not None}
            markdown = markdown[match.end() :]
    text = markdown
    for pattern, replacement in _MD_RULES:
        text = pattern.sub(replacement, text)
    return text, meta
