"""``matcher bpv-reminders --date``: one reminder pass for that day, in Dutch; a second run
queues nothing new, and a bad date is a Dutch error that changes nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import Session
from typer.testing import CliRunner

import cli.mail  # noqa: F401  (registers the command)
from adapters import clock
from adapters.db import outbox_queries as oq
from adapters.db.engine import make_engine, session_scope
from adapters.db.migrate import upgrade
from adapters.db.repositories import save_population
from adapters.settings import get_settings
from cli import app
from tests.adapters.flows.test_bpv_flows import APPROVED, _publish
from tests.adapters.flows.test_bpv_messages import (
    NOW,
    _accounts,
    _bpv,
    started_with_evaluations,
)
from tests.factories import example_population


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A running BPV of s001 with evaluations planned on 1 October and 2 November 2026."""
    url = f"sqlite:///{tmp_path / 'r.db'}"
    upgrade(url)
    engine = make_engine(url)
    with clock.use_clock(clock.FixedClock(NOW)), session_scope(engine) as session:
        save_population(session, example_population())
        _publish(session, tuple(a + ("accepted",) for a in APPROVED))
        _accounts(session)
    started_with_evaluations(engine, _bpv(engine, "s001"))
    engine.dispose()
    monkeypatch.setenv("DATABASE_URL", url)
    get_settings.cache_clear()
    yield url
    get_settings.cache_clear()


def _kinds(url: str) -> list[str]:
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            return [m.kind for m in oq.messages_for(session)]
    finally:
        engine.dispose()


def test_the_command_queues_a_days_reminders_once(db: str) -> None:
    first = CliRunner().invoke(app, ["bpv-reminders", "--date", "2026-09-30"])
    assert first.exit_code == 0, first.output
    assert "Herinneringen op woensdag 30 september 2026: 2 over een evaluatie" in first.output
    assert _kinds(db).count("evaluatie_nodig") == 2
    again = CliRunner().invoke(app, ["bpv-reminders", "--date", "2026-09-30"])
    assert again.exit_code == 0, again.output
    assert "Geen nieuwe herinneringen op woensdag 30 september 2026." in again.output
    late = CliRunner().invoke(app, ["bpv-reminders", "--date", "2026-10-05"])
    assert "0 over een evaluatie die eraan komt, 3 over een evaluatie die te laat" in late.output
    assert _kinds(db).count("evaluatie_te_laat") == 3


def test_a_bad_date_is_a_dutch_error_and_queues_nothing(db: str) -> None:
    before = _kinds(db)
    result = CliRunner().invoke(app, ["bpv-reminders", "--date", "30-09-2026"])
    assert result.exit_code == 1
    assert "--date moet een datum zijn als 2026-09-01, niet '30-09-2026'" in result.output
    assert _kinds(db) == before
