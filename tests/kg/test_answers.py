"""The answers (trace, conflicts, reassignments, findings, agency, network) on the seed store,
on both backends, and on small hand-written graphs with the edge cases of bad data."""
from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

import pytest
from rdflib import RDF, Literal, URIRef
from rdflib.namespace import PROV, SKOS, XSD

from kg.agency import find_agencies, profile
from kg.audit import KINDS, findings
from kg.build import derived
from kg.conflicts import conflicts
from kg.docs import Docs
from kg.ingest import ingest
from kg.iri import ID
from kg.legalgraph import ancestors_by_depth, basis_path, central_documents, components, legal_graph
from kg.namespace import CANCU, concept_notation
from kg.reassignments import reassignments
from kg.store import MemoryStore, OxigraphStore, Store
from kg.trace import TargetError, trace, trace_down, trace_task, trace_up

HERE = Path(__file__).resolve().parent.parent
SEEDS = HERE / "corpus" / "seeds"
GOLD = json.loads((HERE / "gold" / "seeds.json").read_text(encoding="utf-8"))
QN_SNV = "Sở Nội vụ tỉnh Quảng Ngãi"
QN_STTTT = "Sở Thông tin và Truyền thông tỉnh Quảng Ngãi"


@pytest.fixture(scope="module", params=["oxigraph", "memory"])
def seed(request, tmp_path_factory) -> Store:
    s: Store = OxigraphStore(tmp_path_factory.mktemp("seed") / "kg") if request.param == "oxigraph" else MemoryStore()
    report = ingest([SEEDS], s)
    assert report.ok, report.failed
    yield s
    s.close()


def _labels(node) -> list[str]:
    return [n.label for _, n, _ in node.walk()]


# --------------------------------------------------------------------------- seed store

def test_the_three_tasks_of_decision_03_trace_to_it_and_to_the_request(seed):
    words = ["Trên 10% hoạt động kiểm tra hành chính", "Chỉ đạo triển khai thí điểm hoạt động kiểm tra",
             "Tổ chức khảo sát, thống kê, lập kế hoạch và phương án triển khai công tác kiểm tra"]
    for w in words:
        [node] = [n for n in trace(seed, w) if n.kind == "task" and n.label.startswith(w)]
        [by] = [c for c in node.children if c.relation == "assigned by"]
        assert by.label == "Quyết định 3/QĐ-BCĐ"
        assert by.details["issuer"] == "Ban Chỉ đạo Chuyển đổi số tỉnh Quảng Ngãi"
        assert by.details["seen"] is False  # cited, never read in full
        assert [(a["role"], a["agency"]) for a in by.details["assignments"]] == [("lead", QN_SNV)]
        [req] = [c for c in node.children if c.kind == "request"]
        assert req.details["to_agency"] == QN_STTTT and req.details["status"] == "pending"


def test_the_task_moved_from_kh169_to_kh189_is_a_conflict_with_its_request(seed):
    [c] = [c for c in conflicts(seed) if c.kind == "across documents"]
    assert c.documents == ["Kế hoạch 169/KH-UBND", "Kế hoạch 189/KH-UBND"]
    assert c.agencies == [QN_SNV, "Văn phòng UBND tỉnh Quảng Ngãi"]
    assert c.newer["by_label"] == "Kế hoạch 189/KH-UBND" and c.newer["agency"] == "Văn phòng UBND tỉnh Quảng Ngãi"
    [q] = c.requests
    assert (q.requester, q.to_agency, q.status, q.resolved_by_label) == (
        QN_SNV, "Văn phòng UBND tỉnh Quảng Ngãi", "resolved", "Kế hoạch 189/KH-UBND")
    assert all(a["sentence"] and a["file"] for a in c.leads)  # evidence kept
    # co-leads inside one document are reported apart, never as across-document conflicts
    assert all(len(set(x.documents)) == 1 for x in conflicts(seed, kind="co-leads"))


def test_the_bac_giang_plan_traces_to_bac_giang_kh199_and_never_to_quang_ngai(seed):
    [node] = trace(seed, "002_92f8b03795b25530.txt")
    iris = [n.iri for _, n, _ in node.walk()]
    assert str(ID["doc/bac-giang/kh-ubnd/2023/199"]) in iris
    assert not any("/quang-ngai/" in i for i in iris)
    assert [r.label for r in node.roots()] == ["Kế hoạch 199/KH-UBND"]
    # the two provinces' 199/KH-UBND are told apart by a province filter
    assert {t for n in trace(seed, "199/KH-UBND", province="Bắc Giang") for t in [n.iri]} == {
        str(ID["doc/bac-giang/kh-ubnd/2023/199"])}


