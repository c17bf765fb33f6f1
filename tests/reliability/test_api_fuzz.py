"""Schemathesis against the app's own OpenAPI schema, logged in: no request may give a 5xx.

Every operation of the schema (the JSON API and the web pages) gets generated requests, valid
and invalid, with made-up ids and with ids that exist (a student, company, place and a solved
round), plus requests with a nasty value in every parameter (NUL bytes, huge texts and numbers,
formulas). Each operation starts from the same database: a template filled once per backend is
copied (SQLite: the file; PostgreSQL: CREATE DATABASE ... TEMPLATE). The run is derandomized,
so CI sends the same requests every time. PostgreSQL matters: it refuses NUL bytes in text and
numbers beyond its integer range, where SQLite does not.
"""

from __future__ import annotations

import functools
import json
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode

from adapters.settings import Settings
from api.main import create_app
from tests.api.auth_helpers import bearer, make_token
from tests.api.helpers import load_examples
from tests.api.rounds_helpers import solved_round
from tests.conftest import PG_HOST, PG_PORT, PG_USER, _admin_connect, service_unavailable

EXAMPLES_PER_OPERATION = 10
KNOWN = {
    "student_id": "s001",
    "company_id": "c01",
    "place_id": "p001",
    "round_id": 1,
    "account_id": 1,
    "kind": "students",
}
# Values schemathesis seldom draws but people and scripts do send, put into one field at a time.
NASTY: tuple[str | float, ...] = ("a\x00b", "x" * 20_000, "=cmd|' /C calc'!A0", 2**63, -1, 1e308)


@functools.cache
def _raw_schema() -> dict[str, Any]:
    """The app's OpenAPI document as JSON; the app is not started and touches no database."""
    app = create_app(Settings(database_url="sqlite://", broker_url=None, auto_migrate=False))
    return dict(json.loads(json.dumps(app.openapi())))


def _operations() -> list[tuple[str, str]]:
    """Every (path, method) of the schema."""
    return [(path, method) for path, ops in _raw_schema()["paths"].items() for method in ops]


@functools.cache
def _schema() -> Any:
    """The schema, parsed once; each call names its own test's app (operations keep the app
    they were first made with, so pointing the schema at a new app is not enough)."""
    return schemathesis.openapi.from_dict(_raw_schema())


def _nastier(case: Any, value: str | float, index: int) -> Any:
    """The case with one field of its JSON body (chosen by ``index``) set to ``value``."""
    if isinstance(case.body, dict) and case.body:
        names = sorted(case.body)
        case.body[names[index % len(names)]] = value
    return case


def _fill(url: str) -> str:
    """Migrate, load the contract examples, solve one round; the bureau's token."""
    with TestClient(create_app(Settings(database_url=url, broker_url=None))) as client:
        token = make_token(client, "bureau")
        client.headers.update(bearer(token))
        load_examples(client)
        assert solved_round(client)["status"] == "solved"
        client.app.state.engine.dispose()  # type: ignore[attr-defined]
    return token


class SqliteTemplate:
    """One filled SQLite file; each operation gets a copy."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / "template.db"
        self.token = _fill(f"sqlite:///{self.path}")

    def copy(self) -> Iterator[str]:
        target = self.folder / f"{uuid.uuid4().hex}.db"
        shutil.copyfile(self.path, target)
        yield f"sqlite:///{target}"
        target.unlink(missing_ok=True)


class PostgresTemplate:
    """One filled PostgreSQL database; each operation gets a database made from it."""

    def __init__(self) -> None:
        self.admin = _admin_connect()
        self.name = f"fuzz_tpl_{uuid.uuid4().hex[:10]}"
        self.admin.execute(f'CREATE DATABASE "{self.name}"')
        self.token = _fill(self.url(self.name))

    @staticmethod
    def url(name: str) -> str:
        return f"postgresql+psycopg://{PG_USER}@{PG_HOST}:{PG_PORT}/{name}"

    def copy(self) -> Iterator[str]:
        name = f"fuzz_{uuid.uuid4().hex[:12]}"
        self.admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{self.name}"')
        try:
            yield self.url(name)
        finally:
            self.admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def close(self) -> None:
        self.admin.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        self.admin.close()


@pytest.fixture(scope="module")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> SqliteTemplate:
    return SqliteTemplate(tmp_path_factory.mktemp("fuzz"))


@pytest.fixture(scope="module")
def postgres_template() -> Iterator[PostgresTemplate | str]:
    try:
        template = PostgresTemplate()
    except Exception as exc:  # noqa: BLE001 - any failure means: not reachable
        yield f"PostgreSQL niet bereikbaar op {PG_HOST}:{PG_PORT}: {exc}"
        return
    yield template
    template.close()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def app_client(request: pytest.FixtureRequest) -> Iterator[tuple[TestClient, dict[str, str]]]:
    """A started app on a fresh copy of the filled database, and the bureau's headers."""
    template = request.getfixturevalue(f"{request.param}_template")
    if isinstance(template, str):
        service_unavailable(template)
    for url in template.copy():
        settings_ = Settings(database_url=url, broker_url=None, auto_migrate=False)
        with TestClient(create_app(settings_), raise_server_exceptions=False) as client:
            yield client, bearer(template.token)
            client.app.state.engine.dispose()  # type: ignore[attr-defined]


@pytest.mark.slow
@pytest.mark.parametrize(("path", "method"), _operations())
def test_no_request_gives_a_server_error(
    app_client: tuple[TestClient, dict[str, str]], path: str, method: str
) -> None:
    client, headers = app_client
    schema = _schema()
    schema.app, schema.location = client.app, "/openapi.json"
    operation = schema[path][method.upper()]
    known = {p.name: KNOWN[p.name] for p in operation.path_parameters if p.name in KNOWN}
    positive = operation.as_strategy(GenerationMode.POSITIVE, path_parameters=known)
    cases = st.one_of(
        *(
            operation.as_strategy(mode, path_parameters=fixed)
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
            for fixed in ({}, known)
        ),
        st.tuples(positive, st.sampled_from(NASTY), st.integers(0, 99)).map(
            lambda drawn: _nastier(*drawn)
        ),
    )

    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=cases)
    def no_server_error(case: Any) -> None:
        response = case.call(headers=headers, app=client.app)
        assert response.status_code < 500, (
            f"{response.status_code} for {case.as_curl_command()}: {response.text[:300]}"
        )

    no_server_error()
    for kind, name in [("query", p.name) for p in operation.query] + [
        ("path", p.name) for p in operation.path_parameters
    ]:  # each nasty value in each parameter on its own, the rest valid or left out
        for value in NASTY:
            query = {name: value} if kind == "query" else {}
            path_parameters = {**known, name: value} if kind == "path" else known
            case = operation.schema.make_case(
                operation=operation, query=query, path_parameters=path_parameters
            )
            response = case.call(headers=headers, app=client.app)
            assert response.status_code < 500, (name, value, response.text[:300])
