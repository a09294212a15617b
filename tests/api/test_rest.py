"""Every REST route through FastAPI's TestClient, its answer compared with the Python function's."""
from __future__ import annotations

from urllib.parse import quote

from fastapi.testclient import TestClient
from rdflib import Graph, URIRef

from api.views import all_documents
from kg.agency import profile
from kg.audit import findings
from kg.conflicts import conflicts
from kg.docs import agency_info, doc_info, select
from kg.queries import bind, query_text
from kg.reassignments import reassignments
from kg.store import Store
from kg.trace import trace, trace_task, trace_up

DOC = "https://cancu.org/id/doc/quang-ngai/kh-ubnd/2021/169"


def _path(iri: str, kind: str, segment: str) -> str:
    return f"/{kind}/{iri.removeprefix('https://cancu.org/id/' + segment)}"


def test_documents_are_doc_info_for_every_document(client: TestClient, store: Store) -> None:
    body = client.get("/documents", params={"limit": 500}).json()
    assert body["count"] == len(body["data"]) == len({r["doc"] for r in select(store, "doc_info")})
    for d in body["data"]:
        want = doc_info(store, d["iri"]).to_dict()
        assert {k: d[k] for k in want} == want


def test_documents_pages_are_stable_and_disjoint(client: TestClient) -> None:
    whole = [d["iri"] for d in client.get("/documents", params={"limit": 500}).json()["data"]]
    pages = [d["iri"] for off in range(0, len(whole), 40)
             for d in client.get("/documents", params={"offset": off, "limit": 40}).json()["data"]]
    assert pages == whole and len(set(whole)) == len(whole)


def test_documents_filters(client: TestClient, store: Store) -> None:
    docs = all_documents(store)
    plans = client.get("/documents", params={"type": "ke hoach", "province": "Quảng Ngãi", "year": 2022, "limit": 500}).json()
    want = [d.iri for d in docs if d.type == "Kế hoạch" and d.jurisdiction == "quang-ngai" and d.year == 2022]
    assert want and [d["iri"] for d in plans["data"]] == want
    national = client.get("/documents", params={"province": "VN", "seen": False, "limit": 500}).json()
    assert national["count"] and all(d["national"] and not d["seen"] for d in national["data"])


def test_one_document_with_citations_and_trace(client: TestClient, store: Store) -> None:
    r = client.get(_path(DOC, "documents", "doc/"))
    assert r.status_code == 200
    body = r.json()
    assert body["document"]["iri"] == DOC
    assert body["trace"] == trace_up(store, DOC).to_dict()
    assert body["cited_by"] and all(c["cited"] == DOC and c["sentence"] for c in body["cited_by"])
    assert body["graph_url"] == f"/graph/trace?target={quote(DOC, safe='')}"


def test_document_as_turtle_and_json_ld(client: TestClient, store: Store) -> None:
    want = Graph()
    for t in store.query(bind(query_text("api_document_graph"), doc=URIRef(DOC))):  # type: ignore[union-attr]
        want.add(t)  # type: ignore[arg-type]
    ttl = client.get(_path(DOC, "documents", "doc/"), headers={"Accept": "text/turtle"})
    assert ttl.headers["content-type"].startswith("text/turtle")
    assert len(Graph().parse(data=ttl.text, format="turtle")) == len(want)
    ld = client.get(_path(DOC, "documents", "doc/"), params={"format": "jsonld"})
    assert ld.headers["content-type"].startswith("application/ld+json")
    assert len(Graph().parse(data=ld.text, format="json-ld")) == len(want)


def test_unknown_document_is_404_with_a_message(client: TestClient) -> None:
    r = client.get("/documents/nowhere/kh/2022/1")
    assert r.status_code == 404 and "found none with the IRI" in r.json()["detail"]
    assert client.get("/documents/nowhere/kh/2022/1", params={"format": "turtle"}).status_code == 404


def test_bad_parameters_are_422(client: TestClient) -> None:
    assert client.get("/documents", params={"limit": 0}).status_code == 422
    assert client.get("/findings", params={"kind": "nonsense"}).status_code == 422
    assert client.get("/reassignments", params={"status": "lost"}).status_code == 422


