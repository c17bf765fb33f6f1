"""Every validation rule: a bad value is an Issue naming file, row and column; nothing returned."""

from __future__ import annotations

import pytest

from adapters.tabular import ReadResult, Source, read_history, read_population
from matcher.errors import InvalidInputError, Issue
from tests.adapters.tabular.conftest import DictGeocoder, edited, example, without_column

FILES = ("students.csv", "companies.csv", "places.csv")


def _read(geocoder: DictGeocoder, **replacements: Source | None) -> ReadResult:
    sources: dict[str, Source | None] = {name.split(".")[0]: example(name) for name in FILES}
    sources.update(replacements)
    return read_population(
        students=sources["students"],
        companies=sources["companies"],
        places=sources["places"],
        geocoder=geocoder,
    )


def _issues(geocoder: DictGeocoder, **replacements: Source | None) -> tuple[Issue, ...]:
    with pytest.raises(InvalidInputError) as caught:
        _read(geocoder, **replacements)
    return caught.value.issues


BAD_VALUES = [
    # (file, row, column, value, words the reason must contain)
    ("students.csv", 2, "birth_date", "2008-02-31", "bestaat niet"),
    ("students.csv", 2, "birth_date", "14-03-08", "jaar voluit"),
    ("students.csv", 2, "birth_date", "14/03/2008", "14-03-2008"),
    ("students.csv", 3, "crebo", "1234", "5 cijfers"),
    ("students.csv", 3, "niveau", "5", "1 tot en met 4"),
    ("students.csv", 2, "leerweg", "deeltijd", "kies uit: bol, bbl"),
    ("students.csv", 2, "hours_per_week", "0", "meer dan 0"),
    ("students.csv", 2, "hours_per_week", "veel", "getal"),
    ("students.csv", 2, "max_hours_per_day", "25", "hoogstens 24"),
    ("students.csv", 2, "days_available", "ma;zondagmiddag", "geen dag"),
    ("students.csv", 2, "travel_mode", "boot", "kies uit: ov, fiets, auto, lopen, taxi"),
    ("students.csv", 2, "max_travel_minutes", "0", "1 of meer"),
    ("students.csv", 2, "max_travel_minutes", "12.5", "heel getal"),
    ("students.csv", 2, "physical_capacity", "6", "1 tot en met 5"),
    ("students.csv", 2, "mental_capacity", "0", "1 tot en met 5"),
    ("students.csv", 2, "stimulus_sensitivity", "4", "0 tot en met 3"),
    ("students.csv", 2, "social_support_need", "-1", "0 tot en met 3"),
    ("students.csv", 2, "guidance_hours_per_week", "-1", "0 of meer"),
    ("students.csv", 2, "needs_quiet_workspace", "misschien", "ja of nee"),
    ("students.csv", 2, "energy_spoons_per_day", "0", "meer dan 0"),
    ("students.csv", 2, "support_areas", "prikkels;autisme", "geen steungebied"),
    ("students.csv", 2, "has_vog", "?", "ja of nee"),
    ("students.csv", 2, "priority", "2", "ja of nee"),
    ("students.csv", 2, "lat", "62.0", "niet in Nederland"),
    ("students.csv", 2, "lat", "noord", "getal"),
    ("students.csv", 2, "student_id", "", "verplicht"),
    ("students.csv", 3, "student_id", "s001", "staat al in rij 2"),
    ("companies.csv", 2, "name", "", "verplicht"),
    ("companies.csv", 2, "guidance_hours_per_week", "-2", "0 of meer"),
    ("companies.csv", 2, "guidance_hours_per_week", "", "verplicht"),
    ("companies.csv", 2, "social_openness", "5", "0 tot en met 3"),
    ("companies.csv", 2, "max_support_students", "-1", "0 of meer"),
    ("companies.csv", 2, "expertise_areas", "x", "kies uit"),
    ("companies.csv", 2, "wheelchair_access", "misschien", "kies uit: yes, arrangeable, no"),
    ("companies.csv", 2, "sbb_recognized", "2", "ja of nee"),
    ("places.csv", 2, "crebos", "10001;1000a", "geen crebo-nummer"),
    ("places.csv", 2, "crebos", "", "verplicht"),
    ("places.csv", 2, "niveau_min", "0", "1 tot en met 4"),
    ("places.csv", 2, "leerweg", "deeltijd", "kies uit: bol, bbl, both"),
    ("places.csv", 2, "capacity", "0", "1 of meer"),
    ("places.csv", 2, "hours_max", "200", "hoogstens 168"),
    ("places.csv", 2, "work_days", ";", "minstens één dag"),
    ("places.csv", 2, "evening_work", "soms", "ja of nee"),
    ("places.csv", 2, "physical_load", "0", "1 tot en met 5"),
    ("places.csv", 2, "quiet_workspace", "ja", "kies uit: yes, arrangeable, no"),
    ("places.csv", 2, "company_id", "c99", "staat niet in companies.csv"),
    ("places.csv", 3, "place_id", "p001", "staat al in rij 2"),
]


