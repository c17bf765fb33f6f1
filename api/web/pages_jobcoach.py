"""The jobcoach's pages: my students, and per student the shortlist with explanations, filters,
a map and what would open more options."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from adapters import clock
from adapters.flows import known_company, student_profile
from adapters.flows.reads import people
from adapters.flows.reads.rounds import sectors as company_sectors
from adapters.flows.shortlist import PlaceCache, Suggestion, suggestions, why_unplaced
from api.deps import EngineDep, SessionDep, TravelDep
from api.routes.shortlist import get_place_cache
from api.web.access import PageError, PageUserDep, require_principal
from api.web.render import page, page_then_commit
from api.web.suggest import more_options_hints
from matcher import Audience, nl
from matcher import profile as vocab
from matcher.errors import ConflictError, MatcherError, PermissionDeniedError
from matcher.scoring.explain import MODE_WORDS

router = APIRouter(tags=["webpagina's"])
CacheDep = Annotated[PlaceCache, Depends(get_place_cache)]
MAX_LISTED = 300


@router.get("/jobcoach", response_class=HTMLResponse)
def my_students(request: Request, user: PageUserDep, session: SessionDep) -> Response:
    """The students I coach (the bureau sees every student)."""
    rows = people.my_students(session, user.grant, limit=MAX_LISTED)
    return page_then_commit(request, session, "jobcoach_home.html", students=rows)  # privacy log


@router.get("/jobcoach/studenten/{student_id}", response_class=HTMLResponse)
def student_shortlist(
    request: Request,
    student_id: str,
    user: PageUserDep,
    session: SessionDep,
    engine: EngineDep,
    travel: TravelDep,
    cache: CacheDep,
    reistijd: Annotated[str, Query(max_length=3)] = "",
    branche: str = "",
    bevestigd: str = "",
) -> Response:
    """The best places for one student with the reasons, filtered by travel time and sector."""
    student = people.coached_student(session, engine, user.grant, student_id)
    own = student_profile.of_student(session, student_id)  # after the caseload check above
    known = known_company.of_student(session, student_id)
    session.commit()  # the read is in the student's privacy log
    sector = branche or None
    limit = _minutes(reistijd)
    today = clock.today()
    found = suggestions(
        engine,
        cache,
        student,
        on=today,
        travel=travel,
        audience=Audience.STAFF,
        k=15,
        max_travel_minutes=limit,
        sector=sector,
    )
    hints = more_options_hints(
        engine,
        cache,
        student,
        on=today,
        travel=travel,
        sector=sector,
        max_travel_minutes=limit,
    )
    why = why_unplaced(engine, cache, student, on=today, travel=travel)
    sectors = company_sectors(session)
    points = {
        "students": [[student.student_id, student.location.lat, student.location.lon]],
        # id, position, then the name and travel minutes for the list beside the map
        "places": [
            [f.place.place_id, *_where(f), f.label or f.company.name, _travel(f)] for f in found
        ],
        "pairs": [[[student.location.lat, student.location.lon], _where(f)] for f in found],
    }
    return page(
        request,
        "jobcoach_student.html",
        student=student,
        found=found,
        hints=hints,
        why=why.reason() if why else "",
        sectors=sectors,
        reistijd=limit or "",
        branche=branche,
        points=points,
        own=own,
        may_confirm=any(user.has(r) for r in student_profile.CONFIRMING_ROLES),
        known=known,
        labels=PROFILE_LABELS,
        confirmed_now=bool(bevestigd),
    )


PROFILE_LABELS = {
    "ik_ben": vocab.IK_BEN,
    "ik_kan": vocab.IK_KAN,
    "ik_wil": vocab.IK_WIL_LEREN,
    "ervaring": vocab.ERVARING,
    "nodig": vocab.IK_HEB_NODIG,
    "dagen": {d.value: name for d, name in vocab.DAY_NAMES.items()},
    "reizen": {m.value: words for m, words in MODE_WORDS.items()},
}


_STATUS: dict[type[MatcherError], int] = {PermissionDeniedError: 403, ConflictError: 409}


@router.post("/jobcoach/studenten/{student_id}/profiel/bevestigen", response_class=HTMLResponse)
async def confirm_profile(
    request: Request, student_id: str, user: PageUserDep, session: SessionDep, engine: EngineDep
) -> Response:
    """Confirm what my student proposed about their needs, days, hours and travel, as it is
    and as I saw it (a proposal changed since my page loaded is refused)."""
    people.coached_student(session, engine, user.grant, student_id)  # my student, or refused
    seen = str((await request.form()).get("versie", ""))
    try:
        student_profile.confirm(session, require_principal(user), student_id, seen=seen)
    except MatcherError as exc:
        session.rollback()
        raise PageError(_STATUS.get(type(exc), 400), exc.message) from None
    session.commit()
    return RedirectResponse(f"/jobcoach/studenten/{student_id}?bevestigd=1#profiel", 303)


def _minutes(text: str) -> int | None:
    """The travel-time filter: empty or unreadable means the student's own limit."""
    return min(240, max(5, int(text))) if text.strip().isdigit() else None


def _travel(found: Suggestion) -> int:
    """Travel minutes as the cards show them (rounded to 5)."""
    return nl.travel_minutes(found.item.travel_minutes)


def _where(found: Suggestion) -> list[float]:
    place, company = found.place, found.company
    loc = place.location or company.location
    return [loc.lat, loc.lon]
