"""Every HTML page a browser gets from `cancu serve`, opened in headless Chromium on a store whose
titles, agency names, evidence sentences and budget items carry HTML and script: nothing runs,
nothing becomes an element, every text is shown as text.  And /docs loads nothing from elsewhere."""
from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest
from rdflib import RDF, SKOS, Literal, URIRef
from rdflib.namespace import PROV

from kg.build import derived
from kg.iri import ID
from kg.namespace import CANCU
from kg.store import Triple, open_store
from tests.server import free_port, start_server
from tests.viz.graphs import agency, document, jurisdiction

# Each sets its own number, so a failure says which one ran.
PAYLOADS = [
    "<script>window.__pwned=1</script>",
    "<img src=x onerror=window.__pwned=2>",
    '"><svg onload=window.__pwned=3>',
    "</script><script>window.__pwned=4</script>",
]
EVIL = " ".join(PAYLOADS)
DECREE = ID["doc/vn/nd-cp/2020/47"]
PLAN = ID["doc/quang-ngai/kh-ubnd/2021/169"]
BAD_AGENCY = ID["agency/quang-ngai/so-pwned"]


def xss_triples() -> list[Triple]:
    """A plan and the decree it rests on, an agency, a task and a budget request, every text of them `EVIL`."""
    g = "https://cancu.org/id/graph/xss"
    triples: list[Triple] = [*jurisdiction("quang-ngai"), *jurisdiction("VN")]
    triples += agency(BAD_AGENCY, f"Sở {EVIL}")
    triples += agency(ID["agency/vn/chinh-phu"], f"Chính phủ {EVIL}")
    triples += document(DECREE, number="47", symbol="NĐ-CP", year=2020, code="VN", issuer=ID["agency/vn/chinh-phu"],
                        title=f"Nghị định {EVIL}", date="2020-04-09")
    triples += document(PLAN, number="169", symbol="KH-UBND", year=2021, code="quang-ngai", issuer=BAD_AGENCY,
                        title=f"Kế hoạch {EVIL}", date="2021-12-09", file="kh-169.txt", alias=f"Đề án {EVIL}")
    rel, rel_ev = URIRef(f"{g}/relation/0"), URIRef(f"{g}/evidence/r0")
    triples += [(PLAN, CANCU.basedOn, DECREE), (rel, RDF.type, CANCU.RelationStatement), (rel, RDF.subject, PLAN),
                (rel, RDF.predicate, CANCU.basedOn), (rel, RDF.object, DECREE), (rel, CANCU.statedIn, PLAN),
                (rel, PROV.wasDerivedFrom, rel_ev), (rel_ev, RDF.type, CANCU.Evidence), (rel_ev, CANCU.file, Literal("kh-169.txt")),
                (rel_ev, CANCU.start, Literal(0)), (rel_ev, CANCU.end, Literal(9)), (rel_ev, CANCU.sentence, Literal(f"Căn cứ {EVIL}"))]
    task, fact, ev = ID["task/quang-ngai/pwned"], URIRef(f"{g}/assignment/0"), URIRef(f"{g}/evidence/a0")
    triples += [(task, RDF.type, CANCU.Task), (task, CANCU.wording, Literal(f"Chuẩn hóa {EVIL}")),
                (PLAN, CANCU.assigns, fact), (fact, RDF.type, CANCU.Assignment), (fact, CANCU.task, task),
                (fact, CANCU.statedIn, PLAN), (fact, CANCU.assignedTo, BAD_AGENCY), (fact, CANCU.role, CANCU.Lead),
                (fact, CANCU.taskText, Literal(f"Chuẩn hóa {EVIL}")), (fact, PROV.wasDerivedFrom, ev),
                (ev, RDF.type, CANCU.Evidence), (ev, CANCU.file, Literal("kh-169.txt")), (ev, CANCU.start, Literal(0)),
                (ev, CANCU.end, Literal(9)), (ev, CANCU.sentence, Literal(f"Giao {EVIL} chủ trì"))]
    item, part, item_ev = URIRef(f"{g}/budget/0"), URIRef(f"{g}/budget/0/2024"), URIRef(f"{g}/evidence/b0")
    triples += [(item, RDF.type, CANCU.BudgetRequest), (item, CANCU.statedIn, PLAN), (item, CANCU.agency, BAD_AGENCY),
                (item, CANCU.itemTitle, Literal(f"Phần mềm {EVIL}")), (item, CANCU.amountVnd, Literal(100_000_000)),
                (item, CANCU.fundingSource, Literal(f"Ngân sách {EVIL}")), (item, CANCU.basis, DECREE),
                (item, CANCU.yearAmount, part), (part, CANCU.year, Literal(2024)), (part, CANCU.amountVnd, Literal(100_000_000)),
                (item, CANCU.position, Literal(1)), (item, PROV.wasDerivedFrom, item_ev), (item_ev, RDF.type, CANCU.Evidence),
                (item_ev, CANCU.file, Literal("kh-169.txt")), (item_ev, CANCU.start, Literal(0)), (item_ev, CANCU.end, Literal(9)),
                (item_ev, CANCU.sentence, Literal(f"Kinh phí {EVIL}"))]
    triples.append((BAD_AGENCY, SKOS.altLabel, Literal(EVIL)))
    return triples + derived(triples)


