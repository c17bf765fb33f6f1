"""Write domain values back to contract files (CSV or XLSX), atomically."""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, WriteOnlyCell

from adapters.tabular.schema import (
    COMPANY_COLUMNS,
    OUTCOME_COLUMNS,
    OUTCOME_DATE_COLUMNS,
    PLACE_COLUMNS,
    PROPOSAL_COLUMNS,
    PROPOSAL_NUMERIC,
    STUDENT_COLUMNS,
    ColumnSpec,
)
from matcher.domain import GeoPoint, History, Population, Proposal

FORMATS = ("csv", "xlsx")
Rows = list[list[str]]


def format_value(value: object) -> str:
    """One domain value as contract text: 1/0, ma;di, 2008-03-14, 1.5, '' for unknown."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, frozenset | set):
        return ";".join(format_value(v) for v in sorted(value, key=_order))
    if isinstance(value, tuple | list):
        return ";".join(format_value(v) for v in value)
    return str(value)


def _order(value: object) -> tuple[int, str]:
    if isinstance(value, Enum):
        return list(type(value)).index(value), ""
    return 0, str(value)


def _row(item: object, specs: Sequence[ColumnSpec], location: GeoPoint | None) -> list[str]:
    cells = []
    for spec in specs:
        if spec.name == "postcode":
            cells.append("")
        elif spec.name in ("lat", "lon"):
            cells.append("" if location is None else f"{getattr(location, spec.name):.5f}")
        else:
            cells.append(format_value(getattr(item, spec.name)))
    return cells


def population_tables(population: Population) -> dict[str, tuple[Sequence[ColumnSpec], Rows]]:
    """Students, companies and places as header specs plus text rows."""
    return {
        "students": (
            STUDENT_COLUMNS,
            [_row(s, STUDENT_COLUMNS, s.location) for s in population.students],
        ),
        "companies": (
            COMPANY_COLUMNS,
            [_row(c, COMPANY_COLUMNS, c.location) for c in population.companies],
        ),
        "places": (PLACE_COLUMNS, [_row(p, PLACE_COLUMNS, p.location) for p in population.places]),
    }


def write_population(directory: Path, population: Population, *, fmt: str = "csv") -> list[Path]:
    """Write students, companies and places files into ``directory``; returns their paths."""
    _check_format(fmt)
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for kind, (specs, rows) in population_tables(population).items():
        paths.append(_write_table(directory / f"{kind}.{fmt}", specs, rows))
    return paths


def write_history(directory: Path, history: History, *, fmt: str = "csv") -> list[Path]:
    """Write a history folder: the three profile files plus outcomes."""
    paths = write_population(directory, history.population, fmt=fmt)
    dated = any(o.started_on or o.ended_on for o in history.outcomes)
    specs = [s for s in OUTCOME_COLUMNS if dated or s.name not in OUTCOME_DATE_COLUMNS]
    rows = [[format_value(getattr(o, s.name)) for s in specs] for o in history.outcomes]
    paths.append(_write_table(Path(directory) / f"outcomes.{fmt}", specs, rows))
    return paths


def proposal_row(proposal: Proposal) -> list[str]:
    """One proposal as contract text: score with 3 decimals, travel in whole minutes."""
    score = "" if proposal.score is None else f"{proposal.score:.3f}"
    minutes = "" if proposal.travel_minutes is None else str(round(proposal.travel_minutes))
    return [
        proposal.student_id,
        proposal.place_id or "",
        proposal.company_id or "",
        score,
        minutes,
        proposal.status.value,
        proposal.explanation,
        proposal.unplaced_reason,
    ]


def write_proposals(
    path: Path,
    proposals: Sequence[Proposal],
    *,
    extra_columns: Sequence[str] = (),
    extra: Sequence[Sequence[str]] = (),
) -> Path:
    """Write proposals to a .csv or .xlsx file (by suffix) with the contract's columns, then
    any ``extra_columns`` (the contract allows extra columns) with one ``extra`` row each."""
    path = Path(path)
    fmt = path.suffix.lower().lstrip(".")
    _check_format(fmt)
    rows = [proposal_row(p) for p in proposals]
    if extra_columns:
        rows = [[*row, *more] for row, more in zip(rows, extra, strict=True)]
    header = [*PROPOSAL_COLUMNS, *extra_columns]
    numeric = [name in PROPOSAL_NUMERIC for name in header]
    return _atomic(path, _writer(fmt, "proposals", header, rows, numeric))


def write_report(
    path: Path, title: str, header: Sequence[str], rows: Sequence[Sequence[object]]
) -> Path:
    """A table for people (not the contract) as .csv or .xlsx: the CSV as Dutch Excel opens it
    (semicolons, a BOM, decimal commas); numbers stay numbers in Excel. Text that a spreadsheet
    would run as a formula (=, +, -, @) is kept as text."""
    path = Path(path)
    fmt = path.suffix.lower().lstrip(".")
    _check_format(fmt)

    def cell_text(value: object) -> str:
        if value is None:
            return ""
        if isinstance(value, float | int) and not isinstance(value, bool):
            return format_value(float(value)).replace(".", ",")
        text = str(value)
        return "'" + text if text[:1] in ("=", "+", "-", "@") else text

    def write_csv(target: Path) -> None:
        with target.open("w", encoding="utf-8-sig", newline="") as handle:
            out = csv.writer(handle, delimiter=";", lineterminator="\r\n")
            out.writerow(header)
            out.writerows([cell_text(v) for v in row] for row in rows)

    def write_xlsx(target: Path) -> None:
        workbook = openpyxl.Workbook(write_only=True)
        sheet = workbook.create_sheet(title[:31] or "data")
        sheet.append(list(header))
        for row in rows:
            sheet.append(
                [
                    _as_text(sheet, ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v)
                    for v in row
                ]
            )
        workbook.save(target)

    return _atomic(path, write_csv if fmt == "csv" else write_xlsx)


def _write_table(path: Path, specs: Sequence[ColumnSpec], rows: Rows) -> Path:
    header = [s.name for s in specs]
    numeric = [s.numeric for s in specs]
    fmt = path.suffix.lstrip(".")
    return _atomic(path, _writer(fmt, path.stem, header, rows, numeric))


def _writer(
    fmt: str, title: str, header: list[str], rows: Rows, numeric: list[bool]
) -> Callable[[Path], None]:
    """A function that writes the table to a given (temporary) path."""

    def write_csv(target: Path) -> None:
        with target.open("w", encoding="utf-8", newline="") as handle:
            out = csv.writer(handle, lineterminator="\n")
            out.writerow(header)
            out.writerows(rows)

    def write_xlsx(target: Path) -> None:
        workbook = openpyxl.Workbook(write_only=True)
        sheet = workbook.create_sheet(title[:31] or "data")
        sheet.append(header)
        for row in rows:
            sheet.append([_as_text(sheet, v) for v in _xlsx_cells(row, numeric)])
        workbook.save(target)

    return write_csv if fmt == "csv" else write_xlsx


def _xlsx_cells(row: list[str], numeric: list[bool]) -> Iterable[object]:
    for text, is_number in zip(row, numeric, strict=True):
        if is_number and text:
            number = float(text)
            yield int(number) if number.is_integer() else number
        else:
            yield ILLEGAL_CHARACTERS_RE.sub("", text) if text else None


def _as_text(sheet: Any, value: object) -> object:
    """Text that starts with '=' stays text: openpyxl would otherwise write it as a formula."""
    if isinstance(value, str) and value.startswith("="):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    return value


def _atomic(path: Path, write: Callable[[Path], None]) -> Path:
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=path.suffix)
    os.close(fd)
    temp = Path(name)
    try:
        write(temp)
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return path


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
