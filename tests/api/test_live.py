"""The same answers from a real `cancu serve` on loopback, through real clients: SPARQLWrapper,
rdflib's SPARQLStore, and httpx."""
from __future__ import annotations

import httpx
from rdflib import Graph
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, TURTLE, SPARQLWrapper

from kg.conflicts import conflicts
from kg.store import PREFIXES, Store
from kg.trace import trace

LEADS = """PREFIX cancu: <https://cancu.org/ontology#>
SELECT ?task ?by ?agency WHERE { ?f a cancu:Assignment ; cancu:task ?task ; cancu:role cancu:Lead ;
  cancu:assignedTo ?agency . ?by cancu:assigns ?f } ORDER BY ?task ?by ?agency"""


def _rows(store: Store) -> list[tuple[str, ...]]:
    return [tuple(str(r[k]) for k in ("task", "by", "agency")) for r in store.query(LEADS)]  # type: ignore[union-attr,index]


def test_sparqlwrapper_select_json_and_csv(live: str, store: Store) -> None:
    sw = SPARQLWrapper(f"{live}/sparql")
    sw.setQuery(LEADS)
    sw.setReturnFormat(JSON)
    got = sw.query().convert()
    assert [tuple(b[k]["value"] for k in ("task", "by", "agency")) for b in got["results"]["bindings"]] == _rows(store)
    sw.setReturnFormat(CSV)
    assert len(sw.query().convert().decode().splitlines()) == len(_rows(store)) + 1


def test_sparqlwrapper_post_and_construct(live: str, store: Store) -> None:
    sw = SPARQLWrapper(f"{live}/sparql")
    sw.setMethod("POST")
    sw.setQuery("PREFIX cancu: <https://cancu.org/ontology#> CONSTRUCT { ?t a cancu:Task } WHERE { ?t a cancu:Task }")
    sw.setReturnFormat(TURTLE)
    g = Graph().parse(data=sw.query().convert(), format="turtle")
    assert len(g) == len(store.query("SELECT DISTINCT ?t WHERE { ?t a cancu:Task }", prefixes=PREFIXES))  # type: ignore[arg-type]


def test_rdflib_sparqlstore(live: str, store: Store) -> None:
    remote = Graph(store=SPARQLStore(f"{live}/sparql"))
    got = [tuple(str(v) for v in row) for row in remote.query(LEADS)]
    assert got == _rows(store)
    assert bool(remote.query("ASK { ?s ?p ?o }").askAnswer) is True


def test_httpx_rest_trace_and_conflicts(live: str, store: Store) -> None:
    with httpx.Client(base_url=live) as c:
        body = c.get("/trace", params={"target": "Kế hoạch 169/KH-UBND"}).json()
        assert body["data"] == [n.to_dict() for n in trace(store, "Kế hoạch 169/KH-UBND")]
        got = c.get("/conflicts").json()["data"]
        assert [g["task"] for g in got] == [x.task for x in conflicts(store)]
        assert c.get("/conflicts", headers={"Origin": "https://evil.example"}).headers.get("access-control-allow-origin") is None
