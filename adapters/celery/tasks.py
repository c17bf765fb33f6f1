"""Thin Celery tasks: take ids, call the flow, let the flow's claim make a second run harmless."""

from __future__ import annotations

import logging
from functools import cache
from typing import Any

import redis
from celery import Task, chord, group
from celery.signals import worker_ready, worker_shutdown
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from adapters.celery.app import celery_app
from adapters.celery.solver_map import run_stored_job
from adapters.db.engine import make_engine, session_scope
from adapters.flows.bpv_messages import run_reminders
from adapters.flows.outbox import send_due
from adapters.flows.rounds.execute import Outcome, PreparedRun, execute_round
from adapters.flows.rounds.fanout import (
    JOBS,
    SEAMS,
    finish_fanout,
    plan_fanout,
    solve_jobs,
    store_prepared,
    store_seams,
)
from adapters.flows.rounds.lifecycle import fail_unsubmitted, find_orphaned_rounds
from adapters.jobs import QUEUE_UNAVAILABLE
from adapters.jobs.lease_check import PeriodicCheck, check_expired_rounds
from adapters.settings import Settings, get_settings
from matcher.solver import RegionSplit

log = logging.getLogger(__name__)

BUSY_RETRIES = 100


@cache
def _engine(url: str) -> Engine:
    return make_engine(url)


def _context() -> tuple[Engine, Settings]:
    settings = get_settings()
    return _engine(settings.database_url), settings


def _fanout(prepared: PreparedRun, split: RegionSplit | None = RegionSplit()) -> bool:  # noqa: B008
    """Send the jobs of a large run (components and map regions) to the workers; their join
    sends the seams between the regions, whose join saves the run. False: solve it here."""
    engine, settings = _context()
    fan = plan_fanout(prepared, min_pairs=settings.fanout_min_pairs, split=split)
    if fan is None:
        return False
    store_prepared(engine, prepared, fan, settings=settings)
    ids = (prepared.round_id, prepared.run, prepared.token)
    jobs = group(solve_round_jobs.s(*ids, JOBS, task) for task in fan.tasks)
    chord(jobs)(seam_round_run.s(*ids))
    return True


@celery_app.task(
    bind=True,
    name="passende_plek.run_match_round",
    acks_late=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=BUSY_RETRIES,
)
def run_match_round(self: Task, round_id: int) -> str:
    """Run a queued round; when another live worker holds it, look again after its lease."""
    engine, settings = _context()
    outcome = execute_round(engine, round_id, settings=settings, fanout=_fanout)
    if outcome is Outcome.BUSY:
        raise self.retry(countdown=max(1.0, settings.round_lease_s / 2))
    return outcome.value


@celery_app.task(name="passende_plek.send_mail")
def send_mail() -> int:
    """Send the outbox's due e-mails now (one batch); how many were sent. The workers also do
    this every MAIL_INTERVAL_S seconds by themselves (``recover_rounds``)."""
    engine, settings = _context()
    return send_due(engine, settings).sent


@celery_app.task(name="passende_plek.bpv_reminders")
def bpv_reminders() -> int:
    """Queue today's evaluation reminders (each once); how many were queued. The workers also
    do this every BPV_REMINDER_INTERVAL_S seconds by themselves (``recover_rounds``)."""
    engine, settings = _context()
    report = run_reminders(engine, settings)
    return report.due + report.overdue


def send_all_due(engine: Engine, settings: Settings) -> int:
    """The worker's periodic mail pass: batches until none is due; how many were sent."""
    sent = 0
    while (report := send_due(engine, settings)).claimed:
        sent += report.sent
    return sent


@celery_app.task(name="passende_plek.solve_round_jobs", acks_late=True)
def solve_round_jobs(round_id: int, run: int, token: str, stage: str, indices: list[int]) -> bool:
    """Solve some stored jobs of a fanned-out run (``stage``: its first round or the seams)."""
    engine, _settings = _context()
    return solve_jobs(engine, round_id, run, token, stage, indices)


