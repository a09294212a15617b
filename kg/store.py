"""Where the knowledge graph lives: one named graph per source file, queried as their union.

Two backends behind one `Store` interface:

* `OxigraphStore(path)`, the default: an embedded pyoxigraph (RocksDB) database in a
  folder (`./cancu-data`), nothing to start.  Each write is one transaction, so a crash or
  a kill in the middle leaves the store as it was before that write.
* `MemoryStore()`: an rdflib `Dataset` in memory, for tests and throw-away runs.

A third, `kg.sparqlstore.SparqlStore`, keeps the graphs in a remote SPARQL 1.1 endpoint
(`open_store("sparql+http://host:8890/sparql")`).  Other backends register a factory with
`register_backend` and `open_store("scheme:…")` builds them.

>>> store = open_store("memory:")
>>> g = URIRef("urn:cancu:example")
>>> store.replace_graph(g, [(URIRef("urn:a"), URIRef("urn:p"), Literal("một"))])
>>> store.count(), store.graphs() == [g]
(1, True)
>>> store.query("ASK { ?s ?p 'một' }")
True
"""
from __future__ import annotations

import errno
import fcntl
import json
import os
import re
import sys
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Mapping
from itertools import islice
from pathlib import Path
from typing import IO, Any, ClassVar, TypeAlias

import pyoxigraph as ox
from oxrdflib import OxigraphStore as _OxRdflibStore
from pyparsing import ParseBaseException
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import XSD
from rdflib.term import Node

from kg.iri import ID
from kg.namespace import CANCU, CANCU_NS
from kg.queries import bind, query_text
from loaders.model import CancuError

__all__ = [
    "CONTENT_HASH",
    "EXPORT_FORMATS",
    "MemoryStore",
    "NTriples",
    "OxigraphStore",
    "PREFIXES",
    "QueryResult",
    "Row",
    "Store",
    "StoreError",
    "StoreLockedError",
    "Triple",
    "open_store",
    "register_backend",
    "sparql_term",
    "to_ntriples",
]

Triple: TypeAlias = tuple[Node, Node, Node]
Row: TypeAlias = dict[str, Node | None]
QueryResult: TypeAlias = list[Row] | bool | list[Triple]

# The property by which each file's graph records the sha256 of the bytes it was built
# from (`kg.build` writes it on the graph's document node); ingest compares it to skip
# files that did not change.
CONTENT_HASH = CANCU.contentHash
_XSD_STRING = URIRef("http://www.w3.org/2001/XMLSchema#string")

# export formats: ttl is the union of the graphs (triples); trig, nq and jsonld keep the graphs
EXPORT_FORMATS: tuple[str, ...] = ("ttl", "trig", "nq", "jsonld")

DEFAULT_PATH = "cancu-data"
MARKER = "cancu-store.json"
STORE_FORMAT = "cancu-store/3"
# format 1 had no default graph of its own: queries ran on Oxigraph's union, a multiset;
# formats 1 and 2 lack the statements `_DERIVED` reads from the others
_OLD_FORMATS = ("cancu-store/1", "cancu-store/2")
# The statements `kg.build.derived` adds to each graph since format 3, in SPARQL:
# cancu:givesTask (document → task) and cancu:moveRequested (task → request), what a task's
# trace reads (ontology/cancu.ttl).  A store of an older format gains them when upgraded.
_DERIVED = """PREFIX cancu: <https://cancu.org/ontology#>
SELECT ?g ?s ?p ?o WHERE {
  { GRAPH ?g { ?s cancu:assigns ?fact . ?fact cancu:task ?o } BIND(cancu:givesTask AS ?p) }
  UNION
  { GRAPH ?g { ?o a cancu:ReassignmentRequest ; cancu:task ?s } BIND(cancu:moveRequested AS ?p) }
}"""
_LOCK = "cancu.lock"
_DB = "oxigraph"

