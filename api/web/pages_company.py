"""The company's page: our places and capacity, the needs-only cards of students proposed to us
(only with their consent), and a form to keep our profile up to date."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import and_, select
from sqlmodel import Session

from adapters.db.models import CURRENT_DATASET
from adapters.db.round_models import MatchRoundRow
from adapters.flows.profile_store import COMPANIES, PLACES, STUDENTS, fetch_one
from adapters.flows.profiles import update_profile
from adapters.privacy import consent
from api.deps import EngineDep, GeocoderDep, SessionDep
from api.web.access import PageError, PageUserDep, require_principal
from api.web.render import page
from api.web.tables import MR, PL, PR
from matcher.domain import Company
from matcher.errors import MatcherError
from matcher.privacy.fields import company_card
from matcher.privacy.vocabulary import Purpose

router = APIRouter(tags=["webpagina's"])
FACILITY_LABELS = {"yes": "Ja", "arrangeable": "Kan geregeld worden", "no": "Nee"}
OPENNESS_LABELS = {
    0: "Nog weinig ervaring",
    1: "Vragen stellen mag",
    2: "Vaste collega als maatje",
    3: "Veel ervaring met extra steun",
}


def _company_id(user: PageUserDep) -> str:
    principal = require_principal(user)
    if principal.company_id is None:
        raise PageError(403, "Deze pagina is voor praktijkopleiders van een bedrijf.")
    return principal.company_id


def _cards(session: Session, company_id: str, company: Company) -> list[dict[str, Any]]:
    rows = session.execute(
        select(PR.student_id, PR.place_id)
        .join(
            MatchRoundRow,
            and_(
                MR.id == PR.round_id,
                MR.current_run == PR.run,
            ),
        )
        .where(PR.company_id == company_id)
        .distinct()
    ).all()
    conn = session.connection()
    cards = []
    for student_id, place_id in rows:
        student, place = fetch_one(conn, STUDENTS, student_id), fetch_one(conn, PLACES, place_id)
        if student is None or place is None:
            continue
        ok = consent.current(session, student_id, Purpose.MATCHING, company_id)
        cards.append(company_card(student, place, company, consented=ok))
    return cards


@router.get("/bedrijf", response_class=HTMLResponse)
def company_page(
    request: Request, user: PageUserDep, session: SessionDep, bewaard: str = ""
) -> Response:
    """Our places, the students proposed to us and our profile."""
    company_id = _company_id(user)
    company = fetch_one(session.connection(), COMPANIES, company_id)
    if company is None:
        raise PageError(404, "Dit bedrijf staat (nog) niet in de gegevens.")
    places = session.execute(
        select(PL.place_id, PL.capacity, PL.niveau_min, PL.niveau_max)
        .where(PL.dataset == CURRENT_DATASET, PL.company_id == company_id)
        .order_by(PL.place_id)
    ).all()
    return page(
        request,
        "company.html",
        company=company,
        places=places,
        cards=_cards(session, company_id, company),
        facilities=FACILITY_LABELS,
        openness=OPENNESS_LABELS,
        saved=bool(bewaard),
    )


Facility = Literal["yes", "arrangeable", "no"]


@router.post("/bedrijf/profiel", response_class=HTMLResponse)
def save_profile(
    _request: Request,
    user: PageUserDep,
    engine: EngineDep,
    geocoder: GeocoderDep,
    wheelchair_access: Annotated[Facility, Form()],
    adapted_toilet: Annotated[Facility, Form()],
    guidance_hours_per_week: Annotated[float, Form(ge=0, le=80)],
    social_openness: Annotated[int, Form(ge=0, le=3)],
    open_to_extra_support: Annotated[bool, Form()] = False,
) -> Response:
    """Store the changed accessibility, supervision time and openness."""
    company_id = _company_id(user)
    changes = {
        "wheelchair_access": wheelchair_access,
        "adapted_toilet": adapted_toilet,
        "guidance_hours_per_week": guidance_hours_per_week,
        "social_openness": social_openness,
        "open_to_extra_support": open_to_extra_support,
    }
    try:
        update_profile(engine, COMPANIES, company_id, changes, geocoder=geocoder)
    except MatcherError as exc:
        raise PageError(422, exc.message) from None
    return RedirectResponse("/bedrijf?bewaard=1", status_code=303)
