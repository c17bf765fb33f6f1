"""Students over HTTP: create, read, change, list with filters and paging, remove."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.api.helpers import issue_columns, load_examples


def new_student(**overrides: Any) -> dict[str, Any]:
    """A valid create body (contract field names)."""
    body = {
        "student_id": "s100",
        "birth_date": "2007-01-01",
        "postcode": "3811",
        "crebo": "10001",
        "niveau": 2,
        "leerweg": "bol",
        "hours_per_week": 20,
    }
    return {**body, **overrides}


def test_create_fills_contract_defaults_and_can_be_read_back(client: TestClient) -> None:
    created = client.post("/students", json=new_student(days_available=["ma", "wo"]))
    assert created.status_code == 201, created.text
    body = client.get("/students/s100").json()
    assert body == created.json()
    assert body["days_available"] == ["ma", "wo"]
    assert body["travel_mode"] == "ov"  # contract default
    assert body["max_travel_minutes"] == 45
    assert body["needs_extra_support"] is False


def test_bad_values_are_all_named_in_dutch_like_the_file_import(client: TestClient) -> None:
    response = client.post(
        "/students",
        json=new_student(
            crebo="123", niveau=7, leerweg="avond", days_available=["ma", "zondagmiddag"]
        ),
    )
    assert response.status_code == 422
    assert issue_columns(response) == {"crebo", "niveau", "leerweg", "days_available"}
    reasons = {i["column"]: i["reason"] for i in response.json()["issues"]}
    assert reasons["niveau"] == "moet een heel getal van 1 tot en met 4 zijn"
    assert reasons["leerweg"] == "kies uit: bol, bbl"
    assert "Er is niets opgeslagen" in response.json()["detail"]
    assert client.get("/students").json()["total"] == 0


def test_school_hours_are_stored_and_checked(client: TestClient) -> None:
    created = client.post("/students", json=new_student(school_hours_per_week=8))
    assert created.status_code == 201, created.text
    assert client.get("/students/s100").json()["school_hours_per_week"] == 8.0
    refused = client.patch("/students/s100", json={"school_hours_per_week": -1})
    assert refused.status_code == 422
    assert issue_columns(refused) == {"school_hours_per_week"}


def test_wrong_json_type_and_unknown_field_are_named(client: TestClient) -> None:
    response = client.post("/students", json=new_student(niveau="twee", kleur="blauw"))
    assert response.status_code == 422
    assert issue_columns(response) == {"niveau", "kleur"}
    assert "moet een heel getal zijn" in response.json()["detail"]


def test_a_bad_postcode_is_refused(client: TestClient) -> None:
    response = client.post("/students", json=new_student(postcode="12 AB 34"))
    assert response.status_code == 422
    assert issue_columns(response) == {"postcode"}


def test_same_id_twice_is_a_conflict(client: TestClient) -> None:
    assert client.post("/students", json=new_student()).status_code == 201
    again = client.post("/students", json=new_student(name="Iemand anders"))
    assert again.status_code == 409
    assert "al in gebruik" in again.json()["detail"]


def test_patch_changes_only_what_is_sent_and_keeps_the_location(client: TestClient) -> None:
    before = client.post("/students", json=new_student(name="Sam")).json()
    response = client.patch("/students/s100", json={"niveau": 3, "needs_extra_breaks": True})
    assert response.status_code == 200, response.text
    after = response.json()
    assert after["niveau"] == 3
    assert after["needs_extra_breaks"] is True
    assert after["needs_extra_support"] is True
    unchanged = {
        k: v
        for k, v in after.items()
        if k not in ("niveau", "needs_extra_breaks", "needs_extra_support")
    }
    assert unchanged == {k: v for k, v in before.items() if k in unchanged}
    assert after["precision"] == before["precision"] == "place"


def test_patch_is_validated_as_a_whole_and_stores_nothing_when_wrong(client: TestClient) -> None:
    client.post("/students", json=new_student())
    response = client.patch("/students/s100", json={"niveau": 9, "hours_per_week": 0})
    assert response.status_code == 422
    assert issue_columns(response) == {"niveau", "hours_per_week"}
    assert client.get("/students/s100").json()["niveau"] == 2


def test_patch_can_move_a_student_with_lat_lon(client: TestClient) -> None:
    client.post("/students", json=new_student())
    moved = client.patch("/students/s100", json={"lat": 52.09, "lon": 5.12}).json()
    assert (moved["lat"], moved["lon"], moved["precision"]) == (52.09, 5.12, "exact")


def test_missing_student_is_404_for_read_patch_and_delete(client: TestClient) -> None:
    assert client.get("/students/nope").status_code == 404
    assert client.patch("/students/nope", json={"niveau": 2}).status_code == 404
    response = client.delete("/students/nope")
    assert response.status_code == 404
    assert "nope" in response.json()["detail"]


def test_delete_removes_the_student(client: TestClient) -> None:
    client.post("/students", json=new_student())
    assert client.delete("/students/s100").status_code == 204
    assert client.get("/students/s100").status_code == 404


def test_list_pages_in_id_order(client: TestClient) -> None:
    load_examples(client)
    first = client.get("/students", params={"limit": 2}).json()
    second = client.get("/students", params={"limit": 2, "offset": 2}).json()
    assert [s["student_id"] for s in first["items"]] == ["s001", "s002"]
    assert [s["student_id"] for s in second["items"]] == ["s003", "s004"]
    assert first["total"] == second["total"] == 5
    assert (second["offset"], second["limit"]) == (2, 2)


def test_list_refuses_a_page_over_500(client: TestClient) -> None:
    response = client.get("/students", params={"limit": 501})
    assert response.status_code == 422
    assert issue_columns(response) == {"limit"}


def test_list_filters(client: TestClient) -> None:
    load_examples(client)

    def ids(**params: Any) -> list[str]:
        response = client.get("/students", params=params)
        assert response.status_code == 200, response.text
        return [s["student_id"] for s in response.json()["items"]]

    assert ids(crebo="10001") == ["s001", "s004"]
    assert ids(niveau=3) == ["s002"]
    assert ids(priority=True) == ["s001", "s004"]
    with_support = ids(needs_support=True)
    without = ids(needs_support=False)
    assert set(with_support) | set(without) == {"s001", "s002", "s003", "s004", "s005"}
    assert "s002" in with_support
    assert not set(with_support) & set(without)
    assert ids(postcode="3811", radius_km=10) == ["s001"]  # Amersfoort


def test_unknown_postcode_filter_is_422(client: TestClient) -> None:
    response = client.get("/students", params={"postcode": "abc"})
    assert response.status_code == 422
    assert issue_columns(response) == {"postcode"}
