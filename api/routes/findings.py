"""GET /findings: data-quality findings over the whole store."""
from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from api import schemas
from api.deps import StoreDep
from kg.audit import findings

router = APIRouter(prefix="/findings", tags=["findings"])

Kind = Literal["date_conflict", "future_date", "type_mismatch", "issuer_mismatch", "malformed_symbol",
               "unassigned_task", "missing_basis", "replaced_basis", "allocation_total_mismatch", "conflicting_assignment"]


@router.get("", response_model=schemas.FindingsPublic)
def list_findings(store: StoreDep, kind: Annotated[Kind | None, Query()] = None) -> schemas.FindingsPublic:
    """Every finding (cancu-eval/1 objects: kind, documents, detail, evidence), by kind."""
    found = findings(store, kind=kind)
    return schemas.FindingsPublic(data=found, count=len(found))
