"""A cancu store in a remote SPARQL 1.1 endpoint: Virtuoso, GraphDB, Fuseki or any other.

The store spec is the endpoint's query URL with `sparql+` in front:

* Virtuoso: `sparql+http://127.0.0.1:8890/sparql` (one URL for queries and updates; the
  graph store is `/sparql-graph-crud`);
* GraphDB: `sparql+http://localhost:7200/repositories/cancu` (updates go to
  `…/statements`, the graph store is `…/rdf-graphs/service`);
* Fuseki: `sparql+http://localhost:3030/ds/query` (updates `/ds/update`, graph store
  `/ds/data`).

Any other URL takes updates at the same URL and has no graph store.  The fragment of the
spec overrides either, and is never sent:
`sparql+https://host/q#update=https://host/u&graph-store=` (empty: do not use one).
Credentials come from `CANCU_SPARQL_USER` and `CANCU_SPARQL_PASSWORD` (HTTP basic auth),
never from the URL, so that no message or process list shows them.

Writing.  `replace_graph` is one SPARQL Update request (more for a graph over 1 MB), "DROP SILENT GRAPH g ; INSERT
DATA {…} ; INSERT DATA {…} …" with at most `BATCH` triples per INSERT DATA: Virtuoso's
parser runs out of memory somewhere between 2,000 and 5,000 triples in one INSERT DATA
(measured 7.2), and refuses an update text over 10 MB.  The Graph Store Protocol (a PUT
of N-Triples) is faster on Virtuoso but not faithful: its loader turns an xsd:integer
above 2^31 (2,600,000,000 đồng) into an xsd:decimal, so it is used only for a graph with
blank nodes, which INSERT DATA batches cannot keep whole and Virtuoso refuses anyway.
`bulk_load` streams an N-Quads file as the same operations, many graphs to a request.
Measured on Virtuoso 7.2 on a 2-core machine shared with other jobs (best of two), the
105 graphs (102,102 quads) of bench/ingest.py: a PUT per graph 3.6 s (28,000 quads/s,
2.8 s when the machine was idle); `replace_graph` per graph 7.6 s (13,000/s; 2.8 s
idle); `bulk_load` 3.3–3.6 s (28,000–30,000/s) with requests of about 1 MB, 6.3 s with
8 MB requests, 3.3–7.5 s with 250 kB ones.  One PUT of all the quads takes 0.9 s idle,
and Virtuoso's own `ld_dir` + `rdf_loader_run()` loads about 180,000 triples/s, but that
needs SQL access and the file on the server's disk, which a SPARQL client has not.
Virtuoso stores an integer literal beyond 64 bits as garbage: cancu's amounts are far
below that.

Reading.  Queries go out as they are, with the prefixes passed to `query` that the text
does not declare itself; answers come back as SPARQL JSON (SELECT, ASK) or N-Triples
(CONSTRUCT, DESCRIBE) and become the same rdflib terms as on the embedded store.  The
default graph of a query must be the union of the named graphs, as cancu's queries
expect: so it is on Virtuoso (where, unlike the embedded store, a triple stated in two graphs
matches twice) and on GraphDB; Fuseki needs `tdb2:unionDefaultGraph true`.  Virtuoso
keeps graphs of its own (`VIRTUOSO_SYSTEM_GRAPHS`, ~2,500 triples): `graphs`, `count`,
`export` and `dataset` leave them out, but a query's union holds them, so a pattern that
names no cancu term (`?s ?p ?o`) sees them; cancu's named queries all name one.  An answer the endpoint cut short (Virtuoso's
`ResultSetMaxRows`) is an error, not a silent partial answer.

Capabilities: `persistent`; not `transactional`.  A replace of a graph under 1 MB is one
request, so a killed cancu leaves the old graph or the new one, but the server need not
run a request as one transaction: Virtuoso applies the operations of an update one after another and keeps
those before a failure (measured: "DROP ; INSERT DATA ; LOAD <unreachable>" fails with
the DROP and INSERT done).  There is no writer lock either: the endpoint is shared.
`dataset()` is a copy taken when it is called (one CONSTRUCT per graph into an in-memory
Oxigraph), since an rdflib view over HTTP costs a request per triple pattern.

>>> from kg.store import open_store
>>> open_store("sparql+http://127.0.0.1:9/sparql")
Traceback (most recent call last):
...
kg.store.StoreError: http://127.0.0.1:9/sparql: expected a SPARQL endpoint answering there, found none (ConnectError: ...)
"""
from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import IO, Any, ClassVar
from urllib.parse import parse_qs, urljoin, urlsplit, urlunsplit

