"""Shortlist: the best eligible places for one student, with reasons, for the bureau."""

from __future__ import annotations

import threading
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from adapters import clock
from adapters.flows.reads import people
from adapters.flows.shortlist import PlaceCache
from api.deps import EngineDep, SessionDep, TravelDep
from api.schemas.shortlist import ShortlistOut, entry
from api.security import Authorized

router = APIRouter(tags=["shortlist"])
_CACHE_LOCK = threading.Lock()


def get_place_cache(request: Request) -> PlaceCache:
    """The app's place cache (made on first use; rebuilt by itself when the data changes)."""
    state = request.app.state
    with _CACHE_LOCK:
        if not hasattr(state, "place_cache"):
            state.place_cache = PlaceCache.for_engine(state.engine)
    cache: PlaceCache = state.place_cache
    return cache


@router.get(
    "/students/{student_id}/shortlist",
    response_model=ShortlistOut,
    summary="De beste plekken voor één student",
)
def read_shortlist(
    grant: Authorized,
    student_id: str,
    session: SessionDep,
    engine: EngineDep,
    travel: TravelDep,
    cache: Annotated[PlaceCache, Depends(get_place_cache)],
    k: Annotated[int, Query(ge=1, le=200, description="Hoeveel plekken")] = 20,
    max_travel_minutes: Annotated[
        int | None, Query(ge=1, le=240, description="Andere grens voor de reistijd (minuten)")
    ] = None,
    sector: Annotated[str | None, Query(description="Alleen bedrijven in deze branche")] = None,
    on: Annotated[
        date | None, Query(alias="date", description="Startdatum (JJJJ-MM-DD); leeg is vandaag")
    ] = None,
) -> ShortlistOut:
    """Only places that pass every hard rule; travel times are estimates."""
    day = on or clock.today()
    found = people.shortlist_for(
        session,
        engine,
        cache,
        grant,
        student_id,
        on=day,
        travel=travel,
        k=k,
        max_travel_minutes=max_travel_minutes,
        sector=sector,
    )
    session.commit()
    return ShortlistOut(
        student_id=student_id, on=day, items=[entry(item, company) for item, company in found]
    )
