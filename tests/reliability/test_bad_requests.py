"""Bad requests the fuzzer found are refused at the edge with a Dutch 422 naming the field."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.api.helpers import load_examples


def _issue(response: object) -> tuple[int, dict[str, str]]:
    status = response.status_code  # type: ignore[attr-defined]
    body = response.json()  # type: ignore[attr-defined]
    assert body["code"] == "invalid_input"
    assert body["detail"].startswith("Controleer de invoer")
    return status, body["issues"][0]


@pytest.mark.parametrize(
    ("url", "field"),
    [("/students?crebo=10%0001", "crebo"), ("/companies?sector=zorg%00", "sector")],
)
def test_nul_byte_in_a_query_parameter_is_refused(client: TestClient, url: str, field: str) -> None:
    status, issue = _issue(client.get(url))
    assert status == 422
    assert issue["field"] == field
    assert "stuurteken" in issue["reason"]


def test_nul_byte_in_the_address_is_refused(client: TestClient) -> None:
    status, issue = _issue(client.get("/students/s0%0001"))
    assert (status, issue["field"]) == (422, "adres")


def test_nul_byte_in_a_body_field_is_refused_and_nothing_changes(client: TestClient) -> None:
    load_examples(client)
    before = client.get("/students/s001").json()
    status, issue = _issue(client.patch("/students/s001", json={"name": "Jo\x00shua"}))
    assert (status, issue["field"]) == (422, "name")
    assert client.get("/students/s001").json() == before


def test_round_id_and_version_beyond_the_database_are_named(client: TestClient) -> None:
    status, issue = _issue(client.get(f"/rounds/{2**63}"))
    assert (status, issue["field"], issue["reason"]) == (422, "round_id", "is te groot")
    created = client.post("/rounds", json={"name": "Najaar"}).json()
    url = f"/rounds/{created['id']}/publish"
    status, issue = _issue(client.post(url, json={"version": 2**31}))
    assert (status, issue["field"]) == (422, "version")


def test_an_infinite_number_is_refused(client: TestClient) -> None:
    body = '{"name": "Najaar", "policy": {"weights": {"reis": 1e999}}}'
    response = client.post("/rounds", content=body, headers={"Content-Type": "application/json"})
    status, issue = _issue(response)
    assert status == 422
    assert issue["field"] == "policy.weights.reis"
    assert "oneindig" in issue["reason"]
