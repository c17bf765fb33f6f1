"""Runners for rounds: in-process (default, no server) or Celery on a broker; same flow."""

from __future__ import annotations

from typing import Protocol

from sqlalchemy import Engine

from adapters.settings import Settings
from matcher.errors import MatcherError

QUEUE_UNAVAILABLE = (
    "De wachtrij voor rondes is even niet bereikbaar, dus de ronde is niet gestart. "
    "Er is niets verloren: start de ronde zo opnieuw."
)


class QueueUnavailableError(MatcherError):
    """The broker could not take the round; the round is marked failed and can be started again."""

    code = "queue_unavailable"


class Dispatcher(Protocol):
    """Hands a round id to whatever runs rounds; called after the caller committed."""

    def submit(self, round_id: int) -> None:
        """Run the round soon (in the background)."""

    def start(self) -> None:
        """Begin background duties (the in-process runner: resume and check leases)."""

    def stop(self) -> None:
        """End background duties; running work goes on."""

    def close(self) -> None:
        """Stop accepting work; let running work finish."""


def make_dispatcher(settings: Settings, engine: Engine) -> Dispatcher:
    """Celery when a broker URL is set, otherwise the in-process runner."""
    if settings.broker_url:
        from adapters.jobs.celery_dispatcher import CeleryDispatcher

        return CeleryDispatcher(settings, engine)
    from adapters.jobs.inline import InlineDispatcher

    return InlineDispatcher(engine, settings)
