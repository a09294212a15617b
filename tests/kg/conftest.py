"""Fixtures shared by the kg tests: a private Virtuoso for the remote-store backend.

The server starts once per test session (2–5 s) and each test gets a store emptied of
cancu's graphs.  Without Virtuoso installed the tests that use it skip, unless
`CANCU_REQUIRE_VIRTUOSO=1` (CI sets it): then they fail, so CI never skips them silently.
"""
from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from kg.store import Store, open_store
from tests.kg.virtuoso import SERVER, Virtuoso, available


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Virtuoso]:
    """A running Virtuoso on loopback, with SPARQL updates granted; stopped after the session."""
    if not available():
        message = f"Virtuoso ({SERVER}) is not installed"
        if os.environ.get("CANCU_REQUIRE_VIRTUOSO") == "1":
            pytest.fail(f"{message}, and CANCU_REQUIRE_VIRTUOSO=1 says the remote-store tests must run")
        pytest.skip(message)
    with Virtuoso(tmp_path_factory.mktemp("virtuoso")) as server:
        yield server


@pytest.fixture
def virtuoso_store(virtuoso: Virtuoso) -> Iterator[Store]:
    """A `SparqlStore` on the session's Virtuoso, without any graph of an earlier test, and
    emptied after (tests/kg/test_sparqlstore.py keeps its seeds there between its tests)."""
    store = open_store(virtuoso.spec)
    for g in store.graphs():
        store.remove_graph(g)
    yield store
    for g in store.graphs():
        store.remove_graph(g)
    store.close()
