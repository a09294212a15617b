"""kg/sparqlstore.py against a private Virtuoso: the same answers as the embedded store, bulk loads, clear errors.

The store contract itself (replace, remove, union queries, exports) runs on Virtuoso in
tests/kg/test_store.py, whose `store` fixture includes it.
"""
from __future__ import annotations

import base64
import datetime as dt
import functools
import json
import re
import shutil
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from rdflib import BNode, Dataset, Literal, URIRef
from rdflib.term import Node
from typer.testing import CliRunner

import kg.ingest
from api.cli import app
from api.kg_commands import store_stats
from kg.build import build_graph
from kg.ingest import IngestReport, ingest, remove
from kg.iri import graph_iri
from kg.queries import bind, query_names, query_text
from kg.sparqlstore import BATCH, ENV_PASSWORD, ENV_USER, SparqlStore, _default_urls
from kg.store import OxigraphStore, QueryResult, Store, StoreError, open_store
from tests.kg.virtuoso import Virtuoso
from tests.server import free_port

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "tests" / "corpus" / "seeds"
EX = "https://example.org/"
P = URIRef(EX + "p")

# Every named query the package runs, and the examples `cancu demo` shows
QUERIES = [*query_names(), *query_names("examples")]
_PREFIX = "PREFIX cancu: <https://cancu.org/ontology#>\n"
# Values to bind each parameter the headers name, found on the seeds.  A query whose
# header names parameters without saying what it answers "unbound" runs bound only, as the
# package runs it: Virtuoso refuses a property path with both ends unbound ("transitive
# start not given"), and its union holds its own graphs, which an unbound `?node a ?type` sees.
SAMPLES = {
    "start": _PREFIX + "SELECT DISTINCT ?v WHERE { ?v cancu:basedOn|cancu:implements|^cancu:basedOn ?x } ORDER BY ?v LIMIT 4",
    "doc": _PREFIX + "SELECT DISTINCT ?v WHERE { ?v cancu:sourceFile ?f } ORDER BY ?v LIMIT 3",
    "node": _PREFIX + "SELECT DISTINCT ?v WHERE { { ?v a cancu:Agency } UNION { ?v a cancu:LegalDocument } } ORDER BY ?v LIMIT 4",
    "agency": _PREFIX + "SELECT DISTINCT ?v WHERE { ?a cancu:assignedTo ?v } ORDER BY ?v LIMIT 3",
    "task": _PREFIX + "SELECT DISTINCT ?v WHERE { ?a cancu:task ?v } ORDER BY ?v LIMIT 3",
    "by": _PREFIX + "SELECT DISTINCT ?v WHERE { ?v cancu:assigns ?a } ORDER BY ?v LIMIT 3",
    "number": _PREFIX + "SELECT DISTINCT ?v WHERE { ?d cancu:number ?v } ORDER BY ?v LIMIT 3",
    "graph": "SELECT DISTINCT ?v WHERE { GRAPH ?v { ?s ?p ?o } } ORDER BY ?v",
    "about": _PREFIX + "SELECT DISTINCT ?v WHERE { ?q a cancu:ReassignmentRequest ; cancu:task|cancu:assignedBy ?v } ORDER BY ?v LIMIT 4",
}


def _header(text: str) -> str:
    return " ".join(line for line in text.splitlines() if line.startswith("#"))


def _bindings(text: str, embedded: Store) -> list[dict[str, Node]]:
    """The parameter bindings to run a query with: {} for unbound, one dict per sample value, or
    one dict with all of them for a parameter the header calls a list (bound as VALUES)."""
    header = _header(text)
    named = re.findall(r"\?(\w+)", header.split("Parameter", 1)[1]) if "Parameter" in header else []
    out: list[dict[str, Node]] = [] if named and "unbound" not in header.lower() else [{}]
    for param in dict.fromkeys(named):
        if param in SAMPLES:
            rows = embedded.query(SAMPLES[param])
            assert isinstance(rows, list) and rows, param
            values = [r["v"] for r in rows]  # type: ignore[index]
            out += [{param: values}] if re.search(rf"\?{param}, a list", header) else [{param: v} for v in values]
    return out or [{}]


def _ingest(folder: Path, store: Store) -> IngestReport:
    """`ingest` with a fixed build time: the two stores' graphs then state the same prov:generatedAtTime."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(kg.ingest, "build_graph", functools.partial(build_graph, generated_at=dt.datetime(2025, 7, 1, tzinfo=dt.UTC)))
        return ingest([folder], store)


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed documents at one path, so both stores name their graphs alike."""
    folder = tmp_path_factory.mktemp("corpus") / "seeds"
    shutil.copytree(SEEDS, folder)
    return folder


