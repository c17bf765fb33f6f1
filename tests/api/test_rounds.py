"""The round API end to end on the in-process runner, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from adapters.settings import Settings
from api.main import create_app
from tests.api.auth_helpers import bearer, make_token
from tests.api.rounds_helpers import review_population, solved_round, store, wait_for

# Authorization headers of two bureau employees; filled per test by the client fixture.
ALICE: dict[str, str] = {}
BOB: dict[str, str] = {}


@pytest.fixture
def client(db_url: str) -> Iterator[TestClient]:
    """A client on a fresh database holding the review population."""
    with TestClient(create_app(Settings(database_url=db_url, broker_url=None))) as test_client:
        store(test_client, review_population())
        for headers, name in ((ALICE, "alice"), (BOB, "bob")):
            headers.clear()
            headers.update(bearer(make_token(test_client, "bureau", name=name)))
        test_client.headers.update(ALICE)
        yield test_client


def _proposals(client: TestClient, round_id: int, **params: Any) -> dict[str, Any]:
    response = client.get(f"/rounds/{round_id}/proposals", params=params)
    assert response.status_code == 200, response.text
    return dict(response.json())


def _by_student(client: TestClient, round_id: int) -> dict[str, dict[str, Any]]:
    items = _proposals(client, round_id, limit=500)["items"]
    return {p["student_id"]: p for p in items}


def _act(client: TestClient, rid: int, sid: str, action: str, **body: Any) -> Any:
    return client.post(f"/rounds/{rid}/proposals/{sid}/{action}", json=body, headers=ALICE)


def test_create_round_returns_draft_with_location(client: TestClient) -> None:
    response = client.post(
        "/rounds",
        json={"name": "Najaar", "filters": {"crebo": ["10001"]}, "policy": {"min_score": 0.1}},
        headers=ALICE,
    )
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "draft"
    assert body["version"] == 1
    assert body["created_by"].startswith("alice (#")
    assert response.headers["Location"] == f"/rounds/{body['id']}"
    assert client.get("/rounds").json()[0]["id"] == body["id"]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({}, "name"),
        ({"name": ""}, "name"),
        ({"name": "x", "policy": {"weights": {"geluk": 1}}}, "policy.weights.geluk"),
        ({"name": "x", "policy": {"min_score": 2}}, "policy.min_score"),
        ({"name": "x", "filters": {"region": {"lat": 52, "lon": 5}}}, "filters.region.radius_km"),
        ({"name": "x", "filters": {"kleur": "rood"}}, "filters.kleur"),
        ({"name": "x", "bpv_start": "morgen"}, "bpv_start"),
    ],
)
def test_create_round_names_the_bad_field(
    client: TestClient, payload: dict[str, Any], field: str
) -> None:
    response = client.post("/rounds", json=payload)
    assert response.status_code == 422
    fields = [i["field"] for i in response.json()["issues"]]
    assert any(f.startswith(field) for f in fields), fields


def test_unknown_round_is_404_everywhere(client: TestClient) -> None:
    for method, path in [
        ("get", "/rounds/999"),
        ("post", "/rounds/999/start"),
        ("get", "/rounds/999/proposals"),
        ("get", "/rounds/999/events"),
        ("get", "/rounds/999/diff"),
        ("get", "/rounds/999/export"),
    ]:
        response = getattr(client, method)(path)
        assert response.status_code == 404, (path, response.text)
        assert "bestaat niet" in response.json()["detail"]
    assert client.post("/rounds/999/rerun", json={"version": 1}).status_code == 404
    assert client.post("/rounds/999/publish", json={"version": 1}).status_code == 404


def test_round_runs_to_solved_with_every_student_once(client: TestClient) -> None:
    body = solved_round(client)
    assert body["status"] == "solved", body["error"]
    assert body["progress"] == 100
    assert body["current_run"] == 1
    assert body["summary"]["students"] == 6
    page = _proposals(client, body["id"], limit=500)
    assert page["total"] == 6
    assert sorted(p["student_id"] for p in page["items"]) == [f"s00{i}" for i in range(1, 7)]


def test_start_of_a_solved_round_is_refused_and_not_run_again(client: TestClient) -> None:
    body = solved_round(client)
    response = client.post(f"/rounds/{body['id']}/start")
    assert response.status_code == 409
    assert client.get(f"/rounds/{body['id']}").json()["current_run"] == 1


def test_filters_select_students_and_places(client: TestClient) -> None:
    body = solved_round(client, filters={"crebo": ["10001"]})
    ids = set(_by_student(client, body["id"]))
    assert ids == {"s001", "s004", "s006"}


def test_proposals_page_filter_and_sort(client: TestClient) -> None:
    rid = solved_round(client)["id"]
    first = _proposals(client, rid, limit=2, sort="-score")
    assert first["total"] == 6
    assert len(first["items"]) == 2
    scores = [p["score"] for p in first["items"]]
    assert scores == sorted(scores, reverse=True)
    priority = _proposals(client, rid, priority=True)["items"]
    assert {p["student_id"] for p in priority} == {"s001", "s004"}
    zorg = _proposals(client, rid, sector="zorg")["items"]
    assert zorg
    assert all(p["company_id"] == "c02" for p in zorg)
    low = _proposals(client, rid, score_below=0.0)
    assert low["total"] == 0
    bad = client.get(f"/rounds/{rid}/proposals", params={"limit": 0})
    assert bad.status_code == 422
    assert bad.json()["issues"][0]["field"] == "limit"


def test_stale_version_is_409_and_overwrites_nothing(client: TestClient) -> None:
    body = solved_round(client)
    rid, version = body["id"], body["version"]
    first = _act(client, rid, "s002", "comment", version=version, comment="Eerst bellen")
    assert first.status_code == 200
    late = client.post(
        f"/rounds/{rid}/proposals/s002/comment",
        json={"version": version, "comment": "Anders"},
        headers=BOB,
    )
    assert late.status_code == 409
    assert "Iemand anders" in late.json()["detail"]
    assert _by_student(client, rid)["s002"]["comment"] == "Eerst bellen"


def test_accept_marks_round_in_review_and_is_audited(client: TestClient) -> None:
    body = solved_round(client)
    rid = body["id"]
    response = _act(client, rid, "s002", "accept", version=body["version"])
    assert response.status_code == 200
    assert response.json()["proposal"]["decision"] == "accepted"
    assert response.json()["version"] == body["version"] + 1
    assert client.get(f"/rounds/{rid}").json()["status"] == "in_review"
    events = client.get(f"/rounds/{rid}/events").json()
    assert [e["action"] for e in events][-1] == "accepted"
    assert events[-1]["actor"].startswith("alice (#")
    assert events[-1]["detail"]["student_id"] == "s002"


def test_reject_needs_a_reason(client: TestClient) -> None:
    body = solved_round(client)
    response = _act(client, body["id"], "s002", "reject", version=body["version"])
    assert response.status_code == 422
    assert response.json()["issues"][0]["field"] == "reason"


def test_review_of_unknown_student_is_404(client: TestClient) -> None:
    body = solved_round(client)
    response = _act(client, body["id"], "s999", "accept", version=body["version"])
    assert response.status_code == 404


def test_move_to_unfit_place_is_409_with_the_rule(client: TestClient) -> None:
    body = solved_round(client)
    response = _act(client, body["id"], "s001", "move", version=body["version"], place_id="p002")
    assert response.status_code == 409
    assert response.json()["code"] == "rule_violation"
    assert "past niet" in response.json()["detail"]
    assert _by_student(client, body["id"])["s001"]["decision"] == "open"


def test_move_checks_capacity(client: TestClient) -> None:
    body = solved_round(client)
    rid, version = body["id"], body["version"]
    at = {sid: p["place_id"] for sid, p in _by_student(client, rid).items()}
    mover, other = ("s006", "s001") if at["s001"] == "p005" else ("s001", "s006")
    if at[mover] != "p005" and at[other] != "p005":
        moved = _act(
            client, rid, mover, "move", version=version, place_id="p005", reason="dichtbij"
        )
        assert moved.status_code == 200, moved.text
        assert moved.json()["proposal"]["decision"] == "moved"
        version = moved.json()["version"]
        mover, other = other, mover
    full = _act(client, rid, mover, "move", version=version, place_id="p005")
    assert full.status_code == 409
    assert "vol" in full.json()["detail"]
    missing = _act(client, rid, mover, "move", version=version, place_id="p999")
    assert missing.status_code == 404


def test_reject_then_rerun_avoids_the_place_and_shows_the_diff(client: TestClient) -> None:
    body = solved_round(client)
    rid = body["id"]
    place = _by_student(client, rid)["s003"]["place_id"]
    rejected = _act(client, rid, "s003", "reject", version=body["version"], reason="Te druk")
    assert rejected.status_code == 200
    locked = _act(client, rid, "s002", "lock", version=rejected.json()["version"])
    assert locked.status_code == 200
    assert locked.json()["proposal"]["locked"] is True
    rerun = client.post(f"/rounds/{rid}/rerun", json={"version": locked.json()["version"]})
    assert rerun.status_code == 202
    assert rerun.headers["Location"] == f"/rounds/{rid}"
    after = wait_for(client, rid, "solved", "failed")
    assert after["status"] == "solved", after["error"]
    assert after["current_run"] == 2
    now = _by_student(client, rid)
    assert now["s003"]["place_id"] != place
    assert now["s002"]["locked"] is True
    diff = client.get(f"/rounds/{rid}/diff").json()
    assert diff["before_run"] == 1
    assert diff["after_run"] == 2
    change = next(c for c in diff["changes"] if c["student_id"] == "s003")
    assert change["before"] == place
    assert "afgewezen" in change["reason"]


def test_diff_needs_two_runs(client: TestClient) -> None:
    body = solved_round(client)
    assert client.get(f"/rounds/{body['id']}/diff").status_code == 409


def test_rerun_with_stale_version_is_409(client: TestClient) -> None:
    body = solved_round(client)
    response = client.post(f"/rounds/{body['id']}/rerun", json={"version": body["version"] - 1})
    assert response.status_code == 409


def test_export_has_only_approved_matches(client: TestClient) -> None:
    body = solved_round(client)
    rid = body["id"]
    _act(client, rid, "s002", "accept", version=body["version"])
    response = client.get(f"/rounds/{rid}/export", params={"format": "csv"})
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [r["student_id"] for r in rows] == ["s002"]
    xlsx = client.get(f"/rounds/{rid}/export", params={"format": "xlsx"})
    assert xlsx.status_code == 200
    assert xlsx.content[:2] == b"PK"
    bad = client.get(f"/rounds/{rid}/export", params={"format": "pdf"})
    assert bad.status_code == 422
    assert bad.json()["issues"][0]["field"] == "format"


def test_export_before_solving_is_409(client: TestClient) -> None:
    rid = client.post("/rounds", json={"name": "x"}).json()["id"]
    assert client.get(f"/rounds/{rid}/export").status_code == 409


def test_publish_freezes_the_round(client: TestClient) -> None:
    body = solved_round(client)
    rid = body["id"]
    published = client.post(f"/rounds/{rid}/publish", json={"version": body["version"]})
    assert published.status_code == 200
    assert published.json()["status"] == "published"
    late = _act(client, rid, "s002", "accept", version=published.json()["version"])
    assert late.status_code == 409
    again = client.post(f"/rounds/{rid}/publish", json={"version": published.json()["version"]})
    assert again.status_code == 409
    actions = [e["action"] for e in client.get(f"/rounds/{rid}/events").json()]
    assert actions == ["created", "started", "running", "solved", "published"]


def test_review_body_names_the_bad_field(client: TestClient) -> None:
    body = solved_round(client)
    rid = body["id"]
    response = client.post(f"/rounds/{rid}/proposals/s001/move", json={"version": "x"})
    fields = {i["field"] for i in response.json()["issues"]}
    assert response.status_code == 422
    assert {"version", "place_id"} <= fields
