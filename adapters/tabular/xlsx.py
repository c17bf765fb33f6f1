"""Read the first sheet of an .xlsx workbook as rows of text, the way a CSV would hold them.

An .xlsx file is a zip archive, and a small one can unpack to gigabytes (a "zip bomb"). Before
anything is unpacked, the sizes the archive's central directory declares are checked
(``check_zip_sizes``); ``zipfile`` never hands out more than a member's declared size, so a
directory that lies only makes the reading fail. The sheet is then read streaming (openpyxl in
read-only mode, the formula check in chunks), so memory follows the data, not the archive.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import openpyxl

from matcher import nl

FORMULA_REASON = (
    "in deze cel staat een formule zonder uitkomst; open het bestand in Excel, "
    "sla het op en probeer het opnieuw"
)
_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")
_CHUNK = 1024 * 1024  # bytes of sheet XML the formula check holds at a time
_OVERLAP = 16  # bytes kept between chunks, so a formula tag split over two chunks is found

MB = 1024 * 1024
# Limits on what an uploaded workbook may unpack to. A contract file of 20,000 students has a
# sheet of about 30 MB unpacked; 100 MB per part and 200 MB in all leave room for more. Real
# sheets compress 5 to 30 times; Apache POI refuses parts that inflate more than 100 times
# (ZipSecureFile.MIN_INFLATE_RATIO 0.01), and so do we, for parts over 1 MB (small parts with a
# high ratio, like an empty styles part, cost nothing).
MAX_MEMBER_BYTES = 100 * MB
MAX_TOTAL_BYTES = 200 * MB
MAX_RATIO = 100
# The grid a sheet may describe. The contract's widest file has under 40 columns; 500,000 rows is
# more than a national round (100,000 students, 145,000 places) needs.
MAX_COLUMNS = 256
MAX_ROWS = 500_000
RATIO_FROM_BYTES = 1 * MB
TOO_BIG_ADVICE = (
    "dat is meer dan een gewoon bestand met studenten, bedrijven of plekken nodig heeft; "
    "open het in Excel, sla het op als CSV (UTF-8) of splits het in kleinere bestanden"
)


class XlsxReadError(ValueError):
    """The workbook cannot be opened; the message is the Dutch reason."""


@dataclass(frozen=True, slots=True)
class XlsxRecords:
    """Cell text per row (row 1 first), and the (row, column index) of formulas without a value."""

    rows: list[list[str]]
    formula_cells: list[tuple[int, int]] = field(default_factory=list)
    reason: str = FORMULA_REASON


def _mb(size: int) -> str:
    """Megabytes with a Dutch thousands separator: 1.024 MB."""
    return f"{nl.number(size // MB)} MB"


def check_zip_sizes(archive: zipfile.ZipFile) -> None:
    """Refuse an archive whose directory declares too much to unpack (nothing is unpacked)."""
    total = 0
    for info in archive.infolist():
        total += info.file_size
        if info.file_size > MAX_MEMBER_BYTES:
            raise XlsxReadError(
                f"een deel van dit Excel-bestand ({info.filename[:80]}) pakt uit tot "
                f"{_mb(info.file_size)}, meer dan {_mb(MAX_MEMBER_BYTES)}; {TOO_BIG_ADVICE}"
            )
        ratio = info.file_size / max(1, info.compress_size)
        if info.file_size > RATIO_FROM_BYTES and ratio > MAX_RATIO:
            raise XlsxReadError(
                f"een deel van dit Excel-bestand ({info.filename[:80]}) pakt uit tot "
                f"{_mb(info.file_size)}, {nl.number(int(ratio))} keer zo groot als ingepakt"
                f" (meer dan {MAX_RATIO} keer is niet normaal); {TOO_BIG_ADVICE}"
            )
    if total > MAX_TOTAL_BYTES:
        raise XlsxReadError(
            f"dit Excel-bestand pakt uit tot {_mb(total)}, meer dan {_mb(MAX_TOTAL_BYTES)}; "
            f"{TOO_BIG_ADVICE}"
        )


def read_xlsx_rows(content: bytes) -> XlsxRecords:
    """All rows of the first sheet as stripped text; raises XlsxReadError when unreadable."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            check_zip_sizes(archive)
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
    """The first sheet's rows, each without its trailing empty cells.

    A sheet can be tiny and still describe a huge grid: one cell in column XFD per row, or one
    cell in row 2,000,000, makes a reader build every empty cell before it. So the first row
    with a value beyond ``MAX_COLUMNS`` columns, or a row past ``MAX_ROWS`` (empty ones
    included), refuses the file; each row is kept without its trailing empty cells, so memory
    follows the values, not the grid.
    """
    workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=data_only)
    try:
        if not workbook.worksheets:
            raise XlsxReadError("dit Excel-bestand heeft geen werkblad")
        sheet = workbook.worksheets[0]
        # Some programs write a wrong <dimension>; without this, rows or columns could be cut off.
        reset = getattr(sheet, "reset_dimensions", None)
        if reset is not None:
            reset()
        rows: list[tuple[object, ...]] = []
        for number, row in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1):
            if number > MAX_ROWS:
                raise XlsxReadError(
                    f"het werkblad heeft meer dan {nl.number(MAX_ROWS)} rijen"
                    " (lege rijen tellen mee); haal de lege rijen onder de gegevens weg of "
                    "splits het bestand"
                )
            end = len(row)
            while end and row[end - 1] in (None, ""):
                end -= 1
            if end > MAX_COLUMNS:
                raise XlsxReadError(
                    f"rij {number} heeft een waarde in kolom {nl.number(end)}"
                    f"; een bestand heeft hoogstens {MAX_COLUMNS} kolommen: haal wat rechts "
                    "van de gegevens staat weg"
                )
            rows.append(tuple(row[:end]))
        return rows
    finally:
        workbook.close()


def _has_formulas(content: bytes) -> bool:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return any(
            _member_has_formula(archive, name)
            for name in archive.namelist()
            if name.startswith("xl/worksheets/") and name.endswith(".xml")
        )


def _member_has_formula(archive: zipfile.ZipFile, name: str) -> bool:
    """Whether a sheet's XML holds a formula tag, read in chunks (never the whole part)."""
    tail = b""
    with archive.open(name) as stream:
        while chunk := stream.read(_CHUNK):
            if _FORMULA_TAG.search(tail + chunk):
                return True
            tail = chunk[-_OVERLAP:]
    return False


def _formula_cells(content: bytes, rows: list[list[str]]) -> list[tuple[int, int]]:
    found = []
    for r, row in enumerate(_iter_values(content, data_only=False), start=1):
        for c, raw in enumerate(row):
            if isinstance(raw, str) and raw.startswith("=") and _blank(rows, r - 1, c):
                found.append((r, c))
    return found


def _blank(rows: list[list[str]], r: int, c: int) -> bool:
    return r >= len(rows) or c >= len(rows[r]) or rows[r][c] == ""
