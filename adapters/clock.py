"""The one clock of the service: what time it is, and what day it is in the Netherlands.

Every adapter, flow and driver asks this module, never ``datetime.now`` or ``date.today``
(a test in tests/architecture keeps it so), and the pure core gets dates as arguments. Tests
and tools set another clock with ``use_clock`` (a fixed or stepping one) for a block of code.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

NETHERLANDS = ZoneInfo("Europe/Amsterdam")


class Clock(Protocol):
    """Gives the current moment as an aware UTC datetime."""

    def now(self) -> datetime: ...


class SystemClock:
    """The machine's clock."""

    def now(self) -> datetime:
        return datetime.now(UTC)


@dataclass
class FixedClock:
    """A clock that stands still at ``at`` until moved with ``advance`` (for tests)."""

    at: datetime

    def now(self) -> datetime:
        return self.at

    def advance(self, delta: timedelta) -> None:
        self.at += delta


_clock: Clock = SystemClock()


def now() -> datetime:
    """The current moment, aware, in UTC."""
    return _clock.now()


def today() -> date:
    """Today's date in the Netherlands (a day starts at midnight in Amsterdam, not in UTC)."""
    return _clock.now().astimezone(NETHERLANDS).date()


@contextmanager
def use_clock(clock: Clock) -> Iterator[Clock]:
    """Run a block with another clock; the previous one is back afterwards."""
    global _clock  # noqa: PLW0603 (the one replaceable clock, by design)
    previous, _clock = _clock, clock
    try:
        yield clock
    finally:
        _clock = previous