@pytest.fixture(scope="module")
def embedded(seeds: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphStore]:
    store = OxigraphStore(tmp_path_factory.mktemp("kg") / "store")
    assert _ingest(seeds, store).ok
    yield store
    store.close()


@pytest.fixture
def remote(virtuoso: Virtuoso, seeds: Path) -> Iterator[Store]:
    """Virtuoso holding the seeds; ingest skips files already there, so this is cheap after the first test."""
    store = open_store(virtuoso.spec)
    report = _ingest(seeds, store)
    assert report.ok, report.failed
    yield store
    store.close()


def _answer(result: QueryResult) -> bool | set[tuple]:
    """A query's answer as a set of rows (each a sorted tuple of name and term), or the ASK answer."""
    if isinstance(result, bool):
        return result
    return {tuple(sorted(r.items())) if isinstance(r, dict) else r for r in result}


# --------------------------------------------------------------------------- same answers


@pytest.mark.parametrize("name", QUERIES)
def test_named_query_gives_the_same_answer_as_the_embedded_store(name, remote, embedded):
    for terms in _bindings(query_text(name), embedded):
        text = bind(query_text(name), **terms)
        assert _answer(remote.query(text)) == _answer(embedded.query(text)), (name, terms)


def test_the_comparison_is_not_of_empty_answers(remote):
    for name in ("documents", "assignments", "citations", "links", "stats"):
        rows = remote.query(query_text(name))
        assert isinstance(rows, list) and len(rows) > 3, name


def test_stats_are_the_same(remote, embedded):
    numbers = store_stats(remote)
    assert numbers == store_stats(embedded)
    assert numbers["graphs (files)"] == 5 and numbers["quads"] > 1000 and numbers["documents"] > 50


def test_graphs_count_and_hashes_leave_virtuoso_own_graphs_out(remote, embedded):
    assert remote.graphs() == embedded.graphs()
    assert remote.count() == embedded.count()
    for g in embedded.graphs():
        assert remote.graph_hash(g) == embedded.graph_hash(g) is not None
        assert remote.count(graph=g) == embedded.count(graph=g)


# --------------------------------------------------------------------------- ingest


def test_ingest_again_changes_nothing(remote, seeds):
    before = remote.count()
    report = ingest([seeds], remote)
    assert (len(report.added), len(report.replaced), len(report.unchanged)) == (0, 0, 5)
    assert remote.count() == before


