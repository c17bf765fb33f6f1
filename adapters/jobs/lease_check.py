"""The runners' periodic check: rounds whose worker died are taken over without a new request.

Both runners (the in-process one and every Celery worker) run ``check_expired_rounds`` every
``round_check_interval_s`` seconds in a daemon thread. A round whose lease expired goes back to
the queue and this runner hands it on; the UPDATE inside decides which of several racing
checkers does, so a round is never run twice at once. With the default lease (30 s, renewed
every 10 s) and interval (10 s), a dead worker's round is queued again within 40 s.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Collection
from datetime import datetime

from sqlalchemy import Engine

from adapters.db import round_repositories as repo
from adapters.db.round_lease import take_over_expired
from adapters.settings import Settings

log = logging.getLogger(__name__)


def check_expired_rounds(
    engine: Engine,
    settings: Settings,
    submit: Callable[[int], None],
    *,
    now: datetime | None = None,
    skip: Collection[int] = (),
) -> list[int]:
    """Take over every round whose lease expired by ``now`` and submit the ones we queued."""
    ids = take_over_expired(
        engine, now=now or repo.utc_now(), max_takeovers=settings.round_max_takeovers, skip=skip
    )
    for round_id in ids:
        submit(round_id)
    return ids


class PeriodicCheck:
    """Calls ``check`` every ``interval_s`` seconds in a daemon thread until stopped.

    A failing check (the database away for a moment) is logged and tried again next time.
    """

    def __init__(self, check: Callable[[], object], *, interval_s: float, name: str) -> None:
        self._check = check
        self._interval_s = interval_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name=name, daemon=True)

    def _loop(self) -> None:
        while not self._stop.wait(self._interval_s):
            try:
                self._check()
            except Exception:  # noqa: BLE001 - the next check tries again
                log.warning("periodic check %s failed", self._thread.name, exc_info=True)

    @property
    def alive(self) -> bool:
        """Whether the thread runs."""
        return self._thread.is_alive()

    def start(self) -> None:
        """Start the thread (once)."""
        if not self._thread.is_alive() and not self._stop.is_set():
            self._thread.start()

    def stop(self, timeout_s: float | None = 10.0) -> None:
        """Stop after the current check."""
        self._stop.set()
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(timeout_s)
