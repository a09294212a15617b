"""Stores for the graph pages (the seeds, a graph whose texts carry HTML, a 10,000-document
synthetic store), a real `cancu serve` per store, and headless Chromium (`tests.browser`)."""
from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from rdflib import URIRef

from kg.ingest import ingest
from kg.store import open_store
from tests.browser import browser  # noqa: F401 - the fixture, shared with tests/api
from tests.server import free_port, start_server
from tests.viz.graphs import payload, synthetic

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def seed_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("viz-seed") / "store"
    with open_store(path) as s:
        assert ingest([REPO / "tests" / "corpus" / "seeds"], s).ok
    return path


def _written(path: Path, triples: list) -> Path:
    with open_store(path) as s:
        s.replace_graph(URIRef("https://cancu.org/id/graph/test"), triples)
    return path


@pytest.fixture(scope="session")
def payload_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _written(tmp_path_factory.mktemp("viz-payload") / "store", payload())


@pytest.fixture(scope="session")
def synthetic_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _written(tmp_path_factory.mktemp("viz-10k") / "store", synthetic(10_000))


@pytest.fixture(scope="session")
def serve(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[Path], str]]:
    """Start `cancu serve` on a copy of a store (the server holds its store for writing); its base URL."""
    procs: list[subprocess.Popen[bytes]] = []
    started: dict[Path, str] = {}

    def start(store: Path) -> str:
        if store in started:
            return started[store]
        copy = tmp_path_factory.mktemp("served") / "store"
        shutil.copytree(store, copy)
        port = free_port()
        procs.append(start_server(copy, port, {"CANCU_SPARQL_WORKERS": "1"}))
        started[store] = f"http://127.0.0.1:{port}"
        return started[store]

    yield start
    for proc in procs:
        proc.terminate()
        proc.wait(timeout=20)
