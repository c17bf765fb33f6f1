"""The Celery worker's periodic check: expired rounds are sent again, without a beat process.

The check function is driven directly (no broker: the task's ``delay`` is replaced); one test
checks that the worker_ready handler starts the check thread and worker_shutdown stops it.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, update

from adapters.celery import tasks
from adapters.db import outbox_queries as q
from adapters.db import round_repositories as repo
from adapters.db.engine import session_scope
from adapters.db.round_lease import claim_round
from adapters.flows.rounds import lifecycle
from adapters.jobs import QUEUE_UNAVAILABLE
from adapters.settings import Settings
from matcher.messages import Mail, MessageKind
from tests.conftest import examples_engine
from tests.smtp_server import Inbox, free_port, smtp_server


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """A migrated database holding the contract example population."""
    yield from examples_engine(db_url)


@pytest.fixture
def settings(db_url: str, tmp_path: Path) -> Settings:
    """Worker settings on the test database."""
    return Settings(database_url=db_url, model_path=tmp_path / "none.joblib")


def _expired(engine: Engine) -> int:
    with session_scope(engine) as session:
        row = lifecycle.create_round(
            session, name="r", filters={}, policy={}, bpv_start=date(2026, 9, 1), actor="t"
        )
        assert row.id is not None
        round_id = row.id
        assert lifecycle.start_round(session, round_id, actor="t")
    assert claim_round(engine, round_id, "dead-worker", lease_s=30)[0]
    with session_scope(engine) as session:
        session.execute(
            update(repo.ROUND_TABLE).values(lease_until=repo.utc_now() - timedelta(seconds=1))
        )
    return round_id


def _status(engine: Engine, round_id: int) -> tuple[str, str | None]:
    with session_scope(engine) as session:
        row = repo.get_round(session, round_id)
        return row.status, row.error


def test_worker_check_sends_an_expired_round_again(
    engine: Engine, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    round_id = _expired(engine)
    sent: list[int] = []
    monkeypatch.setattr(tasks.run_match_round, "delay", sent.append)
    assert tasks.check_rounds(engine, settings) == [round_id]
    assert sent == [round_id]
    assert _status(engine, round_id) == ("queued", None)
    assert tasks.check_rounds(engine, settings) == []  # taken over once, sent once
    assert sent == [round_id]


def test_worker_check_with_the_broker_away_fails_the_round_restartably(
    engine: Engine, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    round_id = _expired(engine)

    def refuse(_round_id: int) -> None:
        raise ConnectionError("broker away")

    monkeypatch.setattr(tasks.run_match_round, "delay", refuse)
    assert tasks.check_rounds(engine, settings) == [round_id]
    assert _status(engine, round_id) == ("failed", QUEUE_UNAVAILABLE)
    with session_scope(engine) as session:
        assert lifecycle.start_round(session, round_id, actor="t")


def test_worker_ready_starts_the_check_and_shutdown_stops_it(
    engine: Engine, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    sent: list[int] = []
    monkeypatch.setattr(tasks.run_match_round, "delay", sent.append)
    monkeypatch.setattr(tasks, "get_settings", lambda: settings)
    tasks.recover_rounds()
    try:
        check = tasks._CHECKS[-1]
        assert check.alive
    finally:
        tasks.stop_checks()
    assert not check.alive
    assert tasks._CHECKS == []


def test_a_worker_started_before_the_migration_still_starts_its_checks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """No tables yet: the start-up recovery is skipped with a warning, the checks run."""
    empty = Settings(
        database_url=f"sqlite:///{tmp_path / 'leeg.db'}", model_path=tmp_path / "none.joblib"
    )
    monkeypatch.setattr(tasks, "get_settings", lambda: empty)
    with caplog.at_level("WARNING"):
        tasks.recover_rounds()
    try:
        assert len(tasks._CHECKS) == 3  # rounds, outbox, reminders
        assert all(check.alive for check in tasks._CHECKS)
    finally:
        tasks.stop_checks()
    assert "database is not ready" in caplog.text


def test_worker_ready_also_sends_the_outbox_every_interval(
    engine: Engine, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The worker's mail pass sends a queued message to a real SMTP server on loopback."""
    port = free_port()
    settings = Settings(
        database_url=db_url, model_path=tmp_path / "none.joblib", smtp_host="127.0.0.1",
        smtp_port=port, smtp_from="bureau@plek.test", smtp_starttls=False, mail_interval_s=0.1,
    )  # fmt: skip
    with session_scope(engine) as session:
        to = q.AccountAddress(None, "s@school.test", "")
        q.add(session, to=to, kind=MessageKind.ROUND_PUBLISHED, mail=Mail("Hoi", "Tekst\n"),
              now=repo.utc_now())  # fmt: skip
    monkeypatch.setattr(tasks, "get_settings", lambda: settings)
    with smtp_server(Inbox(), port) as inbox:
        tasks.recover_rounds()
        try:
            deadline = time.monotonic() + 30
            while not inbox.received and time.monotonic() < deadline:
                time.sleep(0.05)
        finally:
            tasks.stop_checks()
    assert [str(m["Subject"]) for m in inbox.received] == ["Hoi"]
