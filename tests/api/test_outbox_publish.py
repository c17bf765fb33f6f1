"""Publishing a round queues its e-mails in the same transaction: one per active account of a
student with an approved place, one per active account of a company with approved students,
none for a student without an account; a publish that fails or is rolled back queues none."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from adapters.auth.accounts import get_account_row
from adapters.db import outbox_queries as q
from adapters.db import round_repositories as repo
from adapters.db.engine import session_scope
from adapters.flows.rounds import lifecycle
from adapters.privacy.audit import Actor
from adapters.privacy.subject_rights import erase_student
from adapters.settings import Settings
from api.main import create_app
from tests.api.auth_helpers import bearer, make_account, make_token
from tests.api.rounds_helpers import review_population, solved_round, store

SITE = "https://plek.school.test"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(database_url=f"sqlite:///{tmp_path / 'api.db'}", broker_url=None, site_url=SITE)


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as client:
        client.headers.update(bearer(make_token(client, "bureau")))
        yield client


def _engine(client: TestClient) -> Any:
    return client.app.state.engine  # type: ignore[attr-defined]


def _approved_round(client: TestClient) -> tuple[int, list[dict[str, Any]]]:
    """A solved round with every placed proposal accepted; its id and the placed proposals."""
    store(client, review_population())
    rid = solved_round(client)["id"]
    placed = [
        p for p in client.get(f"/rounds/{rid}/proposals?limit=500").json()["items"] if p["place_id"]
    ]
    assert len(placed) >= 2, placed
    for p in placed:
        version = client.get(f"/rounds/{rid}").json()["version"]
        done = client.post(
            f"/rounds/{rid}/proposals/{p['student_id']}/accept", json={"version": version}
        )
        assert done.status_code == 200, done.text
    return rid, placed


def _messages(client: TestClient) -> list[Any]:
    with Session(_engine(client)) as session:
        found = q.messages_for(session)
        session.expunge_all()
        return found


def test_publish_queues_one_message_per_student_and_company_account(client: TestClient) -> None:
    rid, placed = _approved_round(client)
    first, second = placed[0], placed[1]  # second has no account: no message
    student = make_account(client, "student", name="Sam", student_id=first["student_id"])
    companies = sorted({p["company_id"] for p in placed})
    company = make_account(client, "company", name="Garage", company_id=companies[0])
    off = make_account(client, "company", name="Oud", company_id=companies[0])
    with session_scope(_engine(client)) as session:
        get_account_row(session, off).active = False
    population = review_population()
    unused = sorted({c.company_id for c in population.companies} - set(companies))
    idle = make_account(client, "company", name="Leeg", company_id=unused[0]) if unused else None
    assert _messages(client) == []
    version = client.get(f"/rounds/{rid}").json()["version"]
    assert client.post(f"/rounds/{rid}/publish", json={"version": version}).status_code == 200
    found = {m.account_id: m for m in _messages(client)}
    assert set(found) == {student, company}, (found, idle, second)
    assert {m.kind for m in found.values()} == {"round_published"}
    to_student, to_company = found[student], found[company]
    assert to_student.subject == "Er is een BPV-plek voor je"
    assert to_student.body.startswith("Hallo Sam,")
    assert f"{SITE}/student" in to_student.body
    count = sum(1 for p in placed if p["company_id"] == companies[0])
    who = "1 student" if count == 1 else f"{count} studenten"
    assert f"{who} kan bij jullie" in to_company.body
    assert f"{SITE}/bedrijf" in to_company.body
    names = {s.name for s in population.students} | {s.student_id for s in population.students}
    texts = " ".join(m.subject + m.body for m in found.values())
    assert [n for n in names if n and n in texts] == []  # no student's name or code in a mail
    assert all(m.next_attempt_at is not None and m.sent_at is None for m in found.values())


def test_a_rolled_back_publish_leaves_no_message(client: TestClient) -> None:
    rid, placed = _approved_round(client)
    make_account(client, "student", student_id=placed[0]["student_id"])
    with Session(_engine(client)) as session:
        version = repo.get_round(session, rid).version
        lifecycle.publish_round(session, rid, version=version, actor="test", site_url=SITE)
        with session.no_autoflush:
            assert len(q.messages_for(session)) == 1  # queued inside the transaction ...
        session.rollback()  # ... and gone with it
    assert _messages(client) == []
    assert client.get(f"/rounds/{rid}").json()["status"] != "published"


def test_a_refused_publish_queues_nothing(client: TestClient) -> None:
    rid, placed = _approved_round(client)
    make_account(client, "student", student_id=placed[0]["student_id"])
    stale = client.get(f"/rounds/{rid}").json()["version"] - 1
    refused = client.post(f"/rounds/{rid}/publish", json={"version": stale})
    assert refused.status_code == 409
    assert _messages(client) == []


def test_erasing_a_student_deletes_the_mail_to_their_account(client: TestClient) -> None:
    rid, placed = _approved_round(client)
    sid = placed[0]["student_id"]
    student = make_account(client, "student", student_id=sid)
    company = make_account(client, "company", company_id=placed[0]["company_id"])
    version = client.get(f"/rounds/{rid}").json()["version"]
    assert client.post(f"/rounds/{rid}/publish", json={"version": version}).status_code == 200
    assert {m.account_id for m in _messages(client)} == {student, company}
    with session_scope(_engine(client)) as session:
        erase_student(session, sid, actor=Actor("test"))
    assert {m.account_id for m in _messages(client)} == {company}
