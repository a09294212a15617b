"""Files into the store: one named graph per file, skipped when unchanged, replaced when changed.

`ingest` expands folders (`loaders.read.iter_paths`), hashes each file (sha256 of its
bytes) and compares the hash with the one recorded in the file's graph: an unchanged
file is skipped, so ingesting the same files again changes nothing.  The other files
go through three steps, a chunk of files at a time:

1. extract — in worker processes when `workers > 1`;
2. resolve — this process looks up, once for the chunk, the years that citations
   without one can take (`StoreResolver`: the chunk's own files and the store);
3. build and write — graphs are built in the workers, and this process, the store's
   only writer, writes each one as it comes, in file order.  A write replaces one whole
   graph in one transaction (`Store.replace_graph`), so a crash or a kill leaves the
   store as it was before the file being written.

>>> from kg.store import open_store
>>> ingest([], open_store("memory:"))
IngestReport(added=[], replaced=[], unchanged=[], failed=[])
"""
from __future__ import annotations

import dataclasses
import hashlib
import math
import multiprocessing
import os
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeVar

from rdflib import Literal, URIRef

from kg.build import Triple, build_graph
from kg.iri import doc_iri, graph_iri
from kg.queries import bind, query_text
from kg.resolve import Resolver, base
from kg.store import NTriples, Store, StoreError, to_ntriples
from loaders import extract_paths, read_source
from loaders.model import CancuError, DocKey, Extraction, ReadError, Source
from loaders.read import iter_paths

__all__ = ["CHUNK", "IngestEvent", "IngestReport", "StoreResolver", "content_hash", "ingest", "remove"]

# Files extracted before their graphs are built.  Citations without a year are resolved
# across the whole chunk (and the store), so a bigger chunk resolves more of them in one
# run; a smaller one bounds memory (an extraction holds its file's text).
CHUNK = 200
# A run that writes at least this share of the files the store then holds ends by optimizing
# it (Store.optimize): a first ingest always, a file added to a large store never.
OPTIMIZE_SHARE = 0.1


@dataclass
class IngestReport:
    """What `ingest` did, file by file (paths as given, after folder expansion)."""

    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, message)

    @property
    def ok(self) -> bool:
        return not self.failed

    def summary(self) -> str:
        return f"{len(self.added)} added, {len(self.replaced)} replaced, {len(self.unchanged)} unchanged, {len(self.failed)} failed"


@dataclass(frozen=True)
class IngestEvent:
    """A step of `ingest`, for progress bars.

    `status` is "extracted" (on the way) or the file's outcome: "added", "replaced",
    "unchanged" or "failed"; `done` counts outcomes so far, out of `total` files.  A last
    event, "optimizing" with an empty `path`, says the store is being reorganised for reading.
    """

    path: str
    status: str
    done: int
    total: int


ProgressFn = Callable[[IngestEvent], None]


def content_hash(path: str | os.PathLike[str]) -> str:
    """The sha256 (hex) of the file's bytes: what tells a changed file from an unchanged one.

    >>> import tempfile
    >>> with tempfile.NamedTemporaryFile(suffix=".txt") as f:
    ...     _ = f.write(b"abc"); f.flush()
    ...     content_hash(f.name)[:16]
    'ba7816bf8f01cfea'
    """
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def ingest(
    paths: Iterable[str | os.PathLike[str]],
    store: Store,
    *,
    workers: int = 1,
    on_progress: ProgressFn | None = None,
    chunk: int = CHUNK,
) -> IngestReport:
    """Bring the store up to date with `paths` (files, or folders read recursively).

    A file whose graph records its current content hash is left alone; a new file adds
    its graph, a changed one replaces it.  A file that cannot be read, extracted or
    built is listed in `failed` with its message, whatever graph it had stays as it
    was, and the batch goes on.  A run that wrote at least `OPTIMIZE_SHARE` of the files
    the store then holds optimizes the store at the end.

    With `workers > 1`, extraction and building run in that many processes, started
    with "spawn" (a forked child would inherit the open database): a script that calls
    `ingest` this way needs the usual `if __name__ == "__main__":` guard.

    :raises StoreError: if the store refuses a write (read-only, closed) or cannot make it
        (disk full, I/O error); the files written before stay in the store.
    """
    report = IngestReport()
    events = _Events(on_progress)
    todo = _plan(paths, store, report, events)
    if not todo:
        return report
    pool: Executor | None = None
    if workers > 1 and len(todo) > 1:
        pool = ProcessPoolExecutor(max_workers=min(workers, len(todo)), mp_context=multiprocessing.get_context("spawn"))
    try:
        for part in _chunks(todo, max(1, chunk)):
            _ingest_chunk(part, store, pool, report, events)
            store.flush()  # memory bounded by a chunk, not by the batch
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    written = len(report.added) + len(report.replaced)
    if written and not store.holds_more_graphs_than(math.floor(written / OPTIMIZE_SHARE)):
        events.emit("", "optimizing")
        store.optimize()
    return report


