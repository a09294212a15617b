"""The store's answers shaped for the REST routes: `kg` answers plus links, filters and pages."""
from __future__ import annotations

from collections import defaultdict
from typing import Any, TypeVar

import pyoxigraph as ox
from fastapi import HTTPException

from api import schemas
from kg.docs import AgencyInfo, DocInfo, all_docs, select
from kg.iri import ID
from kg.store import Store
from kg.tasks import shortest_first
from loaders.gazetteer import fold

T = TypeVar("T")


def page(items: list[T], offset: int, limit: int) -> list[T]:
    return items[offset : offset + limit]


def all_documents(store: Store) -> list[DocInfo]:
    """Every document as `kg.docs.doc_info` gives it, sorted older first, then by IRI so that pages never overlap."""
    return sorted(all_docs(store).values(), key=lambda d: (d.sort_key(), d.iri))


def document_public(info: DocInfo) -> schemas.DocumentPublic:
    return schemas.DocumentPublic(**info.to_dict(), url=schemas.rest_path("documents", info.iri),
                                  graph_url=schemas.neighbourhood_url(info.iri))


def agency_public(a: AgencyInfo) -> schemas.AgencyPublic:
    return schemas.AgencyPublic(**a.to_dict(), url=schemas.rest_path("agencies", a.iri),
                                graph_url=schemas.neighbourhood_url(a.iri))


def province_slug(province: str) -> str:
    """A province as the jurisdiction codes write it: "Quảng Ngãi" → "quang-ngai"."""
    return fold(province).strip().replace(" ", "-")


def all_tasks(store: Store) -> list[schemas.TaskPublic]:
    """Every task node with its wordings (shortest first, as `kg.trace` labels it), by IRI."""
    wordings: dict[str, set[str]] = defaultdict(set)
    for r in select(store, "tasks"):
        wordings[r["task"]].add(r["wording"])
    out = []
    for iri in sorted(wordings):
        ws = shortest_first(wordings[iri])
        out.append(schemas.TaskPublic(iri=iri, label=ws[0], wordings=ws, url=schemas.rest_path("tasks", iri),
                                      graph_url=schemas.trace_url(iri)))
    return out


def iri_of(kind: str, path: str) -> str:
    """The IRI a REST path names: `/documents/quang-ngai/kh-ubnd/2022/169` → `…/id/doc/quang-ngai/…`.

    :raises HTTPException: 404 when the path holds characters no IRI can hold.
    """
    iri = f"{ID}{ {'documents': 'doc/', 'tasks': 'task/', 'agencies': 'agency/'}[kind]}{path}"
    try:
        ox.NamedNode(iri)  # Oxigraph's own IRI check: what it refuses here it would refuse in the query
    except ValueError as e:
        raise HTTPException(404, f"expected a path cancu's IRIs can have, found {path!r} ({e})") from e
    return iri


def not_found(what: str, iri: str) -> HTTPException:
    return HTTPException(404, f"expected a {what} the store knows, found none with the IRI {iri}")


def row(r: dict[str, Any], **renames: str) -> dict[str, Any]:
    """A query row with SPARQL's camelCase names given the REST answer's (`byAgency` → `by_agency`)."""
    return {renames.get(k, k): v for k, v in r.items()}
