"""Files into the store: one named graph per file, skipped when unchanged, replaced when changed.

`ingest` expands folders (`loaders.read.iter_paths`), hashes each file (sha256 of its
bytes) and compares the hash with the one recorded in the file's graph: an unchanged
file is skipped, so ingesting the same files again changes nothing.  The other files
are extracted — in worker processes when `workers > 1` — and each one's graph is built
and written by this process, the store's only writer.  Every write replaces one whole
graph in one transaction (`Store.replace_graph`): a crash or a kill leaves the store as
it was before the file being written.

>>> from kg.store import open_store
>>> store = open_store("memory:")
>>> ingest([], store)
IngestReport(added=[], replaced=[], unchanged=[], failed=[])
"""
from __future__ import annotations

import hashlib
import multiprocessing
import os
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from pathlib import Path

from rdflib import URIRef

from kg.resolve import Resolver, base
from kg.store import Store, _sparql_term
from loaders import extract_paths, read_source
from loaders.model import CancuError, DocKey, Extraction, ReadError
from loaders.read import iter_paths
from loaders.symbols import symbol_key

__all__ = ["IngestEvent", "IngestReport", "StoreResolver", "content_hash", "ingest", "remove"]

# Files extracted before their graphs are built and written.  Identity is resolved
# across the whole chunk (and the store), so a bigger chunk resolves more citations
# without a year; a smaller one bounds memory (extractions hold their text).
CHUNK = 200


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
    """A step of `ingest`, for progress bars: `status` is "extracted" (on the way) or the
    file's outcome ("added", "replaced", "unchanged", "failed"); `done` counts outcomes."""

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

    A file whose graph records its current content hash is left alone; a new file
    adds its graph, a changed one replaces it.  A file that cannot be read or
    extracted is listed in `failed` with its message, and whatever graph it had
    stays as it was; the batch goes on.

    Citations without a year are completed by `StoreResolver` from the documents of
    the same chunk of files and of the store.

    :raises StoreError: if the store refuses a write (read-only, closed).
    """
    from kg.iri import graph_iri  # noqa: PLC0415 - kg.iri and kg.build are written alongside; see _builder

    report = IngestReport()
    events = _Events(on_progress)
    files, listing_errors = _expand(paths)
    events.total = len(files) + len(listing_errors)
    for where, msg in listing_errors:
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
        graph = graph_iri(where)
        old = store.graph_hash(graph)
        if old == digest:
            report.unchanged.append(where)
            events.emit(where, "unchanged")
        else:
            todo.append(_Todo(where, graph, digest, old is not None))
    if not todo:
        return report
    pool: Executor | None = None
    try:
        if workers > 1 and len(todo) > 1:
            # spawn, not fork: a forked child would inherit the open database and its lock
            pool = ProcessPoolExecutor(max_workers=min(workers, len(todo)), mp_context=multiprocessing.get_context("spawn"))
        for part in _chunks(todo, max(1, chunk)):
            extracted = _extract_all(part, pool, events)
            _write_all(part, extracted, store, report, events)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    return report


def remove(path: str | os.PathLike[str], store: Store) -> bool:
    """Drop the graph of the file at `path` (which need not exist any more); False if there was none."""
    from kg.iri import graph_iri  # noqa: PLC0415

    graph = graph_iri(str(path))
    had = store.graph_hash(graph) is not None or store.count(graph=graph) > 0
    store.remove_graph(graph)
    return had


# --------------------------------------------------------------------------- identity


_DOC_YEARS = """
# The years known for documents of one number, symbol and jurisdiction.
SELECT DISTINCT ?year WHERE {{
  ?doc {number} {n} ; {year} ?year .
  {symbol_pattern}
  {jurisdiction_pattern}
}}
"""


class StoreResolver:
    """Completes a document key without a year when exactly one year is known for it.

    Known means: stated by a file of the batch being ingested (a citation with a date,
    or the file's own number and date), or by a document already in the store with the
    same number, symbol and jurisdiction.  Two years (local numbers restart every year)
    or none leave the year unknown.  The jurisdiction of a key without one is
    completed from the batch as `kg.resolve.Resolver` does.

    Limitation: resolution happens when a file is written.  A file ingested later that
    brings the year of a document cited without one does not re-resolve the graphs
    already written (re-ingest those files after deleting their graphs with `remove`);
    and a year that becomes ambiguous later does not un-resolve them either.
    """

    def __init__(self, store: Store, batch: list[Extraction]) -> None:
        self._store = store
        self._batch = Resolver(batch)
        self._years: dict[tuple, set[int]] = defaultdict(set)
        for ex in batch:
            for c in ex.citations:
                if c.key.year is not None:
                    self._years[base(c.key)].add(c.key.year)
            k = ex.identity.key
            if k is not None and k.number and k.year is not None:
                self._years[base(k)].add(k.year)
        self._stored: dict[tuple, set[int]] = {}

    def __call__(self, key: DocKey | None) -> DocKey | None:
        resolved = self._batch(key)
        if key is None or resolved is None or key.number is None or key.year is not None:
            return resolved
        years = self._years.get(base(resolved), set()) | self._store_years(resolved)
        return replace(resolved, year=next(iter(years)) if len(years) == 1 else None)

    def _store_years(self, key: DocKey) -> set[int]:
        b = base(key)
        if b not in self._stored:
            self._stored[b] = _stored_years(self._store, key)
        return self._stored[b]


def _stored_years(store: Store, key: DocKey) -> set[int]:
    """Years of the documents in the store with `key`'s number, symbol and jurisdiction."""
    from kg.build import stored_years  # noqa: PLC0415

    return stored_years(store, key)


# --------------------------------------------------------------------------- the steps


@dataclass(frozen=True)
class _Todo:
    path: str
    graph: URIRef
    digest: str
    existed: bool


class _Events:
    def __init__(self, fn: ProgressFn | None) -> None:
        self.fn, self.done, self.total = fn, 0, 0

    def emit(self, path: str, status: str) -> None:
        if status != "extracted":
            self.done += 1
        if self.fn is not None:
            self.fn(IngestEvent(path, status, self.done, self.total))


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
    """Read and extract one file (in a worker process): the Extraction or the error message."""
    return next(extract_paths([Path(path)]))[1]


def _extract_all(part: list[_Todo], pool: Executor | None, events: _Events) -> list[Extraction | str]:
    if pool is None:
        out: list[Extraction | str] = []
        for t in part:
            out.append(_extract_one(t.path))
            events.emit(t.path, "extracted")
        return out
    futures: list[Future] = [pool.submit(_extract_one, t.path) for t in part]
    results: list[Extraction | str] = []
    for t, fut in zip(part, futures, strict=True):
        try:
            results.append(fut.result())
        except BrokenProcessPool as exc:  # a worker died (out of memory, killed): this file fails
            results.append(f"{t.path}: extraction failed (the worker process died: {exc})")
        events.emit(t.path, "extracted")
    return results


def _write_all(part: list[_Todo], extracted: list[Extraction | str], store: Store, report: IngestReport, events: _Events) -> None:
    from kg.build import build_graph  # noqa: PLC0415

    batch = [ex for ex in extracted if isinstance(ex, Extraction)]
    resolve = StoreResolver(store, batch)
    for t, ex in zip(part, extracted, strict=True):
        if not isinstance(ex, Extraction):
            report.failed.append((t.path, ex))
            events.emit(t.path, "failed")
            continue
        try:
            graph, triples = build_graph(ex, path=t.path, content_hash=t.digest, resolve=resolve)
        except (CancuError, ValueError, KeyError, IndexError, TypeError, AttributeError) as exc:
            # the batch boundary: a builder bug on one document is reported for that file
            report.failed.append((t.path, f"{t.path}: building its graph failed ({type(exc).__name__}: {exc})"))
            events.emit(t.path, "failed")
            continue
        store.replace_graph(graph, triples)
        (report.replaced if t.existed else report.added).append(t.path)
        events.emit(t.path, "replaced" if t.existed else "added")


_ = (_sparql_term, symbol_key)  # used by the document-years query once kg.build's vocabulary is known
