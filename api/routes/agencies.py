"""GET /agencies (by name, without diacritics) and GET /agencies/{id} (one agency's profile)."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api import schemas
from api.deps import StoreDep
from api.views import agency_public, iri_of, not_found, page, province_slug
from kg.agency import find_agencies, profile
from kg.docs import agency_info

router = APIRouter(prefix="/agencies", tags=["agencies"])


@router.get("", response_model=schemas.AgenciesPublic)
def list_agencies(
    store: StoreDep,
    name: Annotated[str | None, Query(description='words of the name, with or without diacritics: "so noi vu"')] = None,
    province: Annotated[str | None, Query(description='"Quảng Ngãi" or "quang-ngai"')] = None,
    offset: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> schemas.AgenciesPublic:
    """The agencies the store knows, by name."""
    found = find_agencies(store, name) if name else agency_info(store)
    if province:
        found = [a for a in found if a.province == province_slug(province)]
    return schemas.AgenciesPublic(data=[agency_public(a) for a in page(found, offset, limit)], count=len(found))


@router.get("/{agency_id:path}", response_model=schemas.AgencyProfilePublic, responses={404: {"model": schemas.Message}})
def get_agency(agency_id: str, store: StoreDep) -> schemas.AgencyProfilePublic:
    """One agency: the tasks it leads, supports or monitors, the reassignment requests it made or
    received, its budget lines and its sub-units."""
    iri = iri_of("agencies", agency_id)
    found = agency_info(store, iri)
    if not found:
        raise not_found("agency", iri)
    p = profile(store, found[0]).to_dict()
    return schemas.AgencyProfilePublic(agency=agency_public(found[0]), tasks=p["tasks"], requests=p["requests"],
                                       budget=p["budget"], sub_units=[agency_public(a) for a in profile(store, found[0]).sub_units])
