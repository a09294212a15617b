"""Tests of the ontology files: cancu.ttl, shapes.ttl, the queries, and kg/namespace.py generated from cancu.ttl."""
from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, SKOS, Graph, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib.namespace import ORG, PROV, SH
from rdflib.plugins.sparql import prepareQuery

import kg.namespace
from kg.namespace import (
    CANCU,
    CANCU_NS,
    ELI,
    concept_by_label,
    ontology_graph,
    ontology_terms,
    render_namespace,
)
from kg.validate import shapes_graph

ONTOLOGY = Path(kg.namespace.__file__).parent.parent / "ontology"


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ONTOLOGY / "cancu.ttl", format="turtle")


def test_ttl_parses_and_is_what_the_package_loads(onto):
    assert len(onto) > 500
    assert isomorphic(onto, ontology_graph())


# --- the namespace class is the ontology ----------------------------------------------


def test_namespace_class_and_ttl_define_the_same_terms(onto):
    in_class = set(CANCU.__annotations__)
    in_ttl = set(ontology_terms(onto))
    assert in_class - in_ttl == set(), "terms in kg/namespace.py that cancu.ttl lacks"
    assert in_ttl - in_class == set(), "terms in cancu.ttl missing from kg/namespace.py: run python -m kg.namespace"


def test_namespace_module_is_up_to_date_with_the_ttl():
    source = Path(kg.namespace.__file__).read_text(encoding="utf-8")
    assert render_namespace() in source, "kg/namespace.py is stale: run python -m kg.namespace"


def test_closed_namespace_refuses_unknown_terms():
    assert CANCU.implements == URIRef(CANCU_NS + "implements")
    with pytest.raises(AttributeError):
        _ = CANCU.implement


# --- properties and classes are declared fully -----------------------------------------


def _properties(g: Graph) -> list[URIRef]:
    return sorted(t for t in ontology_terms(g).values()
                  if (t, RDF.type, OWL.ObjectProperty) in g or (t, RDF.type, OWL.DatatypeProperty) in g)


def _classes_of(g: Graph, node) -> list:
    """A domain or range: a class, or the members of an owl:unionOf."""
    union = g.value(node, OWL.unionOf)
    return list(Collection(g, union)) if union is not None else [node]


def test_every_property_has_a_domain_and_a_range_or_is_explicitly_open(onto):
    missing = []
    for p in _properties(onto):
        domains, ranges = list(onto.objects(p, RDFS.domain)), list(onto.objects(p, RDFS.range))
        if len(domains) != 1 or len(ranges) != 1:
            missing.append(p)  # rdfs:Resource is how a property says it is used on anything
    assert missing == []


def test_domains_and_ranges_name_declared_classes_or_datatypes(onto):
    known = {t for t in ontology_terms(onto).values() if (t, RDF.type, OWL.Class) in onto} | {RDFS.Resource}
    for p in _properties(onto):
        for c in _classes_of(onto, onto.value(p, RDFS.domain)):
            assert c in known, f"{p}: domain {c} is not a cancu class"
        rng = onto.value(p, RDFS.range)
        if (p, RDF.type, OWL.ObjectProperty) in onto:
            assert rng in known, f"{p}: range {rng} is not a cancu class"
        else:
            assert str(rng).startswith("http://www.w3.org/2001/XMLSchema#"), f"{p}: range {rng} is not a datatype"


def test_every_class_and_property_is_labelled_in_english_and_vietnamese(onto):
    for t in ontology_terms(onto).values():
        if (t, RDF.type, OWL.Class) in onto or t in _properties(onto):
            langs = {label.language for label in onto.objects(t, RDFS.label)}
            assert {"en", "vi"} <= langs, f"{t} lacks an English or a Vietnamese label"


# --- alignment with ELI, PROV-O, ORG, SKOS ------------------------------------------------

