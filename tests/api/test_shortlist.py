"""Shortlist endpoint: only eligible places, travel limit and sector honoured, cache refreshed."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.api.helpers import issue_columns, load_examples

ON = {"date": "2025-09-01"}


def _setup(client: TestClient) -> None:
    """Examples plus a company near Zwolle whose building has no wheelchair access."""
    load_examples(client)
    client.patch("/companies/c02", json={"sector": "zorg"})
    company = {
        "company_id": "c20",
        "name": "Werkplaats Zonder Lift",
        "lat": 52.512,
        "lon": 6.085,
        "guidance_hours_per_week": 6,
        "open_to_extra_support": True,
        "social_openness": 3,
        "wheelchair_access": "no",
        "adapted_toilet": "yes",
        "sector": "bouw",
    }
    assert client.post("/companies", json=company).status_code == 201
    rowina = client.get("/students/s002").json()
    twin = {k: v for k, v in rowina.items() if k not in ("precision", "needs_extra_support")}
    twin.update(student_id="s200", needs_wheelchair_access=False)
    assert client.post("/students", json=twin).status_code == 201


def _add_place(client: TestClient) -> None:
    place = {
        "place_id": "p020",
        "company_id": "c20",
        "crebos": ["10002"],
        "hours_min": 8,
        "hours_max": 32,
        "max_hours_per_day": 6,
        "adjustable_workplace": "yes",
        "flexible_hours": True,
        "extra_breaks": True,
        "physical_load": 1,
    }
    assert client.post("/places", json=place).status_code == 201


def _places(client: TestClient, student_id: str, **params: Any) -> list[dict[str, Any]]:
    response = client.get(f"/students/{student_id}/shortlist", params={**ON, **params})
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


def test_wheelchair_user_never_gets_a_place_without_access(client: TestClient) -> None:
    _setup(client)
    assert [i["place_id"] for i in _places(client, "s002")] == ["p002"]  # cache built here
    _add_place(client)  # the cache must notice the new place
    assert "p020" in [i["place_id"] for i in _places(client, "s200")]
    assert [i["place_id"] for i in _places(client, "s002")] == ["p002"]


def test_items_carry_score_estimate_explanation_and_to_arrange(client: TestClient) -> None:
    _setup(client)
    response = client.get("/students/s002/shortlist", params=ON).json()
    assert "schatting" in response["travel_note"]
    (item,) = response["items"]
    assert item["company_name"] == "Zorgcentrum Het Baken"
    assert 0 < item["score"] <= 1
    assert item["travel_minutes_estimate"] > 0
    assert item["explanation"]["reasons"]
    assert item["explanation"]["details"]  # staff audience: the numbers behind the terms
    assert isinstance(item["to_arrange"], list)


def test_max_travel_minutes_and_sector(client: TestClient) -> None:
    _setup(client)
    _add_place(client)
    both = _places(client, "s200")
    assert {i["place_id"] for i in both} == {"p002", "p020"}
    near = _places(client, "s200", max_travel_minutes=5)
    assert all(i["travel_minutes_estimate"] <= 5 for i in near)
    assert len(near) < len(both)
    assert [i["place_id"] for i in _places(client, "s200", sector="zorg")] == ["p002"]
    assert [i["place_id"] for i in _places(client, "s200", sector="bouw")] == ["p020"]


def test_k_limits_the_list_best_first(client: TestClient) -> None:
    _setup(client)
    _add_place(client)
    both = _places(client, "s200")
    assert [i["score"] for i in both] == sorted((i["score"] for i in both), reverse=True)
    assert _places(client, "s200", k=1) == both[:1]


def test_unknown_student_is_404_and_bad_date_is_422(client: TestClient) -> None:
    _setup(client)
    assert client.get("/students/nope/shortlist").status_code == 404
    response = client.get("/students/s002/shortlist", params={"date": "1-9-2025"})
    assert response.status_code == 422
    assert issue_columns(response) == {"date"}
    assert client.get("/students/s002/shortlist", params={"k": 0}).status_code == 422


def test_without_places_the_list_is_empty(client: TestClient) -> None:
    client.post(
        "/students",
        json={
            "student_id": "s1",
            "birth_date": "2007-01-01",
            "postcode": "3811",
            "crebo": "10001",
            "niveau": 2,
            "leerweg": "bol",
            "hours_per_week": 20,
        },
    )
    assert _places(client, "s1") == []
