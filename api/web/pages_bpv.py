"""The BPV pages after the match: the bureau's board (the queue first, then every BPV by status)
and the jobcoach's and begeleider's view of their students' BPVs, with the forms to plan and
record a kennismaking and to record an evaluation (plain forms that work on a phone). A refused
step shows a Dutch page naming what is wrong; nothing is saved (the session is not committed)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from adapters import clock
from adapters.flows import bpv as flow
from adapters.flows import praktijkopleiders
from adapters.flows.rounds import lifecycle, rematch
from api.deps import DispatcherDep, SessionDep, SettingsDep
from api.web.access import PageUserDep, actor_label
from api.web.bpv_form_fields import (
    Choices,
    FormText,
    ScaleField,
    choice_of,
    date_of,
    evaluation_of,
    form_context,
    parties_of,
    reason_of,
    verdict_of,
)
from api.web.render import page
from matcher.bpv.lifecycle import Finish, RecordKennismaking, Stop
from matcher.bpv.vocabulary import (
    BpvStatus,
    Outcome,
    OutcomeReason,
    Side,
    StopReason,
)

router = APIRouter(tags=["webpagina's"])
MY_BPVS = "/jobcoach/bpv"


@router.get("/bureau/bpv", response_class=HTMLResponse)
def board(
    request: Request, user: PageUserDep, session: SessionDep, settings: SettingsDep
) -> Response:
    """Every BPV by status, with the students who wait for a new place and the evaluations
    that are late first."""
    today = clock.today()
    bpvs = flow.list_bpvs(session, user.grant, today=today)
    waiting = flow.waiting(session, user.grant, today=today)
    late = flow.late_evaluations(
        session, bpvs, today=today, grace_days=settings.bpv_overdue_after_days
    )
    by_status = {s: [b for b in bpvs if b.status == s.value] for s in BpvStatus}
    return page(
        request, "bureau_bpv.html", bpvs=bpvs, by_status=by_status, waiting=waiting, late=late,
        names=flow.names(session, user.grant, bpvs),
        waiting_names=flow.waiting_names(session, user.grant, waiting), **form_context(today),
    )  # fmt: skip


@router.post("/bureau/bpv/herplaatsing", response_class=HTMLResponse)
def start_rematch(
    user: PageUserDep,
    session: SessionDep,
    dispatcher: DispatcherDep,
    settings: SettingsDep,
    bpv_start: Annotated[str, Form(max_length=10)],
    studenten: Annotated[list[str], Form(max_length=1000)] = [],  # noqa: B006
) -> Response:
    """A re-match round for the chosen queued students (none chosen: everyone who waits),
    started at once; then its page, where it is reviewed and published like any round."""
    row = rematch.create_rematch(
        session,
        student_ids=studenten,
        bpv_start=date_of(bpv_start, "Startdatum van de BPV"),
        actor=actor_label(user),
        site_url=settings.site_url,
    )
    assert row.id is not None
    round_id = row.id
    dispatch = lifecycle.start_round(session, round_id, actor=actor_label(user))
    session.commit()
    if dispatch:
        dispatcher.submit(round_id)
    return RedirectResponse(f"/bureau/rondes/{round_id}", status_code=303)


@router.get("/jobcoach/bpv", response_class=HTMLResponse)
def my_bpvs(request: Request, user: PageUserDep, session: SessionDep) -> Response:
    """My students' BPVs, each with the form for its next step."""
    today = clock.today()
    bpvs = flow.list_bpvs(session, user.grant, today=today)
    contacts = praktijkopleiders.contacts_for_staff(
        session.connection(), user.grant, (b.company_id for b in bpvs)
    )
    return page(
        request, "jobcoach_bpv.html", bpvs=bpvs, names=flow.names(session, user.grant, bpvs),
        contacts=contacts, **form_context(today),
    )  # fmt: skip


def _done(bpv_id: int) -> Response:
    return RedirectResponse(f"{MY_BPVS}#bpv-{bpv_id}", status_code=303)


@router.post("/jobcoach/bpv/{bpv_id}/kennismaking-plannen", response_class=HTMLResponse)
def plan_kennismaking(
    bpv_id: int,
    user: PageUserDep,
    session: SessionDep,
    settings: SettingsDep,
    version: Annotated[int, Form()],
    op: Annotated[str, Form(max_length=10)],
    mee: Choices = [],  # noqa: B006 (FastAPI copies the default)
) -> Response:
    """Plan or move the kennismaking."""
    flow.plan_kennismaking(
        session, user.grant, bpv_id, version=version, today=clock.today(),
        on=date_of(op, "datum kennismaking"), going_along=parties_of(mee, "wie gaat mee"),
        site_url=settings.site_url,
    )  # fmt: skip
    session.commit()
    return _done(bpv_id)


@router.post("/jobcoach/bpv/{bpv_id}/kennismaking", response_class=HTMLResponse)
def record_kennismaking(
    bpv_id: int,
    user: PageUserDep,
    session: SessionDep,
    version: Annotated[int, Form()],
    gehad_op: Annotated[str, Form(max_length=10)],
    student: Annotated[str, Form(max_length=20)] = "",
    bedrijf: Annotated[str, Form(max_length=20)] = "",
    reden_student: Annotated[str, Form(max_length=40)] = "",
    reden_bedrijf: Annotated[str, Form(max_length=40)] = "",
    opmerking: FormText = "",
) -> Response:
    """Record how the kennismaking went; "niet akkoord" puts the student in the queue."""
    command = RecordKennismaking(
        date_of(gehad_op, "datum kennismaking gehad"),
        verdict_of(student, "de student"),
        verdict_of(bedrijf, "het bedrijf"),
        reason_of(reden_student),
        reason_of(reden_bedrijf),
    )
    flow.record_kennismaking(
        session, user.grant, bpv_id, version=version, today=clock.today(), command=command,
        remark=opmerking,
    )  # fmt: skip
    session.commit()
    return _done(bpv_id)


