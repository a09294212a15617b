"""kg/ingest.py: files into graphs, idempotent, replaced on change, atomic under SIGKILL, identity across files."""
from __future__ import annotations

import os
import pickle
import select
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rdflib import ORG, URIRef

from kg.ingest import IngestEvent, StoreResolver, content_hash, ingest, remove
from kg.iri import ID, agency_iri, doc_iri, graph_iri
from kg.namespace import CANCU
from kg.store import MemoryStore, OxigraphStore, Store
from loaders.model import DocKey

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "tests" / "corpus" / "seeds"
EXTRA = REPO / "tests" / "corpus" / "extra"
BAC_GIANG_PLAN = "002_92f8b03795b25530.txt"  # Sở Nội vụ Bắc Giang, implementing 199/KH-UBND of 2023
VP_UBND_REPORT = "001_b6d390cc0191ec74.txt"  # Quảng Ngãi, citing Kế hoạch 61/KH-UBND ngày 10/4/2019

# Hand-written documents, in the shape of the seeds, for what the corpus does not show.
QUANG_NGAI_199 = """ỦY BAN NHÂN DÂN
TỈNH QUẢNG NGÃI

Số: 45/KH-SNV

Quảng Ngãi, ngày 20 tháng 3 năm 2024

KẾ HOẠCH
Thực hiện chuyển đổi số năm 2024 của Sở Nội vụ tỉnh Quảng Ngãi

Thực hiện Kế hoạch số 199/KH-UBND ngày 05/3/2023 của UBND tỉnh Quảng Ngãi về chuyển đổi số trong các cơ quan nhà nước tỉnh Quảng Ngãi, Sở Nội vụ xây dựng Kế hoạch như sau:

1. Văn phòng Sở chủ trì, phối hợp với các phòng chuyên môn rà soát, cập nhật dữ liệu hồ sơ cán bộ, công chức.
"""
WITHOUT_YEARS = """ỦY BAN NHÂN DÂN
TỈNH QUẢNG NGÃI

Số: 77/BC-VP

Quảng Ngãi, ngày 02 tháng 12 năm 2022

BÁO CÁO
Kết quả thực hiện chuyển đổi số năm 2022

Thực hiện Kế hoạch số 61/KH-UBND của UBND tỉnh Quảng Ngãi, Văn phòng báo cáo kết quả như sau.

Theo Quyết định số 906/QĐ-UBND của Chủ tịch UBND tỉnh, đơn vị đã triển khai các nhiệm vụ.
"""


@pytest.fixture(params=["oxigraph", "memory"])
def store(request, tmp_path):
    s: Store = OxigraphStore(tmp_path / "kg") if request.param == "oxigraph" else MemoryStore()
    yield s
    s.close()


@pytest.fixture
def seeds(tmp_path) -> Path:
    """A copy of the seed documents: graphs are per path, and some tests edit the files."""
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    return folder


def _ask(store: Store, sparql: str) -> bool:
    result = store.query(sparql)
    assert isinstance(result, bool)
    return result


def _cites(store: Store, graph: URIRef, doc: URIRef) -> bool:
    return _ask(store, f"ASK {{ GRAPH <{graph}> {{ ?me <{CANCU.cites}> <{doc}> }} }}")


def _docs_numbered(store: Store, number: str, symbol_slug: str) -> set[URIRef]:
    rows = store.query(f'SELECT DISTINCT ?d WHERE {{ ?d <{CANCU.number}> "{number}" }}')
    assert isinstance(rows, list)
    return {r["d"] for r in rows if f"/{symbol_slug}/" in str(r["d"])}  # type: ignore[misc]


# --------------------------------------------------------------------------- the file cycle


def test_reingest_changes_nothing(store, seeds):
    events: list[IngestEvent] = []
    first = ingest([seeds], store, on_progress=events.append)
    assert len(first.added) == 5 and first.ok
    assert [e.status for e in events].count("added") == 5 and events[-1].done == events[-1].total == 5
    quads, graphs = store.count(), store.graphs()
    again = ingest([seeds, seeds / BAC_GIANG_PLAN], store)  # a file named twice is one file
    assert again.unchanged == sorted(again.unchanged) and len(again.unchanged) == 5
    assert not again.added and not again.replaced and not again.failed
    assert store.count() == quads and store.graphs() == graphs
    for f in seeds.iterdir():
        assert store.graph_hash(graph_iri(f)) == content_hash(f)


