"""Names of places for sentences people read: never an internal code such as "p00012".

The data gives a place no name of its own, so a place is called after its company ("Hotel
Huisman"). Where that company has more places, the label adds what tells them apart: the hours,
the work days, the niveau, the kinds of tasks, the qualification or evening work, whichever
differs first; places that differ in nothing get a number in the order of their codes
("plek 2").

Students read ``plain`` labels: never a crebo code (the qualification facet is left out) and
the work days with their full names ("maandag tot en met vrijdag"). Staff keep the crebo facet
("opleiding 25180") and the short days ("ma tot en met vr"), which help them and take less room.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from matcher.domain import Company, Place
from matcher.nl import and_list, number
from matcher.nl import days_text as days_text  # re-exported: the templates and flows use it
from matcher.profile import TASK_LABELS
from matcher.tables import PlaceTable

Facet = Callable[[Place], str]  # "" when the facet cannot name this place (no tasks known)


def _hours(p: Place) -> str:
    if p.hours_min == p.hours_max:
        return f"{number(p.hours_min)} uur per week"
    return f"{number(p.hours_min)} tot {number(p.hours_max)} uur per week"


def _niveau(p: Place) -> str:
    if p.niveau_min == p.niveau_max:
        return f"niveau {p.niveau_min}"
    return f"niveau {p.niveau_min} tot en met {p.niveau_max}"


def _tasks(p: Place) -> str:
    """ "met mensen werken en buiten werken"; "" when the place's tasks are unknown."""
    return and_list([label.lower() for t, label in TASK_LABELS.items() if t in p.tasks])


def _crebos(p: Place) -> str:
    return "opleiding " + ", ".join(sorted(p.crebos))


def _evening(p: Place) -> str:
    return "met avondwerk" if p.evening_work else "zonder avondwerk"


FACETS: tuple[Facet, ...] = (
    _hours,
    lambda p: days_text(p.work_days),
    _niveau,
    _tasks,
    _crebos,
    _evening,
)
PLAIN_FACETS: tuple[Facet, ...] = (  # for students: no crebo code, full day names
    _hours,
    lambda p: days_text(p.work_days, full=True),
    _niveau,
    _tasks,
    _evening,
)


def place_label(
    place: Place, company: Company, siblings: Sequence[Place] = (), *, plain: bool = False
) -> str:
    """The place's name for a sentence; ``siblings``: every place of the same company;
    ``plain``: for a student (no crebo code, full day names)."""
    others = [s for s in siblings if s.place_id != place.place_id]
    if not others:
        return company.name
    facets = PLAIN_FACETS if plain else FACETS
    group = sorted([place, *others], key=lambda p: p.place_id)
    for facet in facets:
        mine = facet(place)
        if mine and sum(facet(p) == mine for p in group) == 1:
            return f"{company.name} ({mine})"
    for facet in facets:  # no single facet is unique: combine the first that differs
        mine = facet(place)
        if mine and len({facet(p) for p in group}) > 1:
            same = [p for p in group if facet(p) == mine]
            n = [p.place_id for p in same].index(place.place_id) + 1
            return f"{company.name} ({mine}, plek {n})"
    n = [p.place_id for p in group].index(place.place_id) + 1
    return f"{company.name} (plek {n})"


def table_label(places: PlaceTable, j: int, *, plain: bool = False) -> str:
    """``place_label`` for row ``j`` of a place table, its siblings taken from the table."""
    rows = np.flatnonzero(places.company_idx == places.company_idx[j])
    siblings = [places.places[int(r)] for r in rows]
    return place_label(places.places[j], places.company_of(j), siblings, plain=plain)


def labels_for(places: Sequence[Place], company: Company, *, plain: bool = False) -> dict[str, str]:
    """Labels of every place of one company, by place id (``plain``: for a student)."""
    return {p.place_id: place_label(p, company, places, plain=plain) for p in places}
