"""Shared helpers for the tabular adapter tests: a dict geocoder and CSV editing."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from adapters.tabular import Source
from matcher.domain import GeoPoint, Precision
from tests.paths import EXAMPLES


class DictGeocoder:
    """Fake geocoder: a dict from normalised postcode to point; counts calls."""

    def __init__(self, table: dict[str, GeoPoint] | None = None) -> None:
        self.table = table or {}
        self.calls: list[str] = []

    def locate(self, postcode: str) -> GeoPoint | None:
        """The point for the postcode, or None."""
        self.calls.append(postcode)
        return self.table.get(postcode)


@pytest.fixture
def geocoder() -> DictGeocoder:
    """Knows 3811AB (Amersfoort, PC6) and 8011 (Zwolle, PC4)."""
    return DictGeocoder(
        {
            "3811AB": GeoPoint(52.1561, 5.3878, Precision.PC6),
            "8011": GeoPoint(52.5100, 6.0900, Precision.PC4),
        }
    )


def example_text(name: str) -> str:
    """The text of one shared example file, e.g. 'students.csv' or 'history/outcomes.csv'."""
    return (EXAMPLES / name).read_text(encoding="utf-8")


def example(name: str) -> Source:
    """A shared example file as a Source named after the file."""
    return Source(Path(name).name, (EXAMPLES / name).read_bytes())


def table(text: str) -> list[list[str]]:
    """CSV text as a list of rows."""
    return list(csv.reader(io.StringIO(text)))


def to_text(rows: list[list[str]], delimiter: str = ",") -> str:
    """Rows back to CSV text."""
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\n").writerows(rows)
    return out.getvalue()


def edited(name: str, changes: dict[tuple[int, str], str]) -> Source:
    """An example file with cells changed; keys are (spreadsheet row, column name)."""
    rows = table(example_text(name))
    header = rows[0]
    for (row, column), value in changes.items():
        if column not in header:
            header.append(column)
            for r in rows[1:]:
                r.append("")
        rows[row - 1][header.index(column)] = value
    return Source(Path(name).name, to_text(rows).encode("utf-8"))


def without_column(name: str, column: str) -> Source:
    """An example file with one column removed."""
    rows = table(example_text(name))
    index = rows[0].index(column)
    return Source(Path(name).name, to_text([r[:index] + r[index + 1 :] for r in rows]).encode())
