"""The BPV lifecycle as data: one record, the steps people take, and the checks on each step.

A BPV starts when a published round's approved proposal becomes a record (``VOORGESTELD``).
From there: kennismaking gepland → kennismaking gehad (student and company each akkoord or not,
H:1434-1456) → praktijkovereenkomst getekend (for a minor also by a parent or guardian,
H:318-327) → gestart → evaluations → afgerond with an outcome, or gestopt early (H:1655-1665).
A "niet akkoord", an early stop, a "niet succesvol" outcome or a withdrawn erkenning puts the
student in the "zoekt een nieuwe plek" queue (H:4259-4262); the step says so in ``Step.rematch``.

``apply`` is pure: it takes the record, a step and today's date (never a clock) and returns the
new record, or raises ``TransitionError`` with a Dutch message that names what is wrong and what
to do. A refused step changes nothing: records are frozen.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date

from matcher.bpv.vocabulary import (
    ENDED,
    PROPOSED,
    SCALE_MAX,
    SCALE_MIN,
    BpvStatus,
    KennismakingReason,
    Outcome,
    OutcomeReason,
    Party,
    RematchTrigger,
    Scale,
    Side,
    Signal,
    StopReason,
    Verdict,
)
from matcher.domain import age_on
from matcher.errors import TransitionError

ADULT_AGE = 18
MAX_NAME = 200
MAX_TEXT = 4000
MAX_PLANNED_EVALUATIONS = 24

MONTHS = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)  # fmt: skip


def date_text(on: date) -> str:
    """A date as Dutch readers write it: "1 september 2026"."""
    return f"{on.day} {MONTHS[on.month - 1]} {on.year}"


@dataclass(frozen=True, slots=True)
class Bpv:
    """One student's BPV at one place: everything the lifecycle checks against."""

    student_id: str
    place_id: str
    company_id: str
    proposed_on: date  # the day the round was published
    status: BpvStatus = BpvStatus.VOORGESTELD
    kennismaking_on: date | None = None
    kennismaking_with: frozenset[Party] = frozenset()
    kennismaking_held_on: date | None = None
    student_answer: Verdict | None = None  # the student's own yes or no before the kennismaking
    student_answer_on: date | None = None
    student_verdict: Verdict | None = None
    student_reason: KennismakingReason | None = None
    company_verdict: Verdict | None = None
    company_verdict_on: date | None = None  # set when the company gave its own verdict
    company_reason: KennismakingReason | None = None
    signed_on: date | None = None
    guardian_name: str | None = None  # the parent or guardian who also signed (minors)
    started_on: date | None = None
    evaluations_planned: tuple[date, ...] = ()
    evaluations_held: int = 0
    last_evaluation_on: date | None = None
    ended_on: date | None = None
    outcome: Outcome | None = None
    outcome_reason: OutcomeReason | None = None
    stop_reason: StopReason | None = None
    stopped_by: Side | None = None

    @property
    def last_date(self) -> date:
        """The latest date on which something happened (planned dates do not count)."""
        happened = (
            self.proposed_on,
            self.student_answer_on,
            self.company_verdict_on,
            self.kennismaking_held_on,
            self.signed_on,
            self.started_on,
            self.last_evaluation_on,
            self.ended_on,
        )
        return max(d for d in happened if d is not None)


# --- the steps -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PlanKennismaking:
    """Plan (or move) the kennismaking: the date and who goes along with the student."""

    on: date
    going_along: frozenset[Party] = frozenset()


@dataclass(frozen=True, slots=True)
class StudentAnswer:
    """The student's own answer to a proposed place before the kennismaking: "ja, ik wil
    kennismaken" or "nee", with a reason from the list (the handbook's student chooses with
    school, H:1202). A "nee" ends this BPV and puts the student in the queue."""

    on: date
    answer: Verdict
    reason: KennismakingReason | None = None


