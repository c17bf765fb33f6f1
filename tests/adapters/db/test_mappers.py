"""Mappers: every field survives domain -> row -> domain, and the content hash is stable."""

from __future__ import annotations

from datetime import UTC, datetime

from adapters.db import mappers
from matcher.domain import Day, GeoPoint, PlaceId, Precision
from tests.factories import example_history, example_population, make_place, make_student

NOW = datetime(2024, 9, 1, tzinfo=UTC)


def test_every_example_value_survives_the_row_round_trip() -> None:
    population = example_population()
    for student in population.students:
        row = mappers.student_to_row(student, dataset="current", now=NOW)
        assert mappers.student_to_domain(row) == student
    for company in population.companies:
        company_row = mappers.company_to_row(company, dataset="current", now=NOW)
        assert mappers.company_to_domain(company_row) == company
    for place in population.places:
        place_row = mappers.place_to_row(place, dataset="current", now=NOW)
        assert mappers.place_to_domain(place_row) == place
    for i, record in enumerate(example_history().outcomes):
        outcome_row = mappers.outcome_to_row(record, i, dataset="h", now=NOW)
        assert mappers.outcome_to_domain(outcome_row) == record


def test_school_hours_survive_the_row_round_trip() -> None:
    student = make_student(school_hours_per_week=8.0)
    row = mappers.student_to_row(student, dataset="current", now=NOW)
    assert mappers.student_to_domain(row).school_hours_per_week == 8.0


def test_sets_are_stored_sorted_and_days_in_week_order() -> None:
    place = make_place(crebos=frozenset({"30002", "10001"}), work_days=frozenset({Day.VR, Day.MA}))
    values = mappers.place_values(place)
    assert values["crebos"] == "10001;30002"
    assert values["work_days"] == "ma;vr"


def test_preferences_keep_their_order() -> None:
    student = make_student(preferences=(PlaceId("p9"), PlaceId("p1")))
    assert mappers.student_values(student)["preferences"] == "p9;p1"
    row = mappers.student_to_row(student, dataset="current", now=NOW)
    assert mappers.student_to_domain(row).preferences == ("p9", "p1")


def test_place_at_company_location_has_no_coordinates() -> None:
    values = mappers.place_values(make_place())
    assert (values["lat"], values["lon"], values["precision"]) == (None, None, None)
    located = mappers.place_values(make_place(location=GeoPoint(52.0, 5.0, Precision.PC4)))
    assert (located["lat"], located["lon"], located["precision"]) == (52.0, 5.0, "pc4")


def test_hash_ignores_int_versus_float_but_sees_real_changes() -> None:
    whole = mappers.content_hash(mappers.student_values(make_student(hours_per_week=24)))
    decimal = mappers.content_hash(mappers.student_values(make_student(hours_per_week=24.0)))
    other = mappers.content_hash(mappers.student_values(make_student(hours_per_week=24.5)))
    assert whole == decimal
    assert whole != other
