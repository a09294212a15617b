"""The answer commands of `cancu` (trace, conflicts, reassignments, findings, agency, network):
the same answers as the kg functions, as a tree/table, JSON and CSV."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app
from kg.conflicts import conflicts
from kg.ingest import ingest
from kg.reassignments import reassignments
from kg.store import OxigraphStore

SEEDS = Path(__file__).parent / "corpus" / "seeds"
runner = CliRunner()


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("answers") / "kg"
    with OxigraphStore(path) as s:
        assert ingest([SEEDS], s).ok
    return str(path)


def run(store: str, *args: str) -> str:
    result = runner.invoke(app, [*args, "--store", store])
    assert result.exit_code == 0, result.output
    return result.output


def test_trace_as_tree_json_and_csv(store):
    tree = run(store, "trace", "chuan hoa, tai cau truc quy trinh")
    assert "Kế hoạch 169/KH-UBND" in tree and "Kế hoạch 189/KH-UBND" in tree and "resolved" in tree
    [node] = json.loads(run(store, "trace", "chuan hoa, tai cau truc quy trinh", "--json"))
    assert {c["label"] for c in node["children"] if c["relation"] == "assigned by"} == {"Kế hoạch 169/KH-UBND", "Kế hoạch 189/KH-UBND"}
    rows = list(csv.DictReader(io.StringIO(run(store, "trace", "002_92f8b03795b25530.txt", "--csv"))))
    assert [(r["depth"], r["relation"], r["label"]) for r in rows][1] == ("1", "implements", "Kế hoạch 199/KH-UBND")


def test_trace_path_and_errors(store):
    out = run(store, "trace", "002_92f8b03795b25530.txt", "--to", "199/KH-UBND", "--json")
    assert json.loads(out) == [{"from": "Kế hoạch (002_92f8b03795b25530.txt)", "relation": "implements", "to": "Kế hoạch 199/KH-UBND",
                                "from_iri": json.loads(out)[0]["from_iri"], "to_iri": "https://cancu.org/id/doc/bac-giang/kh-ubnd/2023/199"}]
    result = runner.invoke(app, ["trace", "12345/QĐ-KHONG", "--store", store])
    assert result.exit_code == 1 and "found nothing in the store" in result.output
    result = runner.invoke(app, ["trace", "x", "--json", "--csv", "--store", store])
    assert result.exit_code == 2


def test_conflicts_same_as_the_function(store):
    data = json.loads(run(store, "conflicts", "--json"))
    with OxigraphStore(store, read_only=True) as s:
        assert data == json.loads(json.dumps([c.to_dict() for c in conflicts(s)], ensure_ascii=False))
    table = run(store, "conflicts")
    assert "conflicts across documents (1 tasks)" in table and "co-leads" in table
    rows = list(csv.DictReader(io.StringIO(run(store, "conflicts", "--csv"))))
    assert {r["newer"] for r in rows if r["kind"] == "across documents"} == {"yes", ""}


def test_reassignments_filters(store):
    data = json.loads(run(store, "reassignments", "--status", "pending", "--json"))
    with OxigraphStore(store, read_only=True) as s:
        assert [d["iri"] for d in data] == [q.iri for q in reassignments(s, status="pending")]
    assert len(data) == 2
    result = runner.invoke(app, ["reassignments", "--status", "someday", "--store", store])
    assert result.exit_code == 2 and "expected one of pending, resolved" in result.output


def test_findings_and_agency_and_network(store):
    kinds = {f["kind"] for f in json.loads(run(store, "findings", "--json"))}
    assert {"date_conflict", "malformed_symbol", "missing_basis", "conflicting_assignment", "unassigned_task"} <= kinds
    rows = list(csv.DictReader(io.StringIO(run(store, "findings", "--kind", "malformed_symbol", "--csv"))))
    assert {r["detail"] for r in rows} == {"written '458/QĐ/TTg'", "written '2820/BNV –CCVC'"}
    [p] = json.loads(run(store, "agency", "ban dan toc quang ngai", "--json"))
    assert p["agency"]["label"] == "Ban Dân tộc tỉnh Quảng Ngãi" and len(p["budget"]) >= 7
    net = json.loads(run(store, "network", "--top", "2", "--json"))
    assert net["components"] >= 1 and len(net["central"]) == 2
