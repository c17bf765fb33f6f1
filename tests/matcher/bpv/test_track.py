"""The company track record: hosted, endings with reasons, evaluations, would host again."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from matcher.bpv.lifecycle import Bpv
from matcher.bpv.track import (
    EvaluationFacts,
    detail_lines,
    summary_text,
    track_record,
    track_records,
)
from matcher.bpv.vocabulary import (
    BpvStatus,
    KennismakingReason,
    Outcome,
    OutcomeReason,
    Signal,
    StopReason,
    Verdict,
)

D = date(2026, 9, 1)


def _bpv(student: str, company: str = "c1", **changes: object) -> Bpv:
    return replace(Bpv(student, f"p-{company}", company, D), **changes)  # type: ignore[arg-type]


def _started(student: str, company: str = "c1", **changes: object) -> Bpv:
    return _bpv(student, company, **{"status": BpvStatus.GESTART, "started_on": D, **changes})


def _done(student: str, outcome: Outcome, company: str = "c1", **changes: object) -> Bpv:
    status = BpvStatus.GESTOPT if outcome is Outcome.AFGEBROKEN else BpvStatus.AFGEROND
    return _started(student, company, status=status, ended_on=D, outcome=outcome, **changes)


def _eval(day: int, *signals: Signal, again: bool | None = None) -> EvaluationFacts:
    return EvaluationFacts(date(2026, 10, day), frozenset(signals), again)


def test_counts_hosted_endings_reasons_signals_and_would_host_again() -> None:
    items = [
        (_done("s1", Outcome.SUCCESVOL), [_eval(1, again=False), _eval(20, again=True)]),
        (_done("s2", Outcome.SUCCESVOL), [_eval(2, Signal.VERZUIM, again=True)]),
        (_done("s3", Outcome.NIET_SUCCESVOL, outcome_reason=OutcomeReason.TE_WEINIG_UREN), []),
        (
            _done("s4", Outcome.AFGEBROKEN, stop_reason=StopReason.WERKPROCESSEN),
            [_eval(3, Signal.VERZUIM, Signal.VERMOEIDHEID)],
        ),
        (_started("s5"), []),
        (
            _bpv(
                "s6",
                status=BpvStatus.ZOEKT_NIEUWE_PLEK,
                ended_on=D,
                student_verdict=Verdict.AKKOORD,
                company_verdict=Verdict.NIET_AKKOORD,
                company_reason=KennismakingReason.GEEN_KLIK,
            ),
            [],
        ),  # fmt: skip
        (_bpv("s7"), []),  # proposed only: not hosted, not ended
        (_done("s8", Outcome.SUCCESVOL, company="c2"), [_eval(4, again=False)]),
    ]
    record = track_record("c1", items)
    assert (record.hosted, record.running, record.succesvol) == (5, 1, 2)
    assert record.niet_succesvol.count == 1
    assert record.niet_succesvol.reasons == {"te_weinig_uren": 1}
    assert record.afgebroken.reasons == {"werkprocessen": 1}
    assert record.gestopt.reasons == {"kennismaking_niet_akkoord": 1}
    assert record.evaluations == 4
    assert record.signals == {"verzuim": 2, "vermoeidheid": 1}
    # s1 said no, then yes: the latest answer counts, once per BPV; c2's "no" is not c1's
    assert (record.host_again_yes, record.host_again_asked) == (2, 2)
    assert record.host_again_share == 1.0
    assert summary_text(record) == (
        "Eerder hier: 5 BPV's, 2 goed afgerond, 1 loopt nog, 1 niet succesvol, 1 afgebroken, "
        "1 gestopt voor de start, bedrijf wil weer: ja (2 van 2)."
    )
    assert detail_lines(record) == [
        "Niet succesvol: Er zijn nog te weinig uren gemaakt (1).",
        "Afgebroken: De werkprocessen passen niet (1).",
        "Gestopt voor de start: Na de kennismaking niet akkoord (1).",
        "4 evaluaties, signalen: Verzuim (2); Vermoeidheid (1).",
    ]


def test_a_company_without_history_says_so_and_mixed_answers_read_deels() -> None:
    records = track_records(
        [
            (_done("s1", Outcome.SUCCESVOL, company="c2"), [_eval(1, again=True)]),
            (_done("s2", Outcome.SUCCESVOL, company="c2"), [_eval(1, again=False)]),
        ],
        company_ids=["c1"],
    )
    assert sorted(records) == ["c1", "c2"]
    empty = records["c1"]
    assert empty.hosted == 0
    assert empty.host_again_share is None
    assert (
        summary_text(empty) == "Eerder hier: nog geen BPV's. Bedrijf wil weer: nog niet gevraagd."
    )
    assert detail_lines(empty) == []
    assert summary_text(records["c2"]).endswith("bedrijf wil weer: deels (1 van 2).")
    assert records["c2"].host_again_share == 0.5


def test_a_stop_before_the_start_counts_its_stop_reason_not_as_hosted() -> None:
    stopped = _bpv(
        "s1", status=BpvStatus.ZOEKT_NIEUWE_PLEK, ended_on=D,
        stop_reason=StopReason.ERKENNING_INGETROKKEN,
    )  # fmt: skip
    record = track_record("c1", [(stopped, [])])
    assert record.hosted == 0
    assert record.gestopt.reasons == {"erkenning_ingetrokken": 1}
    assert summary_text(record) == (
        "Eerder hier: 0 BPV's, 1 gestopt voor de start, bedrijf wil weer: nog niet gevraagd."
    )
