"""Backup and restore: a restored database has exactly the data of the moment of the backup."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from sqlmodel import Session
from typer.testing import CliRunner

from adapters.db.backup import backup_database, restore_database
from adapters.db.engine import make_engine, session_scope
from adapters.db.migrate import upgrade
from adapters.db.repositories import load_population, save_population
from cli import COMMAND_MODULES, app
from matcher.errors import InvalidInputError
from tests.factories import example_population

for _module in COMMAND_MODULES:
    __import__(_module)


def test_restore_brings_back_the_data_of_the_backup(db_url: str, tmp_path: Path) -> None:
    upgrade(db_url)
    engine = make_engine(db_url)
    population = example_population()
    with session_scope(engine) as session:
        save_population(session, population)
    dump = backup_database(db_url, tmp_path / "backup.dump")
    changed = replace(population.students[0], name="Gewijzigd")
    with session_scope(engine) as session:
        save_population(session, replace(population, students=(changed,), companies=(), places=()))
    engine.dispose()
    restore_database(db_url, dump)
    engine = make_engine(db_url)
    with Session(engine) as session:
        restored = load_population(session)
    engine.dispose()
    assert restored == population


def test_restore_refuses_a_file_that_is_not_a_backup(db_url: str, tmp_path: Path) -> None:
    junk = tmp_path / "junk.dump"
    junk.write_bytes(b"dit is geen back-up")
    with pytest.raises(InvalidInputError, match="geen back-up"):
        restore_database(db_url, junk)


def test_cli_backup_and_restore_need_confirmation(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    upgrade(url)
    runner = CliRunner()
    out = tmp_path / "b.db"
    made = runner.invoke(app, ["backup", "--out", str(out), "--database-url", url])
    assert made.exit_code == 0, made.output
    refused = runner.invoke(app, ["restore", "--from", str(out), "--database-url", url])
    assert refused.exit_code == 2
    assert "--yes" in refused.output
    done = runner.invoke(app, ["restore", "--from", str(out), "--yes", "--database-url", url])
    assert done.exit_code == 0, done.output
