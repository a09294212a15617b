"""GET /search: documents, tasks and agencies whose text holds the words, diacritics or not."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api import schemas
from api.deps import StoreDep
from api.views import all_documents, all_tasks, page
from kg.docs import agency_info
from loaders.gazetteer import fold

router = APIRouter(prefix="/search", tags=["search"])


@router.get("", response_model=schemas.SearchPublic)
def search(
    store: StoreDep,
    q: Annotated[str, Query(min_length=1, max_length=500, description='"chuyen doi so" finds "chuyển đổi số"')],
    offset: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> schemas.SearchPublic:
    """Documents (by label, title, alias), tasks (by wording) and agencies (by name) holding `q`,
    compared without diacritics or case: documents first, then tasks, then agencies."""
    want = " ".join(fold(q).split())
    hits: list[schemas.SearchHitPublic] = []
    if not want:
        return schemas.SearchPublic(data=[], count=0)
    for d in all_documents(store):
        text = next((t for t in (d.label, d.title, d.alias) if t and want in fold(t)), None)
        if text:
            hits.append(schemas.SearchHitPublic(kind="document", iri=d.iri, label=d.label, text=text,
                                                url=schemas.rest_path("documents", d.iri),
                                                graph_url=schemas.neighbourhood_url(d.iri)))
    for t in all_tasks(store):
        text = next((w for w in t.wordings if want in fold(w)), None)
        if text:
            hits.append(schemas.SearchHitPublic(kind="task", iri=t.iri, label=t.label, text=text, url=t.url,
                                                graph_url=t.graph_url))
    for a in agency_info(store):
        if want in fold(a.label):
            hits.append(schemas.SearchHitPublic(kind="agency", iri=a.iri, label=a.label, text=a.label,
                                                url=schemas.rest_path("agencies", a.iri),
                                                graph_url=schemas.neighbourhood_url(a.iri)))
    return schemas.SearchPublic(data=page(hits, offset, limit), count=len(hits))
