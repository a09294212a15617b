"""Tests of kg/storeview.py: the cancu-eval/1 view rebuilt from a store's named graphs.

The five seed documents are built into one dataset, a named graph per file, and the view
read back from it is scored against tests/gold/seeds.json beside the view `cancu extract
--json` gives (kg.evalview): the store must lose nothing.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, URIRef

from kg.build import build_graph
from kg.evalview import eval_view
from kg.iri import graph_iri
from kg.namespace import CANCU
from kg.queries import bind
from kg.resolve import Resolver
from kg.scoring import load_json, score
from kg.storeview import _union, eval_view_from_graph, extractions_from_graph, query_text, rows
from loaders import extract_source, read_source
from loaders.model import DocKey, Extraction

ROOT = Path(__file__).parents[1]
SEEDS = sorted((ROOT / "corpus" / "seeds").glob("*.txt"))
GOLD = ROOT / "gold" / "seeds.json"
QUERIES = sorted(p.stem for p in (Path(__file__).parents[2] / "ontology" / "queries").glob("*.rq"))
WHEN = dt.datetime(2025, 1, 2, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def seeds() -> list[Extraction]:
    return [extract_source(read_source(p)) for p in SEEDS]


def store(exs: list[Extraction], *, per_file: bool = False, backend: str = "default") -> Dataset:
    """The seeds as a store holds them: a named graph per file.

    `per_file` builds each graph with no resolver, as an ingest of one file at a time into
    an empty store would, so that citations without a year keep it unknown.
    """
    resolve = (lambda k: k) if per_file else Resolver(exs)
    ds = Dataset(store=backend)
    for p, ex in zip(SEEDS, exs, strict=True):
        graph, triples = build_graph(ex, path=str(p), content_hash=hashlib.sha256(p.read_bytes()).hexdigest(),
                                     resolve=resolve, generated_at=WHEN)
        ds.addN((s, pr, o, ds.graph(graph)) for s, pr, o in triples)
    return ds


@pytest.fixture(scope="module")
def dataset(seeds) -> Dataset:
    return store(seeds)


@pytest.mark.parametrize(("per_file", "backend"), [(False, "default"), (True, "default"), (False, "Oxigraph")],
                         ids=["batch-resolved", "ingested-one-by-one", "oxigraph"])
def test_the_store_view_scores_at_least_as_well_as_the_extract_view(seeds, per_file, backend):
    gold = load_json(GOLD)
    extract = score(gold, eval_view(seeds))
    stored = score(gold, eval_view_from_graph(store(seeds, per_file=per_file, backend=backend)))
    worse = [(e.name, round(e.f1, 3), round(s.f1, 3)) for e, s in zip(extract.parts, stored.parts, strict=True)
             if s.f1 < e.f1]
    assert worse == []
    assert [p.name for p in stored.parts] == [p.name for p in extract.parts]


def test_the_store_view_is_the_extract_view(seeds, dataset):
    # the graph loses nothing the view shows: the two are equal, order included
    assert json.dumps(eval_view_from_graph(dataset), ensure_ascii=False) == json.dumps(eval_view(seeds), ensure_ascii=False)


def test_a_plain_graph_of_the_union_gives_the_same_view(seeds, dataset):
    union = Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        union.add((s, p, o))
    assert eval_view_from_graph(union) == eval_view_from_graph(dataset)


def test_a_dataset_without_a_union_default_graph_is_read_through_its_union(seeds, dataset):
    assert not dataset.default_union
    assert len(eval_view_from_graph(dataset)["documents"]) == len(eval_view(seeds)["documents"])
    assert not dataset.default_union  # the caller's dataset is left as it was


def test_files_facts_come_back_as_extractions(seeds, dataset):
    back = {ex.source.name: ex for ex in extractions_from_graph(dataset)}
    assert sorted(back) == [p.name for p in SEEDS]
    for ex in seeds:
        b = back[ex.source.name]
        assert [a.task_text for a in b.assignments] == [a.task_text for a in ex.assignments]
        assert [(r.kind, r.target) for r in b.relations] == [(r.kind, r.target) for r in ex.relations]
        assert [c.evidence for c in b.citations] == [c.evidence for c in ex.citations]
        assert [(x.amount_vnd, x.years) for x in b.budget_items] == [(x.amount_vnd, x.years) for x in ex.budget_items]


# --- findings that only the union shows -----------------------------------------------------


def _kinds(view: dict, kind: str) -> set[tuple]:
    return {tuple((d.get("number"), d.get("symbol"), d.get("year")) for d in f["documents"])
            for f in view["findings"] if f["kind"] == kind}


def test_findings_that_span_files_are_computed_over_the_union(seeds, dataset):
    stored = {o for _, _, o, _ in dataset.quads((None, CANCU.findingKind, None, None))}
    assert CANCU.DateConflict not in stored and CANCU.ConflictingAssignment not in stored
    view = eval_view_from_graph(dataset)
    assert _kinds(view, "date_conflict") == _kinds(eval_view(seeds), "date_conflict") != set()
    assert _kinds(view, "conflicting_assignment") == {(("169", "KH-UBND", 2021), ("189", "KH-UBND", 2022))}


def test_dropping_a_files_graph_drops_the_conflicts_it_took_part_in(seeds):
    # 166/KH-UBND is dated 14/10/2022 by 000 and 001 and 15/9/2022 by 003
    ds = store(seeds)
    assert (("166", "KH-UBND", 2022),) in _kinds(eval_view_from_graph(ds), "date_conflict")
    ds.remove_graph(ds.graph(graph_iri(SEEDS[3])))
    view = eval_view_from_graph(ds)
    assert "003_88eefef0c3cb7b8c.txt" not in view["corpus"]
    assert (("166", "KH-UBND", 2022),) not in _kinds(view, "date_conflict")


def test_year_less_citations_are_resolved_at_view_time(seeds):
    ds = store(seeds, per_file=True)
    # ingested one by one, "Chỉ thị 19-CT/TU" that 003 cites without a date is a node of its own…
    years = {r["year"] for r in rows(ds, "documents") if (r["number"], r["symbol"]) == ("19", "CT/TU")}
    assert years == {None, 2022}
    # …and the view, like `cancu extract --json`, counts one document, of 2022
    docs = [d for d in eval_view_from_graph(ds)["documents"] if (d["number"], d["symbol"]) == ("19", "CT/TU")]
    assert [(d["year"], d["cited_in"]) for d in docs] == [(2022, ["003_88eefef0c3cb7b8c.txt"])]


# --- the queries ----------------------------------------------------------------------------


# queries whose right answer on the seeds is nothing, and why
EMPTY_ON_SEEDS = {
    "replaced_bases": "no budget item of the seeds rests on a document a newer one replaces (673 replaced 733; items cite 673)",
}


# queries that walk paths from a node: unbound, rdflib would walk from every node (a minute)
_KH189 = URIRef("https://cancu.org/id/doc/quang-ngai/kh-ubnd/2022/189")
BOUND = {"links_down": {"start": _KH189}, "neighbours": {"node": _KH189}}


@pytest.mark.parametrize("name", QUERIES)
def test_every_query_answers_on_the_seeds(dataset, name):
    assert query_text(name).startswith("# ")
    if name in BOUND:
        found = list(_union(dataset).query(bind(query_text(name), **BOUND[name])))
    else:
        found = list(rows(dataset, name))
    if name in EMPTY_ON_SEEDS:
        assert not found, EMPTY_ON_SEEDS[name]
    else:
        assert found, f"{name}.rq found nothing in the seed graphs"


def test_an_empty_store_has_an_empty_view():
    view = eval_view_from_graph(Dataset())
    assert view["corpus"] == [] and view["documents"] == [] and view["schema"] == "cancu-eval/1"


def test_a_document_key_comes_back_from_its_node(dataset):
    keys = {(r["number"], r["symbol"], r["year"], r["jurisdiction"]) for r in rows(dataset, "documents")}
    assert ("189", "KH-UBND", 2022, "quang-ngai") in keys
    assert ("85", "NĐ-CP", 2016, "VN") in keys
    back = {ex.source.name: ex.identity.key for ex in extractions_from_graph(dataset)}
    assert back["003_88eefef0c3cb7b8c.txt"] == DocKey("224", "BC-UBND", 2022, "quang-ngai")
