"""Thin Celery tasks: take ids, call the flow, let the flow's claim make a second run harmless."""

from __future__ import annotations

from functools import cache
from typing import Any

from celery import Task, chord, group
from celery.signals import worker_ready
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

from adapters.celery.app import celery_app
from adapters.db.engine import make_engine, session_scope
from adapters.flows.rounds.execute import Outcome, PreparedRun, execute_round
from adapters.flows.rounds.fanout import (
    finish_fanout,
    plan_components,
    solve_component_job,
    store_prepared,
)
from adapters.flows.rounds.lifecycle import find_orphaned_rounds
from adapters.settings import Settings, get_settings

BUSY_RETRIES = 100


@cache
def _engine(url: str) -> Engine:
    return make_engine(url)


def _context() -> tuple[Engine, Settings]:
    settings = get_settings()
    return _engine(settings.database_url), settings


def _fanout(prepared: PreparedRun) -> bool:
    """Send the components of a large run to the workers; False: solve it here."""
    engine, settings = _context()
    components = plan_components(prepared, min_pairs=settings.fanout_min_pairs)
    if not components:
        return False
    store_prepared(engine, prepared, settings=settings)
    ids = (prepared.round_id, prepared.run, prepared.token)
    jobs = group(solve_round_component.s(*ids, i) for i in range(len(components)))
    chord(jobs)(finish_round_run.s(*ids))
    return True


@celery_app.task(
    bind=True, name="passende_plek.run_match_round", acks_late=True,
    autoretry_for=(OperationalError,), retry_backoff=True, max_retries=BUSY_RETRIES,
)  # fmt: skip
def run_match_round(self: Task, round_id: int) -> str:
    """Run a queued round; when another live worker holds it, look again after its lease."""
    engine, settings = _context()
    outcome = execute_round(engine, round_id, settings=settings, fanout=_fanout)
    if outcome is Outcome.BUSY:
        raise self.retry(countdown=max(1.0, settings.round_lease_s / 2))
    return outcome.value


@celery_app.task(name="passende_plek.solve_round_component", acks_late=True)
def solve_round_component(round_id: int, run: int, token: str, index: int) -> bool:
    """Solve one component of a fanned-out run."""
    engine, settings = _context()
    return solve_component_job(engine, round_id, run, token, index, settings=settings)


@celery_app.task(name="passende_plek.finish_round_run", acks_late=True)
def finish_round_run(_results: list[Any], round_id: int, run: int, token: str) -> bool:
    """Join of a fanned-out run: merge the components and save the proposals."""
    engine, settings = _context()
    return finish_fanout(engine, round_id, run, token, settings=settings)


@worker_ready.connect
def recover_rounds(**_kwargs: Any) -> None:
    """On start, re-send rounds left queued or running under a dead worker's lease."""
    engine, _settings = _context()
    with session_scope(engine) as session:
        ids = find_orphaned_rounds(session)
    for round_id in ids:
        run_match_round.delay(round_id)
