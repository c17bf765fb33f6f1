"""After the match: the scoped flows of the BPV lifecycle and the "zoekt een nieuwe plek" queue.

Every read and step takes the request's ``Grant`` and decides on the record itself with the
permission table (category OUTCOMES: "Evaluation, outcome", domain.md §1.2): the bureau sees
its institution, a jobcoach or begeleider their caseload, a student their own BPV, a company
the BPVs at its own places. Steps are for staff (bureau, jobcoach, begeleider). A step names
the version it saw: a stale version is a Dutch 409 (``ConflictError``), a step the lifecycle
does not allow a Dutch 422 (``TransitionError``); either way nothing changes. Every step is an
event in the chained ``bpv_event`` trail; free text is a ``bpv_note`` that only staff read
(logged, like review notes) and erasure deletes.

Records come from publishing a round (``create_for_round``, called by the publish flow). A
"niet akkoord", an early stop and a withdrawn erkenning (the bureau marks the company, or an
import sets ``sbb_recognized`` to false: ``sync_erkenning``) queue the student with the date.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session

from adapters.db import bpv_message_queries as mq
from adapters.db import bpv_queries as q
from adapters.db import round_repositories as rounds
from adapters.db.bpv_models import BpvRow, NoteKind
from adapters.db.round_models import APPROVED_DECISIONS
from adapters.flows import bpv_messages
from adapters.flows.rounds import snapshot
from adapters.privacy import consent
from adapters.privacy.access import Grant, log_reads
from matcher.bpv.lifecycle import (
    Command,
    CompanyVerdict,
    Evaluation,
    Finish,
    PlanEvaluations,
    PlanKennismaking,
    RecordEvaluation,
    RecordKennismaking,
    SignAgreement,
    Start,
    Step,
    Stop,
    StudentAnswer,
    WithdrawErkenning,
    apply,
)
from matcher.bpv.queue import QueueEntry, waiting_text
from matcher.bpv.reminders import open_moments
from matcher.bpv.vocabulary import (
    PROPOSED,
    RUNNING,
    BpvStatus,
    KennismakingReason,
    Party,
    RematchTrigger,
    Verdict,
)
from matcher.errors import ConflictError, NotFoundError, PermissionDeniedError
from matcher.privacy.permissions import Decision, decide_detail
from matcher.privacy.principal import STAFF_ROLES, Principal
from matcher.privacy.vocabulary import Category, Purpose, Role

CATEGORY = Category.OUTCOMES
READ_PURPOSES = (Purpose.BEGELEIDING, Purpose.OWN_DATA, Purpose.REVIEW)
WRITE_PURPOSES = (Purpose.BEGELEIDING,)
NOTE_FIELD = "bpv_note"
SYSTEM = "systeem"
DENIED = "Je hebt geen toegang tot deze BPV."
NOT_STAFF = (
    "Alleen het BPV-bureau, de jobcoach of de BPV-begeleider van de student kan deze stap "
    "vastleggen."
)


@dataclass(frozen=True, slots=True)
class BpvView:
    """One BPV as a requester may see it (codes with their Dutch labels)."""

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
    kennismaking_with: tuple[str, ...]
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
    evaluations_planned: tuple[date, ...]
    evaluations_held: int
    next_evaluation: date | None
    ended_on: date | None
    outcome: str | None
    outcome_reason: str | None
    stop_reason: str | None
    stopped_by: str | None


@dataclass(frozen=True, slots=True)
class WaitingView:
    """One student in the queue, with how long they have waited."""

    student_id: str
    cause: str
    cause_label: str
    entered_on: date
    days_waiting: int
    waiting_text: str
    failed_place_id: str | None
    failed_bpv_id: int | None = None


def _view(row: BpvRow, today: date, *, company: bool = False) -> BpvView:
    """The record as shown; for a company without the student's reasons (a reason to stop
    such as health or the home situation says something about the student: not theirs)."""
    assert row.id is not None
    bpv = q.to_domain(row)
    upcoming = [d for d in bpv.evaluations_planned if d >= today]
    return BpvView(
        id=row.id,
        round_id=row.round_id,
        student_id=bpv.student_id,
        place_id=bpv.place_id,
        company_id=bpv.company_id,
        status=bpv.status.value,
        status_label=bpv.status.label,
        version=row.version,
        proposed_on=bpv.proposed_on,
        kennismaking_on=bpv.kennismaking_on,
        kennismaking_with=tuple(p.value for p in Party if p in bpv.kennismaking_with),
        kennismaking_held_on=bpv.kennismaking_held_on,
        student_answer=row.student_answer,
        student_answer_on=row.student_answer_on,
        student_verdict=row.student_verdict,
        student_reason=None if company else row.student_reason,
        company_verdict=row.company_verdict,
        company_verdict_on=row.company_verdict_on,
        company_reason=row.company_reason,
        signed_on=bpv.signed_on,
        guardian_signed=bpv.guardian_name is not None,
        started_on=bpv.started_on,
        evaluations_planned=bpv.evaluations_planned,
        evaluations_held=bpv.evaluations_held,
        next_evaluation=upcoming[0] if upcoming and bpv.status is BpvStatus.GESTART else None,
        ended_on=bpv.ended_on,
        outcome=row.outcome,
        outcome_reason=None if company else row.outcome_reason,
        stop_reason=None if company else row.stop_reason,
        stopped_by=row.stopped_by,
    )


# --- who may see and change what -------------------------------------------------------------


def _principal(grant: Grant) -> Principal:
    if grant.principal is None:
        raise PermissionDeniedError(DENIED)
    return grant.principal


def decision_for(principal: Principal, row: BpvRow, purposes: Iterable[Purpose]) -> Decision:
    """What the permission table allows this person on this record (its student and company)."""
    own_company = principal.company_id is not None and principal.company_id == row.company_id
    relations = principal.relations_to_student(row.student_id, proposed_to_own_company=own_company)
    return decide_detail(principal.roles, CATEGORY, purposes, relation=relations)


def _readable(session: Session, grant: Grant, bpv_id: int) -> BpvRow:
    row = q.get_bpv(session, bpv_id)
    if not decision_for(_principal(grant), row, READ_PURPOSES).allowed:
        raise PermissionDeniedError(DENIED, bpv_id=bpv_id)
    return row


@dataclass(frozen=True, slots=True)
class Writer:
    """Who may take a kind of step: the purposes it serves and the roles that may take it."""

    purposes: tuple[Purpose, ...]
    roles: frozenset[Role]
    refusal: str


STAFF = Writer(WRITE_PURPOSES, frozenset(STAFF_ROLES), NOT_STAFF)
THE_STUDENT = Writer(
    (Purpose.OWN_DATA,), frozenset({Role.STUDENT}), "Alleen de student zelf geeft dit antwoord."
)
THE_COMPANY = Writer(
    (Purpose.BEGELEIDING,),
    frozenset({Role.COMPANY}),
    "Alleen de praktijkopleider van het bedrijf vult dit formulier in.",
)


def _writable(
    session: Session, grant: Grant, bpv_id: int, writer: Writer = STAFF
) -> tuple[BpvRow, Principal]:
    principal = _principal(grant)
    row = q.get_bpv(session, bpv_id)
    decision = decision_for(principal, row, writer.purposes)
    if not decision.allowed:
        raise PermissionDeniedError(DENIED, bpv_id=bpv_id)
    if decision.role not in writer.roles:
        raise PermissionDeniedError(writer.refusal, bpv_id=bpv_id)
    if Role.STUDENT in writer.roles and principal.student_id != row.student_id:
        raise PermissionDeniedError(DENIED, bpv_id=bpv_id)
    if Role.COMPANY in writer.roles and principal.company_id != row.company_id:
        raise PermissionDeniedError(DENIED, bpv_id=bpv_id)
    return row, principal


def _scope_rows(session: Session, grant: Grant) -> list[BpvRow]:
    """The records this requester may list: institution, caseload, self or own company."""
    principal = _principal(grant)
    role = grant.decision.role
    if role is Role.BUREAU and principal.institution is not None:
        return q.list_bpvs(session)
    if role in (Role.JOBCOACH, Role.BEGELEIDER):
        return q.list_bpvs(session, student_ids=principal.caseload)
    if role is Role.STUDENT and principal.student_id:
        return q.list_bpvs(session, student_ids=[principal.student_id])
    if role is Role.COMPANY and principal.company_id:
        return q.list_bpvs(session, company_id=principal.company_id)
    return []


# --- reads -----------------------------------------------------------------------------------


def as_shown(session: Session, grant: Grant, view: BpvView) -> BpvView:
    """The record as it leaves over JSON: a company gets the student's code only while the
    student shares a part of the card with it, like the name on its own pages."""
    if grant.decision.role is not Role.COMPANY:
        return view
    if consent.current(session, view.student_id, Purpose.MATCHING, view.company_id):
        return view
    return replace(view, student_id="")


def list_bpvs(session: Session, grant: Grant, *, today: date) -> list[BpvView]:
    """Every BPV the requester may see (each record checked against the table), oldest first."""
    principal = _principal(grant)
    rows = _scope_rows(session, grant)
    shown = []
    for r in rows:
        decision = decision_for(principal, r, READ_PURPOSES)
        if decision.allowed:
            shown.append(_view(r, today, company=decision.role is Role.COMPANY))
    return shown


def get_bpv(session: Session, grant: Grant, bpv_id: int, *, today: date) -> BpvView:
    """One BPV, when the requester may see it (403 otherwise, 404 when there is none)."""
    row = _readable(session, grant, bpv_id)
    decision = decision_for(_principal(grant), row, READ_PURPOSES)
    return _view(row, today, company=decision.role is Role.COMPANY)


@dataclass(frozen=True, slots=True)
class LateView:
    """A running BPV with an evaluation moment that passed without a recorded evaluation."""

    bpv: BpvView
    moment: date
    days_late: int


def late_evaluations(
    session: Session, views: Iterable[BpvView], *, today: date, grace_days: int
) -> list[LateView]:
    """The open evaluation moments of the given (already scoped) running BPVs that are more
    than ``grace_days`` past, the longest late first (handbook H:1644-1646: follow every BPV,
    also when nothing is wrong)."""
    running = [v for v in views if v.status in {s.value for s in RUNNING}]
    held = mq.held_dates(session, [v.id for v in running])
    late = [
        LateView(v, moment, (today - moment).days)
        for v in running
        for moment in open_moments(v.evaluations_planned, held.get(v.id, []))
        if (today - moment).days > grace_days
    ]
    return sorted(late, key=lambda x: (-x.days_late, x.bpv.id))


@dataclass(frozen=True, slots=True)
class NoteView:
    """A note about the BPV, for staff."""

    id: int
    kind: str
    text: str
    actor: str
    evaluation_id: int | None


def read_notes(session: Session, grant: Grant, bpv_id: int) -> list[NoteView]:
    """The notes of one BPV for staff who may see it (logged in the student's privacy log);
    students and companies get none, as with review notes."""
    row = _readable(session, grant, bpv_id)
    principal = _principal(grant)
    decision = decision_for(principal, row, READ_PURPOSES)
    if decision.role not in STAFF_ROLES:
        return []
    assert row.id is not None
    notes = q.list_notes(session, [row.id])
    if notes:
        log_reads(
            session,
            Grant(principal, grant.rule, decision),
            [row.student_id],
            (NOTE_FIELD,),
            (Category.FUNCTIONAL_NEEDS,),
        )
    return [NoteView(n.id or 0, n.kind, n.text, n.actor, n.evaluation_id) for n in notes]


def waiting(session: Session, grant: Grant, *, today: date) -> list[WaitingView]:
    """The queue as this requester may see it (bureau: everyone; caseload staff: theirs),
    longest waiting first."""
    principal = _principal(grant)
    role = grant.decision.role
    if role is Role.BUREAU and principal.institution is not None:
        rows = q.list_waiting(session)
    elif role in (Role.JOBCOACH, Role.BEGELEIDER):
        rows = q.list_waiting(session, principal.caseload)
    else:
        return []
    views = []
    for r in rows:
        entry = QueueEntry(r.student_id, RematchTrigger(r.cause), r.entered_on, r.failed_place_id)
        days = entry.days_waiting(today)
        views.append(
            WaitingView(
                r.student_id,
                r.cause,
                entry.trigger.label,
                r.entered_on,
                days,
                waiting_text(days),
                r.failed_place_id,
                r.bpv_id,
            )
        )
    return views


def _names(
    session: Session, grant: Grant, items: Iterable[tuple[int, int, str, str]]
) -> dict[int, tuple[str, str]]:
    """(key, round, student, company) -> (student name, company name) as the round was
    published, for staff; the codes for everyone else."""
    staff = grant.decision.role in STAFF_ROLES
    snapshots: dict[int, snapshot.Snapshot | None] = {}
    found: dict[int, tuple[str, str]] = {}
    for key, round_id, student_id, company_id in items:
        if round_id not in snapshots:
            snapshots[round_id] = snapshot.get(session, round_id) if staff else None
        frozen = snapshots[round_id]
        student = frozen.student(student_id) if frozen else None
        company = frozen.company(company_id) if frozen else None
        found[key] = (
            getattr(student, "name", None) or student_id,
            getattr(company, "name", None) or company_id,
        )
    return found


def names(session: Session, grant: Grant, views: Iterable[BpvView]) -> dict[int, tuple[str, str]]:
    """For staff: each BPV's student and company name as its round was published (the round
    snapshot, unchanged by later imports), so pages read "Anna bij Bakkerij Jansen"; others
    get the codes. Keyed by BPV id."""
    return _names(session, grant, ((v.id, v.round_id, v.student_id, v.company_id) for v in views))


def waiting_names(session: Session, grant: Grant, entries: Iterable[WaitingView]) -> dict[str, str]:
    """For staff: each waiting student's name as the round of the BPV that did not work out
    published it; others (and entries without such a BPV) get the code."""
    entries = list(entries)
    items = []
    for n, e in enumerate(entries):
        if e.failed_bpv_id is not None:
            row = q.get_bpv(session, e.failed_bpv_id)
            items.append((n, row.round_id, row.student_id, row.company_id))
    shown = _names(session, grant, items)
    return {
        e.student_id: shown[n][0] if n in shown else e.student_id for n, e in enumerate(entries)
    }


# --- steps -----------------------------------------------------------------------------------


def _take(
    session: Session,
    grant: Grant,
    bpv_id: int,
    *,
    version: int,
    today: date,
    command: Callable[[BpvRow], Command],
    note: tuple[NoteKind, str] | None = None,
    writer: Writer = STAFF,
) -> tuple[BpvView, Step]:
    row, principal = _writable(session, grant, bpv_id, writer)
    if row.version != version:
        raise ConflictError(
            f"Iemand anders heeft deze BPV net aangepast (nu versie {row.version}, jij had "
            f"versie {version}). Er is niets veranderd. Laad de BPV opnieuw en probeer het "
            "nog eens.",
            bpv_id=bpv_id, expected=version, current=row.version,
        )  # fmt: skip
    step = apply(q.to_domain(row), command(row), today=today)
    detail = dict(step.detail)
    if note is not None and note[1].strip():
        stored = q.add_note(session, row, note[0], note[1].strip(), actor=principal.label)
        detail["note_id"] = str(stored.id)
    q.save_step(
        session, row, step.bpv, expected_version=version, actor=principal.label,
        action=step.action, detail=detail,
    )  # fmt: skip
    _queue_if_needed(session, row, step)
    return _view(q.get_bpv(session, bpv_id), today, company=writer is THE_COMPANY), step


def _queue_if_needed(session: OrmSession, row: BpvRow, step: Step) -> None:
    if step.rematch is None:
        return
    q.enter_queue(
        session, student_id=row.student_id, cause=step.rematch.trigger,
        entered_on=step.rematch.on, bpv_id=row.id, failed_place_id=row.place_id,
    )  # fmt: skip


def plan_kennismaking(
    session: Session,
    grant: Grant,
    bpv_id: int,
    *,
    version: int,
    today: date,
    on: date,
    going_along: Iterable[Party] = (),
    site_url: str,
) -> BpvView:
    """Plan or move the kennismaking (date, who goes along with the student); the student and
    the company get an e-mail in the same transaction (links to ``site_url``)."""
    command = PlanKennismaking(on, frozenset(going_along))
    view, _ = _take(
        session, grant, bpv_id, version=version, today=today, command=lambda _r: command
    )
    bpv_messages.queue_kennismaking(session, bpv_id, site_url=site_url)
    return view


def answer_as_student(
    session: Session,
    grant: Grant,
    bpv_id: int,
    *,
    version: int,
    today: date,
    answer: Verdict,
    reason: KennismakingReason | None = None,
) -> BpvView:
    """The student's own yes or no to the proposed place, before the kennismaking; a "nee"
    (with a reason) puts the student in the queue. Only the student themselves."""
    command = StudentAnswer(today, answer, reason)
    return _take(
        session, grant, bpv_id, version=version, today=today, command=lambda _r: command,
        writer=THE_STUDENT,
    )[0]  # fmt: skip


def verdict_as_company(
    session: Session,
    grant: Grant,
    bpv_id: int,
    *,
    version: int,
    today: date,
    verdict: Verdict,
    reason: KennismakingReason | None = None,
) -> BpvView:
    """The company's own akkoord or niet akkoord (with a reason) after the kennismaking; a niet
    akkoord queues the student. Only a praktijkopleider of that company."""
    command = CompanyVerdict(today, verdict, reason)
    return _take(
        session, grant, bpv_id, version=version, today=today, command=lambda _r: command,
        writer=THE_COMPANY,
    )[0]  # fmt: skip


def evaluate_as_company(
    session: Session,
    grant: Grant,
    bpv_id: int,
    *,
    version: int,
    today: date,
    evaluation: Evaluation,
) -> BpvView:
    """The praktijkopleider's evaluation of a running BPV (the praktijkopleider is always among
    those present). A company writes no free text: it could not read it back (notes are for
    staff), so its form has scales and signals only."""
    held = replace(
        evaluation,
        participants=evaluation.participants | {Party.PRAKTIJKOPLEIDER},
        agreements="",
    )
    view, _ = _take(
        session, grant, bpv_id, version=version, today=today,
        command=lambda _r: RecordEvaluation(held), writer=THE_COMPANY,
    )  # fmt: skip
    row = q.get_bpv(session, bpv_id)
    q.add_evaluation(session, row, held, actor=_principal(grant).label)
    return view


def record_kennismaking(
    session: Session,
    grant: Grant,
    bpv_id: int,
    *,
    version: int,
    today: date,
    command: RecordKennismaking,
    remark: str = "",
) -> BpvView:
    """Record how the kennismaking went; "niet akkoord" queues the student."""
    return _take(
        session, grant, bpv_id, version=version, today=today, command=lambda _r: command,
        note=(NoteKind.KENNISMAKING, remark),
    )[0]  # fmt: skip


def sign_agreement(
    session: Session,
    grant: Grant,
    bpv_id: int,
    *,
    version: int,
    today: date,
    signed_on: date,
    guardian_name: str | None = None,
) -> BpvView:
    """Record the signed praktijkovereenkomst; the student's age on that day comes from the
    profile (under 18: a parent or guardian must have signed too)."""

    def command(row: BpvRow) -> Command:
        birth = q.birth_date_of(session, row.student_id)
        if birth is None:
            raise NotFoundError(
                "De student staat niet (meer) in de gegevens, dus de leeftijd is niet bekend. "
                "Lees de studenten opnieuw in en probeer het nog eens.",
                student_id=row.student_id,
            )
        return SignAgreement(signed_on, birth, guardian_name)

    return _take(session, grant, bpv_id, version=version, today=today, command=command)[0]


def start(
    session: Session, grant: Grant, bpv_id: int, *, version: int, today: date, started_on: date
) -> BpvView:
    """Record the start (only after a signed agreement)."""
    command = Start(started_on)
    return _take(session, grant, bpv_id, version=version, today=today, command=lambda _r: command)[
        0
    ]


def plan_evaluations(
    session: Session,
    grant: Grant,
    bpv_id: int,
    *,
    version: int,
    today: date,
    dates: Iterable[date],
) -> BpvView:
    """Set the planned evaluation moments."""
    command = PlanEvaluations(tuple(dates))
    return _take(session, grant, bpv_id, version=version, today=today, command=lambda _r: command)[
        0
    ]


def record_evaluation(
    session: Session,
    grant: Grant,
    bpv_id: int,
    *,
    version: int,
    today: date,
    evaluation: Evaluation,
) -> BpvView:
    """Record a held evaluation; its agreements become a note linked to it."""
    command = RecordEvaluation(evaluation)
    view, _ = _take(
        session, grant, bpv_id, version=version, today=today, command=lambda _r: command
    )
    row = q.get_bpv(session, bpv_id)
    q.add_evaluation(session, row, evaluation, actor=_principal(grant).label)
    return view


def finish(
    session: Session,
    grant: Grant,
    bpv_id: int,
    *,
    version: int,
    today: date,
    command: Finish,
    remark: str = "",
) -> BpvView:
    """Record the outcome: succesvol, or niet succesvol with a reason (which queues the student)."""
    return _take(
        session, grant, bpv_id, version=version, today=today, command=lambda _r: command,
        note=(NoteKind.AFGEROND, remark),
    )[0]  # fmt: skip


def stop(
    session: Session,
    grant: Grant,
    bpv_id: int,
    *,
    version: int,
    today: date,
    command: Stop,
    remark: str = "",
) -> BpvView:
    """Stop early (before or after the start); the student enters the queue."""
    return _take(
        session, grant, bpv_id, version=version, today=today, command=lambda _r: command,
        note=(NoteKind.GESTOPT, remark),
    )[0]  # fmt: skip


# --- publishing and erkenning ----------------------------------------------------------------


def create_for_round(session: OrmSession, round_id: int, *, today: date) -> list[int]:
    """A record for every approved proposal of the round's current run (the publish flow calls
    this), except for students with an open BPV from another round; students placed by it leave
    the queue. Returns the new records' ids."""
    row = rounds.get_round(session, round_id)
    placements = [
        q.Placement(p.student_id, p.place_id, p.company_id)
        for p in rounds.list_proposals(session, round_id, row.current_run)
        if p.decision in APPROVED_DECISIONS and p.place_id and p.company_id
    ]
    # A student whose BPV from an earlier round still runs or is still proposed keeps it: a
    # new round never moves a running BPV (the bureau ends the old one first).
    busy = {
        r.student_id
        for r in q.list_bpvs(
            session, student_ids=[p.student_id for p in placements], statuses=RUNNING | PROPOSED
        )
        if r.round_id != round_id
    }
    placements = [p for p in placements if p.student_id not in busy]
    made = q.create_for_round(session, round_id, placements, proposed_on=today)
    q.resolve_waiting(session, [p.student_id for p in placements], round_id=round_id, on=today)
    return [r.id for r in made if r.id is not None]


