"""A move refused for the company's supervision time says the hours in Dutch ("2,5 uur").

c01's one praktijkopleider gives 2,5 hours a week, so that is c01's budget in the round; s001
and s006 (2 hours each) both want c01's places, so moving s006 next to s001 is refused with
both numbers. The old message said "2.5 uur" (Python's ``:g``).
"""

from __future__ import annotations

from fastapi.testclient import TestClient

from adapters.db import praktijkopleider_queries as people
from adapters.db.engine import session_scope
from matcher.supervision import Praktijkopleider, SupportExperience
from tests.api.rounds_helpers import solved_round
from tests.api.test_rounds import _act, _by_student, client  # noqa: F401 (fixture)

SANNE = Praktijkopleider("c01", "Sanne", "sanne@test.invalid", "", 2.5, SupportExperience.VEEL)


def test_a_move_over_the_budget_says_the_hours_with_a_decimal_comma(
    client: TestClient,  # noqa: F811
) -> None:
    body = solved_round(client)
    rid, version = body["id"], body["version"]
    at = {sid: p["place_id"] for sid, p in _by_student(client, rid).items()}
    assert {at["s001"], at["s006"]} <= {"p001", "p005"}  # both at c01 (Garage De Eem)
    with session_scope(client.app.state.engine) as session:  # type: ignore[attr-defined]
        people.add(session.connection(), SANNE)
    target = "p005" if at["s006"] != "p005" else "p001"  # the other c01 place, next to s001
    moved = _act(client, rid, "s006", "move", version=version, place_id=target, reason="dichtbij")
    assert moved.status_code == 409, moved.text
    assert moved.json()["detail"] == (
        "Garage De Eem heeft 2,5 uur begeleiding per week; met deze student wordt dat 4 uur. "
        "Kies een andere plek."
    )
