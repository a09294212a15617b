"""GET /reports/budget: the budget legal-basis report as a file (html, md, csv, xlsx, docx)."""
from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response

from api.deps import StoreDep
from kg.budget_report import budget_report
from kg.report_render import MEDIA_TYPES, render

router = APIRouter(prefix="/reports", tags=["reports"])

Format = Literal["html", "md", "csv", "xlsx", "docx"]


@router.get("/budget", response_class=Response, responses={200: {"content": {t: {} for t in MEDIA_TYPES.values()}}})
def budget(
    store: StoreDep,
    fmt: Annotated[Format, Query(alias="format", description="html, md, csv, xlsx or docx")] = "html",
    agency: Annotated[str | None, Query(description="words of the agency's name, without diacritics too")] = None,
    year: Annotated[int | None, Query(ge=1900, le=2200, description="only items with an amount in this year")] = None,
) -> Response:
    """Every budget item with its legal basis up to the national root and the checks on it."""
    body = render(budget_report(store, agency=agency, year=year), fmt)
    # html shows in the browser; the others are files to save
    disposition = "inline" if fmt == "html" else "attachment"
    headers = {"Content-Disposition": f'{disposition}; filename="bao-cao-kinh-phi.{fmt}"'}
    return Response(body, media_type=MEDIA_TYPES[fmt], headers=headers)
