"""The "zoekt een nieuwe plek" queue: who waits since when, and for what reason (pure)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from matcher.bpv.vocabulary import RematchTrigger


@dataclass(frozen=True, slots=True)
class QueueEntry:
    """One student waiting for a new place, with the place that did not work out."""

    student_id: str
    trigger: RematchTrigger
    entered_on: date
    failed_place_id: str | None = None

    def days_waiting(self, today: date) -> int:
        """Whole days since the student entered the queue (0 on the day itself)."""
        return max(0, (today - self.entered_on).days)


def waiting_text(days: int) -> str:
    """ "wacht sinds vandaag", "wacht 1 dag", "wacht 12 dagen"."""
    if days <= 0:
        return "wacht sinds vandaag"
    return f"wacht {days} {'dag' if days == 1 else 'dagen'}"


def longest_waiting_first(entries: Iterable[QueueEntry]) -> list[QueueEntry]:
    """The queue in the order the bureau works it: who waits longest comes first."""
    return sorted(entries, key=lambda e: (e.entered_on, e.student_id))
