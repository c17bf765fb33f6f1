"""Engine settings and the unit-of-work session scope."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from adapters.db.engine import make_engine, normalize_url, session_scope
from adapters.db.repositories import COMPANY_TABLE, save_population
from matcher.domain import Population
from tests.factories import make_company


def test_sqlite_enforces_foreign_keys_and_uses_wal(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'new' / 'x.db'}")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    engine.dispose()


def test_plain_postgres_url_gets_psycopg_driver() -> None:
    assert normalize_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalize_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalize_url("sqlite:///x.db") == "sqlite:///x.db"


def _company_count(engine: Engine) -> int:
    with session_scope(engine) as session:
        return int(
            session.connection()
            .execute(select(func.count()).select_from(COMPANY_TABLE))
            .scalar_one()
        )


def test_session_scope_commits_on_success(engine: Engine) -> None:
    with session_scope(engine) as session:
        save_population(session, Population(companies=(make_company("c01"),)))
    assert _company_count(engine) == 1


def test_session_scope_rolls_back_on_error(engine: Engine) -> None:
    def save_then_fail() -> None:
        with session_scope(engine) as session:
            save_population(session, Population(companies=(make_company("c01"),)))
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        save_then_fail()
    assert _company_count(engine) == 0