@pytest.mark.parametrize(("file", "row", "column", "value", "words"), BAD_VALUES)
def test_bad_value_is_an_issue_naming_file_row_column(
    geocoder: DictGeocoder, file: str, row: int, column: str, value: str, words: str
) -> None:
    issues = _issues(geocoder, **{file.split(".")[0]: edited(file, {(row, column): value})})
    assert [(i.file, i.row, i.column) for i in issues] == [(file, row, column)]
    assert words in issues[0].reason


def test_three_bad_values_are_all_reported(geocoder: DictGeocoder) -> None:
    bad = edited(
        "students.csv",
        {(2, "birth_date"): "2008-13-01", (4, "travel_mode"): "step", (6, "niveau"): "9"},
    )
    issues = _issues(geocoder, students=bad)
    assert [(i.row, i.column) for i in issues] == [
        (2, "birth_date"),
        (4, "travel_mode"),
        (6, "niveau"),
    ]
    assert issues[1].value == "step"


def test_issues_from_several_files_come_together(geocoder: DictGeocoder) -> None:
    issues = _issues(
        geocoder,
        students=edited("students.csv", {(2, "niveau"): "0"}),
        places=edited("places.csv", {(5, "capacity"): "-1"}),
    )
    assert {(i.file, i.row, i.column) for i in issues} == {
        ("students.csv", 2, "niveau"),
        ("places.csv", 5, "capacity"),
    }


def test_message_is_dutch_and_says_nothing_was_read(geocoder: DictGeocoder) -> None:
    with pytest.raises(InvalidInputError) as caught:
        _read(geocoder, students=edited("students.csv", {(2, "niveau"): "0"}))
    assert "niets ingelezen" in caught.value.message
    assert "rij 2" in str(caught.value.issues[0])


def test_duplicate_company_id_is_an_issue(geocoder: DictGeocoder) -> None:
    companies = edited("companies.csv", {(3, "company_id"): "c01"})
    issues = _issues(geocoder, companies=companies, places=example("places.csv"))
    assert (issues[0].file, issues[0].row, issues[0].column) == ("companies.csv", 3, "company_id")
    assert "staat al in rij 2" in issues[0].reason
    # the place at the company that is now gone is named too
    assert [(i.file, i.row) for i in issues[1:]] == [("places.csv", 3)]


@pytest.mark.parametrize(
    ("low", "high", "low_value", "high_value"),
    [("niveau_min", "niveau_max", "4", "2"), ("hours_min", "hours_max", "30", "20")],
)
def test_minimum_above_maximum_is_an_issue(
    geocoder: DictGeocoder, low: str, high: str, low_value: str, high_value: str
) -> None:
    places = edited("places.csv", {(2, low): low_value, (2, high): high_value})
    issues = _issues(geocoder, places=places)
    assert [(i.row, i.column) for i in issues] == [(2, high)]
    assert low in issues[0].reason


@pytest.mark.parametrize(
    "column", ["student_id", "birth_date", "crebo", "niveau", "leerweg", "hours_per_week"]
)
def test_missing_required_column_is_one_issue(geocoder: DictGeocoder, column: str) -> None:
    issues = _issues(geocoder, students=without_column("students.csv", column))
    assert [(i.file, i.row, i.column) for i in issues] == [("students.csv", None, column)]


