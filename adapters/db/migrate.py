"""Run the Alembic migrations from code, independent of the working directory."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

from adapters.db.engine import make_engine, normalize_url
from adapters.db.roles import grant_app_role
from adapters.settings import Settings

_HERE = Path(__file__).resolve().parent
ALEMBIC_INI = _HERE / "alembic.ini"
MIGRATIONS = _HERE / "migrations"


def alembic_config(url: str) -> Config:
    """An Alembic config for ``url`` that finds its scripts by absolute path."""
    config = Config(str(ALEMBIC_INI))
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["url"] = normalize_url(url)
    return config


def upgrade(url: str, revision: str = "head", *, app_role: str | None = None) -> None:
    """Bring the database at ``url`` to ``revision`` (``alembic upgrade head``).

    With ``app_role`` (PostgreSQL, ``url`` of the owner) that role then gets the app's grants:
    INSERT and SELECT only on the audit tables (``adapters/db/roles.py``).
    """
    config = alembic_config(url)
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            if connection.dialect.name == "sqlite":
                # Batch migrations copy tables; foreign keys must not fire meanwhile.
                connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
                connection.commit()
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
            if app_role:
                grant_app_role(connection, app_role)
            connection.commit()
    finally:
        engine.dispose()


def migrate(settings: Settings) -> None:
    """Migrate as the owner (``MIGRATION_DATABASE_URL``, else ``DATABASE_URL``) and grant."""
    upgrade(
        settings.migration_database_url or settings.database_url,
        app_role=settings.database_app_role,
    )
