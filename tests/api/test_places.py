"""Places over HTTP: create, read, change, list with filters, remove only when unused."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.api.helpers import issue_columns, load_examples


def new_place(**overrides: Any) -> dict[str, Any]:
    """A valid create body (contract field names) at example company c04."""
    body = {"place_id": "p100", "company_id": "c04", "crebos": ["10001", "10003"]}
    return {**body, **overrides}


def test_create_at_the_company_location(client: TestClient) -> None:
    load_examples(client)
    created = client.post("/places", json=new_place(work_days=["ma", "di"], capacity=2))
    assert created.status_code == 201, created.text
    body = client.get("/places/p100").json()
    assert body == created.json()
    assert body["crebos"] == ["10001", "10003"]
    assert body["lat"] is None  # at the company's main location
    assert (body["capacity"], body["leerweg"]) == (2, "both")


def test_place_needs_an_existing_company(client: TestClient) -> None:
    load_examples(client)
    response = client.post("/places", json=new_place(company_id="c77"))
    assert response.status_code == 422
    assert issue_columns(response) == {"company_id"}
    assert client.get("/places/p100").status_code == 404
    moved = client.patch("/places/p001", json={"company_id": "c77"})
    assert moved.status_code == 422
    assert client.get("/places/p001").json()["company_id"] == "c01"


def test_checks_across_fields_like_the_import(client: TestClient) -> None:
    load_examples(client)
    response = client.post(
        "/places", json=new_place(niveau_min=3, niveau_max=2, capacity=0, crebos=["1234"])
    )
    assert response.status_code == 422
    assert issue_columns(response) == {"niveau_max", "capacity", "crebos"}


def test_patch_is_checked_against_the_stored_values(client: TestClient) -> None:
    load_examples(client)  # p001: hours 8-32
    response = client.patch("/places/p001", json={"hours_min": 36})
    assert response.status_code == 422
    assert issue_columns(response) == {"hours_max"}
    ok = client.patch("/places/p001", json={"hours_min": 12, "quiet_workspace": "yes"})
    assert ok.status_code == 200
    assert (ok.json()["hours_min"], ok.json()["quiet_workspace"]) == (12.0, "yes")


def test_conflict_and_not_found(client: TestClient) -> None:
    load_examples(client)
    assert client.post("/places", json=new_place(place_id="p001")).status_code == 409
    assert client.get("/places/p999").status_code == 404
    assert client.delete("/places/p999").status_code == 404


def test_a_wished_place_cannot_be_removed(client: TestClient) -> None:
    load_examples(client)  # s001 wishes p003
    response = client.delete("/places/p003")
    assert response.status_code == 409
    assert "wens" in response.json()["detail"]
    assert client.delete("/places/p001").status_code == 204
    assert client.get("/places/p001").status_code == 404


def test_list_filters(client: TestClient) -> None:
    load_examples(client)
    client.patch("/companies/c02", json={"sector": "zorg"})

    def ids(**params: Any) -> list[str]:
        response = client.get("/places", params=params)
        assert response.status_code == 200, response.text
        return [p["place_id"] for p in response.json()["items"]]

    assert ids(company_id="c01") == ["p001"]
    assert ids(crebo="10003") == ["p002", "p003", "p004"]
    assert ids(crebo="1000") == []  # a whole crebo, not a part of one
    assert ids(sector="zorg") == ["p002"]
    assert ids(min_capacity=2) == ["p001", "p002", "p004"]
    page = client.get("/places", params={"offset": 3, "limit": 10}).json()
    assert ([p["place_id"] for p in page["items"]], page["total"]) == (["p004"], 4)
