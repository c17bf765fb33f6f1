"""Migrations build exactly the schema the table models describe, from any working folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import SQLModel

import adapters.db.models  # noqa: F401  (registers the tables)
from adapters.db.engine import make_engine
from adapters.db.migrate import upgrade


def _differences(url: str) -> list[object]:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            return list(compare_metadata(context, SQLModel.metadata))
    finally:
        engine.dispose()


def test_upgrade_creates_exactly_the_model_schema(db_url: str) -> None:
    upgrade(db_url)
    assert _differences(db_url) == []


def test_empty_database_differs_from_models(db_url: str) -> None:
    assert _differences(db_url), "the comparison must be able to see a missing schema"


def test_upgrade_twice_is_harmless(db_url: str) -> None:
    upgrade(db_url)
    upgrade(db_url)
    engine = make_engine(db_url)
    try:
        tables = set(inspect(engine).get_table_names())
    finally:
        engine.dispose()
    assert {"student", "company", "place", "outcome", "alembic_version"} <= tables


def test_upgrade_works_from_another_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    target = tmp_path / "nested" / "folder" / "matcher.db"
    upgrade(f"sqlite:///{target}")
    assert target.exists()
    assert _differences(f"sqlite:///{target}") == []
