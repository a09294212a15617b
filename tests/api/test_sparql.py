"""/sparql through the TestClient: formats, protocol variants, and the attacks it must refuse or cut."""
from __future__ import annotations

import csv
import io
import json
import socket
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph

from api.app import create_app
from api.routes.sparql import query_page
from api.settings import Settings
from api.sparql_engine import check_query
from kg.store import PREFIXES, Store

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
AGENCIES = "SELECT ?a ?label WHERE { ?a a cancu:Agency ; skos:prefLabel ?label } ORDER BY ?a ?label"
CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def _agencies(store: Store) -> list[tuple[str, str]]:
    return [(str(r["a"]), str(r["label"])) for r in store.query(AGENCIES, prefixes=PREFIXES)]  # type: ignore[index,union-attr]


def test_select_in_every_result_format(client: TestClient, store: Store) -> None:
    want = _agencies(store)
    assert want
    js = client.get("/sparql", params={"query": AGENCIES}, headers={"Accept": "application/sparql-results+json"})
    assert js.headers["content-type"].startswith("application/sparql-results+json")
    assert [(b["a"]["value"], b["label"]["value"]) for b in js.json()["results"]["bindings"]] == want
    xml = client.get("/sparql", params={"query": AGENCIES, "format": "xml"})
    assert xml.text.count("<result>") == len(want) and "sparql-results" in xml.headers["content-type"]
    rows = list(csv.reader(io.StringIO(client.get("/sparql", params={"query": AGENCIES, "format": "csv"}).text)))
    assert rows[0] == ["a", "label"] and [tuple(r) for r in rows[1:]] == want
    tsv = client.get("/sparql", params={"query": AGENCIES}, headers={"Accept": "text/tab-separated-values"}).text
    assert tsv.splitlines()[0] == "?a\t?label" and len(tsv.splitlines()) == len(want) + 1


def test_post_form_and_direct_body_and_ask(client: TestClient, store: Store) -> None:
    n = store.query(COUNT)[0]["n"]  # type: ignore[index]
    form = client.post("/sparql", data={"query": COUNT})
    body = client.post("/sparql", content=COUNT.encode(), headers={"Content-Type": "application/sparql-query"})
    for r in (form, body):
        assert r.json()["results"]["bindings"][0]["n"]["value"] == str(n)
    ask = client.get("/sparql", params={"query": "ASK { ?s a cancu:Task }"})
    assert ask.json() == {"head": {}, "boolean": True}


@pytest.mark.parametrize(("fmt", "rdflib_fmt"), [("text/turtle", "turtle"), ("application/n-triples", "nt"),
                                                 ("application/ld+json", "json-ld"), ("application/rdf+xml", "xml")])
def test_construct_and_describe_formats(client: TestClient, store: Store, fmt: str, rdflib_fmt: str) -> None:
    q = "CONSTRUCT { ?a skos:prefLabel ?l } WHERE { ?a a cancu:Agency ; skos:prefLabel ?l }"
    want = Graph()
    for t in store.query(q, prefixes=PREFIXES):  # type: ignore[union-attr]
        want.add(t)  # type: ignore[arg-type]
    r = client.get("/sparql", params={"query": q}, headers={"Accept": fmt})
    assert r.headers["content-type"].startswith(fmt)
    assert len(Graph().parse(data=r.text, format=rdflib_fmt)) == len(want) > 0
    d = client.get("/sparql", params={"query": "DESCRIBE <https://cancu.org/id/doc/quang-ngai/kh-ubnd/2021/169>"})
    assert d.status_code == 200 and len(Graph().parse(data=d.text, format="turtle")) > 0


