"""GET /documents (filtered, paginated) and GET /documents/{id} (JSON, JSON-LD or Turtle)."""
from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from rdflib import Graph, URIRef

from api import schemas
from api.deps import ServedDep, StoreDep
from api.views import all_documents, document_public, iri_of, not_found, page, province_slug
from kg.docs import Docs, select
from kg.queries import bind, query_text
from kg.store import PREFIXES
from kg.trace import trace_down, trace_up
from loaders.gazetteer import fold

router = APIRouter(prefix="/documents", tags=["documents"])

Offset = Annotated[int, Query(ge=0, description="rows to skip")]
Limit = Annotated[int, Query(ge=1, le=500, description="rows to return")]

# what ?format= and Accept can ask of one document
_RDF_TYPES = {"jsonld": ("application/ld+json", "json-ld"), "turtle": ("text/turtle", "turtle")}


@router.get("", response_model=schemas.DocumentsPublic)
def list_documents(
    served: ServedDep,
    type: Annotated[str | None, Query(description='a document type, with or without diacritics: "Kế hoạch", "ke hoach"')] = None,
    issuer: Annotated[str | None, Query(description="words of the issuing agency's name")] = None,
    year: Annotated[int | None, Query(ge=1900, le=2200)] = None,
    province: Annotated[str | None, Query(description='"Quảng Ngãi" or "quang-ngai"; "VN" for national documents')] = None,
    seen: Annotated[bool | None, Query(description="true: read in full; false: only cited")] = None,
    offset: Offset = 0,
    limit: Limit = 50,
) -> schemas.DocumentsPublic:
    """The documents the store knows, oldest first, with the filters given (all must match)."""
    docs = served.cached("documents", lambda: all_documents(served.store))
    if type:
        docs = [d for d in docs if d.type and fold(d.type) == fold(type)]
    if issuer:
        docs = [d for d in docs if d.issuer and fold(issuer) in fold(d.issuer)]
    if year is not None:
        docs = [d for d in docs if d.year == year]
    if province:
        docs = [d for d in docs if d.jurisdiction and d.jurisdiction.lower() == province_slug(province)]
    if seen is not None:
        docs = [d for d in docs if d.seen == seen]
    return schemas.DocumentsPublic(data=[document_public(d) for d in page(docs, offset, limit)], count=len(docs))


def _citation(r: dict, docs: Docs) -> schemas.CitationPublic:
    return schemas.CitationPublic(citation=r["citation"], cited=r["doc"], cited_label=docs[r["doc"]].label,
                                  citing=r["source"], citing_label=docs[r["source"]].label, written=r["written"],
                                  date=r["date"], issuer=r["issuer"], title=r["title"], file=r["file"],
                                  start=r["start"], end=r["end"], sentence=r["sentence"])


def document_detail(store: StoreDep, iri: str) -> schemas.DocumentDetailPublic:
    """One document with its citations in and out, their evidence, and its trace up and down."""
    if not select(store, "doc_facts", doc=[URIRef(iri)]):
        raise not_found("document", iri)
    docs = Docs(store)
    info = docs[iri]
    cites = sorted((_citation(r, docs) for r in select(store, "api_cites", source=URIRef(iri))),
                   key=lambda c: (c.start or 0, c.citation))
    cited_by = sorted((_citation(r, docs) for r in select(store, "doc_citations", doc=URIRef(iri))),
                      key=lambda c: (c.citing_label, c.start or 0, c.citation))
    up = trace_up(store, iri, docs=docs).to_dict()
    down = trace_down(store, iri, docs=docs).to_dict()
    return schemas.DocumentDetailPublic(
        document=document_public(info), cites=cites, cited_by=cited_by, trace=up, trace_down=down,
        graph_url=schemas.trace_url(iri), neighbourhood_url=schemas.neighbourhood_url(iri))


def _wanted(request: Request, fmt: str | None) -> str:
    """`fmt`, else the first of JSON-LD, Turtle and JSON that Accept names (q-values are not weighed)."""
    if fmt:
        return fmt
    accept = request.headers.get("accept", "")
    found = [(accept.find(media), key) for key, media in
             (("jsonld", "application/ld+json"), ("turtle", "text/turtle"), ("json", "application/json"))
             if media in accept]
    return min(found)[1] if found else "json"


@router.get("/{doc_id:path}", response_model=schemas.DocumentDetailPublic,
            responses={200: {"content": {"application/ld+json": {}, "text/turtle": {}}}, 404: {"model": schemas.Message}})
def get_document(
    doc_id: str,
    store: StoreDep,
    request: Request,
    format: Annotated[Literal["json", "jsonld", "turtle"] | None, Query(
        description="instead of the Accept header: json, jsonld or turtle")] = None,
) -> schemas.DocumentDetailPublic | Response:
    """One document: JSON (its citations, evidence and trace), or its RDF as JSON-LD or Turtle
    (by `Accept: application/ld+json` / `text/turtle`, or `?format=`)."""
    iri = iri_of("documents", doc_id)
    want = _wanted(request, format)
    if want == "json":
        return document_detail(store, iri)
    triples = store.query(bind(query_text("api_document_graph"), doc=URIRef(iri)))
    if not triples:
        raise not_found("document", iri)
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    for t in triples:  # type: ignore[union-attr]
        g.add(t)  # type: ignore[arg-type]
    media, rdflib_fmt = _RDF_TYPES[want]
    return Response(g.serialize(format=rdflib_fmt, encoding="utf-8"), media_type=media)
