"""Hands round ids to Celery workers through the broker."""

from __future__ import annotations

from adapters.celery.app import make_celery
from adapters.settings import Settings

RUN_TASK = "passende_plek.run_match_round"


class CeleryDispatcher:
    """Sends ``run_match_round(round_id)``; the workers run the same flow as the inline runner."""

    def __init__(self, settings: Settings) -> None:
        self._app = make_celery(settings)

    def submit(self, round_id: int) -> None:
        """Enqueue the round (the caller has committed it as queued)."""
        self._app.send_task(RUN_TASK, args=[round_id])

    def close(self) -> None:
        """Release the broker connections."""
        self._app.close()
