"""birth_date as the contract writes it (2006-10-25) and as Dutch Excel does (25-10-2006)."""

from __future__ import annotations

import io
from datetime import date, datetime

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from adapters.tabular import Source, read_population
from adapters.tabular.values import BadValueError, parse_date
from matcher.errors import InvalidInputError
from tests.adapters.tabular.conftest import DictGeocoder, edited, example, example_text, table

DATES = st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("25-10-2006", date(2006, 10, 25)),
        ("5-3-2006", date(2006, 3, 5)),
        ("05-03-2006", date(2006, 3, 5)),
        ("29-02-2008", date(2008, 2, 29)),
        ("2006-10-25", date(2006, 10, 25)),
        ("2006-3-5", date(2006, 3, 5)),
    ],
)
def test_dutch_and_iso_dates_are_read_day_first_or_year_first(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("31-02-2006", "bestaat niet"),
        ("29-02-2007", "bestaat niet"),
        ("2006-02-31", "bestaat niet"),
        ("10-25-2006", "bestaat niet"),  # month-day (American) has no 25th month
        ("00-10-2006", "bestaat niet"),
        ("25-10-06", "jaar voluit"),
        ("5-3-06", "jaar voluit"),
        ("25/10/2006", "14-03-2008"),
        ("25.10.2006", "14-03-2008"),
        ("25-10-20066", "14-03-2008"),
        ("2006", "14-03-2008"),
    ],
)
def test_impossible_or_ambiguous_dates_are_refused_in_dutch(text: str, words: str) -> None:
    with pytest.raises(BadValueError) as caught:
        parse_date(text)
    assert words in str(caught.value)


@given(DATES)
def test_every_date_reads_back_from_each_accepted_form(when: date) -> None:
    forms = (
        when.isoformat(),
        f"{when.day:02d}-{when.month:02d}-{when.year}",
        f"{when.day}-{when.month}-{when.year}",
    )
    assert [parse_date(form) for form in forms] == [when, when, when]


@given(DATES)
def test_a_two_digit_year_is_never_guessed(when: date) -> None:
    with pytest.raises(BadValueError):
        parse_date(f"{when.day}-{when.month}-{when.year % 100:02d}")


def _read(students: Source, geocoder: DictGeocoder) -> list[date]:
    result = read_population(
        students=students,
        companies=example("companies.csv"),
        places=example("places.csv"),
        geocoder=geocoder,
    )
    return [s.birth_date for s in result.population.students]


def test_students_file_with_dutch_dates_is_read(geocoder: DictGeocoder) -> None:
    students = edited(
        "students.csv", {(2, "birth_date"): "25-10-2006", (3, "birth_date"): "5-3-2006"}
    )
    assert _read(students, geocoder)[:2] == [date(2006, 10, 25), date(2006, 3, 5)]


def test_an_impossible_dutch_date_is_one_issue_on_its_cell(geocoder: DictGeocoder) -> None:
    students = edited("students.csv", {(2, "birth_date"): "31-02-2006"})
    with pytest.raises(InvalidInputError) as caught:
        _read(students, geocoder)
    assert [(i.row, i.column, i.value) for i in caught.value.issues] == [
        (2, "birth_date", "31-02-2006")
    ]
    assert "bestaat niet" in caught.value.issues[0].reason


def test_xlsx_date_cells_and_dutch_date_text_are_read(geocoder: DictGeocoder) -> None:
    rows = table(example_text("students.csv"))
    column = rows[0].index("birth_date")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(rows[0])
    cells: list[object] = [datetime(2006, 10, 25), "5-3-2006", date(2007, 1, 2)]  # 3 rows
    for row, value in zip(rows[1:], cells, strict=False):
        sheet.append([value if i == column else text for i, text in enumerate(row)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    born = _read(Source("students.xlsx", buffer.getvalue()), geocoder)
    assert born == [date(2006, 10, 25), date(2006, 3, 5), date(2007, 1, 2)]
