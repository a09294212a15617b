"""Running visitors' SPARQL safely: read-only, local, in bounded time and rows.

* Read-only and local.  A query is parsed with rdflib's SPARQL parser before it runs:
  an update (INSERT, DELETE, LOAD, CLEAR, DROP…) parses as an update, not a query, and is
  refused; a query is translated to its algebra and refused if any node of it is a
  SERVICE pattern, so no visitor query reaches the network.  Deciding on the algebra, not
  the text, is what keeps `SeRvIcE`, comments and odd spacing from slipping through.
* Bounded time.  Oxigraph cannot cancel a running query, and it releases the GIL while it
  evaluates (measured: a thread stuck in a cartesian product leaves the others running),
  so a runaway query in a thread would burn a core for hours.  Queries therefore run in
  worker processes (`api.sparql_worker`); one that overruns `timeout` is killed with
  SIGKILL and replaced, and the request is answered that the query was cut.
* Bounded rows.  The worker stops reading solutions (or triples) at the row limit and says so.
* What the workers read.  The server holds the store open for writing (one writer, see
  `api.deps`), and Oxigraph's read-only mode is undefined while another handle writes, so
  the workers open a *snapshot*: `Store.backup` (RocksDB checkpoint, hard links when on the
  same file system) taken at start and after each ingest, which nobody ever writes to.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

from pyparsing import ParseBaseException
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from api.sparql_worker import Answer, Job
from kg.store import PREFIXES, OxigraphStore, Store
from loaders.model import CancuError

__all__ = ["QueryRefused", "QueryTimeout", "SparqlPool", "check_query"]

# The rdflib algebra names of the four query forms.
FORMS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE"}


class QueryRefused(CancuError):
    """A query the endpoint will not run.  `status` is the HTTP status to answer with."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


class QueryTimeout(CancuError):
    """A query that ran out of time and was killed."""


def _names(node: object) -> set[str]:
    """The names of every algebra node under `node`."""
    out: set[str] = set()
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, CompValue):
            out.add(n.name)
            stack.extend(n.values())
        elif isinstance(n, list | tuple):
            stack.extend(n)
    return out


def check_query(text: str) -> str:
    """The form of `text` ("SELECT", "ASK", "CONSTRUCT" or "DESCRIBE") if the endpoint may run it.

    >>> check_query("SELECT * WHERE { ?s ?p ?o }")
    'SELECT'
    >>> check_query("LOAD <http://example.org/data.ttl>")
    Traceback (most recent call last):
    ...
    api.sparql_engine.QueryRefused: SPARQL updates are refused: this endpoint is read-only (found an update: LOAD)

    :raises QueryRefused: for an update (403), a SERVICE pattern (403), or a text that is not SPARQL (400).
    """
    if not text.strip():
        raise QueryRefused("expected a SPARQL 1.1 query, found an empty text")
    with _PARSER:
        return _check(text)


# rdflib's SPARQL grammar (pyparsing) keeps state while it parses: two threads parsing at once
# fail with errors such as "Param.postParse2() missing 1 required positional argument" (found by
# tests/api/test_load.py).  Parsing takes milliseconds, so queries are checked one at a time.
_PARSER = threading.Lock()


def _check(text: str) -> str:
    prologue = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
    try:
        parsed = parseQuery(prologue + text)
    except RecursionError as exc:
        raise QueryRefused("expected a SPARQL 1.1 query, found one nested too deeply to parse") from exc
    except ParseBaseException as exc:
        try:
            update = parseUpdate(text)
        except (ParseBaseException, RecursionError):
            raise QueryRefused(f"expected a SPARQL 1.1 query, found a syntax error: {exc}") from exc
        ops = sorted({r.name.removesuffix("Data").removesuffix("Where").upper() for r in update.request or []}) or ["update"]
        raise QueryRefused(f"SPARQL updates are refused: this endpoint is read-only (found an update: {', '.join(ops)})",
                           403) from exc
    try:
        algebra = translateQuery(parsed).algebra
    except (ParseBaseException, ValueError, TypeError, KeyError, AttributeError, RecursionError) as exc:
        # rdflib raises plain exceptions for an undeclared prefix or a variable used twice in a SELECT
        raise QueryRefused(f"expected a SPARQL 1.1 query, found one rdflib cannot translate: {exc}") from exc
    if "ServiceGraphPattern" in _names(algebra):
        raise QueryRefused("SERVICE is refused: this endpoint answers from its own store and never queries other endpoints",
                           403)
    return FORMS.get(algebra.name, algebra.name)


