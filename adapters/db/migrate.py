"""Run the Alembic migrations from code, independent of the working directory."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

from adapters.db.engine import make_engine, normalize_url

_HERE = Path(__file__).resolve().parent
ALEMBIC_INI = _HERE / "alembic.ini"
MIGRATIONS = _HERE / "migrations"


def alembic_config(url: str) -> Config:
    """An Alembic config for ``url`` that finds its scripts by absolute path."""
    config = Config(str(ALEMBIC_INI))
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["url"] = normalize_url(url)
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Bring the database at ``url`` to ``revision`` (``alembic upgrade head``)."""
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
            connection.commit()
    finally:
        engine.dispose()
