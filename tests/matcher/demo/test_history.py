"""The outcome history follows its documented ground truth."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from matcher.demo import ground_truth
from matcher.demo.ground_truth import COEFFICIENTS, GroundTruth
from matcher.demo.history import generate_history, oracle_probabilities
from matcher.domain import (
    Company,
    CompanyId,
    Facility,
    GeoPoint,
    History,
    Place,
    PlaceId,
    Student,
    StudentId,
)
from tests.matcher.demo.towns_fixture import TOWNS

ON = date(2025, 9, 1)
DOC = Path(__file__).resolve().parents[3] / "docs" / "ground_truth.md"


@pytest.fixture(scope="module")
def history() -> tuple[History, GroundTruth]:
    return generate_history(n_students=5000, seed=21, towns=TOWNS, on=ON)


def _student(**changes: object) -> Student:
    base = Student(
        student_id=StudentId("x"),
        birth_date=date(2005, 1, 1),
        location=GeoPoint(52.0, 5.0),
        crebo="90012",
        niveau=3,  # type: ignore[arg-type]
        leerweg="bol",  # type: ignore[arg-type]
        hours_per_week=32,
        physical_capacity=3,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


PLACE = Place(
    place_id=PlaceId("p"), company_id=CompanyId("c"), crebos=frozenset({"90012"}), physical_load=3
)
COMPANY = Company(
    company_id=CompanyId("c"), name="C", location=GeoPoint(52.0, 5.0), guidance_hours_per_week=6
)


def _p(
    student: Student, place: Place = PLACE, *, travel: float = 10.0, minor: bool = False
) -> float:
    truth = GroundTruth(culture={})
    return truth.success_probability(
        student, place, COMPANY, travel_minutes=travel, guidance_share=3.0, minor=minor
    )


def test_same_seed_gives_the_same_history() -> None:
    a, _ = generate_history(n_students=200, seed=4, towns=TOWNS, on=ON)
    b, _ = generate_history(n_students=200, seed=4, towns=TOWNS, on=ON)
    c, _ = generate_history(n_students=200, seed=5, towns=TOWNS, on=ON)
    assert a == b
    assert a.outcomes != c.outcomes


def test_one_plausible_placement_per_student(history: tuple[History, GroundTruth]) -> None:
    hist, _ = history
    places = {p.place_id: p for p in hist.population.places}
    students = {s.student_id: s for s in hist.population.students}
    assert [o.student_id for o in hist.outcomes] == [s.student_id for s in hist.population.students]
    for o in hist.outcomes:
        assert re.fullmatch(r"hs\d{5}", o.student_id)
        assert re.fullmatch(r"hp\d{5}", o.place_id)
        assert students[o.student_id].crebo in places[o.place_id].crebos


def test_all_three_outcome_classes_occur(history: tuple[History, GroundTruth]) -> None:
    hist, _ = history
    shares = {
        k: np.mean([o.outcome.value == k for o in hist.outcomes])
        for k in ("succesvol", "niet_succesvol", "afgebroken")
    }
    assert 0.55 <= shares["succesvol"] <= 0.80
    assert shares["niet_succesvol"] > 0.05
    assert shares["afgebroken"] > 0.05


def test_observed_success_matches_the_ground_truth(history: tuple[History, GroundTruth]) -> None:
    hist, truth = history
    p = oracle_probabilities(hist, truth, on=ON)
    y = np.array([o.outcome.successful for o in hist.outcomes])
    assert abs(p.mean() - y.mean()) < 0.03
    assert y[p >= 0.8].mean() > y[p < 0.5].mean() + 0.3


def test_big_load_gaps_succeed_less_often(history: tuple[History, GroundTruth]) -> None:
    hist, _ = history
    places = {p.place_id: p for p in hist.population.places}
    students = {s.student_id: s for s in hist.population.students}
    gap = np.array(
        [
            places[o.place_id].physical_load - students[o.student_id].physical_capacity
            for o in hist.outcomes
        ]
    )
    y = np.array([o.outcome.successful for o in hist.outcomes])
    assert (gap >= 2).sum() > 100
    assert y[gap >= 2].mean() < y[gap <= 0].mean() - 0.2


def test_success_probability_falls_with_the_load_gap() -> None:
    probs = [
        _p(_student(physical_capacity=5 - gap), replace(PLACE, physical_load=5)) for gap in range(4)
    ]
    assert probs == sorted(probs, reverse=True)
    assert probs[0] - probs[-1] > 0.3


def test_travel_costs_nothing_below_seventy_percent_then_a_lot() -> None:
    s = _student(max_travel_minutes=40)
    assert _p(s, travel=10) == _p(s, travel=28)
    assert _p(s, travel=40) < _p(s, travel=28) - 0.05


def test_minors_with_long_travel_do_worse_than_adults() -> None:
    s = _student(max_travel_minutes=60)
    assert _p(s, travel=50, minor=True) < _p(s, travel=50, minor=False) - 0.05
    assert _p(s, travel=30, minor=True) == _p(s, travel=30, minor=False)


def test_every_coefficient_is_documented() -> None:
    doc = DOC.read_text(encoding="utf-8")
    module_doc = ground_truth.__doc__ or ""
    for name, value in COEFFICIENTS.items():
        shown = f"{value:+.2f}"
        assert name in doc, name
        assert shown in doc, name
        assert name in module_doc, name
        assert shown in module_doc, name


def test_quiet_workspace_missing_costs_more_than_arrangeable() -> None:
    s = _student(needs_quiet_workspace=True)
    yes, maybe, no = (
        _p(s, replace(PLACE, quiet_workspace=f))
        for f in (Facility.YES, Facility.ARRANGEABLE, Facility.NO)
    )
    assert yes > maybe > no
