"""Reviewers' notes (comments, reasons) are personal data: scoped like needs, logged, erased.

Issue 15, findings 4 and 5: a jobcoach or begeleider read the round log with notes about
students outside their caseload, unlogged; after erasure the notes stayed in the round's events
and decisions and were still served. On SQLite and PostgreSQL.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import inspect, text
from sqlmodel import Session

from adapters.privacy.audit import list_for_student
from adapters.settings import Settings
from api.main import create_app
from tests.api.auth_helpers import bearer, make_token
from tests.api.rounds_helpers import review_population, solved_round, store

STUDENTS = ("s001", "s002", "s003", "s004", "s005", "s006")
JOBCOACH_CASELOAD = ("s002",)
BEGELEIDER_CASELOAD = ("s004", "s005")


def secret(student_id: str, what: str = "opmerking") -> str:
    """A note text that names its student, so a leak shows whose note it was."""
    return f"GEHEIM-{student_id}-{what}: heeft autisme en belt liever niet"


@dataclass
class Noted:
    """A solved round with notes about every student; who was moved and who rejected."""

    round_id: int
    mover: str
    rejected: str


@pytest.fixture
def client(db_url: str) -> Iterator[TestClient]:
    """A bureau client on a fresh database (SQLite or PostgreSQL) with the review population."""
    with TestClient(create_app(Settings(database_url=db_url, broker_url=None))) as test_client:
        store(test_client, review_population())
        test_client.headers.update(bearer(make_token(test_client, "bureau", name="alice")))
        yield test_client


def _act(client: TestClient, rid: int, sid: str, verb: str, **body: Any) -> int:
    response = client.post(f"/rounds/{rid}/proposals/{sid}/{verb}", json=body)
    assert response.status_code == 200, response.text
    return int(response.json()["version"])


def _noted_round(client: TestClient) -> Noted:
    """Comments on every student, a move with a reason and a rejection with a reason."""
    body = solved_round(client)
    assert body["status"] == "solved", body["error"]
    rid, version = body["id"], body["version"]
    for sid in STUDENTS:
        version = _act(client, rid, sid, "comment", version=version, comment=secret(sid))
    items = client.get(f"/rounds/{rid}/proposals", params={"limit": 500}).json()["items"]
    at = {p["student_id"]: p["place_id"] for p in items}
    mover = "s001" if at["s001"] != "p005" else "s006"
    holder = next((s for s, place in at.items() if place == "p005"), None)
    rejected = holder or next(s for s, p in at.items() if p and s != mover)
    reason = secret(rejected, "afwijzen")
    version = _act(client, rid, rejected, "reject", version=version, reason=reason)
    reason = secret(mover, "verplaatsen")
    _act(client, rid, mover, "move", version=version, place_id="p005", reason=reason)
    return Noted(rid, mover, rejected)


def _as(client: TestClient, role: str, caseload: tuple[str, ...]) -> dict[str, str]:
    return bearer(make_token(client, role, caseload=list(caseload)))


def _note_reads(client: TestClient, student_id: str, role: str) -> list[dict[str, Any]]:
    with Session(client.app.state.engine) as session:  # type: ignore[attr-defined]
        log = list_for_student(session, student_id)
    return [
        e
        for e in log
        if e["action"] == "read" and "review_note" in e["fields"] and e["role"] == role
    ]


@pytest.mark.parametrize(
    ("role", "caseload"), [("jobcoach", JOBCOACH_CASELOAD), ("begeleider", BEGELEIDER_CASELOAD)]
)
def test_caseload_staff_read_only_their_students_notes_and_each_read_is_logged(
    client: TestClient, role: str, caseload: tuple[str, ...]
) -> None:
    noted = _noted_round(client)
    headers = _as(client, role, caseload)
    response = client.get(f"/rounds/{noted.round_id}/events", headers=headers)
    assert response.status_code == 200, response.text
    answer = response.text
    for sid in STUDENTS:
        if sid in caseload:
            assert secret(sid) in answer
            assert _note_reads(client, sid, role), f"the read of {sid}'s note is not logged"
        else:
            assert f"GEHEIM-{sid}" not in answer, f"a note about {sid} was shown to a {role}"
            assert not _note_reads(client, sid, role)
    events = response.json()
    about = {e["detail"]["student_id"] for e in events if "student_id" in e["detail"]}
    assert about == set(caseload)
    assert {"created", "started", "solved"} <= {e["action"] for e in events}
    proposals = client.get(f"/rounds/{noted.round_id}/proposals", headers=headers).json()
    assert {p["student_id"]: p["comment"] for p in proposals["items"]} == {
        sid: secret(sid) for sid in caseload
    }


def test_companies_and_students_never_see_reviewers_notes(client: TestClient) -> None:
    noted = _noted_round(client)
    published = client.post(
        f"/rounds/{noted.round_id}/publish",
        json={"version": client.get(f"/rounds/{noted.round_id}").json()["version"]},
    )
    assert published.status_code == 200, published.text
    company = bearer(make_token(client, "company", company_id="c01"))
    student = bearer(make_token(client, "student", student_id=noted.mover))
    for headers in (company, student):
        for path in ("events", "proposals"):
            response = client.get(f"/rounds/{noted.round_id}/{path}", headers=headers)
            assert "GEHEIM" not in response.text


def test_event_rows_never_hold_a_note(client: TestClient) -> None:
    _noted_round(client)
    assert not _rows_with(client, "GEHEIM", tables=("round_event", "round_decision", "proposal"))


def _rows_with(
    client: TestClient, needle: str, *, tables: tuple[str, ...] | None = None
) -> list[tuple[str, str]]:
    """(table, column) of every stored value containing ``needle``, in every table."""
    engine = client.app.state.engine  # type: ignore[attr-defined]
    found: list[tuple[str, str]] = []
    with engine.connect() as conn:
        for table in tables or inspect(engine).get_table_names():
            for row in conn.execute(text(f'SELECT * FROM "{table}"')).mappings():
                for column, value in row.items():
                    shown = value.decode("latin-1") if isinstance(value, bytes) else str(value)
                    if needle in shown:
                        found.append((table, column))
    return found


def _files_with(client: TestClient, needle: str) -> list[str]:
    """SQLite's files (database, write-ahead log) that still hold ``needle`` byte for byte."""
    engine = client.app.state.engine  # type: ignore[attr-defined]
    if engine.dialect.name != "sqlite":
        return []
    base = Path(engine.url.database)
    files = [base, base.with_name(base.name + "-wal")]
    return [f.name for f in files if f.exists() and needle.encode() in f.read_bytes()]


