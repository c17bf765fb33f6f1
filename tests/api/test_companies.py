"""Companies over HTTP: create, read, change, list with filters, remove only when unused."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.api.helpers import issue_columns, load_examples


def new_company(**overrides: Any) -> dict[str, Any]:
    """A valid create body (contract field names)."""
    body = {
        "company_id": "c10",
        "name": "Bakkerij De Korrel",
        "lat": 52.09,
        "lon": 5.12,
        "guidance_hours_per_week": 4,
        "sector": "horeca",
    }
    return {**body, **overrides}


def test_create_and_read(client: TestClient) -> None:
    created = client.post("/companies", json=new_company(expertise_areas=["taal", "structuur"]))
    assert created.status_code == 201, created.text
    body = client.get("/companies/c10").json()
    assert body == created.json()
    assert body["expertise_areas"] == ["structuur", "taal"]
    assert body["sbb_recognized"] is True  # contract default
    assert body["wheelchair_access"] == "no"


def test_bad_values_are_named(client: TestClient) -> None:
    response = client.post(
        "/companies",
        json=new_company(social_openness=5, wheelchair_access="misschien", lat=4.9, lon=52.1),
    )
    assert response.status_code == 422
    assert issue_columns(response) == {"social_openness", "wheelchair_access", "lat"}
    reasons = {i["column"]: i["reason"] for i in response.json()["issues"]}
    assert reasons["wheelchair_access"] == "kies uit: yes, arrangeable, no"
    assert "omgewisseld" in reasons["lat"]


def test_missing_required_field_is_named_in_dutch(client: TestClient) -> None:
    body = new_company()
    del body["guidance_hours_per_week"]
    response = client.post("/companies", json=body)
    assert response.status_code == 422
    assert issue_columns(response) == {"guidance_hours_per_week"}
    assert "ontbreekt" in response.json()["detail"]


def test_conflict_and_not_found(client: TestClient) -> None:
    assert client.post("/companies", json=new_company()).status_code == 201
    assert client.post("/companies", json=new_company()).status_code == 409
    assert client.get("/companies/c99").status_code == 404
    assert client.patch("/companies/c99", json={"name": "X"}).status_code == 404


def test_patch_changes_one_field(client: TestClient) -> None:
    client.post("/companies", json=new_company())
    response = client.patch("/companies/c10", json={"open_to_extra_support": True})
    assert response.status_code == 200
    assert response.json()["open_to_extra_support"] is True
    assert response.json()["name"] == "Bakkerij De Korrel"


def test_company_with_places_cannot_be_removed(client: TestClient) -> None:
    load_examples(client)
    response = client.delete("/companies/c01")
    assert response.status_code == 409
    assert "plek" in response.json()["detail"]
    assert client.get("/companies/c01").status_code == 200
    client.post("/companies", json=new_company())
    assert client.delete("/companies/c10").status_code == 204
    assert client.get("/companies/c10").status_code == 404


def test_list_filters(client: TestClient) -> None:
    load_examples(client)
    client.post("/companies", json=new_company(sbb_recognized=False))

    def ids(**params: Any) -> list[str]:
        return [c["company_id"] for c in client.get("/companies", params=params).json()["items"]]

    assert ids(sector="horeca") == ["c10"]
    assert ids(open_to_extra_support=False) == ["c03", "c10"]
    assert ids(recognised=False) == ["c10"]
    assert ids(recognised=True, limit=2) == ["c01", "c02"]
