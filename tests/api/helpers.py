"""Helpers for API tests: upload the contract's example set, read an error's fields."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from tests.paths import EXAMPLES

KINDS = ("students", "companies", "places")


def upload(client: TestClient, folder: Path = EXAMPLES, **extra: Any) -> Any:
    """POST the three contract files of ``folder`` to /imports."""
    files = {
        kind: (f"{kind}.csv", (folder / f"{kind}.csv").read_bytes(), "text/csv") for kind in KINDS
    }
    return client.post("/imports", files={**files, **extra})


def load_examples(client: TestClient) -> None:
    """Store the contract example set through the API."""
    response = upload(client)
    assert response.status_code == 200, response.text


def issue_columns(response: Any) -> set[str]:
    """The fields (columns) named by a 422 answer."""
    return {i.get("column") or i.get("field") for i in response.json()["issues"]}
