"""Named SPARQL queries: ``.rq`` files with a header, their parameters bound safely.

Each file in ``kg/queries/`` is one competency question. Its header comments
state the question, the parameters and an example::

    # question: What stance does each actor take on an issue?
    # param: issue entity:Issue? - the issue (id or name); narrower issues included
    # param: as_of date-end = today - only positions stated on or before this date
    # example: issue=nato-open-door-policy

A parameter is ``name type[?] [= default] - help``; ``?`` marks it optional.
Parameters are SPARQL variables of the same name, bound by a ``VALUES`` block
inserted at the start of the ``WHERE`` clause. Values never reach the query as
raw text: entities are resolved to IRIs, dates are parsed and written as
``xsd:date`` literals, texts are escaped literals. An optional parameter left
out stays unbound (queries test it with ``BOUND``).

Queries in ``kg/queries/internal/`` serve the API and are not listed.

Example:
    >>> q = get_query("positions")
    >>> [p.name for p in q.params]
    ['issue', 'actor', 'as_of']
    >>> "VALUES (?as_of) {" in q.bind({"as_of": "2022"}, lambda name, kind: name)
    True
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from kg.dates import parse_date
from kg.errors import KGError
from kg.namespaces import PREFIXES
from kg.store import QueryError, QueryResult

if TYPE_CHECKING:
    from kg.api import QueryEngine

QUERIES_DIR = Path(__file__).resolve().parent / "queries"
INTERNAL_DIR = QUERIES_DIR / "internal"

#: Resolves (name, class IRI or None) to an entity IRI; raises KGError when it cannot.
Resolver = Callable[[str, "str | None"], str]

_HEADER = re.compile(r"^#\s*(question|param|example):\s*(.*?)\s*$")
_PARAM = re.compile(
    r"^(?P<name>[a-z_][a-z0-9_]*)\s+(?P<type>[a-z-]+)(?::(?P<cls>[A-Za-z]+))?(?P<opt>\?)?"
    r"(?:\s*=\s*(?P<default>\S+))?\s*(?:-\s*(?P<help>.*))?$"
)
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


class ParameterError(KGError):
    """A named query was given a missing, unknown or malformed parameter."""


class UnknownQueryError(KGError):
    """No named query has this name."""


def _date_start(value: str) -> str:
    return parse_date(value).start.isoformat()


def _date_end(value: str) -> str:
    if value == "today":
        return dt.date.today().isoformat()
    return parse_date(value).end.isoformat()


#: Parameter type -> how a user's value becomes a SPARQL term (entities are resolved apart).
PARAM_TYPES: dict[str, Callable[[str], str]] = {
    "date": lambda v: Literal(_date_start(v), datatype=XSD.date).n3(),
    "date-end": lambda v: Literal(_date_end(v), datatype=XSD.date).n3(),
    "text": lambda v: Literal(str(v)).n3(),
    "int": lambda v: Literal(int(v)).n3(),
}


@dataclass(frozen=True)
class Param:
    """One parameter of a named query."""

    name: str
    type: str
    help: str = ""
    optional: bool = False
    default: str | None = None
    kind: str | None = None  #: for entities, the class (local name in ``sa:``) it must be

    def term(self, value: Any, resolve: Resolver) -> str:
        """The SPARQL term for a user's value."""
        text = value.isoformat() if isinstance(value, dt.date) else str(value).strip()
        if not text:
            raise ParameterError(f"parameter '{self.name}' is empty")
        if self.type == "entity":
            kind = str(PREFIXES["sa"][self.kind]) if self.kind else None
            return URIRef(resolve(text, kind)).n3()
        try:
            return PARAM_TYPES[self.type](text)
        except ValueError as exc:
            raise ParameterError(f"parameter '{self.name}': {exc}") from None

    def describe(self) -> str:
        """``name (type, optional) - help`` for listings."""
        bits = [self.type + (f":{self.kind}" if self.kind else "")]
        if self.optional:
            bits.append("optional")
        if self.default:
            bits.append(f"default {self.default}")
        return f"{self.name} ({', '.join(bits)}) - {self.help}"


@dataclass(frozen=True)
class NamedQuery:
    """A competency question as SPARQL: name, question, parameters, text, examples."""

    name: str
    question: str
    params: tuple[Param, ...]
    text: str
    examples: tuple[dict[str, str], ...] = field(default_factory=tuple)

    def param(self, name: str) -> Param:
        """The parameter called ``name`` (ParameterError if none)."""
        for p in self.params:
            if p.name == name:
                return p
        known = ", ".join(p.name for p in self.params) or "none"
        raise ParameterError(f"query '{self.name}' has no parameter '{name}' (parameters: {known})")

    def bind(self, values: Mapping[str, Any], resolve: Resolver) -> str:
        """The query text with parameter values bound in a ``VALUES`` block.

        Raises:
            ParameterError: for an unknown, missing or malformed parameter.
        """
        given = {k.replace("-", "_"): v for k, v in values.items() if v is not None}
        for name in given:
            self.param(name)
        names, terms = [], []
        for p in self.params:
            value = given.get(p.name, p.default)
            if value is None:
                if not p.optional:
                    raise ParameterError(
                        f"query '{self.name}' needs parameter '{p.name}': {p.help}"
                    )
                continue
            names.append(f"?{p.name}")
            terms.append(p.term(value, resolve))
        if not names:
            return self.text
        block = f"\n  VALUES ({' '.join(names)}) {{ ({' '.join(terms)}) }}\n"
        match = _WHERE.search(self.text)
        if match is None:
            raise ParameterError(f"query '{self.name}' has parameters but no WHERE clause")
        return self.text[: match.end()] + block + self.text[match.end() :]


