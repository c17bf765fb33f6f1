"""A Celery worker app for service tests: the normal app, with a pause before the solve stage.

``celery -A tests.celery_worker_entry worker ...`` runs the production app
(``adapters.celery.app``) unchanged, except that when ``TEST_PAUSE_BEFORE_SOLVE_S`` is above 0
each round waits that long once it shows the solve stage, so a test can kill the worker
mid-round. The pause is a test seam in the flow (``execute.before_solve``), not a setting.
"""

from __future__ import annotations

import os
import time

from adapters.celery.app import celery_app as app
from adapters.flows.rounds import execute

PAUSE_ENV = "TEST_PAUSE_BEFORE_SOLVE_S"


def _pause(seconds: float) -> None:
    time.sleep(seconds)


_seconds = float(os.environ.get(PAUSE_ENV) or 0)
if _seconds > 0:
    execute.before_solve = lambda: _pause(_seconds)

__all__ = ["app"]
