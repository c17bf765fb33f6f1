"""PostgreSQL roles: an owner that migrates, and an app role that may only add to the audit log.

The owner role owns the schema and runs the migrations. The app role (the service, the worker,
the CLI's daily commands) gets SELECT, INSERT, UPDATE and DELETE on the ordinary tables, but
only SELECT and INSERT on the audit tables (privacy_event, round_event): TRUNCATE, UPDATE,
DELETE, ALTER, DROP and DISABLE TRIGGER are refused to it, the latter three because only an
owner may change a table. ``grant_app_role`` runs after every migration (new tables get their
grants too); ``roles_script`` is the one-time SQL a database administrator runs to make both.
"""

from __future__ import annotations

import re

from sqlalchemy import Connection

from adapters.db.audit_chain import AUDIT_TABLES, HEAD_TABLE
from matcher.errors import InvalidInputError, Issue

_ROLE_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")
HEAD = HEAD_TABLE.name
VERSION_TABLE = "alembic_version"


def checked_role(name: str, *, what: str = "rol") -> str:
    """The role name, double-quoted; refused unless it is a plain lower-case identifier."""
    if not _ROLE_NAME.fullmatch(name):
        raise InvalidInputError(
            f"De naam '{name}' kan geen databaserol zijn. Gebruik alleen kleine letters, cijfers "
            "en _ (niet beginnen met een cijfer, hoogstens 63 tekens).",
            [Issue("instellingen", None, what, "ongeldige rolnaam", name)],
        )
    return f'"{name}"'


def grant_statements(app_role: str, schema: str) -> list[str]:
    """The grants for the app role on ``schema`` (run as the owner)."""
    role = checked_role(app_role)
    where = '"' + schema.replace('"', '""') + '"'
    audit = ", ".join(f"{where}.{table}" for table in AUDIT_TABLES)
    head, version = f"{where}.{HEAD}", f"{where}.{VERSION_TABLE}"
    return [
        f"GRANT USAGE ON SCHEMA {where} TO {role}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {where} TO {role}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {where} TO {role}",
        f"REVOKE ALL ON {audit}, {head}, {version} FROM {role}",
        f"GRANT SELECT, INSERT ON {audit} TO {role}",
        # The chain head moves forward with every audit insert; it is never deleted.
        f"GRANT SELECT, INSERT, UPDATE ON {head} TO {role}",
        f"GRANT SELECT ON {version} TO {role}",
    ]


def grant_app_role(connection: Connection, app_role: str) -> None:
    """Give the app role its privileges on every table of the current schema (PostgreSQL)."""
    if connection.dialect.name != "postgresql":
        return
    schema = str(connection.exec_driver_sql("SELECT current_schema()").scalar_one())
    for statement in grant_statements(app_role, schema):
        connection.exec_driver_sql(statement)


def roles_script(owner: str, app: str, database: str) -> str:
    """SQL for a database administrator (psql as superuser): both roles and the database.

    Passwords are set afterwards with psql's ``\\password``, so they never land in a file.
    """
    owner_q, app_q = checked_role(owner, what="eigenaar"), checked_role(app, what="app")
    database_q = checked_role(database, what="database")
    return "\n".join(
        [
            "-- Passende Plek: the owner role migrates, the app role runs the service.",
            f"CREATE ROLE {owner_q} LOGIN;",
            f"CREATE ROLE {app_q} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT;",
            f"CREATE DATABASE {database_q} OWNER {owner_q};",
            f"REVOKE ALL ON DATABASE {database_q} FROM PUBLIC;",
            f"GRANT CONNECT ON DATABASE {database_q} TO {app_q};",
            f"\\connect {database}",
            f"ALTER SCHEMA public OWNER TO {owner_q};",
            "REVOKE CREATE ON SCHEMA public FROM PUBLIC;",
            f"GRANT USAGE ON SCHEMA public TO {app_q};",
            f"\\password {owner}",
            f"\\password {app}",
            "-- Then migrate as the owner with DATABASE_APP_ROLE set: matcher db upgrade",
            "",
        ]
    )
