"""A seed store built once per session, apps over copies of it, and a real `cancu serve` on loopback."""
from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from kg.ingest import ingest
from kg.store import Store, open_store
from tests.browser import browser  # noqa: F401 - the fixture, shared with tests/viz
from tests.server import free_port, start_server

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "tests" / "corpus" / "seeds"


def pytest_configure(config: pytest.Config) -> None:
    # test_load.py: runs in CI (bounded by CANCU_LOAD_SECONDS); `-m "not load"` leaves it out
    config.addinivalue_line("markers", "load: the bounded load test against a live cancu serve")


@pytest.fixture(scope="session")
def seed_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("seed") / "store"
    with open_store(path) as s:
        report = ingest([SEEDS], s)
    assert report.ok and report.added
    return path


@pytest.fixture
def store_copy(seed_dir: Path, tmp_path: Path) -> Path:
    """A store of one's own: the server holds its store for writing."""
    path = tmp_path / "store"
    shutil.copytree(seed_dir, path)
    return path


@pytest.fixture(scope="session")
def client(seed_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    path = tmp_path_factory.mktemp("served") / "store"
    shutil.copytree(seed_dir, path)
    with TestClient(create_app(Settings(store=str(path)))) as c:
        yield c


@pytest.fixture(scope="session")
def store(client: TestClient) -> Store:
    """The store the session's app serves, for the Python functions the answers are compared with."""
    return client.app.state.served.store  # type: ignore[attr-defined]


@pytest.fixture(scope="session")
def live(seed_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The base URL of a real `cancu serve` on a free loopback port, serving a copy of the seed store."""
    path = tmp_path_factory.mktemp("live") / "store"
    shutil.copytree(seed_dir, path)
    port = free_port()
    proc = start_server(path, port)
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    proc.wait(timeout=20)
