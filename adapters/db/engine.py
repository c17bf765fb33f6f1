"""Engines and sessions: one engine per database URL, one session per unit of work."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlmodel import Session

_POSTGRES_DRIVER = "postgresql+psycopg"
# A transaction left open by a client that vanished without closing its connection (a network
# cut without FIN) would hold its row locks until TCP keepalive gives up, hours later, and every
# review of that round would wait. PostgreSQL ends such a session after this long instead; no
# unit of work here sits idle inside a transaction for anywhere near it.
IDLE_IN_TRANSACTION_TIMEOUT_MS = 60_000


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
        return create_engine(_with_session_timeouts(sa_url), pool_pre_ping=True)
    database = sa_url.database
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(sa_url, connect_args={"check_same_thread": False})
    event.listen(engine, "connect", _sqlite_on_connect)
    return engine


def _with_session_timeouts(sa_url: URL) -> URL:
    """The URL with the idle-in-transaction timeout added to its libpq ``options``."""
    existing = sa_url.query.get("options", "")
    if isinstance(existing, tuple):
        existing = " ".join(existing)
    if "idle_in_transaction_session_timeout" in existing:
        return sa_url
    timeout = f"-c idle_in_transaction_session_timeout={IDLE_IN_TRANSACTION_TIMEOUT_MS}"
    return sa_url.update_query_dict({"options": f"{existing} {timeout}".strip()})


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    """Turn on foreign keys and write-ahead logging for every new SQLite connection."""
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        # Deleted rows are overwritten with zeros, so erased text is not left in free pages.
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
    finally:
        cursor.close()


def scrub_deleted(engine: Engine) -> bool:
    """After an erasure, leave no copy of deleted rows in SQLite's files; True when done.

    ``secure_delete`` zeroes deleted rows in the database pages, but the write-ahead log still
    holds the pages as they were before; a TRUNCATE checkpoint copies the log into the
    database and empties it. False when a reader kept the log busy (the next checkpoint then
    finishes the job). PostgreSQL needs nothing here: dead rows are unreadable through SQL and
    vacuum reclaims them (see docs/security.md).
    """
    if engine.dialect.name != "sqlite":
        return True
    with engine.connect() as conn:
        busy = conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").scalar()
    return not busy


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
