"""Names of places for sentences people read: never an internal code such as "p00012".

The data gives a place no name of its own, so a place is called after its company ("Hotel
Huisman"). Where that company has more places, the label adds what tells them apart: the hours,
the work days, the niveau, the qualification or evening work, whichever differs first; places
that differ in nothing get a number in the order of their codes ("plek 2").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

import numpy as np

from matcher.domain import Company, Day, Place
from matcher.nl import number
from matcher.tables import PlaceTable

DAY_ORDER: tuple[Day, ...] = tuple(Day)


def _hours(p: Place) -> str:
    if p.hours_min == p.hours_max:
        return f"{number(p.hours_min)} uur per week"
    return f"{number(p.hours_min)} tot {number(p.hours_max)} uur per week"


def days_text(days: Iterable[Day]) -> str:
    """Work days as "ma tot en met vr" (a run) or "ma, wo en vr"."""
    ordered = [d for d in DAY_ORDER if d in set(days)]
    if not ordered:
        return "geen vaste dagen"
    pos = [DAY_ORDER.index(d) for d in ordered]
    if len(ordered) >= 3 and pos == list(range(pos[0], pos[0] + len(pos))):
        return f"{ordered[0]} tot en met {ordered[-1]}"
    names = [str(d) for d in ordered]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + f" en {names[-1]}"


def _niveau(p: Place) -> str:
    if p.niveau_min == p.niveau_max:
        return f"niveau {p.niveau_min}"
    return f"niveau {p.niveau_min} tot en met {p.niveau_max}"


def _crebos(p: Place) -> str:
    return "opleiding " + ", ".join(sorted(p.crebos))


def _evening(p: Place) -> str:
    return "met avondwerk" if p.evening_work else "zonder avondwerk"


FACETS: tuple[Callable[[Place], str], ...] = (
    _hours,
    lambda p: days_text(p.work_days),
    _niveau,
    _crebos,
    _evening,
)


def place_label(place: Place, company: Company, siblings: Sequence[Place] = ()) -> str:
    """The place's name for a sentence; ``siblings``: every place of the same company."""
    others = [s for s in siblings if s.place_id != place.place_id]
    if not others:
        return company.name
    group = sorted([place, *others], key=lambda p: p.place_id)
    for facet in FACETS:
        mine = facet(place)
        if sum(facet(p) == mine for p in group) == 1:
            return f"{company.name} ({mine})"
    for facet in FACETS:  # no single facet is unique: combine the first that differs
        if len({facet(p) for p in group}) > 1:
            same = [p for p in group if facet(p) == facet(place)]
            n = [p.place_id for p in same].index(place.place_id) + 1
            return f"{company.name} ({facet(place)}, plek {n})"
    n = [p.place_id for p in group].index(place.place_id) + 1
    return f"{company.name} (plek {n})"


def table_label(places: PlaceTable, j: int) -> str:
    """``place_label`` for row ``j`` of a place table, its siblings taken from the table."""
    rows = np.flatnonzero(places.company_idx == places.company_idx[j])
    siblings = [places.places[int(r)] for r in rows]
    return place_label(places.places[j], places.company_of(j), siblings)


def labels_for(places: Sequence[Place], company: Company) -> dict[str, str]:
    """Labels of every place of one company, by place id."""
    return {p.place_id: place_label(p, company, places) for p in places}