def _ref(d: dict) -> tuple:
    return ("file", d["file"]) if "file" in d else (d["number"], d["symbol"], d["year"])


def test_every_gold_finding_is_reported_over_the_store(seed):
    got = {(f["kind"], tuple(sorted(_ref(d) for d in f["documents"]))) for f in findings(seed)}
    want = {(f["kind"], tuple(sorted(_ref(d) for d in f["documents"]))) for f in GOLD["findings"]}
    assert want <= got
    assert {f["kind"] for f in findings(seed, kind="missing_basis")} == {"missing_basis"}
    with pytest.raises(ValueError, match="expected one of"):
        findings(seed, kind="nonsense")


def test_reassignments_filters_and_status(seed):
    every = reassignments(seed)
    assert len(every) == len(GOLD["reassignment_requests"]) == 3
    assert {q.status for q in reassignments(seed, status="pending")} == {"pending"}
    assert [q.to_agency for q in reassignments(seed, status="resolved")] == ["Văn phòng UBND tỉnh Quảng Ngãi"]
    assert len(reassignments(seed, agency="van phong ubnd tinh quang ngai")) == 1
    assert all(q.sentence for q in every)
    with pytest.raises(ValueError):
        reassignments(seed, status="done")


def test_agency_profile(seed):
    [a] = find_agencies(seed, "so noi vu quang ngai")
    p = profile(seed, a)
    leads = {t["by_label"] for t in p.tasks if t["role"] == "lead"}
    assert {"Quyết định 3/QĐ-BCĐ", "Kế hoạch 169/KH-UBND"} <= leads
    assert len(p.requests) == 3
    gold = [b for b in GOLD["budget_items"] if b["agency"] == QN_SNV]
    assert len(p.budget) == len(gold)
    assert sum(b["amount_vnd"] or 0 for b in p.budget) == sum(b["amount_vnd"] or 0 for b in gold)


def test_down_from_a_decree_to_tasks_and_agencies(seed):
    [node] = trace(seed, "Quyết định 458/QĐ-TTg", down=True)
    assert "Kế hoạch 154/KH-UBND" in _labels(node)
    [plan] = trace(seed, "Kế hoạch 189/KH-UBND", down=True)
    tasks = [n for _, n, _ in plan.walk() if n.kind == "task"]
    assert tasks and all(any(c.kind == "agency" for c in t.children) for t in tasks)


def test_unknown_target_says_what_it_expected(seed):
    with pytest.raises(TargetError, match="found nothing in the store matching"):
        trace(seed, "99999/QĐ-XYZ")


def test_network(seed):
    g = legal_graph(seed)
    assert str(ID["doc/quang-ngai/kh-ubnd/2022/189"]) in [d for d, _, _ in central_documents(g, 3)]
    assert sum(len(c) for c in components(g)) == g.number_of_nodes()


# --------------------------------------------------------------------------- hand-written graphs

