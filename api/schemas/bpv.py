"""Request and response models of the BPV after the match (``api/routes/bpv.py``).

Every step names the BPV's ``version`` as the requester saw it; codes are the fixed lists of
``matcher/bpv/vocabulary.py`` (an unknown code is a Dutch 422 naming the field).
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from adapters.db.types import MAX_DB_INT
from api.schemas.common import InputModel
from matcher.bpv.lifecycle import MAX_NAME, MAX_PLANNED_EVALUATIONS, MAX_TEXT
from matcher.bpv.vocabulary import (
    SCALE_MAX,
    SCALE_MIN,
    KennismakingReason,
    Outcome,
    OutcomeReason,
    Party,
    Side,
    Signal,
    StopReason,
    Verdict,
)

Remark = Field(default="", max_length=MAX_TEXT, description="vrije tekst (een notitie)")
Scale = Field(ge=SCALE_MIN, le=SCALE_MAX)


class StepIn(InputModel):
    """Every step: the version of the BPV the requester saw."""

    version: int = Field(ge=1, le=MAX_DB_INT)


class PlanKennismakingIn(StepIn):
    on: date
    going_along: list[Party] = Field(default_factory=list, max_length=len(Party))


class KennismakingIn(StepIn):
    held_on: date
    student: Verdict
    company: Verdict
    student_reason: KennismakingReason | None = None
    company_reason: KennismakingReason | None = None
    remark: str = Remark


class StudentAnswerIn(StepIn):
    """The student's own yes or no before the kennismaking (a "niet_akkoord" needs a reason)."""

    answer: Verdict
    reason: KennismakingReason | None = None


class CompanyVerdictIn(StepIn):
    """The company's own verdict after the kennismaking (a "niet_akkoord" needs a reason)."""

    verdict: Verdict
    reason: KennismakingReason | None = None


class CompanyEvaluationIn(StepIn):
    """The praktijkopleider's evaluation: who else was there, the five scales, signals, and
    whether the company would host a student again."""

    held_on: date
    participants: list[Party] = Field(default_factory=list, max_length=len(Party))
    scales: ScalesIn
    signals: list[Signal] = Field(default_factory=list, max_length=len(Signal))
    would_host_again: bool | None = Field(
        default=None, description="wil het bedrijf weer een student begeleiden"
    )


class AgreementIn(StepIn):
    signed_on: date
    guardian_name: str | None = Field(default=None, max_length=MAX_NAME)


class StartIn(StepIn):
    started_on: date


class PlanEvaluationsIn(StepIn):
    dates: list[date] = Field(min_length=1, max_length=MAX_PLANNED_EVALUATIONS)


class ScalesIn(InputModel):
    """The five plain 1-5 scales; the strengths come first."""

    wat_gaat_goed: int = Scale
    werk: int = Scale
    samenwerken: int = Scale
    leren: int = Scale
    energie: int = Scale


class EvaluationIn(StepIn):
    held_on: date
    participants: list[Party] = Field(min_length=1, max_length=len(Party))
    scales: ScalesIn
    signals: list[Signal] = Field(default_factory=list, max_length=len(Signal))
    agreements: str = Field(default="", max_length=MAX_TEXT)
    would_host_again: bool | None = Field(
        default=None, description="wil het bedrijf weer een student (praktijkopleider)"
    )


class FinishIn(StepIn):
    ended_on: date
    outcome: Outcome
    reason: OutcomeReason | None = None
    remark: str = Remark


class StopIn(StepIn):
    stopped_on: date
    by: Side
    reason: StopReason
    remark: str = Remark


class BpvOut(BaseModel):
    """One BPV as the requester may see it."""

    id: int
    round_id: int
    student_id: str
    place_id: str
    company_id: str
    status: str
    status_label: str
    version: int
    proposed_on: date
    kennismaking_on: date | None
    kennismaking_with: list[str]
    kennismaking_held_on: date | None
    student_answer: str | None
    student_answer_on: date | None
    student_verdict: str | None
    student_reason: str | None
    company_verdict: str | None
    company_verdict_on: date | None
    company_reason: str | None
    signed_on: date | None
    guardian_signed: bool
    started_on: date | None
    evaluations_planned: list[date]
    evaluations_held: int
    next_evaluation: date | None
    ended_on: date | None
    outcome: str | None
    outcome_reason: str | None
    stop_reason: str | None
    stopped_by: str | None


class WaitingOut(BaseModel):
    """One student in the "zoekt een nieuwe plek" queue."""

    student_id: str
    cause: str
    cause_label: str
    entered_on: date
    days_waiting: int
    waiting_text: str
    failed_place_id: str | None
    failed_bpv_id: int | None


class WithdrawnOut(BaseModel):
    """Whom a withdrawn erkenning put in the queue."""

    company_id: str
    queued: list[str]
