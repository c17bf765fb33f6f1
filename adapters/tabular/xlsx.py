"""Read the first sheet of an .xlsx workbook as rows of text, the way a CSV would hold them."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import openpyxl

FORMULA_REASON = (
    "in deze cel staat een formule zonder uitkomst; open het bestand in Excel, "
    "sla het op en probeer het opnieuw"
)
_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")


class XlsxReadError(ValueError):
    """The workbook cannot be opened; the message is the Dutch reason."""


@dataclass(frozen=True, slots=True)
class XlsxRecords:
    """Cell text per row (row 1 first), and the (row, column index) of formulas without a value."""

    rows: list[list[str]]
    formula_cells: list[tuple[int, int]] = field(default_factory=list)
    reason: str = FORMULA_REASON


def read_xlsx_rows(content: bytes) -> XlsxRecords:
    """All rows of the first sheet as stripped text; raises XlsxReadError when unreadable."""
    try:
        rows = [[cell_text(v) for v in row] for row in _iter_values(content, data_only=True)]
        formulas = _formula_cells(content, rows) if _has_formulas(content) else []
    except XlsxReadError:
        raise
    except Exception as exc:  # openpyxl/zipfile/XML raise many kinds on damaged files
        raise XlsxReadError(
            "dit Excel-bestand kan niet worden geopend; sla het opnieuw op als .xlsx of .csv"
        ) from exc
    return XlsxRecords(rows=rows, formula_cells=formulas)


def cell_text(value: object) -> str:
    """A cell value as the text a CSV would hold: 1.0 -> '1', dates -> 'YYYY-MM-DD'."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value)
    return str(value).strip()


def _iter_values(content: bytes, *, data_only: bool) -> list[tuple[object, ...]]:
    workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=data_only)
    try:
        if not workbook.worksheets:
            raise XlsxReadError("dit Excel-bestand heeft geen werkblad")
        sheet = workbook.worksheets[0]
        # Some programs write a wrong <dimension>; without this, rows or columns could be cut off.
        reset = getattr(sheet, "reset_dimensions", None)
        if reset is not None:
            reset()
        return list(sheet.iter_rows(min_row=1, values_only=True))
    finally:
        workbook.close()


def _has_formulas(content: bytes) -> bool:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return any(
            _FORMULA_TAG.search(archive.read(name))
            for name in archive.namelist()
            if name.startswith("xl/worksheets/") and name.endswith(".xml")
        )


def _formula_cells(content: bytes, rows: list[list[str]]) -> list[tuple[int, int]]:
    found = []
    for r, row in enumerate(_iter_values(content, data_only=False), start=1):
        for c, raw in enumerate(row):
            if isinstance(raw, str) and raw.startswith("=") and _blank(rows, r - 1, c):
                found.append((r, c))
    return found


def _blank(rows: list[list[str]], r: int, c: int) -> bool:
    return r >= len(rows) or c >= len(rows[r]) or rows[r][c] == ""