class _Graph:
    """A tiny graph in the shape kg.build writes, for the edge cases real data rarely shows at once."""

    def __init__(self) -> None:
        self.triples: list = []
        self.n = 0

    def doc(self, name: str, *, national: bool = False, date: str | None = None, symbol: str = "KH-UBND") -> URIRef:
        d = ID[f"doc/test/{name}"]
        j = ID["jurisdiction/vn" if national else "jurisdiction/test"]
        self.triples += [(d, RDF.type, CANCU.LegalDocument), (d, CANCU.number, Literal(name)), (d, CANCU.symbol, Literal(symbol)),
                         (d, CANCU.jurisdiction, j), (j, SKOS.notation, Literal("VN" if national else "test"))]
        if date:
            self.triples += [(d, CANCU.dateDocument, Literal(date, datatype=XSD.date)), (d, CANCU.year, Literal(int(date[:4])))]
        return d

    def link(self, a: URIRef, prop: str, b: URIRef) -> None:
        self.triples.append((a, CANCU[prop], b))

    def agency(self, name: str) -> URIRef:
        a = ID[f"agency/test/{quote(name)}"]
        self.triples += [(a, RDF.type, CANCU.Agency), (a, SKOS.prefLabel, Literal(name, lang="vi"))]
        return a

    def assign(self, by: URIRef, task: str, agency: URIRef, role: URIRef = CANCU.Lead, file: str = "test.txt") -> URIRef:
        self.n += 1
        f, t = ID[f"test/assignment/{self.n}"], ID[f"task/test/{quote(task)}"]
        self.triples += [(f, RDF.type, CANCU.Assignment), (f, CANCU.task, t), (f, CANCU.statedIn, by), (by, CANCU.assigns, f),
                         (f, CANCU.assignedTo, agency), (f, CANCU.role, role), (f, CANCU.taskText, Literal(task)),
                         (t, RDF.type, CANCU.Task), (t, CANCU.wording, Literal(task))]
        self.evidence(f, file)
        return t

    def evidence(self, fact: URIRef, file: str = "test.txt") -> None:
        """Every fact has its evidence (the shapes require it, the answer queries rely on it)."""
        ev = URIRef(f"{fact}/evidence")
        self.triples += [(fact, PROV.wasDerivedFrom, ev), (ev, CANCU.file, Literal(file)), (ev, CANCU.start, Literal(0)),
                         (ev, CANCU.end, Literal(9)), (ev, CANCU.sentence, Literal(f"câu {fact}"))]

    def request(self, task: URIRef, by: URIRef, frm: URIRef, to: URIRef, via: URIRef) -> None:
        self.n += 1
        q = ID[f"test/request/{self.n}"]
        self.triples += [(q, RDF.type, CANCU.ReassignmentRequest), (q, CANCU.task, task), (q, CANCU.assignedBy, by),
                         (q, CANCU.requester, frm), (q, CANCU.fromAgency, frm), (q, CANCU.toAgency, to),
                         (q, CANCU.via, via), (q, CANCU.statedIn, via)]
        self.evidence(q)

    def store(self, backend: str, tmp_path: Path) -> Store:
        s: Store = OxigraphStore(tmp_path / "kg") if backend == "oxigraph" else MemoryStore()
        s.replace_graph(ID["graph/test"], self.triples + derived(self.triples))
        return s


@pytest.fixture(params=["oxigraph", "memory"])
def backend(request) -> str:
    return request.param


def test_a_cycle_in_bad_data_gives_a_finite_tree(backend, tmp_path):
    g = _Graph()
    a, b, c = g.doc("1"), g.doc("2"), g.doc("3")
    g.link(a, "basedOn", b), g.link(b, "implements", c), g.link(c, "basedOn", a)
    with g.store(backend, tmp_path) as s:
        node = trace_up(s, str(a))
        walked = [(n.iri, n.repeat) for _, n, _ in node.walk()]
        assert walked == [(str(a), False), (str(b), False), (str(c), False), (str(a), True)]
        assert ancestors_by_depth(legal_graph(s), str(a)) == {str(b): 1, str(c): 2}


def test_two_roots_one_national_and_a_diamond(backend, tmp_path):
    g = _Graph()
    plan, decision, province_plan = g.doc("10", date="2024-01-02"), g.doc("20", date="2023-05-06"), g.doc("30")
    decree = g.doc("40", national=True, symbol="NĐ-CP", date="2020-01-01")
    g.link(plan, "implements", decision), g.link(plan, "basedOn", province_plan)
    g.link(decision, "basedOn", decree), g.link(province_plan, "basedOn", decree)
    other_root = g.doc("50")
    g.link(province_plan, "implements", other_root)
    with g.store(backend, tmp_path) as s:
        node = trace_up(s, str(plan))
        roots = {r.iri: r for r in node.roots()}
        assert set(roots) == {str(decree), str(other_root)}
        assert roots[str(decree)].details["national"] is True and roots[str(decree)].label == "40/2020/NĐ-CP"
        # the decree is reached twice: expanded once, then shown as a repeat
        assert [n.repeat for _, n, _ in node.walk() if n.iri == str(decree)] == [False, True]
        path = basis_path(legal_graph(s), str(plan), str(decree))
        assert [rel for _, rel, _ in path] in (["implements", "basedOn"], ["basedOn", "basedOn"])


