"""Headless Chromium for every page a browser shows (graph pages, the SPARQL query page, the
budget report, /docs); each folder's conftest imports `browser`.  Not a tests/conftest.py:
with --doctest-modules, a third module named conftest clashes with tests/api's and tests/viz's."""
from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
_SHARED: dict[str, Any] = {}
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium driven by playwright; the tests skip without it unless CANCU_REQUIRE_BROWSER=1."""
    required = os.environ.get("CANCU_REQUIRE_BROWSER") == "1"
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if required:
            pytest.fail("CANCU_REQUIRE_BROWSER=1 but playwright is not installed")
        pytest.skip("playwright is not installed")
    if not CHROMIUM.exists():
        if required:
            pytest.fail(f"CANCU_REQUIRE_BROWSER=1 but {CHROMIUM} is absent (apt-get install chromium)")
        pytest.skip(f"{CHROMIUM} is absent")
    # Each folder's conftest registers this fixture, so a session may hold two instances at
    # once; Playwright's sync API allows one per thread: they share it, the last one closes it.
    if not _SHARED:
        p = sync_playwright().start()
        _SHARED.update(playwright=p, browser=p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS), users=0)
    _SHARED["users"] += 1
    try:
        yield _SHARED["browser"]
    finally:
        _SHARED["users"] -= 1
        if _SHARED["users"] == 0:
            _SHARED["browser"].close()
            _SHARED["playwright"].stop()
            _SHARED.clear()
