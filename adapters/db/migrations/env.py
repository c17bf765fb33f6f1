"""Alembic environment: targets SQLModel.metadata; SQLite migrations run in batch mode."""

from __future__ import annotations

from typing import Any, Literal

from alembic import context
from alembic.autogenerate.api import AutogenContext
from sqlalchemy import Connection
from sqlmodel import SQLModel
from sqlmodel.sql.sqltypes import AutoString

import adapters.db.models  # noqa: F401  (registers the tables on SQLModel.metadata)
from adapters.db.engine import make_engine
from adapters.db.types import UTCDateTime

target_metadata = SQLModel.metadata
config = context.config


def _url() -> str:
    url = config.attributes.get("url")
    if url:
        return str(url)
    from adapters.settings import get_settings

    return get_settings().database_url


def render_item(
    type_: str,
    obj: Any,
    autogen_context: AutogenContext,  # noqa: ARG001
) -> str | Literal[False]:
    """Render our column types as plain SQLAlchemy types, so migrations import only sa."""
    if type_ == "type" and isinstance(obj, AutoString):
        return "sa.String()"
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        render_item=render_item,
    )


def run_migrations_offline() -> None:
    """Emit SQL to stdout instead of running it."""
    url = _url()
    context.configure(
        url=url,
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=url.startswith("sqlite"),
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Run against a given connection (from migrate.upgrade) or a fresh engine."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = make_engine(_url())
    try:
        with engine.connect() as conn:
            _configure(conn)
            with context.begin_transaction():
                context.run_migrations()
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
