"""kg/store.py on both backends: writes swap whole graphs, queries see the union, exports round-trip."""
from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import RDF, BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from kg.store import (
    CONTENT_HASH,
    EXPORT_FORMATS,
    STORE_FORMAT,
    MemoryStore,
    OxigraphStore,
    Store,
    StoreError,
    StoreLockedError,
    open_store,
)
from loaders.model import CancuError

EX = "https://example.org/"
G1, G2 = URIRef(EX + "graph/1"), URIRef(EX + "graph/2")
DOC = URIRef(EX + "doc/bac-giang/kh-ubnd/2023/199")
TITLE = URIRef(EX + "title")
CITES = URIRef(EX + "cites")

# Literals that SPARQL text mangles when escaped carelessly
AWKWARD = ['trích "nguyên văn"', "dòng 1\ndòng 2\r", "a\\u0041b", "\\", "}} ; DROP ALL", "tab\there"]


def facts(graph_no: int, version: int = 1) -> list[tuple]:
    """A small file graph: a document node, a citation, a content hash."""
    return [
        (DOC, TITLE, Literal(f"Kế hoạch chuyển đổi số v{version}", lang="vi")),
        (DOC, CITES, URIRef(EX + f"doc/vn/nd-cp/2022/{40 + version}")),
        (URIRef(EX + f"file/{graph_no}"), CONTENT_HASH, Literal(f"sha-{graph_no}-{version}")),
    ]


@pytest.fixture(params=["oxigraph", "memory", "virtuoso"])
def store(request, tmp_path):
    if request.param == "virtuoso":  # kg.sparqlstore on a private server (tests/kg/conftest.py)
        yield request.getfixturevalue("virtuoso_store")
        return
    s: Store = OxigraphStore(tmp_path / "kg") if request.param == "oxigraph" else MemoryStore()
    yield s
    s.close()


def test_replace_count_and_hash(store):
    assert store.count() == 0 and store.graphs() == [] and store.graph_hash(G1) is None
    store.replace_graph(G1, facts(1))
    store.replace_graph(G2, facts(2))
    assert store.graphs() == [G1, G2]
    assert store.count() == 6 and store.count(graph=G1) == 3
    assert store.graph_hash(G1) == "sha-1-1" and store.graph_hash(G2) == "sha-2-1"
    assert [store.holds_more_graphs_than(n) for n in range(4)] == [True, True, False, False]


def test_replace_swaps_the_whole_graph(store):
    store.replace_graph(G1, facts(1, version=1))
    store.replace_graph(G2, facts(2, version=1))
    store.replace_graph(G1, facts(1, version=2))
    assert store.count(graph=G1) == 3 and store.count() == 6
    assert store.graph_hash(G1) == "sha-1-2"
    assert store.query(f"ASK {{ GRAPH <{G1}> {{ <{DOC}> <{CITES}> <{EX}doc/vn/nd-cp/2022/42> }} }}") is True
    assert store.query(f"ASK {{ GRAPH <{G1}> {{ <{DOC}> <{CITES}> <{EX}doc/vn/nd-cp/2022/41> }} }}") is False
    # the other file's graph still says what it said
    assert store.query(f"ASK {{ GRAPH <{G2}> {{ <{DOC}> <{CITES}> <{EX}doc/vn/nd-cp/2022/41> }} }}") is True


def test_replace_with_nothing_empties_the_graph(store):
    store.replace_graph(G1, facts(1))
    store.replace_graph(G1, [])
    store.replace_graph(G2, [])
    assert store.graphs() == [] and store.count() == 0 and store.graph_hash(G1) is None


def test_replace_with_a_bad_term_keeps_the_old_content(store):
    store.replace_graph(G1, facts(1))
    with pytest.raises(StoreError, match="RDF term"):
        store.replace_graph(G1, [(DOC, TITLE, "not an rdflib term")])
    assert store.count(graph=G1) == 3 and store.graph_hash(G1) == "sha-1-1"


def test_remove_graph(store):
    store.replace_graph(G1, facts(1))
    store.replace_graph(G2, facts(2))
    store.remove_graph(G1)
    store.remove_graph(URIRef(EX + "graph/never-there"))
    assert store.graphs() == [G2] and store.count() == 3 and store.graph_hash(G1) is None


