"""GET /budget-items: budget requests and allocations with their evidence."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api import schemas
from api.deps import StoreDep
from api.views import page
from kg.docs import select
from kg.namespace import CANCU
from loaders.gazetteer import fold

router = APIRouter(prefix="/budget-items", tags=["budget"])

_KIND = {str(CANCU.BudgetRequest): "request", str(CANCU.BudgetAllocation): "allocation"}


@router.get("", response_model=schemas.BudgetItemsPublic)
def list_budget_items(
    store: StoreDep,
    agency: Annotated[str | None, Query(description="words of the agency's name, without diacritics too")] = None,
    offset: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> schemas.BudgetItemsPublic:
    """Every budget line, in the order the documents state them."""
    rows = select(store, "budget_items")
    if agency:
        rows = [r for r in rows if r["agency"] and fold(agency) in fold(r["agency"])]
    rows.sort(key=lambda r: (r["source"], r["position"] or 0, r["fact"]))
    items = [schemas.BudgetItemPublic(
        fact=r["fact"], kind=_KIND.get(r["class"], "item"), agency=r["agency"], title=r["title"], amount_vnd=r["amount"],
        funding_source=r["fundingSource"], allocated_by=r["allocatedBy"], file=r["file"], start=r["start"], end=r["end"],
        sentence=r["sentence"]) for r in page(rows, offset, limit)]
    return schemas.BudgetItemsPublic(data=items, count=len(rows))
