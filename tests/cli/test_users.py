"""``matcher user add``: no default password; a generated one is shown once and stored hashed."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import Session, select
from typer.testing import CliRunner

import cli.users  # noqa: F401  (registers the command)
from adapters.auth.login import authenticate
from adapters.db.engine import make_engine
from adapters.db.privacy_models import AccountRow
from adapters.settings import get_settings
from cli import app


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'm.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    get_settings.cache_clear()
    yield url
    get_settings.cache_clear()


def test_user_add_generates_a_password_that_works(db: str) -> None:
    result = CliRunner().invoke(
        app, ["user", "add", "--email", "beheer@roc.nl", "--role", "admin", "--generate"]
    )
    assert result.exit_code == 0, result.output
    password = re.search(r"eer getoond\): (\S+)", result.output)
    assert password is not None
    engine = make_engine(db)
    try:
        principal = authenticate(engine, "beheer@roc.nl", password.group(1), "127.0.0.1")
        with Session(engine) as session:
            stored = session.exec(select(AccountRow)).one()
    finally:
        engine.dispose()
    assert principal.email == "beheer@roc.nl"
    assert password.group(1) not in stored.password_hash


def test_user_add_refuses_a_student_account_without_student(db: str) -> None:
    result = CliRunner().invoke(
        app, ["user", "add", "--email", "s@roc.nl", "--role", "student", "--generate"]
    )
    assert result.exit_code == 1
    assert "niet compleet" in result.output