def _ingest_chunk(part: list[_Todo], store: Store, pool: Executor | None, report: IngestReport, events: _Events) -> None:
    """Extract the chunk, resolve its year-less citations, then build and write file by file."""
    paths = [t.path for t in part]
    extracted = _run(pool, _extract_one, [(p,) for p in paths], on_done=lambda i: events.emit(paths[i], "extracted"))
    resolve = StoreResolver(store, [ex for ex in extracted if isinstance(ex, Extraction)])
    jobs = [(ex, t.path, t.digest, resolve, pool is not None)
            for t, ex in zip(part, extracted, strict=True) if isinstance(ex, Extraction)]
    built = iter(_run(pool, _build_one, jobs, lazy=True))  # building goes on while this process writes
    for t, ex in zip(part, extracted, strict=True):
        result = next(built) if isinstance(ex, Extraction) else ex
        if isinstance(result, str):
            report.failed.append((t.path, result))
            events.emit(t.path, "failed")
            continue
        graph, triples = result
        try:
            store.replace_graph(graph, triples)  # one transaction: the file's old graph or its new one, never half
        except OSError as exc:  # disk full, I/O error: the batch cannot go on, what is written stays
            raise StoreError(
                f"{t.path}: expected to write its graph to {store}, found an error: {exc.strerror or exc}; "
                f"the store keeps the {len(report.added) + len(report.replaced)} file(s) written before it"
            ) from exc
        (report.replaced if t.existed else report.added).append(t.path)
        events.emit(t.path, "replaced" if t.existed else "added")


def remove(path: str | os.PathLike[str], store: Store) -> bool:
    """Drop the graph of the file at `path` (which need not exist any more); False if there was none."""
    graph = graph_iri(str(path))
    had = store.graph_hash(graph) is not None or store.count(graph=graph) > 0
    store.remove_graph(graph)
    return had


# --------------------------------------------------------------------------- identity


class StoreResolver:
    """Completes a document key without a year when exactly one year is known for it.

    Known means stated by a file of the chunk being ingested (a citation with a date, or
    a file's own number and date), or by a document already in the store with the same
    number, symbol and jurisdiction.  Two years (local numbers restart every year) or
    none leave the year unknown.  A key without a jurisdiction gets the one the chunk
    knows for its number and symbol, as `kg.resolve.Resolver` does.

    The store is asked once per number, symbol and jurisdiction, for every key of the
    chunk when the resolver is made (and for any other key when it is first seen, in the
    process that made it); pickled for a worker process, the resolver takes the answers
    and leaves the store behind.

    Limitation: a graph is resolved when it is written.  A file ingested in a later run
    that brings the year of a document cited without one does not re-resolve the graphs
    already written (`remove` those files and ingest them again), and a year that
    becomes ambiguous later does not un-resolve them.

    >>> from kg.store import open_store
    >>> r = StoreResolver(open_store("memory:"), [])
    >>> r(DocKey("61", "KH-UBND", None, "quang-ngai"))  # an empty store knows no year
    DocKey(number='61', symbol='KH-UBND', year=None, jurisdiction='quang-ngai')
    """

    def __init__(self, store: Store, batch: list[Extraction]) -> None:
        self._store: Store | None = store
        self._batch = Resolver(batch)
        self._years: dict[tuple, set[int]] = defaultdict(set)
        self._asked: set[tuple] = set()
        for ex in batch:
            for c in ex.citations:
                if c.key.year is not None:
                    self._years[base(c.key)].add(c.key.year)
            k = ex.identity.key
            if k is not None and k.number and k.year is not None:
                self._years[base(k)].add(k.year)
        for ex in batch:
            for key in _doc_keys(ex):
                self(key)  # ask the store now, while this process holds it

    def __getstate__(self) -> dict:
        # a worker process gets the answers, not the store
        return {**self.__dict__, "_store": None}

    def __call__(self, key: DocKey) -> DocKey:
        resolved = self._batch(key)
        assert resolved is not None
        if key.number is None or key.year is not None:
            return resolved
        b = base(resolved)
        if b not in self._asked and self._store is not None:
            self._asked.add(b)
            self._years[b] |= _stored_years(self._store, resolved)
        years = self._years.get(b, set())
        return replace(resolved, year=next(iter(years)) if len(years) == 1 else None)


def _stored_years(store: Store, key: DocKey) -> set[int]:
    """Years of the documents in the store with `key`'s number, symbol and jurisdiction."""
    assert key.number is not None
    # doc_iri of a key without a year ends in "/nd/<number>"; a dated one in "/<year>/<number>"
    head, _, number_seg = str(doc_iri(replace(key, year=None))).rsplit("/", 2)
    # doc_years.rq: the documents with that number whose IRI starts with `head`
    rows = store.query(bind(query_text("doc_years"), number=Literal(key.number), head=Literal(head + "/")))
    assert isinstance(rows, list)
    return {int(r["year"]) for r in rows
            if isinstance(r["year"], Literal) and str(r["doc"]) == f"{head}/{r['year']}/{number_seg}"}


