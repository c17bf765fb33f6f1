"""Shared fixtures: empty databases (SQLite and PostgreSQL) and a Redis database for tests.

Service fixtures skip when the server cannot be reached, unless MATCHER_REQUIRE_SERVICES=1 is
set (as in CI): then the test fails, so a missing service can never pass unnoticed.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import pytest
from hypothesis import HealthCheck, settings

if TYPE_CHECKING:
    import psycopg
    from sqlalchemy import Engine

PG_HOST = "127.0.0.1"
PG_PORT = 5432
PG_USER = "postgres"
PG_ADMIN_DATABASES = ("test", "postgres")
REDIS_HOST = "127.0.0.1"
REDIS_PORT = 6379


# Hypothesis: no wall-clock limits in tests. A property that takes 316 ms on a busy two-core
# machine is not wrong; timing belongs in benchmarks/. These profiles change only how long an
# example may take, never what is drawn or checked. "ci" (HYPOTHESIS_PROFILE=ci, as .ci/run sets)
# also draws the same examples on every run, so a failure there can be replayed exactly.
settings.register_profile("default", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile(
    "ci",
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,
    print_blob=True,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


def services_required() -> bool:
    """Whether an unreachable service must fail the test instead of skipping it."""
    return os.environ.get("MATCHER_REQUIRE_SERVICES") == "1"


def service_unavailable(reason: str) -> NoReturn:
    """Skip (or, when services are required, fail) the current test."""
    if services_required():
        pytest.fail(reason + " (MATCHER_REQUIRE_SERVICES=1)", pytrace=False)
    pytest.skip(reason)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Give every test that uses a service fixture that service's marker."""
    for item in items:
        names = getattr(item, "fixturenames", ())
        if "redis_url" in names:
            item.add_marker(pytest.mark.redis)
        if "postgres_url" in names:
            item.add_marker(pytest.mark.postgres)


def _admin_connect() -> psycopg.Connection[Any]:
    """An autocommit connection to a maintenance database; raises when none can be reached."""
    import psycopg

    error: Exception | None = None
    for dbname in PG_ADMIN_DATABASES:
        try:
            return psycopg.connect(
                host=PG_HOST,
                port=PG_PORT,
                user=PG_USER,
                dbname=dbname,
                connect_timeout=3,
                autocommit=True,
            )
        except psycopg.Error as exc:
            error = exc
    raise ConnectionError(str(error).strip())


@pytest.fixture(scope="session")
def _postgres_database() -> Iterator[str | None]:
    """A fresh, uniquely named database for this test session (None when unreachable)."""
    name = f"matcher_test_{uuid.uuid4().hex[:12]}"
    try:
        admin = _admin_connect()
    except Exception as exc:  # noqa: BLE001 - any failure means: not reachable
        _POSTGRES_ERROR["error"] = f"{type(exc).__name__}: {exc}"
        yield None
        return
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield f"postgresql+psycopg://{PG_USER}@{PG_HOST}:{PG_PORT}/{name}"
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


_POSTGRES_ERROR: dict[str, str] = {}


@pytest.fixture
def postgres_url(_postgres_database: str | None) -> Iterator[str]:
    """URL of an empty PostgreSQL schema of its own for this test (dropped afterwards)."""
    if _postgres_database is None:
        service_unavailable(
            f"PostgreSQL niet bereikbaar op {PG_HOST}:{PG_PORT}: {_POSTGRES_ERROR.get('error')}"
        )
    import psycopg

    schema = f"t_{uuid.uuid4().hex[:12]}"
    plain = _postgres_database.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield f"{_postgres_database}?options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(plain, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """URL of a fresh SQLite file in a folder that does not exist yet."""
    return f"sqlite:///{tmp_path / 'db' / 'matcher.db'}"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest) -> str:
    """URL of an empty database, once on SQLite and once on PostgreSQL."""
    name = "sqlite_url" if request.param == "sqlite" else "postgres_url"
    return str(request.getfixturevalue(name))


@cache
def _redis_probe() -> str | None:
    """None when Redis answers, otherwise why not."""
    try:
        import redis

        client = redis.Redis(host=REDIS_HOST, port=REDIS_PORT, socket_connect_timeout=3)
        client.ping()
        client.close()
    except Exception as exc:  # noqa: BLE001 - any failure means: not reachable
        return f"{type(exc).__name__}: {exc}"
    return None


def _free_redis_db() -> int | None:
    """The highest-numbered empty Redis database other than 0, if any."""
    import redis

    admin = redis.Redis(host=REDIS_HOST, port=REDIS_PORT)
    try:
        databases = int(str(admin.config_get("databases").get("databases", 16)))
    except redis.RedisError:
        databases = 16
    finally:
        admin.close()
    for number in range(databases - 1, 0, -1):
        client = redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=number)
        try:
            if client.dbsize() == 0:
                return number
        finally:
            client.close()
    return None


@pytest.fixture
def redis_url() -> Iterator[str]:
    """URL of an empty Redis database (a free db number), flushed afterwards."""
    problem = _redis_probe()
    if problem is not None:
        service_unavailable(f"Redis niet bereikbaar op {REDIS_HOST}:{REDIS_PORT}: {problem}")
    free = _free_redis_db()
    if free is None:
        service_unavailable(f"Redis op {REDIS_HOST}:{REDIS_PORT} heeft geen lege database vrij")
    import redis

    url = f"redis://{REDIS_HOST}:{REDIS_PORT}/{free}"
    try:
        yield url
    finally:
        client = redis.Redis.from_url(url)
        client.flushdb()
        client.close()


def examples_engine(url: str) -> Iterator[Engine]:
    """A migrated database at ``url`` holding the contract example population (for fixtures)."""
    from adapters.db.engine import make_engine, session_scope
    from adapters.db.migrate import upgrade
    from adapters.db.repositories import save_population
    from tests.factories import example_population

    upgrade(url)
    engine = make_engine(url)
    with session_scope(engine) as session:
        save_population(session, example_population())
    yield engine
    engine.dispose()