@pytest.fixture(scope="module")
def xss_live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A `cancu serve` on a store that holds only `xss_triples`."""
    path = tmp_path_factory.mktemp("xss") / "store"
    with open_store(path) as s:
        s.replace_graph(URIRef("https://cancu.org/id/graph/xss"), xss_triples())
    proc = start_server(path, port := free_port(), {"CANCU_SPARQL_WORKERS": "1"})
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    proc.wait(timeout=20)
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A new page that records script errors and every request it makes."""
    p = browser.new_page(viewport={"width": 1400, "height": 900})
    p.errors, p.requests = [], []
    p.on("pageerror", lambda e: p.errors.append(str(e)))
    p.on("request", lambda r: p.requests.append(r.url))
    yield p
    p.close()


def assert_inert(page: Any) -> None:
    """No payload ran and none became an element."""
    assert page.evaluate("typeof window.__pwned") == "undefined", page.evaluate("window.__pwned")
    assert page.evaluate("document.querySelectorAll('img, svg').length") == 0
    assert page.errors == []


def test_sparql_page_shows_answers_as_text(page: Any, xss_live: str) -> None:
    page.goto(f"{xss_live}/sparql")
    page.fill("#q", "SELECT ?text WHERE { ?x skos:prefLabel|cancu:title|cancu:sentence|cancu:itemTitle|cancu:alias ?text }")
    page.click("button[type=submit]")
    page.wait_for_function("document.getElementById('status').textContent.endsWith('rows')", timeout=30_000)
    cells = page.locator("#out td").all_text_contents()
    assert len(cells) >= 8 and all(EVIL in c for c in cells)
    assert page.locator("#out img, #out svg, #out script").count() == 0
    # no message of the server echoes a query's text today; should one ever, it must stay text
    page.route("**/sparql", lambda route: route.fulfill(status=400, json={"detail": EVIL}))
    page.click("button[type=submit]")
    page.wait_for_function("document.getElementById('status').className === 'err'", timeout=30_000)
    assert page.text_content("#status") == f"400: {EVIL}"
    assert_inert(page)


def test_budget_report_html_shows_texts_as_text(page: Any, xss_live: str) -> None:
    page.goto(f"{xss_live}/reports/budget?format=html&agency={quote(EVIL)}")
    body = page.text_content("body")
    for text in (f"Sở {EVIL}", f"Phần mềm {EVIL}", f"Ngân sách {EVIL}", f"Nghị định {EVIL}", f"“{EVIL}”"):
        assert text in body, text
    assert_inert(page)


@pytest.mark.parametrize("path", [f"/graph/trace?target={quote(str(ID['task/quang-ngai/pwned']))}",
                                  f"/graph/neighbourhood?depth=2&node={quote(str(PLAN))}",
                                  "/graph/conflicts", "/graph/overview"])
def test_graph_pages_with_every_payload(page: Any, xss_live: str, path: str) -> None:
    page.goto(f"{xss_live}{path}")
    page.wait_for_function("window.cancuReady === true", timeout=30_000)
    page.fill("#search", "script")
    page.press("#search", "Enter")
    page.wait_for_timeout(300)
    assert_inert(page)


def test_docs_load_nothing_from_elsewhere(page: Any, xss_live: str) -> None:
    page.goto(f"{xss_live}/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=30_000)
    assert page.locator(".swagger-ui .opblock").count() > 10
    assert page.requests and all(u.startswith(xss_live) for u in page.requests), page.requests
    assert page.goto(f"{xss_live}/redoc").status == 404  # ReDoc fetches its logo from a CDN: not served
