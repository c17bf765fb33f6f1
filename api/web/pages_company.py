"""The company's page: our places and capacity, the cards of students approved for us (each part
only when the student shares it with us), and a form to keep our profile up to date."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from adapters.flows import praktijkopleiders as people
from adapters.flows.profiles import COMPANIES, find_profile, update_profile
from adapters.flows.reads.people import own_places
from adapters.privacy.candidates import company_candidates
from api.deps import EngineDep, GeocoderDep, SessionDep
from api.web.access import PageError, PageUser, PageUserDep, require_principal
from api.web.render import page_then_commit
from matcher.domain import SupportArea
from matcher.errors import MatcherError, NotFoundError, PermissionDeniedError
from matcher.labels import labels_for
from matcher.supervision import with_praktijkopleiders

router = APIRouter(tags=["webpagina's"])
FACILITY_LABELS = {"yes": "Ja", "arrangeable": "Kan geregeld worden", "no": "Nee"}
# How open the workplace is, and nothing else (contract: questions welcome, contact on the floor,
# no prejudice). How much experience the company has with extra support is its own question
# (EXPERIENCE_LABELS), and so are the support areas (EXPERTISE_LABELS).
OPENNESS_LABELS = {
    0: "Iedereen werkt vooral zelfstandig. Er is weinig tijd voor vragen",
    1: "Vragen stellen mag altijd",
    2: "Vragen stellen mag altijd, en er is een vaste collega om op terug te vallen",
    3: "Iedereen is welkom: vragen mag altijd, er is een vaste collega en niemand oordeelt",
}
# Experience with students who need extra support (matcher.supervision.SupportExperience)
EXPERIENCE_LABELS = {
    0: "Nog geen ervaring",
    1: "Een beetje ervaring",
    2: "Veel ervaring",
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


SAVED = {
    "1": "Jullie gegevens zijn bewaard.",
    "erbij": "De praktijkopleider staat erbij.",
    "aangepast": "De gegevens van de praktijkopleider zijn bewaard.",
    "weg": "De praktijkopleider is weggehaald.",
}


@router.get("/bedrijf", response_class=HTMLResponse)
def company_page(
    request: Request, user: PageUserDep, session: SessionDep, engine: EngineDep, bewaard: str = ""
) -> Response:
    """Our places, the students proposed to us, our praktijkopleiders and our profile."""
    saved = SAVED.get(bewaard, "")
    return _render(request, user, session, engine, saved=saved, saved_people=bewaard != "1")


def _render(
    request: Request,
    user: PageUser,
    session: SessionDep,
    engine: EngineDep,
    *,
    saved: str = "",
    saved_people: bool = False,
    adding: bool = False,
    error: str = "",
    draft: dict[str, str] | None = None,
    editing: int | None = None,
    status_code: int = 200,
) -> Response:
    """The company page; after a refused form, with the message and what was typed."""
    company_id = _company_id(user)
    conn = session.connection()
    company = find_profile(conn, COMPANIES, company_id)
    if company is None:
        raise PageError(404, "Dit bedrijf staat (nog) niet in de gegevens.")
    team = people.own(conn, user.grant)
    seen = with_praktijkopleiders(company, team)  # what a round uses as our budget
    places = own_places(session, user.grant)
    cards = company_candidates(session, engine, company_id, user.grant)
    return page_then_commit(  # what the company was shown is in the privacy log
        request,
        session,
        "company.html",
        status_code=status_code,
        company=company,
        seen=seen,
        team=team,
        places=places,
        labels=labels_for(places, company),
        cards=cards,
        facilities=FACILITY_LABELS,
        openness=OPENNESS_LABELS,
        experience=EXPERIENCE_LABELS,
        expertise=EXPERTISE_LABELS,
        saved=saved,
        saved_people=saved_people,
        adding=adding,
        error=error,
        draft=draft or {},
        editing=editing,
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
    social_openness: Annotated[int, Form(ge=0, le=3)],
    guidance_hours_per_week: Annotated[float | None, Form(ge=0, le=80)] = None,
    support_experience: Annotated[Literal["", "0", "1", "2"] | None, Form()] = None,
    open_to_extra_support: Annotated[bool, Form()] = False,
    expertise_areas: Annotated[list[str], Form(max_length=len(SupportArea))] = [],  # noqa: B006
) -> Response:
    """Store the changed accessibility, supervision time, openness and experience.

    With praktijkopleiders the page sends neither the hours nor the experience: those follow
    from the people, and the stored values stay for when there are none."""
    company_id = _company_id(user)
    actor = require_principal(user)
    changes: dict[str, object] = {
        "wheelchair_access": wheelchair_access,
        "adapted_toilet": adapted_toilet,
        "social_openness": social_openness,
        "open_to_extra_support": open_to_extra_support,
        "expertise_areas": sorted(set(expertise_areas)),
    }
    if guidance_hours_per_week is not None:
        changes["guidance_hours_per_week"] = guidance_hours_per_week
    if support_experience is not None:
        changes["support_experience"] = support_experience  # "": not told
    try:
        update_profile(engine, COMPANIES, company_id, changes, geocoder=geocoder, actor=actor)
    except MatcherError as exc:
        raise PageError(422, exc.message) from None
    return RedirectResponse("/bedrijf?bewaard=1", status_code=303)


Text = Annotated[str, Form(max_length=300)]


def _form(name: str, email: str, phone: str, hours: str, experience: str) -> dict[str, str]:
    return {
        "name": name,
        "email": email,
        "phone": phone,
        "hours_per_week": hours,
        "support_experience": experience,
    }


def _refused(
    request: Request,
    user: PageUser,
    session: SessionDep,
    engine: EngineDep,
    exc: MatcherError,
    draft: dict[str, str],
    editing: int | None = None,
    *,
    adding: bool = False,
) -> Response:
    """The same page again with the Dutch message in the form that was sent and what was
    typed; nothing was stored. A person who is not (or no longer) ours: 404, at the list."""
    missing = isinstance(exc, NotFoundError)
    return _render(
        request, user, session, engine, error=exc.message, draft=draft,
        editing=None if missing else editing, adding=adding and not missing,
        status_code=404 if missing else 422,
    )  # fmt: skip


@router.post("/bedrijf/praktijkopleiders", response_class=HTMLResponse)
def add_person(
    request: Request,
    user: PageUserDep,
    session: SessionDep,
    engine: EngineDep,
    name: Text = "",
    email: Text = "",
    phone: Text = "",
    hours_per_week: Text = "",
    support_experience: Text = "",
) -> Response:
    """Add a praktijkopleider to our company."""
    _company_id(user)
    draft = _form(name, email, phone, hours_per_week, support_experience)
    try:
        people.add(engine, user.grant, draft)
    except PermissionDeniedError as exc:
        raise PageError(403, exc.message) from None
    except MatcherError as exc:
        return _refused(request, user, session, engine, exc, draft, adding=True)
    return RedirectResponse("/bedrijf?bewaard=erbij#praktijkopleiders", status_code=303)


@router.post("/bedrijf/praktijkopleiders/{person_id}", response_class=HTMLResponse)
def edit_person(
    request: Request,
    user: PageUserDep,
    session: SessionDep,
    engine: EngineDep,
    person_id: int,
    name: Text = "",
    email: Text = "",
    phone: Text = "",
    hours_per_week: Text = "",
    support_experience: Text = "",
) -> Response:
    """Change one of our praktijkopleiders."""
    _company_id(user)
    draft = _form(name, email, phone, hours_per_week, support_experience)
    try:
        people.edit(engine, user.grant, person_id, draft)
    except PermissionDeniedError as exc:
        raise PageError(403, exc.message) from None
    except MatcherError as exc:
        return _refused(request, user, session, engine, exc, draft, editing=person_id)
    return RedirectResponse("/bedrijf?bewaard=aangepast#praktijkopleiders", status_code=303)


@router.post("/bedrijf/praktijkopleiders/{person_id}/verwijderen", response_class=HTMLResponse)
def remove_person(
    request: Request, user: PageUserDep, session: SessionDep, engine: EngineDep, person_id: int
) -> Response:
    """Remove one of our praktijkopleiders."""
    _company_id(user)
    try:
        people.remove(engine, user.grant, person_id)
    except PermissionDeniedError as exc:
        raise PageError(403, exc.message) from None
    except MatcherError as exc:
        return _refused(request, user, session, engine, exc, {})
    return RedirectResponse("/bedrijf?bewaard=weg#praktijkopleiders", status_code=303)
