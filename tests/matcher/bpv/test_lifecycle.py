"""The BPV lifecycle: each step's checks, the re-match triggers, and random step sequences."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matcher.bpv.lifecycle import (
    Bpv,
    Command,
    CompanyVerdict,
    Evaluation,
    Finish,
    PlanEvaluations,
    PlanKennismaking,
    RecordEvaluation,
    RecordKennismaking,
    Rematch,
    SignAgreement,
    Start,
    Stop,
    StudentAnswer,
    WithdrawErkenning,
    apply,
    date_text,
)
from matcher.bpv.queue import QueueEntry, longest_waiting_first, waiting_text
from matcher.bpv.vocabulary import (
    ENDED,
    LABELS,
    BpvStatus,
    KennismakingReason,
    Labelled,
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
from matcher.errors import InvalidInputError, TransitionError

D0 = date(2026, 9, 1)
TODAY = date(2026, 12, 1)
ADULT = date(2000, 5, 5)
MINOR = date(2010, 5, 5)  # 16 in September 2026
SCALES = dict.fromkeys(Scale, 4)
AKKOORD = Verdict.AKKOORD


def new() -> Bpv:
    return Bpv(student_id="s001", place_id="p001", company_id="c01", proposed_on=D0)


def run(bpv: Bpv, *commands: Command, today: date = TODAY) -> Bpv:
    for command in commands:
        bpv = apply(bpv, command, today=today).bpv
    return bpv


def day(n: int) -> date:
    return D0 + timedelta(days=n)


def started() -> Bpv:
    return run(
        new(),
        PlanKennismaking(day(3), frozenset({Party.JOBCOACH})),
        RecordKennismaking(day(3), AKKOORD, AKKOORD),
        SignAgreement(day(5), ADULT),
        Start(day(10)),
    )


def test_the_happy_path_reaches_a_successful_outcome() -> None:
    bpv = run(
        started(),
        PlanEvaluations((day(40), day(20))),
        RecordEvaluation(Evaluation(day(20), frozenset({Party.STUDENT}), SCALES)),
        Finish(day(60), Outcome.SUCCESVOL),
    )
    assert bpv.status is BpvStatus.AFGEROND
    assert bpv.outcome is Outcome.SUCCESVOL
    assert bpv.evaluations_planned == (day(20), day(40))
    assert bpv.evaluations_held == 1
    assert bpv.kennismaking_with == frozenset({Party.JOBCOACH})


def test_no_start_before_a_signed_agreement() -> None:
    bpv = run(new(), PlanKennismaking(day(3)), RecordKennismaking(day(3), AKKOORD, AKKOORD))
    with pytest.raises(TransitionError, match="getekende praktijkovereenkomst"):
        apply(bpv, Start(day(10)), today=TODAY)


def test_no_outcome_before_a_start() -> None:
    bpv = run(new(), PlanKennismaking(day(3)))
    with pytest.raises(TransitionError, match="gestart"):
        apply(bpv, Finish(day(10), Outcome.SUCCESVOL), today=TODAY)


def test_signing_needs_akkoord_from_both_after_the_kennismaking() -> None:
    with pytest.raises(TransitionError, match="allebei akkoord"):
        apply(run(new(), PlanKennismaking(day(3))), SignAgreement(day(5), ADULT), today=TODAY)


def test_kennismaking_must_be_planned_before_it_is_recorded() -> None:
    with pytest.raises(TransitionError, match="Plan eerst de kennismaking"):
        apply(new(), RecordKennismaking(day(3), AKKOORD, AKKOORD), today=TODAY)


def test_a_minor_signs_with_a_parent_or_guardian() -> None:
    bpv = run(new(), PlanKennismaking(day(3)), RecordKennismaking(day(3), AKKOORD, AKKOORD))
    with pytest.raises(TransitionError, match="nog geen 18 jaar") as refused:
        apply(bpv, SignAgreement(day(5), MINOR, guardian_name="  "), today=TODAY)
    assert refused.value.context["field"] == "guardian_name"
    signed = apply(bpv, SignAgreement(day(5), MINOR, " J. de Vries "), today=TODAY).bpv
    assert signed.guardian_name == "J. de Vries"
    assert signed.status is BpvStatus.OVEREENKOMST_GETEKEND


def test_age_counts_on_the_signing_date() -> None:
    birthday = date(2008, 9, 6)  # 18 on day(5)
    bpv = run(new(), PlanKennismaking(day(3)), RecordKennismaking(day(3), AKKOORD, AKKOORD))
    with pytest.raises(TransitionError, match="4 september 2026"):
        apply(bpv, SignAgreement(day(3), birthday), today=TODAY)
    assert apply(bpv, SignAgreement(day(5), birthday), today=TODAY).bpv.guardian_name is None


@pytest.mark.parametrize(
    ("bpv", "command", "names"),
    [
        (new(), PlanKennismaking(D0 - timedelta(days=1)), "het voorstel"),
        (
            run(new(), PlanKennismaking(day(3))),
            RecordKennismaking(day(2), AKKOORD, AKKOORD),
            "de geplande datum",
        ),
        (
            run(new(), PlanKennismaking(day(3)), RecordKennismaking(day(3), AKKOORD, AKKOORD)),
            SignAgreement(day(2), ADULT),
            "de kennismaking",
        ),
        (
            run(
                new(),
                PlanKennismaking(day(3)),
                RecordKennismaking(day(3), AKKOORD, AKKOORD),
                SignAgreement(day(5), ADULT),
            ),
            Start(day(4)),
            "het tekenen",
        ),
        (started(), Finish(day(9), Outcome.SUCCESVOL), "de vorige stap"),
        (started(), Stop(day(9), Side.BEDRIJF, StopReason.CULTUUR), "de vorige stap"),
        (
            started(),
            RecordEvaluation(Evaluation(day(9), frozenset({Party.STUDENT}), SCALES)),
            "de start",
        ),
    ],
)
def test_a_date_before_the_previous_step_is_refused(bpv: Bpv, command: Command, names: str) -> None:
    with pytest.raises(TransitionError, match=names) as refused:
        apply(bpv, command, today=TODAY)
    assert "Kies een datum op of na" in refused.value.message


def test_a_recorded_event_cannot_lie_in_the_future() -> None:
    bpv = run(new(), PlanKennismaking(day(3)))
    with pytest.raises(TransitionError, match="in de toekomst"):
        apply(bpv, RecordKennismaking(day(3), AKKOORD, AKKOORD), today=day(2))


def test_niet_akkoord_needs_a_reason_and_queues_the_student() -> None:
    planned = run(new(), PlanKennismaking(day(3)))
    with pytest.raises(TransitionError, match="waarom de student"):
        apply(planned, RecordKennismaking(day(3), Verdict.NIET_AKKOORD, AKKOORD), today=TODAY)
    step = apply(
        planned,
        RecordKennismaking(
            day(3), AKKOORD, Verdict.NIET_AKKOORD, company_reason=KennismakingReason.GEEN_KLIK
        ),
        today=TODAY,
    )
    assert step.bpv.status is BpvStatus.ZOEKT_NIEUWE_PLEK
    assert step.bpv.company_reason is KennismakingReason.GEEN_KLIK
    assert step.rematch is not None
    assert step.rematch.trigger is RematchTrigger.KENNISMAKING_NIET_AKKOORD
    assert step.rematch.on == day(3)


def test_the_student_answers_before_the_kennismaking() -> None:
    yes = apply(new(), StudentAnswer(day(1), AKKOORD), today=TODAY)
    assert yes.bpv.status is BpvStatus.VOORGESTELD
    assert (yes.bpv.student_answer, yes.bpv.student_answer_on) == (AKKOORD, day(1))
    assert yes.rematch is None
    planned = run(new(), PlanKennismaking(day(3)))
    with pytest.raises(TransitionError, match="Kies een reden waarom je deze plek niet wilt"):
        apply(planned, StudentAnswer(day(2), Verdict.NIET_AKKOORD), today=TODAY)
    no = apply(
        planned,
        StudentAnswer(day(2), Verdict.NIET_AKKOORD, KennismakingReason.REISTIJD),
        today=TODAY,
    )
    assert no.bpv.status is BpvStatus.ZOEKT_NIEUWE_PLEK
    assert no.bpv.student_reason is KennismakingReason.REISTIJD
    assert no.bpv.outcome is None
    assert no.rematch == Rematch(RematchTrigger.PLEK_GEWEIGERD, day(2))


def test_the_student_answers_only_before_the_kennismaking_and_not_in_the_future() -> None:
    held = run(new(), PlanKennismaking(day(3)), RecordKennismaking(day(3), AKKOORD, AKKOORD))
    with pytest.raises(TransitionError, match="vóór de kennismaking"):
        apply(held, StudentAnswer(day(4), AKKOORD), today=TODAY)
    with pytest.raises(TransitionError, match="in de toekomst"):
        apply(new(), StudentAnswer(TODAY + timedelta(days=1), AKKOORD), today=TODAY)
    with pytest.raises(TransitionError, match="vóór het voorstel"):
        apply(new(), StudentAnswer(D0 - timedelta(days=1), AKKOORD), today=TODAY)


def test_the_company_gives_its_own_verdict_after_the_kennismaking() -> None:
    with pytest.raises(TransitionError, match="na een geplande kennismaking"):
        apply(new(), CompanyVerdict(day(3), AKKOORD), today=TODAY)
    planned = run(new(), PlanKennismaking(day(3)))
    with pytest.raises(TransitionError, match="vóór de geplande kennismaking"):
        apply(planned, CompanyVerdict(day(2), AKKOORD), today=TODAY)
    with pytest.raises(TransitionError, match="waarom het bedrijf"):
        apply(planned, CompanyVerdict(day(3), Verdict.NIET_AKKOORD), today=TODAY)
    yes = apply(planned, CompanyVerdict(day(4), AKKOORD), today=TODAY)
    assert (yes.bpv.status, yes.bpv.company_verdict_on) == (BpvStatus.KENNISMAKING_GEPLAND, day(4))
    with pytest.raises(TransitionError, match="Het bedrijf heeft zelf al 'akkoord' gegeven"):
        apply(
            yes.bpv,
            RecordKennismaking(day(4), AKKOORD, Verdict.NIET_AKKOORD,
                               company_reason=KennismakingReason.GEEN_KLIK),
            today=TODAY,
        )  # fmt: skip
    held = apply(yes.bpv, RecordKennismaking(day(4), AKKOORD, AKKOORD), today=TODAY)
    assert held.bpv.status is BpvStatus.KENNISMAKING_GEHAD
    no = apply(
        planned, CompanyVerdict(day(4), Verdict.NIET_AKKOORD, KennismakingReason.UREN_PASSEN_NIET),
        today=TODAY,
    )  # fmt: skip
    assert no.bpv.status is BpvStatus.ZOEKT_NIEUWE_PLEK
    assert no.bpv.company_reason is KennismakingReason.UREN_PASSEN_NIET
    assert no.rematch == Rematch(RematchTrigger.KENNISMAKING_NIET_AKKOORD, day(4))


def test_stopping_early_after_the_start_is_afgebroken_and_queues() -> None:
    step = apply(started(), Stop(day(30), Side.STUDENT, StopReason.TE_VEEL_GEVRAAGD), today=TODAY)
    assert step.bpv.status is BpvStatus.GESTOPT
    assert step.bpv.outcome is Outcome.AFGEBROKEN
    assert step.rematch is not None
    assert step.rematch.trigger is RematchTrigger.GESTOPT


def test_declining_before_the_kennismaking_has_no_outcome() -> None:
    step = apply(new(), Stop(day(1), Side.STUDENT, StopReason.ANDERS), today=TODAY)
    assert step.bpv.status is BpvStatus.ZOEKT_NIEUWE_PLEK
    assert step.bpv.outcome is None


@pytest.mark.parametrize("before", [new(), started()])
def test_withdrawn_erkenning_queues_proposed_and_running(before: Bpv) -> None:
    step = apply(before, WithdrawErkenning(day(40)), today=TODAY)
    assert step.bpv.status in {BpvStatus.ZOEKT_NIEUWE_PLEK, BpvStatus.GESTOPT}
    assert step.bpv.stop_reason is StopReason.ERKENNING_INGETROKKEN
    assert step.rematch is not None
    assert step.rematch.trigger is RematchTrigger.ERKENNING_INGETROKKEN


def test_an_ended_bpv_does_not_change() -> None:
    ended = run(started(), Finish(day(60), Outcome.SUCCESVOL))
    for command in (Start(day(70)), WithdrawErkenning(day(70)), PlanKennismaking(day(70))):
        with pytest.raises(TransitionError, match="verandert niet meer"):
            apply(ended, command, today=TODAY)


def test_niet_succesvol_needs_a_reason_and_afgebroken_means_stop() -> None:
    with pytest.raises(TransitionError, match="reden"):
        apply(started(), Finish(day(60), Outcome.NIET_SUCCESVOL), today=TODAY)
    with pytest.raises(TransitionError, match="gestopt"):
        apply(started(), Finish(day(60), Outcome.AFGEBROKEN), today=TODAY)
    done = apply(
        started(),
        Finish(day(60), Outcome.NIET_SUCCESVOL, OutcomeReason.TE_WEINIG_UREN),
        today=TODAY,
    )
    assert done.bpv.outcome_reason is OutcomeReason.TE_WEINIG_UREN
    # zorgplicht (H:4259-4262): the school looks for a second place
    assert done.rematch == Rematch(RematchTrigger.NIET_SUCCESVOL, day(60))
    assert apply(started(), Finish(day(60), Outcome.SUCCESVOL), today=TODAY).rematch is None


@pytest.mark.parametrize(
    ("evaluation", "names"),
    [
        (Evaluation(day(20), frozenset(), SCALES), "wie er bij de evaluatie"),
        (Evaluation(day(20), frozenset({Party.STUDENT}), {Scale.WERK: 3}), "Geef een cijfer"),
        (
            Evaluation(day(20), frozenset({Party.STUDENT}), {**SCALES, Scale.LEREN: 6}),
            "is 6",
        ),
        (
            Evaluation(day(20), frozenset({Party.STUDENT}), SCALES, agreements="x" * 4001),
            "te lang",
        ),
    ],
)
def test_an_evaluation_is_checked(evaluation: Evaluation, names: str) -> None:
    with pytest.raises(TransitionError, match=names):
        apply(started(), RecordEvaluation(evaluation), today=TODAY)


def test_transition_errors_are_invalid_input_for_the_api() -> None:
    assert issubclass(TransitionError, InvalidInputError)
    assert TransitionError.code == "invalid_transition"


def test_every_code_has_a_dutch_label() -> None:
    kinds = Labelled.__subclasses__()
    assert set(kinds) == set(LABELS)
    for kind in kinds:
        assert set(LABELS[kind]) == {m.value for m in kind}
        assert all(m.label and m.label != m.value for m in kind if m.value != "student")


def test_dates_and_waiting_read_as_dutch() -> None:
    assert date_text(date(2026, 3, 1)) == "1 maart 2026"
    assert [waiting_text(n) for n in (0, 1, 12)] == [
        "wacht sinds vandaag",
        "wacht 1 dag",
        "wacht 12 dagen",
    ]
    late = QueueEntry("s2", RematchTrigger.GESTOPT, day(9))
    early = QueueEntry("s1", RematchTrigger.GESTOPT, day(2))
    assert early.days_waiting(day(12)) == 10
    assert longest_waiting_first([late, early]) == [early, late]


# --- random sequences of steps ---------------------------------------------------------------

dates = st.integers(min_value=-3, max_value=120).map(day)
parties = st.frozensets(st.sampled_from(Party))
reasons = st.none() | st.sampled_from(KennismakingReason)
evaluations = st.builds(
    Evaluation,
    held_on=dates,
    participants=parties,
    scales=st.dictionaries(st.sampled_from(Scale), st.integers(0, 6)),
    signals=st.frozensets(st.sampled_from(Signal)),
)
commands: st.SearchStrategy[Command] = st.one_of(
    st.builds(PlanKennismaking, on=dates, going_along=parties),
    st.builds(StudentAnswer, on=dates, answer=st.sampled_from(Verdict), reason=reasons),
    st.builds(CompanyVerdict, on=dates, verdict=st.sampled_from(Verdict), reason=reasons),
    st.builds(
        RecordKennismaking,
        held_on=dates,
        student=st.sampled_from(Verdict),
        company=st.sampled_from(Verdict),
        student_reason=reasons,
        company_reason=reasons,
    ),
    st.builds(
        SignAgreement,
        signed_on=dates,
        birth_date=st.sampled_from([ADULT, MINOR, date(2008, 10, 1)]),
        guardian_name=st.none() | st.sampled_from(["", "A. Jansen"]),
    ),
    st.builds(Start, started_on=dates),
    st.builds(PlanEvaluations, dates=st.lists(dates, max_size=3).map(tuple)),
    st.builds(RecordEvaluation, evaluation=evaluations),
    st.builds(
        Finish,
        ended_on=dates,
        outcome=st.sampled_from(Outcome),
        reason=st.none() | st.sampled_from(OutcomeReason),
    ),
    st.builds(Stop, stopped_on=dates, by=st.sampled_from(Side), reason=st.sampled_from(StopReason)),
    st.builds(WithdrawErkenning, on=dates),
)


def check_invariants(bpv: Bpv, today: date) -> None:
    """What no reachable record may ever break."""
    if bpv.student_answer_on is not None:
        assert bpv.proposed_on <= bpv.student_answer_on <= today
        assert bpv.kennismaking_held_on is None or bpv.student_answer is AKKOORD
    if bpv.company_verdict_on is not None:
        assert bpv.kennismaking_on is not None
        assert bpv.kennismaking_on <= bpv.company_verdict_on <= today
    chain = [
        bpv.proposed_on,
        bpv.kennismaking_on,
        bpv.kennismaking_held_on,
        bpv.signed_on,
        bpv.started_on,
    ]
    known = [d for d in chain if d is not None]
    assert known == sorted(known), chain
    for d in (bpv.kennismaking_held_on, bpv.signed_on, bpv.started_on, bpv.last_evaluation_on):
        assert d is None or d <= today
    if bpv.signed_on is not None:
        assert bpv.student_verdict is AKKOORD
        assert bpv.company_verdict is AKKOORD
    if bpv.status in {BpvStatus.GESTART, BpvStatus.AFGEROND, BpvStatus.GESTOPT}:
        assert bpv.signed_on is not None
        assert bpv.started_on is not None
    if bpv.outcome is not None:
        assert bpv.started_on is not None
        assert bpv.status in {BpvStatus.AFGEROND, BpvStatus.GESTOPT}
        assert bpv.ended_on is not None
        assert bpv.ended_on >= bpv.started_on
    assert (bpv.status in {BpvStatus.AFGEROND, BpvStatus.GESTOPT}) == (bpv.outcome is not None)
    if bpv.status is BpvStatus.ZOEKT_NIEUWE_PLEK:
        assert bpv.started_on is None
    if bpv.evaluations_held:
        assert bpv.started_on is not None
        assert bpv.last_evaluation_on is not None
        assert bpv.last_evaluation_on >= bpv.started_on
    if bpv.outcome is Outcome.NIET_SUCCESVOL:
        assert bpv.outcome_reason is not None


def next_step(data: st.DataObject, bpv: Bpv) -> Command:
    """Mostly the step the record is ready for, dated a little after the last one, so that
    sequences reach the later states; now and then any step at any date."""
    if data.draw(st.integers(0, 9), label="any") >= 7:
        return data.draw(commands, label="any step")
    base = bpv.kennismaking_on or bpv.last_date
    later = data.draw(st.integers(min_value=-1, max_value=20).map(lambda n: base + timedelta(n)))
    verdicts = st.sampled_from([AKKOORD, AKKOORD, AKKOORD, Verdict.NIET_AKKOORD])
    natural: dict[BpvStatus, st.SearchStrategy[Command]] = {
        BpvStatus.VOORGESTELD: st.builds(PlanKennismaking, on=st.just(later)),
        BpvStatus.KENNISMAKING_GEPLAND: st.builds(
            RecordKennismaking,
            held_on=st.just(later),
            student=verdicts,
            company=verdicts,
            student_reason=reasons,
            company_reason=reasons,
        ),
        BpvStatus.KENNISMAKING_GEHAD: st.builds(
            SignAgreement,
            signed_on=st.just(later),
            birth_date=st.sampled_from([ADULT, MINOR, date(2008, 10, 1)]),
            guardian_name=st.none() | st.just("A. Jansen"),
        ),
        BpvStatus.OVEREENKOMST_GETEKEND: st.builds(Start, started_on=st.just(later)),
        BpvStatus.GESTART: st.one_of(
            st.builds(
                RecordEvaluation,
                evaluation=st.builds(
                    Evaluation,
                    held_on=st.just(later),
                    participants=parties,
                    scales=st.dictionaries(st.sampled_from(Scale), st.integers(1, 5), min_size=5),
                    signals=st.frozensets(st.sampled_from(Signal)),
                ),
            ),
            st.builds(
                Finish,
                ended_on=st.just(later),
                outcome=st.sampled_from(Outcome),
                reason=st.none() | st.sampled_from(OutcomeReason),
            ),
        ),
    }
    return data.draw(natural.get(bpv.status, commands), label="next step")


@settings(max_examples=300)
@given(st.data(), st.integers(min_value=0, max_value=150).map(day))
def test_random_steps_never_reach_an_invalid_record(data: st.DataObject, today: date) -> None:
    bpv = new()
    signers: list[SignAgreement] = []
    messages: list[str] = []
    queued = 0
    for _ in range(data.draw(st.integers(0, 25), label="length")):
        command = next_step(data, bpv)
        before = bpv
        try:
            step = apply(bpv, command, today=today)
        except TransitionError as refused:
            messages.append(refused.message)
            assert bpv == before  # a refused step changes nothing
            continue
        assert before.status not in ENDED
        if step.rematch is not None:
            queued += 1
            assert step.bpv.status in ENDED
        bpv = step.bpv
        check_invariants(bpv, today)
        if isinstance(command, SignAgreement):
            signers.append(command)
            minor = age_on(command.birth_date, command.signed_on) < 18
            assert not minor or bpv.guardian_name  # a minor never signs alone
    assert queued <= 1
    assert len(signers) <= 1
    assert all(m.strip() for m in messages)


def test_the_invariants_catch_a_broken_record() -> None:
    broken = replace(started(), signed_on=None)
    with pytest.raises(AssertionError):
        check_invariants(broken, TODAY)
