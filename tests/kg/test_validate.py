"""Tests of kg/validate.py and ontology/shapes.ttl: the seed graphs conform, broken graphs say what is wrong."""
from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest
from rdflib import RDF, Dataset, Graph, Literal, URIRef

from kg.build import build_graph
from kg.iri import doc_iri
from kg.namespace import CANCU, CANCU_NS
from kg.resolve import Resolver
from kg.validate import Report, Violation, validate
from loaders import extract_source, read_source
from loaders.model import (
    Assignment,
    BudgetItem,
    Citation,
    DocIdentity,
    DocKey,
    Evidence,
    Extraction,
    Finding,
    Source,
)

SEEDS = sorted((Path(__file__).parents[1] / "corpus" / "seeds").glob("*.txt"))
WHEN = dt.datetime(2025, 1, 2, tzinfo=dt.UTC)
OWN = DocKey("189", "KH-UBND", 2022, "quang-ngai")
CITED = DocKey("169", "KH-UBND", 2021, "quang-ngai")


def _ev(start: int) -> Evidence:
    return Evidence("plan.txt", start, start + 10, "Thực hiện Kế hoạch số 169/KH-UBND.")


def sample_graph() -> Graph:
    ex = Extraction(
        Source("docs/plan.txt", "plan.txt", "", "txt"),
        DocIdentity("plan.txt", OWN, "Kế hoạch", "UBND tỉnh Quảng Ngãi", "2022-12-09", None, "Quảng Ngãi", None, _ev(0)),
        citations=[Citation(CITED, "Kế hoạch", "Kế hoạch", "2021-11-25", None, None, None, "169/KH-UBND", _ev(20))],
        assignments=[Assignment(None, None, "Văn phòng UBND tỉnh Quảng Ngãi", "lead", "Xây dựng kho dữ liệu số của tỉnh",
                                None, None, _ev(40))],
        budget_items=[BudgetItem("Sở Nội vụ tỉnh Quảng Ngãi", "Phòng họp trực tuyến", "request", 700_000_000, None,
                                 None, None, (CITED,), _ev(60))],
        findings=[Finding("type_mismatch", (CITED,), "called 'Quyết định'", evidence=_ev(20))],
    )
    g = Graph()
    for t in build_graph(ex, path="docs/plan.txt", content_hash="ab12", generated_at=WHEN)[1]:
        g.add(t)
    return g


def the(g: Graph, cls: URIRef) -> URIRef:
    nodes = list(g.subjects(RDF.type, cls))
    assert len(nodes) == 1
    return nodes[0]  # type: ignore[return-value]


# --- the graphs cancu builds conform ---------------------------------------------------


def test_the_sample_graph_conforms():
    report = validate(sample_graph())
    assert report.conforms, str(report)
    assert str(report) == "conforms"


def test_the_seed_graphs_conform():
    exs = [extract_source(read_source(p)) for p in SEEDS]
    resolve = Resolver(exs)
    ds = Dataset()
    for p, ex in zip(SEEDS, exs, strict=True):
        graph, triples = build_graph(ex, path=str(p), content_hash=hashlib.sha256(p.read_bytes()).hexdigest(), resolve=resolve)
        ds.addN((s, pr, o, ds.graph(graph)) for s, pr, o in triples)
    report = validate(ds)
    assert report.conforms, str(report)


# --- broken graphs say what is wrong -----------------------------------------------------


def no_agency(g: Graph) -> None:
    g.remove((the(g, CANCU.Assignment), CANCU.assignedTo, None))


def two_agencies(g: Graph) -> None:
    g.add((the(g, CANCU.Assignment), CANCU.assignedTo, URIRef("https://cancu.org/id/agency/quang-ngai/so-noi-vu")))


def odd_role(g: Graph) -> None:
    a = the(g, CANCU.Assignment)
    g.remove((a, CANCU.role, None))
    g.add((a, CANCU.role, URIRef(CANCU_NS + "Owner")))


def no_issuing_document(g: Graph) -> None:
    g.remove((None, CANCU.assigns, None))


def evidence_without_end(g: Graph) -> None:
    ev = next(s for s in g.subjects(RDF.type, CANCU.Evidence) if str(s).endswith("/evidence/40-50"))
    g.remove((ev, CANCU.end, None))


def evidence_ending_before_it_starts(g: Graph) -> None:
    ev = next(s for s in g.subjects(RDF.type, CANCU.Evidence) if str(s).endswith("/evidence/40-50"))
    g.set((ev, CANCU.end, Literal(3)))


