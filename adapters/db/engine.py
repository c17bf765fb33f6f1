"""Engines and sessions: one engine per database URL, one session per unit of work."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlmodel import Session

_POSTGRES_DRIVER = "postgresql+psycopg"


def normalize_url(url: str) -> str:
    """The URL with the psycopg 3 driver filled in for plain ``postgres(ql)://`` URLs."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return _POSTGRES_DRIVER + "://" + url[len(prefix) :]
    return url


def make_engine(url: str) -> Engine:
    """An engine for ``url``: SQLite with foreign keys and WAL, PostgreSQL with pre-ping."""
    sa_url = make_url(normalize_url(url))
    if sa_url.get_backend_name() != "sqlite":
        return create_engine(sa_url, pool_pre_ping=True)
    database = sa_url.database
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(sa_url, connect_args={"check_same_thread": False})
    event.listen(engine, "connect", _sqlite_on_connect)
    return engine


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    """Turn on foreign keys and write-ahead logging for every new SQLite connection."""
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
    finally:
        cursor.close()


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One unit of work: commits when the block succeeds, rolls back when it raises."""
    with Session(engine) as session:
        try:
            yield session
        except BaseException:
            session.rollback()
            raise
        session.commit()
