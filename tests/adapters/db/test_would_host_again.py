"""Migration 0012: an evaluation's "would host again" (the company's side) is stored, nullable."""

from __future__ import annotations

from alembic import command
from sqlalchemy import inspect

from adapters.db.engine import make_engine
from adapters.db.migrate import alembic_config, upgrade


def _columns(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return {c["name"] for c in inspect(engine).get_columns("bpv_evaluation")}
    finally:
        engine.dispose()


def test_migration_0012_adds_the_nullable_column_and_removes_it_again(db_url: str) -> None:
    upgrade(db_url, "0009")
    assert "would_host_again" not in _columns(db_url)
    upgrade(db_url, "0012")
    engine = make_engine(db_url)
    try:
        [column] = [
            c for c in inspect(engine).get_columns("bpv_evaluation")
            if c["name"] == "would_host_again"
        ]  # fmt: skip
        assert column["nullable"]
        with engine.connect() as connection:
            config = alembic_config(db_url)
            config.attributes["connection"] = connection
            command.downgrade(config, "0009")
            connection.commit()
    finally:
        engine.dispose()
    assert "would_host_again" not in _columns(db_url)
