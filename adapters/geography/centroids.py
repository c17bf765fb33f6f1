"""Read a school's own centroid file (postcode,lat,lon) that overrides the shipped table."""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path
from typing import NoReturn

from adapters.geography.postcodes import normalize_postcode, override_precision
from matcher.domain import GeoPoint
from matcher.errors import InvalidInputError, Issue

REQUIRED_COLUMNS = ("postcode", "lat", "lon")
# Generous bounding box around the Netherlands (WGS84 degrees).
LAT_RANGE = (50.7, 53.7)
LON_RANGE = (3.2, 7.3)


def read_centroid_file(path: Path) -> dict[str, GeoPoint]:
    """Centroids by normalised postcode; raises InvalidInputError listing every problem."""
    text = _read_text(path)
    delimiter = _delimiter(text)
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    header = [cell.strip().lower() for cell in rows[0]] if rows else []
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        reason = "De kolom '{}' ontbreekt. Zet postcode, lat en lon in de eerste rij."
        _raise(path, [Issue(path.name, 1, c, reason.format(c)) for c in missing])
    index = {c: header.index(c) for c in REQUIRED_COLUMNS}
    points: dict[str, GeoPoint] = {}
    first_row: dict[str, int] = {}
    issues: list[Issue] = []
    for number, cells in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        values = {c: cells[i].strip() if i < len(cells) else "" for c, i in index.items()}
        found, row_issues = _parse_row(path.name, number, values, delimiter, first_row)
        issues.extend(row_issues)
        if found is not None:
            points[found[0]] = found[1]
    if issues:
        _raise(path, issues)
    return points


def _read_text(path: Path) -> str:
    """File contents as text (UTF-8, with or without BOM)."""
    try:
        data = path.read_bytes()
    except OSError:
        reason = "Dit bestand is niet te openen. Kijk of de naam en de map kloppen."
        _raise(path, [Issue(path.name, None, None, reason)])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        reason = "Het bestand is geen UTF-8 tekst. Sla het op als 'CSV UTF-8' en probeer opnieuw."
        _raise(path, [Issue(path.name, None, None, reason)])


def _delimiter(text: str) -> str:
    """Semicolon when the header line uses it, else comma."""
    first_line = text.split("\n", 1)[0]
    return ";" if first_line.count(";") > first_line.count(",") else ","


def _number(value: str, delimiter: str) -> float | None:
    """A finite float, accepting a decimal comma in semicolon files; None when not a number."""
    if delimiter == ";":
        value = value.replace(",", ".")
    try:
        number = float(value)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _parse_row(
    file: str, row: int, values: dict[str, str], delimiter: str, first_row: dict[str, int]
) -> tuple[tuple[str, GeoPoint] | None, list[Issue]]:
    """(postcode, point) for a good data row, else None and every problem in it."""
    issues: list[Issue] = []
    raw = values["postcode"]
    key = normalize_postcode(raw)
    if key is None:
        reason = "Vul een Nederlandse postcode in, zoals 1234 AB of 1234."
        issues.append(Issue(file, row, "postcode", reason, raw))
    elif key in first_row:
        reason = f"Deze postcode staat ook al in rij {first_row[key]}. Laat er één staan."
        issues.append(Issue(file, row, "postcode", reason, raw))
    else:
        first_row[key] = row
    coordinates: list[float] = []
    for column, (low, high) in (("lat", LAT_RANGE), ("lon", LON_RANGE)):
        number = _number(values[column], delimiter)
        if number is None:
            reason = "Vul hier een getal in, zoals 52.15."
            issues.append(Issue(file, row, column, reason, values[column]))
        elif not low <= number <= high:
            reason = f"Dit getal ligt niet in Nederland. Kies een getal tussen {low} en {high}."
            issues.append(Issue(file, row, column, reason, values[column]))
        else:
            coordinates.append(number)
    if issues or key is None:
        return None, issues
    return (key, GeoPoint(coordinates[0], coordinates[1], override_precision(key))), []


def _raise(path: Path, issues: list[Issue]) -> NoReturn:
    """Raise the error for this file with all issues."""
    raise InvalidInputError(
        f"Het postcodebestand '{path.name}' heeft {len(issues)} punt(en) om aan te passen.",
        issues=issues,
        file=str(path),
    )
