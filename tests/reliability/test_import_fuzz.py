"""Property tests of the importers with the malformed files schools really send.

Each test draws many variants: any encoding, BOM, delimiter and line ending (CSV) or typed
cells (XLSX) must read exactly like the clean file; any set of missing columns, huge cells,
formula-like text, duplicated ids or impossible dates is reported at its file, row and column,
in Dutch, and nothing is returned (all or nothing).
"""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adapters.tabular import Source, read_population
from adapters.tabular.schema import COMPANY_COLUMNS, PLACE_COLUMNS, STUDENT_COLUMNS
from adapters.tabular.sources import MAX_CELL_CHARS
from adapters.tabular.writers import write_population
from matcher.errors import InvalidInputError, Issue
from tests.factories import example_population
from tests.paths import EXAMPLES

KINDS = ("students", "companies", "places")
SPECS = {"students": STUDENT_COLUMNS, "companies": COMPANY_COLUMNS, "places": PLACE_COLUMNS}
ID_COLUMN = {"students": "student_id", "companies": "company_id", "places": "place_id"}
TEXT_COLUMNS = {"students": ("student_id", "name"), "companies": ("company_id", "name")}
PROPERTY = settings(
    max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)


class NoGeocoder:
    """The examples carry lat/lon; any postcode lookup is a test bug."""

    def locate(self, postcode: str) -> None:
        raise AssertionError(postcode)


def rows(kind: str) -> list[list[str]]:
    text = (EXAMPLES / f"{kind}.csv").read_text(encoding="utf-8")
    return list(csv.reader(io.StringIO(text)))


def csv_bytes(
    table: list[list[str]], *, delimiter: str = ",", newline: str = "\n", encoding: str = "utf-8"
) -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator=newline).writerows(table)
    return out.getvalue().encode(encoding)


def read(**tables: list[list[str]]) -> object:
    sources = {k: Source(f"{k}.csv", csv_bytes(t)) for k, t in tables.items()}
    return read_population(**sources, geocoder=NoGeocoder()).population


def issues_of(**sources: Source) -> list[Issue]:
    with pytest.raises(InvalidInputError) as caught:
        read_population(**sources, geocoder=NoGeocoder())
    assert caught.value.message.startswith("In de bestanden")
    assert "nog niets ingelezen" in caught.value.message
    return list(caught.value.issues)


CLEAN = read(**{k: rows(k) for k in KINDS})


@PROPERTY
@given(
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]),
    delimiter=st.sampled_from([",", ";", "\t"]),
    newline=st.sampled_from(["\n", "\r\n"]),
    blank_lines=st.integers(0, 3),
)
def test_any_encoding_bom_delimiter_and_line_ending_reads_the_same(
    encoding: str, delimiter: str, newline: str, blank_lines: int
) -> None:
    sources = {}
    for kind in KINDS:
        table = rows(kind) + [[]] * blank_lines  # Excel leaves empty lines at the end
        content = csv_bytes(table, delimiter=delimiter, newline=newline, encoding=encoding)
        sources[kind] = Source(f"{kind}.csv", content)
    assert read_population(**sources, geocoder=NoGeocoder()).population == CLEAN


@PROPERTY
@given(typed=st.booleans(), seed=st.integers(0, 2**16))
def test_xlsx_with_numbers_as_numbers_or_as_text_reads_the_same(typed: bool, seed: int) -> None:
    sources = {}
    for i, kind in enumerate(KINDS):
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        for r, row in enumerate(rows(kind)):
            cells: list[object] = []
            for c, text in enumerate(row):
                number = _number(text) if r and typed and (seed >> ((c + i) % 16)) & 1 else None
                cells.append(number if number is not None else (text or None))
            sheet.append(cells)
        buffer = io.BytesIO()
        workbook.save(buffer)
        sources[kind] = Source(f"{kind}.xlsx", buffer.getvalue())
    assert read_population(**sources, geocoder=NoGeocoder()).population == CLEAN


def _number(text: str) -> float | int | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return int(value) if value.is_integer() and "." not in text else value


@st.composite
def missing_columns(draw: st.DrawFn) -> tuple[str, set[str]]:
    kind = draw(st.sampled_from(KINDS))
    required = sorted(s.name for s in SPECS[kind] if s.required)
    return kind, draw(st.sets(st.sampled_from(required), min_size=1))


