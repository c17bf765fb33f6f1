"""Fixtures: a migrated database (SQLite and PostgreSQL) with a few students and companies."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import Engine

from adapters.db.engine import make_engine, session_scope
from adapters.db.migrate import upgrade
from adapters.db.repositories import save_population
from matcher.domain import Population
from tests.factories import make_company, make_place, make_student

ADULT, MINOR, OTHER = "s-adult", "s-minor", "s-other"


def small_population() -> Population:
    """An adult, a minor and one more student; two companies with a place each."""
    return Population(
        students=(
            make_student(
                ADULT,
                name="Ayla de Vries",
                birth_date=date(2000, 3, 4),
                needs_quiet_workspace=True,
                stimulus_sensitivity=3,
            ),
            make_student(
                MINOR,
                name="Bram Jansen",
                birth_date=date.today().replace(year=date.today().year - 16, month=1, day=1),
            ),
            make_student(OTHER, name="Chris Bakker", niveau=3),
        ),
        companies=(make_company("c01"), make_company("c02", name="Bakkerij")),
        places=(make_place("p001", "c01"), make_place("p002", "c02")),
    )


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """An engine on a freshly migrated database holding ``small_population``."""
    upgrade(db_url)
    engine = make_engine(db_url)
    with session_scope(engine) as session:
        save_population(session, small_population())
    yield engine
    engine.dispose()
