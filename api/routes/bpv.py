"""The BPV after the match over JSON: list and read (scoped), each step, the re-match queue and
a withdrawn erkenning. Each route parses, calls one flow and commits; a refused step (409 stale
version, 422 not allowed now or a bad date) changes nothing."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Path

from adapters import clock
from adapters.db.types import MAX_DB_INT
from adapters.flows import bpv as flow
from api.deps import SessionDep, SettingsDep
from api.schemas.bpv import (
    AgreementIn,
    BpvOut,
    CompanyEvaluationIn,
    CompanyVerdictIn,
    EvaluationIn,
    FinishIn,
    KennismakingIn,
    PlanEvaluationsIn,
    PlanKennismakingIn,
    StartIn,
    StopIn,
    StudentAnswerIn,
    WaitingOut,
    WithdrawnOut,
)
from api.schemas.common import SafeId
from api.security import Authorized
from matcher.bpv.lifecycle import Evaluation, Finish, RecordKennismaking, Stop
from matcher.bpv.vocabulary import Scale

router = APIRouter(tags=["bpv"])

BpvId = Annotated[int, Path(ge=1, le=MAX_DB_INT, description="Nummer van de BPV")]
CompanyId = Annotated[SafeId, Path(min_length=1, max_length=64)]


def _out(session: SessionDep, grant: Authorized, view: flow.BpvView) -> BpvOut:
    return BpvOut.model_validate(asdict(flow.as_shown(session, grant, view)))


@router.get("/bpvs", summary="De BPV's die je mag zien")
def read_bpvs(grant: Authorized, session: SessionDep) -> list[BpvOut]:
    """The bureau sees all, a jobcoach or begeleider their students, a student their own BPV,
    a company the BPVs at its places."""
    return [_out(session, grant, v) for v in flow.list_bpvs(session, grant, today=clock.today())]


@router.get("/bpvs/{bpv_id}", summary="Eén BPV")
def read_bpv(grant: Authorized, bpv_id: BpvId, session: SessionDep) -> BpvOut:
    """One BPV with its status, dates, kennismaking, agreement and evaluations."""
    return _out(session, grant, flow.get_bpv(session, grant, bpv_id, today=clock.today()))


@router.get("/rematch-queue", summary="Studenten die een nieuwe plek zoeken")
def read_queue(grant: Authorized, session: SessionDep) -> list[WaitingOut]:
    """Who waits for a new place, longest waiting first, with the number of days."""
    return [
        WaitingOut.model_validate(asdict(w))
        for w in flow.waiting(session, grant, today=clock.today())
    ]


@router.post("/bpvs/{bpv_id}/kennismaking/plan", summary="Kennismaking plannen")
def plan_kennismaking(
    grant: Authorized,
    bpv_id: BpvId,
    body: PlanKennismakingIn,
    session: SessionDep,
    settings: SettingsDep,
) -> BpvOut:
    """Plan or move the kennismaking: the date and who goes along with the student. The
    student and the company get an e-mail."""
    view = flow.plan_kennismaking(
        session, grant, bpv_id, version=body.version, today=clock.today(), on=body.on,
        going_along=body.going_along, site_url=settings.site_url,
    )  # fmt: skip
    session.commit()
    return _out(session, grant, view)


@router.post("/bpvs/{bpv_id}/kennismaking", summary="Kennismaking vastleggen")
def record_kennismaking(
    grant: Authorized, bpv_id: BpvId, body: KennismakingIn, session: SessionDep
) -> BpvOut:
    """Student and company each: akkoord or niet akkoord (with a reason). Niet akkoord puts
    the student in the queue for a new place."""
    command = RecordKennismaking(
        body.held_on, body.student, body.company, body.student_reason, body.company_reason
    )
    view = flow.record_kennismaking(
        session, grant, bpv_id, version=body.version, today=clock.today(), command=command,
        remark=body.remark,
    )  # fmt: skip
    session.commit()
    return _out(session, grant, view)


@router.post("/bpvs/{bpv_id}/agreement", summary="Praktijkovereenkomst getekend")
def sign_agreement(
    grant: Authorized, bpv_id: BpvId, body: AgreementIn, session: SessionDep
) -> BpvOut:
    """The signing date; for a student under 18 on that day also the parent or guardian."""
    view = flow.sign_agreement(
        session, grant, bpv_id, version=body.version, today=clock.today(),
        signed_on=body.signed_on, guardian_name=body.guardian_name,
    )  # fmt: skip
    session.commit()
    return _out(session, grant, view)


@router.post("/bpvs/{bpv_id}/start", summary="Start van de BPV")
def start(grant: Authorized, bpv_id: BpvId, body: StartIn, session: SessionDep) -> BpvOut:
    """The first day at the place (only after a signed agreement)."""
    view = flow.start(
        session, grant, bpv_id, version=body.version, today=clock.today(),
        started_on=body.started_on,
    )  # fmt: skip
    session.commit()
    return _out(session, grant, view)


@router.post("/bpvs/{bpv_id}/evaluations/plan", summary="Evaluatiemomenten plannen")
def plan_evaluations(
    grant: Authorized, bpv_id: BpvId, body: PlanEvaluationsIn, session: SessionDep
) -> BpvOut:
    """The agreed evaluation dates (replaces the earlier plan)."""
    view = flow.plan_evaluations(
        session, grant, bpv_id, version=body.version, today=clock.today(), dates=body.dates
    )
    session.commit()
    return _out(session, grant, view)


@router.post("/bpvs/{bpv_id}/evaluations", summary="Evaluatie vastleggen")
def record_evaluation(
    grant: Authorized, bpv_id: BpvId, body: EvaluationIn, session: SessionDep
) -> BpvOut:
    """Who took part, the five scales, signals and the agreements (a note)."""
    scales = body.scales.model_dump()
    evaluation = Evaluation(
        body.held_on, frozenset(body.participants), {s: scales[s.value] for s in Scale},
        frozenset(body.signals), body.agreements, body.would_host_again,
    )  # fmt: skip
    view = flow.record_evaluation(
        session, grant, bpv_id, version=body.version, today=clock.today(), evaluation=evaluation
    )
    session.commit()
    return _out(session, grant, view)


@router.post("/bpvs/{bpv_id}/student-answer", summary="Antwoord van de student op de plek")
def student_answer(
    grant: Authorized, bpv_id: BpvId, body: StudentAnswerIn, session: SessionDep
) -> BpvOut:
    """The student's own yes or no before the kennismaking; a no (with a reason) ends this
    BPV and puts the student in the queue for a new place. Only the student themselves."""
    view = flow.answer_as_student(
        session, grant, bpv_id, version=body.version, today=clock.today(), answer=body.answer,
        reason=body.reason,
    )  # fmt: skip
    session.commit()
    return _out(session, grant, view)


@router.post("/bpvs/{bpv_id}/company-verdict", summary="Oordeel van het bedrijf na kennismaking")
def company_verdict(
    grant: Authorized, bpv_id: BpvId, body: CompanyVerdictIn, session: SessionDep
) -> BpvOut:
    """The company's own akkoord or niet akkoord after the kennismaking; a niet akkoord (with
    a reason) ends this BPV and puts the student in the queue for a new place."""
    view = flow.verdict_as_company(
        session, grant, bpv_id, version=body.version, today=clock.today(), verdict=body.verdict,
        reason=body.reason,
    )  # fmt: skip
    session.commit()
    return _out(session, grant, view)


@router.post("/bpvs/{bpv_id}/company-evaluation", summary="Evaluatie door het bedrijf")
def company_evaluation(
    grant: Authorized, bpv_id: BpvId, body: CompanyEvaluationIn, session: SessionDep
) -> BpvOut:
    """The praktijkopleider's evaluation of a running BPV at the company's own place."""
    scales = body.scales.model_dump()
    evaluation = Evaluation(
        body.held_on, frozenset(body.participants), {s: scales[s.value] for s in Scale},
        frozenset(body.signals), would_host_again=body.would_host_again,
    )  # fmt: skip
    view = flow.evaluate_as_company(
        session, grant, bpv_id, version=body.version, today=clock.today(), evaluation=evaluation
    )
    session.commit()
    return _out(session, grant, view)


@router.post("/bpvs/{bpv_id}/finish", summary="BPV afgerond")
def finish(grant: Authorized, bpv_id: BpvId, body: FinishIn, session: SessionDep) -> BpvOut:
    """The outcome at the end: succesvol, or niet succesvol with a reason."""
    view = flow.finish(
        session, grant, bpv_id, version=body.version, today=clock.today(),
        command=Finish(body.ended_on, body.outcome, body.reason), remark=body.remark,
    )  # fmt: skip
    session.commit()
    return _out(session, grant, view)


@router.post("/bpvs/{bpv_id}/stop", summary="BPV eerder gestopt")
def stop(grant: Authorized, bpv_id: BpvId, body: StopIn, session: SessionDep) -> BpvOut:
    """Stopped early by the student, the company or the school, for a reason; the student
    enters the queue for a new place."""
    view = flow.stop(
        session, grant, bpv_id, version=body.version, today=clock.today(),
        command=Stop(body.stopped_on, body.by, body.reason), remark=body.remark,
    )  # fmt: skip
    session.commit()
    return _out(session, grant, view)


@router.post("/companies/{company_id}/withdraw-erkenning", summary="Erkenning ingetrokken")
def withdraw_erkenning(
    grant: Authorized, company_id: CompanyId, session: SessionDep
) -> WithdrawnOut:
    """The company is no longer a recognised leerbedrijf: exactly its running and proposed
    students enter the queue."""
    queued = flow.withdraw_erkenning(session, grant, company_id, today=clock.today())
    session.commit()
    return WithdrawnOut(company_id=company_id, queued=queued)