@dataclass
class _Worker:
    proc: subprocess.Popen[bytes]
    conn: Connection

    def kill(self) -> None:
        self.proc.kill()
        self.proc.wait()
        self.conn.close()


def _start_worker() -> _Worker:
    ours, theirs = socket.socketpair()
    root = str(Path(__file__).resolve().parent.parent)
    env = os.environ | {"PYTHONPATH": os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")]))}
    proc = subprocess.Popen([sys.executable, "-m", "api.sparql_worker", str(theirs.fileno())],
                            pass_fds=(theirs.fileno(),), env=env, stdin=subprocess.DEVNULL)
    theirs.close()
    return _Worker(proc, Connection(ours.detach()))


class SparqlPool:
    """`size` worker processes answering queries on the latest snapshot of an Oxigraph store.

    :raises QueryRefused: (from `run`) when the store is not an Oxigraph store (501).
    """

    def __init__(self, store: Store, *, size: int = 2, timeout: float = 10.0, row_limit: int = 10_000) -> None:
        self.store, self.timeout, self.row_limit = store, timeout, row_limit
        self._dir = Path(tempfile.mkdtemp(prefix="cancu-sparql-"))
        self._generation = 0
        self._snapshot: Path | None = None
        self._idle: list[_Worker] = []
        self._free = threading.Semaphore(size)
        self._lock = threading.Lock()
        self.refresh()
        self._idle = [_start_worker() for _ in range(size)]

    def refresh(self) -> None:
        """Take a new snapshot for the queries that start from now on (call after each write)."""
        if not isinstance(self.store, OxigraphStore):
            return
        with self._lock:
            self._generation += 1
            target = self._dir / f"snapshot-{self._generation}"
            # kg.store has no public backup; the checkpoint needs the pyoxigraph handle itself
            self.store._db.backup(str(target))
            old, self._snapshot = self._snapshot, target
        if old is not None:
            # a worker still reading the old snapshot keeps its open files (POSIX unlink)
            shutil.rmtree(old, ignore_errors=True)

    def run(self, query: str, fmt: str) -> tuple[Answer, float]:
        """The answer to `query` in `fmt`, and the seconds it took.

        :raises QueryTimeout: when the query ran longer than the timeout (its worker is killed).
        :raises QueryRefused: when the store cannot be snapshotted (501) or every worker stays busy (503).
        """
        if self._snapshot is None:
            raise QueryRefused(f"the SPARQL endpoint needs an on-disk Oxigraph store, found {self.store}", 501)
        start = time.monotonic()
        if not self._free.acquire(timeout=self.timeout):
            raise QueryRefused(f"every SPARQL worker stayed busy for {self.timeout:g} s; try again later", 503)
        with self._lock:
            worker = self._idle.pop()
        try:
            worker.conn.send(Job(str(self._snapshot), query, fmt, self.row_limit, PREFIXES))
            left = self.timeout - (time.monotonic() - start)
            if not worker.conn.poll(max(left, 0.0)):
                worker.kill()
                worker = _start_worker()
                raise QueryTimeout(f"the query was cut: it ran longer than the {self.timeout:g} s limit")
            answer: Answer = worker.conn.recv()
        except (EOFError, OSError) as exc:
            # the worker died (out of memory, killed from outside): replace it and say so
            worker.kill()
            worker = _start_worker()
            raise QueryRefused(f"the SPARQL worker stopped while answering ({exc or type(exc).__name__})", 500) from exc
        finally:
            with self._lock:
                self._idle.append(worker)
            self._free.release()
        return answer, time.monotonic() - start

    def close(self) -> None:
        with self._lock:
            for w in self._idle:
                w.kill()
            self._idle = []
        shutil.rmtree(self._dir, ignore_errors=True)