def _withdraw(session: OrmSession, rows: Iterable[BpvRow], *, today: date, actor: str) -> list[str]:
    queued = []
    for row in rows:
        step = apply(q.to_domain(row), WithdrawErkenning(today), today=today)
        q.save_step(
            session, row, step.bpv, expected_version=row.version, actor=actor,
            action=step.action, detail=dict(step.detail),
        )  # fmt: skip
        _queue_if_needed(session, row, step)
        queued.append(row.student_id)
    return sorted(queued)


def withdraw_erkenning(
    session: Session, grant: Grant, company_id: str, *, today: date
) -> list[str]:
    """The bureau marks a company as no longer erkend: exactly that company's running and
    proposed students enter the queue. Returns their ids."""
    principal = _principal(grant)
    if grant.decision.role is not Role.BUREAU:
        raise PermissionDeniedError(
            "Alleen het BPV-bureau kan vastleggen dat een bedrijf niet meer erkend is."
        )
    if not q.mark_unrecognised(session, company_id):
        raise NotFoundError(
            f"Bedrijf {company_id} staat niet in de gegevens. Kies een bedrijf uit de lijst.",
            company_id=company_id,
        )
    return _withdraw(session, q.open_for_company(session, company_id), today=today,
                     actor=principal.label)  # fmt: skip


def sync_erkenning(session: OrmSession, *, today: date, actor: str = SYSTEM) -> list[str]:
    """After an import: running and proposed BPVs at companies the data no longer recognises
    (``sbb_recognized`` false) end, and their students enter the queue. Returns their ids."""
    return _withdraw(session, q.open_at_unrecognised(session), today=today, actor=actor)
