"""execute_round: claims, idempotency, failure with a readable reason, fencing, fan-out path."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, text, update
from sqlalchemy.exc import DBAPIError, IntegrityError

import matcher.solver
from adapters.db import round_repositories as repo
from adapters.db.engine import session_scope
from adapters.db.round_models import DecisionKind
from adapters.flows.rounds import execute, fanout, lifecycle
from adapters.flows.rounds.execute import Outcome, execute_round
from adapters.settings import Settings
from matcher.solver import RegionSplit
from matcher.solver.jobs import plan_jobs
from matcher.travel import EstimatedTravelTime
from tests.conftest import examples_engine


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """A migrated database holding the contract example population."""
    yield from examples_engine(db_url)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings without a learned model."""
    return Settings(model_path=tmp_path / "none.joblib", round_lease_s=30)


def _queued(engine: Engine) -> int:
    with session_scope(engine) as session:
        row = lifecycle.create_round(
            session, name="r", filters={}, policy={}, bpv_start=date(2026, 9, 1), actor="t"
        )
        assert row.id is not None
        assert lifecycle.start_round(session, row.id, actor="t")
        return row.id


def _row(engine: Engine, round_id: int) -> repo.MatchRoundRow:
    with session_scope(engine) as session:
        row = repo.get_round(session, round_id)
        session.expunge(row)
        return row


def test_second_execute_does_not_solve_again(engine: Engine, settings: Settings) -> None:
    round_id = _queued(engine)
    assert execute_round(engine, round_id, settings=settings) is Outcome.SOLVED
    assert execute_round(engine, round_id, settings=settings) is Outcome.ALREADY_DONE
    assert _row(engine, round_id).current_run == 1


def test_start_while_queued_does_not_dispatch_twice(engine: Engine) -> None:
    round_id = _queued(engine)
    with session_scope(engine) as session:
        assert lifecycle.start_round(session, round_id, actor="t") is False


def test_live_lease_is_busy_and_stale_lease_is_taken_over(
    engine: Engine, settings: Settings
) -> None:
    round_id = _queued(engine)
    claimed, _ = execute.claim_round(engine, round_id, "other", lease_s=60)
    assert claimed
    assert execute_round(engine, round_id, settings=settings) is Outcome.BUSY
    with session_scope(engine) as session:
        session.execute(
            update(repo.ROUND_TABLE).values(lease_until=repo.utc_now() - timedelta(seconds=1))
        )
    assert execute_round(engine, round_id, settings=settings) is Outcome.SOLVED


def test_lost_lease_writes_nothing(engine: Engine, settings: Settings) -> None:
    round_id = _queued(engine)
    travel = EstimatedTravelTime()
    execute.claim_round(engine, round_id, "mine", lease_s=60)
    prepared = execute.prepare_run(engine, round_id, "mine", settings=settings, travel=travel)
    with session_scope(engine) as session:
        session.execute(update(repo.ROUND_TABLE).values(lease_token="thief"))
    assignment = execute.solve(prepared.problem, limits=prepared.policy.limits)
    with pytest.raises(execute.LeaseLostError):
        execute.save_run(engine, prepared, assignment, travel=travel)
    with session_scope(engine) as session:
        assert repo.list_proposals(session, round_id, 1) == []


def test_unfit_lock_fails_with_dutch_reason_and_can_restart(
    engine: Engine, settings: Settings
) -> None:
    round_id = _queued(engine)
    with session_scope(engine) as session:
        repo.add_decision(
            session,
            round_id,
            student_id="s001",
            place_id="p002",
            kind=DecisionKind.LOCK,
            actor="t",
        )
    assert execute_round(engine, round_id, settings=settings) is Outcome.FAILED
    row = _row(engine, round_id)
    assert row.status == "failed"
    assert row.error is not None
    assert "past niet" in row.error
    with session_scope(engine) as session:
        session.execute(text("DELETE FROM round_decision"))
        assert lifecycle.start_round(session, round_id, actor="t")
    assert execute_round(engine, round_id, settings=settings) is Outcome.SOLVED


def test_fanned_out_run_stores_every_student_once(engine: Engine, settings: Settings) -> None:
    round_id = _queued(engine)
    travel = EstimatedTravelTime()
    execute.claim_round(engine, round_id, "tok", lease_s=60)
    prepared = execute.prepare_run(engine, round_id, "tok", settings=settings, travel=travel)
    plan = plan_jobs(prepared.problem, prepared.policy.limits, RegionSplit())
    tasks = fanout.job_tasks(plan.jobs)
    fanout.store_prepared(
        engine, prepared, fanout.FanOut(plan, RegionSplit(), tasks), settings=settings
    )
    for task in tasks:
        assert fanout.solve_jobs(engine, round_id, 1, "tok", fanout.JOBS, task)
    assert fanout.store_seams(engine, round_id, 1, "tok") == []  # nothing cut: no seams
    assert fanout.finish_fanout(engine, round_id, 1, "tok", settings=settings)
    with session_scope(engine) as session:
        students = [p.student_id for p in repo.list_proposals(session, round_id, 1)]
        assert repo.get_blobs(session, round_id, 1) == {}
    assert students == ["s001", "s002", "s003", "s004", "s005"]
    assert _row(engine, round_id).status == "solved"


def test_audit_events_cannot_be_changed(engine: Engine) -> None:
    round_id = _queued(engine)
    for statement in ("UPDATE round_event SET actor = 'x'", "DELETE FROM round_event"):
        with pytest.raises(DBAPIError), session_scope(engine) as session:
            session.execute(text(statement))
    with session_scope(engine) as session:
        assert [e.action for e in repo.list_events(session, round_id)] == ["created", "started"]


def test_one_proposal_per_student_per_run(engine: Engine, settings: Settings) -> None:
    round_id = _queued(engine)
    execute_round(engine, round_id, settings=settings)
    row = {
        "round_id": round_id,
        "run": 1,
        "student_id": "s001",
        "status": "unplaced",
        "explanation": "",
        "unplaced_reason": "",
        "decision": "open",
        "locked": False,
        "terms": {},
    }
    with pytest.raises(IntegrityError), session_scope(engine) as session:
        repo.insert_proposals(session, [row])


def test_the_one_worker_path_solves_with_the_region_split(
    engine: Engine, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A round not fanned out still goes through solve(), which cuts huge components."""
    splits: list[RegionSplit | None] = []
    real = plan_jobs

    def spy(problem: Any, limits: Any, split: RegionSplit | None) -> Any:
        splits.append(split)
        return real(problem, limits, split)

    monkeypatch.setattr(matcher.solver, "plan_jobs", spy)  # the name solve() calls
    assert execute_round(engine, _queued(engine), settings=settings) is Outcome.SOLVED
    assert splits == [RegionSplit()]
