"""The student's page: my place from a published round (or, until then, suggested places) in
plain words, my consent, and exactly what a company would see."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from adapters import clock
from adapters.flows import favourites, student_profile
from adapters.flows.profiles import COMPANIES, PLACES, find_profile
from adapters.flows.reads.rounds import APPROVED_DECISIONS, published_proposal
from adapters.flows.rounds import snapshot
from adapters.flows.shortlist import (
    PlaceCache,
    Suggestion,
    at_place,
    load_student,
    suggestions,
)
from adapters.privacy import consent
from adapters.privacy.audit import Actor
from api.deps import EngineDep, SessionDep, TravelDep
from api.routes.shortlist import get_place_cache
from api.web.access import PageError, PageUserDep, require_principal
from api.web.render import page
from matcher import Audience
from matcher import profile as vocab
from matcher.domain import DAY_ORDER, Company, Place, Student, TravelMode
from matcher.errors import MatcherError
from matcher.privacy.consent import Method
from matcher.privacy.fields import company_card
from matcher.privacy.vocabulary import Purpose, Role

router = APIRouter(tags=["webpagina's"])
CacheDep = Annotated[PlaceCache, Depends(get_place_cache)]
CONSENT_VERSION = "web-1"
SUGGESTED = 5
SEARCHED = 200  # eligible places searched for the words about the published place


@dataclass(frozen=True, slots=True)
class MyPlace:
    """The place the school gave me in a published round, with its words when we have them."""

    round_name: str
    place: Place
    company: Company
    travel_minutes: float | None
    found: Suggestion | None  # the same place as a suggestion: what it offers, in my words


@dataclass(frozen=True, slots=True)
class StudentView:
    """Everything the student page shows about places."""

    student: Student
    mine: MyPlace | None
    found: list[Suggestion]

    def names(self) -> dict[str, str]:
        """The suggested places' names in sentences (place id -> name)."""
        return {str(s.place.place_id): s.label or s.company.name for s in self.found}

    def companies(self) -> dict[str, str]:
        """The companies the consent form lists (id -> name), my own place first."""
        shown: dict[str, str] = {}
        if self.mine:
            shown[self.mine.company.company_id] = self.mine.company.name
        for s in self.found:
            shown.setdefault(s.company.company_id, s.company.name)
        return shown


def _my_place(
    session: SessionDep, engine: EngineDep, cache: PlaceCache, student: Student, travel: TravelDep
) -> MyPlace | None:
    """My accepted or moved place in the latest published round, if there is one."""
    published = published_proposal(session, student.student_id)
    if published is None:
        return None
    row, proposal = published
    if proposal.place_id is None or proposal.decision not in APPROVED_DECISIONS:
        return None
    conn = session.connection()
    assert row.id is not None
    frozen = snapshot.get(session, row.id)  # as published; an import does not change it
    if frozen is not None:
        place = frozen.place_profile(proposal.place_id)
        company = frozen.company_profile(proposal.company_id) if proposal.company_id else None
    else:
        place = find_profile(conn, PLACES, proposal.place_id)
        company = (
            find_profile(conn, COMPANIES, proposal.company_id) if proposal.company_id else None
        )
    if place is None or company is None:
        return None
    if frozen is not None:
        found = at_place(
            student, place, company, on=row.bpv_start, travel=travel, audience=Audience.STUDENT
        )
        return MyPlace(row.name, place, company, proposal.travel_minutes, found)
    same = [
        s
        for s in suggestions(
            engine,
            cache,
            student,
            on=row.bpv_start,
            travel=travel,
            audience=Audience.STUDENT,
            k=SEARCHED,
        )
        if s.place.place_id == place.place_id
    ]
    return MyPlace(row.name, place, company, proposal.travel_minutes, same[0] if same else None)


