"""Schemathesis over the OpenAPI schema of a real `cancu serve`, bounded (15 examples per operation):
no answer is a 500."""
from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings


def test_no_server_error_anywhere(live: str) -> None:
    schema = schemathesis.openapi.from_url(f"{live}/openapi.json")
    failures: list[str] = []
    calls = 0
    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def run(case: schemathesis.Case) -> None:
            nonlocal calls
            calls += 1
            response = case.call()
            if response.status_code >= 500:
                failures.append(f"{case.method} {case.formatted_path} {case.query} {case.body!r:.200} -> "
                                f"{response.status_code} {response.text[:200]}")

        run()
    assert calls > 100
    assert failures == []
