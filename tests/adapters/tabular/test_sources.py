"""File formats: CSV encodings and delimiters, XLSX cells, empty and unreadable files."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from adapters.tabular import Source, read_population, read_population_dir
from matcher.domain import Student
from matcher.errors import InvalidInputError, Issue
from tests.adapters.tabular.conftest import (
    DictGeocoder,
    example,
    example_text,
    table,
    to_text,
)
from tests.matcher.examples import COMPANIES, POPULATION, STUDENTS

NUMERIC = {"niveau", "hours_per_week", "lat", "lon", "guidance_hours_per_week", "capacity"}


def _students(source: Source, geocoder: DictGeocoder) -> tuple[Student, ...]:
    return read_population(students=source, geocoder=geocoder).population.students


def _issues(geocoder: DictGeocoder, **sources: Source) -> tuple[Issue, ...]:
    with pytest.raises(InvalidInputError) as caught:
        read_population(geocoder=geocoder, **sources)  # type: ignore[arg-type]
    return caught.value.issues


def test_semicolon_separated_csv_is_read(geocoder: DictGeocoder) -> None:
    text = to_text(table(example_text("students.csv")), delimiter=";")
    assert '"ma;di"' in text  # lists are quoted, as Dutch Excel does
    assert _students(Source("students.csv", text.encode()), geocoder) == STUDENTS


def test_utf8_bom_is_removed(geocoder: DictGeocoder) -> None:
    source = Source("students.csv", b"\xef\xbb\xbf" + example("students.csv").content)
    assert _students(source, geocoder) == STUDENTS


def test_cp1252_file_from_excel_is_read(geocoder: DictGeocoder) -> None:
    text = example_text("companies.csv").replace("Garage De Eem", "Garage Café Eé €")
    source = Source("companies.csv", text.encode("cp1252"))
    companies = read_population(companies=source, geocoder=geocoder).population.companies
    assert companies[0].name == "Garage Café Eé €"


def test_excel_unicode_text_is_read(geocoder: DictGeocoder) -> None:
    text = to_text(table(example_text("students.csv")), delimiter="\t")
    assert _students(Source("students.txt", text.encode("utf-16")), geocoder) == STUDENTS


def test_binary_garbage_is_an_issue(geocoder: DictGeocoder) -> None:
    issues = _issues(geocoder, students=Source("students.csv", b"\x00\x01\x02garbage\x81\x8d"))
    assert [(i.file, i.row) for i in issues] == [("students.csv", None)]
    assert "geen leesbaar tekstbestand" in issues[0].reason


def test_old_xls_is_an_issue_asking_for_xlsx(geocoder: DictGeocoder) -> None:
    issues = _issues(geocoder, students=Source("students.xls", b"\xd0\xcf\x11\xe0" + b"\0" * 50))
    assert ".xlsx" in issues[0].reason


def test_damaged_xlsx_is_an_issue(geocoder: DictGeocoder) -> None:
    issues = _issues(geocoder, students=Source("students.xlsx", b"PK\x03\x04 not really a zip"))
    assert "kan niet worden geopend" in issues[0].reason


def test_xlsx_name_without_workbook_is_an_issue(geocoder: DictGeocoder) -> None:
    issues = _issues(geocoder, students=Source("students.xlsx", example("students.csv").content))
    assert "geen Excel-bestand" in issues[0].reason


def _workbook(rows: list[list[object]]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _typed(name: str) -> list[list[object]]:
    """An example file as sheet cells: numbers as floats, dates as datetimes, blanks as None."""
    rows = table(example_text(name))
    header, typed = rows[0], [list[object](rows[0])]
    for row in rows[1:]:
        cells: list[object] = []
        for column, text in zip(header, row, strict=True):
            if not text:
                cells.append(None)
            elif column == "birth_date":
                cells.append(datetime.fromisoformat(text))
            elif column in NUMERIC or column.startswith("needs_"):
                cells.append(float(text))  # Excel stores 16 as 16.0
            else:
                cells.append(text)
        typed.append(cells)
    return typed


def test_xlsx_with_typed_cells_gives_the_same_population(geocoder: DictGeocoder) -> None:
    sources = {
        kind: Source(f"{kind}.xlsx", _workbook(_typed(f"{kind}.csv")))
        for kind in ("students", "companies", "places")
    }
    result = read_population(
        students=sources["students"],
        companies=sources["companies"],
        places=sources["places"],
        geocoder=geocoder,
    )
    assert result.population == POPULATION


def test_xlsx_issue_uses_sheet_row_numbers(geocoder: DictGeocoder) -> None:
    rows = _typed("companies.csv")
    rows[2][rows[0].index("social_openness")] = 7
    rows.insert(2, [None] * len(rows[0]))  # an empty line in the sheet: c02 is now in row 4
    issues = _issues(geocoder, companies=Source("companies.xlsx", _workbook(rows)))
    assert [(i.file, i.row, i.column, i.value) for i in issues] == [
        ("companies.xlsx", 4, "social_openness", "7")
    ]


def test_xlsx_formula_without_value_is_an_issue(geocoder: DictGeocoder) -> None:
    rows = _typed("companies.csv")
    rows[1][rows[0].index("guidance_hours_per_week")] = "=2+2"  # openpyxl stores no result
    issues = _issues(geocoder, companies=Source("companies.xlsx", _workbook(rows)))
    assert [(i.row, i.column) for i in issues] == [(2, "guidance_hours_per_week")]
    assert "formule" in issues[0].reason


def test_format_is_detected_from_content_when_the_name_is_unclear(geocoder: DictGeocoder) -> None:
    workbook = Source("upload", _workbook(_typed("companies.csv")))
    companies = read_population(companies=workbook, geocoder=geocoder).population.companies
    assert companies == COMPANIES
    text = Source("upload", example("companies.csv").content)
    assert read_population(companies=text, geocoder=geocoder).population.companies == COMPANIES


def test_header_only_file_is_fine_next_to_a_file_with_rows(geocoder: DictGeocoder) -> None:
    places = Source("places.csv", example_text("places.csv").splitlines()[0].encode())
    result = read_population(companies=example("companies.csv"), places=places, geocoder=geocoder)
    assert result.population.places == ()
    assert len(result.population.companies) == 4


def test_empty_file_is_fine_next_to_a_file_with_rows(geocoder: DictGeocoder) -> None:
    result = read_population(
        companies=example("companies.csv"), places=Source("places.csv", b""), geocoder=geocoder
    )
    assert result.population.places == ()


@pytest.mark.parametrize("content", [b"", b"\n\n", b"header"])
def test_nothing_to_read_is_an_issue(geocoder: DictGeocoder, content: bytes) -> None:
    if content == b"header":
        content = example_text("students.csv").splitlines()[0].encode()
    issues = _issues(geocoder, students=Source("students.csv", content))
    assert [i.file for i in issues] == ["students.csv"]


def test_blank_lines_are_skipped_but_rows_keep_their_numbers(geocoder: DictGeocoder) -> None:
    lines = example_text("companies.csv").splitlines()
    lines.insert(2, ",,,,")
    lines[3] = lines[3].replace(",2,mobiliteit", ",9,mobiliteit")  # c02, now in row 4
    issues = _issues(geocoder, companies=Source("companies.csv", "\n".join(lines).encode()))
    assert [(i.row, i.column) for i in issues] == [(4, "social_openness")]


def test_header_names_are_matched_loosely(geocoder: DictGeocoder) -> None:
    lines = example_text("companies.csv").splitlines()
    lines[0] = ", ".join(c.upper() for c in lines[0].split(","))
    source = Source("companies.csv", "\n".join(lines).encode())
    assert read_population(companies=source, geocoder=geocoder).population.companies == COMPANIES


def test_folder_with_xlsx_files_is_read(tmp_path: Path, geocoder: DictGeocoder) -> None:
    for kind in ("students", "companies", "places"):
        (tmp_path / f"{kind}.xlsx").write_bytes(_workbook(_typed(f"{kind}.csv")))
    assert read_population_dir(tmp_path, geocoder=geocoder).population == POPULATION


def test_empty_folder_is_an_error(tmp_path: Path, geocoder: DictGeocoder) -> None:
    with pytest.raises(InvalidInputError):
        read_population_dir(tmp_path, geocoder=geocoder)
