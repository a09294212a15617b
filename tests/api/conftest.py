"""A seed store built once per session, apps over copies of it, and a real `cancu serve` on loopback."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from kg.ingest import ingest
from kg.store import Store, open_store
from tests.browser import browser  # noqa: F401 - the fixture, shared with tests/viz

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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(store: Path, port: int, env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    """`cancu serve` in a process of its own, once it answers."""
    cancu = Path(sys.executable).with_name("cancu")
    # the log goes to a file: a pipe nobody reads fills up with access lines and blocks the server
    log = store.parent / "serve.log"
    with log.open("wb") as fh:
        proc = subprocess.Popen([str(cancu), "serve", "--port", str(port), "--store", str(store)],
                                env=os.environ | (env or {}), stdout=fh, stderr=fh)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"cancu serve stopped: {log.read_text(errors='replace')}")
        try:
            httpx.get(f"http://127.0.0.1:{port}/openapi.json", timeout=1)
            return proc
        except httpx.TransportError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("cancu serve did not answer within 30 s")


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