ALIGNMENT = [
    (CANCU.LegalDocument, RDFS.subClassOf, ELI.LegalResource),
    (CANCU.DocumentType, RDFS.subClassOf, SKOS.Concept),
    (CANCU.DocumentType, RDFS.subClassOf, ELI.ResourceType),
    (CANCU.Agency, RDFS.subClassOf, ORG.Organization),
    (CANCU.Evidence, RDFS.subClassOf, PROV.Entity),
    (CANCU.Citation, RDFS.subClassOf, PROV.Entity),
    (CANCU.Jurisdiction, RDFS.subClassOf, ELI.AdministrativeArea),
    (CANCU.Province, RDFS.subClassOf, CANCU.Jurisdiction),
    (CANCU.Role, RDFS.subClassOf, SKOS.Concept),
    (CANCU.FindingKind, RDFS.subClassOf, SKOS.Concept),
    (CANCU.BudgetRequest, RDFS.subClassOf, CANCU.BudgetItem),
    (CANCU.BudgetAllocation, RDFS.subClassOf, CANCU.BudgetItem),
    (CANCU.basedOn, RDFS.subPropertyOf, ELI.based_on),
    (CANCU.implements, RDFS.subPropertyOf, ELI.ensures_implementation_of),
    (CANCU.amends, RDFS.subPropertyOf, ELI.amends),
    (CANCU.replaces, RDFS.subPropertyOf, ELI.repeals),
    (CANCU.cites, RDFS.subPropertyOf, ELI.cites),
    (CANCU.documentType, RDFS.subPropertyOf, ELI.type_document),
    (CANCU.dateDocument, RDFS.subPropertyOf, ELI.date_document),
    (CANCU.passedBy, RDFS.subPropertyOf, ELI.passed_by),
    (CANCU.jurisdiction, RDFS.subPropertyOf, ELI.jurisdiction),
    (CANCU.title, RDFS.subPropertyOf, ELI.title),
    (CANCU.number, RDFS.subPropertyOf, ELI.number),
    (CANCU.statedIn, RDFS.subPropertyOf, PROV.hadPrimarySource),
]


@pytest.mark.parametrize("triple", ALIGNMENT, ids=lambda t: f"{t[0].rsplit('#', 1)[-1]}")
def test_alignment_is_stated(onto, triple):
    assert triple in onto


def test_the_deprecated_eli_implements_is_not_used(onto):
    assert not any(ELI.implements in t for t in onto)


def test_roles_are_lead_support_monitor(onto):
    roles = {str(onto.value(c, SKOS.notation)) for c in onto.subjects(SKOS.inScheme, CANCU.Roles)}
    assert roles == {"lead", "support", "monitor"}


def test_finding_kinds_cover_the_eval_schema(onto):
    kinds = {str(n) for c in onto.subjects(SKOS.inScheme, CANCU.FindingKinds) for n in onto.objects(c, SKOS.notation)}
    # the kinds of cancu-eval/1, plus the two the extractor and the store-wide audit report beyond it
    assert kinds == {"date_conflict", "future_date", "type_mismatch", "issuer_mismatch", "malformed_symbol",
                     "missing_basis", "conflicting_assignment", "unassigned_task",
                     "allocation_total_mismatch", "replaced_basis"}


# --- the document types are those of Nghị định 30/2020/NĐ-CP ----------------------------

_DOC_TYPES = json.loads(resources.files("loaders").joinpath("data", "doc_types.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("code", sorted(_DOC_TYPES["codes"]))
def test_every_type_code_of_the_gazetteer_has_a_concept_with_its_label(code):
    concept = concept_by_label(CANCU.DocumentTypes, code)
    assert concept is not None, f"no document type with the notation {code}"
    assert (concept, SKOS.prefLabel, None) in ontology_graph()
    assert concept_by_label(CANCU.DocumentTypes, _DOC_TYPES["codes"][code]) == concept


@pytest.mark.parametrize("word", sorted(w for w in _DOC_TYPES["words"] if w != "Văn bản"))
def test_every_type_word_of_the_gazetteer_names_a_concept(word):
    assert concept_by_label(CANCU.DocumentTypes, word) is not None


def test_the_abbreviations_of_phu_luc_iii_are_notations(onto):
    notations = {str(n) for c in onto.subjects(SKOS.inScheme, CANCU.DocumentTypes) for n in onto.objects(c, SKOS.notation)}
    assert {"NĐ", "QĐ", "KH", "CV", "TB", "BC", "NQ", "CT", "TT", "CTr", "TTr", "L"} <= notations


# --- shapes and queries speak the ontology's terms ---------------------------------------


def _cancu_iris(g: Graph) -> set[URIRef]:
    return {t for triple in g for t in triple if isinstance(t, URIRef) and str(t).startswith(CANCU_NS)}


def test_shapes_parse_and_use_only_defined_terms(onto):
    shapes = shapes_graph()
    assert (None, RDF.type, SH.NodeShape) in shapes
    assert _cancu_iris(shapes) - set(ontology_terms(onto).values()) == set()


QUERIES = sorted(p.name for p in (ONTOLOGY / "queries").glob("*.rq"))


@pytest.mark.parametrize("name", QUERIES)
def test_each_query_has_a_header_comment_parses_and_uses_defined_terms(name, onto):
    text = (ONTOLOGY / "queries" / name).read_text(encoding="utf-8")
    assert text.startswith("# "), f"{name} must open with a comment saying what it answers"
    prepareQuery(text)
    used = {URIRef(CANCU_NS + w) for w in re.findall(r"cancu:(\w+)", text)}
    assert used - set(ontology_terms(onto).values()) == set()