def test_agencies_and_profile(client: TestClient, store: Store) -> None:
    body = client.get("/agencies", params={"limit": 500}).json()
    assert [a["iri"] for a in body["data"]] == [a.iri for a in agency_info(store)]
    found = client.get("/agencies", params={"name": "so noi vu quang ngai"}).json()["data"]
    assert [a["label"] for a in found] == ["Sở Nội vụ tỉnh Quảng Ngãi"]
    one = client.get(found[0]["url"]).json()
    assert one["tasks"] == profile(store, agency_info(store, found[0]["iri"])[0]).to_dict()["tasks"]
    assert client.get("/agencies/nowhere/x").status_code == 404


def test_tasks_and_task_trace(client: TestClient, store: Store) -> None:
    tasks = client.get("/tasks", params={"limit": 500}).json()
    assert tasks["count"] == len({r["task"] for r in select(store, "tasks")})
    hits = client.get("/tasks", params={"q": "chuyen doi so"}).json()["data"]
    assert hits and all(any("chuyển đổi số" in w.lower() for w in t["wordings"]) for t in hits)
    one = client.get(hits[0]["url"]).json()
    assert one["trace"] == trace_task(store, hits[0]["iri"]).to_dict()
    assert client.get("/tasks/nowhere/x").status_code == 404
    given = max(tasks["data"], key=lambda t: trace_task(store, t["iri"], limit=None).details["documents"])
    full = client.get(given["url"], params={"plans": 0}).json()["trace"]
    newest = client.get(given["url"], params={"plans": 1}).json()["trace"]
    assert full == trace_task(store, given["iri"], limit=None).to_dict() and full["details"]["documents"] > 1
    assert (newest["details"]["shown"], len([c for c in newest["children"] if c["relation"] == "assigned by"])) == (1, 1)
    assert client.get(given["url"], params={"plans": -1}).status_code == 422


def test_trace_endpoint_is_kg_trace(client: TestClient, store: Store) -> None:
    body = client.get("/trace", params={"target": "Kế hoạch 169/KH-UBND"}).json()
    assert body["data"] == [n.to_dict() for n in trace(store, "Kế hoạch 169/KH-UBND")]
    down = client.get("/trace", params={"target": DOC, "down": True}).json()
    assert down["data"] == [n.to_dict() for n in trace(store, DOC, down=True)]
    missing = client.get("/trace", params={"target": "nothing like this at all"})
    assert missing.status_code == 404 and "found nothing in the store" in missing.json()["detail"]


def test_assignments(client: TestClient, store: Store) -> None:
    body = client.get("/assignments", params={"limit": 500}).json()
    assert body["count"] == len(select(store, "assignments"))
    leads = client.get("/assignments", params={"role": "lead", "agency": "so noi vu", "limit": 500}).json()["data"]
    assert leads and all(a["role"] == "lead" and "Sở Nội vụ" in a["agency"] for a in leads)


def test_conflicts_reassignments_findings_budget(client: TestClient, store: Store) -> None:
    got = client.get("/conflicts").json()["data"]
    assert [{k: v for k, v in c.items() if k != "graph_url"} for c in got] == [c.to_dict() for c in conflicts(store)]
    assert client.get("/reassignments").json()["data"] == [q.to_dict() for q in reassignments(store)]
    pending = client.get("/reassignments", params={"status": "pending"}).json()["data"]
    assert pending == [q.to_dict() for q in reassignments(store, status="pending")]
    assert client.get("/findings").json()["data"] == findings(store)
    assert client.get("/budget-items", params={"limit": 500}).json()["count"] == len(select(store, "budget_items"))


def test_search_without_diacritics(client: TestClient) -> None:
    body = client.get("/search", params={"q": "chuyen doi so"}).json()
    assert body["count"] and all("chuyển đổi số" in h["text"].lower() for h in body["data"])
    assert {h["kind"] for h in body["data"]} >= {"task"}
    assert client.get("/search", params={"q": "CHUYỂN ĐỔI SỐ"}).json()["count"] == body["count"]


def test_cors_closed_by_default(client: TestClient) -> None:
    r = client.get("/conflicts", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in r.headers
    pre = client.options("/conflicts", headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "GET"})
    assert "access-control-allow-origin" not in pre.headers
