"""The SPARQL that cancu runs: named queries read from `ontology/queries/`, and their parameters.

Every query the code runs is a file `ontology/queries/<name>.rq` whose header comment says
what it answers and, when it takes parameters, which.  A parameter is a variable of the
query (`?number`) that `bind` replaces with an RDF term written out in SPARQL syntax, so a
value never reaches the query text as a raw string, and a query with its parameters left
unbound still runs (the variables then match anything).

>>> text = bind(query_text("graph_hash"), graph=URIRef("urn:cancu:example"))
>>> "GRAPH <urn:cancu:example>" in text
True
"""
from __future__ import annotations

import re
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable

from rdflib import Literal, URIRef
from rdflib.term import Node

from loaders.model import CancuError

__all__ = ["QueryError", "bind", "query_names", "query_text"]

_NAME = re.compile(r"[A-Za-z0-9_-]+(?:/[A-Za-z0-9_-]+)*")

# What `bind` steps over (comments, IRIs, strings: a `?x` inside them is no variable) and
# the variables it may replace.  SPARQL 1.1 §19.8: STRING_LITERAL_LONG2/LONG1, then the
# one-line strings, IRIREF, and VAR1/VAR2.
_TOKEN = re.compile(
    r'"""(?:(?:"|"")?(?:[^"\\]|\\[\s\S]))*"""'
    r"|'''(?:(?:'|'')?(?:[^'\\]|\\[\s\S]))*'''"
    r'|"(?:[^"\\\n\r]|\\.)*"'
    r"|'(?:[^'\\\n\r]|\\.)*'"
    r'|<[^<>"{}|^`\\\x00-\x20]*>'
    r"|#[^\n\r]*"
    r"|[?$](?P<var>\w+)"
    r"|(?P<where>\b(?i:WHERE)\s*\{)"
)

# ECHAR (SPARQL 1.1 §19.8).  rdflib's `Literal.n3()` writes line breaks and tabs raw, in a
# long string: rdflib's own SPARQL parser then reads a tab back as spaces, and a text that
# ends in a backslash and a quote cuts its long string short.  Escaped, every text reads
# back exactly on both backends.
_ECHAR = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"})
# A backslash followed by u or U: rdflib expands `\uXXXX` anywhere in a query before
# parsing it (§19.2), even after an escaped backslash, so the letter goes as a code point.
_BACKSLASH_U = re.compile(r"(?<=\\\\)([uU])")
_NOT_IN_IRI = re.compile(r'[<>"{}|^`\\\x00-\x20]')


class QueryError(CancuError):
    """A named query that is not there, or parameters that do not fit the query."""


def _file(name: str) -> Traversable:
    if not _NAME.fullmatch(name):
        raise QueryError(f"query name: expected letters, digits, _ and - in parts separated by /, found {name!r}")
    *folders, stem = name.split("/")
    path = resources.files("ontology") / "queries"
    for folder in folders:
        path = path / folder
    return path / f"{stem}.rq"


@cache
def query_text(name: str) -> str:
    """The SPARQL text of `ontology/queries/{name}.rq` (`name` may name a subfolder: "examples/…").

    >>> query_text("documents").splitlines()[0]
    '# Every document node with the parts of its key: number, symbol, year and jurisdiction'

    :raises QueryError: if there is no such file.
    """
    path = _file(name)
    if not path.is_file():
        raise QueryError(f"ontology/queries/{name}.rq: expected the SPARQL query {name!r}, found no such file")
    return path.read_text(encoding="utf-8")


def query_names(folder: str = "") -> list[str]:
    """The names of the queries in `ontology/queries/` (or in its `folder`), sorted, as `query_text` takes them.

    >>> query_names("examples")[0].startswith("examples/")
    True
    """
    path = resources.files("ontology") / "queries"
    prefix = ""
    if folder:
        if not _NAME.fullmatch(folder):
            raise QueryError(f"query folder: expected letters, digits, _ and - in parts separated by /, found {folder!r}")
        for part in folder.split("/"):
            path = path / part
        prefix = f"{folder}/"
    if not path.is_dir():
        return []
    return sorted(prefix + p.name[: -len(".rq")] for p in path.iterdir() if p.is_file() and p.name.endswith(".rq"))


def _sparql(name: str, term: Node) -> str:
    """`term` in SPARQL syntax: an IRI as `<…>`, a literal with every special character escaped."""
    if isinstance(term, URIRef):
        if _NOT_IN_IRI.search(term):
            raise QueryError(f"bind ?{name}: expected an IRI, found {str(term)!r}, which has characters an IRI cannot hold")
        return term.n3()
    if isinstance(term, Literal):
        escaped = _BACKSLASH_U.sub(lambda m: f"\\U{ord(m.group(1)):08X}", str(term).translate(_ECHAR))
        lexical = f'"{escaped}"'
        if term.language:
            return f"{lexical}@{term.language}"
        if term.datatype is not None:
            return f"{lexical}^^{_sparql(name, URIRef(term.datatype))}"
        return lexical
    raise QueryError(f"bind ?{name}: expected an rdflib URIRef or Literal, found {type(term).__name__} {term!r}")


def bind(text: str, **terms: Node | list[Node] | tuple[Node, ...]) -> str:
    """`text` with each variable `?name` of `terms` replaced by its term in SPARQL syntax, or,
    for a list of terms, with `VALUES ?name { … }` opening its WHERE group: one query for many
    values instead of one query each (Oxigraph joins in the order written, so the values lead);
    an empty list matches nothing.

    Variables inside comments, strings and IRIs are left alone; variables not in `terms`
    stay variables.

    >>> print(bind('SELECT ?d WHERE { ?d cancu:number ?number }  # ?number', number=Literal('82 "}')))
    SELECT ?d WHERE { ?d cancu:number "82 \\"}" }  # ?number
    >>> print(bind('SELECT * WHERE { ?d cancu:number ?n }', d=[URIRef('urn:a'), URIRef('urn:b')]))
    SELECT * WHERE { VALUES ?d { <urn:a> <urn:b> } ?d cancu:number ?n }

    :raises QueryError: if a term is not an IRI or a literal, `text` has no variable of that
        name, or (for a list) no WHERE group.
    """
    lists = {name: " ".join(_sparql(name, t) for t in ts) for name, ts in terms.items() if isinstance(ts, list | tuple)}
    values = {name: _sparql(name, term) for name, term in terms.items() if name not in lists}
    used: set[str] = set()

    def replace(m: re.Match[str]) -> str:
        var = m.group("var")
        if var in lists:
            used.add(var)
        if var is None or var not in values:
            return m.group(0)
        used.add(var)
        return values[var]

    out = _TOKEN.sub(replace, text)
    missing = sorted(set(terms) - used)
    if missing:
        raise QueryError(f"bind: expected the query to have the variables {', '.join('?' + n for n in missing)}, found none of them")
    if lists:
        at = next((m.end() for m in _TOKEN.finditer(out) if m.group("where") is not None), None)
        if at is None:
            raise QueryError(f"bind ?{next(iter(lists))}: expected a query with a WHERE group, found none")
        # no values, no answers: written as a filter, since rdflib fails on an empty VALUES block
        block = " ".join(f"VALUES ?{name} {{ {listed} }}" if listed else "FILTER(1 = 0)" for name, listed in lists.items())
        out = f"{out[:at]} {block}{out[at:]}"
    return out