@PROPERTY
@given(drawn=missing_columns())
def test_every_missing_required_column_is_named(drawn: tuple[str, set[str]]) -> None:
    kind, gone = drawn
    table = rows(kind)
    keep = [i for i, name in enumerate(table[0]) if name not in gone]
    content = csv_bytes([[row[i] for i in keep] for row in table])
    issues = issues_of(**{kind: Source(f"{kind}.csv", content)})
    header_issues = {i.column for i in issues if i.row is None}
    assert gone <= header_issues
    assert all(
        i.file == f"{kind}.csv" and "ontbreekt" in i.reason for i in issues if i.column in gone
    )


@PROPERTY
@given(
    kind=st.sampled_from(KINDS),
    row=st.integers(1, 3),
    column=st.integers(0, 12),
    size=st.sampled_from([MAX_CELL_CHARS + 1, 50_000, 200_000]),
)
def test_a_huge_cell_is_reported_not_stored(kind: str, row: int, column: int, size: int) -> None:
    table = rows(kind)
    row = min(row, len(table) - 1)
    table[row][column] = "x" * size
    issues = issues_of(**{kind: Source(f"{kind}.csv", csv_bytes(table))})
    if size > csv.field_size_limit():  # the CSV reader itself stops: one issue for the file
        assert [(i.row, i.column) for i in issues] == [(None, None)]
        assert "tekens" in issues[0].reason
    else:
        assert (row + 1, table[0][column]) in {(i.row, i.column) for i in issues}
        assert any("te lang" in i.reason for i in issues)


@PROPERTY
@given(
    kind=st.sampled_from(["students", "companies"]),
    row=st.integers(1, 3),
    start=st.sampled_from(["=", "+", "-", "@"]),
    rest=st.sampled_from(["cmd|' /C calc'!A0", 'HYPERLINK("http://x.invalid")', "1+1", "SUM(A)"]),
    which=st.integers(0, 1),
)
def test_formula_like_text_is_refused_at_its_cell(
    kind: str, row: int, start: str, rest: str, which: int
) -> None:
    table = rows(kind)
    row = min(row, len(table) - 1)
    column = TEXT_COLUMNS[kind][which]
    table[row][table[0].index(column)] = start + rest
    issues = issues_of(**{kind: Source(f"{kind}.csv", csv_bytes(table))})
    found = [i for i in issues if (i.row, i.column) == (row + 1, column)]
    assert found
    assert "formule" in found[0].reason


def test_text_starting_with_equals_is_written_to_xlsx_as_text(tmp_path: Path) -> None:
    from dataclasses import replace

    population = example_population()
    company = replace(population.companies[0], name='=HYPERLINK("http://x.invalid")')
    population = replace(population, companies=(company, *population.companies[1:]))
    write_population(tmp_path, population, fmt="xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "companies.xlsx").active
    name_column = [c.value for c in sheet[1]].index("name") + 1
    cell = sheet.cell(row=2, column=name_column)
    assert cell.data_type == "s"
    assert cell.value == company.name


@PROPERTY
@given(kind=st.sampled_from(KINDS), data=st.data())
def test_every_duplicated_id_is_reported_at_its_row(kind: str, data: st.DataObject) -> None:
    table = rows(kind)
    body = table[1:]
    copies = data.draw(st.lists(st.sampled_from(range(len(body))), min_size=1, max_size=4))
    extended = table + [body[i] for i in copies]
    issues = issues_of(**{kind: Source(f"{kind}.csv", csv_bytes(extended))})
    id_column = ID_COLUMN[kind]
    expected = {len(table) + 1 + n for n in range(len(copies))}  # spreadsheet rows of copies
    reported = {i.row for i in issues if i.column == id_column and "één keer" in i.reason}
    assert reported == expected


@st.composite
def impossible_dates(draw: st.DrawFn) -> str:
    year = draw(st.integers(1990, 2012))
    month = draw(st.integers(1, 12))
    day = draw(st.integers(29, 31))
    try:
        date(year, month, day)
    except ValueError:
        return f"{year}-{month:02d}-{day:02d}"
    text = draw(
        st.sampled_from(
            [
                f"{year}-13-01",
                f"{year}-00-10",
                f"{year}-{month:02d}-00",
                f"{day}-{month:02d}-{year % 100:02d}",  # a two-digit year is never guessed
                f"{year}/{month:02d}/{day:02d}",
            ]
        )
    )
    return text


@PROPERTY
@given(when=impossible_dates(), row=st.integers(1, 5))
def test_an_impossible_or_dutch_written_date_is_reported(when: str, row: int) -> None:
    table = rows("students")
    row = min(row, len(table) - 1)
    table[row][table[0].index("birth_date")] = when
    issues = issues_of(students=Source("students.csv", csv_bytes(table)))
    assert [(i.row, i.column) for i in issues] == [(row + 1, "birth_date")]
    assert "datum" in issues[0].reason
    assert issues[0].value == when
