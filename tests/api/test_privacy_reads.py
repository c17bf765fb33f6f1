"""Reads of a student's consents and privacy log by someone else are in that student's log.

The red-team pass found both routes unlogged: a jobcoach or the bureau could read who gave
which consent, or who looked at a student, without the student seeing it.
"""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select

from adapters.db.engine import session_scope
from adapters.db.privacy_models import PrivacyEventRow
from tests.api.auth_helpers import bearer, make_token
from tests.api.helpers import load_examples


def _reads(client: TestClient, student_id: str) -> list[tuple[str, str]]:
    engine = client.app.state.engine  # type: ignore[attr-defined]
    with session_scope(engine) as session:
        rows = session.execute(
            select(PrivacyEventRow.role, PrivacyEventRow.fields).where(
                PrivacyEventRow.student_id == student_id, PrivacyEventRow.action == "read"
            )
        ).all()
    return [(str(role), str(fields)) for role, fields in rows]


def test_reads_of_consents_and_the_privacy_log_by_others_are_logged(client: TestClient) -> None:
    load_examples(client)
    assert client.get("/students/s001/consents").status_code == 200
    assert client.get("/students/s001/audit").status_code == 200
    logged = _reads(client, "s001")
    assert any("consents" in fields for _, fields in logged), logged
    assert any("privacy_log" in fields for _, fields in logged), logged


def test_a_student_reading_their_own_consents_and_log_is_not_logged(client: TestClient) -> None:
    load_examples(client)
    student = bearer(make_token(client, "student", student_id="s001"))
    before = _reads(client, "s001")
    assert client.get("/students/s001/consents", headers=student).status_code == 200
    assert client.get("/students/s001/audit", headers=student).status_code == 200
    assert _reads(client, "s001") == before