@dataclass(frozen=True, slots=True)
class CompanyVerdict:
    """The company's own verdict after the kennismaking, before school records it: akkoord,
    or niet akkoord with a reason (which ends this BPV and queues the student)."""

    on: date
    verdict: Verdict
    reason: KennismakingReason | None = None


@dataclass(frozen=True, slots=True)
class RecordKennismaking:
    """The kennismaking was held: each side's verdict, with a reason when it is "niet akkoord"."""

    held_on: date
    student: Verdict
    company: Verdict
    student_reason: KennismakingReason | None = None
    company_reason: KennismakingReason | None = None


@dataclass(frozen=True, slots=True)
class SignAgreement:
    """The praktijkovereenkomst is signed; ``birth_date`` decides if a parent must sign too."""

    signed_on: date
    birth_date: date
    guardian_name: str | None = None


@dataclass(frozen=True, slots=True)
class Start:
    """The student starts at the place."""

    started_on: date


@dataclass(frozen=True, slots=True)
class PlanEvaluations:
    """The evaluation moments agreed on (replaces the earlier plan)."""

    dates: tuple[date, ...]


@dataclass(frozen=True, slots=True)
class Evaluation:
    """One evaluation that was held: who, a few plain 1-5 scales, signals and agreements."""

    held_on: date
    participants: frozenset[Party]
    scales: Mapping[Scale, int]
    signals: frozenset[Signal] = frozenset()
    agreements: str = ""  # free text: stored as an erasable note
    # The company's side (H:1488): would it host a student again? Only with the
    # praktijkopleider present; None when not asked.
    would_host_again: bool | None = None


@dataclass(frozen=True, slots=True)
class RecordEvaluation:
    """An evaluation was held."""

    evaluation: Evaluation


@dataclass(frozen=True, slots=True)
class Finish:
    """The BPV reached its end: succesvol, or niet succesvol with a reason."""

    ended_on: date
    outcome: Outcome
    reason: OutcomeReason | None = None


@dataclass(frozen=True, slots=True)
class Stop:
    """The BPV stops early (before or after the start), by one side, for a reason."""

    stopped_on: date
    by: Side
    reason: StopReason


@dataclass(frozen=True, slots=True)
class WithdrawErkenning:
    """The company is no longer a recognised leerbedrijf (bureau or import)."""

    on: date


Command = (
    PlanKennismaking
    | StudentAnswer
    | CompanyVerdict
    | RecordKennismaking
    | SignAgreement
    | Start
    | PlanEvaluations
    | RecordEvaluation
    | Finish
    | Stop
    | WithdrawErkenning
)


@dataclass(frozen=True, slots=True)
class Rematch:
    """The student enters the "zoekt een nieuwe plek" queue on ``on`` for ``trigger``."""

    trigger: RematchTrigger
    on: date


@dataclass(frozen=True, slots=True)
class Step:
    """The outcome of one allowed step: the new record, its audit action, any re-match."""

    bpv: Bpv
    action: str
    rematch: Rematch | None = None
    detail: Mapping[str, str] = field(default_factory=dict)


# --- the checks ------------------------------------------------------------------------------


def _status_text(bpv: Bpv) -> str:
    return f"Deze BPV staat nu op '{bpv.status.label}'."


def _not_ended(bpv: Bpv) -> None:
    if bpv.status in ENDED:
        raise TransitionError(
            f"{_status_text(bpv)} Een beëindigde BPV verandert niet meer. "
            "Zoekt de student een nieuwe plek? Dat gaat via de wachtlijst.",
            status=bpv.status.value,
        )


def _need(bpv: Bpv, allowed: frozenset[BpvStatus], what: str) -> None:
    _not_ended(bpv)
    if bpv.status not in allowed:
        raise TransitionError(f"{_status_text(bpv)} {what}", status=bpv.status.value)


def _not_before(field_name: str, on: date, earliest: date, earlier_step: str) -> None:
    if on < earliest:
        raise TransitionError(
            f"De datum bij '{field_name}' ({date_text(on)}) ligt vóór {earlier_step} "
            f"({date_text(earliest)}). Kies een datum op of na {date_text(earliest)}.",
            field=field_name,
        )