def test_two_missing_columns_give_two_issues(geocoder: DictGeocoder) -> None:
    companies = without_column("companies.csv", "name")
    rows = companies.content.decode().splitlines()
    drop = rows[0].split(",").index("guidance_hours_per_week")
    text = "\n".join(",".join(c for i, c in enumerate(r.split(",")) if i != drop) for r in rows)
    issues = _issues(geocoder, companies=Source("companies.csv", text.encode()))
    assert {i.column for i in issues} == {"name", "guidance_hours_per_week"}
    assert all(i.row is None for i in issues)


def test_missing_location_columns_is_an_issue(geocoder: DictGeocoder) -> None:
    text = "company_id,name,guidance_hours_per_week\nc01,Garage,4\n"
    issues = _issues(geocoder, companies=Source("companies.csv", text.encode()), places=None)
    assert [(i.row, i.column) for i in issues] == [(None, "postcode")]


def test_optional_columns_may_be_left_out(geocoder: DictGeocoder) -> None:
    text = "company_id,name,guidance_hours_per_week,postcode\nc01,Garage,4,3811 AB\n"
    result = read_population(companies=Source("companies.csv", text.encode()), geocoder=geocoder)
    (company,) = result.population.companies
    assert company.sbb_recognized
    assert company.social_openness == 1
    assert company.location.lat == pytest.approx(52.1561)


def test_postcode_is_resolved_with_the_geocoder(geocoder: DictGeocoder) -> None:
    students = edited("students.csv", {(2, "lat"): "", (2, "lon"): "", (2, "postcode"): "3811 ab"})
    (first, *_) = _read(geocoder, students=students).population.students
    assert (first.location.lat, first.location.lon) == (52.1561, 5.3878)
    assert "3811AB" in geocoder.calls


def test_lat_lon_win_over_postcode(geocoder: DictGeocoder) -> None:
    students = edited("students.csv", {(2, "postcode"): "8011"})
    (first, *_) = _read(geocoder, students=students).population.students
    assert (first.location.lat, first.location.lon) == (52.1561, 5.3878)


def test_each_postcode_is_looked_up_once(geocoder: DictGeocoder) -> None:
    changes = {(r, c): "" for r in range(2, 7) for c in ("lat", "lon")}
    changes |= {(r, "postcode"): "8011" for r in range(2, 7)}
    _read(geocoder, students=edited("students.csv", changes))
    assert geocoder.calls == ["8011"]


@pytest.mark.parametrize(
    ("changes", "column", "words"),
    [
        (
            {(2, "lat"): "", (2, "lon"): "", (2, "postcode"): "9999 ZZ"},
            "postcode",
            "onbekende postcode",
        ),
        ({(2, "lat"): "", (2, "lon"): "", (2, "postcode"): "12345"}, "postcode", "1234 AB"),
        ({(2, "lat"): "", (2, "lon"): ""}, "postcode", "vul een postcode in"),
        ({(2, "lon"): ""}, "lon", "allebei"),
        ({(2, "lat"): "5.3878", (2, "lon"): "52.1561"}, "lat", "omgewisseld"),
    ],
)
def test_location_problems(
    geocoder: DictGeocoder, changes: dict[tuple[int, str], str], column: str, words: str
) -> None:
    issues = _issues(geocoder, students=edited("students.csv", changes))
    assert [(i.file, i.row, i.column) for i in issues] == [("students.csv", 2, column)]
    assert words in issues[0].reason


def test_place_may_have_its_own_location(geocoder: DictGeocoder) -> None:
    places = edited("places.csv", {(2, "postcode"): "8011"})
    place = _read(geocoder, places=places).population.places[0]
    assert place.location is not None
    assert place.location.lat == 52.51


def test_place_of_a_known_company_is_fine(geocoder: DictGeocoder) -> None:
    result = read_population(
        places=example("places.csv"),
        geocoder=geocoder,
        known_company_ids=frozenset({"c01", "c02", "c03", "c04"}),
    )
    assert len(result.population.places) == 4


