"""Companies: list, read, create, change and remove (thin: the flows do the work)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response, status

from adapters.db.profile_filters import CompanyFilter, company_conditions
from adapters.db.profile_queries import COMPANIES
from adapters.db.types import MAX_DB_INT
from adapters.flows import praktijkopleiders, profiles, track
from adapters.privacy.access import company_scope
from adapters.privacy.candidates import company_candidates
from api.deps import EngineDep, GeocoderDep, SessionDep
from api.schemas.common import Page
from api.schemas.companies import (
    CompanyCreate,
    CompanyListed,
    CompanyPublic,
    CompanyUpdate,
    PraktijkopleiderOut,
    TrackRecordOut,
)
from api.security import Authorized, PrincipalDep
from matcher.bpv.track import TrackRecord
from matcher.domain import Company

router = APIRouter(prefix="/companies", tags=["bedrijven"])
Offset = Annotated[int, Query(ge=0, le=MAX_DB_INT, description="Hoeveel resultaten overslaan")]
Limit = Annotated[int, Query(ge=1, le=profiles.MAX_LIMIT, description="Hoeveel per pagina")]


@router.get("", response_model=Page[CompanyListed], summary="Bedrijven zoeken (per pagina)")
def list_companies(
    grant: Authorized,
    engine: EngineDep,
    session: SessionDep,
    offset: Offset = 0,
    limit: Limit = 50,
    sector: str | None = None,
    open_to_extra_support: bool | None = None,
    recognised: Annotated[bool | None, Query(description="Erkend leerbedrijf (SBB)")] = None,
) -> Page[CompanyListed]:
    """Companies sorted by id, filtered; ``total`` counts all pages. The bureau also gets each
    company's track record (BPVs hosted, how they ended, would host again)."""
    where = company_conditions(CompanyFilter(sector, open_to_extra_support, recognised))
    own = company_scope(grant)
    if own is not None:
        where.append(COMPANIES.key == own)
    items, total = profiles.list_profiles(engine, COMPANIES, where, offset=offset, limit=limit)
    records = track.track_records(session, grant, [c.company_id for c in items]) or {}
    seen = praktijkopleiders.as_round_sees(session.connection(), items)
    listed = [
        CompanyListed.model_validate(
            {
                **CompanyPublic.of(s).model_dump(),
                "track_record": _track(records, s.company.company_id),
            }
        )
        for s in seen
    ]
    return Page(items=listed, total=total, offset=offset, limit=limit)


def _public(session: SessionDep, company: Company) -> CompanyPublic:
    """The company with the supervision budget a round uses and where it comes from."""
    [seen] = praktijkopleiders.as_round_sees(session.connection(), [company])
    return CompanyPublic.of(seen)


def _track(records: dict[str, TrackRecord], company_id: str) -> TrackRecordOut | None:
    record = records.get(company_id)
    return None if record is None else TrackRecordOut.of(record)


@router.get("/{company_id}", response_model=CompanyPublic, summary="Eén bedrijf bekijken")
def read_company(
    _: Authorized, company_id: str, engine: EngineDep, session: SessionDep
) -> CompanyPublic:
    """One company by id; its supervision hours as a round uses them (with praktijkopleiders
    their sum), with the company's own number beside it."""
    return _public(session, profiles.get_profile(engine, COMPANIES, company_id))


@router.post(
    "",
    response_model=CompanyPublic,
    status_code=status.HTTP_201_CREATED,
    summary="Een bedrijf toevoegen",
)
def create_company(
    actor: PrincipalDep,
    body: CompanyCreate,
    engine: EngineDep,
    geocoder: GeocoderDep,
    session: SessionDep,
) -> CompanyPublic:
    """Checked exactly like a row of companies.csv."""
    values = body.model_dump(exclude_unset=True)
    created = profiles.create_profile(engine, COMPANIES, values, geocoder=geocoder, actor=actor)
    return _public(session, created)


@router.patch("/{company_id}", response_model=CompanyPublic, summary="Een bedrijf aanpassen")
def update_company(
    actor: PrincipalDep,
    company_id: str,
    body: CompanyUpdate,
    engine: EngineDep,
    geocoder: GeocoderDep,
    session: SessionDep,
) -> CompanyPublic:
    """Only the fields sent change; the whole company is checked again. A sent
    ``guidance_hours_per_week`` is the company's own number (``stored_guidance_hours_per_week``
    in the answer); with praktijkopleiders a round keeps using their sum."""
    changes = body.model_dump(exclude_unset=True)
    item = profiles.update_profile(
        engine, COMPANIES, company_id, changes, geocoder=geocoder, actor=actor
    )
    return _public(session, item)


@router.delete(
    "/{company_id}", status_code=status.HTTP_204_NO_CONTENT, summary="Een bedrijf verwijderen"
)
def delete_company(actor: PrincipalDep, company_id: str, engine: EngineDep) -> Response:
    """Remove a company without places."""
    profiles.delete_profile(engine, COMPANIES, company_id, actor=actor)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/{company_id}/candidates", summary="Voorgestelde studenten (bedrijfsweergave)")
def read_candidates(
    grant: Authorized, company_id: str, session: SessionDep, engine: EngineDep
) -> list[dict[str, Any]]:
    """Per proposed student the card with the parts that student shares with this company now
    (strengths, conditions, needs; ``parts`` lists them); without any part a minimal card."""
    cards = company_candidates(session, engine, company_id, grant)
    session.commit()
    return cards


@router.get(
    "/{company_id}/praktijkopleiders",
    response_model=list[PraktijkopleiderOut],
    summary="De praktijkopleiders van een bedrijf",
)
def read_praktijkopleiders(
    grant: Authorized, company_id: str, session: SessionDep
) -> list[PraktijkopleiderOut]:
    """Name, contact, hours and experience: for school staff and for the company itself."""
    found = praktijkopleiders.of_company(session.connection(), grant, company_id)
    return [PraktijkopleiderOut.of(p) for p in found]
