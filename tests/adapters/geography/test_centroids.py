"""A school's own centroid file: good files load, bad files report every problem."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from adapters.geography.centroids import read_centroid_file
from matcher.domain import GeoPoint, Precision
from matcher.errors import InvalidInputError

WriteFile = Callable[[str, str | bytes], Path]


def test_comma_file_with_pc6_and_pc4(write_file: WriteFile) -> None:
    path = write_file(
        "centroids.csv", "postcode,lat,lon\n3811 AB,52.156,5.387\n8011,52.512,6.094\n"
    )
    assert read_centroid_file(path) == {
        "3811AB": GeoPoint(52.156, 5.387, Precision.PC6),
        "8011": GeoPoint(52.512, 6.094, Precision.PC4),
    }


def test_semicolon_file_with_bom_and_decimal_commas(write_file: WriteFile) -> None:
    text = "\ufeffPostcode;Lat;Lon;Opmerking\n3811ab;52,156;5,387;centrum\n\n;;;\n"
    path = write_file("centroids.csv", text.encode("utf-8"))
    assert read_centroid_file(path) == {"3811AB": GeoPoint(52.156, 5.387, Precision.PC6)}


def test_three_bad_values_are_all_reported_with_row_and_column(write_file: WriteFile) -> None:
    path = write_file(
        "centroids.csv",
        "postcode,lat,lon\n"
        "3811AB,52.15,5.38\n"  # row 2: fine
        "38110,52.15,5.38\n"  # row 3: bad postcode
        "8011,noord,6.09\n"  # row 4: lat not a number
        "3011,51.92,44.5\n",  # row 5: lon outside the Netherlands
    )
    with pytest.raises(InvalidInputError) as caught:
        read_centroid_file(path)
    issues = caught.value.issues
    assert [(i.row, i.column) for i in issues] == [(3, "postcode"), (4, "lat"), (5, "lon")]
    assert {i.file for i in issues} == {"centroids.csv"}
    assert [i.value for i in issues] == ["38110", "noord", "44.5"]
    assert all(i.reason for i in issues)
    assert "Nederland" in issues[2].reason


def test_duplicate_postcode_points_to_the_first_row(write_file: WriteFile) -> None:
    path = write_file("centroids.csv", "postcode,lat,lon\n3811AB,52.15,5.38\n3811 ab,52.16,5.39\n")
    with pytest.raises(InvalidInputError) as caught:
        read_centroid_file(path)
    (issue,) = caught.value.issues
    assert (issue.row, issue.column) == (3, "postcode")
    assert "rij 2" in issue.reason


def test_missing_column_is_reported_on_the_header_row(write_file: WriteFile) -> None:
    path = write_file("centroids.csv", "postcode,lat\n3811AB,52.15\n")
    with pytest.raises(InvalidInputError) as caught:
        read_centroid_file(path)
    assert [(i.row, i.column) for i in caught.value.issues] == [(1, "lon")]


def test_short_row_reports_the_empty_cells(write_file: WriteFile) -> None:
    path = write_file("centroids.csv", "postcode,lat,lon\n3811AB\n")
    with pytest.raises(InvalidInputError) as caught:
        read_centroid_file(path)
    assert [(i.row, i.column) for i in caught.value.issues] == [(2, "lat"), (2, "lon")]


@pytest.mark.parametrize("value", ["nan", "inf", "", "52.1.5"])
def test_values_that_are_not_usable_numbers(write_file: WriteFile, value: str) -> None:
    path = write_file("centroids.csv", f"postcode,lat,lon\n3811AB,{value},5.38\n")
    with pytest.raises(InvalidInputError) as caught:
        read_centroid_file(path)
    assert [(i.row, i.column) for i in caught.value.issues] == [(2, "lat")]


def test_file_that_is_not_utf8(write_file: WriteFile) -> None:
    path = write_file(
        "centroids.csv", "postcode,lat,lon\n3811AB,52.15,5.38 café\n".encode("cp1252")
    )
    with pytest.raises(InvalidInputError) as caught:
        read_centroid_file(path)
    assert caught.value.issues[0].file == "centroids.csv"
    assert "UTF-8" in caught.value.issues[0].reason


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError) as caught:
        read_centroid_file(tmp_path / "weg.csv")
    assert caught.value.issues[0].file == "weg.csv"


def test_empty_file_reports_all_columns(write_file: WriteFile) -> None:
    path = write_file("centroids.csv", "")
    with pytest.raises(InvalidInputError) as caught:
        read_centroid_file(path)
    assert [i.column for i in caught.value.issues] == ["postcode", "lat", "lon"]