def test_missing_links_and_an_unlinked_document(backend, tmp_path):
    g = _Graph()
    lonely = g.doc("7")
    with g.store(backend, tmp_path) as s:
        node = trace_up(s, str(lonely))
        assert node.children == [] and [r.iri for r in node.roots()] == [str(lonely)]
        assert trace_down(s, str(lonely)).children == []
        assert basis_path(legal_graph(s), str(lonely), str(ID["doc/test/8"])) is None


def test_conflicts_and_co_leads_kept_apart(backend, tmp_path):
    g = _Graph()
    old, new = g.doc("1", date="2021-01-01"), g.doc("2", date="2022-01-01")
    x, y, z = g.agency("Sở X"), g.agency("Sở Y"), g.agency("Sở Z")
    t = g.assign(old, "rà soát thủ tục", x)
    g.assign(new, "rà soát thủ tục", y)
    both = g.assign(old, "xây dựng cổng", x)
    g.assign(old, "xây dựng cổng", z)
    g.assign(new, "xây dựng cổng", x), g.assign(new, "xây dựng cổng", z)  # the same co-leads again: no conflict across
    with g.store(backend, tmp_path) as s:
        found = {(c.kind, c.task) for c in conflicts(s)}
        assert found == {("across documents", str(t)), ("co-leads", str(both))}
        [c] = conflicts(s, kind="across documents")
        assert c.newer["agency"] == "Sở Y"


def test_one_assignment_stated_in_two_files_is_shown_in_the_order_of_its_evidence(backend, tmp_path):
    """A report restating a plan's assignment ties with the plan's own on role and agency."""
    g = _Graph()
    plan, x = g.doc("1", date="2021-01-01"), g.agency("Sở X")
    t = g.assign(plan, "rà soát thủ tục", x, file="b-report.txt")
    g.assign(plan, "rà soát thủ tục", x, file="a-plan.txt")
    with g.store(backend, tmp_path) as s:
        [doc] = trace_task(s, str(t)).children
        assert [a["file"] for a in doc.details["assignments"]] == ["a-plan.txt", "b-report.txt"]


def test_a_request_is_resolved_only_by_a_later_document(backend, tmp_path):
    g = _Graph()
    first, earlier, later, report = g.doc("1", date="2021-01-01"), g.doc("0", date="2020-01-01"), g.doc("2", date="2022-01-01"), g.doc("3")
    x, y = g.agency("Sở X"), g.agency("Sở Y")
    t = g.assign(first, "số hóa hồ sơ", x)
    g.assign(earlier, "số hóa hồ sơ", y)  # before the original assignment: does not settle the request
    g.request(t, first, x, y, report)
    with g.store(backend, tmp_path) as s:
        assert [q.status for q in reassignments(s)] == ["pending"]
    g.assign(later, "số hóa hồ sơ", y)
    with g.store(backend, tmp_path / "again") as s:
        [q] = reassignments(s)
        assert (q.status, q.resolved_by) == ("resolved", str(later))
        assert [c.kind for c in trace_task(s, str(t)).children].count("request") == 1


def test_of_several_later_documents_the_earliest_resolves_a_request(backend, tmp_path):
    g = _Graph()
    first, report = g.doc("1", date="2021-01-01"), g.doc("9")
    x, y = g.agency("Sở X"), g.agency("Sở Y")
    t = g.assign(first, "số hóa hồ sơ", x)
    for name, date in (("4", "2024-01-01"), ("2", "2022-06-01"), ("3", "2023-01-01")):
        g.assign(g.doc(name, date=date), "số hóa hồ sơ", y)
    g.request(t, first, x, y, report)
    with g.store(backend, tmp_path) as s:
        [q] = reassignments(s)
        assert (q.status, q.resolved_by) == ("resolved", str(ID["doc/test/2"]))


def _plans_giving_one_task(n: int) -> tuple[_Graph, URIRef]:
    """`n` department plans giving one task, each implementing its own province plan based on one decree."""
    g = _Graph()
    decree = g.doc("1", national=True, symbol="NĐ-CP", date="2020-01-01")
    x = g.agency("Sở X")
    task = None
    for i in range(n):
        province, plan = g.doc(f"p{i}", date="2021-01-01"), g.doc(f"d{i}", date="2022-01-01", symbol="KH-SNV")
        g.link(province, "basedOn", decree), g.link(plan, "implements", province)
        task = g.assign(plan, "số hóa hồ sơ", x)
    assert task is not None
    return g, task


