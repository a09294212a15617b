"""GET /graph/…: the interactive graph pages (HTML), the ones `cancu viz` writes to files.

The REST answers link here (`graph_url`, `neighbourhood_url`); the pages link to each other.
"""
from __future__ import annotations

from html import escape
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse

from api.deps import StoreDep
from kg.trace import TargetError
from viz import conflicts_page, neighbourhood_page, overview_page, render, trace_page
from viz.neighbourhood import MAX_DEPTH

router = APIRouter(prefix="/graph", tags=["graph"])


def _not_found(message: str) -> HTMLResponse:
    body = (f'<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Not found · cancu</title></head>'
            f'<body><h1>Not found</h1><p>{escape(message)}</p><p><a href="/graph/overview">overview</a></p></body></html>')
    return HTMLResponse(body, status_code=404)


@router.get("/trace", response_class=HTMLResponse)
def trace(
    store: StoreDep,
    target: Annotated[str, Query(description="A document reference, a file name, a task's words or an IRI.")],
    down: Annotated[bool, Query(description="What rests on the document instead of what it rests on.")] = False,
) -> HTMLResponse:
    """The legal-basis tree of a task or a document, the national roots on top."""
    try:
        return HTMLResponse(render(trace_page(store, target, down=down)))
    except TargetError as e:
        return _not_found(str(e))


@router.get("/neighbourhood", response_class=HTMLResponse)
def neighbourhood(
    store: StoreDep,
    node: Annotated[str, Query(description="An IRI, a document reference, a task's words or an agency's name.")],
    depth: Annotated[int, Query(ge=1, le=MAX_DEPTH)] = 1,
) -> HTMLResponse:
    """The documents, tasks, agencies and requests within `depth` links of a node."""
    try:
        return HTMLResponse(render(neighbourhood_page(store, node, depth=depth)))
    except TargetError as e:
        return _not_found(str(e))


@router.get("/conflicts", response_class=HTMLResponse)
def conflicts(store: StoreDep) -> HTMLResponse:
    """Conflicting assignments and reassignment requests, the competing assignments side by side."""
    return HTMLResponse(render(conflicts_page(store)))


@router.get("/overview", response_class=HTMLResponse)
def overview(store: StoreDep) -> HTMLResponse:
    """Every document grouped by issuer level and issuer or province; groups open on double-click."""
    return HTMLResponse(render(overview_page(store)))
