"""Fixtures for database tests: a migrated engine on SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from adapters.db.engine import make_engine
from adapters.db.migrate import upgrade


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """An engine on a freshly migrated database."""
    upgrade(db_url)
    engine = make_engine(db_url)
    yield engine
    engine.dispose()