def test_place_without_companies_anywhere_is_an_issue(geocoder: DictGeocoder) -> None:
    with pytest.raises(InvalidInputError) as caught:
        read_population(places=example("places.csv"), geocoder=geocoder)
    assert {(i.row, i.column) for i in caught.value.issues} == {
        (r, "company_id") for r in range(2, 6)
    }


def test_unknown_preference_is_a_warning_not_an_error(geocoder: DictGeocoder) -> None:
    students = edited("students.csv", {(4, "preferences"): "p004;p999"})
    result = _read(geocoder, students=students)
    assert [(w.file, w.row, w.column, w.value) for w in result.warnings] == [
        ("students.csv", 4, "preferences", "p999")
    ]
    assert result.population.students[2].preferences == ("p004", "p999")


def test_decimal_comma_and_any_case_are_accepted(geocoder: DictGeocoder) -> None:
    students = edited(
        "students.csv",
        {(2, "guidance_hours_per_week"): "1,5", (2, "travel_mode"): "Fiets", (2, "priority"): "JA"},
    )
    first = _read(geocoder, students=students).population.students[0]
    assert first.guidance_hours_per_week == 1.5
    assert first.priority is True


def test_extra_columns_are_ignored(geocoder: DictGeocoder) -> None:
    students = edited("students.csv", {(2, "mentor"): "mevr. Jansen", (3, "opmerking"): "x"})
    assert len(_read(geocoder, students=students).population.students) == 5


def test_sector_extension_column_is_read(geocoder: DictGeocoder) -> None:
    companies = edited("companies.csv", {(3, "sector"): "zorg"})
    companies_read = _read(geocoder, companies=companies).population.companies
    assert [c.sector for c in companies_read] == ["", "zorg", "", ""]


def test_support_experience_extension_column_is_optional_read_and_checked(
    geocoder: DictGeocoder,
) -> None:
    plain = _read(geocoder).population.companies  # the contract's files: no such column
    assert [c.support_experience for c in plain] == [None, None, None, None]  # scores as today
    companies = edited("companies.csv", {(3, "support_experience"): "2"})
    read = _read(geocoder, companies=companies).population.companies
    assert [c.support_experience for c in read] == [None, 2, None, None]
    assert [c.social_openness for c in read] == [c.social_openness for c in plain]  # apart
    bad = edited("companies.csv", {(2, "support_experience"): "3"})
    issues = _issues(geocoder, companies=bad)
    assert [(i.file, i.row, i.column) for i in issues] == [
        ("companies.csv", 2, "support_experience")
    ]


def test_school_hours_extension_column_is_read_and_checked(geocoder: DictGeocoder) -> None:
    students = edited("students.csv", {(3, "school_hours_per_week"): "7,5"})
    read = _read(geocoder, students=students).population.students
    assert [s.school_hours_per_week for s in read] == [0.0, 7.5, 0.0, 0.0, 0.0]
    bad = edited("students.csv", {(2, "school_hours_per_week"): "-1"})
    issues = _issues(geocoder, students=bad)
    assert [(i.file, i.row, i.column) for i in issues] == [
        ("students.csv", 2, "school_hours_per_week")
    ]


def test_outcome_problems_are_issues(geocoder: DictGeocoder) -> None:
    outcomes = Source(
        "outcomes.csv",
        b"student_id,place_id,outcome\ns003,p004,goed\ns999,p004,succesvol\ns004,p777,afgebroken\n",
    )
    with pytest.raises(InvalidInputError) as caught:
        read_history(
            outcomes,
            example("history/students.csv"),
            example("history/companies.csv"),
            example("history/places.csv"),
            geocoder=geocoder,
        )
    found = [(i.file, i.row, i.column) for i in caught.value.issues]
    assert found == [
        ("outcomes.csv", 2, "outcome"),
        ("outcomes.csv", 3, "student_id"),
        ("outcomes.csv", 4, "place_id"),
    ]
    assert "kies uit: succesvol, niet_succesvol, afgebroken" in caught.value.issues[0].reason
