"""Postcode normalising and the shipped offline PC4 table."""

from __future__ import annotations

import csv
from importlib.resources import files

import pytest
from geopy.distance import great_circle

from adapters.geography import postcodes
from adapters.geography.postcodes import PostcodeTable, normalize_postcode
from matcher.domain import GeoPoint, Precision


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1234", "1234"),
        ("1234AB", "1234AB"),
        ("1234 AB", "1234AB"),
        ("1234 ab", "1234AB"),
        ("1234aB", "1234AB"),
        ("  3811 ab  ", "3811AB"),
        ("\t8011\n", "8011"),
        ("1234  AB", "1234AB"),
        ("9999ZZ", "9999ZZ"),
        ("1000 AA", "1000AA"),
        ("1234 SB", "1234SB"),
        ("1234 AS", "1234AS"),
    ],
)
def test_normalize_accepts_dutch_postcodes(text: str, expected: str) -> None:
    assert normalize_postcode(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "0123",
        "0123 AB",
        "123",
        "12345",
        "1234 A",
        "1234 ABC",
        "1234-AB",
        "AB 1234",
        "1234 1B",
        "1234AB5",
        "1234 SA",
        "1234 sd",
        "1234SS",
        "１２３４ AB",  # full-width digits
        "1234 ÄB",
        "1234 ıB",  # dotless i upper-cases to I: still not A-Z input
        "12 34 AB",
    ],
)
def test_normalize_rejects_other_text(text: str) -> None:
    assert normalize_postcode(text) is None


@pytest.fixture(scope="module")
def table() -> PostcodeTable:
    return PostcodeTable.from_package()


@pytest.mark.parametrize(
    ("postcode", "town", "lat", "lon"),
    [
        ("3811", "Amersfoort", 52.155, 5.388),
        ("8011", "Zwolle", 52.512, 6.094),
        ("3011", "Rotterdam", 51.922, 4.479),
        ("1012", "Amsterdam", 52.373, 4.890),
        ("2511", "'s-Gravenhage", 52.078, 4.298),
        ("3511", "Utrecht", 52.091, 5.122),
        ("9711", "Groningen", 53.219, 6.567),
        ("6211", "Maastricht", 50.851, 5.691),
        ("5611", "Eindhoven", 51.441, 5.478),
    ],
)
def test_known_postcodes_resolve_near_their_town(
    table: PostcodeTable, postcode: str, town: str, lat: float, lon: float
) -> None:
    point = table.locate(postcode)
    assert point is not None
    assert great_circle((point.lat, point.lon), (lat, lon)).km < 3.0
    assert point.precision is Precision.PLACE
    assert table.place_name(postcode) == town


@pytest.mark.parametrize("pc6", ["3811AB", "3811 AB", "3811 ab", " 3811ab "])
def test_pc6_falls_back_to_its_pc4(table: PostcodeTable, pc6: str) -> None:
    assert table.locate(pc6) == table.locate("3811")
    assert table.place_name(pc6) == "Amersfoort"


@pytest.mark.parametrize("postcode", ["1000", "1000 AA", "12", "not a postcode", "1234 SS"])
def test_unknown_or_invalid_postcodes_give_none(table: PostcodeTable, postcode: str) -> None:
    assert table.locate(postcode) is None
    assert table.place_name(postcode) is None


def test_table_loads_and_answers_without_network(no_network: None) -> None:
    postcodes._package_table.cache_clear()
    try:
        fresh = PostcodeTable.from_package()
        assert fresh.locate("8011 AB") is not None
    finally:
        postcodes._package_table.cache_clear()


def test_package_table_is_loaded_once(table: PostcodeTable) -> None:
    assert PostcodeTable.from_package() is PostcodeTable.from_package()


def test_municipality_rows_get_municipality_precision() -> None:
    text = (
        "pc4,place,gemeente,province,lat,lon,precision\n"
        "5151,Drunen,Heusden,Noord-Brabant,51.73417,5.13889,municipality\n"
    )
    point = PostcodeTable.from_csv_text(text).locate("5151 AB")
    assert point == GeoPoint(51.73417, 5.13889, Precision.MUNICIPALITY)


def test_pc6_override_wins_with_pc6_precision(table: PostcodeTable) -> None:
    better = table.with_overrides({"3811 ab": GeoPoint(52.1560, 5.3870)})
    assert better.locate("3811AB") == GeoPoint(52.1560, 5.3870, Precision.PC6)
    assert better.locate("3811 AC") == table.locate("3811")  # other PC6: still the table
    assert table.locate("3811AB") == table.locate("3811")  # original table unchanged


def test_pc4_override_covers_its_pc6_codes(table: PostcodeTable) -> None:
    better = table.with_overrides({"1102": GeoPoint(52.31, 4.97)})
    assert better.locate("1102 AB") == GeoPoint(52.31, 4.97, Precision.PC4)
    assert better.locate("1012") == table.locate("1012")


def test_override_adds_a_postcode_the_table_lacks(table: PostcodeTable) -> None:
    better = table.with_overrides({"1000AA": GeoPoint(52.37, 4.89)})
    assert better.locate("1000 AA") == GeoPoint(52.37, 4.89, Precision.PC6)
    assert better.locate("1000 AB") is None


def test_override_with_a_bad_postcode_is_refused(table: PostcodeTable) -> None:
    with pytest.raises(ValueError, match="postcode"):
        table.with_overrides({"12": GeoPoint(52.0, 5.0)})


def _rows(name: str) -> list[dict[str, str]]:
    text = files("adapters").joinpath("data", name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def test_shipped_table_is_sorted_small_and_inside_the_netherlands() -> None:
    rows = _rows("postcodes_nl.csv")
    codes = [r["pc4"] for r in rows]
    assert len(rows) > 4000
    assert codes == sorted(set(codes))
    assert {r["precision"] for r in rows} == {"place", "municipality", "region"}
    assert {r["pc4"] for r in rows} >= {"4871", "6371"}  # Etten-Leur, Landgraaf: by neighbours
    assert all(50.7 <= float(r["lat"]) <= 53.7 and 3.2 <= float(r["lon"]) <= 7.3 for r in rows)
    size = files("adapters").joinpath("data", "postcodes_nl.csv").read_bytes()
    assert len(size) < 300_000


def test_towns_list_matches_the_postcode_table() -> None:
    by_code = {r["pc4"]: r for r in _rows("postcodes_nl.csv")}
    towns = _rows("towns_nl.csv")
    assert len(towns) > 300
    for town in towns:
        assert int(town["population"]) >= 5000
        codes = town["pc4s"].split(";")
        assert codes
        for code in codes:
            assert by_code[code]["place"] == town["town"]
            assert by_code[code]["precision"] == "place"
