"""Turn an uploaded or local file (name + bytes) into a header and rows of stripped strings.

CSV: UTF-8 with or without BOM, cp1252 as a fallback (Excel's default on Windows), comma
separated; a semicolon-separated file (Dutch Excel) is accepted when its header has ';' and no
',' (and a tab-separated one, e.g. Excel's UTF-16 "Unicode text", when it has neither).
XLSX: the first sheet, header in row 1, cell values normalised to the text a CSV would hold.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from adapters.tabular.xlsx import XlsxReadError, read_xlsx_rows
from matcher import nl
from matcher.errors import Issue

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # old .xls (and other Office 97-2003 files)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_MAX_BYTES = 200 * 1024 * 1024
MAX_CELL_CHARS = 10_000  # no contract value comes near; more is a broken or hostile file


@dataclass(frozen=True)
class Source:
    """One input file: its name (for messages and format detection) and its bytes."""

    name: str
    content: bytes

    @classmethod
    def from_path(cls, path: Path | str) -> Source:
        """Read a local file into a Source named after the file."""
        path = Path(path)
        return cls(name=path.name, content=path.read_bytes())


@dataclass(frozen=True, slots=True)
class Table:
    """A file's header (lower-case names) and its non-empty data rows with spreadsheet numbers."""

    file: str
    header: tuple[str, ...]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """True when there is no header at all (an empty file)."""
        return not any(self.header)


def load_table(source: Source) -> tuple[Table, list[Issue]]:
    """Read a CSV or XLSX source into a Table; problems come back as Issues (never raised)."""
    kind = detect_format(source)
    if kind == "xls":
        reason = "dit is een oud Excel-bestand (.xls); sla het op als .xlsx of .csv"
        return Table(source.name, ()), [Issue(source.name, None, None, reason)]
    if kind == "not-xlsx":
        reason = "dit bestand heet .xlsx maar is geen Excel-bestand; sla het opnieuw op als .xlsx"
        return Table(source.name, ()), [Issue(source.name, None, None, reason)]
    if len(source.content) > _MAX_BYTES:
        reason = "dit bestand is te groot (meer dan 200 MB); splits het in kleinere bestanden"
        return Table(source.name, ()), [Issue(source.name, None, None, reason)]
    if kind == "xlsx":
        try:
            records = read_xlsx_rows(source.content)
        except XlsxReadError as problem:
            return Table(source.name, ()), [Issue(source.name, None, None, str(problem))]
        table = _to_table(source.name, records.rows)
        return table, [
            Issue(source.name, row, _column_name(records.rows, col), records.reason)
            for row, col in records.formula_cells
        ] + _huge_cells(table)
    text = decode_text(source.content)
    if text is None:
        reason = "dit bestand is geen leesbaar tekstbestand; sla het op als CSV (UTF-8) of .xlsx"
        return Table(source.name, ()), [Issue(source.name, None, None, reason)]
    try:
        records_csv = list(csv.reader(io.StringIO(text, newline=""), delimiter=sniff(text)))
    except csv.Error as problem:
        reason = "dit CSV-bestand kan niet worden gelezen; controleer de aanhalingstekens"
        if "field larger than field limit" in str(problem):
            reason = (
                f"in dit bestand staat een cel met meer dan {nl.number(csv.field_size_limit())} "
                "tekens (vaak een aanhalingsteken dat niet gesloten is); controleer het bestand"
            )
        return Table(source.name, ()), [Issue(source.name, None, None, reason)]
    table = _to_table(source.name, records_csv)
    return table, _huge_cells(table)


def _huge_cells(table: Table) -> list[Issue]:
    """One issue per cell longer than any contract value can be."""
    reason = f"deze cel is te lang (meer dan {nl.number(MAX_CELL_CHARS)} tekens)"
    issues = []
    for number, cells in table.rows:
        for index, cell in enumerate(cells):
            if len(cell) > MAX_CELL_CHARS:
                column = table.header[index] if index < len(table.header) else None
                issues.append(Issue(table.file, number, column, reason, cell[:20] + "..."))
    return issues


def detect_format(source: Source) -> str:
    """'csv', 'xlsx', 'xls' or 'not-xlsx', from the name and, when unclear, the content."""
    head = source.content[:8]
    suffix = Path(source.name).suffix.lower()
    if head.startswith(OLE_MAGIC) or suffix == ".xls":
        return "xls"
    if head.startswith(ZIP_MAGIC):
        return "xlsx"  # also a .csv that is really a workbook: a zip is never a CSV
    return "not-xlsx" if suffix in (".xlsx", ".xlsm") else "csv"


def decode_text(content: bytes) -> str | None:
    """UTF-8 (BOM removed), UTF-16 with BOM, or cp1252; None when none gives readable text."""
    try:
        if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            text = content.decode("utf-16")  # Excel's "Unicode text" (tab separated)
        else:
            text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = content.decode("cp1252")
        except UnicodeDecodeError:
            return None
    if _CONTROL.search(text):
        return None
    return text


def sniff(text: str) -> str:
    """The delimiter: ',' per contract; ';' or a tab when the header has that and no comma."""
    first = text.lstrip("\r\n").split("\n", 1)[0]
    if "," in first:
        return ","
    if ";" in first:
        return ";"
    if "\t" in first:
        return "\t"
    return ","


def _to_table(name: str, records: list[list[str]]) -> Table:
    start = next((i for i, r in enumerate(records) if any(c.strip() for c in r)), None)
    if start is None:
        return Table(name, ())
    header = tuple(_header_name(c) for c in records[start])
    rows = []
    for number, record in enumerate(records[start + 1 :], start=start + 2):
        cells = [c.strip() for c in record]
        if any(cells):
            rows.append((number, cells))
    return Table(name, header, rows)


def _header_name(cell: str) -> str:
    return cell.replace("\ufeff", "").replace("\xa0", " ").strip().lower()


def _column_name(records: list[list[str]], col: int) -> str | None:
    header = records[0] if records else []
    return _header_name(header[col]) if col < len(header) and header[col] else None
