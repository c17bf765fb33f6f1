"""App fixtures: a fresh app on a temporary SQLite database, and logged-in accounts per role."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from adapters.settings import Settings
from api.main import create_app
from tests.api.auth_helpers import bearer, make_token


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings for one test: its own SQLite file, no broker (in-process runner)."""
    return Settings(database_url=f"sqlite:///{tmp_path / 'api.db'}", broker_url=None)


@pytest.fixture
def anon(settings: Settings) -> Iterator[TestClient]:
    """A test client on a freshly migrated app, not logged in."""
    with TestClient(create_app(settings)) as test_client:
        yield test_client


@pytest.fixture
def client(anon: TestClient) -> TestClient:
    """The same app, logged in as a BPV-bureau employee (who may do everything the API offers)."""
    anon.headers.update(bearer(make_token(anon, "bureau")))
    return anon
