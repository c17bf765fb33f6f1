"""Takeover of rounds whose worker died: the periodic check, racing checkers, a real kill -9.

The clock is injected: a lease "expires" by moving the check's ``now`` past it, so no test
waits for wall time except for the subprocess that is killed.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, update

from adapters.db import round_repositories as repo
from adapters.db.engine import session_scope
from adapters.db.round_lease import TAKEN_OVER, claim_round, take_over_expired
from adapters.flows.rounds import lifecycle
from adapters.jobs.inline import InlineDispatcher
from adapters.settings import Settings
from tests.celery_workers import ROOT
from tests.conftest import examples_engine

LEASE_S = 30.0
WAIT_S = 60.0  # bound for the killed subprocess to reach the solve stage


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """A migrated database holding the contract example population."""
    yield from examples_engine(db_url)


@pytest.fixture
def settings(tmp_path: Path, db_url: str) -> Settings:
    """Settings without a learned model, with the default check interval."""
    return Settings(
        database_url=db_url,
        model_path=tmp_path / "none.joblib",
        round_lease_s=LEASE_S,
        solver_time_limit_s=5,
        auto_migrate=False,
    )


def _queued(engine: Engine, name: str = "r") -> int:
    with session_scope(engine) as session:
        row = lifecycle.create_round(
            session, name=name, filters={}, policy={}, bpv_start=date(2026, 9, 1), actor="t"
        )
        assert row.id is not None
        assert lifecycle.start_round(session, row.id, actor="t")
        return row.id


def _owned_by_dead_worker(engine: Engine, name: str = "r") -> tuple[int, datetime]:
    """A round claimed by a worker that then died: running, nobody renews; its lease end."""
    round_id = _queued(engine, name)
    claimed, _ = claim_round(engine, round_id, "dead-worker", lease_s=LEASE_S)
    assert claimed
    row = _row(engine, round_id)
    assert row.lease_until is not None
    return round_id, row.lease_until


def _row(engine: Engine, round_id: int) -> repo.MatchRoundRow:
    with session_scope(engine) as session:
        row = repo.get_round(session, round_id)
        session.expunge(row)
        return row


def _actions(engine: Engine, round_id: int) -> list[str]:
    with session_scope(engine) as session:
        return [e.action for e in repo.list_events(session, round_id)]


def _solved_once(engine: Engine, round_id: int) -> None:
    row = _row(engine, round_id)
    assert (row.status, row.current_run, row.lease_token) == ("solved", 1, None), row.error
    with session_scope(engine) as session:
        students = sorted(p.student_id for p in repo.list_proposals(session, round_id, 1))
    assert students == ["s001", "s002", "s003", "s004", "s005"]
    assert _actions(engine, round_id).count("solved") == 1


def test_periodic_check_takes_over_an_expired_round_without_a_start_request(
    engine: Engine, settings: Settings
) -> None:
    round_id, lease_until = _owned_by_dead_worker(engine)
    dispatcher = InlineDispatcher(
        engine, settings, clock=lambda: lease_until + timedelta(seconds=1)
    )
    try:
        assert dispatcher.check() == [round_id]
        dispatcher.wait(timeout_s=120)
    finally:
        dispatcher.close()
    _solved_once(engine, round_id)
    actions = _actions(engine, round_id)
    assert actions.count(TAKEN_OVER) == 1
    assert actions.count("running") == 2  # the dead worker's claim, then the new owner's
    assert actions.index(TAKEN_OVER) < actions.index("solved")


def test_live_lease_is_left_alone(engine: Engine, settings: Settings) -> None:
    round_id, lease_until = _owned_by_dead_worker(engine)
    dispatcher = InlineDispatcher(
        engine, settings, clock=lambda: lease_until - timedelta(seconds=1)
    )
    try:
        assert dispatcher.check() == []
    finally:
        dispatcher.close()
    row = _row(engine, round_id)
    assert (row.status, row.lease_token) == ("running", "dead-worker")
    assert TAKEN_OVER not in _actions(engine, round_id)


def test_two_checkers_racing_for_the_same_expired_leases_one_wins_each(
    engine: Engine,
) -> None:
    owned = [_owned_by_dead_worker(engine, f"r{i}") for i in range(8)]
    ids = {round_id for round_id, _ in owned}
    now = max(until for _, until in owned) + timedelta(seconds=1)
    won: list[list[int]] = [[], [], []]
    barrier = threading.Barrier(len(won))

    def checker(index: int) -> None:
        barrier.wait()
        won[index] = take_over_expired(engine, now=now, max_takeovers=3)

    threads = [threading.Thread(target=checker, args=(i,)) for i in range(len(won))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    taken = [round_id for ids_won in won for round_id in ids_won]
    assert sorted(taken) == sorted(ids)  # every round taken over, none by two checkers
    for round_id in ids:
        row = _row(engine, round_id)
        assert (row.status, row.lease_token, row.lease_until) == ("queued", None, None)
        assert _actions(engine, round_id).count(TAKEN_OVER) == 1


def test_round_taken_over_too_often_fails_with_a_dutch_reason_and_can_start_again(
    engine: Engine, settings: Settings
) -> None:
    round_id, lease_until = _owned_by_dead_worker(engine)
    later = lease_until + timedelta(seconds=1)
    assert take_over_expired(engine, now=later, max_takeovers=1) == [round_id]
    assert claim_round(engine, round_id, "dead-again", lease_s=LEASE_S)[0]
    much_later = later + timedelta(seconds=2 * LEASE_S)
    assert take_over_expired(engine, now=much_later, max_takeovers=1) == []
    row = _row(engine, round_id)
    assert (row.status, row.lease_token) == ("failed", None)
    assert row.error is not None
    assert "2 keer afgebroken" in row.error
    assert "Start de ronde opnieuw" in row.error
    with session_scope(engine) as session:
        assert lifecycle.start_round(session, round_id, actor="t")  # restartable
    assert claim_round(engine, round_id, "dead-third", lease_s=LEASE_S)[0]
    final = much_later + timedelta(seconds=2 * LEASE_S)
    assert take_over_expired(engine, now=final, max_takeovers=1) == [round_id]  # count reset


def test_round_the_runner_is_running_itself_is_not_taken_over(
    engine: Engine, settings: Settings
) -> None:
    round_id, lease_until = _owned_by_dead_worker(engine)
    later = lease_until + timedelta(seconds=1)
    assert take_over_expired(engine, now=later, max_takeovers=3, skip={round_id}) == []
    assert _row(engine, round_id).status == "running"


RUNNER = """
import sys
import time
from adapters.db.engine import make_engine
from adapters.flows.rounds import execute
from adapters.jobs.inline import InlineDispatcher
from adapters.settings import Settings