def test_a_changed_file_replaces_its_graph(store, seeds):
    plan = seeds / BAC_GIANG_PLAN
    ingest([seeds], store)
    graph = graph_iri(plan)
    old_doc = doc_iri(DocKey("199", "KH-UBND", 2023, "bac-giang"))
    new_doc = doc_iri(DocKey("200", "KH-UBND", 2023, "bac-giang"))
    assert _cites(store, graph, old_doc) and not _cites(store, graph, new_doc)
    others = store.count() - store.count(graph=graph)
    text = plan.read_text(encoding="utf-8")
    assert "Kế hoạch số 199/KH-UBND ngày 11/12/2023" in text
    plan.write_text(text.replace("Kế hoạch số 199/KH-UBND ngày 11/12/2023", "Kế hoạch số 200/KH-UBND ngày 11/12/2023"), encoding="utf-8")
    report = ingest([seeds], store)
    assert report.replaced == [str(plan)] and len(report.unchanged) == 4
    assert _cites(store, graph, new_doc) and not _cites(store, graph, old_doc)
    assert not _ask(store, f"ASK {{ ?x ?p <{old_doc}> }}")  # no other file mentioned it
    assert store.graph_hash(graph) == content_hash(plan)
    assert store.count() - store.count(graph=graph) == others  # the other graphs are untouched


def test_remove_drops_exactly_one_file(store, seeds):
    ingest([seeds], store)
    plan = seeds / BAC_GIANG_PLAN
    alone = MemoryStore()
    ingest([plan], alone)
    before = store.count()
    assert remove(plan, store) is True
    assert graph_iri(plan) not in store.graphs() and len(store.graphs()) == 4
    assert store.count() == before - alone.count()
    assert remove(plan, store) is False
    plan.unlink()  # a file that is gone can still be removed by its path
    assert remove(plan, store) is False


def test_a_file_that_fails_keeps_its_old_graph(store, seeds):
    plan = seeds / BAC_GIANG_PLAN
    ingest([seeds], store)
    quads = store.count()
    plan.write_bytes(b"")
    (seeds / "binary.txt").write_bytes(bytes(range(256)) * 10)
    report = ingest([seeds, seeds / "absent.txt"], store)
    failed = dict(report.failed)
    assert set(failed) == {str(plan), str(seeds / "binary.txt"), str(seeds / "absent.txt")}
    assert "empty file" in failed[str(plan)] and "no such file" in failed[str(seeds / "absent.txt")]
    assert store.count() == quads and store.graph_hash(graph_iri(plan)) is not None


def test_workers_build_the_same_graphs(tmp_path, seeds):
    one, two = MemoryStore(), MemoryStore()
    ingest([seeds], one, workers=1)
    report = ingest([seeds], two, workers=2, chunk=3)  # two chunks: the second resolves against the store
    assert len(report.added) == 5 and report.ok
    assert {g: one.count(graph=g) for g in one.graphs()} == {g: two.count(graph=g) for g in two.graphs()}


# --------------------------------------------------------------------------- a kill in the middle

_DRIVER = """
import sys, time
from kg.store import OxigraphStore
from kg.ingest import ingest

real = OxigraphStore.replace_graph

def slow(self, graph, triples):
    print("writing", graph, flush=True)
    real(self, graph, triples)
    print("wrote", graph, flush=True)
    time.sleep(0.5)

OxigraphStore.replace_graph = slow
if __name__ == "__main__":
    with OxigraphStore(sys.argv[1]) as s:
        ingest(sys.argv[3:], s, workers=int(sys.argv[2]))
    print("done", flush=True)
"""