def test_a_task_given_by_many_plans_is_traced_in_as_many_queries_as_one_given_by_few(backend, tmp_path, monkeypatch):
    """The plans' climbs are read a level at a time for all of them, not one plan after another:
    at 100k documents a query costs about 1 ms, and a task may be given by 60 plans."""
    asked: dict[int, list[str]] = {2: [], 40: []}
    for n, queries in asked.items():
        g, task = _plans_giving_one_task(n)
        with g.store(backend, tmp_path / str(n)) as s:
            rows = s.rows
            monkeypatch.setattr(s, "rows", lambda q, rows=rows, queries=queries: queries.append(q) or rows(q))
            node = trace_task(s, str(task), limit=None)
            assert [c.label for c in node.children] == sorted(f"d{i}/KH-SNV" for i in range(n))
            # every plan climbs to its province plan and on to the decree, shown once then as a repeat
            assert [r.label for r in node.roots()] == ["1/2020/NĐ-CP"]
            assert sum(1 for _, d, _ in node.walk() if d.iri == str(ID["doc/test/1"])) == n
    assert len(asked[40]) == len(asked[2])


def test_a_task_given_by_many_documents_shows_the_newest(backend, tmp_path):
    g = _Graph()
    x = g.agency("Sở X")
    task = None
    for i in range(25):
        task = g.assign(g.doc(f"d{i}", date=f"2022-01-{i + 1:02d}", symbol="KH-SNV"), "số hóa hồ sơ", x)
    with g.store(backend, tmp_path) as s:
        node = trace_task(s, str(task), limit=20)
        assert [c.label for c in node.children] == [f"d{i}/KH-SNV" for i in range(5, 25)]  # older first
        assert (node.details["documents"], node.details["shown"]) == (25, 20)
        assert len(trace_task(s, str(task), limit=None).children) == 25
        assert len(trace_task(s, str(task), limit=10**31).children) == 25  # more than any LIMIT a store takes


def test_a_paged_trace_finds_the_requests_of_documents_it_does_not_show(backend, tmp_path):
    g = _Graph()
    x, y = g.agency("Sở X"), g.agency("Sở Y")
    plans = [g.doc(f"d{i}", date=f"2022-01-{i + 1:02d}", symbol="KH-SNV") for i in range(25)]
    task = None
    for p in plans:
        task = g.assign(p, "số hóa hồ sơ", x)
    g.assign(plans[1], "đào tạo kỹ năng số", x)
    report = g.doc("9", date="2023-05-01", symbol="BC-SNV")
    # not linked to the task's node: found through the plan it names, when its wording covers the task
    for n, words in enumerate(["số hóa hồ sơ", "đào tạo kỹ năng số"]):
        q = ID[f"test/request/unlinked/{n}"]
        g.triples += [(q, RDF.type, CANCU.ReassignmentRequest), (q, CANCU.assignedBy, plans[1]), (q, CANCU.taskText, Literal(words)),
                      (q, CANCU.requester, x), (q, CANCU.toAgency, y), (q, CANCU.via, report), (q, CANCU.statedIn, report)]
        g.evidence(q)
    g.request(task, plans[24], x, y, report)
    with g.store(backend, tmp_path) as s:
        node = trace_task(s, str(task), limit=20)
        assert (node.details["documents"], node.details["shown"]) == (25, 20)
        assert [c.iri for c in node.children if c.kind == "request"] == [
            str(ID["test/request/27"]), str(ID["test/request/unlinked/0"])]  # by carrying document, then IRI


def test_the_newest_are_chosen_by_date_else_year_and_ties_by_iri(backend, tmp_path):
    g = _Graph()
    x = g.agency("Sở X")
    same_day = [g.doc(f"s{i}", date="2021-06-01", symbol="KH-SNV") for i in range(3)]
    older, undated = g.doc("o", date="2020-01-01", symbol="KH-SNV"), g.doc("u", symbol="KH-SNV")
    g.triples.append((undated, CANCU.year, Literal(2024)))  # a year, no date: newer than every 2021 date
    for d in [*same_day, older, undated]:
        task = g.assign(d, "số hóa hồ sơ", x)
    with g.store(backend, tmp_path) as s:
        node = trace_task(s, str(task), limit=3)
        assert {c.label for c in node.children} == {"u/KH-SNV", "s2/KH-SNV", "s1/KH-SNV"}