@router.post("/jobcoach/bpv/{bpv_id}/evaluatie", response_class=HTMLResponse)
def record_evaluation(
    bpv_id: int,
    user: PageUserDep,
    session: SessionDep,
    version: Annotated[int, Form()],
    gehouden_op: Annotated[str, Form(max_length=10)],
    wie: Choices = [],  # noqa: B006
    signalen: Choices = [],  # noqa: B006
    afspraken: FormText = "",
    schaal_wat_gaat_goed: ScaleField = "",
    schaal_werk: ScaleField = "",
    schaal_samenwerken: ScaleField = "",
    schaal_leren: ScaleField = "",
    schaal_energie: ScaleField = "",
) -> Response:
    """Record a held evaluation: who, the five scales, signals and the agreements."""
    evaluation = evaluation_of(
        date_of(gehouden_op, "datum evaluatie"),
        parties_of(wie, "wie waren erbij"),
        signalen,
        (schaal_wat_gaat_goed, schaal_werk, schaal_samenwerken, schaal_leren, schaal_energie),
        afspraken,
    )
    flow.record_evaluation(
        session, user.grant, bpv_id, version=version, today=clock.today(), evaluation=evaluation
    )
    session.commit()
    return _done(bpv_id)


@router.post("/jobcoach/bpv/{bpv_id}/evaluaties-plannen", response_class=HTMLResponse)
def plan_evaluations(
    bpv_id: int,
    user: PageUserDep,
    session: SessionDep,
    version: Annotated[int, Form()],
    momenten: Annotated[list[str], Form(max_length=4)] = [],  # noqa: B006
) -> Response:
    """The planned evaluation moments (empty fields are left out; replaces the plan)."""
    dates = [date_of(m, f"evaluatie {n}") for n, m in enumerate(momenten, start=1) if m.strip()]
    flow.plan_evaluations(
        session, user.grant, bpv_id, version=version, today=clock.today(), dates=dates
    )
    session.commit()
    return _done(bpv_id)


@router.post("/jobcoach/bpv/{bpv_id}/overeenkomst", response_class=HTMLResponse)
def sign_agreement(
    bpv_id: int,
    user: PageUserDep,
    session: SessionDep,
    version: Annotated[int, Form()],
    getekend_op: Annotated[str, Form(max_length=10)],
    ouder: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """The praktijkovereenkomst is signed (for a minor also by a parent or guardian)."""
    flow.sign_agreement(
        session, user.grant, bpv_id, version=version, today=clock.today(),
        signed_on=date_of(getekend_op, "datum getekend"), guardian_name=ouder or None,
    )  # fmt: skip
    session.commit()
    return _done(bpv_id)


@router.post("/jobcoach/bpv/{bpv_id}/start", response_class=HTMLResponse)
def start(
    bpv_id: int,
    user: PageUserDep,
    session: SessionDep,
    version: Annotated[int, Form()],
    gestart_op: Annotated[str, Form(max_length=10)],
) -> Response:
    """The student started at the place."""
    flow.start(
        session, user.grant, bpv_id, version=version, today=clock.today(),
        started_on=date_of(gestart_op, "startdatum"),
    )  # fmt: skip
    session.commit()
    return _done(bpv_id)


@router.post("/jobcoach/bpv/{bpv_id}/afronden", response_class=HTMLResponse)
def finish(
    bpv_id: int,
    user: PageUserDep,
    session: SessionDep,
    version: Annotated[int, Form()],
    einde_op: Annotated[str, Form(max_length=10)],
    uitkomst: Annotated[str, Form(max_length=20)] = "",
    reden: Annotated[str, Form(max_length=40)] = "",
    opmerking: FormText = "",
) -> Response:
    """The BPV reached its end: succesvol, or niet succesvol with a reason."""
    command = Finish(
        date_of(einde_op, "einddatum"),
        choice_of(Outcome, uitkomst, "een uitkomst"),
        choice_of(OutcomeReason, reden, "een reden") if reden else None,
    )
    flow.finish(
        session, user.grant, bpv_id, version=version, today=clock.today(), command=command,
        remark=opmerking,
    )  # fmt: skip
    session.commit()
    return _done(bpv_id)


@router.post("/jobcoach/bpv/{bpv_id}/stoppen", response_class=HTMLResponse)
def stop(
    bpv_id: int,
    user: PageUserDep,
    session: SessionDep,
    version: Annotated[int, Form()],
    gestopt_op: Annotated[str, Form(max_length=10)],
    door: Annotated[str, Form(max_length=20)] = "",
    reden: Annotated[str, Form(max_length=40)] = "",
    opmerking: FormText = "",
) -> Response:
    """The BPV stops early; the student enters the queue for a new place."""
    command = Stop(
        date_of(gestopt_op, "datum gestopt"),
        choice_of(Side, door, "wie stopt"),
        choice_of(StopReason, reden, "een reden"),
    )
    flow.stop(
        session, user.grant, bpv_id, version=version, today=clock.today(), command=command,
        remark=opmerking,
    )  # fmt: skip
    session.commit()
    return _done(bpv_id)