def _view(
    session: SessionDep, engine: EngineDep, cache: PlaceCache, student_id: str, travel: TravelDep
) -> StudentView:
    """My published place when there is one, my suggested places otherwise."""
    student = load_student(engine, student_id)
    mine = _my_place(session, engine, cache, student, travel)
    found = (
        []
        if mine
        else suggestions(
            engine,
            cache,
            student,
            on=clock.today(),
            travel=travel,
            audience=Audience.STUDENT,
            k=SUGGESTED,
        )
    )
    return StudentView(student, mine, found)


def consent_text(company_name: str) -> str:
    """The exact sentence the student agrees to (stored with the consent)."""
    return (
        f"Ik vind het goed dat {company_name} ziet wat ik nodig heb om goed te kunnen werken. "
        "Ze zien niet waarom ik dat nodig heb."
    )


def _student_id(user: PageUserDep) -> str:
    principal = require_principal(user)
    if principal.student_id is None:
        raise PageError(403, "Deze pagina is voor studenten.")
    return principal.student_id


@router.get("/student", response_class=HTMLResponse)
def student_page(
    request: Request,
    user: PageUserDep,
    session: SessionDep,
    engine: EngineDep,
    travel: TravelDep,
    cache: CacheDep,
    bewaard: str = "",
    favoriet: str = "",
) -> Response:
    """My place or suggested places, my consent settings and a preview of what a company sees."""
    sid = _student_id(user)
    view = _view(session, engine, cache, sid, travel)
    given = {
        c["recipient"]
        for c in consent.list_for_student(session, sid)
        if c["withdrawn_at"] is None and c["purpose"] == Purpose.MATCHING.value
    }
    if view.mine:
        preview_for = view.mine.company.name
        preview = company_card(view.student, view.mine.place, view.mine.company)
    elif view.found:
        preview_for = view.found[0].company.name
        preview = company_card(view.student, view.found[0].place, view.found[0].company)
    else:
        preview_for, preview = "", None
    mine = favourites.mine(session.connection(), require_principal(user))
    return page(
        request,
        "student.html",
        student=view.student,
        mine=view.mine,
        found=view.found,
        companies=view.companies(),
        given=given,
        preview=preview,
        preview_for=preview_for,
        text=consent_text,
        saved=bool(bewaard),
        favourites=[(pid, _place_name(session, view, pid)) for pid in mine],
        favourite_saved=bool(favoriet),
        max_favourites=favourites.MAX_FAVOURITES,
    )


def _place_name(session: SessionDep, view: StudentView, place_id: str) -> str:
    """A favourite's name: as suggested, else its company's name (the list outlives a round)."""
    named = view.names().get(place_id)
    if named:
        return named
    conn = session.connection()
    place = find_profile(conn, PLACES, place_id)
    company = find_profile(conn, COMPANIES, place.company_id) if place else None
    return company.name if company else "Plek die er niet meer is"


