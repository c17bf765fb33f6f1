"""Break any set of cells of a valid file: every broken cell is reported, at its row and column."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.tabular import Source, read_population
from matcher.errors import InvalidInputError
from tests.adapters.tabular.conftest import DictGeocoder, example_text

BAD_VALUES = {  # column -> a value that can never be valid there
    "birth_date": "2008-02-31",
    "crebo": "12",
    "niveau": "7",
    "leerweg": "avond",
    "hours_per_week": "veel",
    "max_hours_per_day": "-1",
    "days_available": "xx",
    "travel_mode": "raket",
    "max_travel_minutes": "-5",
    "physical_capacity": "9",
    "mental_capacity": "0",
    "stimulus_sensitivity": "5",
    "social_support_need": "-1",
    "guidance_hours_per_week": "-2",
    "needs_wheelchair_access": "misschien",
    "needs_quiet_workspace": "2",
    "support_areas": "ziekte",
    "has_vog": "soms",
    "priority": "hoog",
    "lat": "91",
}
ROWS = csv.reader(io.StringIO(example_text("students.csv")))
HEADER, *BODY = list(ROWS)
CELLS = [(r, c) for r in range(len(BODY)) for c in BAD_VALUES]


def _csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([HEADER, *rows])
    return out.getvalue().encode("utf-8")


@settings(max_examples=150, deadline=None)
@given(broken=st.sets(st.sampled_from(CELLS), min_size=1, max_size=12))
def test_every_broken_cell_is_reported_and_nothing_is_returned(
    broken: set[tuple[int, str]],
) -> None:
    rows = [list(r) for r in BODY]
    for r, column in broken:
        rows[r][HEADER.index(column)] = BAD_VALUES[column]
    with pytest.raises(InvalidInputError) as caught:
        read_population(students=Source("students.csv", _csv(rows)), geocoder=DictGeocoder())
    reported = {(i.row, i.column) for i in caught.value.issues}
    expected = {(r + 2, column) for r, column in broken}  # header is spreadsheet row 1
    assert expected <= reported
    assert all(i.file == "students.csv" and i.reason for i in caught.value.issues)