url, model, round_id = sys.argv[1], sys.argv[2], int(sys.argv[3])
settings = Settings(database_url=url, model_path=model, round_lease_s=30,
                    auto_migrate=False)
execute.before_solve = lambda: time.sleep(600)  # the test seam: killed while it waits
dispatcher = InlineDispatcher(make_engine(url), settings)
dispatcher.submit(round_id)
dispatcher.wait()
"""


def test_killed_in_process_runner_round_is_taken_over_by_the_periodic_check(
    engine: Engine, settings: Settings, db_url: str, tmp_path: Path
) -> None:
    round_id = _queued(engine)
    runner = subprocess.Popen(
        [sys.executable, "-c", RUNNER, db_url, str(tmp_path / "none.joblib"), str(round_id)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + WAIT_S
        while _row(engine, round_id).stage != "oplossen":
            assert runner.poll() is None, "the runner ended early"
            assert time.monotonic() < deadline, "the runner never reached the solve stage"
            time.sleep(0.2)
    finally:
        os.killpg(runner.pid, signal.SIGKILL)
        runner.wait(timeout=10)
    row = _row(engine, round_id)
    assert row.status == "running"
    assert row.lease_until is not None
    dispatcher = InlineDispatcher(
        engine, settings, clock=lambda: row.lease_until + timedelta(seconds=1)
    )
    try:
        assert dispatcher.check() == [round_id]
        dispatcher.wait(timeout_s=120)
    finally:
        dispatcher.close()
    _solved_once(engine, round_id)
    assert _actions(engine, round_id).count(TAKEN_OVER) == 1


def test_two_workers_claiming_the_same_expired_lease_one_wins(engine: Engine) -> None:
    """The other way in: a runner resuming at start-up claims an expired lease directly."""
    round_id, _ = _owned_by_dead_worker(engine)
    with session_scope(engine) as session:
        session.execute(
            update(repo.ROUND_TABLE).values(lease_until=repo.utc_now() - timedelta(seconds=1))
        )
    results: list[bool] = []
    barrier = threading.Barrier(3)

    def claim(token: str) -> None:
        barrier.wait()
        results.append(claim_round(engine, round_id, token, lease_s=LEASE_S)[0])

    threads = [threading.Thread(target=claim, args=(f"w{i}",)) for i in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(results) == [False, False, True]
    assert _actions(engine, round_id).count("running") == 2  # the dead worker's, the winner's


def test_with_the_default_settings_a_dead_workers_round_is_taken_over_within_a_minute() -> None:
    defaults = Settings()
    assert defaults.round_lease_s + defaults.round_check_interval_s <= 60
    with pytest.raises(ValueError, match="round_check_interval_s"):
        Settings(round_check_interval_s=31)
