"""Hard rules: a violated and a satisfied case per rule, the examples, and a naive cross-check."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matcher.candidates import candidate_pairs, pair_geometry
from matcher.domain import (
    Company,
    Facility,
    GeoPoint,
    Leerweg,
    Niveau,
    Place,
    PlaceLeerweg,
    Population,
    Student,
    TravelMode,
    age_on,
)
from matcher.eligibility import HARD_RULES, RuleResult, evaluate_rules
from matcher.tables import PlaceTable, StudentTable
from matcher.travel import EstimatedTravelTime
from tests.matcher.examples import (
    ARR,
    BPV_START,
    NO,
    POPULATION,
    YES,
    company,
    days,
    place,
    student,
)
from tests.matcher.strategies import companies_st, places_st, students_st

TRAVEL = EstimatedTravelTime()


def evaluate(s: Student, p: Place, c: Company, *, on: date = BPV_START) -> RuleResult:
    """Evaluate one student against one place."""
    pop = Population(students=(s,), companies=(c,), places=(p,))
    st_, pl = StudentTable.from_students(pop.students), PlaceTable.from_population(pop)
    return evaluate_rules(st_, pl, np.array([0]), np.array([0]), on=on, travel=TRAVEL)


def ok(rule: str, s: Student, p: Place | None = None, c: Company | None = None) -> bool:
    """Whether one rule allows the pair."""
    return bool(evaluate(s, p or place(), c or company()).masks[rule][0])


def test_defaults_are_eligible() -> None:
    assert evaluate(student(), place(), company()).eligible[0]


FAR = {"location": GeoPoint(52.20, 5.12)}  # ~12 km north of the student: ~64 min by bike
MINOR, ADULT = {"birth_date": date(2008, 6, 1)}, {"birth_date": date(2006, 6, 1)}
TWO_DAYS = days("ma;di")
WEEKEND = days("za;zo")


def bike(minutes: int) -> dict:
    """Student overrides: cycling with a maximum travel time."""
    return {"travel_mode": TravelMode.FIETS, "max_travel_minutes": minutes}


def needs(field: str) -> dict:
    """Student overrides: one facility need."""
    return {field: True}


CASES = [  # rule, violating (student, place, company) overrides, satisfying overrides
    ("crebo", ({"crebo": "20002"}, {}, {}), ({}, {"crebos": frozenset({"20002", "10001"})}, {})),
    ("niveau", ({"niveau": Niveau(4)}, {"niveau_max": 3}, {}),
     ({"niveau": Niveau(3)}, {"niveau_max": 3}, {})),
    ("leerweg", ({"leerweg": Leerweg.BBL}, {"leerweg": PlaceLeerweg.BOL}, {}),
     ({"leerweg": Leerweg.BBL}, {"leerweg": PlaceLeerweg.BOTH}, {})),
    ("sbb_recognized", ({}, {}, {"sbb_recognized": False}), ({}, {}, {"sbb_recognized": True})),
    ("travel_time", (bike(20), FAR, {}), (bike(90), FAR, {})),
    ("wheelchair_access", (needs("needs_wheelchair_access"), {}, {"wheelchair_access": NO}),
     (needs("needs_wheelchair_access"), {}, {"wheelchair_access": ARR})),
    ("adapted_toilet", (needs("needs_adapted_toilet"), {}, {"adapted_toilet": NO}),
     (needs("needs_adapted_toilet"), {}, {"adapted_toilet": YES})),
    ("adjustable_workplace",
     (needs("needs_adjustable_workplace"), {"adjustable_workplace": NO}, {}),
     (needs("needs_adjustable_workplace"), {"adjustable_workplace": ARR}, {})),
    ("quiet_workspace", (needs("needs_quiet_workspace"), {"quiet_workspace": NO}, {}),
     (needs("needs_quiet_workspace"), {"quiet_workspace": ARR}, {})),
    ("minor_working_time", (MINOR, {"night_work": True}, {}), (ADULT, {"night_work": True}, {})),
    ("minor_working_time", (MINOR, {"max_hours_per_day": 10}, {}),
     (MINOR, {"max_hours_per_day": 9}, {})),
    ("minor_working_time", ({}, {"max_hours_per_day": 12.5}, {}),
     ({}, {"max_hours_per_day": 12}, {})),
    ("minor_working_time", ({**MINOR, "hours_per_week": 42}, {"hours_max": 45}, {}),
     ({**ADULT, "hours_per_week": 42}, {"hours_max": 45}, {})),
    # M4: a minor's school time in the same week counts as working time; an adult's does not
    ("minor_working_time", ({**MINOR, "hours_per_week": 32, "school_hours_per_week": 9}, {}, {}),
     ({**MINOR, "hours_per_week": 32, "school_hours_per_week": 8}, {}, {})),
    ("minor_working_time", ({**MINOR, "hours_per_week": 36, "school_hours_per_week": 8}, {}, {}),
     ({**ADULT, "hours_per_week": 36, "school_hours_per_week": 8}, {}, {})),
    ("schedule", ({"hours_per_week": 24, "days_available": TWO_DAYS}, {}, {}),
     ({"hours_per_week": 16, "days_available": TWO_DAYS}, {}, {})),
    ("schedule", ({"days_available": WEEKEND}, {}, {}),
     ({"days_available": WEEKEND}, {"work_days": days("ma;za;zo")}, {})),
    ("schedule", ({"hours_per_week": 36}, {"hours_max": 32}, {}),
     ({"hours_per_week": 32}, {"hours_max": 32}, {})),
    ("schedule",
     ({"hours_per_week": 12, "max_hours_per_day": 5, "days_available": TWO_DAYS}, {}, {}),
     ({"hours_per_week": 10, "max_hours_per_day": 5, "days_available": TWO_DAYS}, {}, {})),
    ("vog", ({"has_vog": False}, {"vog_required": True}, {}),
     ({"has_vog": None}, {"vog_required": True}, {})),
    ("guidance_time", ({"guidance_hours_per_week": 4.5}, {}, {"guidance_hours_per_week": 2.5}),
     ({"guidance_hours_per_week": 2.5}, {}, {"guidance_hours_per_week": 2.5})),
    ("under_16", ({"birth_date": date(2009, 9, 2)}, {}, {}),
     ({"birth_date": date(2009, 9, 1)}, {}, {})),
]  # fmt: skip


@pytest.mark.parametrize(("rule", "violated", "satisfied"), CASES)
def test_rule_violated_and_satisfied(rule: str, violated: tuple, satisfied: tuple) -> None:
    for overrides, expected in ((violated, False), (satisfied, True)):
        s, p, c = student(**overrides[0]), place(**overrides[1]), company(**overrides[2])
        assert ok(rule, s, p, c) is expected, (rule, overrides)


def test_every_rule_has_a_case() -> None:
    assert {r.name for r in HARD_RULES} == {case[0] for case in CASES}


def test_arrangeable_and_unknown_vog_are_flagged() -> None:
    s = student(needs_quiet_workspace=True, has_vog=None)
    r = evaluate(s, place(quiet_workspace=Facility.ARRANGEABLE, vog_required=True), company())
    assert r.eligible[0]
    assert r.arrange["quiet_workspace"][0]
    assert r.vog_unknown[0]


def test_extra_travel_minutes_opens_a_place() -> None:
    s = student(travel_mode=TravelMode.FIETS, max_travel_minutes=20)
    far = place(location=GeoPoint(52.20, 5.12))  # ~12 km north: ~ 63 min by bike
    pop = Population(students=(s,), companies=(company(),), places=(far,))
    st_, pl = StudentTable.from_students(pop.students), PlaceTable.from_population(pop)
    idx = np.array([0])
    tight = evaluate_rules(st_, pl, idx, idx, on=BPV_START, travel=TRAVEL)
    loose = evaluate_rules(st_, pl, idx, idx, on=BPV_START, travel=TRAVEL, extra_travel_minutes=60)
    assert tight.only_failure_counts()["travel_time"] == 1
    assert loose.eligible[0]


# --- the shared examples -------------------------------------------------------------------

EX_ST = StudentTable.from_students(POPULATION.students)
EX_PL = PlaceTable.from_population(POPULATION)
ALL_S = np.repeat(np.arange(len(EX_ST)), len(EX_PL))
ALL_P = np.tile(np.arange(len(EX_PL)), len(EX_ST))
EX = evaluate_rules(EX_ST, EX_PL, ALL_S, ALL_P, on=BPV_START, travel=TRAVEL)


def eligible_places(name: str) -> set[str]:
    """Place ids the named example student may be offered."""
    return {
        EX_PL.places[p].place_id
        for s, p, e in zip(ALL_S, ALL_P, EX.eligible, strict=True)
        if e and EX_ST.students[s].name == name
    }


def test_rowina_only_gets_places_with_wheelchair_access() -> None:
    allowed = eligible_places("Rowina")
    assert allowed == {"p002"}  # the zorgcentrum with wheelchair access
    for pid in allowed:
        comp = EX_PL.company_of(EX_PL.index[pid])
        assert comp.wheelchair_access is not Facility.NO


def test_joshua_only_gets_places_with_a_quiet_workspace() -> None:
    allowed = eligible_places("Joshua")
    assert allowed == {"p001"}  # quiet workspace arrangeable, within cycling reach
    for pid in allowed:
        assert EX_PL.places[EX_PL.index[pid]].quiet_workspace is not Facility.NO


def test_minors_are_never_offered_night_work() -> None:
    for s, p, e in zip(ALL_S, ALL_P, EX.eligible, strict=True):
        if e and age_on(EX_ST.students[s].birth_date, BPV_START) < 18:
            assert not EX_PL.places[p].night_work


def test_example_candidates_are_a_superset_of_eligible_pairs() -> None:
    cands = candidate_pairs(EX_ST, EX_PL, travel=TRAVEL)
    got = set(zip(cands.s_idx.tolist(), cands.p_idx.tolist(), strict=True))
    assert {
        (int(s), int(p)) for s, p in zip(ALL_S[EX.eligible], ALL_P[EX.eligible], strict=True)
    } <= got


# --- property: no eligible pair violates a hard rule (naive per-pair recomputation) --------


def naive_ok(s: Student, p: Place, c: Company, minutes: float, on: date) -> bool:
    """Every hard rule, written out plainly for one pair."""
    age = age_on(s.birth_date, on)
    legal = 9.0 if age < 18 else 12.0
    per_day = min(s.max_hours_per_day, p.max_hours_per_day, legal)
    facilities = [
        (s.needs_wheelchair_access, c.wheelchair_access),
        (s.needs_adapted_toilet, c.adapted_toilet),
        (s.needs_adjustable_workplace, p.adjustable_workplace),
        (s.needs_quiet_workspace, p.quiet_workspace),
    ]
    return bool(
        age >= 16
        and s.crebo in p.crebos
        and p.niveau_min <= s.niveau <= p.niveau_max
        and p.leerweg.accepts(s.leerweg)
        and c.sbb_recognized
        and minutes <= s.max_travel_minutes + 1e-9
        and all(not need or f is not Facility.NO for need, f in facilities)
        and p.max_hours_per_day <= legal
        and not (age < 18 and p.night_work)
        and s.hours_per_week <= (40 if age < 18 else 48)
        and len(s.days_available & p.work_days) * per_day + 1e-9 >= s.hours_per_week
        and p.hours_min <= s.hours_per_week <= p.hours_max
        and not (p.vog_required and s.has_vog is False)
        and s.guidance_hours_per_week <= c.guidance_hours_per_week + 1e-9
    )


@settings(max_examples=60, deadline=None)
@given(
    students=st.lists(students_st, min_size=1, max_size=4),
    places=st.lists(places_st, min_size=1, max_size=4),
    comps=st.lists(companies_st, min_size=1, max_size=2),
)
def test_vectorised_rules_agree_with_naive_rules(
    students: list[Student], places: list[Place], comps: list[Company]
) -> None:
    comps = [replace(c, company_id=f"c{i}") for i, c in enumerate(comps)]
    places = [
        replace(p, place_id=f"p{j}", company_id=comps[j % len(comps)].company_id)
        for j, p in enumerate(places)
    ]
    pop = Population(students=tuple(students), companies=tuple(comps), places=tuple(places))
    st_, pl = StudentTable.from_students(pop.students), PlaceTable.from_population(pop)
    s_idx = np.repeat(np.arange(len(st_)), len(pl))
    p_idx = np.tile(np.arange(len(pl)), len(st_))
    on = date(2025, 9, 1)
    result = evaluate_rules(st_, pl, s_idx, p_idx, on=on, travel=TRAVEL)
    _, minutes = pair_geometry(st_, pl, s_idx, p_idx, travel=TRAVEL)
    for k, (s, p) in enumerate(zip(s_idx, p_idx, strict=True)):
        expected = naive_ok(students[s], places[p], pl.company_of(int(p)), minutes[k], on)
        assert bool(result.eligible[k]) is expected