def _not_future(field_name: str, on: date, today: date) -> None:
    if on > today:
        raise TransitionError(
            f"De datum bij '{field_name}' ({date_text(on)}) ligt in de toekomst. "
            f"Leg dit vast op of na de dag zelf; vandaag is {date_text(today)}.",
            field=field_name,
        )


def _verdict(side: str, verdict: Verdict, reason: KennismakingReason | None) -> None:
    if verdict is Verdict.NIET_AKKOORD and reason is None:
        raise TransitionError(
            f"Kies een reden waarom {side} niet akkoord is. Zo kan een nieuwe match er "
            "rekening mee houden.",
            field=f"{side}_reason",
        )


def _plan_kennismaking(bpv: Bpv, c: PlanKennismaking) -> Step:
    _need(
        bpv,
        frozenset({BpvStatus.VOORGESTELD, BpvStatus.KENNISMAKING_GEPLAND}),
        "Een kennismaking plannen kan alleen zolang er nog geen kennismaking is geweest.",
    )
    _not_before("datum kennismaking", c.on, bpv.proposed_on, "het voorstel")
    new = replace(
        bpv,
        status=BpvStatus.KENNISMAKING_GEPLAND,
        kennismaking_on=c.on,
        kennismaking_with=c.going_along,
    )
    return Step(new, "kennismaking_gepland", detail={"op": c.on.isoformat()})


def _student_answer(bpv: Bpv, c: StudentAnswer, today: date) -> Step:
    _need(
        bpv,
        frozenset({BpvStatus.VOORGESTELD, BpvStatus.KENNISMAKING_GEPLAND}),
        "Je antwoord op de plek geef je vóór de kennismaking. Na de kennismaking vertel je "
        "het aan je jobcoach of BPV-begeleider.",
    )
    _not_before("datum antwoord", c.on, bpv.proposed_on, "het voorstel")
    _not_future("datum antwoord", c.on, today)
    if c.answer is Verdict.NIET_AKKOORD and c.reason is None:
        raise TransitionError(
            "Kies een reden waarom je deze plek niet wilt. Zo zoekt school een plek die beter "
            "bij je past.",
            field="reason",
        )
    if c.answer is Verdict.AKKOORD:
        new = replace(bpv, student_answer=c.answer, student_answer_on=c.on)
        return Step(new, "student_wil_plek", detail={"op": c.on.isoformat()})
    new = replace(
        bpv,
        status=BpvStatus.ZOEKT_NIEUWE_PLEK,
        student_answer=c.answer,
        student_answer_on=c.on,
        student_reason=c.reason,
        ended_on=c.on,
    )
    rematch = Rematch(RematchTrigger.PLEK_GEWEIGERD, c.on)
    assert c.reason is not None
    return Step(new, "student_wil_plek_niet", rematch, {"reden": c.reason.value})


def _company_verdict(bpv: Bpv, c: CompanyVerdict, today: date) -> Step:
    _need(
        bpv,
        frozenset({BpvStatus.KENNISMAKING_GEPLAND}),
        "Jullie antwoord geef je na een geplande kennismaking.",
    )
    assert bpv.kennismaking_on is not None
    _not_before("datum kennismaking", c.on, bpv.kennismaking_on, "de geplande kennismaking")
    _not_future("datum kennismaking", c.on, today)
    _verdict("het bedrijf", c.verdict, c.reason)
    if c.verdict is Verdict.AKKOORD:
        new = replace(bpv, company_verdict=c.verdict, company_reason=None, company_verdict_on=c.on)
        return Step(new, "bedrijf_akkoord", detail={"op": c.on.isoformat()})
    assert c.reason is not None
    new = replace(
        bpv,
        status=BpvStatus.ZOEKT_NIEUWE_PLEK,
        kennismaking_held_on=c.on,
        company_verdict=c.verdict,
        company_reason=c.reason,
        company_verdict_on=c.on,
    )
    rematch = Rematch(RematchTrigger.KENNISMAKING_NIET_AKKOORD, c.on)
    return Step(new, "bedrijf_niet_akkoord", rematch, {"reden": c.reason.value})