def _xlsx_text(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as book:
        return "".join(book.read(name).decode("utf-8", "replace") for name in book.namelist())


def test_after_erasure_the_notes_are_nowhere_but_the_history_stays(client: TestClient) -> None:
    noted = _noted_round(client)
    rid, gone = noted.round_id, noted.mover
    before = client.get(f"/rounds/{rid}/events").json()
    assert secret(gone, "verplaatsen") in str(before)
    assert secret(gone) in client.get(f"/bureau/rondes/{rid}/voorstellen/{gone}").text
    assert _rows_with(client, f"GEHEIM-{gone}")
    erased = client.post(f"/students/{gone}/erase", json={"motivation": "verzoek van de student"})
    assert erased.status_code == 200, erased.text
    assert _rows_with(client, f"GEHEIM-{gone}") == []
    assert _files_with(client, f"GEHEIM-{gone}") == []
    assert erased.json()["notes"] == 2  # the comment and the reason to move
    with Session(client.app.state.engine) as session:  # type: ignore[attr-defined]
        erasure = list_for_student(session, gone)[-1]
    assert erasure["action"] == "erase"
    assert "review_note" in erasure["fields"]
    after = client.get(f"/rounds/{rid}/events").json()
    assert [(e["id"], e["action"]) for e in after] == [(e["id"], e["action"]) for e in before]
    responses = [
        client.get(f"/rounds/{rid}/proposals", params={"limit": 500}),
        client.get(f"/bureau/rondes/{rid}/voorstellen/{gone}"),
        client.get(f"/rounds/{rid}/export"),
        client.get(f"/rounds/{rid}/export", params={"format": "xlsx"}),
        client.get(f"/bureau/rondes/{rid}/export"),
        client.get(f"/students/{gone}/export"),
    ]
    assert [r.status_code for r in responses] == [200] * len(responses)
    assert gone in responses[0].text  # the student is still in the round
    assert gone in responses[1].text
    answers = [str(after), *(r.text for r in responses), _xlsx_text(responses[3].content)]
    for answer in answers:
        assert f"GEHEIM-{gone}" not in answer
    # The other students' notes are untouched.
    others = [s for s in STUDENTS if s != gone]
    assert all(secret(s) in str(after) for s in others)
    assert secret(noted.rejected, "afwijzen") in str(after)


def test_a_moved_proposal_does_not_quote_the_reason(client: TestClient) -> None:
    noted = _noted_round(client)
    rid = noted.round_id
    items = client.get(f"/rounds/{rid}/proposals", params={"limit": 500}).json()["items"]
    moved = next(p for p in items if p["student_id"] == noted.mover)
    assert moved["decision"] in ("moved", "accepted")
    assert "GEHEIM" not in moved["explanation"]
    assert "GEHEIM" not in client.get(f"/rounds/{rid}/export").text


def test_deleting_a_student_deletes_the_notes_about_them(client: TestClient) -> None:
    noted = _noted_round(client)
    assert _rows_with(client, f"GEHEIM-{noted.mover}")
    assert client.delete(f"/students/{noted.mover}").status_code == 204
    assert _rows_with(client, f"GEHEIM-{noted.mover}") == []
    assert _rows_with(client, f"GEHEIM-{noted.rejected}")
