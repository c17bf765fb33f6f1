"""Shortlist and candidate pairs on the shared examples."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from matcher.candidates import PlaceIndex, candidate_pairs
from matcher.domain import Population
from matcher.scoring.explain import Audience
from matcher.shortlist import shortlist
from matcher.tables import PlaceTable, StudentTable
from matcher.travel import EstimatedTravelTime
from tests.matcher.examples import BPV_START, COMPANIES, POPULATION

TRAVEL = EstimatedTravelTime()
ST = StudentTable.from_students(POPULATION.students)
PL = PlaceTable.from_population(POPULATION)


def ids(items) -> list[str]:
    """Place ids of shortlist items."""
    return [i.place_id for i in items]


def test_joshua_gets_the_garage_with_the_quiet_workspace_to_arrange() -> None:
    items = shortlist(0, PL, students=ST, on=BPV_START, travel=TRAVEL)
    assert ids(items) == ["p001"]
    assert items[0].to_arrange == ("een rustige werkplek",)
    assert 0.0 <= items[0].score <= 1.0


def test_more_travel_time_opens_joshuas_first_choice() -> None:
    items = shortlist(
        0,
        PL,
        students=ST,
        on=BPV_START,
        travel=TRAVEL,
        max_travel_minutes=120,
        audience=Audience.STUDENT,
    )
    assert set(ids(items)) == {"p001", "p003"}
    first_choice = next(i for i in items if i.place_id == "p003")
    assert "Dit is jouw eerste keus." in first_choice.explanation.reasons
    assert [i.score for i in items] == sorted((i.score for i in items), reverse=True)


def test_k_and_sector_limit_the_list() -> None:
    comps = tuple(replace(c, sector="zorg" if c.company_id == "c04" else "") for c in COMPANIES)
    pl = PlaceTable.from_population(replace(POPULATION, companies=comps))
    wide = {"on": BPV_START, "travel": TRAVEL, "students": ST, "max_travel_minutes": 120}
    assert ids(shortlist(0, pl, sector="zorg", **wide)) == ["p003"]
    assert len(shortlist(0, pl, k=1, **wide)) == 1


def test_candidates_only_pair_students_with_places_for_their_crebo_within_reach() -> None:
    pairs = candidate_pairs(ST, PL, travel=TRAVEL, index=PlaceIndex.build(PL))
    for s, p, minutes in zip(pairs.s_idx, pairs.p_idx, pairs.travel_min, strict=True):
        assert ST.students[s].crebo in PL.places[p].crebos
        assert minutes <= ST.students[s].max_travel_minutes + 1e-6
    assert np.all(pairs.distance_km >= 0)


def test_empty_population_gives_no_pairs() -> None:
    empty = PlaceTable.from_population(Population())
    assert len(candidate_pairs(ST, empty, travel=TRAVEL)) == 0
