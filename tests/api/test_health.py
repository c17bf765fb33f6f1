"""Health and readiness answer, and readiness tells when the database is away."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from adapters.settings import Settings
from api.main import create_app


def test_health_and_ready(client: TestClient) -> None:
    assert client.get("/health").json() == {"status": "ok"}
    ready = client.get("/ready")
    assert ready.status_code == 200
    assert ready.json()["checks"]["database"] == "ok"


def test_ready_reports_an_unreachable_broker(tmp_path: Path) -> None:
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'a.db'}", broker_url="redis://127.0.0.1:1/0"
    )
    with TestClient(create_app(settings)) as client:
        ready = client.get("/ready")
    assert ready.status_code == 503
    assert ready.json()["checks"]["broker"].startswith("niet bereikbaar")
