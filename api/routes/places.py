"""Places: list, read, create, change and remove (thin: the flows do the work)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from adapters.db.profile_filters import P as PLACE_COLUMNS
from adapters.db.profile_filters import PlaceFilter, place_conditions
from adapters.db.profile_queries import PLACES
from adapters.db.types import MAX_DB_INT
from adapters.flows import profiles
from adapters.privacy.access import company_scope
from api.deps import EngineDep, GeocoderDep
from api.schemas.common import Page
from api.schemas.places import PlaceCreate, PlacePublic, PlaceUpdate
from api.security import Authorized, PrincipalDep

router = APIRouter(prefix="/places", tags=["plekken"])
Offset = Annotated[int, Query(ge=0, le=MAX_DB_INT, description="Hoeveel resultaten overslaan")]
Limit = Annotated[int, Query(ge=1, le=profiles.MAX_LIMIT, description="Hoeveel per pagina")]


@router.get("", response_model=Page[PlacePublic], summary="Plekken zoeken (per pagina)")
def list_places(
    grant: Authorized,
    engine: EngineDep,
    offset: Offset = 0,
    limit: Limit = 50,
    company_id: str | None = None,
    crebo: Annotated[str | None, Query(description="Plek is erkend voor deze crebo")] = None,
    sector: Annotated[str | None, Query(description="Branche van het bedrijf")] = None,
    min_capacity: Annotated[
        int | None,
        Query(ge=1, le=MAX_DB_INT, description="Minstens zoveel studenten tegelijk"),
    ] = None,
) -> Page[PlacePublic]:
    """Places sorted by id, filtered; ``total`` counts all pages."""
    where = place_conditions(PlaceFilter(company_id, crebo, sector, min_capacity))
    own = company_scope(grant)
    if own is not None:
        where.append(PLACE_COLUMNS.company_id == own)
    items, total = profiles.list_profiles(engine, PLACES, where, offset=offset, limit=limit)
    return Page(items=[PlacePublic.of(p) for p in items], total=total, offset=offset, limit=limit)


@router.get("/{place_id}", response_model=PlacePublic, summary="Eén plek bekijken")
def read_place(_: Authorized, place_id: str, engine: EngineDep) -> PlacePublic:
    """One place by id."""
    return PlacePublic.of(profiles.get_profile(engine, PLACES, place_id))


@router.post(
    "",
    response_model=PlacePublic,
    status_code=status.HTTP_201_CREATED,
    summary="Een plek toevoegen",
)
def create_place(
    actor: PrincipalDep, body: PlaceCreate, engine: EngineDep, geocoder: GeocoderDep
) -> PlacePublic:
    """Checked exactly like a row of places.csv; the company must exist."""
    values = body.model_dump(exclude_unset=True)
    return PlacePublic.of(
        profiles.create_profile(engine, PLACES, values, geocoder=geocoder, actor=actor)
    )


@router.patch("/{place_id}", response_model=PlacePublic, summary="Een plek aanpassen")
def update_place(
    actor: PrincipalDep,
    place_id: str,
    body: PlaceUpdate,
    engine: EngineDep,
    geocoder: GeocoderDep,
) -> PlacePublic:
    """Only the fields sent change; the whole place is checked again."""
    changes = body.model_dump(exclude_unset=True)
    item = profiles.update_profile(
        engine, PLACES, place_id, changes, geocoder=geocoder, actor=actor
    )
    return PlacePublic.of(item)


@router.delete(
    "/{place_id}", status_code=status.HTTP_204_NO_CONTENT, summary="Een plek verwijderen"
)
def delete_place(actor: PrincipalDep, place_id: str, engine: EngineDep) -> Response:
    """Remove a place that no student names as a wish."""
    profiles.delete_profile(engine, PLACES, place_id, actor=actor)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