def _record_kennismaking(bpv: Bpv, c: RecordKennismaking, today: date) -> Step:
    _need(
        bpv,
        frozenset({BpvStatus.KENNISMAKING_GEPLAND}),
        "Plan eerst de kennismaking; daarna leg je vast hoe die ging.",
    )
    assert bpv.kennismaking_on is not None
    _not_before("datum kennismaking gehad", c.held_on, bpv.kennismaking_on, "de geplande datum")
    _not_future("datum kennismaking gehad", c.held_on, today)
    _verdict("de student", c.student, c.student_reason)
    _verdict("het bedrijf", c.company, c.company_reason)
    if bpv.company_verdict is not None and c.company is not bpv.company_verdict:
        raise TransitionError(
            f"Het bedrijf heeft zelf al '{bpv.company_verdict.label.lower()}' gegeven. Kies dat "
            "ook, of overleg eerst met het bedrijf.",
            field="company",
        )
    both = c.student is Verdict.AKKOORD and c.company is Verdict.AKKOORD
    new = replace(
        bpv,
        status=BpvStatus.KENNISMAKING_GEHAD if both else BpvStatus.ZOEKT_NIEUWE_PLEK,
        kennismaking_held_on=c.held_on,
        student_verdict=c.student,
        student_reason=None if c.student is Verdict.AKKOORD else c.student_reason,
        company_verdict=c.company,
        company_reason=None if c.company is Verdict.AKKOORD else c.company_reason,
    )
    detail = {"student": c.student.value, "bedrijf": c.company.value}
    if both:
        return Step(new, "kennismaking_akkoord", detail=detail)
    rematch = Rematch(RematchTrigger.KENNISMAKING_NIET_AKKOORD, c.held_on)
    return Step(new, "kennismaking_niet_akkoord", rematch, detail)


def _sign(bpv: Bpv, c: SignAgreement, today: date) -> Step:
    _need(
        bpv,
        frozenset({BpvStatus.KENNISMAKING_GEHAD}),
        "De praktijkovereenkomst tekenen kan pas als student en bedrijf allebei akkoord zijn "
        "na de kennismaking. Leg eerst vast hoe de kennismaking ging.",
    )
    assert bpv.kennismaking_held_on is not None
    _not_before("datum getekend", c.signed_on, bpv.kennismaking_held_on, "de kennismaking")
    _not_future("datum getekend", c.signed_on, today)
    guardian = (c.guardian_name or "").strip() or None
    if guardian is not None and len(guardian) > MAX_NAME:
        raise TransitionError(
            f"De naam van de ouder of verzorger is te lang (meer dan {MAX_NAME} tekens). "
            "Vul alleen de naam in.",
            field="guardian_name",
        )
    if age_on(c.birth_date, c.signed_on) < ADULT_AGE and guardian is None:
        raise TransitionError(
            f"De student is op {date_text(c.signed_on)} nog geen {ADULT_AGE} jaar. Dan tekent "
            "ook een ouder of verzorger. Vul de naam in van de ouder of verzorger die "
            "getekend heeft.",
            field="guardian_name",
        )
    new = replace(
        bpv, status=BpvStatus.OVEREENKOMST_GETEKEND, signed_on=c.signed_on, guardian_name=guardian
    )
    detail = {"op": c.signed_on.isoformat(), "ouder_getekend": "ja" if guardian else "nee"}
    return Step(new, "overeenkomst_getekend", detail=detail)