def _lines_until(proc: subprocess.Popen, prefix: str, n: int, timeout: float = 120) -> list[str]:
    """Read the driver's output until the n-th line starting with `prefix`."""
    assert proc.stdout is not None
    lines: list[str] = []
    deadline = time.monotonic() + timeout
    while sum(line.startswith(prefix) for line in lines) < n:
        ready, _, _ = select.select([proc.stdout], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            raise AssertionError(f"no {n}th {prefix!r} line in {timeout}s; got {lines}")
        line = proc.stdout.readline()
        if not line:
            raise AssertionError(f"the driver ended early: {lines}, stderr: {proc.stderr.read() if proc.stderr else ''}")
        lines.append(line)
    return lines


@pytest.mark.parametrize(("workers", "kill_at"), [(1, "writing"), (1, "wrote"), (2, "writing")])
def test_a_kill_during_ingest_leaves_only_whole_graphs(tmp_path, workers, kill_at):
    docs = tmp_path / "docs"
    docs.mkdir()
    for f in [*sorted(SEEDS.iterdir()), *sorted(EXTRA.glob("*.txt"))[:3]]:
        shutil.copy(f, docs / f.name)
    files = sorted(docs.iterdir())
    expected = {}
    for f in files:  # each graph as a fresh single-file ingest writes it
        alone = MemoryStore()
        ingest([f], alone)
        expected[graph_iri(f)] = alone.count()
    script = tmp_path / "driver.py"
    script.write_text(_DRIVER, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen([sys.executable, str(script), str(tmp_path / "kg"), str(workers), str(docs)],
                            cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    try:
        _lines_until(proc, kill_at, 3)  # "writing": while the 3rd graph goes in; "wrote": just after it
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # the driver and its worker processes
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    with OxigraphStore(tmp_path / "kg") as s:  # the lock died with the process
        graphs = s.graphs()
        assert 2 <= len(graphs) <= 3
        for g in graphs:
            assert s.count(graph=g) == expected[g], f"partial graph {g}"
            assert s.graph_hash(g) is not None
        assert s.count() == sum(expected[g] for g in graphs)  # nothing outside whole graphs
        report = ingest([docs], s)  # and the next run finishes the job
        assert len(report.unchanged) == len(graphs) and len(report.added) == len(files) - len(graphs)
        assert {g: s.count(graph=g) for g in s.graphs()} == expected


# --------------------------------------------------------------------------- identity across files


def test_two_provinces_same_numbered_plans_are_two_documents(store, seeds, tmp_path):
    other = tmp_path / "qn_45.txt"
    other.write_text(QUANG_NGAI_199, encoding="utf-8")
    ingest([seeds / BAC_GIANG_PLAN, other], store)
    bac_giang = doc_iri(DocKey("199", "KH-UBND", 2023, "bac-giang"))
    quang_ngai = doc_iri(DocKey("199", "KH-UBND", 2023, "quang-ngai"))
    assert _docs_numbered(store, "199", "kh-ubnd") == {bac_giang, quang_ngai}
    assert _cites(store, graph_iri(seeds / BAC_GIANG_PLAN), bac_giang)
    assert _cites(store, graph_iri(other), quang_ngai) and not _cites(store, graph_iri(other), bac_giang)
    # each plan implements its own province's 199
    assert _ask(store, f"ASK {{ ?me <{CANCU.implements}> <{quang_ngai}> ; <{CANCU.sourceFile}> 'qn_45.txt' }}")


def test_year_restarting_numbers_are_two_documents(store, seeds):
    ingest([seeds], store)
    assert _docs_numbered(store, "906", "qd-ubnd") == {
        doc_iri(DocKey("906", "QĐ-UBND", 2022, "quang-ngai")),
        doc_iri(DocKey("906", "QĐ-UBND", 2023, "quang-ngai")),
    }


def test_a_citation_without_a_year_takes_the_one_year_the_store_knows(store, seeds, tmp_path):
    ingest([seeds], store)  # 61/KH-UBND is dated 2019 once; 906/QĐ-UBND has two years
    later = tmp_path / "qn_77.txt"
    later.write_text(WITHOUT_YEARS, encoding="utf-8")
    ingest([later], store)  # a later run: the years come from the store
    g = graph_iri(later)
    assert _cites(store, g, doc_iri(DocKey("61", "KH-UBND", 2019, "quang-ngai")))
    assert not _cites(store, g, doc_iri(DocKey("61", "KH-UBND", None, "quang-ngai")))
    # two years known: ambiguous, the year stays unknown rather than guessed
    assert _cites(store, g, doc_iri(DocKey("906", "QĐ-UBND", None, "quang-ngai")))


def test_a_citation_without_a_year_resolves_within_one_run(store, seeds, tmp_path):
    later = tmp_path / "qn_77.txt"
    later.write_text(WITHOUT_YEARS, encoding="utf-8")
    ingest([seeds / VP_UBND_REPORT, later], store)  # the dated citation is in the same run
    assert _cites(store, graph_iri(later), doc_iri(DocKey("61", "KH-UBND", 2019, "quang-ngai")))


def test_the_resolver_asks_the_store_by_key(store, seeds):
    ingest([seeds / VP_UBND_REPORT], store)
    r = StoreResolver(store, [])
    assert r(DocKey("61", "KH-UBND", None, "quang-ngai")).year == 2019
    assert r(DocKey("61", "KH-UBND", None, "bac-giang")).year is None  # another province's 61
    assert r(DocKey("61", "KH-UBND", 2020, "quang-ngai")).year == 2020  # a stated year is kept
    assert r(DocKey("61", "KH-UBND", None, None)).year is None  # no jurisdiction: not that document
    # pickled for a worker, it keeps its answers and leaves the store
    clone = pickle.loads(pickle.dumps(r))
    assert clone._store is None and clone(DocKey("61", "KH-UBND", None, "quang-ngai")).year == 2019


def test_agency_sub_units_belong_to_their_parent(store, seeds):
    ingest([seeds / BAC_GIANG_PLAN], store)
    office = agency_iri("Văn phòng Sở Nội vụ tỉnh Bắc Giang")
    department = agency_iri("Sở Nội vụ tỉnh Bắc Giang")
    assert office == ID["agency/bac-giang/van-phong-so-noi-vu"] and department == ID["agency/bac-giang/so-noi-vu"]
    assert _ask(store, f"ASK {{ <{office}> <{ORG.subOrganizationOf}> <{department}> . <{department}> a <{CANCU.Agency}> }}")


def test_the_store_is_flushed_after_every_chunk(tmp_path):
    # what keeps an ingest's memory bounded by a chunk of files: Oxigraph held every write of
    # the batch in memory otherwise (5,000 synthetic files: 828 MB peak without, 247 MB with)
    flushed: list[int] = []

    class Counting(OxigraphStore):
        def flush(self) -> None:
            flushed.append(self.count())
            super().flush()

    with Counting(tmp_path / "kg") as s:
        report = ingest([SEEDS], s, chunk=2)
        assert report.ok and len(report.added) == 5
        assert len(flushed) == 3 and flushed == sorted(flushed) and flushed[-1] == s.count()


def test_a_run_that_writes_a_large_share_of_the_store_optimizes_it(tmp_path, monkeypatch):
    # a compacted store answers traces 2.7 times faster at 100k documents (bench/README.md);
    # compacting a large store for one more file would cost minutes for nothing
    monkeypatch.setattr("kg.ingest.OPTIMIZE_SHARE", 0.5)
    optimized: list[int] = []
    events: list[IngestEvent] = []

    class Counting(OxigraphStore):
        def optimize(self) -> None:
            optimized.append(len(self.graphs()))
            super().optimize()

    seeds = sorted(SEEDS.glob("*.txt"))
    with Counting(tmp_path / "kg") as s:
        assert ingest(seeds[:4], s, on_progress=events.append).ok
        assert optimized == [4] and (events[-1].status, events[-1].done) == ("optimizing", 4)
        assert ingest(seeds[4:5], s).ok  # 1 file of 5: under half
        assert ingest(seeds[:4], s).ok  # nothing written
        assert optimized == [4]
