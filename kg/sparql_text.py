"""Safety checks on a query's text before it reaches the engine: its form and ``SERVICE``.

The engine (pyoxigraph) would open a network connection for ``SERVICE``, so a
query using it must be refused before it is evaluated. The check works on a
token stream that drops comments, string literals and IRIs first and decodes
SPARQL's ``\\u``/``\\U`` escapes (applied before parsing by the grammar), so a
keyword cannot hide in an escape and a literal mentioning "service" is no match.
The check errs on the side of refusal.

Example:
    >>> uses_service("SELECT * { SERVICE <http://x/> { ?s ?p ?o } }")
    True
    >>> uses_service('SELECT * { ?service ?p "SERVICE" . <http://x/service> ex:service ?o }')
    False
    >>> query_form("PREFIX ex: <http://x/> # a comment\\nconstruct { ?s ?p ?o } WHERE {}")
    'CONSTRUCT'
"""

from __future__ import annotations

import re

#: Tokens removed before looking for keywords: comments, strings, IRIs.
_NOISE = re.compile(
    r"""
      \#[^\n\r]*                              # comment
    | '''(?:[^'\\]|\\.|'(?!''))*'''           # long strings
    | \"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
    | '(?:[^'\\\n\r]|\\.)*'                   # short strings
    | "(?:[^"\\\n\r]|\\.)*"
    | <[^<>"{}|^`\\\x00-\x20]*>               # IRI references
    """,
    re.VERBOSE,
)
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
#: A bare keyword: not part of a variable, prefixed name, or longer word.
_KEYWORD = r"(?<![\w:?$\-]){}(?![\w:\-])"
_SERVICE = re.compile(_KEYWORD.format("SERVICE"), re.IGNORECASE)
_FORM = re.compile(
    _KEYWORD.format("(SELECT|ASK|CONSTRUCT|DESCRIBE)"),
    re.IGNORECASE,
)
_UPDATE = re.compile(
    _KEYWORD.format("(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH|USING)"),
    re.IGNORECASE,
)


def _decode_escapes(text: str) -> str:
    def char(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        return chr(code) if code <= 0x10FFFF else ""

    return _ESCAPE.sub(char, text)


def keywords_text(query: str) -> str:
    """The query with escapes decoded and comments, strings and IRIs blanked out.

    Example:
        >>> keywords_text('ASK { <http://a> ?p "x" } # note')
        'ASK {   ?p   }  '
    """
    return _NOISE.sub(" ", _decode_escapes(query))


def uses_service(query: str) -> bool:
    """True when the query contains a ``SERVICE`` clause (federated query)."""
    return bool(_SERVICE.search(keywords_text(query)))


def query_form(query: str) -> str | None:
    """The query form (SELECT, ASK, CONSTRUCT, DESCRIBE) or None when none is found.

    Example:
        >>> query_form("ask {}")
        'ASK'
        >>> query_form("CLEAR ALL") is None
        True
    """
    match = _FORM.search(keywords_text(query))
    return match.group(1).upper() if match else None


def looks_like_update(query: str) -> bool:
    """True when the text has no query form but an update keyword (sent as a query).

    Example:
        >>> looks_like_update("LOAD <http://x/>")
        True
        >>> looks_like_update("SELECT * { ?s ?p ?o }")
        False
    """
    text = keywords_text(query)
    return _FORM.search(text) is None and _UPDATE.search(text) is not None
