"""The one clock: UTC moments, Dutch days, and a fixed clock for a block of code."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from adapters import clock
from adapters.clock import FixedClock, use_clock


def test_the_day_is_the_day_in_amsterdam_not_in_utc() -> None:
    late = datetime(2026, 12, 31, 23, 30, tzinfo=UTC)  # already 1 January in the Netherlands
    with use_clock(FixedClock(late)):
        assert clock.now() == late
        assert clock.today() == date(2027, 1, 1)
    summer = datetime(2026, 6, 30, 21, 59, tzinfo=UTC)  # 23:59 in summer time
    with use_clock(FixedClock(summer)):
        assert clock.today() == date(2026, 6, 30)


def test_a_fixed_clock_moves_only_when_told_and_the_old_clock_comes_back() -> None:
    start = datetime(2026, 9, 1, 8, 0, tzinfo=UTC)
    with use_clock(FixedClock(start)) as fixed:
        assert isinstance(fixed, FixedClock)
        fixed.advance(timedelta(hours=2))
        assert clock.now() == start + timedelta(hours=2)
    assert clock.now().year >= 2026
    assert clock.now().tzinfo is UTC
