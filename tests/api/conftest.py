"""App fixtures: a fresh app on a temporary SQLite database (or PostgreSQL via db_url)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from adapters.settings import Settings
from api.main import create_app


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings for one test: its own SQLite file, no broker (in-process runner)."""
    return Settings(database_url=f"sqlite:///{tmp_path / 'api.db'}", broker_url=None)


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    """A test client on a freshly migrated app."""
    with TestClient(create_app(settings)) as test_client:
        yield test_client