def test_query_select_ask_construct_on_the_union(store):
    store.replace_graph(G1, facts(1, version=1))
    store.replace_graph(G2, facts(2, version=2))
    rows = store.query(f"SELECT DISTINCT ?t WHERE {{ <{DOC}> <{CITES}> ?t }} ORDER BY ?t")
    assert [r["t"] for r in rows] == [URIRef(EX + "doc/vn/nd-cp/2022/41"), URIRef(EX + "doc/vn/nd-cp/2022/42")]
    rows = store.query(f"SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE {{ ?d <{TITLE}> ?t }}")
    assert rows[0]["n"].toPython() == 2
    rows = store.query(f"SELECT DISTINCT ?d ?missing WHERE {{ ?d <{TITLE}> ?t OPTIONAL {{ ?d <{EX}nope> ?missing }} }}")
    assert rows == [{"d": DOC, "missing": None}]
    assert store.query(f"ASK {{ ?d <{TITLE}> 'Kế hoạch chuyển đổi số v2'@vi }}") is True
    triples = store.query(f"CONSTRUCT {{ ?d <{CITES}> ?t }} WHERE {{ ?d <{CITES}> ?t }}")
    assert set(triples) == {(DOC, CITES, URIRef(EX + "doc/vn/nd-cp/2022/41")), (DOC, CITES, URIRef(EX + "doc/vn/nd-cp/2022/42"))}
    # plain literals come back as rdflib makes them on both backends
    hashes = store.query(f"SELECT ?h WHERE {{ ?f <{CONTENT_HASH}> ?h }} ORDER BY ?h")
    assert [r["h"] for r in hashes] == [Literal("sha-1-1"), Literal("sha-2-2")]
    with pytest.raises(StoreError, match="SPARQL"):
        store.query("SELECT WHERE {")


def test_awkward_literals_round_trip(store):
    store.replace_graph(G1, [(DOC, TITLE, Literal(v)) for v in AWKWARD] + [(BNode(), TITLE, Literal(1))])
    got = {str(r["t"]) for r in store.query(f"SELECT ?t WHERE {{ ?s <{TITLE}> ?t }}")}
    assert got == {*AWKWARD, "1"}
    assert store.count() == len(AWKWARD) + 1


def _parsed(fmt: str, data: bytes) -> Dataset | Graph:
    if fmt == "ttl":
        g = Graph()
        g.parse(data=data, format="turtle")
        return g
    ds = Dataset()
    ds.parse(data=data, format={"trig": "trig", "nq": "nquads", "jsonld": "json-ld"}[fmt])
    return ds


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_export_round_trips(store, fmt, tmp_path):
    store.replace_graph(G1, facts(1, version=1) + [(DOC, TITLE, Literal(AWKWARD[1]))])
    store.replace_graph(G2, facts(2, version=2))
    buf = io.BytesIO()
    store.export(fmt, buf)
    back = _parsed(fmt, buf.getvalue())
    if fmt == "ttl":  # the union: the two graphs' shared triple once
        expected = Graph()
        for t in facts(1, version=1) + [(DOC, TITLE, Literal(AWKWARD[1]))] + facts(2, version=2):
            expected.add(t)
        assert isomorphic(back, expected)
    else:
        for g, triples in ((G1, facts(1, version=1) + [(DOC, TITLE, Literal(AWKWARD[1]))]), (G2, facts(2, version=2))):
            expected = Graph()
            for t in triples:
                expected.add(t)
            assert isomorphic(back.graph(g), expected), fmt
    # and to a path, the same content
    out = tmp_path / f"kg.{fmt}"
    store.export(fmt, out)
    again = _parsed(fmt, out.read_bytes())
    if fmt == "ttl":
        assert isomorphic(again, back)
    else:
        assert all(isomorphic(again.graph(g), back.graph(g)) for g in (G1, G2))
    with pytest.raises(StoreError, match="export format"):
        store.export("rdfxml", io.BytesIO())