import httpx
import pyoxigraph as ox
from oxrdflib import OxigraphStore as _OxRdflibStore
from rdflib import BNode, Dataset, Literal, URIRef
from rdflib.term import Node

from kg.store import (
    PREFIXES,
    NTriples,
    QueryResult,
    Store,
    StoreError,
    Triple,
    _check_format,
    _check_graph,
    _from_ox,
    register_backend,
    sparql_term,
    to_ntriples,
)

__all__ = ["BATCH", "ENV_PASSWORD", "ENV_USER", "VIRTUOSO_SYSTEM_GRAPHS", "SparqlStore"]

ENV_USER = "CANCU_SPARQL_USER"
ENV_PASSWORD = "CANCU_SPARQL_PASSWORD"

# Triples per INSERT DATA operation; update texts are cut at _MAX_UPDATE bytes
BATCH = 1000
_MAX_UPDATE = 1_000_000
# A blank node in N-Triples text (a literal holding " _:" also matches: harmless)
_BLANK = re.compile(r"(?:^|\s)_:", re.MULTILINE)

# Graphs a fresh Virtuoso holds for itself (its mapping schema, LDP, the URIQA server)
VIRTUOSO_SYSTEM_GRAPHS: tuple[str, ...] = (
    "http://www.openlinksw.com/schemas/virtrdf#",
    "http://www.w3.org/ns/ldp#",
    "http://localuriqaserver/sparql",
)

# Virtuoso's `define input:default-graph-exclude` would hide them from the union, but
# measured on 7.2 it also drops triples from `GRAPH <g>` patterns: they are filtered instead
_NOT_SYSTEM = f"FILTER(?g NOT IN ({', '.join(f'<{g}>' for g in VIRTUOSO_SYSTEM_GRAPHS)}))"

_XSD = "http://www.w3.org/2001/XMLSchema#"
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_JSON = "application/sparql-results+json"
_NTRIPLES = "application/n-triples"

# The query form is the first of these keywords outside IRIs, strings and comments
_FORM = re.compile(
    r'<[^<>"{}|^`\\\x00-\x20]*>|"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|#[^\n\r]*'
    r"|\b(?P<form>select|ask|construct|describe)\b(?!:)",
    re.IGNORECASE,
)
_DECLARED = re.compile(r"\bPREFIX\s+([\w.-]*):", re.IGNORECASE)