@celery_app.task(name="passende_plek.seam_round_run", acks_late=True)
def seam_round_run(_results: list[Any], round_id: int, run: int, token: str) -> bool:
    """Join of a fanned-out run's first round: send the seams' jobs, or finish when none."""
    engine, settings = _context()
    tasks = store_seams(engine, round_id, run, token)
    if tasks is None:  # lost or failed: nothing more to do
        return False
    if not tasks:
        return finish_fanout(engine, round_id, run, token, settings=settings)
    ids = (round_id, run, token)
    chord(group(solve_round_jobs.s(*ids, SEAMS, task) for task in tasks))(finish_round_run.s(*ids))
    return True


@celery_app.task(name="passende_plek.finish_round_run", acks_late=True)
def finish_round_run(_results: list[Any], round_id: int, run: int, token: str) -> bool:
    """Join of a fanned-out run's seams: repair them, merge and save the proposals."""
    engine, settings = _context()
    return finish_fanout(engine, round_id, run, token, settings=settings)


def send_round(engine: Engine, round_id: int) -> None:
    """Send the task; when the broker refuses, the queued round is failed and restartable."""
    try:
        run_match_round.delay(round_id)
    except Exception:  # noqa: BLE001 - kombu, redis and celery raise many kinds
        log.warning("broker unavailable, round %s not sent", round_id, exc_info=True)
        with session_scope(engine) as session:
            fail_unsubmitted(session, round_id, reason=QUEUE_UNAVAILABLE)


def check_rounds(engine: Engine, settings: Settings) -> list[int]:
    """The worker's periodic check, once: take over expired rounds and send them again."""
    return check_expired_rounds(engine, settings, lambda i: send_round(engine, i))


_CHECKS: list[PeriodicCheck] = []


@worker_ready.connect
def recover_rounds(**_kwargs: Any) -> None:
    """On start, re-send rounds left queued or running under a dead worker's lease; then
    check every ``round_check_interval_s`` seconds for rounds whose lease expired, send
    the outbox's due e-mails every ``mail_interval_s`` seconds, and queue the BPV evaluation
    reminders every ``bpv_reminder_interval_s`` seconds.

    The check is a daemon thread in the worker's main process, so no separate beat process
    is needed; with several workers each checks, and the takeover's UPDATE lets exactly one
    of them send a round. It has its own engine: pool processes forked later never share its
    connections.
    """
    settings = get_settings()
    engine = make_engine(settings.database_url)
    try:
        with session_scope(engine) as session:
            ids = find_orphaned_rounds(session)
    except SQLAlchemyError as error:  # not migrated yet, or away: the checks still start
        log.warning("no round recovery at worker start, the database is not ready: %s", error)
        ids = []
    for round_id in ids:
        run_match_round.delay(round_id)
    check = PeriodicCheck(
        lambda: check_rounds(engine, settings),
        interval_s=settings.round_check_interval_s,
        name="rondecontrole",
    )
    check.start()
    _CHECKS.append(check)
    # The outbox: each worker sends what is due; the claim's lease keeps them from sending one
    # message twice. Without SMTP_HOST the pass does nothing and the messages wait.
    mail = PeriodicCheck(
        lambda: send_all_due(engine, settings), interval_s=settings.mail_interval_s,
        name="postvak",
    )  # fmt: skip
    mail.start()
    _CHECKS.append(mail)
    # The BPV reminders: queued once per moment and recipient (dedupe key), so every worker
    # may run the pass; the mail check above sends them.
    reminders = PeriodicCheck(
        lambda: run_reminders(engine, settings), interval_s=settings.bpv_reminder_interval_s,
        name="herinneringen",
    )  # fmt: skip
    reminders.start()
    _CHECKS.append(reminders)


@worker_shutdown.connect
def stop_checks(**_kwargs: Any) -> None:
    """Stop the periodic check when the worker stops."""
    while _CHECKS:
        _CHECKS.pop().stop()


@celery_app.task(name="passende_plek.solve_solver_job", acks_late=True)
def solve_solver_job(key: str) -> str:
    """Solve one job of the solver's fan-out stored in Redis (solver_map.py); its answer's key."""
    settings = get_settings()
    if settings.broker_url is None:
        raise RuntimeError("solve_solver_job needs BROKER_URL")
    return run_stored_job(_redis(settings.broker_url), key)


@cache
def _redis(url: str) -> Any:
    return redis.Redis.from_url(url)