def parse_query_file(path: Path) -> NamedQuery:
    """Read a ``.rq`` file and its header."""
    text = path.read_text(encoding="utf-8")
    question = ""
    params: list[Param] = []
    examples: list[dict[str, str]] = []
    for line in text.splitlines():
        match = _HEADER.match(line)
        if not match:
            continue
        key, value = match.groups()
        if key == "question":
            question = value
        elif key == "example":
            examples.append(dict(item.split("=", 1) for item in value.split(";") if "=" in item))
            examples[-1] = {k.strip(): v.strip() for k, v in examples[-1].items()}
        else:
            pm = _PARAM.match(value)
            if pm is None:
                raise ValueError(f"{path}: bad param line: {value!r}")
            params.append(
                Param(
                    pm["name"],
                    pm["type"],
                    pm["help"] or "",
                    bool(pm["opt"]),
                    pm["default"],
                    pm["cls"],
                )
            )
    return NamedQuery(path.stem, question, tuple(params), text, tuple(examples))


@lru_cache(maxsize=1)
def _catalogue() -> dict[str, NamedQuery]:
    return {p.stem: parse_query_file(p) for p in sorted(QUERIES_DIR.glob("*.rq"))}


def list_queries() -> list[NamedQuery]:
    """Every named query, by name.

    Example:
        >>> len(list_queries()) >= 15
        True
    """
    return list(_catalogue().values())


def get_query(name: str) -> NamedQuery:
    """The named query called ``name``; UnknownQueryError suggests close names."""
    catalogue = _catalogue()
    if name in catalogue:
        return catalogue[name]
    close = difflib.get_close_matches(name, catalogue, n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else "; see `kg query --list`"
    raise UnknownQueryError(f"no named query '{name}'{hint}")


@lru_cache(maxsize=32)
def internal_query(name: str) -> str:
    """The text of an internal query (``kg/queries/internal/NAME.rq``)."""
    return (INTERNAL_DIR / f"{name}.rq").read_text(encoding="utf-8")


_STRINGS = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
)
_IRIS = re.compile(r"<[^<>\"{}|^`\\\s]*>")
_COMMENTS = re.compile(r"#[^\n]*")
_PNAMES = re.compile(r"(?<![\w?$:.-])([A-Za-z][\w.-]*)?:(?=[\w:%\\-]|\s|$|[;,.)\]}])")
_DECLARED = re.compile(r"\bPREFIX\s+([A-Za-z][\w.-]*)?:", re.IGNORECASE)


def undeclared_prefixes(sparql: str) -> list[str]:
    """Prefixes a query uses that neither the project nor the query declares.

    Example:
        >>> undeclared_prefixes('SELECT * WHERE { ?s foo:bar "x:y" ; sa:holder <http://a/b:c> }')
        ['foo']
    """
    declared = set(PREFIXES) | set(_DECLARED.findall(sparql))
    body = _COMMENTS.sub(" ", _IRIS.sub(" ", _STRINGS.sub(" ", sparql)))
    used = dict.fromkeys(_PNAMES.findall(body))
    return [p for p in used if p not in declared and p != "_"]


def run_sparql(engine: QueryEngine, sparql: str) -> QueryResult:
    """Run a query on any engine; an unknown prefix is reported by name.

    Raises:
        QueryError: for a malformed query, e.g. ``unknown prefix 'foo:'``.
    """
    try:
        return engine.query(sparql)
    except QueryError as exc:
        unknown = undeclared_prefixes(sparql)
        if unknown:
            names = ", ".join(f"'{p}:'" for p in unknown)
            known = ", ".join(f"{p}:" for p in PREFIXES)
            raise QueryError(f"unknown prefix {names} (pre-bound prefixes: {known})") from None
        raise QueryError(str(exc)) from None


def queries_markdown(engine: QueryEngine | None = None, sample_rows: int = 5) -> str:
    """``docs/queries.md``: every named query with its question, parameters and sample output.

    The samples are produced by running each query's first example on ``engine``
    (default: the bundled build). Regenerate with ``python -m kg.named_queries``.
    """
    from kg.api import load
    from kg.output import render_result

    graph = load(engine=engine) if engine is not None else load()
    out = [
        "# Named queries",
        "",
        "Ready-made SPARQL for the analyst's recurring questions, in `kg/queries/*.rq`. "
        "Run one with `kg query NAME --param name=value` (or `-p`), or from Python with "
        '`kg.load().named("NAME", name=value)`. Entity parameters take an id, label or '
        "alias; dates take YYYY, YYYY-MM or YYYY-MM-DD. All project prefixes are pre-bound.",
        "",
        "This file is generated by `python -m kg.named_queries > docs/queries.md`; the "
        "samples come from the bundled data at the time it was generated.",
        "",
    ]
    for q in list_queries():
        out += [f"## `{q.name}`", "", q.question, ""]
        if q.params:
            out += [f"- `{p.describe()}`" for p in q.params] + [""]
        example = q.examples[0] if q.examples else {}
        args = " ".join(f'-p {k}="{v}"' if " " in v else f"-p {k}={v}" for k, v in example.items())
        out += ["```", f"kg query {q.name} {args}".rstrip(), "```", ""]
        try:
            result = graph.named(q.name, **example)
        except KGError as exc:
            out += [f"(sample not available: {exc})", ""]
            continue
        shown = QueryResult(result.kind, result.variables, result.rows[:sample_rows])
        more = len(result.rows) - sample_rows
        out += ["```text", render_result(shown, "table"), "```"]
        out += [f"({len(result.rows)} rows; first {sample_rows} shown.)" if more > 0 else ""]
        out.append("")
    return "\n".join(out).rstrip() + "\n"


if __name__ == "__main__":
    import sys

    sys.stdout.write(queries_markdown())