def _doc_keys(obj: object) -> Iterator[DocKey]:
    """Every DocKey inside an extraction, whatever fact holds it."""
    if isinstance(obj, DocKey):
        yield obj
    elif isinstance(obj, Source):
        return  # the text: no keys, and long
    elif dataclasses.is_dataclass(obj):
        for f in dataclasses.fields(obj):
            yield from _doc_keys(getattr(obj, f.name))
    elif isinstance(obj, list | tuple):
        for item in obj:
            yield from _doc_keys(item)


# --------------------------------------------------------------------------- the steps


@dataclass(frozen=True)
class _Todo:
    path: str
    digest: str
    existed: bool


class _Events:
    def __init__(self, fn: ProgressFn | None) -> None:
        self.fn, self.done, self.total = fn, 0, 0

    def emit(self, path: str, status: str) -> None:
        if status not in ("extracted", "optimizing"):
            self.done += 1
        if self.fn is not None:
            self.fn(IngestEvent(path, status, self.done, self.total))


def _plan(paths: Iterable[str | os.PathLike[str]], store: Store, report: IngestReport, events: _Events) -> list[_Todo]:
    """The files to extract; unchanged and unreadable ones are reported here."""
    files, errors = _expand(paths)
    events.total = len(files) + len(errors)
    for where, msg in errors:
        report.failed.append((where, msg))
        events.emit(where, "failed")
    todo: list[_Todo] = []
    for path in files:
        where = str(path)
        try:
            digest = content_hash(path)
        except OSError as exc:
            report.failed.append((where, _unreadable(path, exc)))
            events.emit(where, "failed")
            continue
        old = store.graph_hash(graph_iri(where))
        if old == digest:
            report.unchanged.append(where)
            events.emit(where, "unchanged")
        else:
            todo.append(_Todo(where, digest, old is not None))
    return todo


def _expand(paths: Iterable[str | os.PathLike[str]]) -> tuple[list[Path], list[tuple[str, str]]]:
    """The files under `paths`, each once (by resolved path); a folder that cannot be listed is an error."""
    files: list[Path] = []
    errors: list[tuple[str, str]] = []
    seen: set[Path] = set()
    for given in paths:
        try:
            for path in iter_paths([given]):
                real = path.resolve()
                if real not in seen:
                    seen.add(real)
                    files.append(path)
        except ReadError as exc:
            errors.append((os.fspath(given), str(exc)))
    return files, errors


def _unreadable(path: Path, exc: OSError) -> str:
    """The reader's own message for a file that cannot be hashed (missing, a folder, unreadable)."""
    try:
        read_source(path)
    except ReadError as err:
        return str(err)
    return f"{path}: expected a readable file, found an error: {exc.strerror or exc}"


def _chunks(items: list[_Todo], size: int) -> Iterator[list[_Todo]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _extract_one(path: str) -> Extraction | str:
    """Read and extract one file: the Extraction, or the error message (`extract_paths` catches)."""
    return next(extract_paths([Path(path)]))[1]


def _build_one(ex: Extraction, path: str, digest: str, resolve: StoreResolver, serialize: bool = False
               ) -> tuple[URIRef, list[Triple] | NTriples] | str:
    """Build one file's graph: (graph, triples), or the error message.

    `serialize` (in a worker process) returns the triples as N-Triples text: it pickles
    in a fraction of the time, and the writer process would serialize them anyway.
    """
    try:
        graph, triples = build_graph(ex, path=path, content_hash=digest, resolve=resolve)
        return graph, (to_ntriples(triples) if serialize else triples)
    except (CancuError, RecursionError, ValueError, KeyError, IndexError, TypeError, AttributeError) as exc:
        # the batch boundary: a builder bug on one document is reported for that file
        return f"{path}: building its graph failed ({type(exc).__name__}: {exc})"


R = TypeVar("R")


def _run(pool: Executor | None, fn: Callable[..., R | str], jobs: list[tuple], *, lazy: bool = False,
         on_done: Callable[[int], None] | None = None) -> Iterator[R | str] | list[R | str]:
    """fn(*job) for each job, in order: in `pool` when there is one, else here, one at a time.

    `lazy` yields each result as soon as it and the ones before it are ready, so that
    writing overlaps building.  A worker that dies fails its job with a message.
    """

    def results() -> Iterator[R | str]:
        if pool is None:
            for i, job in enumerate(jobs):
                yield fn(*job)
                if on_done:
                    on_done(i)
            return
        futures: list[Future] = [pool.submit(fn, *job) for job in jobs]
        for i, (job, fut) in enumerate(zip(jobs, futures, strict=True)):
            try:
                yield fut.result()
            except BrokenProcessPool as exc:  # out of memory, killed: that file fails, not the batch
                yield f"{job[0] if isinstance(job[0], str) else job[1]}: the worker process died ({exc})"
            if on_done:
                on_done(i)

    return results() if lazy else list(results())

