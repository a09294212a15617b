"""GET /search: documents, tasks and agencies whose text holds the words, diacritics or not."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api import schemas
from api.deps import ServedDep
from api.views import all_documents, all_tasks, page
from kg.docs import agency_info
from kg.store import Store
from loaders.gazetteer import fold

router = APIRouter(prefix="/search", tags=["search"])


@router.get("", response_model=schemas.SearchPublic)
def search(
    served: ServedDep,
    q: Annotated[str, Query(min_length=1, max_length=500, description='"chuyen doi so" finds "chuyển đổi số"')],
    offset: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> schemas.SearchPublic:
    """Documents (by label, title, alias), tasks (by wording) and agencies (by name) holding `q`,
    compared without diacritics or case: documents first, then tasks, then agencies."""
    want = " ".join(fold(q).split())
    if not want:
        return schemas.SearchPublic(data=[], count=0)
    out = []
    for texts, hit in served.cached("search", lambda: _index(served.store)):
        # the text shown is the first one that holds the words
        text = next((text for folded, text in texts if want in folded), None)
        if text is not None:
            out.append(hit.model_copy(update={"text": text}))
    return schemas.SearchPublic(data=page(out, offset, limit), count=len(out))


def _index(store: Store) -> list[tuple[list[tuple[str, str]], schemas.SearchHitPublic]]:
    """Every searchable node with its texts, folded once per state of the store."""
    out = []
    for d in all_documents(store):
        texts = [(fold(t), t) for t in (d.label, d.title, d.alias) if t]
        out.append((texts, schemas.SearchHitPublic(kind="document", iri=d.iri, label=d.label, text=d.label,
                                                   url=schemas.rest_path("documents", d.iri),
                                                   graph_url=schemas.neighbourhood_url(d.iri))))
    for t in all_tasks(store):
        out.append(([(fold(w), w) for w in t.wordings],
                    schemas.SearchHitPublic(kind="task", iri=t.iri, label=t.label, text=t.label, url=t.url,
                                            graph_url=t.graph_url)))
    for a in agency_info(store):
        out.append(([(fold(a.label), a.label)],
                    schemas.SearchHitPublic(kind="agency", iri=a.iri, label=a.label, text=a.label,
                                            url=schemas.rest_path("agencies", a.iri),
                                            graph_url=schemas.neighbourhood_url(a.iri))))
    return out