def test_a_changed_file_replaces_its_graph_and_remove_drops_it(virtuoso_store, tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    first, second = sorted(SEEDS.iterdir())[:2]
    for f in (first, second):
        shutil.copyfile(f, folder / f.name)
    assert len(ingest([folder], virtuoso_store).added) == 2
    edited, kept = graph_iri(folder / first.name), graph_iri(folder / second.name)
    kept_count, old_hash = virtuoso_store.count(graph=kept), virtuoso_store.graph_hash(edited)
    with open(folder / first.name, "a", encoding="utf-8") as fh:
        fh.write("\nSở Nội vụ chủ trì, phối hợp với Sở Tài chính rà soát biên chế năm 2025.\n")
    report = ingest([folder], virtuoso_store)
    assert report.replaced == [str(folder / first.name)] and report.unchanged == [str(folder / second.name)]
    assert virtuoso_store.graph_hash(edited) not in (None, old_hash)
    assert virtuoso_store.count(graph=kept) == kept_count
    assert remove(folder / first.name, virtuoso_store) is True
    assert virtuoso_store.graphs() == [kept] and virtuoso_store.graph_hash(edited) is None
    assert remove(folder / first.name, virtuoso_store) is False


# --------------------------------------------------------------------------- writing


def _triples(n: int, tag: str = "") -> list[tuple]:
    return [(URIRef(EX + f"s/{i // 7}"), P, Literal(f"giá trị {tag}{i} đồng")) for i in range(n)]


def test_large_graphs_go_in_whole_and_replace_whole(virtuoso_store):
    g = URIRef(EX + "graph/big")
    virtuoso_store.replace_graph(g, _triples(BATCH * 2 + 500, "a"))  # several INSERT DATA operations
    assert virtuoso_store.count(graph=g) == BATCH * 2 + 500
    virtuoso_store.replace_graph(g, _triples(10, "b"))
    assert virtuoso_store.count(graph=g) == 10
    assert virtuoso_store.query(f"ASK {{ GRAPH <{g}> {{ ?s ?p 'giá trị a0 đồng' }} }}") is False


def test_big_integers_keep_their_datatype(virtuoso_store):
    """Virtuoso's graph store loader makes an xsd:decimal of an xsd:integer above 2^31: writes avoid it."""
    amounts = [Literal(2_600_000_000), Literal(12), Literal(-(2**40))]
    virtuoso_store.replace_graph(URIRef(EX + "graph/1"), [(URIRef(EX + f"item/{i}"), P, a) for i, a in enumerate(amounts)])
    rows = virtuoso_store.query(f"SELECT ?a WHERE {{ ?i <{P}> ?a }}")
    assert sorted((r["a"] for r in rows), key=int) == sorted(amounts, key=int)  # type: ignore[index]


@pytest.mark.parametrize("graph_store", [True, False], ids=["graph-store", "none"])
def test_blank_nodes_need_the_graph_store(virtuoso, virtuoso_store, graph_store):
    store = virtuoso_store if graph_store else open_store(virtuoso.spec + "#graph-store=")
    g = URIRef(EX + "graph/blank")
    node = BNode()
    triples = [(node, P, Literal(f"giá trị {i}")) for i in range(BATCH + 10)]  # more than one INSERT DATA
    if graph_store:
        store.replace_graph(g, triples)
        rows = store.query(f"SELECT (COUNT(DISTINCT ?s) AS ?n) (COUNT(*) AS ?t) WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }}")
        assert [(int(rows[0]["n"]), int(rows[0]["t"]))] == [(1, BATCH + 10)]  # type: ignore[index]
    else:  # Virtuoso refuses blank nodes in INSERT DATA
        with pytest.raises(StoreError, match="expected the write to succeed, found HTTP 400"):
            store.replace_graph(g, triples)
        store.close()


def test_bulk_load_of_an_nquads_file(virtuoso_store, embedded, tmp_path):
    path = tmp_path / "all.nq"
    embedded.export("nq", path)
    stale = embedded.graphs()[0]
    virtuoso_store.replace_graph(stale, _triples(3, "stale"))  # a graph of the file replaces it
    assert virtuoso_store.bulk_load(path) == embedded.count()
    assert virtuoso_store.graphs() == embedded.graphs()
    assert virtuoso_store.count() == embedded.count()
    assert store_stats(virtuoso_store) == store_stats(embedded)
    assert virtuoso_store.query(f"ASK {{ ?s <{P}> 'giá trị stale0 đồng' }}") is False


def test_bulk_load_refuses_the_default_graph_and_what_is_not_nquads(virtuoso_store, tmp_path):
    default = tmp_path / "default.nq"
    default.write_text(f"<{EX}a> <{P}> \"x\" .\n", encoding="utf-8")
    with pytest.raises(StoreError, match="expected quads in named graphs"):
        virtuoso_store.bulk_load(default)
    broken = tmp_path / "broken.nq"
    broken.write_text(f"<{EX}a> <{P}> \"x <{EX}g> .\n", encoding="utf-8")
    with pytest.raises(StoreError, match="expected a readable N-Quads file"):
        virtuoso_store.bulk_load(broken)


def test_read_only_refuses_writes(virtuoso):
    with open_store(virtuoso.spec, read_only=True) as store, pytest.raises(StoreError, match="read-only"):
        store.replace_graph(URIRef(EX + "graph/1"), _triples(1))


# --------------------------------------------------------------------------- the CLI


def test_cli_commands_on_a_remote_store(virtuoso, virtuoso_store, seeds, tmp_path):
    runner = CliRunner()
    spec = virtuoso.spec
    result = runner.invoke(app, ["ingest", str(seeds), "--store", spec])
    assert result.exit_code == 0 and "5 added" in result.output, result.output
    result = runner.invoke(app, ["query", "ASK { ?d a cancu:LegalDocument }", "--store", spec])
    assert result.exit_code == 0 and "yes" in result.output, result.output
    result = runner.invoke(app, ["stats", "--store", spec])
    assert result.exit_code == 0 and "input files" in result.output, result.output
    out = tmp_path / "kg.nq"
    result = runner.invoke(app, ["export", "--format", "nq", "--store", spec, "-o", str(out)])
    assert result.exit_code == 0, result.output
    back = Dataset()
    back.parse(out, format="nquads")
    assert sum(len(back.graph(g)) for g in virtuoso_store.graphs()) == virtuoso_store.count()
    result = runner.invoke(app, ["export", "--format", "json", "--store", spec])
    assert result.exit_code == 0 and json.loads(result.stdout)["schema"] == "cancu-eval/1"


# --------------------------------------------------------------------------- errors


def test_an_unreachable_endpoint_is_a_clear_error():
    url = f"http://127.0.0.1:{free_port()}/sparql"
    with pytest.raises(StoreError, match=f"{url}: expected a SPARQL endpoint answering there, found none"):
        open_store("sparql+" + url)


def test_an_endpoint_that_refuses_updates_is_a_clear_error(virtuoso, virtuoso_store):
    virtuoso.isql('revoke SPARQL_UPDATE from "SPARQL";')
    try:
        with pytest.raises(StoreError, match="expected an endpoint that accepts updates, found it refuses them"):
            virtuoso_store.replace_graph(URIRef(EX + "graph/1"), _triples(2))
    finally:
        virtuoso.isql('grant SPARQL_UPDATE to "SPARQL";')
    virtuoso_store.replace_graph(URIRef(EX + "graph/1"), _triples(2))
    assert virtuoso_store.count() == 2


class _Fake(BaseHTTPRequestHandler):
    """Answers every request with the class's `reply` and notes what it was sent."""

    reply: tuple[int, dict[str, str], bytes] = (200, {}, b"")
    seen: list[dict[str, str]] = []

    def _answer(self) -> None:
        type(self).seen.append(dict(self.headers))
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        status, headers, body = self.reply
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = _answer

    def log_message(self, *args: object) -> None:
        pass  # keep test output clean


@pytest.fixture
def fake() -> Iterator[str]:
    """An HTTP server on loopback that is no SPARQL endpoint; set `_Fake.reply`; yields its URL."""
    _Fake.seen = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Fake)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sparql"
    server.shutdown()
    server.server_close()


