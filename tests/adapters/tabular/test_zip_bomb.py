"""Issue 15, finding 6: an .xlsx that unpacks to far more than it weighs is refused from the zip
directory, with a Dutch message, before anything is unpacked."""

from __future__ import annotations

import io
import tracemalloc
import zipfile

import openpyxl

from adapters.tabular import xlsx
from adapters.tabular.sources import Source, load_table
from adapters.tabular.xlsx import MAX_MEMBER_BYTES, MAX_RATIO, MB

SHEET = "xl/worksheets/sheet1.xml"
CELL = b'<c t="inlineStr"><is><t>aaaaaaaa</t></is></c>'


def _workbook() -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["student_id", "name"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def bomb(unpacked: int) -> bytes:
    """A real workbook whose first sheet is ``unpacked`` bytes of one repeated cell (written
    in chunks, so building it needs little memory either)."""
    original = zipfile.ZipFile(io.BytesIO(_workbook()))
    out = io.BytesIO()
    chunk = CELL * (MB // len(CELL))
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for info in original.infolist():
            if info.filename != SHEET:
                archive.writestr(info, original.read(info))
        with archive.open(SHEET, "w", force_zip64=True) as sheet:
            sheet.write(b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats')
            sheet.write(b'.org/spreadsheetml/2006/main"><sheetData><row r="1">')
            written = 0
            while written < unpacked:
                sheet.write(chunk)
                written += len(chunk)
            sheet.write(b"</row></sheetData></worksheet>")
    return out.getvalue()


def _load_measured(content: bytes, name: str) -> tuple[list[str], int]:
    tracemalloc.start()
    try:
        _table, issues = load_table(Source(name, content))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert all(issue.file == name for issue in issues)
    return [issue.reason for issue in issues], peak


def test_a_sheet_that_inflates_hundreds_of_times_is_refused_without_unpacking() -> None:
    content = bomb(20 * MB)
    assert len(content) < 200_000  # about 20 KB that would unpack to 20 MB
    reasons, peak = _load_measured(content, "students.xlsx")
    assert len(reasons) == 1, reasons
    assert SHEET in reasons[0]
    assert "keer zo groot als ingepakt" in reasons[0]
    assert "pakt uit tot 20 MB, " in reasons[0]  # the comma stays a comma (was "20 MB. 342")
    assert f"meer dan {MAX_RATIO} keer" in reasons[0]
    assert "sla het op als CSV" in reasons[0]
    assert peak < 3 * MB, peak  # the sheet (20 MB) was never read


def test_a_part_over_the_size_limit_is_refused_with_its_size_in_dutch() -> None:
    content = bomb(MAX_MEMBER_BYTES + 4 * MB)
    reasons, peak = _load_measured(content, "plekken.xlsx")
    assert len(reasons) == 1, reasons
    assert "pakt uit tot 104 MB, meer dan 100 MB" in reasons[0]
    assert peak < 3 * MB, peak


def test_a_normal_workbook_with_a_compressible_sheet_still_reads() -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["student_id", "name"])
    for i in range(5000):
        sheet.append([f"S{i:05d}", "Noor de Vries"])
    out = io.BytesIO()
    book.save(out)
    table, issues = load_table(Source("students.xlsx", out.getvalue()))
    assert issues == []
    assert table.header == ("student_id", "name")
    assert len(table.rows) == 5000
    assert table.rows[-1][1] == ["S04999", "Noor de Vries"]


def _one_sheet(xml: bytes) -> zipfile.ZipFile:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(SHEET, xml)
    return zipfile.ZipFile(io.BytesIO(out.getvalue()))


def test_the_chunked_formula_check_finds_a_tag_split_over_two_chunks() -> None:
    padding = b" " * (xlsx._CHUNK - 2)  # "<f>" starts two bytes before the chunk ends
    assert xlsx._member_has_formula(_one_sheet(padding + b"<f>SUM(A1:A2)</f>"), SHEET)
    assert not xlsx._member_has_formula(_one_sheet(padding + b"<v>3</v>"), SHEET)


def _sheet_xml(rows: bytes) -> bytes:
    return (
        b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
        b'spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'
        b"student_id</t></is></c></row>" + rows + b"</sheetData></worksheet>"
    )


def _with_sheet(xml: bytes) -> bytes:
    """The small workbook with its first sheet replaced by ``xml``."""
    original = zipfile.ZipFile(io.BytesIO(_workbook()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in original.infolist():
            archive.writestr(info, xml if info.filename == SHEET else original.read(info))
    return out.getvalue()


def test_a_sheet_with_one_cell_far_right_per_row_is_refused_without_building_the_grid() -> None:
    """The red-team pass: one cell in column XFD per row passes the zip check (the sheet is
    small) but made the reader build 16,384 cells a row: 41 KB took the server to 3.4 GB."""
    rows = b"".join(b'<row r="%d"><c r="XFD%d"><v>1</v></c></row>' % (n, n) for n in range(2, 400))
    content = _with_sheet(_sheet_xml(rows))
    assert len(content) < 20_000
    reasons, peak = _load_measured(content, "students.xlsx")
    assert len(reasons) == 1, reasons
    assert "rij 2 heeft een waarde in kolom 16.384" in reasons[0]
    assert peak < 8 * MB, peak  # 398 rows x 16,384 cells would be about 50 MB


def test_a_sheet_with_a_far_away_row_is_refused_without_building_the_empty_rows() -> None:
    content = _with_sheet(_sheet_xml(b'<row r="2000000"><c r="A2000000"><v>1</v></c></row>'))
    reasons, peak = _load_measured(content, "students.xlsx")
    assert len(reasons) == 1, reasons
    assert "meer dan 500.000 rijen" in reasons[0]
    assert peak < 64 * MB, peak  # 2,000,000 padded empty rows would be hundreds of MB
