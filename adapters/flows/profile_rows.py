"""One JSON profile = one row of the contract: validated by the very reader the file import uses.

A create or update body is turned into a one-row CSV with the contract's column names and read
with ``read_population``, so every rule and every Dutch message is the same as for a file.
"""

from __future__ import annotations

import csv
import dataclasses
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from adapters.db.profile_queries import ProfileTable
from adapters.geography import Geocoder
from adapters.tabular import Source, read_population
from adapters.tabular.schema import (
    COMPANY_COLUMNS,
    LOCATION_COLUMNS,
    PLACE_COLUMNS,
    STUDENT_COLUMNS,
    ColumnSpec,
)
from adapters.tabular.writers import format_value
from matcher.domain import Company, GeoPoint, Place, Student
from matcher.errors import InvalidInputError, Issue

T = TypeVar("T", Student, Company, Place)


@dataclass(frozen=True, slots=True)
class ProfileKind(Generic[T]):
    """A contract file seen as one kind of profile: its file name, columns and id column."""

    file: str
    specs: Sequence[ColumnSpec]
    id_column: str
    label: str  # Dutch word for messages, e.g. "student"


STUDENT_KIND: ProfileKind[Student] = ProfileKind(
    "students", STUDENT_COLUMNS, "student_id", "student"
)
COMPANY_KIND: ProfileKind[Company] = ProfileKind(
    "companies", COMPANY_COLUMNS, "company_id", "bedrijf"
)
PLACE_KIND: ProfileKind[Place] = ProfileKind("places", PLACE_COLUMNS, "place_id", "plek")
_KINDS: dict[str, ProfileKind[Any]] = {
    kind.id_column: kind for kind in (STUDENT_KIND, COMPANY_KIND, PLACE_KIND)
}


def kind_of(table: ProfileTable[T]) -> ProfileKind[T]:
    """The contract file (columns, messages) of the profiles a table stores."""
    kind: ProfileKind[T] = _KINDS[table.id_column]
    return kind


def contract_row(item: Student | Company | Place, specs: Sequence[ColumnSpec]) -> dict[str, str]:
    """A stored profile back as contract text per column (location as lat/lon, no postcode)."""
    row: dict[str, str] = {}
    location: GeoPoint | None = getattr(item, "location", None)
    for spec in specs:
        if spec.name == "postcode":
            row[spec.name] = ""
        elif spec.name in ("lat", "lon"):
            row[spec.name] = "" if location is None else repr(getattr(location, spec.name))
        else:
            row[spec.name] = format_value(getattr(item, spec.name))
    return row


def as_cells(body: Mapping[str, Any]) -> dict[str, str]:
    """A JSON body's values as contract cell text (lists joined with ';', booleans as 1/0)."""
    return {name: format_value(value) for name, value in body.items()}


def validate_row(
    kind: ProfileKind[T],
    cells: Mapping[str, str],
    *,
    geocoder: Geocoder,
    known_company_ids: frozenset[str] = frozenset(),
) -> T:
    """Validate one row exactly as the file import does; InvalidInputError names each field."""
    source = _one_row_csv(kind.file, cells)
    try:
        result = read_population(
            **{kind.file: source}, geocoder=geocoder, known_company_ids=known_company_ids
        )
    except InvalidInputError as error:
        raise _as_json_error(kind, error.issues) from None
    items: tuple[T, ...] = getattr(result.population, kind.file)
    return items[0]


def merge_update(
    kind: ProfileKind[T],
    current: T,
    changes: Mapping[str, Any],
    *,
    geocoder: Geocoder,
    known_company_ids: frozenset[str] = frozenset(),
) -> T:
    """``current`` with ``changes`` applied (PATCH), re-validated as a whole row."""
    cells = contract_row(current, kind.specs)
    moved = not LOCATION_COLUMNS_SET.isdisjoint(changes)
    if moved:
        cells.update(dict.fromkeys(LOCATION_COLUMNS, ""))
    cells.update(as_cells(changes))
    updated = validate_row(kind, cells, geocoder=geocoder, known_company_ids=known_company_ids)
    if not moved:  # keep the stored precision (a postcode centroid stays a centroid)
        updated = dataclasses.replace(updated, location=current.location)
    return updated


LOCATION_COLUMNS_SET = frozenset(LOCATION_COLUMNS)


def _one_row_csv(file: str, cells: Mapping[str, str]) -> Source:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(list(cells))
    writer.writerow(list(cells.values()))
    return Source(f"{file}.csv", buffer.getvalue().encode("utf-8"))


def _as_json_error(kind: ProfileKind[Any], issues: Sequence[Issue]) -> InvalidInputError:
    """The file reader's issues, re-addressed to the JSON body (no file row)."""
    moved = [Issue(kind.file, None, i.column, i.reason, i.value) for i in issues]
    fields = ", ".join(dict.fromkeys(i.column for i in moved if i.column)) or kind.file
    count = len(moved)
    what = "1 punt" if count == 1 else f"{count} punten"
    this = "dit" if kind.label == "bedrijf" else "deze"  # het bedrijf; de student, de plek
    reasons = "; ".join(f"{i.column}: {i.reason}" for i in moved[:3] if i.column and i.reason)
    return InvalidInputError(
        f"Bij {this} {kind.label} {'is' if count == 1 else 'zijn'} nog {what} om aan te passen "
        f"({reasons or fields}). Er is niets opgeslagen.",
        issues=moved,
    )