class SparqlStore(Store):
    """The named graphs of a SPARQL 1.1 Query/Update endpoint as a cancu store.

    `query_url` answers queries; `update_url` (default: `query_url`) takes updates;
    `graph_store_url`, when given, takes SPARQL 1.1 Graph Store Protocol PUT and POST and
    is used for writes (dropped for good if it answers 404 or 405).  `open_store` derives
    all three from a `sparql+http(s)://` spec (see the module).  The endpoint is asked
    `ASK {}` on opening, so a wrong URL fails here rather than halfway through an ingest.

    :raises StoreError: if the endpoint does not answer, or answers something that is not
        SPARQL.
    """

    persistent: ClassVar[bool] = True
    transactional: ClassVar[bool] = False

    def __init__(
        self,
        query_url: str,
        *,
        update_url: str | None = None,
        graph_store_url: str | None = None,
        auth: tuple[str, str] | None = None,
        read_only: bool = False,
        timeout: float = 300.0,
    ) -> None:
        self.query_url = query_url
        self.update_url = update_url or query_url
        self.graph_store_url = graph_store_url
        self.read_only = read_only
        self._http: httpx.Client | None = httpx.Client(
            auth=httpx.BasicAuth(*auth) if auth else None, timeout=httpx.Timeout(timeout, connect=10.0))
        self._parse(self._post(self.query_url, {"query": "ASK {}"}, accept=_JSON, what="query"), "ASK")

    def __repr__(self) -> str:
        return f"SparqlStore({self.query_url!r}{', read_only=True' if self.read_only else ''})"

    __str__ = __repr__

    # ------------------------------------------------------------------ writing

    def replace_graph(self, graph: URIRef, triples: Iterable[Triple] | NTriples) -> None:
        _check_graph(graph)
        self._check_writable()
        body = triples if isinstance(triples, NTriples) else to_ntriples(triples)
        # blank nodes keep their identity within one graph store body, not across INSERT DATA
        # batches (and Virtuoso refuses them in INSERT DATA)
        if _BLANK.search(body) and self._put(graph, body):
            return
        self._send(_ops(graph, body.splitlines(keepends=True), drop=True))

    def remove_graph(self, graph: URIRef) -> None:
        _check_graph(graph)
        self._check_writable()
        self._send([f"DROP SILENT GRAPH {sparql_term(graph)}"])

    def bulk_load(self, path: str | os.PathLike[str]) -> int:
        """Load an N-Quads file: each graph it holds replaces the store's graph of that name.

        The file is read as a stream and sent as INSERT DATA operations of `BATCH` triples,
        many graphs' operations to a request (up to 1 MB: bigger ones were slower), instead
        of a request per graph.
        Not atomic: a failure leaves the requests sent before it done.

        :raises StoreError: if the store is read-only, the file is not N-Quads, a quad is in
            the default graph (cancu keeps every fact in a file's named graph) or has a blank
            node (which batches cannot keep whole), or the endpoint refuses a write.
        :returns: the number of quads read.
        """
        self._check_writable()
        pending: dict[str, list[str]] = {}
        seen: set[str] = set()
        n = 0

        def flush(graph: str) -> Iterator[str]:
            yield from _ops(URIRef(graph), pending.pop(graph), drop=graph not in seen)
            seen.add(graph)

        def ops() -> Iterator[str]:
            nonlocal n
            try:
                for q in ox.parse(path=os.fspath(path), format=ox.RdfFormat.N_QUADS):
                    if not isinstance(q.graph_name, ox.NamedNode):
                        raise StoreError(f"{path}: expected quads in named graphs, found {q} in the default graph")
                    if isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode):
                        raise StoreError(f"{path}: expected no blank nodes, found {q}; load such a graph with replace_graph")
                    lines = pending.setdefault(q.graph_name.value, [])
                    lines.append(f"{q.subject} {q.predicate} {q.object} .\n")
                    n += 1
                    if len(lines) >= BATCH:
                        yield from flush(q.graph_name.value)
            except (SyntaxError, OSError) as exc:
                raise StoreError(f"{path}: expected a readable N-Quads file, found an error: {exc}") from exc
            for graph in list(pending):
                yield from flush(graph)

        self._send(ops())
        return n

    def _put(self, graph: URIRef, body: NTriples) -> bool:
        """Replace `graph` by a graph store PUT of `body`; False when the endpoint has no graph store."""
        if self.graph_store_url is None:
            return False
        r = self._request("PUT", self.graph_store_url, params={"graph": str(graph)},
                          content=body.encode("utf-8"), headers={"Content-Type": _NTRIPLES})
        if r.status_code in (404, 405):
            self.graph_store_url = None  # no graph store after all
            return False
        self._check_write(r, self.graph_store_url)
        return True

    def _send(self, ops: Iterable[str]) -> None:
        """Send update operations in as few requests as the size limit allows, in order."""
        batch: list[str] = []
        size = 0
        for op in ops:
            if batch and size + len(op) > _MAX_UPDATE:
                self._update(" ;\n".join(batch))
                batch, size = [], 0
            batch.append(op)
            size += len(op)
        if batch:
            self._update(" ;\n".join(batch))

    def _update(self, text: str) -> None:
        self._check_write(self._post(self.update_url, {"update": text}, accept="*/*", what="update"), self.update_url)

    def _check_write(self, r: httpx.Response, url: str) -> None:
        if r.is_success:
            return
        detail = _first_lines(r.text)
        if r.status_code in (401, 403) or "permission" in r.text.lower():
            raise StoreError(
                f"{url}: expected an endpoint that accepts updates, found it refuses them (HTTP {r.status_code}: {detail}); "
                f"set {ENV_USER} and {ENV_PASSWORD}, or on a Virtuoso of your own grant SPARQL_UPDATE to \"SPARQL\"")
        raise StoreError(f"{url}: expected the write to succeed, found HTTP {r.status_code}: {detail}")

    # ------------------------------------------------------------------ reading

    def graphs(self) -> list[URIRef]:
        rows = self.query(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {_NOT_SYSTEM} }}")
        assert isinstance(rows, list)
        return sorted(r["g"] for r in rows if isinstance(r["g"], URIRef))  # type: ignore[index,call-overload]

    def query(self, sparql: str, *, prefixes: Mapping[str, str] | None = None) -> QueryResult:
        m = next((m for m in _FORM.finditer(sparql) if m.group("form")), None)
        if m is None:
            raise StoreError(f"query: expected a SPARQL 1.1 SELECT, ASK, CONSTRUCT or DESCRIBE query, found {sparql[:80]!r}")
        form = m.group("form").upper()
        declared = {d.lower() for d in _DECLARED.findall(sparql)}
        head = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in (prefixes or {}).items() if p.lower() not in declared)
        accept = _JSON if form in ("SELECT", "ASK") else _NTRIPLES
        r = self._post(self.query_url, {"query": head + sparql}, accept=accept, what="query")
        return self._parse(r, form)

    def count(self, *, graph: URIRef | None = None) -> int:
        if graph is not None:
            _check_graph(graph)
        where = f"GRAPH {sparql_term(graph)} {{ ?s ?p ?o }}" if graph is not None else f"GRAPH ?g {{ ?s ?p ?o }} {_NOT_SYSTEM}"
        rows = self.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}")
        assert isinstance(rows, list)
        return int(rows[0]["n"])  # type: ignore[arg-type,call-overload]

    def dataset(self) -> Dataset:
        return Dataset(store=_OxRdflibStore(store=self._snapshot()), default_union=True)

    def export(self, fmt: str, out: str | os.PathLike[str] | IO[bytes]) -> None:
        _check_format(fmt)
        db = self._snapshot()
        target = os.fspath(out) if isinstance(out, str | os.PathLike) else out
        if fmt == "ttl":
            # Turtle has no graphs: the union, each triple once
            triples = {(t.subject, t.predicate, t.object) for t in db.quads_for_pattern(None, None, None)}
            ox.serialize((ox.Triple(*t) for t in sorted(triples, key=str)), target, ox.RdfFormat.TURTLE, prefixes=PREFIXES)
            return
        fmts = {"trig": ox.RdfFormat.TRIG, "nq": ox.RdfFormat.N_QUADS, "jsonld": ox.RdfFormat.JSON_LD}
        db.dump(target, fmts[fmt], prefixes=PREFIXES if fmt == "trig" else None)

    def _snapshot(self) -> ox.Store:
        """The store's graphs copied into an in-memory Oxigraph, one CONSTRUCT per graph.

        :raises StoreError: if a graph comes back with fewer triples than it has (an
            endpoint that caps the size of answers).
        """
        rows = self.query(f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {_NOT_SYSTEM} }} GROUP BY ?g")
        assert isinstance(rows, list)
        db = ox.Store()
        for row in rows:
            g = row["g"]
            if not isinstance(g, URIRef):
                continue
            r = self._post(self.query_url, {"query": f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {sparql_term(g)} {{ ?s ?p ?o }} }}"},
                           accept=_NTRIPLES, what="query")
            self._check_answer(r, _NTRIPLES)
            name = ox.NamedNode(str(g))
            try:
                db.load(r.content, ox.RdfFormat.N_TRIPLES, to_graph=name)
            except SyntaxError as exc:
                raise StoreError(f"{self.query_url}: expected N-Triples, found an answer that is not ({exc})") from exc
            got = sum(1 for _ in db.quads_for_pattern(None, None, None, name))
            if got < int(row["n"]):  # type: ignore[arg-type,call-overload]
                raise StoreError(f"{self.query_url}: expected the {row['n']} triples of {g}, found {got}: "
                                 "the endpoint caps the size of answers (Virtuoso: raise ResultSetMaxRows)")
        return db

    # ------------------------------------------------------------------ HTTP

    def close(self) -> None:
        if self._http is not None:
            self._http.close()
            self._http = None

    def _request(self, method: str, url: str, **kw: Any) -> httpx.Response:
        if self._http is None:
            raise StoreError(f"{self}: expected an open store, found it closed")
        try:
            return self._http.request(method, url, **kw)
        except httpx.TransportError as exc:
            raise StoreError(f"{url}: expected a SPARQL endpoint answering there, found none ({type(exc).__name__}: {exc})") from exc

    def _post(self, url: str, form: dict[str, str], *, accept: str, what: str) -> httpx.Response:
        r = self._request("POST", url, data=form, headers={"Accept": accept})
        if what == "query" and r.status_code == 400:
            raise StoreError(f"query: expected SPARQL 1.1 that {url} accepts, found it refused: {_first_lines(r.text)}")
        if what == "query" and not r.is_success:
            raise StoreError(f"{url}: expected the answer to a query, found HTTP {r.status_code}: {_first_lines(r.text)}")
        return r

    def _check_answer(self, r: httpx.Response, media: str) -> None:
        found = r.headers.get("content-type", "").split(";")[0].strip()
        if found != media:
            raise StoreError(f"{r.request.url.copy_with(query=None)}: expected {media}, found {found or 'no content type'}: {_first_lines(r.text)}")
        if "x-sparql-maxrows" in r.headers:
            raise StoreError(f"{r.request.url.copy_with(query=None)}: expected a whole answer, found it cut at "
                             f"{r.headers['x-sparql-maxrows']} rows (Virtuoso: raise ResultSetMaxRows)")

    def _parse(self, r: httpx.Response, form: str) -> QueryResult:
        if form in ("CONSTRUCT", "DESCRIBE"):
            self._check_answer(r, _NTRIPLES)
            try:
                return [(_from_ox(t.subject), _from_ox(t.predicate), _from_ox(t.object))  # type: ignore[misc]
                        for t in ox.parse(r.content, ox.RdfFormat.N_TRIPLES)]
            except SyntaxError as exc:
                raise StoreError(f"{self.query_url}: expected N-Triples, found an answer that is not ({exc})") from exc
        self._check_answer(r, _JSON)
        try:
            doc = r.json()
            if form == "ASK":
                if "boolean" not in doc and doc["head"]["vars"] == ["__ASK_RETVAL"]:
                    # Virtuoso answers an ASK with an empty pattern as a one-row SELECT of 0 or 1
                    return [int(b["__ASK_RETVAL"]["value"]) for b in doc["results"]["bindings"]] == [1]
                answer = doc["boolean"]
                if not isinstance(answer, bool):
                    raise TypeError(f"boolean {answer!r}")
                return answer
            names = doc["head"]["vars"]
            return [{n: _term(b[n]) if n in b else None for n in names} for b in doc["results"]["bindings"]]
        except (ValueError, KeyError, TypeError) as exc:
            raise StoreError(f"{self.query_url}: expected SPARQL JSON results, found an answer that is not ({type(exc).__name__}: {exc}): "
                             f"{_first_lines(r.text)}") from exc


