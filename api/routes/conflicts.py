"""GET /conflicts: tasks led by more than one agency."""
from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from api import schemas
from api.deps import StoreDep
from kg.conflicts import conflicts

router = APIRouter(prefix="/conflicts", tags=["conflicts"])


@router.get("", response_model=schemas.ConflictsPublic)
def list_conflicts(
    store: StoreDep,
    kind: Annotated[Literal["across documents", "co-leads"] | None, Query()] = None,
) -> schemas.ConflictsPublic:
    """Tasks whose lead two documents give to different agencies (the newer named), then co-leads."""
    found = [c.to_dict() | {"graph_url": schemas.trace_url(c.task)} for c in conflicts(store, kind=kind)]
    return schemas.ConflictsPublic(data=found, count=len(found))
