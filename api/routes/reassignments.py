"""GET /reassignments: reassignment requests and whether a later document settled them."""
from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from api import schemas
from api.deps import StoreDep
from kg.reassignments import reassignments

router = APIRouter(prefix="/reassignments", tags=["reassignments"])


@router.get("", response_model=schemas.ReassignmentsPublic)
def list_reassignments(
    store: StoreDep,
    agency: Annotated[str | None, Query(description="an agency that made or is asked to take the request")] = None,
    status: Annotated[Literal["pending", "resolved"] | None, Query()] = None,
) -> schemas.ReassignmentsPublic:
    """Every reassignment request, oldest carrying document first."""
    found = [q.to_dict() for q in reassignments(store, agency=agency, status=status)]
    return schemas.ReassignmentsPublic(data=found, count=len(found))
