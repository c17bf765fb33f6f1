"""Hands round ids to Celery workers through the broker."""

from __future__ import annotations

import logging

from sqlalchemy import Engine

from adapters.celery.app import make_celery
from adapters.db.engine import session_scope
from adapters.flows.rounds.lifecycle import fail_unsubmitted
from adapters.jobs import QUEUE_UNAVAILABLE, QueueUnavailableError
from adapters.settings import Settings

log = logging.getLogger(__name__)

RUN_TASK = "passende_plek.run_match_round"


class CeleryDispatcher:
    """Sends ``run_match_round(round_id)``; the workers run the same flow as the inline runner.

    When the broker cannot take the task, the round (committed as queued by the caller) is
    marked failed with a Dutch reason, so it never waits for a task that was never sent and can
    simply be started again; the caller gets a QueueUnavailableError (503).
    """

    def __init__(self, settings: Settings, engine: Engine | None = None) -> None:
        self._settings = settings
        self._app = make_celery(settings)
        self._engine = engine

    def submit(self, round_id: int) -> None:
        """Enqueue the round (the caller has committed it as queued)."""
        try:
            self._app.send_task(RUN_TASK, args=[round_id])
        except Exception as error:  # noqa: BLE001 - kombu, redis and celery raise many kinds
            log.warning("broker unavailable, round %s not sent: %s", round_id, error)
            self._renew()
            if self._engine is not None:
                with session_scope(self._engine) as session:
                    fail_unsubmitted(session, round_id, reason=QUEUE_UNAVAILABLE)
            raise QueueUnavailableError(QUEUE_UNAVAILABLE, round_id=round_id) from error

    def _renew(self) -> None:
        """A fresh Celery app: after losing its result store, the old one never reconnects."""
        try:
            self._app.close()
        finally:
            self._app = make_celery(self._settings)

    def start(self) -> None:
        """Nothing: the workers resume and take over rounds (adapters.celery.tasks)."""

    def stop(self) -> None:
        """Nothing to stop here."""

    def close(self) -> None:
        """Release the broker connections."""
        self._app.close()
