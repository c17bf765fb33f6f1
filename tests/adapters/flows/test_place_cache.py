"""The shortlist's place cache: this process's writes are seen at once, other processes' writes
after at most ``recheck_s``; only committed writes to places and companies count."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from adapters.db.change_watch import ChangeWatch
from adapters.db.engine import make_engine, session_scope
from adapters.db.profile_queries import COMPANIES, PLACES, STUDENTS
from adapters.flows.profiles import update_profile
from adapters.flows.shortlist import WATCHED_TABLES, PlaceCache
from adapters.geography.postcodes import PostcodeTable
from matcher.privacy.principal import Principal
from matcher.privacy.vocabulary import Role
from tests.conftest import examples_engine

HOUR = 3600.0
BUREAU = Principal(1, "bureau@test.invalid", "Bureau", frozenset({Role.BUREAU}), "test-roc")


@pytest.fixture
def engine(sqlite_url: str) -> Iterator[Engine]:
    yield from examples_engine(sqlite_url)


def _capacity(cache: PlaceCache, engine: Engine, place_id: str) -> int:
    with engine.connect() as conn:
        table = cache.get(conn).table
    return table.places[table.index[place_id]].capacity


def _set_capacity(engine: Engine, capacity: int) -> None:
    geocoder = PostcodeTable.from_package()
    update_profile(engine, PLACES, "p001", {"capacity": capacity}, geocoder=geocoder, actor=BUREAU)


def test_a_write_through_this_engine_is_seen_at_once(engine: Engine) -> None:
    cache = PlaceCache.for_engine(engine, recheck_s=HOUR)
    assert _capacity(cache, engine, "p001") == 2
    assert _capacity(cache, engine, "p001") == 2
    assert cache.builds == 1  # unchanged data: no rebuild
    _set_capacity(engine, 5)
    assert _capacity(cache, engine, "p001") == 5
    assert cache.builds == 2


def test_another_process_is_seen_after_the_recheck_interval(
    sqlite_url: str, engine: Engine
) -> None:
    patient = PlaceCache.for_engine(engine, recheck_s=HOUR)
    eager = PlaceCache.for_engine(engine, recheck_s=0.0)
    assert _capacity(patient, engine, "p001") == _capacity(eager, engine, "p001") == 2
    other = make_engine(sqlite_url)  # a second process: its writes fire no events here
    try:
        _set_capacity(other, 7)
    finally:
        other.dispose()
    assert _capacity(eager, engine, "p001") == 7
    assert _capacity(patient, engine, "p001") == 2  # the price of not asking every time


def test_only_committed_writes_to_places_or_companies_count_as_changes(engine: Engine) -> None:
    watch = ChangeWatch(engine, WATCHED_TABLES)
    with Session(engine) as session:
        session.connection().execute(PLACES.table.update().values(capacity=9))
        session.rollback()
    assert watch.generation == 0
    with session_scope(engine) as session:
        session.connection().execute(STUDENTS.table.update().values(hours_per_week=20))
    assert watch.generation == 0
    with session_scope(engine) as session:
        session.connection().execute(COMPANIES.table.update().values(social_openness=2))
    assert watch.generation == 1
