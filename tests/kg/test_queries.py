"""kg/queries.py: the named queries of ontology/queries/ and the terms bound into them."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import BNode, Literal, URIRef, Variable
from rdflib.plugins.sparql import prepareQuery

from kg.queries import QueryError, bind, query_names, query_text
from kg.store import CONTENT_HASH, MemoryStore, OxigraphStore, Store
from loaders.model import CancuError

QUERIES = Path(__file__).parents[2] / "ontology" / "queries"
FILES = sorted(QUERIES.rglob("*.rq"))
EX = "https://example.org/"

# The parameters of each query that takes some, with a value of each (the headers say which)
PARAMETERS: dict[str, dict] = {
    "doc_years": {"number": Literal("82"), "head": Literal("https://cancu.org/id/doc/bac-ninh/qd-ubnd/")},
    "graph_hash": {"graph": URIRef("https://cancu.org/id/graph/abc")},
    "doc_facts": {"doc": [URIRef("https://cancu.org/id/doc/vn/nd-cp/2020/47"), URIRef("https://cancu.org/id/doc/bac-ninh/kh-ubnd/2022/21")]},
    "node_names": {"node": [URIRef("https://cancu.org/id/jurisdiction/vn")]},
    "requests_of": {"task": URIRef("https://cancu.org/id/task/bac-ninh/ra-soat-abc")},
    "task_documents": {"task": URIRef("https://cancu.org/id/task/bac-ninh/ra-soat-abc")},
    "task_leads_by": {"task": URIRef("https://cancu.org/id/task/bac-ninh/ra-soat-abc"),
                      "agency": URIRef("https://cancu.org/id/agency/bac-ninh/so-noi-vu")},
    "task_assignments": {"task": URIRef("https://cancu.org/id/task/bac-ninh/ra-soat-abc"),
                         "by": [URIRef("https://cancu.org/id/doc/bac-ninh/kh-ubnd/2022/21")]},
}

# Literals that SPARQL text mangles when written carelessly
AWKWARD = ['trích "nguyên văn"', "} } ; DROP ALL #", "dòng 1\ndòng 2\r", "tab\there", "\\", 'a\n\\"',
           "?x <y> 'z'", '"""', "a\\u0041b"]


def name_of(path: Path) -> str:
    return path.relative_to(QUERIES).with_suffix("").as_posix()


@pytest.fixture(params=["oxigraph", "memory"])
def store(request, tmp_path):
    s: Store = OxigraphStore(tmp_path / "kg") if request.param == "oxigraph" else MemoryStore()
    yield s
    s.close()


# --- the files ----------------------------------------------------------------------------------


def test_every_file_is_a_named_query():
    assert {name_of(p) for p in FILES} == {*query_names(), *query_names("examples")}
    assert query_names("examples"), "cancu demo has no example to show"


@pytest.mark.parametrize("path", FILES, ids=name_of)
def test_every_query_says_what_it_answers_and_parses(path):
    name = name_of(path)
    text = query_text(name)
    assert text == path.read_text(encoding="utf-8")
    assert text.startswith("# "), f"{path.name}: expected a header comment saying what it answers"
    header = "".join(line for line in text.splitlines() if line.startswith("#"))
    for param in PARAMETERS.get(name, {}):
        assert f"?{param}" in header, f"{path.name}: expected its header to say what ?{param} is"
    prepareQuery(bind(text, **PARAMETERS.get(name, {})))  # self-contained: its own PREFIX lines


@pytest.mark.parametrize("name", sorted(PARAMETERS))
def test_parameters_are_replaced_in_the_pattern(name):
    text = bind(query_text(name), **PARAMETERS[name])
    body = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    for param, term in PARAMETERS[name].items():
        if isinstance(term, list):  # a list is bound as VALUES leading the query's first WHERE group
            values = f"VALUES ?{param} {{ {' '.join(t.n3() for t in term)} }}"
            assert re.search(r"WHERE\s*\{ " + re.escape(values), body), body
        else:
            assert not re.search(rf"\?{param}\b", body) and term.n3() in body


# --- query_text ---------------------------------------------------------------------------------


def test_a_missing_query_names_its_file():
    with pytest.raises(QueryError, match=r"ontology/queries/no_such_query\.rq") as e:
        query_text("no_such_query")
    assert isinstance(e.value, CancuError)
    with pytest.raises(QueryError, match=r"ontology/queries/examples/nothing\.rq"):
        query_text("examples/nothing")


@pytest.mark.parametrize("name", ["../cancu", "", "a//b", "documents.rq"])
def test_a_name_that_is_not_a_query_name_is_refused(name):
    with pytest.raises(QueryError, match="expected letters, digits"):
        query_text(name)


def test_query_text_is_read_once():
    assert query_text("documents") is query_text("documents")


# --- bind ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("term", "written"), [
    (Literal('nói "}" rồi'), r'"nói \"}\" rồi"'),
    (Literal("dòng 1\ndòng 2\t"), r'"dòng 1\ndòng 2\t"'),
    (Literal("C:\\u0041"), r'"C:\\\U000000750041"'),  # not A: rdflib expands \uXXXX before parsing
    (Literal("82", lang="vi"), '"82"@vi'),
    (Literal(2025), '"2025"^^<http://www.w3.org/2001/XMLSchema#integer>'),
    (URIRef(EX + "doc/1"), f"<{EX}doc/1>"),
])
def test_bind_writes_terms_in_sparql_syntax(term, written):
    assert bind("SELECT * WHERE { ?s ?p ?o }", o=term) == f"SELECT * WHERE {{ ?s ?p {written} }}"


