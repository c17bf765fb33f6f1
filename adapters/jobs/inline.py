"""The embedded runner: one background thread in this process runs rounds one at a time."""

from __future__ import annotations

import logging
from concurrent.futures import Future, ThreadPoolExecutor

from sqlalchemy import Engine

from adapters.db.engine import session_scope
from adapters.flows.rounds.execute import Outcome, execute_round
from adapters.flows.rounds.lifecycle import find_orphaned_rounds
from adapters.settings import Settings

log = logging.getLogger(__name__)


class InlineDispatcher:
    """Runs ``execute_round`` on a single worker thread; needs no server."""

    def __init__(self, engine: Engine, settings: Settings) -> None:
        self._engine = engine
        self._settings = settings
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ronde")
        self._last: Future[Outcome] | None = None

    def submit(self, round_id: int) -> None:
        """Queue the round on the worker thread."""
        self._last = self._pool.submit(self._run, round_id)

    def _run(self, round_id: int) -> Outcome:
        outcome = execute_round(self._engine, round_id, settings=self._settings)
        log.info("round %s: %s", round_id, outcome.value)
        return outcome

    def recover(self) -> list[int]:
        """Queue rounds an earlier process left queued or running; their ids."""
        with session_scope(self._engine) as session:
            ids = find_orphaned_rounds(session)
        for round_id in ids:
            self.submit(round_id)
        return ids

    def wait(self, timeout_s: float | None = None) -> None:
        """Block until the work submitted so far is done (for scripts and tests)."""
        done = self._pool.submit(lambda: None)
        done.result(timeout=timeout_s)

    def close(self) -> None:
        """Finish the queued work and stop the thread."""
        self._pool.shutdown(wait=True)
