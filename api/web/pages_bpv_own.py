"""The BPV pages of the student and the company: "Mijn BPV" (where, when, whom to ask, and a
yes or no to a proposed place before the kennismaking) and "Onze BPV's" (our students' start,
contact and kennismaking, and the praktijkopleider's evaluation form). Plain forms that work on
a phone; a refused step shows a Dutch page naming what is wrong and saves nothing."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from adapters import clock
from adapters.flows import bpv as flow
from adapters.flows import bpv_details
from api.deps import SessionDep
from api.web.access import PageError, PageUserDep, require_principal
from api.web.bpv_form_fields import (
    Choices,
    ScaleField,
    date_of,
    evaluation_of,
    form_context,
    parties_of,
    reason_of,
)
from api.web.render import page
from matcher.bpv.vocabulary import Party, Verdict
from matcher.privacy.vocabulary import Role

router = APIRouter(tags=["webpagina's"])
ANSWER_OPEN = ("voorgesteld", "kennismaking_gepland")


def _yes_no(value: str) -> bool | None:
    if value not in ("", "ja", "nee"):
        raise PageError(422, "Kies bij 'weer een student' ja, nee of niets.")
    return None if not value else value == "ja"


def _need_role(user: PageUserDep, role: Role, message: str) -> None:
    if role not in require_principal(user).roles:
        raise PageError(403, message)


@router.get("/student/bpv", response_class=HTMLResponse)
def my_bpv(request: Request, user: PageUserDep, session: SessionDep) -> Response:
    """The student's own BPV: the place, days and hours, start, next evaluation, contacts."""
    _need_role(user, Role.STUDENT, "Deze pagina is voor studenten.")
    today = clock.today()
    shown = bpv_details.details(session, user.grant, today=today)
    return page(
        request, "student_bpv.html", details=shown, answer_open=ANSWER_OPEN, **form_context(today)
    )


@router.post("/student/bpv/{bpv_id}/antwoord", response_class=HTMLResponse)
def answer(
    bpv_id: int,
    user: PageUserDep,
    session: SessionDep,
    version: Annotated[int, Form()],
    antwoord: Annotated[str, Form(max_length=20)] = "",
    reden: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    """Yes, I want to meet this company; or no, with a reason (then school looks further)."""
    _need_role(user, Role.STUDENT, "Alleen de student zelf geeft dit antwoord.")
    try:
        verdict = Verdict(antwoord)
    except ValueError:
        raise PageError(422, "Kies of je deze plek wilt of niet.") from None
    flow.answer_as_student(
        session, user.grant, bpv_id, version=version, today=clock.today(), answer=verdict,
        reason=reason_of(reden),
    )  # fmt: skip
    session.commit()
    return RedirectResponse(f"/student/bpv?bewaard={bpv_id}#bpv-{bpv_id}", status_code=303)


@router.get("/bedrijf/bpv", response_class=HTMLResponse)
def our_bpvs(request: Request, user: PageUserDep, session: SessionDep) -> Response:
    """The BPVs at our places: start, contact at school, kennismaking, evaluation form."""
    _need_role(user, Role.COMPANY, "Deze pagina is voor praktijkopleiders van een bedrijf.")
    today = clock.today()
    shown = bpv_details.details(session, user.grant, today=today)
    return page(request, "company_bpv.html", details=shown, **form_context(today))


@router.post("/bedrijf/bpv/{bpv_id}/kennismaking", response_class=HTMLResponse)
def company_verdict(
    bpv_id: int,
    user: PageUserDep,
    session: SessionDep,
    version: Annotated[int, Form()],
    oordeel: Annotated[str, Form(max_length=20)] = "",
    reden: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    """After the kennismaking: do we want this student (akkoord), or not, with a reason."""
    _need_role(user, Role.COMPANY, "Alleen de praktijkopleider van het bedrijf geeft dit antwoord.")
    try:
        verdict = Verdict(oordeel)
    except ValueError:
        raise PageError(422, "Kies of jullie akkoord zijn of niet akkoord.") from None
    flow.verdict_as_company(
        session, user.grant, bpv_id, version=version, today=clock.today(), verdict=verdict,
        reason=reason_of(reden),
    )  # fmt: skip
    session.commit()
    return RedirectResponse(f"/bedrijf/bpv?bewaard={bpv_id}#bpv-{bpv_id}", status_code=303)


@router.post("/bedrijf/bpv/{bpv_id}/evaluatie", response_class=HTMLResponse)
def company_evaluation(
    bpv_id: int,
    user: PageUserDep,
    session: SessionDep,
    version: Annotated[int, Form()],
    gehouden_op: Annotated[str, Form(max_length=10)],
    wie: Choices = [],  # noqa: B006 (FastAPI copies the default)
    signalen: Choices = [],  # noqa: B006
    schaal_wat_gaat_goed: ScaleField = "",
    schaal_werk: ScaleField = "",
    schaal_samenwerken: ScaleField = "",
    schaal_leren: ScaleField = "",
    schaal_energie: ScaleField = "",
    weer_een_student: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    """The praktijkopleider's evaluation: the five scales, any signals, and whether the
    company would host a student again (not required)."""
    _need_role(user, Role.COMPANY, "Alleen de praktijkopleider van het bedrijf vult dit in.")
    present = parties_of(wie, "wie waren erbij") | {Party.PRAKTIJKOPLEIDER}
    evaluation = evaluation_of(
        date_of(gehouden_op, "datum evaluatie"),
        present,
        signalen,
        (schaal_wat_gaat_goed, schaal_werk, schaal_samenwerken, schaal_leren, schaal_energie),
        would_host_again=_yes_no(weer_een_student),
    )
    flow.evaluate_as_company(
        session, user.grant, bpv_id, version=version, today=clock.today(), evaluation=evaluation
    )
    session.commit()
    return RedirectResponse(f"/bedrijf/bpv?bewaard={bpv_id}#bpv-{bpv_id}", status_code=303)