def _ops(graph: URIRef, lines: list[str], *, drop: bool) -> Iterator[str]:
    """SPARQL Update operations that write N-Triples `lines` into `graph`, `BATCH` lines each."""
    g = sparql_term(graph)
    if drop:
        yield f"DROP SILENT GRAPH {g}"
    for i in range(0, len(lines), BATCH):
        yield f"INSERT DATA {{ GRAPH {g} {{\n{''.join(lines[i : i + BATCH])}}} }}"


def _term(b: Mapping[str, str]) -> Node:
    """An rdflib term from a SPARQL JSON binding, as the embedded store gives it."""
    kind, value = b["type"], b["value"]
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value.removeprefix("nodeID://"))  # Virtuoso's JSON form of the _:label of its N-Triples
    if kind not in ("literal", "typed-literal"):
        raise ValueError(f"a binding of type {kind!r}")
    if "xml:lang" in b:
        return Literal(value, lang=b["xml:lang"])
    dt = b.get("datatype")
    if dt is None or dt in (_XSD + "string", _RDF_LANG_STRING):
        return Literal(value)
    if dt == _XSD + "boolean" and value in ("0", "1"):
        value = "true" if value == "1" else "false"  # Virtuoso writes booleans as 0 and 1 in JSON
    return Literal(value, datatype=URIRef(dt))


