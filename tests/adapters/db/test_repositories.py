"""Saving and loading populations and histories: upsert counts, datasets, all or nothing."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError

from adapters.db.engine import session_scope
from adapters.db.models import StudentRow
from adapters.db.repositories import (
    PopulationCounts,
    SaveCounts,
    delete_dataset,
    list_datasets,
    load_history,
    load_population,
    save_history,
    save_population,
)
from matcher.domain import GeoPoint, History, Population, Precision
from matcher.errors import InvalidInputError
from tests.factories import (
    example_history,
    example_population,
    make_company,
    make_place,
    make_student,
)


def _save(engine: Engine, population: Population, dataset: str = "current") -> PopulationCounts:
    with session_scope(engine) as session:
        return save_population(session, population, dataset=dataset)


def _load(engine: Engine, dataset: str = "current") -> Population:
    with session_scope(engine) as session:
        return load_population(session, dataset=dataset)


def test_example_population_round_trips(engine: Engine) -> None:
    population = example_population()
    _save(engine, population)
    assert _load(engine) == population


def test_place_with_own_location_round_trips(engine: Engine) -> None:
    place = make_place("p9", location=GeoPoint(51.95, 4.05, Precision.PC6))
    population = Population(companies=(make_company("c01"),), places=(place,))
    _save(engine, population)
    assert _load(engine).places == (place,)


def test_first_save_counts_everything_created(engine: Engine) -> None:
    counts = _save(engine, example_population())
    assert counts == PopulationCounts(
        students=SaveCounts(created=5, updated=0, unchanged=0),
        companies=SaveCounts(created=4, updated=0, unchanged=0),
        places=SaveCounts(created=4, updated=0, unchanged=0),
    )


def test_second_identical_save_changes_nothing(engine: Engine) -> None:
    _save(engine, example_population())
    counts = _save(engine, example_population())
    assert counts.students == SaveCounts(created=0, updated=0, unchanged=5)
    assert counts.companies == SaveCounts(created=0, updated=0, unchanged=4)
    assert counts.places == SaveCounts(created=0, updated=0, unchanged=4)


def test_changing_one_student_updates_only_that_row(engine: Engine) -> None:
    population = example_population()
    _save(engine, population)
    changed = replace(population.students[1], hours_per_week=20.0)
    students = (population.students[0], changed, *population.students[2:])
    counts = _save(engine, replace(population, students=students))
    assert counts.students == SaveCounts(created=0, updated=1, unchanged=4)
    assert _load(engine).students[1].hours_per_week == 20.0


def test_update_keeps_created_at_and_moves_updated_at(engine: Engine) -> None:
    _save(engine, Population(students=(make_student("s1"),)))
    _save(engine, Population(students=(make_student("s1", name="Nieuw"),)))
    with session_scope(engine) as session:
        row = session.connection().execute(select(StudentRow.__table__)).one()  # type: ignore[attr-defined]
    assert row.created_at.tzinfo is not None
    assert row.created_at.utcoffset() == UTC.utcoffset(None)
    assert row.updated_at > row.created_at


def test_new_ids_are_added_next_to_existing_ones(engine: Engine) -> None:
    _save(engine, Population(students=(make_student("s1"),)))
    counts = _save(engine, Population(students=(make_student("s1"), make_student("s2"))))
    assert counts.students == SaveCounts(created=1, updated=0, unchanged=1)
    assert [s.student_id for s in _load(engine).students] == ["s1", "s2"]


def test_load_sorts_by_id(engine: Engine) -> None:
    _save(engine, Population(students=tuple(make_student(i) for i in ("s3", "S2", "s1"))))
    assert [s.student_id for s in _load(engine).students] == ["S2", "s1", "s3"]


def test_duplicate_ids_in_one_population_are_refused(engine: Engine) -> None:
    population = Population(students=(make_student("s1"), make_student("s1", name="Twee")))
    with pytest.raises(InvalidInputError) as caught, session_scope(engine) as session:
        save_population(session, population)
    assert caught.value.issues[0].value == "s1"
    assert _load(engine) == Population()


def test_failed_save_leaves_database_unchanged(engine: Engine) -> None:
    _save(engine, example_population())
    before = _load(engine)
    broken = Population(
        students=(make_student("s001", name="Anders"), make_student("s999")),
        companies=(make_company("c99"),),
        places=(make_place("p999", company_id="missing"),),  # no such company: foreign key fails
    )
    with pytest.raises(IntegrityError), session_scope(engine) as session:
        save_population(session, broken)
    assert _load(engine) == before


def test_history_datasets_with_colliding_ids_stay_separate(engine: Engine) -> None:
    _save(engine, example_population())
    old = History(
        population=Population(
            students=(make_student("s001", name="Oud"),),
            companies=(make_company("c01", name="Oud bedrijf"),),
            places=(make_place("p001", company_id="c01", capacity=5),),
        ),
        outcomes=example_history().outcomes[:0],
    )
    with session_scope(engine) as session:
        save_history(session, example_history(), dataset="history-2024")
        save_history(session, old, dataset="history-2023")
    with session_scope(engine) as session:
        assert load_history(session, dataset="history-2024") == example_history()
        assert load_history(session, dataset="history-2023") == old
        assert load_population(session) == example_population()
        assert list_datasets(session) == ["current", "history-2023", "history-2024"]


def test_saving_history_again_replaces_its_outcomes(engine: Engine) -> None:
    history = example_history()
    with session_scope(engine) as session:
        save_history(session, history, dataset="h")
    fewer = replace(history, outcomes=history.outcomes[1:])
    with session_scope(engine) as session:
        counts = save_history(session, fewer, dataset="h")
    with session_scope(engine) as session:
        assert load_history(session, dataset="h").outcomes == fewer.outcomes
    assert counts.students.unchanged == 5


def test_history_cannot_overwrite_current_data(engine: Engine) -> None:
    with pytest.raises(InvalidInputError), session_scope(engine) as session:
        save_history(session, example_history(), dataset="current")


def test_delete_dataset_removes_only_that_dataset(engine: Engine) -> None:
    _save(engine, example_population())
    with session_scope(engine) as session:
        save_history(session, example_history(), dataset="h")
    with session_scope(engine) as session:
        delete_dataset(session, "h")
    with session_scope(engine) as session:
        assert list_datasets(session) == ["current"]
        assert load_history(session, dataset="h") == History(population=Population())
        assert load_population(session) == example_population()
