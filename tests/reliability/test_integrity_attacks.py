"""Try to break each invariant the code relies on, through the API, on PostgreSQL.

Every attack comes in through HTTP, several at once where a race could slip past a check:
ids stay unique, capacity never drops below one or is overbooked, a student has one proposal
per run and one active lock, and a company with places cannot vanish from under them. Each
attack gets a clear Dutch 4xx, never a 5xx, and the database shows nothing broke.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select

from adapters.db import round_repositories as repo
from adapters.db.engine import make_engine, session_scope
from adapters.db.models import PlaceRow, StudentRow
from adapters.db.round_models import ProposalRow, RoundDecisionRow
from adapters.settings import Settings
from api.main import create_app
from tests.api.auth_helpers import bearer, make_token
from tests.api.helpers import EXAMPLES
from tests.api.rounds_helpers import review_population, solved_round, store

ATTACKERS = 8

pytestmark = pytest.mark.slow


@pytest.fixture
def direct(postgres_url: str) -> Iterator[Engine]:
    engine = make_engine(postgres_url)
    yield engine
    engine.dispose()


@pytest.fixture
def api(postgres_url: str) -> Iterator[TestClient]:
    """The app on PostgreSQL, the review population stored, logged in as the bureau."""
    settings = Settings(database_url=postgres_url, broker_url=None)
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        client.headers.update(bearer(make_token(client, "bureau")))
        store(client, review_population())
        yield client
        client.app.state.engine.dispose()  # type: ignore[attr-defined]


def _at_once(calls: list[Callable[[], Any]]) -> list[Any]:
    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return [f.result() for f in [pool.submit(call) for call in calls]]


def _count(direct: Engine, stmt: Any) -> int:
    with session_scope(direct) as session:
        return int(session.execute(stmt).scalar_one())


def _statuses(responses: list[Any]) -> Counter[int]:
    return Counter(r.status_code for r in responses)


def test_unique_ids_hold_when_the_same_student_is_created_at_once(
    api: TestClient, direct: Engine
) -> None:
    body = api.get("/students/s001").json()
    new = {k: body[k] for k in ("birth_date", "crebo", "niveau", "leerweg", "hours_per_week")}
    new |= {"student_id": "s900", "lat": body["lat"], "lon": body["lon"]}
    answers = _at_once([lambda: api.post("/students", json=new)] * ATTACKERS)
    assert _statuses(answers) == {201: 1, 409: ATTACKERS - 1}
    refused = next(a for a in answers if a.status_code == 409).json()
    assert "al in gebruik" in refused["detail"]
    stmt = select(func.count()).where(StudentRow.student_id == "s900")
    assert _count(direct, stmt) == 1


def test_unique_ids_hold_in_an_upload_with_a_duplicated_row(
    api: TestClient, direct: Engine
) -> None:
    lines = (EXAMPLES / "students.csv").read_text(encoding="utf-8").splitlines()
    before = _count(direct, select(func.count()).select_from(StudentRow))
    content = "\n".join([*lines, lines[1]]) + "\n"  # the first student once more
    response = api.post("/imports", files={"students": ("students.csv", content, "text/csv")})
    assert response.status_code == 422
    issue = next(i for i in response.json()["issues"] if i["column"] == "student_id")
    assert "maar één keer" in issue["reason"]
    assert issue["row"] == len(lines) + 1
    assert _count(direct, select(func.count()).select_from(StudentRow)) == before


@pytest.mark.parametrize("capacity", [0, -1, -1000])
def test_capacity_cannot_go_below_one(api: TestClient, direct: Engine, capacity: int) -> None:
    changed = api.patch("/places/p001", json={"capacity": capacity})
    assert changed.status_code == 422
    assert "capacity" in changed.text
    created = api.post(
        "/places",
        json={"place_id": "p900", "company_id": "c01", "crebos": ["25180"], "capacity": capacity},
    )
    assert created.status_code == 422
    assert "capacity" in created.text
    stored = select(PlaceRow.capacity).where(PlaceRow.place_id == "p001")
    with session_scope(direct) as session:
        assert session.execute(stored).scalar_one() >= 1
    assert _count(direct, select(func.count()).where(PlaceRow.place_id == "p900")) == 0


def test_a_place_is_never_overbooked_by_moves_at_once(api: TestClient, direct: Engine) -> None:
    body = solved_round(api)
    rid, version = body["id"], body["version"]
    students = ["s001", "s006", "s002", "s003"]
    move = {"version": version, "place_id": "p005", "reason": "dichtbij"}
    answers = _at_once(
        [lambda s=s: api.post(f"/rounds/{rid}/proposals/{s}/move", json=move) for s in students]
    )
    assert all(a.status_code < 500 for a in answers), [a.text for a in answers]
    assert sum(a.status_code == 200 for a in answers) <= 1  # one version: one winner at most
    with session_scope(direct) as session:
        run = repo.get_round(session, rid).current_run
    holders = select(func.count()).where(
        ProposalRow.round_id == rid,
        ProposalRow.run == run,
        ProposalRow.place_id == "p005",
        ProposalRow.decision != "rejected",
    )
    assert _count(direct, holders) <= 1  # p005 has one seat


def test_one_proposal_per_student_per_run_under_concurrent_review(
    api: TestClient, direct: Engine
) -> None:
    body = solved_round(api)
    rid, version = body["id"], body["version"]
    placed = next(
        p["student_id"]
        for p in api.get(f"/rounds/{rid}/proposals").json()["items"]
        if p["place_id"] is not None
    )
    url = f"/rounds/{rid}/proposals/{placed}"
    calls = [
        lambda: api.post(f"{url}/accept", json={"version": version}),
        lambda: api.post(f"{url}/reject", json={"version": version, "reason": "te ver"}),
        lambda: api.post(f"{url}/lock", json={"version": version}),
        lambda: api.post(f"{url}/comment", json={"version": version, "comment": "ok"}),
    ] * 2
    answers = _at_once(calls)
    assert _statuses(answers) == {200: 1, 409: len(calls) - 1}
    with session_scope(direct) as session:
        row = repo.get_round(session, rid)
        stored_version, run = row.version, row.current_run
        actions = [e.action for e in repo.list_events(session, rid)]
    assert stored_version == version + 1
    reviews = {"accepted", "rejected", "locked", "commented"}
    assert sum(a in reviews for a in actions) == 1
    per_student = select(func.count()).where(
        ProposalRow.round_id == rid,
        ProposalRow.run == run,
        ProposalRow.student_id == placed,
    )
    assert _count(direct, per_student) == 1


def test_one_active_lock_per_student(api: TestClient, direct: Engine) -> None:
    body = solved_round(api)
    rid = body["id"]
    items = {p["student_id"]: p for p in api.get(f"/rounds/{rid}/proposals").json()["items"]}
    student = next(s for s in ("s001", "s006") if items[s]["place_id"] not in (None, "p005"))
    locked = api.post(f"/rounds/{rid}/proposals/{student}/lock", json={"version": body["version"]})
    assert locked.status_code == 200, locked.text
    target = "p005" if items[student]["place_id"] != "p005" else "p001"
    again = api.post(
        f"/rounds/{rid}/proposals/{student}/lock", json={"version": locked.json()["version"]}
    )
    assert again.status_code == 200, again.text
    moved = api.post(
        f"/rounds/{rid}/proposals/{student}/move",
        json={"version": again.json()["version"], "place_id": target},
    )
    assert moved.status_code in (200, 409), moved.text
    active = select(func.count()).where(
        RoundDecisionRow.round_id == rid,
        RoundDecisionRow.student_id == student,
        RoundDecisionRow.active_lock.is_(True),  # type: ignore[attr-defined]
    )
    assert _count(direct, active) == 1


def test_a_company_with_places_cannot_be_deleted(api: TestClient, direct: Engine) -> None:
    answers = _at_once([lambda: api.delete("/companies/c01")] * 4)
    assert _statuses(answers) == {409: 4}
    assert "plek" in answers[0].json()["detail"]
    stmt = select(func.count()).where(PlaceRow.company_id == "c01")
    assert _count(direct, stmt) >= 1