JSON = {"Content-Type": "application/sparql-results+json"}
ASK_TRUE = json.dumps({"head": {}, "boolean": True}).encode()


@pytest.mark.parametrize(("reply", "message"), [
    ((200, {"Content-Type": "text/html"}, b"<html>Welcome</html>"), "expected application/sparql-results\\+json, found text/html"),
    ((200, JSON, b'{"answer": 42}'), "expected SPARQL JSON results, found an answer that is not"),
    ((200, JSON, b"not json at all"), "expected SPARQL JSON results"),
    ((500, {"Content-Type": "text/plain"}, b"Internal error"), "expected the answer to a query, found HTTP 500: Internal error"),
])
def test_an_endpoint_that_answers_garbage_is_a_clear_error(fake, reply, message):
    _Fake.reply = reply
    with pytest.raises(StoreError, match=message):
        open_store("sparql+" + fake)


def test_an_answer_cut_short_is_an_error(fake):
    _Fake.reply = (200, JSON, ASK_TRUE)
    store = open_store("sparql+" + fake)
    _Fake.reply = (200, {**JSON, "X-SPARQL-MaxRows": "10000"}, json.dumps({"head": {"vars": ["s"]}, "results": {"bindings": []}}).encode())
    with pytest.raises(StoreError, match="cut at 10000 rows"):
        store.query("SELECT ?s WHERE { ?s ?p ?o }")


def test_credentials_come_from_the_environment_never_the_url(fake, monkeypatch):
    _Fake.reply = (200, JSON, ASK_TRUE)
    with pytest.raises(StoreError, match=f"expected credentials in {ENV_USER}") as e:
        open_store("sparql+" + fake.replace("http://", "http://admin:s3cret@"))
    assert "s3cret" not in str(e.value) and "admin" not in str(e.value)
    monkeypatch.setenv(ENV_USER, "admin")
    monkeypatch.setenv(ENV_PASSWORD, "s3cret")
    open_store("sparql+" + fake)
    assert _Fake.seen[-1]["Authorization"] == "Basic " + base64.b64encode(b"admin:s3cret").decode()


@pytest.mark.parametrize(("query_url", "update_url", "graph_store_url"), [
    ("http://h:8890/sparql", "http://h:8890/sparql", "http://h:8890/sparql-graph-crud"),  # Virtuoso
    ("http://h:3030/ds/query", "http://h:3030/ds/update", "http://h:3030/ds/data"),  # Fuseki
    ("http://h:7200/repositories/cancu", "http://h:7200/repositories/cancu/statements",
     "http://h:7200/repositories/cancu/rdf-graphs/service"),  # GraphDB, RDF4J
    ("https://h/endpoint", "https://h/endpoint", None),
])
def test_update_and_graph_store_urls_follow_the_servers_conventions(query_url, update_url, graph_store_url):
    assert _default_urls(query_url) == (update_url, graph_store_url)


def test_the_fragment_overrides_the_urls(fake):
    _Fake.reply = (200, JSON, ASK_TRUE)
    store = open_store(f"sparql+{fake}#update=/other/update&graph-store=")
    assert isinstance(store, SparqlStore)
    assert (store.query_url, store.update_url, store.graph_store_url) == (fake, fake.replace("/sparql", "/other/update"), None)
    with pytest.raises(StoreError, match="expected the options update= and graph-store="):
        open_store(f"sparql+{fake}#batch=10")