def test_syntax_error_is_400_with_a_message(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": "SELECT WHERE {"})
    assert r.status_code == 400 and "syntax error" in r.json()["detail"]
    # rdflib's parser recurses once per level: deep nesting must be a 400, not a RecursionError's 500
    deep = client.get("/sparql", params={"query": "SELECT * WHERE {" + "{" * 200})
    assert deep.status_code == 400
    assert client.get("/sparql", params={"query": COUNT, "format": "turtle"}).status_code == 400


# --------------------------------------------------------------------------- attacks


@pytest.fixture
def listener() -> Iterator[tuple[str, list[bytes]]]:
    """A loopback TCP server that records any connection: a query must never reach it."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    sock.settimeout(0.2)
    hits: list[bytes] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = sock.accept()
            except TimeoutError:
                continue
            hits.append(conn.recv(1024))
            conn.close()

    t = threading.Thread(target=accept, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{sock.getsockname()[1]}/", hits
    stop.set()
    t.join()
    sock.close()


@pytest.mark.parametrize("update", [
    "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "DELETE WHERE { ?s ?p ?o }",
    "DROP ALL",
    "CLEAR DEFAULT",
])
def test_updates_are_refused(client: TestClient, store: Store, update: str) -> None:
    before = store.count()
    for r in (client.get("/sparql", params={"query": update}),
              client.post("/sparql", data={"query": update}),
              client.post("/sparql", data={"update": update}),
              client.post("/sparql", content=update, headers={"Content-Type": "application/sparql-update"})):
        assert r.status_code == 403 and "read-only" in r.json()["detail"]
    assert store.count() == before


@pytest.mark.parametrize("template", [
    "LOAD <{url}>",
    "SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ ?x ?y ?z . sErViCe   SILENT <{url}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ {{ SELECT ?s WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} }}",
    # pyoxigraph 0.5 does run SERVICE (it POSTs the inner pattern to the URL): every place a
    # pattern can hide must be seen by the algebra check
    "ASK {{ ?x ?y ?z FILTER NOT EXISTS {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
    "SELECT * WHERE {{ ?x ?y ?z MINUS {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
    "CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH ?g {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
    "DESCRIBE ?s WHERE {{ {{ ?s ?p ?o }} UNION {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
    "BASE <{url}> SELECT * WHERE {{ #\n SERVICE <> {{ ?s ?p ?o }} }}",
])
def test_load_and_service_never_reach_the_network(client: TestClient, listener: tuple[str, list[bytes]],
                                                  template: str) -> None:
    url, hits = listener
    r = client.get("/sparql", params={"query": template.format(url=url)})
    time.sleep(0.3)
    assert hits == []
    assert r.status_code == 403, r.text


def test_from_names_a_graph_and_fetches_nothing(client: TestClient, listener: tuple[str, list[bytes]]) -> None:
    # FROM and FROM NAMED name graphs of the store, Oxigraph never dereferences them: answered, no connection
    url, hits = listener
    r = client.get("/sparql", params={"query": f"SELECT * FROM <{url}> FROM NAMED <{url}x> WHERE {{ ?s ?p ?o }}"})
    time.sleep(0.3)
    assert r.status_code == 200 and hits == []


@pytest.fixture
def tight(store_copy: Path) -> Iterator[TestClient]:
    """An app with a 2 s time limit, a 5-row limit and one worker."""
    with TestClient(create_app(Settings(store=str(store_copy), sparql_timeout=2, sparql_row_limit=5,
                                        sparql_workers=1))) as c:
        yield c


def test_a_runaway_query_is_cut_and_others_are_answered_meanwhile(tight: TestClient) -> None:
    out: dict[str, object] = {}

    def slow() -> None:
        t0 = time.monotonic()
        out["response"] = tight.get("/sparql", params={"query": CARTESIAN})
        out["seconds"] = time.monotonic() - t0

    t = threading.Thread(target=slow)
    t.start()
    time.sleep(0.3)
    t0 = time.monotonic()
    quick = tight.get("/conflicts")  # REST reads do not wait for the SPARQL workers
    quick_seconds = time.monotonic() - t0
    t.join(30)
    r = out["response"]
    assert quick.status_code == 200 and quick_seconds < 2
    assert r.status_code == 503 and r.json()["timed_out"] and "cut" in r.json()["detail"]  # type: ignore[attr-defined]
    assert out["seconds"] < 5  # type: ignore[operator]
    # the killed worker was replaced: the endpoint answers again
    assert tight.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}).json()["boolean"] is True


def test_deep_property_path_is_cut(tight: TestClient) -> None:
    t0 = time.monotonic()
    r = tight.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?a (<urn:x>|!<urn:y>)* ?b . ?c ?d ?e }"})
    assert r.status_code == 503 and r.json()["timed_out"]
    assert time.monotonic() - t0 < 5  # cut at the 2 s limit, not whenever the query would end


def test_row_limit_cuts_and_says_so(tight: TestClient) -> None:
    r = tight.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert r.headers["X-Cancu-Truncated"] == "true" and r.headers["X-Cancu-Row-Limit"] == "5"
    assert r.json()["truncated"] is True and len(r.json()["results"]["bindings"]) == 5
    g = tight.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }", "format": "ntriples"})
    assert g.headers["X-Cancu-Truncated"] == "true" and len(g.text.splitlines()) == 5
    small = tight.get("/sparql", params={"query": "SELECT ?s WHERE { ?s a cancu:Task } LIMIT 2"})
    assert "X-Cancu-Truncated" not in small.headers and "truncated" not in small.json()


def test_query_size_limit(client: TestClient) -> None:
    r = client.post("/sparql", data={"query": "ASK {}" + " " * (70 * 1024)})
    assert r.status_code == 413


def test_query_page_for_browsers_escapes_everything(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    page = client.get("/sparql", headers={"Accept": "text/html"})
    assert page.headers["content-type"].startswith("text/html") and "<textarea" in page.text
    assert "src=" not in page.text  # nothing loaded from elsewhere
    evil = "</script><script>alert(1)</script><img src=x onerror=alert(2)>"
    monkeypatch.setattr("api.routes.sparql._examples", lambda: [{"name": evil, "title": evil, "query": evil}])
    html = query_page()
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    data = html.split('<script id="data" type="application/json">')[1].split("</script>")[0]
    assert json.loads(data)[0]["query"] == evil


def test_service_description_for_non_browsers(client: TestClient) -> None:
    r = client.get("/sparql", headers={"Accept": "text/turtle"})
    g = Graph().parse(data=r.text, format="turtle")
    assert any("sparql-service-description#endpoint" in str(p) for _, p, _ in g)


def test_queries_are_checked_from_many_threads_at_once() -> None:
    # Guards: the lock around rdflib's parser in api.sparql_engine (its grammar is not thread-safe)
    with ThreadPoolExecutor(8) as pool:
        forms = list(pool.map(check_query, [AGENCIES, CARTESIAN, "ASK { ?s ?p ?o }", COUNT] * 100))
    assert set(forms) == {"SELECT", "ASK"}