def test_bind_escapes_quotes_and_braces():
    text = bind("SELECT ?s WHERE { ?s ?p ?o }", o=Literal('a "quoted" } ; DROP ALL'))
    assert text == r'SELECT ?s WHERE { ?s ?p "a \"quoted\" } ; DROP ALL" }'
    q = prepareQuery(text)
    assert str(q.algebra["p"]["p"]["triples"][0][2]) == 'a "quoted" } ; DROP ALL'


def test_bind_leaves_comments_strings_iris_and_other_variables_alone():
    text = '# ?o\nSELECT ?o ?other WHERE { ?s <urn:x?o=1> ?o ; ?p "?o" , \'?o\' , """?o""" . ?s ?p ?other ; ?p $o }'
    assert bind(text, o=Literal("v")) == (
        '# ?o\nSELECT "v" ?other WHERE { ?s <urn:x?o=1> "v" ; ?p "?o" , \'?o\' , """?o""" . ?s ?p ?other ; ?p "v" }')
    # ?o is a prefix of ?other, not the same variable
    assert "?other" in bind("SELECT * WHERE { ?s ?o ?other }", o=URIRef("urn:p"))


@pytest.mark.parametrize("term", [BNode("b"), Variable("x"), "raw string", 82, URIRef("urn:a b"), URIRef("urn:a>")])
def test_bind_refuses_what_is_not_an_iri_or_a_literal(term):
    with pytest.raises(QueryError, match=r"bind \?o: expected"):
        bind("SELECT * WHERE { ?s ?p ?o }", o=term)


def test_bind_refuses_a_variable_the_query_does_not_have():
    with pytest.raises(QueryError, match=r"\?nmber"):
        bind(query_text("doc_years"), nmber=Literal("82"))


def test_a_list_opens_the_first_where_group_outside_comments_and_strings():
    text = '# WHERE { ?d }\nSELECT ?d WHERE { ?d <urn:says> "WHERE {" . { SELECT ?x WHERE { ?x ?p ?d } } }'
    out = bind(text, d=[URIRef("urn:a"), Literal("b")], p=URIRef("urn:p"))
    assert out == ('# WHERE { ?d }\nSELECT ?d WHERE { VALUES ?d { <urn:a> "b" } ?d <urn:says> "WHERE {" . '
                   '{ SELECT ?x WHERE { ?x <urn:p> ?d } } }')
    # lower case is SPARQL too
    assert bind("select * where { ?d ?p ?o }", d=[URIRef("urn:a")]) == "select * where { VALUES ?d { <urn:a> } ?d ?p ?o }"


def test_a_list_needs_a_where_group_and_the_variable():
    with pytest.raises(QueryError, match=r"bind \?d: expected a query with a WHERE group"):
        bind("SELECT * { ?d ?p ?o }", d=[URIRef("urn:a")])
    with pytest.raises(QueryError, match=r"\?e"):
        bind("SELECT * WHERE { ?d ?p ?o }", e=[URIRef("urn:a")])
    with pytest.raises(QueryError, match=r"bind \?d: expected an IRI"):
        bind("SELECT * WHERE { ?d ?p ?o }", d=[URIRef("urn:a b")])


def test_a_list_answers_for_each_of_its_values_and_an_empty_one_for_none(store):
    p = URIRef(EX + "p")
    store.replace_graph(URIRef(EX + "graph/1"), [(URIRef(EX + f"doc/{i}"), p, Literal(i)) for i in range(5)])
    text = "SELECT ?d ?v WHERE { ?d ?p ?v }"
    rows = store.query(bind(text, d=[URIRef(EX + "doc/1"), URIRef(EX + "doc/3"), URIRef(EX + "doc/9")], p=p))
    assert sorted((str(r["d"]), r["v"].toPython()) for r in rows) == [(EX + "doc/1", 1), (EX + "doc/3", 3)]
    assert store.query(bind(text, d=[], p=p)) == []


def test_bound_literals_match_exactly_on_both_backends(store):
    title = URIRef(EX + "title")
    store.replace_graph(URIRef(EX + "graph/1"), [(URIRef(EX + f"doc/{i}"), title, Literal(v)) for i, v in enumerate(AWKWARD)])
    for i, v in enumerate(AWKWARD):
        rows = store.query(bind("SELECT ?d WHERE { ?d ?title ?value }", title=title, value=Literal(v)))
        assert rows == [{"d": URIRef(EX + f"doc/{i}")}], repr(v)


def test_graph_hash_on_both_backends(store):
    """The query behind `Store.graph_hash` (the backends answer it by a pattern lookup instead)."""
    g = URIRef(EX + "graph/1")
    store.replace_graph(g, [(URIRef(EX + "file/1"), CONTENT_HASH, Literal("sha-1"))])
    assert Store.graph_hash(store, g) == "sha-1"
    assert Store.graph_hash(store, URIRef(EX + "graph/2")) is None
