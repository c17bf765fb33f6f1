"""The companies JSON shows the supervision hours a round uses, and where they come from.

A company with praktijkopleiders is matched with the sum of their hours (and the best of their
experience); without them with its own number. GET /companies and GET /companies/{id} show that
same number in ``guidance_hours_per_week`` (as ``matcher export`` writes it), with the company's
own number beside it in ``stored_guidance_hours_per_week``, the people's sum in
``praktijkopleiders_hours_per_week`` and ``guidance_hours_source`` saying which one counts.
Checked without people, after adding one and a second, after removing one, and after removing
the last; and a PATCH of the hours changes the company's own number only.
"""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from adapters.db import praktijkopleider_queries as store
from adapters.db.engine import session_scope
from adapters.db.repositories import live_companies
from matcher.supervision import Praktijkopleider, SupportExperience
from tests.api.helpers import load_examples

C01_OWN_HOURS = 4.0  # the contract example's companies.csv
C02_OWN_HOURS = 6.0


def _engine(client: TestClient) -> Engine:
    return client.app.state.engine  # type: ignore[attr-defined,no-any-return]


def _add(client: TestClient, name: str, hours: float, experience: SupportExperience) -> int:
    person = Praktijkopleider("c01", name, f"{name.lower()}@garage.nl", "", hours, experience)
    with session_scope(_engine(client)) as session:
        return store.add(session.connection(), person)


def _remove(client: TestClient, person_id: int) -> None:
    with session_scope(_engine(client)) as session:
        assert store.remove(session.connection(), person_id, "c01")


def _round_hours(client: TestClient, company_id: str) -> tuple[float, int | None]:
    """What a round, move and shortlist use for the company (the one place: live_companies)."""
    with _engine(client).connect() as conn:
        seen = next(c for c in live_companies(conn) if c.company_id == company_id)
    return seen.guidance_hours_per_week, seen.support_experience


def _read(client: TestClient, company_id: str = "c01") -> dict[str, Any]:
    """The company from GET /companies/{id}, checked equal to its item in GET /companies."""
    one = client.get(f"/companies/{company_id}")
    assert one.status_code == 200, one.text
    listed = client.get("/companies").json()["items"]
    [item] = [c for c in listed if c["company_id"] == company_id]
    item.pop("track_record", None)  # the bureau's list adds the track record
    assert item == one.json()
    return one.json()  # type: ignore[no-any-return]


def _supervision(body: dict[str, Any]) -> tuple[Any, ...]:
    return (
        body["guidance_hours_per_week"],
        body["guidance_hours_source"],
        body["stored_guidance_hours_per_week"],
        body["praktijkopleiders_hours_per_week"],
        body["support_experience"],
        body["stored_support_experience"],
    )


def _same_as_the_round(client: TestClient, body: dict[str, Any]) -> None:
    hours, experience = _round_hours(client, body["company_id"])
    assert (body["guidance_hours_per_week"], body["support_experience"]) == (hours, experience)


def test_the_json_shows_the_hours_the_round_uses_before_and_after_people_change(
    client: TestClient,
) -> None:
    load_examples(client)
    body = _read(client)
    assert _supervision(body) == (C01_OWN_HOURS, "company", C01_OWN_HOURS, None, None, None)
    _same_as_the_round(client, body)

    sanne = _add(client, "Sanne", 2.5, SupportExperience.VEEL)
    body = _read(client)
    assert _supervision(body) == (2.5, "praktijkopleiders", C01_OWN_HOURS, 2.5, 2, None)
    _same_as_the_round(client, body)

    _add(client, "Mehmet", 4.0, SupportExperience.GEEN)
    body = _read(client)
    assert _supervision(body) == (6.5, "praktijkopleiders", C01_OWN_HOURS, 6.5, 2, None)
    _same_as_the_round(client, body)
    other = _read(client, "c02")  # another company's people are not counted
    assert _supervision(other) == (C02_OWN_HOURS, "company", C02_OWN_HOURS, None, None, None)

    _remove(client, sanne)
    body = _read(client)
    assert _supervision(body) == (4.0, "praktijkopleiders", C01_OWN_HOURS, 4.0, 0, None)
    _same_as_the_round(client, body)


def test_after_the_last_person_leaves_the_companys_own_number_counts_again(
    client: TestClient,
) -> None:
    load_examples(client)
    only = _add(client, "Sanne", 2.5, SupportExperience.ENIGE)
    changed = client.patch("/companies/c01", json={"guidance_hours_per_week": 9})
    assert changed.status_code == 200, changed.text
    # the PATCH changed the company's own number; the round keeps using the people's hours
    assert _supervision(changed.json()) == (2.5, "praktijkopleiders", 9.0, 2.5, 1, None)
    assert changed.json() == _read(client)
    _same_as_the_round(client, changed.json())

    _remove(client, only)
    body = _read(client)
    assert _supervision(body) == (9.0, "company", 9.0, None, None, None)
    _same_as_the_round(client, body)


def test_a_new_company_answers_with_its_own_number(client: TestClient) -> None:
    created = client.post(
        "/companies",
        json={"company_id": "c10", "name": "Bakkerij De Korrel", "lat": 52.09, "lon": 5.12,
              "guidance_hours_per_week": 3, "support_experience": 1},
    )  # fmt: skip
    assert created.status_code == 201, created.text
    assert _supervision(created.json()) == (3.0, "company", 3.0, None, 1, 1)