def negative_amount(g: Graph) -> None:
    g.set((the(g, CANCU.BudgetRequest), CANCU.amountVnd, Literal(-5)))


def amount_as_text(g: Graph) -> None:
    g.set((the(g, CANCU.BudgetRequest), CANCU.amountVnd, Literal("700 triệu")))


def untyped_document(g: Graph) -> None:
    g.remove((doc_iri(CITED), CANCU.documentType, None))


def number_without_symbol(g: Graph) -> None:
    g.remove((doc_iri(CITED), CANCU.symbol, None))


def neither_numbered_nor_a_file(g: Graph) -> None:
    g.remove((doc_iri(CITED), CANCU.number, None))


def two_numbers(g: Graph) -> None:
    g.add((doc_iri(CITED), CANCU.number, Literal("170")))


def unknown_finding_kind(g: Graph) -> None:
    f = the(g, CANCU.Finding)
    g.set((f, CANCU.findingKind, URIRef(CANCU_NS + "OddKind")))


def fact_without_evidence(g: Graph) -> None:
    g.remove((the(g, CANCU.Citation), URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"), None))


BROKEN = [
    # (breakage, [(path, words of the message)])
    (no_agency, [("cancu:assignedTo", "exactly one agency")]),
    (two_agencies, [("cancu:assignedTo", "exactly one agency")]),
    (odd_role, [("cancu:role", "Lead, Support or Monitor")]),
    (no_issuing_document, [("^cancu:assigns", "made by exactly one document")]),
    (evidence_without_end, [("cancu:end", "ends at exactly one offset")]),
    (evidence_ending_before_it_starts, [("cancu:start", "≤ its end")]),
    (negative_amount, [("cancu:amountVnd", "non-negative integer")]),
    (amount_as_text, [("cancu:amountVnd", "non-negative integer")]),
    (untyped_document, [("cancu:documentType", "a type from the cancu:DocumentTypes scheme")]),
    (number_without_symbol, [(None, "needs a symbol")]),
    (neither_numbered_nor_a_file, [(None, "needs a number, or must be an input file")]),
    (two_numbers, [("cancu:number", "at most one number")]),
    (unknown_finding_kind, [("cancu:findingKind", "cancu:FindingKinds scheme")]),
    (fact_without_evidence, [("prov:wasDerivedFrom", "derived from evidence")]),
]


@pytest.mark.parametrize(("breakage", "expected"), BROKEN, ids=[b.__name__ for b, _ in BROKEN])
def test_a_broken_graph_reports_what_is_wrong(breakage, expected):
    g = sample_graph()
    breakage(g)
    report = validate(g)
    assert not report.conforms
    found = sorted((v.path, v.message) for v in report.violations)
    assert len(found) == len(expected), str(report)
    for (path, words), (v_path, v_message) in zip(sorted(expected, key=lambda e: (e[0] or "", e[1])), found, strict=True):
        assert v_path == path
        assert words in v_message


def test_a_violation_reads_as_a_sentence():
    g = sample_graph()
    negative_amount(g)
    (v,) = validate(g).violations
    assert v.focus.startswith("id:graph/plan-") and v.focus.endswith("/budget/0")
    assert v.value == "-5"
    assert str(v) == f"{v.focus} cancu:amountVnd: a budget amount is one non-negative integer number of đồng (value -5)"


def test_a_dataset_is_checked_graph_by_graph_and_names_the_graph():
    ds = Dataset()
    good, bad = sample_graph(), sample_graph()
    no_agency(bad)
    for name, g in (("good", good), ("bad", bad)):
        ds.addN((s, p, o, ds.graph(URIRef(f"https://cancu.org/id/graph/{name}"))) for s, p, o in g)
    report = validate(ds)
    assert [v.graph for v in report.violations] == ["id:graph/bad"]
    assert str(report).splitlines()[:2] == ["1 violation", "in id:graph/bad"]


def test_report_text():
    r = Report(False, (Violation("id:doc/x", "cancu:number", "a document has at most one number", value="'1'"),
                       Violation("id:doc/y", None, "a numbered document needs a symbol (ký hiệu)")))
    assert str(r) == ("2 violations\n  id:doc/x cancu:number: a document has at most one number (value '1')\n"
                      "  id:doc/y: a numbered document needs a symbol (ký hiệu)")
