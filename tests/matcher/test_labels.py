"""Places are named after their company; two places of one company are told apart."""

from __future__ import annotations

from matcher.domain import Day
from matcher.labels import days_text, labels_for, place_label
from tests.factories import make_company, make_place

HOTEL = make_company("c1", name="Hotel Huisman")


def test_a_single_place_is_called_after_its_company() -> None:
    place = make_place("p1", "c1")
    assert place_label(place, HOTEL, [place]) == "Hotel Huisman"


def test_two_places_of_one_company_differ_by_hours_first() -> None:
    a = make_place("p1", "c1", hours_min=16.0, hours_max=24.0)
    b = make_place("p2", "c1", hours_min=32.0, hours_max=32.0)
    labels = labels_for([a, b], HOTEL)
    assert labels == {
        "p1": "Hotel Huisman (16 tot 24 uur per week)",
        "p2": "Hotel Huisman (32 uur per week)",
    }


def test_same_hours_then_the_days_tell_them_apart() -> None:
    a = make_place("p1", "c1", work_days=frozenset({Day.MA, Day.DI, Day.WO}))
    b = make_place("p2", "c1", work_days=frozenset({Day.ZA, Day.ZO}))
    labels = labels_for([a, b], HOTEL)
    assert labels["p1"] == "Hotel Huisman (ma tot en met wo)"
    assert labels["p2"] == "Hotel Huisman (za en zo)"


def test_identical_places_get_a_number_and_labels_are_always_distinct() -> None:
    places = [make_place(f"p{i}", "c1") for i in (3, 1, 2)]
    labels = labels_for(places, HOTEL)
    assert labels["p1"] == "Hotel Huisman (plek 1)"
    assert len(set(labels.values())) == 3
    three = [make_place("p1", "c1"), make_place("p2", "c1"), make_place("p3", "c1", hours_max=20)]
    assert len(set(labels_for(three, HOTEL).values())) == 3


def test_days_read_as_a_run_or_a_list() -> None:
    assert days_text(frozenset({Day.MA, Day.DI, Day.WO, Day.DO, Day.VR})) == "ma tot en met vr"
    assert days_text(frozenset({Day.MA, Day.WO})) == "ma en wo"