@router.post("/student/favorieten", response_class=HTMLResponse)
def change_favourite(
    _request: Request,
    user: PageUserDep,
    session: SessionDep,
    engine: EngineDep,
    travel: TravelDep,
    cache: CacheDep,
    plek: Annotated[str, Form(max_length=200)] = "",
    actie: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    """Add, remove or move one of my favourite places; nothing changes on bad input."""
    sid = _student_id(user)
    try:
        change = favourites.Change(actie)
    except ValueError:
        raise PageError(
            400, "Dat kan niet met favorieten. Kies toevoegen, weghalen, omhoog of omlaag."
        ) from None
    if not plek:
        raise PageError(400, "Kies een plek voor je favorieten.")
    choosable = set(_view(session, engine, cache, sid, travel).names())
    try:
        favourites.change_mine(session, require_principal(user), plek, change, choosable)
    except MatcherError as exc:
        session.rollback()
        raise PageError(400, exc.message) from None
    session.commit()
    return RedirectResponse("/student?favoriet=1#favorieten", status_code=303)


@router.post("/student/toestemming", response_class=HTMLResponse)
def save_consent(
    _request: Request,
    user: PageUserDep,
    session: SessionDep,
    engine: EngineDep,
    travel: TravelDep,
    cache: CacheDep,
    bedrijf: Annotated[list[str] | None, Form()] = None,
) -> Response:
    """Give consent for the ticked companies, withdraw it for the others that had it."""
    sid = _student_id(user)
    principal = require_principal(user)
    shown = _view(session, engine, cache, sid, travel).companies()
    ticked = set(bedrijf or []) & set(shown)
    actor = Actor.of(principal)
    try:
        for company_id, name in shown.items():
            has = consent.current(session, sid, Purpose.MATCHING, company_id)
            if company_id in ticked and not has:
                consent.give(
                    session,
                    student_id=sid,
                    purpose=Purpose.MATCHING,
                    recipient=company_id,
                    text_version=CONSENT_VERSION,
                    shown_text=consent_text(name),
                    recorded_by=actor,
                    method=Method.DIGITAL,
                    actively_given=True,
                    role=Role.STUDENT,
                )
            elif company_id not in ticked and has:
                consent.revoke(
                    session,
                    student_id=sid,
                    purpose=Purpose.MATCHING,
                    recipient=company_id,
                    revoked_by=actor,
                    role=Role.STUDENT,
                )
    except MatcherError as exc:
        session.rollback()
        raise PageError(409, exc.message) from None
    session.commit()
    return RedirectResponse("/student?bewaard=1#toestemming", status_code=303)


PROFILE_CHOICES = {
    "ik_ben": vocab.IK_BEN,
    "ik_kan": vocab.IK_KAN,
    "ik_wil": vocab.IK_WIL_LEREN,
    "nodig": vocab.IK_HEB_NODIG,
}
TASK_LABELS = {t.value: label for t, label in vocab.TASK_LABELS.items()}
DAY_LABELS = {d.value: name for d, name in vocab.DAY_NAMES.items()}
MODE_LABELS = {"ov": "Met het ov", "fiets": "Met de fiets", "auto": "Met de auto",
               "lopen": "Lopend", "taxi": "Met de taxi"}  # fmt: skip


def _profile_page(
    request: Request,
    user: PageUserDep,
    session: SessionDep,
    engine: EngineDep,
    status_code: int = 200,
    **extra: Any,
) -> Response:
    principal = require_principal(user)
    sid = _student_id(user)
    mine = student_profile.mine(session, principal)
    student = load_student(engine, sid)
    return page(
        request,
        "student_profile.html",
        status_code=status_code,
        student=student,
        profile=mine,
        facts=mine.proposed or mine.confirmed,
        choices=PROFILE_CHOICES,
        tasks=TASK_LABELS,
        days=[(d.value, DAY_LABELS[d.value]) for d in DAY_ORDER],
        modes=[(m.value, MODE_LABELS[m.value]) for m in TravelMode],
        max_text=vocab.TEXT_MAX,
        **extra,
    )


@router.get("/student/profiel", response_class=HTMLResponse)
def profile_page(
    request: Request, user: PageUserDep, session: SessionDep, engine: EngineDep, bewaard: str = ""
) -> Response:
    """My profile: Ik ben / Ik kan / Ik wil leren / Ik heb nodig, interests, days, travel."""
    return _profile_page(request, user, session, engine, saved=bool(bewaard), problem="")


@router.post("/student/profiel", response_class=HTMLResponse)
async def save_profile(
    request: Request, user: PageUserDep, session: SessionDep, engine: EngineDep
) -> Response:
    """Save my profile; what I need waits for my jobcoach, nothing changes on bad input."""
    principal = require_principal(user)
    _student_id(user)
    form = await request.form()
    values = {key: form.getlist(key) for key in form}
    try:
        student_profile.save_mine(session, principal, values)
    except MatcherError as exc:
        session.rollback()
        return _profile_page(
            request, user, session, engine, status_code=400, saved=False, problem=exc.message
        )
    session.commit()
    return RedirectResponse("/student/profiel?bewaard=1", status_code=303)
