"""The company's page: our places and capacity, the cards of students approved for us (each part
only when the student shares it with us), and a form to keep our profile up to date."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from adapters.flows.profiles import COMPANIES, find_profile, update_profile
from adapters.flows.reads.people import own_places
from adapters.privacy.candidates import company_candidates
from api.deps import EngineDep, GeocoderDep, SessionDep
from api.web.access import PageError, PageUserDep, require_principal
from api.web.render import page_then_commit
from matcher.domain import SupportArea
from matcher.errors import MatcherError
from matcher.labels import labels_for

router = APIRouter(tags=["webpagina's"])
FACILITY_LABELS = {"yes": "Ja", "arrangeable": "Kan geregeld worden", "no": "Nee"}
# How open the workplace is (contract: questions welcome, contact on the floor, no prejudice);
# experience with extra support is a separate question: the areas below.
OPENNESS_LABELS = {
    0: "Iedereen werkt vooral zelfstandig",
    1: "Vragen stellen mag altijd",
    2: "Er is een vaste collega als maatje",
    3: "Het hele team helpt mee en past zich aan",
}
# What the company has experience with (support areas: what a student needs, never a diagnosis)
EXPERTISE_LABELS = {
    SupportArea.STRUCTUUR: "Werken met een vaste structuur en duidelijke afspraken",
    SupportArea.PRIKKELS: "Een rustige plek met weinig prikkels",
    SupportArea.MOBILITEIT: "Toegankelijk werk voor wie minder goed kan bewegen",
    SupportArea.ENERGIE: "Rustig opbouwen, met pauzes als het nodig is",
    SupportArea.TAAL: "Studenten die nog Nederlands leren",
    SupportArea.COMMUNICATIE: "Duidelijk en rustig uitleggen",
    SupportArea.GEDRAG: "Begeleiden bij samenwerken en omgangsvormen",
}


def _company_id(user: PageUserDep) -> str:
    principal = require_principal(user)
    if principal.company_id is None:
        raise PageError(403, "Deze pagina is voor praktijkopleiders van een bedrijf.")
    return principal.company_id


@router.get("/bedrijf", response_class=HTMLResponse)
def company_page(
    request: Request, user: PageUserDep, session: SessionDep, engine: EngineDep, bewaard: str = ""
) -> Response:
    """Our places, the students proposed to us and our profile."""
    company_id = _company_id(user)
    company = find_profile(session.connection(), COMPANIES, company_id)
    if company is None:
        raise PageError(404, "Dit bedrijf staat (nog) niet in de gegevens.")
    places = own_places(session, user.grant)
    cards = company_candidates(session, engine, company_id, user.grant)
    return page_then_commit(  # what the company was shown is in the privacy log
        request,
        session,
        "company.html",
        company=company,
        places=places,
        labels=labels_for(places, company),
        cards=cards,
        facilities=FACILITY_LABELS,
        openness=OPENNESS_LABELS,
        expertise=EXPERTISE_LABELS,
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
    expertise_areas: Annotated[list[str], Form(max_length=len(SupportArea))] = [],  # noqa: B006
) -> Response:
    """Store the changed accessibility, supervision time and openness."""
    company_id = _company_id(user)
    actor = require_principal(user)
    changes = {
        "wheelchair_access": wheelchair_access,
        "adapted_toilet": adapted_toilet,
        "guidance_hours_per_week": guidance_hours_per_week,
        "social_openness": social_openness,
        "open_to_extra_support": open_to_extra_support,
        "expertise_areas": sorted(set(expertise_areas)),
    }
    try:
        update_profile(engine, COMPANIES, company_id, changes, geocoder=geocoder, actor=actor)
    except MatcherError as exc:
        raise PageError(422, exc.message) from None
    return RedirectResponse("/bedrijf?bewaard=1", status_code=303)
