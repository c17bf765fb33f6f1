"""The student's page: my suggested places in plain words, my consent, what a company would see."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from adapters.flows.shortlist import PlaceCache, load_student, suggestions
from adapters.privacy import consent
from adapters.privacy.audit import Actor
from api.deps import EngineDep, SessionDep, TravelDep
from api.routes.shortlist import get_place_cache
from api.web.access import PageError, PageUserDep, require_principal
from api.web.render import page
from matcher.errors import MatcherError
from matcher.privacy.consent import Method
from matcher.privacy.fields import company_card
from matcher.privacy.vocabulary import Purpose, Role
from matcher.scoring.explain import Audience

router = APIRouter(tags=["webpagina's"])
CacheDep = Annotated[PlaceCache, Depends(get_place_cache)]
CONSENT_VERSION = "web-1"


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
) -> Response:
    """My places, my consent settings and a preview of what a company sees."""
    sid = _student_id(user)
    student = load_student(engine, sid)
    found = suggestions(
        engine, cache, student, on=date.today(), travel=travel, audience=Audience.STUDENT, k=5
    )
    given = {
        c["recipient"]
        for c in consent.list_for_student(session, sid)
        if c["withdrawn_at"] is None and c["purpose"] == Purpose.MATCHING.value
    }
    preview = company_card(student, found[0].place, found[0].company) if found else None
    return page(
        request,
        "student.html",
        student=student,
        found=found,
        given=given,
        preview=preview,
        text=consent_text,
        saved=bool(bewaard),
    )


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
    student = load_student(engine, sid)
    shown = {
        s.company.company_id: s.company.name
        for s in suggestions(
            engine, cache, student, on=date.today(), travel=travel, audience=Audience.STUDENT, k=5
        )
    }
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
