"""What the routes share: the open store, the SPARQL workers, and the one writer's lock.

How the server reads while it ingests.  The store allows one writer, and readers only
while nobody writes (`kg.store`), across processes.  The server is that one writer: it
opens the store for writing once, at start, and keeps it for its life, so no `cancu
ingest` can run beside it (it gets a clear "in use by a writer" message).  Inside the
server:

* REST answers read the store directly, from FastAPI's thread pool.  Oxigraph gives each
  query a consistent snapshot and lets reads run while a write is in progress, so reads
  never wait for an ingest; an answer made of several queries may see an upload land
  between two of them.
* Uploads (`POST /documents`) run `kg.ingest.ingest` under `write_lock`, so writes are
  serialized in the process, as `cancu ingest` serializes them across processes.
* Visitors' SPARQL runs in worker processes on a snapshot (see `api.sparql_engine`),
  refreshed after each upload.
"""
from __future__ import annotations

import contextlib
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Request

from api.settings import Settings
from api.sparql_engine import SparqlPool
from kg.store import Store, open_store

__all__ = ["Served", "ServedDep", "SettingsDep", "StoreDep"]

T = TypeVar("T")


@dataclass
class Served:
    """The server's state, opened by `open_served` at start and closed at shutdown."""

    settings: Settings
    store: Store
    sparql: SparqlPool
    uploads: Path
    write_lock: threading.Lock = field(default_factory=threading.Lock)
    # `uploads` was made by open_served for this run (no upload_dir set): removed at close if empty
    temporary_uploads: bool = False
    # bumped by every upload: answers built from the whole store are kept until it changes
    generation: int = 0
    _memo: dict[str, tuple[int, Any]] = field(default_factory=dict)

    def cached(self, key: str, build: Callable[[], T]) -> T:
        """`build()` once per state of the store (whole-store scans such as search's)."""
        generation = self.generation  # read first: a build that overlaps an upload is rebuilt next time
        hit = self._memo.get(key)
        if hit is not None and hit[0] == generation:
            return hit[1]
        value = build()
        self._memo[key] = (generation, value)
        return value

    def close(self) -> None:
        self.sparql.close()
        self.store.close()
        if self.temporary_uploads:
            # a file uploaded there is the one its graph's evidence names: kept
            with contextlib.suppress(OSError):
                self.uploads.rmdir()


def open_served(settings: Settings) -> Served:
    """Open the store for writing and start the SPARQL workers.

    :raises StoreError: if the store cannot be opened (another writer or reader holds it…).
    """
    store = open_store(settings.store)
    try:
        pool = SparqlPool(store, size=settings.sparql_workers, timeout=settings.sparql_timeout,
                          row_limit=settings.sparql_row_limit)
    except BaseException:
        store.close()
        raise
    uploads = Path(settings.upload_dir) if settings.upload_dir else Path(tempfile.mkdtemp(prefix="cancu-uploads-"))
    uploads.mkdir(parents=True, exist_ok=True)
    return Served(settings, store, pool, uploads, temporary_uploads=not settings.upload_dir)


def _served(request: Request) -> Served:
    return request.app.state.served


def _store(request: Request) -> Store:
    return request.app.state.served.store


def _settings(request: Request) -> Settings:
    return request.app.state.settings


ServedDep = Annotated[Served, Depends(_served)]
StoreDep = Annotated[Store, Depends(_store)]
SettingsDep = Annotated[Settings, Depends(_settings)]
