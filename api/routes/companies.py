"""Companies: list, read, create, change and remove (thin: the flows do the work)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from adapters.flows import profiles
from adapters.flows.profile_filters import CompanyFilter, company_conditions
from adapters.flows.profile_store import COMPANIES
from api.deps import EngineDep, GeocoderDep
from api.schemas.common import Page
from api.schemas.companies import CompanyCreate, CompanyPublic, CompanyUpdate

router = APIRouter(prefix="/companies", tags=["bedrijven"])
Offset = Annotated[int, Query(ge=0, description="Hoeveel resultaten overslaan")]
Limit = Annotated[int, Query(ge=1, le=profiles.MAX_LIMIT, description="Hoeveel per pagina")]


@router.get("", response_model=Page[CompanyPublic], summary="Bedrijven zoeken (per pagina)")
def list_companies(
    engine: EngineDep,
    offset: Offset = 0,
    limit: Limit = 50,
    sector: str | None = None,
    open_to_extra_support: bool | None = None,
    recognised: Annotated[bool | None, Query(description="Erkend leerbedrijf (SBB)")] = None,
) -> Page[CompanyPublic]:
    """Companies sorted by id, filtered; ``total`` counts all pages."""
    where = company_conditions(CompanyFilter(sector, open_to_extra_support, recognised))
    items, total = profiles.list_profiles(engine, COMPANIES, where, offset=offset, limit=limit)
    return Page(items=[CompanyPublic.of(c) for c in items], total=total, offset=offset, limit=limit)


@router.get("/{company_id}", response_model=CompanyPublic, summary="Eén bedrijf bekijken")
def read_company(company_id: str, engine: EngineDep) -> CompanyPublic:
    """One company by id."""
    return CompanyPublic.of(profiles.get_profile(engine, COMPANIES, company_id))


@router.post(
    "",
    response_model=CompanyPublic,
    status_code=status.HTTP_201_CREATED,
    summary="Een bedrijf toevoegen",
)
def create_company(body: CompanyCreate, engine: EngineDep, geocoder: GeocoderDep) -> CompanyPublic:
    """Checked exactly like a row of companies.csv."""
    values = body.model_dump(exclude_unset=True)
    return CompanyPublic.of(profiles.create_profile(engine, COMPANIES, values, geocoder=geocoder))


@router.patch("/{company_id}", response_model=CompanyPublic, summary="Een bedrijf aanpassen")
def update_company(
    company_id: str, body: CompanyUpdate, engine: EngineDep, geocoder: GeocoderDep
) -> CompanyPublic:
    """Only the fields sent change; the whole company is checked again."""
    changes = body.model_dump(exclude_unset=True)
    item = profiles.update_profile(engine, COMPANIES, company_id, changes, geocoder=geocoder)
    return CompanyPublic.of(item)


@router.delete(
    "/{company_id}", status_code=status.HTTP_204_NO_CONTENT, summary="Een bedrijf verwijderen"
)
def delete_company(company_id: str, engine: EngineDep) -> Response:
    """Remove a company without places."""
    profiles.delete_profile(engine, COMPANIES, company_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