def test_dataset_view_sees_the_graphs(store):
    store.replace_graph(G1, facts(1))
    store.replace_graph(G2, facts(2))
    ds = store.dataset()
    assert len(ds.graph(G1)) == 3
    assert {str(h) for h in ds.objects(None, CONTENT_HASH)} == {"sha-1-1", "sha-2-1"}
    assert len(list(ds.query(f"SELECT DISTINCT ?t WHERE {{ ?d <{TITLE}> ?t }}"))) == 1


@pytest.fixture(params=["oxigraph", "memory"])
def set_store(request, tmp_path):
    s: Store = OxigraphStore(tmp_path / "kg") if request.param == "oxigraph" else MemoryStore()
    yield s
    s.close()


def _matches(store: Store, pattern: str) -> int:
    rows = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}")
    return int(rows[0]["n"])


def test_the_union_holds_each_triple_once_until_the_last_graph_stating_it_goes(set_store):
    # Guards: OxigraphStore keeps its default graph as the set union (kg.store `_drop`);
    # on Oxigraph's own union a join of two restated triples gave n×m rows.
    s = set_store
    title = f"<{DOC}> <{TITLE}> ?t"
    s.replace_graph(G1, facts(1))
    s.replace_graph(G2, facts(1))  # the same title and citation, stated by a second file
    assert _matches(s, title) == 1 and _matches(s, f"{title} . <{DOC}> <{CITES}> ?c") == 1
    assert _matches(s, f"GRAPH ?g {{ {title} }}") == 2  # each file still says it
    s.replace_graph(G1, facts(1, version=2))  # G1 changes its mind, G2 still says version 1
    assert {str(r["t"]) for r in s.query(f"SELECT ?t WHERE {{ {title} }}")} == {
        "Kế hoạch chuyển đổi số v1", "Kế hoạch chuyển đổi số v2"}
    s.remove_graph(G2)
    assert [str(r["t"]) for r in s.query(f"SELECT ?t WHERE {{ {title} }}")] == ["Kế hoạch chuyển đổi số v2"]
    s.remove_graph(G1)
    assert _matches(s, "?s ?p ?o") == 0 and s.count() == 0


def test_a_format_1_store_is_upgraded_when_opened_for_writing(tmp_path):
    # format 1 kept only the named graphs; stands in for a store written by an older cancu
    import json

    import pyoxigraph as ox

    folder = tmp_path / "kg"
    with OxigraphStore(folder) as s:
        s.replace_graph(G1, facts(1))
        s.replace_graph(G2, facts(1))
    db = ox.Store(str(folder / "oxigraph"))
    db.remove_graph(ox.DefaultGraph())
    db.flush()
    del db
    (folder / "cancu-store.json").write_text(json.dumps({"format": "cancu-store/1", "backend": "oxigraph", "database": "oxigraph"}))
    with pytest.raises(StoreError, match="open it once for writing"):
        OxigraphStore(folder, read_only=True)
    with OxigraphStore(folder) as s:
        assert _matches(s, f"<{DOC}> <{TITLE}> ?t") == 1 and s.count() == 6
    assert json.loads((folder / "cancu-store.json").read_text())["format"] == STORE_FORMAT
    with OxigraphStore(folder, read_only=True) as s:
        assert _matches(s, f"<{DOC}> <{CITES}> ?c") == 1


def test_a_format_2_store_gains_the_statements_traces_read_when_upgraded(tmp_path):
    # format 2 lacked cancu:givesTask and cancu:moveRequested, which follow from each graph's
    # assignments and requests; stands in for a store written by an older cancu
    import json

    import pyoxigraph as ox

    from kg.namespace import CANCU

    task, fact, req = URIRef(EX + "task/t"), URIRef(EX + "graph/1/assignment/0"), URIRef(EX + "graph/2/reassignment/0")
    folder = tmp_path / "kg"
    with OxigraphStore(folder) as s:
        s.replace_graph(G1, [*facts(1), (DOC, CANCU.assigns, fact), (fact, CANCU.task, task)])
        s.replace_graph(G2, [(req, RDF.type, CANCU.ReassignmentRequest), (req, CANCU.task, task)])
    (folder / "cancu-store.json").write_text(json.dumps({"format": "cancu-store/2", "backend": "oxigraph", "database": "oxigraph"}))
    with pytest.raises(StoreError, match="open it once for writing"):
        OxigraphStore(folder, read_only=True)
    with OxigraphStore(folder):
        pass
    db = ox.Store.read_only(str(folder / "oxigraph"))
    quads = {(q.subject.value, q.predicate.value, q.object.value, getattr(q.graph_name, "value", ""))
             for q in db.quads_for_pattern(None, None, None) if "givesTask" in q.predicate.value or "moveRequested" in q.predicate.value}
    del db
    assert quads == {(str(DOC), str(CANCU.givesTask), str(task), str(G1)), (str(DOC), str(CANCU.givesTask), str(task), ""),
                     (str(task), str(CANCU.moveRequested), str(req), str(G2)), (str(task), str(CANCU.moveRequested), str(req), "")}
    assert json.loads((folder / "cancu-store.json").read_text())["format"] == STORE_FORMAT


