"""A round's supervision budget is the sum of the company's praktijkopleiders' hours.

Two students each need 2 hours of begeleiding a week at one company whose import row says 1
hour. Without praktijkopleiders nobody fits (the hard rule: one student's need is above the
company's total); with people giving 3 hours one student fits (the shared budget in the
solver); with 4 hours both fit. The same holds in the shortlist, which reads the same companies.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine

from adapters.db import praktijkopleider_queries as people
from adapters.db import round_repositories as repo
from adapters.db.engine import make_engine, session_scope
from adapters.db.migrate import upgrade
from adapters.db.repositories import live_companies, load_population, save_population
from adapters.flows.rounds import lifecycle
from adapters.flows.rounds.execute import Outcome, execute_round
from adapters.settings import Settings
from matcher.domain import CompanyId, PlaceId, Population, StudentId
from matcher.supervision import Praktijkopleider, SupportExperience
from tests.matcher.examples import company, place, student


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    upgrade(db_url)
    eng = make_engine(db_url)
    pop = Population(
        students=tuple(
            student(student_id=StudentId(s), guidance_hours_per_week=2.0) for s in ("s1", "s2")
        ),
        companies=(company(company_id=CompanyId("c1"), guidance_hours_per_week=1.0),),
        places=(place(place_id=PlaceId("p1"), company_id=CompanyId("c1"), capacity=2),),
    )
    with session_scope(eng) as session:
        save_population(session, pop)
    yield eng
    eng.dispose()


def _people(engine: Engine, *hours: float) -> None:
    with session_scope(engine) as session:
        for i, h in enumerate(hours):
            person = Praktijkopleider(
                "c1", f"Opleider {i}", f"p{i}@bedrijf.nl", "", h, SupportExperience.ENIGE
            )
            people.add(session.connection(), person)


def _placed(engine: Engine, tmp_path: Path) -> list[str]:
    with session_scope(engine) as session:
        row = lifecycle.create_round(
            session, name="r", filters={}, policy={}, bpv_start=date(2026, 9, 1), actor="t"
        )
        assert row.id is not None
        assert lifecycle.start_round(session, row.id, actor="t")
        round_id = row.id
    settings = Settings(model_path=tmp_path / "none.joblib", round_lease_s=30)
    assert execute_round(engine, round_id, settings=settings) is Outcome.SOLVED
    with session_scope(engine) as session:
        return [p.student_id for p in repo.list_proposals(session, round_id, 1) if p.place_id]


def test_without_people_the_import_column_is_the_budget(engine: Engine, tmp_path: Path) -> None:
    with engine.connect() as conn:
        assert live_companies(conn)[0].guidance_hours_per_week == 1.0
    assert _placed(engine, tmp_path) == []  # 2 hours needed, 1 hour at the company


def test_people_giving_three_hours_make_room_for_one_student(
    engine: Engine, tmp_path: Path
) -> None:
    _people(engine, 2.0, 1.0)
    with session_scope(engine) as session:
        seen = load_population(session).companies[0]
    assert seen.guidance_hours_per_week == 3.0
    assert seen.support_experience == SupportExperience.ENIGE
    assert len(_placed(engine, tmp_path)) == 1  # the shared budget: 2 + 2 > 3


def test_people_giving_four_hours_make_room_for_both(engine: Engine, tmp_path: Path) -> None:
    _people(engine, 2.5, 1.5)
    assert _placed(engine, tmp_path) == ["s1", "s2"]


def test_a_history_set_keeps_its_own_values(engine: Engine) -> None:
    _people(engine, 10.0)
    pop = Population(
        companies=(company(company_id=CompanyId("c1"), guidance_hours_per_week=1.0),),
    )
    with session_scope(engine) as session:
        save_population(session, pop, dataset="oud")
        assert load_population(session, dataset="oud").companies[0].guidance_hours_per_week == 1.0
        assert load_population(session).companies[0].guidance_hours_per_week == 10.0


def test_the_shortlist_cache_rebuilds_when_people_change(engine: Engine) -> None:
    from adapters.flows.shortlist import PlaceCache

    cache = PlaceCache()
    with engine.connect() as conn:
        assert list(cache.get(conn).table.guidance_hours) == [1.0]
    _people(engine, 6.0)
    with engine.connect() as conn:
        assert list(cache.get(conn).table.guidance_hours) == [6.0]
    assert cache.builds == 2


def test_removing_a_company_removes_its_praktijkopleiders(engine: Engine) -> None:
    from adapters.db.profile_queries import COMPANIES
    from adapters.flows import profiles
    from matcher.privacy.principal import Principal
    from matcher.privacy.vocabulary import Role

    lonely = company(company_id=CompanyId("c9"), guidance_hours_per_week=1.0)
    with session_scope(engine) as session:
        save_population(session, Population(companies=(lonely,)))
        people.add(
            session.connection(),
            Praktijkopleider("c9", "Ans", "ans@c9.nl", "", 2, SupportExperience.GEEN),
        )
    _people(engine, 3.0)  # at c1, which stays
    bureau = Principal(1, "b@example.org", "B", frozenset({Role.BUREAU}), institution="roc")
    profiles.delete_profile(engine, COMPANIES, "c9", actor=bureau)
    with engine.connect() as conn:
        assert people.of_company(conn, "c9") == []
        assert [p.hours_per_week for p in people.of_company(conn, "c1")] == [3.0]