# Prefixes that make exported Turtle/TriG readable, and that `cancu query` declares for its
# users; unknown namespaces stay full IRIs.
PREFIXES: dict[str, str] = {
    "cancu": CANCU_NS,
    "id": str(ID),
    "eli": "http://data.europa.eu/eli/ontology#",
    "prov": "http://www.w3.org/ns/prov#",
    "org": "http://www.w3.org/ns/org#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


class StoreError(CancuError):
    """A store that cannot be opened or used as asked: not a store, read-only, unknown format…"""


class StoreLockedError(StoreError):
    """Another process holds the store: one writer at a time, readers only while nobody writes."""


# --------------------------------------------------------------------------- interface


class Store(ABC):
    """A dataset of named graphs, one per source file, queried as their union.

    Capability flags say what a backend guarantees, so callers (and tests) can ask
    instead of guessing:

    * `persistent`: the data outlives the process.
    * `transactional`: `replace_graph` and `remove_graph` are all-or-nothing, even when the
      process is killed in the middle.

    Query semantics: the default graph of every query is the union of the named graphs,
    each triple once however many graphs state it (a set, as RDF merges graphs).  The
    embedded store and rdflib give that; a remote endpoint may give a multiset union
    (see `kg.sparqlstore`), so queries that count use `COUNT(DISTINCT …)`.
    """

    persistent: ClassVar[bool] = False
    transactional: ClassVar[bool] = False
    read_only: bool = False

    @abstractmethod
    def replace_graph(self, graph: URIRef, triples: Iterable[Triple] | NTriples) -> None:
        """Make `triples` the whole content of `graph`, old content and new swapping at once.

        `triples` may come already serialized (`NTriples`, from `to_ntriples`): worker
        processes send graphs that way, which spares the writer rebuilding rdflib terms.

        :raises StoreError: if the store was opened read-only, or a term is not RDF.
        """

    @abstractmethod
    def remove_graph(self, graph: URIRef) -> None:
        """Drop `graph` and its triples; nothing happens when it is not there.

        :raises StoreError: if the store was opened read-only.
        """

    @abstractmethod
    def graphs(self) -> list[URIRef]:
        """The named graphs, sorted."""

    @abstractmethod
    def query(self, sparql: str, *, prefixes: Mapping[str, str] | None = None) -> QueryResult:
        """Run a SPARQL query on the union of the named graphs.

        Returns the rows of a SELECT (a dict per solution, None for unbound variables),
        the answer of an ASK, the triples of a CONSTRUCT or DESCRIBE.  Terms are rdflib
        terms on every backend; plain literals come back without a datatype.

        :raises StoreError: if the query is not valid SPARQL.
        """

    def rows(self, sparql: str) -> list[dict[str, Any]]:
        """The solutions of a SELECT as plain Python values: IRIs, blank nodes and texts as str,
        xsd integers as int, xsd doubles as float, any other literal as its lexical form.
        Variables left unbound are absent from a row.  What the answer functions read; a
        backend may answer it without building rdflib terms.

        :raises StoreError: if the query is not a valid SPARQL SELECT.
        """
        result = self.query(sparql)
        if not isinstance(result, list) or (result and not isinstance(result[0], dict)):
            raise StoreError("rows: expected a SELECT query, found an ASK, CONSTRUCT or DESCRIBE")
        return [{k: _plain_value(v) for k, v in r.items() if v is not None} for r in result]  # type: ignore[union-attr]

    @abstractmethod
    def count(self, *, graph: URIRef | None = None) -> int:
        """Quads in the store, or triples in `graph`."""

    @abstractmethod
    def dataset(self) -> Dataset:
        """An rdflib `Dataset` view of the store (default graph = union of the named graphs).

        The view reads the live store; it is valid until `close()`.
        """

    @abstractmethod
    def export(self, fmt: str, out: str | os.PathLike[str] | IO[bytes]) -> None:
        """Serialize the store as `fmt` (one of `EXPORT_FORMATS`) to a path or a binary file.

        :raises StoreError: if `fmt` is not one of `EXPORT_FORMATS`.
        """

    def flush(self) -> None:  # noqa: B027 - a backend that holds nothing back keeps this
        """Write out what the backend holds in memory; ingest calls it between chunks of files,
        so that a batch's memory does not grow with the number of files it writes."""

    def holds_more_graphs_than(self, n: int) -> bool:
        """Whether the store holds more than `n` named graphs (a backend may stop counting there)."""
        return len(self.graphs()) > n

    def optimize(self) -> None:  # noqa: B027 - a backend with nothing to reorganise keeps this
        """Reorganise the store for reading after many writes; ingest calls it after a run that
        wrote a large share of the store's files."""

    def close(self) -> None:  # noqa: B027 - a backend with nothing to release keeps this
        """Release the store (files, locks); the store and its views are unusable afterwards."""

    def graph_hash(self, graph: URIRef) -> str | None:
        """The content hash recorded in `graph` (see `CONTENT_HASH`), None when the graph is absent."""
        rows = self.query(bind(query_text("graph_hash"), graph=graph))
        assert isinstance(rows, list)
        return str(rows[0]["h"]) if rows and rows[0]["h"] is not None else None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _check_writable(self) -> None:
        if self.read_only:
            raise StoreError(f"{self}: expected a store opened for writing, found one opened read-only")


def _check_format(fmt: str) -> None:
    if fmt not in EXPORT_FORMATS:
        raise StoreError(f"export format: expected one of {', '.join(EXPORT_FORMATS)}, found {fmt!r}")


def _check_graph(graph: object) -> None:
    if not isinstance(graph, URIRef):
        raise StoreError(f"graph name: expected a URIRef, found {type(graph).__name__} {graph!r}")


# --------------------------------------------------------------------------- terms


def _to_ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise StoreError(f"RDF term: expected a URIRef, BNode or Literal, found {type(term).__name__} {term!r}")


def _from_ox(term: Any) -> Node | None:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        # RDF 1.1 makes every plain literal an xsd:string; rdflib keeps them apart, so
        # answer as rdflib does (no datatype) and both backends compare equal.
        dt = term.datatype.value
        return Literal(term.value) if dt == str(_XSD_STRING) else Literal(term.value, datatype=URIRef(dt))
    raise NotImplementedError(f"query answer: {type(term).__name__} terms (RDF-star) are not supported by cancu stores")


_INTEGERS = frozenset(str(XSD[n]) for n in ("integer", "int", "long", "short", "byte", "nonNegativeInteger",
                                               "positiveInteger", "negativeInteger", "nonPositiveInteger",
                                               "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte"))
_FLOATS = frozenset((str(XSD.double), str(XSD.float)))


_XSD_STRING_IRI = str(XSD.string)


def _python_value(lexical: str, datatype: str | None) -> Any:
    try:
        if datatype in _INTEGERS:
            return int(lexical)
        if datatype in _FLOATS:
            return float(lexical)
    except ValueError:
        pass  # an ill-typed literal keeps its lexical form
    return lexical


def _plain_value(term: Node) -> Any:
    if isinstance(term, Literal):
        return _python_value(str(term), str(term.datatype) if term.datatype else None)
    return str(term)


def sparql_term(term: Node) -> str:
    """The N-Triples form of `term`, which SPARQL reads back exactly (escapes included)."""
    return str(_to_ox(term))


class NTriples(str):
    """The N-Triples text of some triples, one per line, as `to_ntriples` writes it."""

    __slots__ = ()


def to_ntriples(triples: Iterable[Triple]) -> NTriples:
    """Serialize triples as N-Triples, the form every backend reads back exactly.

    >>> print(to_ntriples([(URIRef("urn:a"), URIRef("urn:p"), Literal('trích "dẫn"'))]), end="")
    <urn:a> <urn:p> "trích \\"dẫn\\"" .

    :raises StoreError: if a term is not a URIRef, BNode or Literal.
    """
    return NTriples("".join(f"{sparql_term(s)} {sparql_term(p)} {sparql_term(o)} .\n" for s, p, o in triples))


def _from_ntriples(text: NTriples) -> Iterator[Triple]:
    for q in ox.parse(text, ox.RdfFormat.N_TRIPLES):
        yield _from_ox(q.subject), _from_ox(q.predicate), _from_ox(q.object)  # type: ignore[misc]


def _plain(term: Node | None) -> Node | None:
    if isinstance(term, Literal) and term.datatype == _XSD_STRING and not term.language:
        return Literal(str(term))
    return term


# --------------------------------------------------------------------------- Oxigraph


class _DirLock:
    """An advisory lock on a store folder: exclusive for a writer, shared for readers.

    `flock` locks belong to the open file, so a second opening in the same process is
    refused too, and the kernel drops the lock when the holder dies, even by SIGKILL.
    """

    def __init__(self, folder: Path, *, exclusive: bool) -> None:
        self.path = folder / _LOCK
        try:
            self._fh: IO[str] | None = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115 - held until release()
        except OSError as exc:
            raise StoreError(f"{self.path}: expected a lock file cancu can open, found an error: {exc.strerror or exc}") from exc
        try:
            fcntl.flock(self._fh, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.EWOULDBLOCK, errno.EACCES):
                raise
            holder = self._holder()
            self.release()
            want = "write to" if exclusive else "read"
            raise StoreLockedError(
                f"{folder}: expected a store free to {want}, found it in use by {holder}; "
                "wait for that command to finish, or pass another --store"
            ) from exc
        if exclusive:
            self._fh.seek(0)
            self._fh.truncate()
            self._fh.write(f"{os.getpid()} {' '.join(sys.argv)[:200]}\n")
            self._fh.flush()

    def _holder(self) -> str:
        """Who holds the lock: a writer leaves its pid and command line in the lock file."""
        assert self._fh is not None
        try:
            fcntl.flock(self._fh, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except OSError:
            self._fh.seek(0)
            who = self._fh.read().strip()
            return f"a writer (pid {who})" if who else "a writer"
        fcntl.flock(self._fh, fcntl.LOCK_UN)
        return "readers (cancu stats, export, query or validate)"

    def release(self) -> None:
        if self._fh is not None:
            self._fh.close()  # closing the file drops the flock
            self._fh = None


class OxigraphStore(Store):
    """The embedded default store: pyoxigraph (RocksDB) in a folder, nothing to start.

    The folder holds `cancu-store.json` (what it is), `cancu.lock` and the database in
    `oxigraph/`.  A folder that does not exist, or is empty, becomes a new store unless
    `read_only`; a folder with anything else in it is refused rather than taken over.
    One writer at a time: opening for writing takes an exclusive lock, opening
    read-only a shared one (readers coexist; Oxigraph's read-only mode is undefined
    while another process writes, hence the lock).

    :raises StoreError: if `path` is a file, a folder that is not a store, a store of
        another format, or (read-only) no store at all; or the database cannot be opened.
    :raises StoreLockedError: if another process holds the store.

    >>> import tempfile, pathlib
    >>> with OxigraphStore(pathlib.Path(tempfile.mkdtemp()) / "kg") as s:
    ...     s.replace_graph(URIRef("urn:g"), [(URIRef("urn:a"), URIRef("urn:p"), Literal(1))])
    ...     s.count()
    1
    """

    persistent = True
    transactional = True

    def __init__(self, path: str | os.PathLike[str] = DEFAULT_PATH, *, read_only: bool = False) -> None:
        self.path = Path(path)
        self.read_only = read_only
        found = _check_folder(self.path, create=not read_only)
        if found is None:
            self.path.mkdir(parents=True, exist_ok=True)
        elif found != STORE_FORMAT and read_only:
            raise StoreError(f"{self.path}: expected a store in format {STORE_FORMAT}, found {found!r}; "
                             f"open it once for writing (`cancu ingest PATH --store {self.path}`) to upgrade it")
        self._lock = _DirLock(self.path, exclusive=not read_only)
        try:
            if found is None:
                _write_marker(self.path)
            db = self.path / _DB
            self._ox: ox.Store | None = ox.Store.read_only(str(db)) if read_only else ox.Store(db)
            if found is not None and found != STORE_FORMAT:
                self._upgrade(found)
                _write_marker(self.path)
        # RocksDB reports damaged files ("Corruption: CURRENT file corrupted") as RuntimeError
        except (OSError, RuntimeError) as exc:
            self._lock.release()
            raise StoreError(f"{self.path}: expected an Oxigraph database in {_DB}/, found an error: {exc}") from exc

    def __repr__(self) -> str:
        return f"OxigraphStore({str(self.path)!r}{', read_only=True' if self.read_only else ''})"

    __str__ = __repr__

    @property
    def _db(self) -> ox.Store:
        if self._ox is None:
            raise StoreError(f"{self}: expected an open store, found it closed")
        return self._ox

    # Atomicity.  pyoxigraph 0.5 has no transaction object in Python; `update()` runs one
    # SPARQL Update request in one transaction, so "DROP SILENT GRAPH g ; INSERT DATA
    # { GRAPH g { … } }" swaps old and new content atomically.  Measured on this machine
    # kind (on disk, median of 15 runs) replacing a graph of 5,000 triples in a store of
    # 100k quads: this single update 0.30 s; remove_graph() then extend() 0.27 s but two
    # transactions (a kill in between leaves the graph empty); extend() into a staging
    # graph then "MOVE" 0.73 s; load() of N-Triples into a staging graph then "MOVE"
    # 0.61 s.  About half of a replace is the DROP of the old content.
    # A graph that is not there yet (the common case: a new file) needs no DROP, and a
    # lone INSERT DATA runs in Oxigraph's faster write-only transaction: the 105 graphs
    # (101,920 quads) of bench/ingest.py go in in 1.9 s that way, 2.9 s with the DROP,
    # 1.8 s with load() of N-Triples, 2.6 s with extend().  Building the text is 0.35 s.
    # There is one writer (the lock), so the graph cannot appear between check and write.
    #
    # The default graph is kept as the set union of the named graphs, and queries read it
    # rather than Oxigraph's union, which is a multiset: each file's graph restates the
    # labels and types of what it names, so there a join of two restated triples makes
    # n×m rows (a label stated by 30,000 files, joined twice: out of memory at 100k
    # documents).  A write states its triples in the default graph too, in the same
    # transaction; a triple leaves the default graph with the last graph stating it.
    # Stating the triples twice roughly doubles the writer's time (600 synthetic graphs, 128k
    # triples: 4.1 s against 2.2 s for the named graphs alone); inserting into the graph and
    # copying it by a query in the same update took 4.5 s, parsing once and extend() 4.35 s.
    def replace_graph(self, graph: URIRef, triples: Iterable[Triple] | NTriples) -> None:
        _check_graph(graph)
        self._check_writable()
        g = sparql_term(graph)
        # N-Triples lines are valid triples inside INSERT DATA
        body = triples if isinstance(triples, NTriples) else to_ntriples(triples)
        drop = self._drop(g) + " ;\n" if self._db.contains_named_graph(_to_ox(graph)) else ""
        self._db.update(f"{drop}INSERT DATA {{ GRAPH {g} {{\n{body}\n}}\n{body}\n}}")

    def remove_graph(self, graph: URIRef) -> None:
        _check_graph(graph)
        self._check_writable()
        self._db.update(self._drop(sparql_term(graph)))  # one transaction, like replace_graph

    @staticmethod
    def _drop(g: str) -> str:
        """The update that drops graph `g` and the default graph's triples no other graph states."""
        return (f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH {g} {{ ?s ?p ?o }} "
                f"FILTER NOT EXISTS {{ GRAPH ?h {{ ?s ?p ?o }} FILTER(?h != {g}) }} }} ;\n"
                f"DROP SILENT GRAPH {g}")

    def _upgrade(self, found: str) -> None:
        # not one transaction (it may be millions of quads), but adding a triple twice is a
        # no-op, so an interrupted upgrade is simply rerun (the marker is written after it)
        db = self._db
        if found == "cancu-store/1":
            db.bulk_extend(ox.Quad(q.subject, q.predicate, q.object) for q in db.quads_for_pattern(None, None, None)
                           if not isinstance(q.graph_name, ox.DefaultGraph))
        # written while the query is read, in chunks: the new statements match none of its patterns
        rows = iter(db.query(_DERIVED))  # type: ignore[arg-type]
        while chunk := list(islice(rows, 100_000)):
            db.bulk_extend([q for g, s, p, o in chunk for q in (ox.Quad(s, p, o, g), ox.Quad(s, p, o))])
        db.flush()

    def graphs(self) -> list[URIRef]:
        return sorted(URIRef(g.value) for g in self._db.named_graphs() if isinstance(g, ox.NamedNode))

    def graph_hash(self, graph: URIRef) -> str | None:
        # a pattern lookup on the graph's index: no query parsing for the per-file check
        for q in self._db.quads_for_pattern(None, _to_ox(CONTENT_HASH), None, _to_ox(graph)):
            return str(q.object.value)
        return None

    def query(self, sparql: str, *, prefixes: Mapping[str, str] | None = None) -> QueryResult:
        try:
            result = self._db.query(sparql, prefixes=dict(prefixes or {}))
        except SyntaxError as exc:
            raise StoreError(f"query: expected SPARQL 1.1, found a syntax error: {exc}") from exc
        if isinstance(result, ox.QueryBoolean):
            return bool(result)
        if isinstance(result, ox.QuerySolutions):
            names = [v.value for v in result.variables]
            return [{n: _from_ox(sol[n]) for n in names} for sol in result]
        return [(_from_ox(t.subject), _from_ox(t.predicate), _from_ox(t.object)) for t in result]  # type: ignore[misc]

    def flush(self) -> None:
        # RocksDB keeps writes in memtables and its log until its own limits: without this
        # an ingest of 100k files grew to 2.5 GB, with it it stays near 0.5 GB (bench/README.md)
        if not self.read_only:
            self._db.flush()

    def holds_more_graphs_than(self, n: int) -> bool:
        # listing 100k graphs takes 1.8 s, which every ingest into a large store would pay
        named = (g for g in self._db.named_graphs() if isinstance(g, ox.NamedNode))
        return next(islice(named, n, None), None) is not None

    def optimize(self) -> None:
        # RocksDB leaves a large ingest spread over many files and levels, and every lookup a
        # query makes visits each of them: compacted, a 100k-document store is 4.5 GB instead
        # of 7.3 and traces its tasks 2.7 times faster (bench/README.md)
        if not self.read_only:
            self._db.optimize()

    def rows(self, sparql: str) -> list[dict[str, Any]]:
        # straight from Oxigraph's terms to Python values: building rdflib terms first cost
        # more than the query itself on large answers
        try:
            result = self._db.query(sparql)
        except SyntaxError as exc:
            raise StoreError(f"query: expected SPARQL 1.1, found a syntax error: {exc}") from exc
        if not isinstance(result, ox.QuerySolutions):
            raise StoreError("rows: expected a SELECT query, found an ASK, CONSTRUCT or DESCRIBE")
        names = [v.value for v in result.variables]
        out = []
        # a solution read in order rather than by name, and a string literal's value kept as
        # it is: half the cost of a large answer was here (bench/README.md)
        for sol in result:
            row = {}
            for n, term in zip(names, sol, strict=True):
                if term is None:
                    continue
                if type(term) is ox.Literal:
                    dt = term.datatype.value
                    row[n] = term.value if dt == _XSD_STRING_IRI else _python_value(term.value, dt)
                else:
                    row[n] = term.value
            out.append(row)
        return out

    def count(self, *, graph: URIRef | None = None) -> int:
        if graph is None:
            return int(next(iter(self._db.query("SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }")))[0].value)  # type: ignore[arg-type]
        return sum(1 for _ in self._db.quads_for_pattern(None, None, None, _to_ox(graph)))

    def dataset(self) -> Dataset:
        # not rdflib's union view: the default graph already is the union, a set
        return Dataset(store=_OxRdflibStore(store=self._db), default_union=False)

    def export(self, fmt: str, out: str | os.PathLike[str] | IO[bytes]) -> None:
        _check_format(fmt)
        target = os.fspath(out) if isinstance(out, str | os.PathLike) else out
        if fmt == "ttl":
            # Turtle has no graphs: the union, each triple once, which the default graph is
            self._db.dump(target, ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph(), prefixes=PREFIXES)
            return
        fmts = {"trig": ox.RdfFormat.TRIG, "nq": ox.RdfFormat.N_QUADS, "jsonld": ox.RdfFormat.JSON_LD}
        named = (q for g in self._db.named_graphs() for q in self._db.quads_for_pattern(None, None, None, g))
        ox.serialize(named, target, fmts[fmt], prefixes=PREFIXES if fmt == "trig" else None)

    def close(self) -> None:
        if self._ox is not None:
            if not self.read_only:
                self._ox.flush()
            # pyoxigraph closes RocksDB when the last reference goes; dataset() views keep one
            self._ox = None
        self._lock.release()


def _check_folder(path: Path, *, create: bool) -> str | None:
    """The format of the store in `path`, None when `path` is to become a new store;
    raises when it is something else."""
    if path.is_file() or (path.exists() and not path.is_dir()):
        raise StoreError(f"{path}: expected a store folder, found a file")
    if not path.exists():
        if create:
            return None
        raise StoreError(f"{path}: expected a cancu store, found nothing there; run `cancu ingest PATH --store {path}` first")
    marker = path / MARKER
    if marker.is_file():
        try:
            info = json.loads(marker.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise StoreError(f"{marker}: expected the JSON description of a store, found an unreadable file ({exc})") from exc
        found = info.get("format") if isinstance(info, dict) else None
        if found != STORE_FORMAT and found not in _OLD_FORMATS:
            raise StoreError(f"{path}: expected a store in format {STORE_FORMAT}, found {found!r}")
        return str(found)
    others = sorted(p.name for p in path.iterdir() if p.name != _LOCK)
    if others:
        shown = ", ".join(others[:5]) + (", …" if len(others) > 5 else "")
        raise StoreError(
            f"{path}: expected a cancu store (a folder with {MARKER}) or an empty folder, "
            f"found a folder with other content ({shown}); pass another --store"
        )
    if not create:
        raise StoreError(f"{path}: expected a cancu store, found an empty folder; run `cancu ingest PATH --store {path}` first")
    return None


def _write_marker(path: Path) -> None:
    tmp = path / (MARKER + ".tmp")
    tmp.write_text(json.dumps({"format": STORE_FORMAT, "backend": "oxigraph", "database": _DB}) + "\n", encoding="utf-8")
    tmp.replace(path / MARKER)  # a crash leaves either no marker (an empty-ish folder) or a whole one


# --------------------------------------------------------------------------- rdflib in memory


class MemoryStore(Store):
    """An rdflib `Dataset` in memory: for tests, and a baseline for the embedded store.

    Writes are all-or-nothing against errors in the input (the triples are checked
    before the old content goes), but nothing survives the process.
    """

    persistent = False
    transactional = False

    def __init__(self) -> None:
        self._ds = Dataset(default_union=True)

    def __repr__(self) -> str:
        return "MemoryStore()"

    def replace_graph(self, graph: URIRef, triples: Iterable[Triple] | NTriples) -> None:
        _check_graph(graph)
        ctx = self._ds.graph(graph)
        new = [(s, p, o, ctx) for s, p, o in (_from_ntriples(triples) if isinstance(triples, NTriples) else triples)]
        for s, p, o, _ in new:
            _to_ox(s), _to_ox(p), _to_ox(o)  # refuse a bad term before touching the old content
        self._ds.remove_graph(graph)
        ctx = self._ds.graph(graph)
        self._ds.addN((s, p, o, ctx) for s, p, o, _ in new)

    def remove_graph(self, graph: URIRef) -> None:
        _check_graph(graph)
        self._ds.remove_graph(graph)

    def graph_hash(self, graph: URIRef) -> str | None:
        for h in self._ds.graph(graph).objects(None, CONTENT_HASH):
            return str(h)
        return None

    def graphs(self) -> list[URIRef]:
        return sorted(
            g.identifier for g in self._ds.graphs()
            if isinstance(g.identifier, URIRef) and g.identifier != DATASET_DEFAULT_GRAPH_ID and len(g)
        )

    def query(self, sparql: str, *, prefixes: Mapping[str, str] | None = None) -> QueryResult:
        try:
            result = self._ds.query(sparql, initNs=dict(prefixes or {}))
        except ParseBaseException as exc:
            raise StoreError(f"query: expected SPARQL 1.1, found a syntax error: {exc}") from exc
        if result.type == "ASK":
            return bool(result.askAnswer)
        if result.type == "SELECT":
            names = [str(v) for v in result.vars or []]
            return [{n: _plain(row[n]) for n in names} for row in result]  # type: ignore[index]
        return [(s, p, _plain(o)) for s, p, o in result]  # type: ignore[misc]

    def count(self, *, graph: URIRef | None = None) -> int:
        if graph is not None:
            return len(self._ds.graph(graph))
        return sum(len(self._ds.graph(g)) for g in self.graphs())

    def dataset(self) -> Dataset:
        return self._ds

    def export(self, fmt: str, out: str | os.PathLike[str] | IO[bytes]) -> None:
        _check_format(fmt)
        if fmt == "ttl":
            union = Graph()
            for prefix, ns in PREFIXES.items():
                union.bind(prefix, ns)
            union += self._ds.triples((None, None, None))
            data = union.serialize(format="turtle", encoding="utf-8")
        else:
            for prefix, ns in PREFIXES.items():
                self._ds.bind(prefix, ns)
            rdflib_fmt = {"trig": "trig", "nq": "nquads", "jsonld": "json-ld"}[fmt]
            data = self._ds.serialize(format=rdflib_fmt, encoding="utf-8")
        if isinstance(out, str | os.PathLike):
            Path(out).write_bytes(data)
        else:
            out.write(data)


# --------------------------------------------------------------------------- opening


_BACKENDS: dict[str, Callable[[str, bool], Store]] = {}


def register_backend(scheme: str, factory: Callable[[str, bool], Store]) -> None:
    """Let `open_store("scheme:rest")` build a store with `factory(rest, read_only)`.

    >>> register_backend("scratch", lambda rest, read_only: MemoryStore())
    >>> open_store("scratch:")
    MemoryStore()
    """
    _BACKENDS[scheme] = factory


register_backend("memory", lambda rest, read_only: MemoryStore())

_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):(.*)$", re.S)


def open_store(spec: str | os.PathLike[str] = DEFAULT_PATH, *, read_only: bool = False) -> Store:
    """Open the store that `spec` names: "memory:" for a new in-memory store, a folder otherwise.

    :raises StoreError: if the folder is not a store (see `OxigraphStore`), `spec` names
        an unknown backend, or a remote store does not answer (see `kg.sparqlstore`).
    :raises StoreLockedError: if another process holds the store.

    >>> open_store("memory:").count()
    0
    """
    if isinstance(spec, str):
        m = _SCHEME.match(spec)
        if m and m.group(1).startswith("sparql+") and m.group(1) not in _BACKENDS:
            import kg.sparqlstore  # noqa: F401 - registers sparql+http(s): on first use, so httpx loads only then
        if m and (m.group(1) in _BACKENDS or "://" in spec):
            factory = _BACKENDS.get(m.group(1))
            if factory is None:
                raise StoreError(f"store {spec!r}: expected a folder or one of {', '.join(s + ':' for s in sorted(_BACKENDS))}, found the unknown scheme {m.group(1)!r}")
            return factory(m.group(2), read_only)
    return OxigraphStore(spec, read_only=read_only)