def _first_lines(text: str, n: int = 3) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return " | ".join(lines[:n])[:400] or "an empty answer"


# --------------------------------------------------------------------------- opening


def _default_urls(query_url: str) -> tuple[str, str | None]:
    """The update and graph store URLs that go with a query URL, by the servers' conventions."""
    path = urlsplit(query_url).path.rstrip("/")
    if path.endswith("/sparql"):  # Virtuoso
        return query_url, urljoin(query_url, path.rsplit("/", 1)[1] + "-graph-crud")
    if path.endswith("/query"):  # Fuseki
        return urljoin(query_url, "update"), urljoin(query_url, "data")
    if re.search(r"/repositories/[^/]+$", path):  # GraphDB, RDF4J
        return query_url.rstrip("/") + "/statements", query_url.rstrip("/") + "/rdf-graphs/service"
    return query_url, None


def _redacted(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(netloc=parts.hostname or "", fragment="")) if parts.username or parts.password else url


def _open(scheme: str, rest: str, read_only: bool) -> SparqlStore:
    """Build a `SparqlStore` from a spec `sparql+<scheme>:<rest>` (see the module for the fragment)."""
    url = f"{scheme}:{rest}"
    parts = urlsplit(url)
    if parts.username or parts.password:
        raise StoreError(f"store sparql+{_redacted(url)}: expected credentials in {ENV_USER} and {ENV_PASSWORD}, "
                         "found them in the URL, where messages and process lists would show them")
    if not parts.hostname:
        raise StoreError(f"store sparql+{url}: expected sparql+{scheme}://host[:port]/path, found no host")
    query_url = urlunsplit(parts._replace(fragment=""))
    update_url, graph_store_url = _default_urls(query_url)
    options = parse_qs(parts.fragment, keep_blank_values=True)
    unknown = sorted(set(options) - {"update", "graph-store"})
    if unknown:
        raise StoreError(f"store sparql+{query_url}: expected the options update= and graph-store= after #, found {', '.join(unknown)}")
    if "update" in options:
        update_url = urljoin(query_url, options["update"][-1])
    if "graph-store" in options:
        graph_store_url = urljoin(query_url, options["graph-store"][-1]) if options["graph-store"][-1] else None
    user, password = os.environ.get(ENV_USER), os.environ.get(ENV_PASSWORD)
    return SparqlStore(query_url, update_url=update_url, graph_store_url=graph_store_url,
                       auth=(user, password or "") if user else None, read_only=read_only)


register_backend("sparql+http", lambda rest, read_only: _open("http", rest, read_only))
register_backend("sparql+https", lambda rest, read_only: _open("https", rest, read_only))

