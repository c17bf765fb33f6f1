"""Ended BPVs become outcome history: profiles frozen when matched, what counts as an outcome,
who may build it, erasure, the export as a history set and training from it (issues 19, 20)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session
from typer.testing import CliRunner

from adapters import clock
from adapters.db import bpv_queries as q
from adapters.db.engine import make_engine, session_scope
from adapters.db.migrate import upgrade
from adapters.db.repositories import save_population
from adapters.flows import bpv as flow
from adapters.flows import outcome_history
from adapters.flows.rounds import snapshot
from adapters.flows.training import ImportedHistory, train_and_propose, training_data
from adapters.geography.postcodes import PostcodeTable
from adapters.privacy.audit import Actor, list_for_student
from adapters.privacy.subject_rights import erase_student, export_student
from adapters.tabular import read_history_dir
from cli import COMMAND_MODULES, app
from matcher.bpv.lifecycle import Finish, RecordKennismaking, Stop
from matcher.bpv.vocabulary import (
    KennismakingReason,
    Outcome,
    OutcomeReason,
    Side,
    StopReason,
    Verdict,
)
from matcher.demo.history import generate_history
from matcher.domain import Outcome as HistoryOutcome
from matcher.errors import InvalidInputError, PermissionDeniedError
from matcher.privacy.principal import Principal
from matcher.privacy.vocabulary import Role
from matcher.travel import EstimatedTravelTime
from tests.adapters.flows.test_bpv_flows import (
    APPROVED,
    AT_PUBLISH,
    BUREAU,
    COACH,
    SITE,
    TODAY,
    _publish,
)
from tests.factories import example_population
from tests.matcher.demo.towns_fixture import TOWNS

for _module in COMMAND_MODULES:
    __import__(_module)

BEHEER = Principal(0, "beheer@test.invalid", "Beheer", frozenset({Role.ADMIN}))
STAFF_BUREAU = Principal(1, "bureau@test.invalid", "Bea", frozenset({Role.BUREAU}), "school")
JOBCOACH = Principal(2, "coach@test.invalid", "Cas", frozenset({Role.JOBCOACH}), "school")
TRAVEL = EstimatedTravelTime()


@pytest.fixture
def engine(sqlite_url: str) -> Iterator[Engine]:
    """The example population, a published round (s001, s002, s004 approved, s003 not)."""
    upgrade(sqlite_url)
    engine = make_engine(sqlite_url)
    with clock.use_clock(clock.FixedClock(AT_PUBLISH)), session_scope(engine) as session:
        save_population(session, example_population())
        _publish(session, (*(a + ("accepted",) for a in APPROVED), ("s003", "p004", "c03", "open")))
    yield engine
    engine.dispose()


def _bpv(engine: Engine, student_id: str) -> int:
    with Session(engine) as session:
        [row] = q.list_bpvs(session, student_ids=[student_id])
        assert row.id is not None
        return row.id


def _run_to_start(engine: Engine, student_id: str) -> tuple[int, int]:
    """Kennismaking akkoord, signed (with a guardian for a minor), started on 14-09-2026."""
    bpv_id = _bpv(engine, student_id)
    with session_scope(engine) as session:
        v = flow.plan_kennismaking(
            session, BUREAU, bpv_id, version=1, today=TODAY, site_url=SITE, on=date(2026, 9, 5)
        )
        v = flow.record_kennismaking(
            session, BUREAU, bpv_id, version=v.version, today=TODAY,
            command=RecordKennismaking(date(2026, 9, 5), Verdict.AKKOORD, Verdict.AKKOORD),
        )  # fmt: skip
        v = flow.sign_agreement(
            session, BUREAU, bpv_id, version=v.version, today=TODAY,
            signed_on=date(2026, 9, 8), guardian_name="M. Bakker",
        )  # fmt: skip
        v = flow.start(
            session, BUREAU, bpv_id, version=v.version, today=TODAY, started_on=date(2026, 9, 14)
        )
    return bpv_id, v.version


def _finish(engine: Engine, student_id: str, outcome: Outcome = Outcome.SUCCESVOL) -> int:
    bpv_id, version = _run_to_start(engine, student_id)
    with session_scope(engine) as session:
        flow.finish(
            session, BUREAU, bpv_id, version=version, today=TODAY,
            command=Finish(
                date(2026, 11, 20), outcome,
                None if outcome is Outcome.SUCCESVOL else OutcomeReason.BEGELEIDING,
            ),
        )  # fmt: skip
    return bpv_id


def _stop_after_start(engine: Engine, student_id: str, reason: StopReason) -> int:
    bpv_id, version = _run_to_start(engine, student_id)
    with session_scope(engine) as session:
        flow.stop(
            session, BUREAU, bpv_id, version=version, today=TODAY,
            command=Stop(date(2026, 10, 2), Side.SCHOOL, reason),
        )  # fmt: skip
    return bpv_id


def _decline(engine: Engine, student_id: str) -> int:
    bpv_id = _bpv(engine, student_id)
    with session_scope(engine) as session:
        v = flow.plan_kennismaking(
            session, BUREAU, bpv_id, version=1, today=TODAY, site_url=SITE, on=date(2026, 9, 5)
        )
        flow.record_kennismaking(
            session, BUREAU, bpv_id, version=v.version, today=TODAY,
            command=RecordKennismaking(
                date(2026, 9, 5), Verdict.NIET_AKKOORD, Verdict.AKKOORD,
                student_reason=KennismakingReason.REISTIJD,
            ),
        )  # fmt: skip
    return bpv_id


def _build(engine: Engine, who: Principal = STAFF_BUREAU) -> outcome_history.OutcomeHistory:
    with Session(engine) as session:
        return outcome_history.build(session, who)


def test_publishing_freezes_the_profiles_the_scoring_uses(engine: Engine) -> None:
    with Session(engine) as session:
        snap = snapshot.get(session, 1)
        assert snap is not None
        frozen = snapshot.matched_student(snap.data, "s001")
        s003 = snapshot.matched_student(snap.data, "s003")
    live = {s.student_id: s for s in example_population().students}
    assert frozen == replace(live["s001"], name="")  # every scoring field, without the name
    assert s003 is None  # not approved: no frozen profile, but its groups for placement rates
    assert set(snap.data["groups"]) == {"s001", "s002", "s003", "s004"}
    assert "name" not in snap.data["matched"]["s001"]


def test_ended_bpvs_become_outcomes_with_the_profiles_of_then(engine: Engine) -> None:
    success = _finish(engine, "s001")
    stopped = _stop_after_start(engine, "s002", StopReason.TE_VEEL_GEVRAAGD)
    _decline(engine, "s004")  # ended before the start: not an outcome of the place
    before = {s.student_id: s for s in example_population().students}
    changed = replace(before["s001"], hours_per_week=4.0, preferences=())
    with session_scope(engine) as session:  # a later import changes the live profile
        save_population(session, replace(example_population(), students=(changed,)))
    own = _build(engine)
    outcomes = own.history.outcomes
    assert [(o.student_id, o.place_id, o.outcome) for o in outcomes] == [
        (f"bpv-{success}", "p001", HistoryOutcome.SUCCESVOL),
        (f"bpv-{stopped}", "p002", HistoryOutcome.AFGEBROKEN),
    ]
    assert outcomes[0].started_on == date(2026, 9, 14)
    assert outcomes[0].ended_on == date(2026, 11, 20)
    assert own.bpv_ids == (success, stopped)
    assert own.skipped == {"geen uitkomst van de plek": 1}
    first = own.history.population.students[0]
    assert first.hours_per_week == before["s001"].hours_per_week  # as matched, not as now
    assert first.preferences == before["s001"].preferences
    assert first.name == ""
    assert own.period == (date(2026, 10, 2), date(2026, 11, 20))
    assert own.source()["n_outcomes"] == 2
    # placement per group over the round: 3 of 4 students had an approved match
    assert sum(got for got, _ in own.placement["niveau"].values()) == 3
    assert sum(n for _, n in own.placement["niveau"].values()) == 4


def test_a_withdrawn_erkenning_is_no_outcome_of_the_match(engine: Engine) -> None:
    _stop_after_start(engine, "s001", StopReason.ERKENNING_INGETROKKEN)
    own = _build(engine)
    assert own.history.outcomes == ()
    assert own.skipped == {"geen uitkomst van de plek": 1}


def test_only_beheer_and_the_bureau_build_it(engine: Engine) -> None:
    _finish(engine, "s001")
    assert len(_build(engine, BEHEER).history.outcomes) == 1
    for who in (JOBCOACH, replace(JOBCOACH, roles=frozenset({Role.STUDENT}))):
        with pytest.raises(PermissionDeniedError, match="Alleen beheer of het BPV-bureau"):
            _build(engine, who)
    with pytest.raises(PermissionDeniedError):
        training_data(engine, JOBCOACH, travel=TRAVEL)
    assert COACH.principal is not None  # the flow's grant fixtures stay usable here


def test_erasure_clears_the_frozen_student_data(engine: Engine) -> None:
    _finish(engine, "s001")
    _finish(engine, "s002")
    actor = Actor("Bureau (#1)", 1)
    with session_scope(engine) as session:  # the right of access shows the frozen profile
        [published] = export_student(session, "s001", actor=actor)["published_rounds"]
        assert published["profile_when_matched"]["hours_per_week"] == 16.0
        erase_student(session, "s001", actor=actor, role=Role.BUREAU)
        [published] = export_student(session, "s001", actor=actor)["published_rounds"]
        assert published["profile_when_matched"] is None
    with Session(engine) as session:
        snap = snapshot.get(session, 1)
        assert snap is not None
        assert "s001" not in snap.data["matched"]
        assert "s001" not in snap.data["groups"]
        assert "s002" in snap.data["matched"]
        assert snapshot.matched_student(snap.data, "s001") is None
    own = _build(engine)
    assert [o.place_id for o in own.history.outcomes] == ["p002"]
    assert own.skipped == {"geen profiel van toen": 1}


def test_export_history_round_trips_through_the_history_reader(
    engine: Engine, sqlite_url: str, tmp_path: Path
) -> None:
    _finish(engine, "s001")
    _stop_after_start(engine, "s002", StopReason.CULTUUR)
    own = _build(engine)
    out = tmp_path / "geschiedenis"
    result = CliRunner().invoke(
        app, ["export", "--history", str(out), "--database-url", sqlite_url]
    )
    assert result.exit_code == 0, result.output
    assert "eigen BPV's: 2 uitkomsten (02-10-2026 tot 20-11-2026)" in result.output
    with Session(engine) as session:  # the export is in each student's privacy log
        logged = [e for e in list_for_student(session, "s001") if e["purpose"] == "statistics"]
        assert [e["fields"] for e in logged] == [["profiel_bij_matching"]]
        assert list_for_student(session, "s003") == []  # not approved: not used, not logged
    read, _ = read_history_dir(out, geocoder=PostcodeTable.from_package())
    assert read.outcomes == own.history.outcomes  # ids, outcomes and dates as recorded
    header = (out / "outcomes.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header == "student_id,place_id,outcome,started_on,ended_on"

    def same(a: object, b: object) -> bool:  # locations are written with 5 decimals
        loc_a, loc_b = a.location, b.location  # type: ignore[attr-defined]
        if loc_a is None or loc_b is None:
            return bool(a == b)
        close = abs(loc_a.lat - loc_b.lat) < 1e-5 and abs(loc_a.lon - loc_b.lon) < 1e-5
        rest_a = replace(a, location=loc_b)  # type: ignore[type-var]
        return close and rest_a == b

    for kind in ("students", "companies", "places"):
        got, want = getattr(read.population, kind), getattr(own.history.population, kind)
        assert len(got) == len(want)
        assert all(same(a, b) for a, b in zip(got, want, strict=True)), kind


def test_an_outcome_recorded_in_the_db_changes_the_training_set(engine: Engine) -> None:
    history, _ = generate_history(n_students=250, seed=4, towns=TOWNS, on=date(2025, 9, 1))
    imported = ImportedHistory(history, "geschiedenis demo", date(2025, 9, 1))
    n = len(history.outcomes)
    before = training_data(engine, STAFF_BUREAU, travel=TRAVEL, imported=imported)
    assert before.data.n == n
    assert [s["source"] for s in before.sources] == ["geschiedenis demo"]
    _finish(engine, "s001", Outcome.NIET_SUCCESVOL)
    after = training_data(engine, STAFF_BUREAU, travel=TRAVEL, imported=imported)
    assert after.data.n == n + 1
    assert not bool(after.data.success[0])  # the product's own outcome comes first
    assert [(s["source"], s["n_outcomes"]) for s in after.sources] == [
        ("eigen BPV's", 1), ("geschiedenis demo", n),
    ]  # fmt: skip


def test_nothing_to_learn_from_is_a_dutch_message(engine: Engine) -> None:
    with pytest.raises(InvalidInputError, match="niets om van te leren"):
        training_data(engine, STAFF_BUREAU, travel=TRAVEL)


def test_propose_trains_and_records_its_sources(engine: Engine, tmp_path: Path) -> None:
    _finish(engine, "s001")
    history, _ = generate_history(n_students=400, seed=1, towns=TOWNS, on=date(2025, 9, 1))
    imported = ImportedHistory(history, "geschiedenis demo", date(2025, 9, 1))
    trained = train_and_propose(
        engine, STAFF_BUREAU, model_path=tmp_path / "model.joblib", travel=TRAVEL,
        imported=imported,
    )  # fmt: skip
    assert trained.version is not None
    assert trained.version.status.value == "proposed"  # training never approves
    sources = trained.version.evidence["sources"]
    assert [(s["source"], s["n_outcomes"]) for s in sources] == [
        ("eigen BPV's", 1), ("geschiedenis demo", len(history.outcomes)),
    ]  # fmt: skip
    assert sources[0]["first"] == sources[0]["last"] == "2026-11-20"
    assert trained.version.n_outcomes == len(history.outcomes) + 1
    fairness = trained.version.evidence["fairness"]
    assert all(g["placement_rate"] is not None for g in fairness)


def test_cli_propose_trains_on_the_db_and_a_history_folder(
    engine: Engine, sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from adapters.settings import get_settings
    from adapters.tabular import write_history

    _finish(engine, "s001")
    history, _ = generate_history(n_students=300, seed=2, towns=TOWNS, on=date(2025, 9, 1))
    folder = tmp_path / "oud"
    write_history(folder, history)
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    monkeypatch.setenv("MODEL_PATH", str(tmp_path / "model.joblib"))
    get_settings.cache_clear()
    try:
        args = ["model", "propose", "--by", "Bea", "--history", str(folder), "--date", "2025-09-01"]
        result = CliRunner().invoke(app, args)
    finally:
        get_settings.cache_clear()
    text = " ".join(result.output.split())
    assert "eigen BPV's: 1 uitkomst (20-11-2026 tot 20-11-2026)" in text
    assert f"geschiedenis oud: {len(history.outcomes)} uitkomsten" in text
    assert result.exit_code == 0, result.output
    assert "model 1: voorstel" in text
    assert "geplaatst" in text  # the fairness table's placement rate column


def test_export_without_a_folder_says_what_to_give(sqlite_url: str) -> None:
    result = CliRunner().invoke(app, ["export", "--database-url", sqlite_url])
    assert result.exit_code != 0
    assert "Geef --out op" in " ".join(result.output.split())
    assert "Traceback" not in result.output
