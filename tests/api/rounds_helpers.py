"""Helpers for the round API tests: a population with room to move, and waiting for a round."""

from __future__ import annotations

import time
from dataclasses import replace
from typing import Any

from fastapi.testclient import TestClient

from adapters.db.engine import session_scope
from adapters.db.repositories import save_population
from matcher.domain import PlaceId, Population, StudentId
from tests.factories import example_population

WAIT_S = 60.0


def review_population() -> Population:
    """The contract example plus one more small place at c01 and a sixth student like s001."""
    base = example_population()
    s001 = next(s for s in base.students if s.student_id == "s001")
    p001 = next(p for p in base.places if p.place_id == "p001")
    extra_place = replace(p001, place_id=PlaceId("p005"), capacity=1)
    return replace(
        base,
        students=(*base.students, replace(s001, student_id=StudentId("s006"), priority=False)),
        places=(*base.places, extra_place),
    )


def store(client: TestClient, population: Population) -> None:
    """Save the population as the app's current dataset."""
    with session_scope(client.app.state.engine) as session:  # type: ignore[attr-defined]
        save_population(session, population)


def wait_for(client: TestClient, round_id: int, *statuses: str) -> dict[str, Any]:
    """Poll the round until it reaches one of the statuses (bounded)."""
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        body: dict[str, Any] = client.get(f"/rounds/{round_id}").json()
        if body["status"] in statuses:
            return body
        time.sleep(0.05)
    raise AssertionError(f"round {round_id} did not reach {statuses}: {body}")


def solved_round(client: TestClient, **create: Any) -> dict[str, Any]:
    """Create and start a round and wait until it is solved."""
    payload = {"name": "Najaar", "bpv_start": "2026-09-01", **create}
    created = client.post("/rounds", json=payload)
    assert created.status_code == 201, created.text
    round_id = created.json()["id"]
    assert client.post(f"/rounds/{round_id}/start").status_code == 202
    return wait_for(client, round_id, "solved", "failed")
