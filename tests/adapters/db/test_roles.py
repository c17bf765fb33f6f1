"""PostgreSQL: the app role may only read and add to the audit log (issue 15, finding 8).

Two roles with unique names: the owner migrates, the app role runs the service. TRUNCATE,
UPDATE, DELETE, ALTER TABLE (also DISABLE TRIGGER) and DROP on the audit tables are refused to
the app role, while the app itself still works: logins, rounds and the privacy log.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import make_url
from typer.testing import CliRunner

import cli.users  # noqa: F401  (registers the command)
from adapters.auth.accounts import create_account
from adapters.db.backup import backup_database
from adapters.db.engine import make_engine, session_scope
from adapters.db.migrate import migrate
from adapters.flows.audit import audit_status
from adapters.settings import Settings, get_settings
from api.main import create_app
from cli import app as cli_app
from matcher.privacy.vocabulary import Role

REFUSED = (
    "TRUNCATE privacy_event",
    "TRUNCATE round_event CASCADE",
    "UPDATE privacy_event SET actor = 'x'",
    "DELETE FROM privacy_event",
    "UPDATE round_event SET actor = 'x'",
    "DELETE FROM round_event",
    "ALTER TABLE privacy_event DISABLE TRIGGER USER",
    "ALTER TABLE round_event DISABLE TRIGGER ALL",
    "DROP TRIGGER privacy_event_no_update ON privacy_event",
    "ALTER TABLE privacy_event DROP COLUMN row_hash",
    "DROP TABLE privacy_event",
    "DELETE FROM audit_chain",
    "TRUNCATE audit_chain",
)


@pytest.fixture
def roles(postgres_url: str) -> Iterator[tuple[str, str, str]]:
    """(owner URL, app URL, app role): both roles made for this test and dropped after."""
    url = make_url(postgres_url)
    schema = str(url.query["options"]).split("search_path=")[1]
    suffix = uuid.uuid4().hex[:10]
    owner, app_role = f"pp_owner_{suffix}", f"pp_app_{suffix}"
    admin_dsn = url.set(drivername="postgresql", query={}).render_as_string(hide_password=False)
    with psycopg.connect(admin_dsn, autocommit=True) as admin:
        admin.execute(f'CREATE ROLE "{owner}" LOGIN')
        admin.execute(f'CREATE ROLE "{app_role}" LOGIN NOINHERIT')
        admin.execute(f'ALTER SCHEMA "{schema}" OWNER TO "{owner}"')
    try:
        yield (
            url.set(username=owner).render_as_string(hide_password=False),
            url.set(username=app_role).render_as_string(hide_password=False),
            app_role,
        )
    finally:
        with psycopg.connect(admin_dsn, autocommit=True) as admin:
            admin.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
            admin.execute(f'DROP OWNED BY "{app_role}", "{owner}"')
            admin.execute(f'DROP ROLE "{app_role}"')
            admin.execute(f'DROP ROLE "{owner}"')


def _run_as(url: str, statement: str) -> None:
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql(statement)
    finally:
        engine.dispose()


def test_app_role_cannot_erase_or_alter_the_audit_log(
    roles: tuple[str, str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    owner_url, app_url, app_role = roles
    settings = Settings(
        database_url=app_url,
        migration_database_url=owner_url,
        database_app_role=app_role,
        broker_url=None,
        session_cookie_secure=False,
        auto_migrate=True,
    )
    app = create_app(settings)  # migrates as the owner, then grants; serves as the app role
    engine = app.state.engine
    with session_scope(engine) as session:
        create_account(
            session,
            email="bureau@roc.nl",
            password="een lang wachtwoord 12",
            roles=[Role.BUREAU],
            institution="ROC Test",
        )
    with TestClient(app) as client:
        assert client.get("/ready").status_code == 200
        login = client.post(
            "/auth/login", json={"email": "bureau@roc.nl", "password": "een lang wachtwoord 12"}
        )
        assert login.status_code == 200, login.text
        csrf = {"X-CSRF-Token": login.json()["csrf_token"]}
        made = client.post("/rounds", json={"name": "Ronde als app-rol"}, headers=csrf)
        assert made.status_code == 201, made.text
        events = client.get(f"/rounds/{made.json()['id']}/events")
        assert events.status_code == 200, events.text
        assert [e["action"] for e in events.json()] == ["created"]
    with engine.connect() as conn:
        user = conn.exec_driver_sql("SELECT current_user").scalar_one()
        actions = [r[0] for r in conn.exec_driver_sql("SELECT action FROM privacy_event")]
    assert user == app_role
    assert "login" in actions  # INSERT and SELECT work for the app role
    assert audit_status(engine).ok
    for statement in REFUSED:
        with pytest.raises(Exception, match=r"(?i)permission denied|must be (the )?owner"):
            _run_as(app_url, statement)
    # The documented first beheer account and a backup (pg_dump) work as the app role too.
    monkeypatch.setenv("DATABASE_URL", app_url)
    get_settings.cache_clear()
    try:
        made_admin = CliRunner().invoke(
            cli_app, ["user", "add", "--email", "beheer@roc.nl", "--role", "admin", "--generate"]
        )
    finally:
        get_settings.cache_clear()
    assert made_admin.exit_code == 0, made_admin.output
    dump = backup_database(app_url, tmp_path / "backup.dump")
    assert dump.stat().st_size > 0
    # The owner can (that is what migrations need), and the chain then shows it.
    _run_as(owner_url, "ALTER TABLE privacy_event DISABLE TRIGGER USER")
    _run_as(owner_url, "DELETE FROM privacy_event")
    _run_as(owner_url, "ALTER TABLE privacy_event ENABLE TRIGGER USER")
    assert not audit_status(engine).ok
    engine.dispose()


def test_migrate_without_app_role_changes_no_grants(postgres_url: str) -> None:
    migrate(Settings(database_url=postgres_url))
    engine = make_engine(postgres_url)
    try:
        assert audit_status(engine).ok
    finally:
        engine.dispose()
