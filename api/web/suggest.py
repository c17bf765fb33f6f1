"""Suggested places for one student, in the words of the reader (student, staff or company)."""

from __future__ import annotations

from datetime import date

from adapters.flows.shortlist import PlaceCache, suggestions
from api.deps import EngineDep
from matcher import Audience, TravelTimeProvider
from matcher.domain import Student

EXTRA_MINUTES = 15
MANY = 200


def more_options_hints(
    engine: EngineDep,
    cache: PlaceCache,
    student: Student,
    *,
    on: date,
    travel: TravelTimeProvider,
    sector: str | None = None,
    max_travel_minutes: int | None = None,
) -> list[str]:
    """What would open more places: a little more travel time than now, or every sector."""
    limit = max_travel_minutes or student.max_travel_minutes

    def count(max_travel_minutes: int | None = None, sector: str | None = None) -> int:
        found = suggestions(
            engine,
            cache,
            student,
            on=on,
            travel=travel,
            audience=Audience.STAFF,
            k=MANY,
            max_travel_minutes=max_travel_minutes,
            sector=sector,
        )
        return len(found)

    now = count(limit, sector)
    hints = []
    longer = count(limit + EXTRA_MINUTES, sector)
    if longer > now:
        hints.append(
            f"Met {EXTRA_MINUTES} minuten meer reistijd komen er {longer - now} plekken bij."
        )
    if sector:
        every = count(limit)
        if every > now:
            hints.append(f"In alle branches samen zijn er {every - now} plekken meer.")
    if not hints:
        hints.append("Meer reistijd of een andere branche geeft hier geen extra plekken.")
    return hints
