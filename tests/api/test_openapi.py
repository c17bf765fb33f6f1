"""The OpenAPI document loads and lists every data route with a Dutch summary."""

from __future__ import annotations

from fastapi.testclient import TestClient

EXPECTED = {
    ("/students", "get"), ("/students", "post"),
    ("/students/{student_id}", "get"), ("/students/{student_id}", "patch"),
    ("/students/{student_id}", "delete"),
    ("/companies", "get"), ("/companies", "post"),
    ("/companies/{company_id}", "get"), ("/companies/{company_id}", "patch"),
    ("/companies/{company_id}", "delete"),
    ("/places", "get"), ("/places", "post"),
    ("/places/{place_id}", "get"), ("/places/{place_id}", "patch"),
    ("/places/{place_id}", "delete"),
    ("/imports", "post"),
    ("/students/{student_id}/shortlist", "get"),
}  # fmt: skip


def test_openapi_lists_all_routes_with_summaries(client: TestClient) -> None:
    response = client.get("/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    found = {(path, method) for path, ops in paths.items() for method in ops}
    assert found >= EXPECTED
    for path, method in EXPECTED:
        assert paths[path][method]["summary"], (path, method)


def test_create_schemas_use_contract_field_names(client: TestClient) -> None:
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    student = schemas["StudentCreate"]
    assert {"student_id", "birth_date", "crebo", "niveau", "leerweg", "hours_per_week"} <= set(
        student["required"]
    )
    assert student["properties"]["days_available"]["anyOf"][0]["type"] == "array"
    assert "Page_StudentPublic_" in schemas
