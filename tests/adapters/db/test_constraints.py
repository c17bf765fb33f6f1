"""The database itself refuses rows that break the rules the matcher relies on."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import Engine, insert
from sqlalchemy.exc import IntegrityError

from adapters.db import mappers
from adapters.db.engine import session_scope
from adapters.db.models import CompanyRow, OutcomeRow, PlaceRow, StudentRow
from adapters.db.repositories import save_population
from matcher.domain import Population
from tests.factories import make_company, make_place, make_student

NOW = datetime(2024, 9, 1, tzinfo=UTC)


def _row(values: dict[str, Any], dataset: str = "current") -> dict[str, Any]:
    meta = {"dataset": dataset, "created_at": NOW, "updated_at": NOW}
    return {**meta, **values, "content_hash": mappers.content_hash(values)}


def _insert(engine: Engine, model: Any, values: dict[str, Any]) -> None:
    with session_scope(engine) as session:
        session.connection().execute(insert(model.__table__), [values])


def _with_company(engine: Engine) -> None:
    with session_scope(engine) as session:
        save_population(session, Population(companies=(make_company("c01"),)))


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("niveau", 5),
        ("niveau", 0),
        ("physical_capacity", 0),
        ("mental_capacity", 6),
        ("stimulus_sensitivity", 4),
        ("social_support_need", -1),
        ("guidance_hours_per_week", -0.5),
        ("lat", 91.0),
    ],
)
def test_student_out_of_range_is_refused(engine: Engine, column: str, value: object) -> None:
    values = mappers.student_values(make_student("s1"))
    with pytest.raises(IntegrityError):
        _insert(engine, StudentRow, _row({**values, column: value}))


@pytest.mark.parametrize(
    ("changes"),
    [
        {"capacity": 0},
        {"niveau_min": 3, "niveau_max": 2},
        {"niveau_max": 5},
        {"hours_min": 30.0, "hours_max": 20.0},
        {"physical_load": 6},
        {"mental_load": 0},
        {"lat": 52.0, "lon": None, "precision": None},
    ],
)
def test_place_breaking_a_rule_is_refused(engine: Engine, changes: dict[str, Any]) -> None:
    _with_company(engine)
    values = mappers.place_values(make_place("p1", "c01"))
    with pytest.raises(IntegrityError):
        _insert(engine, PlaceRow, _row({**values, **changes}))


@pytest.mark.parametrize(("changes"), [{"guidance_hours_per_week": -1.0}, {"social_openness": 4}])
def test_company_breaking_a_rule_is_refused(engine: Engine, changes: dict[str, Any]) -> None:
    values = mappers.company_values(make_company("c9"))
    with pytest.raises(IntegrityError):
        _insert(engine, CompanyRow, _row({**values, **changes}))


def test_valid_place_row_is_accepted(engine: Engine) -> None:
    _with_company(engine)
    _insert(engine, PlaceRow, _row(mappers.place_values(make_place("p1", "c01"))))


def test_same_id_twice_in_one_dataset_is_refused(engine: Engine) -> None:
    values = mappers.student_values(make_student("s1"))
    _insert(engine, StudentRow, _row(values))
    _insert(engine, StudentRow, _row(values, dataset="history-1"))  # other dataset: fine
    with pytest.raises(IntegrityError):
        _insert(engine, StudentRow, _row(values))


def test_place_needs_its_company_in_the_same_dataset(engine: Engine) -> None:
    _with_company(engine)
    values = mappers.place_values(make_place("p1", "c01"))
    with pytest.raises(IntegrityError):
        _insert(engine, PlaceRow, _row(values, dataset="history-1"))


def test_outcome_needs_known_student_and_place(engine: Engine) -> None:
    values = {"position": 0, "student_id": "nobody", "place_id": "nowhere", "outcome": "succesvol"}
    with pytest.raises(IntegrityError):
        _insert(
            engine, OutcomeRow, {"dataset": "h", "created_at": NOW, "updated_at": NOW, **values}
        )
