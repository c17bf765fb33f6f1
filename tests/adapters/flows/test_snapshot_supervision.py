"""A published round stores the supervision budget the round used, not the company's own number.

With praktijkopleiders, every round counts their summed hours and best experience with extra
support (``live_companies``). c01 stores 4 hours and no experience; its two praktijkopleiders
give 3,5 + 3 = 6,5 hours and "veel" experience. The snapshot, the outcome history built from
it and ``matcher export --history`` show 6,5 (the old snapshot kept the stored 4), and say
where the hours came from; c02, without people, keeps its own 6 hours.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session
from typer.testing import CliRunner

from adapters import clock
from adapters.db import praktijkopleider_queries as people
from adapters.db.engine import make_engine, session_scope
from adapters.db.migrate import upgrade
from adapters.db.repositories import save_population
from adapters.flows.rounds import snapshot
from cli import COMMAND_MODULES, app
from matcher.supervision import Praktijkopleider, SupportExperience
from tests.adapters.flows.test_bpv_flows import APPROVED, AT_PUBLISH, _publish
from tests.adapters.flows.test_outcome_history import _build, _finish
from tests.factories import example_population

for _module in COMMAND_MODULES:
    __import__(_module)

PEOPLE = (
    Praktijkopleider("c01", "Anna de Wit", "anna@test.invalid", "", 3.5, SupportExperience.VEEL),
    Praktijkopleider("c01", "Bram Smit", "bram@test.invalid", "", 3.0, SupportExperience.ENIGE),
)


@pytest.fixture
def engine(sqlite_url: str) -> Iterator[Engine]:
    """The example population, c01 with two praktijkopleiders, a published round."""
    upgrade(sqlite_url)
    engine = make_engine(sqlite_url)
    with clock.use_clock(clock.FixedClock(AT_PUBLISH)), session_scope(engine) as session:
        save_population(session, example_population())
        for person in PEOPLE:
            people.add(session.connection(), person)
        _publish(session, tuple(a + ("accepted",) for a in APPROVED))
    yield engine
    engine.dispose()


def test_the_snapshot_stores_the_praktijkopleiders_sum_and_says_so(engine: Engine) -> None:
    stored = {c.company_id: c for c in example_population().companies}
    assert stored["c01"].guidance_hours_per_week == 4  # what the old snapshot kept
    with Session(engine) as session:
        snap = snapshot.get(session, 1)
        assert snap is not None
        c01, c02 = snap.company_profile("c01"), snap.company_profile("c02")
    assert c01 is not None
    assert c02 is not None
    assert c01.guidance_hours_per_week == 6.5
    assert c01.support_experience == SupportExperience.VEEL
    assert c02.guidance_hours_per_week == stored["c02"].guidance_hours_per_week
    assert snap.data["supervision"]["c01"] == {
        "source": "praktijkopleiders",
        "guidance_hours_per_week": 6.5,
        "support_experience": SupportExperience.VEEL,
        "stored_guidance_hours_per_week": 4.0,
        "stored_support_experience": None,
    }
    assert snap.data["supervision"]["c02"]["source"] == "company"


def test_a_later_change_of_people_leaves_the_published_round_as_it_was(engine: Engine) -> None:
    with session_scope(engine) as session:
        [first, *_] = people.of_company(session.connection(), "c01")
        assert first.person_id is not None
        assert people.remove(session.connection(), first.person_id, "c01")
    with Session(engine) as session:
        snap = snapshot.get(session, 1)
        assert snap is not None
        c01 = snap.company_profile("c01")
    assert c01 is not None
    assert c01.guidance_hours_per_week == 6.5


def test_the_history_and_its_export_show_the_hours_the_round_used(
    engine: Engine, sqlite_url: str, tmp_path: Path
) -> None:
    _finish(engine, "s001")  # s001 matched at c01
    [company] = _build(engine).history.population.companies
    assert company.guidance_hours_per_week == 6.5  # the training set learns from the sum
    assert company.support_experience == SupportExperience.VEEL
    out = tmp_path / "geschiedenis"
    result = CliRunner().invoke(
        app, ["export", "--history", str(out), "--database-url", sqlite_url]
    )
    assert result.exit_code == 0, result.output
    with (out / "companies.csv").open(encoding="utf-8") as f:
        [row] = list(csv.DictReader(f))
    assert float(row["guidance_hours_per_week"]) == 6.5
    assert row["support_experience"] == "2"