def _start(bpv: Bpv, c: Start, today: date) -> Step:
    _need(
        bpv,
        frozenset({BpvStatus.OVEREENKOMST_GETEKEND}),
        "Een BPV start pas na een getekende praktijkovereenkomst. Leg eerst vast dat de "
        "overeenkomst getekend is.",
    )
    assert bpv.signed_on is not None
    _not_before("startdatum", c.started_on, bpv.signed_on, "het tekenen van de overeenkomst")
    _not_future("startdatum", c.started_on, today)
    new = replace(bpv, status=BpvStatus.GESTART, started_on=c.started_on)
    return Step(new, "gestart", detail={"op": c.started_on.isoformat()})


def _plan_evaluations(bpv: Bpv, c: PlanEvaluations) -> Step:
    _need(
        bpv,
        frozenset({BpvStatus.OVEREENKOMST_GETEKEND, BpvStatus.GESTART}),
        "Evaluatiemomenten plan je als de praktijkovereenkomst getekend is.",
    )
    dates = tuple(sorted(set(c.dates)))
    if not dates:
        raise TransitionError("Kies ten minste één datum voor een evaluatie.", field="dates")
    if len(dates) > MAX_PLANNED_EVALUATIONS:
        raise TransitionError(
            f"Plan hoogstens {MAX_PLANNED_EVALUATIONS} evaluatiemomenten tegelijk.", field="dates"
        )
    earliest = bpv.started_on or bpv.signed_on
    assert earliest is not None
    step = "de start" if bpv.started_on else "het tekenen van de overeenkomst"
    _not_before("datum evaluatie", dates[0], earliest, step)
    new = replace(bpv, evaluations_planned=dates)
    return Step(new, "evaluaties_gepland", detail={"aantal": str(len(dates))})


def check_evaluation(e: Evaluation) -> None:
    """Refuse an evaluation with no one present, a missing scale or a value outside 1-5."""
    if not e.participants:
        raise TransitionError(
            "Kies wie er bij de evaluatie waren (ten minste één persoon).", field="participants"
        )
    missing = [s for s in Scale if s not in e.scales]
    if missing:
        raise TransitionError(
            f"Geef een cijfer van {SCALE_MIN} tot {SCALE_MAX} bij '{missing[0].label}'.",
            field=missing[0].value,
        )
    for scale in Scale:
        value = e.scales[scale]
        if not SCALE_MIN <= value <= SCALE_MAX:
            raise TransitionError(
                f"Het cijfer bij '{scale.label}' is {value}. Kies een cijfer van {SCALE_MIN} "
                f"tot {SCALE_MAX}.",
                field=scale.value,
            )
    if e.would_host_again is not None and Party.PRAKTIJKOPLEIDER not in e.participants:
        raise TransitionError(
            "Of het bedrijf weer een student wil, vult de praktijkopleider in. Kies de "
            "praktijkopleider bij wie er waren, of laat 'wil weer een student' leeg.",
            field="would_host_again",
        )
    if len(e.agreements) > MAX_TEXT:
        raise TransitionError(
            f"De afspraken zijn te lang (meer dan {MAX_TEXT} tekens). Maak ze korter.",
            field="agreements",
        )


def _record_evaluation(bpv: Bpv, c: RecordEvaluation, today: date) -> Step:
    _need(
        bpv,
        frozenset({BpvStatus.GESTART}),
        "Een evaluatie leg je vast als de BPV gestart is. Leg eerst de start vast.",
    )
    assert bpv.started_on is not None
    e = c.evaluation
    _not_before("datum evaluatie", e.held_on, bpv.started_on, "de start")
    _not_future("datum evaluatie", e.held_on, today)
    check_evaluation(e)
    last = e.held_on if bpv.last_evaluation_on is None else max(bpv.last_evaluation_on, e.held_on)
    new = replace(bpv, evaluations_held=bpv.evaluations_held + 1, last_evaluation_on=last)
    detail = {"op": e.held_on.isoformat(), "signalen": ",".join(sorted(e.signals))}
    return Step(new, "evaluatie", detail=detail)


