"""Back up and restore the whole database: SQLite file snapshot, or pg_dump/pg_restore.

A backup is a consistent snapshot taken while the service may keep running (SQLite's online
backup API; pg_dump's single transaction). A restore replaces everything in the target database
with the backup and is meant for a stopped service.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy.engine import make_url

from matcher.errors import ConfigurationError, InvalidInputError


def _sqlite_path(url: str) -> Path | None:
    parsed = make_url(url)
    if not parsed.drivername.startswith("sqlite"):
        return None
    if not parsed.database or parsed.database == ":memory:":
        raise ConfigurationError("Een database in het geheugen kan niet worden bewaard.")
    return Path(parsed.database)


def _libpq_url(url: str) -> str:
    parsed = make_url(url).set(drivername="postgresql")
    return parsed.render_as_string(hide_password=False)


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise ConfigurationError(
            f"Het programma {name} is niet gevonden. Installeer de PostgreSQL-clientprogramma's."
        )
    return path


def _run(args: list[str]) -> None:
    done = subprocess.run(args, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise ConfigurationError(f"{Path(args[0]).name} is mislukt: {done.stderr.strip()[:500]}")


def backup_database(url: str, target: Path) -> Path:
    """Write a consistent snapshot of the database at ``url`` to ``target``."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".tmp")
    source = _sqlite_path(url)
    if source is not None:
        if not source.is_file():
            raise InvalidInputError(f"De database {source} bestaat niet.")
        with sqlite3.connect(source) as src, sqlite3.connect(tmp) as dst:
            src.backup(dst)
    else:
        _run(
            [_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(tmp), _libpq_url(url)]
        )
    tmp.replace(target)
    return target


def restore_database(url: str, source: Path) -> None:
    """Replace the contents of the database at ``url`` with the backup in ``source``."""
    if not source.is_file():
        raise InvalidInputError(f"Het back-upbestand {source} bestaat niet.")
    target = _sqlite_path(url)
    if target is not None:
        with open(source, "rb") as handle:
            if not handle.read(16).startswith(b"SQLite format 3"):
                raise InvalidInputError(f"{source} is geen back-up van een SQLite-database.")
        target.parent.mkdir(parents=True, exist_ok=True)
        with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
            src.backup(dst)
        return
    with open(source, "rb") as handle:
        if handle.read(5) != b"PGDMP":
            raise InvalidInputError(f"{source} is geen back-up gemaakt met pg_dump.")
    _run(
        [
            _tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--dbname",
            _libpq_url(url),
            str(source),
        ]
    )
