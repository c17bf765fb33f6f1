"""Which evaluation moments need a reminder: one held evaluation covers one moment (held after
the moment before it), due from a few days before up to the day, late after the grace days."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from matcher.bpv.reminders import Reminder, Schedule, open_moments, reminders

M1, M2, M3 = date(2026, 10, 1), date(2026, 11, 2), date(2026, 12, 1)
S = Schedule(days_before=3, grace_days=2)


def test_nothing_held_leaves_every_moment_open_in_date_order() -> None:
    assert open_moments([M3, M1, M2, M1], []) == (M1, M2, M3)


def test_an_early_or_late_evaluation_covers_its_own_moment_only() -> None:
    early = M1 - timedelta(days=2)
    assert open_moments([M1, M2], [early]) == (M2,)
    late = M1 + timedelta(days=10)  # held after M1, before M2: covers M1
    assert open_moments([M1, M2], [late]) == (M2,)
    after_both = M2 + timedelta(days=1)  # one evaluation never covers two moments
    assert open_moments([M1, M2], [after_both]) == (M2,)
    assert open_moments([M1, M2], [M1, M2]) == ()


def test_an_evaluation_before_the_previous_moment_does_not_count_for_the_next() -> None:
    assert open_moments([M1, M2], [M1 - timedelta(days=1), M1 - timedelta(days=5)]) == (M2,)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (M1 - timedelta(days=4), ()),
        (M1 - timedelta(days=3), ((Reminder.DUE, M1),)),
        (M1, ((Reminder.DUE, M1),)),
        (M1 + timedelta(days=2), ()),  # the grace days: perhaps held, not recorded yet
        (M1 + timedelta(days=3), ((Reminder.OVERDUE, M1),)),
        (M2 - timedelta(days=1), ((Reminder.OVERDUE, M1), (Reminder.DUE, M2))),
    ],
)
def test_due_before_the_moment_and_overdue_after_the_grace_days(
    today: date, expected: tuple[tuple[Reminder, date], ...]
) -> None:
    assert reminders([M1, M2], [], today=today, schedule=S) == expected


def test_a_recorded_moment_gets_no_reminder() -> None:
    assert reminders([M1], [M1], today=M1 + timedelta(days=30), schedule=S) == ()
    assert reminders([M1], [M1 - timedelta(days=1)], today=M1, schedule=S) == ()


def test_negative_days_are_refused() -> None:
    with pytest.raises(ValueError, match="zero or more"):
        Schedule(days_before=-1)
