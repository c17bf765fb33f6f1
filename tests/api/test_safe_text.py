"""Safe ids and clean names over the API and in file imports (issue 15, findings 2 and 11).

Ids keep to letters, digits, '-', '_' and '.'; names hold no control, bidi or zero-width
characters. The API and the CSV/XLSX import refuse the same values with a Dutch reason that names
the field, and nothing is stored.
"""

from __future__ import annotations

import io
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import Workbook
from sqlalchemy import select

from adapters.db.engine import session_scope
from adapters.db.repositories import COMPANY_TABLE, PLACE_TABLE, STUDENT_TABLE
from tests.api.helpers import KINDS, load_examples
from tests.paths import EXAMPLES

XSS = "<img src=x onerror=alert(1)>"
RLO, ZWSP = "\u202e", "\u200b"


def _rows(client: TestClient) -> list[tuple[Any, ...]]:
    engine = client.app.state.engine  # type: ignore[attr-defined]
    with session_scope(engine) as session:
        return [
            tuple(row)
            for table in (STUDENT_TABLE, COMPANY_TABLE, PLACE_TABLE)
            for row in session.execute(select(table).order_by(table.c.id))
        ]


def _issue(response: Any, field: str) -> str:
    """The reason given for ``field`` in a 422 answer (JSON body or file row)."""
    assert response.status_code == 422, response.text
    for issue in response.json()["issues"]:
        if field in (issue.get("field"), issue.get("column")):
            return str(issue["reason"])
    raise AssertionError(f"{field} not named: {response.text}")


COMPANY = {
    "company_id": "c10",
    "name": "Bakkerij",
    "postcode": "3511",
    "guidance_hours_per_week": 4,
}
PLACE = {"place_id": "p900", "company_id": "c01", "crebos": ["25180"]}
STUDENT = {
    "student_id": "s900",
    "name": "Sam",
    "birth_date": "2008-01-01",
    "postcode": "3511",
    "crebo": "25180",
    "niveau": 2,
    "leerweg": "bol",
    "hours_per_week": 16,
}
API_CASES = [
    ("POST", "/companies", {**COMPANY, "company_id": XSS}, "company_id", "letters"),
    ("POST", "/places", {**PLACE, "place_id": XSS}, "place_id", "letters"),
    ("POST", "/places", {**PLACE, "place_id": "p 900"}, "place_id", "letters"),
    ("POST", "/students", {**STUDENT, "student_id": "s900\u200d"}, "student_id", "letters"),
    ("POST", "/students", {**STUDENT, "preferences": ["p001", XSS]}, "preferences.1", "letters"),
    ("POST", "/students", {**STUDENT, "name": f"Sam{RLO}gpj.exe"}, "name", "U+202E"),
    ("POST", "/companies", {**COMPANY, "name": f"Bakk{ZWSP}erij"}, "name", "U+200B"),
    ("PATCH", "/companies/c01", {"name": f"Garage{RLO} De Eem"}, "name", "U+202E"),
    ("PATCH", "/companies/c01", {"sector": "zorg\u2066"}, "sector", "U+2066"),
    ("PATCH", "/students/s001", {"name": "\ufeffJoshua"}, "name", "U+FEFF"),
]


@pytest.mark.parametrize(("method", "url", "body", "field", "word"), API_CASES)
def test_the_api_refuses_unsafe_ids_and_hidden_characters(
    client: TestClient, method: str, url: str, body: dict[str, Any], field: str, word: str
) -> None:
    load_examples(client)
    before = _rows(client)
    reason = _issue(client.request(method, url, json=body), field)
    assert word in reason
    assert _rows(client) == before


def _csv(kind: str, column: str, value: str) -> bytes:
    """The example file with ``column`` of its first data row set to ``value``."""
    lines = (EXAMPLES / f"{kind}.csv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    cells = lines[1].split(",")
    cells[header.index(column)] = value
    return "\n".join([lines[0], ",".join(cells), *lines[2:]]).encode("utf-8") + b"\n"


@pytest.mark.parametrize(
    ("kind", "column", "value", "word"),
    [
        ("companies", "company_id", "c<b>01</b>", "letters"),
        ("places", "place_id", "p001'", "letters"),
        ("students", "student_id", "s0 01", "letters"),
        ("students", "name", f"Jos{RLO}hua", "U+202E"),
        ("companies", "name", f"Garage{ZWSP}De Eem", "U+200B"),
    ],
)
def test_a_csv_import_refuses_them_at_their_cell_and_stores_nothing(
    client: TestClient, kind: str, column: str, value: str, word: str
) -> None:
    files = {k: (f"{k}.csv", (EXAMPLES / f"{k}.csv").read_bytes(), "text/csv") for k in KINDS}
    files[kind] = (f"{kind}.csv", _csv(kind, column, value), "text/csv")
    response = client.post("/imports", files=files)
    issue = next(i for i in response.json()["issues"] if i["column"] == column)
    assert (issue["file"], issue["row"]) == (f"{kind}.csv", 2)
    assert word in issue["reason"]
    assert RLO not in issue["value"]  # written out as [U+202E]
    assert ZWSP not in issue["value"]
    assert _rows(client) == []


def test_an_xlsx_import_refuses_a_hidden_character_in_a_name(client: TestClient) -> None:
    lines = (EXAMPLES / "students.csv").read_text(encoding="utf-8").splitlines()
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for number, line in enumerate(lines):
        cells = line.split(",")
        if number == 1:
            cells[cells.index("Joshua")] = f"Jos{ZWSP}hua"
        sheet.append(cells)
    data = io.BytesIO()
    book.save(data)
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = client.post("/imports", files={"students": ("students.xlsx", data.getvalue(), xlsx)})
    assert "U+200B" in _issue(response, "name")
    assert _rows(client) == []