def _finish(bpv: Bpv, c: Finish, today: date) -> Step:
    _need(
        bpv,
        frozenset({BpvStatus.GESTART}),
        "Een uitkomst leg je pas vast als de BPV gestart is.",
    )
    if c.outcome is Outcome.AFGEBROKEN:
        raise TransitionError(
            "Is de BPV eerder gestopt? Kies dan 'gestopt' met de reden en wie stopte. "
            "'Afgerond' is voor succesvol of niet succesvol.",
            field="outcome",
        )
    if c.outcome is Outcome.NIET_SUCCESVOL and c.reason is None:
        raise TransitionError(
            "Kies een reden waarom de BPV niet succesvol is afgerond.", field="reason"
        )
    assert bpv.started_on is not None
    _not_before("einddatum", c.ended_on, bpv.last_date, "de vorige stap")
    _not_future("einddatum", c.ended_on, today)
    new = replace(
        bpv,
        status=BpvStatus.AFGEROND,
        ended_on=c.ended_on,
        outcome=c.outcome,
        outcome_reason=None if c.outcome is Outcome.SUCCESVOL else c.reason,
    )
    # Zorgplicht (H:4259-4262): after a first BPV that did not succeed, the school looks for a
    # second place, so the student enters the queue.
    rematch = (
        Rematch(RematchTrigger.NIET_SUCCESVOL, c.ended_on)
        if c.outcome is Outcome.NIET_SUCCESVOL
        else None
    )
    return Step(new, "afgerond", rematch, detail={"uitkomst": c.outcome.value})


def _stop(bpv: Bpv, c: Stop, today: date) -> Step:
    _not_ended(bpv)
    _not_before("datum gestopt", c.stopped_on, bpv.last_date, "de vorige stap")
    _not_future("datum gestopt", c.stopped_on, today)
    new = _ended_early(bpv, c.stopped_on, c.reason, c.by)
    rematch = Rematch(RematchTrigger.GESTOPT, c.stopped_on)
    detail = {"door": c.by.value, "reden": c.reason.value}
    return Step(new, "gestopt", rematch, detail)


def _withdraw(bpv: Bpv, c: WithdrawErkenning) -> Step:
    _not_ended(bpv)
    _not_before("datum erkenning ingetrokken", c.on, bpv.last_date, "de vorige stap")
    new = _ended_early(bpv, c.on, StopReason.ERKENNING_INGETROKKEN, None)
    rematch = Rematch(RematchTrigger.ERKENNING_INGETROKKEN, c.on)
    return Step(new, "erkenning_ingetrokken", rematch)


def _ended_early(bpv: Bpv, on: date, reason: StopReason, by: Side | None) -> Bpv:
    """Before the start the record ends without an outcome; after it, as "afgebroken"."""
    if bpv.status in PROPOSED:
        return replace(
            bpv, status=BpvStatus.ZOEKT_NIEUWE_PLEK, ended_on=on, stop_reason=reason, stopped_by=by
        )
    return replace(
        bpv,
        status=BpvStatus.GESTOPT,
        ended_on=on,
        outcome=Outcome.AFGEBROKEN,
        stop_reason=reason,
        stopped_by=by,
    )


def apply(bpv: Bpv, command: Command, *, today: date) -> Step:
    """Take one step, or raise ``TransitionError`` (Dutch, names what to do) and change nothing."""
    match command:
        case PlanKennismaking():
            return _plan_kennismaking(bpv, command)
        case StudentAnswer():
            return _student_answer(bpv, command, today)
        case CompanyVerdict():
            return _company_verdict(bpv, command, today)
        case RecordKennismaking():
            return _record_kennismaking(bpv, command, today)
        case SignAgreement():
            return _sign(bpv, command, today)
        case Start():
            return _start(bpv, command, today)
        case PlanEvaluations():
            return _plan_evaluations(bpv, command)
        case RecordEvaluation():
            return _record_evaluation(bpv, command, today)
        case Finish():
            return _finish(bpv, command, today)
        case Stop():
            return _stop(bpv, command, today)
        case WithdrawErkenning():
            return _withdraw(bpv, command)
