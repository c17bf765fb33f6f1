"""Which evaluation moments of a running BPV need a reminder today (pure: dates in, dates out).

The handbook asks to follow a BPV "ook als er geen bijzonderheden zijn" (H:1644-1646): every
planned evaluation moment is held and recorded. A planned moment counts as recorded when an
evaluation was held after the moment before it (the first moment: any evaluation), one held
evaluation per moment, earliest first; so an evaluation held a little early or late still
covers its moment, and one held evaluation never covers two moments.

- *due* ("evaluatie nodig"): an open moment ``days_before`` days ahead or fewer, up to the
  day itself;
- *overdue* ("evaluatie te laat"): an open moment more than ``grace_days`` days ago.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum


class Reminder(StrEnum):
    """Why a reminder about an evaluation moment is sent."""

    DUE = "due"
    OVERDUE = "overdue"


@dataclass(frozen=True, slots=True)
class Schedule:
    """When reminders go out: days before a moment, and days after it before it is late."""

    days_before: int = 3
    grace_days: int = 2

    def __post_init__(self) -> None:
        if self.days_before < 0 or self.grace_days < 0:
            raise ValueError("reminder days must be zero or more")


def open_moments(planned: Iterable[date], held: Iterable[date]) -> tuple[date, ...]:
    """The planned moments no held evaluation covers, in date order."""
    moments = sorted(set(planned))
    unused = sorted(held)
    left: list[date] = []
    previous: date | None = None
    for moment in moments:
        match = next((h for h in unused if previous is None or h > previous), None)
        if match is None:
            left.append(moment)
        else:
            unused.remove(match)
        previous = moment
    return tuple(left)


def reminders(
    planned: Iterable[date], held: Iterable[date], *, today: date, schedule: Schedule
) -> tuple[tuple[Reminder, date], ...]:
    """The reminders due today for these moments: (kind, moment), in date order."""
    found: list[tuple[Reminder, date]] = []
    for moment in open_moments(planned, held):
        if moment - timedelta(days=schedule.days_before) <= today <= moment:
            found.append((Reminder.DUE, moment))
        elif today > moment + timedelta(days=schedule.grace_days):
            found.append((Reminder.OVERDUE, moment))
    return tuple(found)