def test_a_replaced_basis_is_found(backend, tmp_path):
    g = _Graph()
    old, new, report = g.doc("733", date="2022-01-01", symbol="QĐ-UBND"), g.doc("673", date="2023-01-01", symbol="QĐ-UBND"), g.doc("9")
    g.link(new, "replaces", old)
    item = ID["test/budget/1"]
    g.triples += [(item, RDF.type, CANCU.BudgetRequest), (item, CANCU.basis, old), (item, CANCU.statedIn, report),
                  (item, CANCU.itemTitle, Literal("Phần mềm chấm điểm"))]
    g.evidence(item)
    with g.store(backend, tmp_path) as s:
        [f] = [f for f in findings(s) if f["kind"] == "replaced_basis"]
        assert [d["number"] for d in f["documents"]] == ["733", "673"]
        assert "replaced by 673/QĐ-UBND" in f["detail"]


def test_finding_kinds_are_the_ontology_notations():
    from kg.namespace import ontology_graph

    g = ontology_graph()
    notations = {concept_notation(k) for k in g.subjects(SKOS.inScheme, CANCU.FindingKinds)}
    assert set(KINDS) == notations


def test_dates_disagreeing_are_kept_in_order(backend, tmp_path):
    g = _Graph()
    d = g.doc("5", date="2022-03-12")
    c = ID["test/citation/1"]
    g.triples += [(c, RDF.type, CANCU.Citation), (c, CANCU.citedDocument, d), (c, CANCU.statedIn, d),
                  (c, CANCU.citedDate, Literal("2022-03-11", datatype=XSD.date)),
                  (d, CANCU.dateAsCited, Literal("2022-03-11", datatype=XSD.date))]  # as kg.build states it beside the citation
    g.evidence(c)
    with g.store(backend, tmp_path) as s:
        assert Docs(s)[str(d)].dates == ["2022-03-12", "2022-03-11"]


def test_rows_are_plain_values_on_every_backend(backend, tmp_path):
    g = _Graph()
    s_, p = ID["test/s"], ID["test/p"]
    g.triples += [(s_, p, Literal(42)), (s_, p, Literal("2023-06-07", datatype=XSD.date)), (s_, p, Literal("Sở", lang="vi")),
                  (s_, p, Literal("a \"quoted\"\ttext")), (s_, p, ID["test/o"]), (s_, p, Literal(0.5)),
                  (s_, p, Literal("x", datatype=XSD.integer))]
    with g.store(backend, tmp_path) as s:
        got = sorted((str(type(r["o"]).__name__), r["o"]) for r in s.rows(f"SELECT ?o ?none WHERE {{ <{s_}> <{p}> ?o }}"))
        assert got == sorted([("int", 42), ("str", "2023-06-07"), ("str", "Sở"), ("str", "a \"quoted\"\ttext"),
                              ("str", str(ID["test/o"])), ("float", 0.5), ("str", "x")])
        assert all("none" not in r for r in s.rows(f"SELECT ?o ?none WHERE {{ <{s_}> <{p}> ?o }}"))


def test_a_unit_taking_its_agencys_task_is_no_conflict(backend, tmp_path):
    from rdflib import ORG

    g = _Graph()
    province_plan, department_plan = g.doc("1", date="2023-01-01"), g.doc("2", date="2023-03-01")
    so, unit, other = g.agency("Sở Nội vụ"), g.agency("Phòng Công chức - Sở Nội vụ"), g.agency("Sở Tài chính")
    g.triples.append((unit, ORG.subOrganizationOf, so))
    handed_down = g.assign(province_plan, "số hóa hồ sơ cán bộ", so)
    g.assign(department_plan, "số hóa hồ sơ cán bộ", unit)
    contested = g.assign(province_plan, "bồi dưỡng công chức", so)
    g.assign(department_plan, "bồi dưỡng công chức", other)
    with g.store(backend, tmp_path) as s:
        assert [(c.kind, c.task) for c in conflicts(s)] == [("across documents", str(contested))]
        assert str(handed_down) != str(contested)