# --------------------------------------------------------------------------- the on-disk store


def test_data_outlives_the_process(tmp_path):
    with OxigraphStore(tmp_path / "kg") as s:
        s.replace_graph(G1, facts(1))
    with OxigraphStore(tmp_path / "kg", read_only=True) as s:
        assert s.count() == 3 and s.graph_hash(G1) == "sha-1-1"
        with pytest.raises(StoreError, match="read-only"):
            s.replace_graph(G1, facts(1))


@pytest.mark.parametrize("content", ["notes.txt", "subdir"])
def test_a_folder_that_is_not_a_store_is_refused(tmp_path, content):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / content).mkdir() if content == "subdir" else (folder / content).write_text("hello")
    with pytest.raises(CancuError, match="expected a cancu store .* found a folder with other content"):
        open_store(folder)
    assert sorted(p.name for p in folder.iterdir()) == [content]  # nothing created in it


def test_a_file_or_a_missing_store_is_refused(tmp_path):
    f = tmp_path / "file.txt"
    f.write_text("x")
    with pytest.raises(StoreError, match="found a file"):
        open_store(f)
    with pytest.raises(StoreError, match="found nothing there"):
        open_store(tmp_path / "absent", read_only=True)
    assert not (tmp_path / "absent").exists()
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "cancu-store.json").write_text('{"format": "something-else/9"}')
    with pytest.raises(StoreError, match="something-else/9"):
        open_store(tmp_path / "other")


def test_an_empty_folder_becomes_a_store(tmp_path):
    (tmp_path / "kg").mkdir()
    with open_store(tmp_path / "kg") as s:
        assert isinstance(s, OxigraphStore) and s.count() == 0
    assert (tmp_path / "kg" / "cancu-store.json").is_file()


def test_the_lock_refuses_a_second_writer(tmp_path):
    with OxigraphStore(tmp_path / "kg"):
        with pytest.raises(StoreLockedError, match=r"in use by a writer \(pid \d+"):
            OxigraphStore(tmp_path / "kg")
        with pytest.raises(StoreLockedError, match="free to read"):
            OxigraphStore(tmp_path / "kg", read_only=True)
        # and in another process, failing fast rather than waiting
        code = f"from kg.store import open_store; open_store({str(tmp_path / 'kg')!r})"
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=Path(__file__).parents[2])
        assert done.returncode != 0 and "StoreLockedError" in done.stderr and "in use by a writer" in done.stderr
    with OxigraphStore(tmp_path / "kg"):  # released on close
        pass


def test_readers_share_and_keep_writers_out(tmp_path):
    OxigraphStore(tmp_path / "kg").close()
    with (OxigraphStore(tmp_path / "kg", read_only=True), OxigraphStore(tmp_path / "kg", read_only=True),
          pytest.raises(StoreLockedError, match="readers")):
        OxigraphStore(tmp_path / "kg")


def test_open_store_specs(tmp_path):
    assert isinstance(open_store("memory:"), MemoryStore)
    with pytest.raises(StoreError, match="unknown scheme 'rdf4j\\+https'"):
        open_store("rdf4j+https://example.org/sparql")
    with open_store(str(tmp_path / "kg")) as s:
        assert isinstance(s, OxigraphStore) and s.persistent and s.transactional
    with pytest.raises(StoreError, match="closed"):
        s.count()
