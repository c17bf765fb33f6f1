"""The shared contract examples read into the expected domain values, and survive a round trip."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from adapters.tabular import (
    ReadResult,
    read_history,
    read_history_dir,
    read_population,
    read_population_dir,
    write_history,
    write_population,
)
from matcher.domain import Day, Facility, Outcome, PlaceLeerweg, SupportArea, TravelMode
from tests.adapters.tabular.conftest import EXAMPLES, DictGeocoder, example
from tests.matcher.examples import POPULATION


def _examples(geocoder: DictGeocoder) -> ReadResult:
    return read_population(
        students=example("students.csv"),
        companies=example("companies.csv"),
        places=example("places.csv"),
        geocoder=geocoder,
    )


def test_examples_parse_into_the_hand_built_population(geocoder: DictGeocoder) -> None:
    result = _examples(geocoder)
    assert result.population == POPULATION
    assert result.warnings == ()


def test_examples_keep_what_each_student_needs(geocoder: DictGeocoder) -> None:
    students = {str(s.student_id): s for s in _examples(geocoder).population.students}
    joshua, rowina, marit = students["s001"], students["s002"], students["s003"]
    assert joshua.needs_quiet_workspace
    assert joshua.needs_predictable_schedule
    assert joshua.birth_date == date(2008, 3, 14)
    assert joshua.days_available == {Day.MA, Day.DI}
    assert joshua.travel_mode is TravelMode.FIETS
    assert joshua.support_areas == {SupportArea.PRIKKELS, SupportArea.STRUCTUUR}
    assert joshua.has_vog is None
    assert joshua.priority
    assert rowina.needs_wheelchair_access
    assert rowina.needs_adapted_toilet
    assert rowina.energy_spoons_per_day == 20
    assert rowina.has_vog is True
    assert marit.guidance_hours_per_week == 1.5
    assert marit.preferences == ("p004", "p002")


def test_examples_keep_what_each_place_offers(geocoder: DictGeocoder) -> None:
    population = _examples(geocoder).population
    places = {str(p.place_id): p for p in population.places}
    assert places["p004"].night_work
    assert places["p004"].evening_work
    assert places["p004"].leerweg is PlaceLeerweg.BBL
    assert places["p002"].crebos == {"10002", "10003"}
    assert places["p001"].quiet_workspace is Facility.ARRANGEABLE
    assert places["p001"].location is None  # at the company
    companies = {str(c.company_id): c for c in population.companies}
    assert companies["c03"].max_support_students is None
    assert companies["c03"].wheelchair_access is Facility.ARRANGEABLE


def test_example_history_reads_outcomes(geocoder: DictGeocoder) -> None:
    history, warnings = read_history_dir(EXAMPLES / "history", geocoder=geocoder)
    assert [(o.student_id, o.place_id, o.outcome) for o in history.outcomes] == [
        ("s003", "p004", Outcome.AFGEBROKEN),
        ("s004", "p003", Outcome.SUCCESVOL),
    ]
    assert history.population == POPULATION
    assert warnings == ()


def test_read_history_takes_sources(geocoder: DictGeocoder) -> None:
    history, _ = read_history(
        example("history/outcomes.csv"),
        example("history/students.csv"),
        example("history/companies.csv"),
        example("history/places.csv"),
        geocoder=geocoder,
    )
    assert len(history.outcomes) == 2


def test_csv_round_trip_through_the_writers(tmp_path: Path, geocoder: DictGeocoder) -> None:
    population = _examples(geocoder).population
    paths = write_population(tmp_path, population)
    assert [p.name for p in paths] == ["students.csv", "companies.csv", "places.csv"]
    assert read_population_dir(tmp_path, geocoder=geocoder).population == population


def test_xlsx_round_trip_through_the_writers(tmp_path: Path, geocoder: DictGeocoder) -> None:
    population = _examples(geocoder).population
    write_population(tmp_path, population, fmt="xlsx")
    assert read_population_dir(tmp_path, geocoder=geocoder).population == population


def test_history_round_trip_through_the_writers(tmp_path: Path, geocoder: DictGeocoder) -> None:
    history, _ = read_history_dir(EXAMPLES / "history", geocoder=geocoder)
    paths = write_history(tmp_path, history)
    assert paths[-1].name == "outcomes.csv"
    assert read_history_dir(tmp_path, geocoder=geocoder)[0] == history


def test_written_files_leave_no_temporary_files(tmp_path: Path, geocoder: DictGeocoder) -> None:
    write_population(tmp_path, _examples(geocoder).population)
    write_population(tmp_path, _examples(geocoder).population)  # overwrite in place
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "companies.csv",
        "places.csv",
        "students.csv",
    ]
