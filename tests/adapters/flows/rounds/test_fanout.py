"""The database fan-out runs the solver's own stages: components, map regions, then seams.

The Celery tasks are thin (adapters/celery/tasks.py); here their flow steps run one after the
other, as the chords would call them, on a demo round cut with a small RegionSplit.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, update

from adapters.db import round_repositories as repo
from adapters.db.engine import make_engine, session_scope
from adapters.db.migrate import upgrade
from adapters.db.repositories import save_population
from adapters.flows.rounds import execute, fanout
from adapters.flows.rounds.execute import GENERIC_ERROR, PreparedRun
from adapters.settings import Settings
from matcher.solver import Assignment, AssignmentProblem, RegionSplit, jobs, solve
from matcher.travel import EstimatedTravelTime
from tests.adapters.flows.rounds.test_execute import _queued as queued_round

# Cuts the demo round's components into regions of a few hundred pairs, with seams between them
SPLIT = RegionSplit(min_pairs=1_000, region_pairs=500, prune_pairs=6)
TOKEN = "tok"


def demo_engine(url: str) -> Iterator[Engine]:
    """A migrated database at ``url`` holding a demo population of 1,500 students."""
    from adapters.demo_data import load_towns
    from matcher.demo.population import generate_population

    upgrade(url)
    engine = make_engine(url)
    population = generate_population(
        n_students=1_500, seed=4, towns=load_towns(), on=date(2026, 9, 1)
    )
    with session_scope(engine) as session:
        save_population(session, population)
    yield engine
    engine.dispose()


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """The demo round's database (13 components, cut by SPLIT into regions)."""
    yield from demo_engine(db_url)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """No learned model, a short time limit (in work seconds: the answers do not depend on load)."""
    return Settings(model_path=tmp_path / "none.joblib", round_lease_s=30, solver_time_limit_s=2)


@pytest.fixture(autouse=True)
def small_jobs_travel_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    """Regions of a few hundred pairs count as heavy, so each is a task of its own."""
    monkeypatch.setattr(jobs, "PARALLEL_MIN_PAIRS", 100)


def _prepared(engine: Engine, settings: Settings) -> PreparedRun:
    round_id = queued_round(engine)
    assert execute.claim_round(engine, round_id, TOKEN, lease_s=60)[0]
    travel = EstimatedTravelTime()
    return execute.prepare_run(engine, round_id, TOKEN, settings=settings, travel=travel)


def _first_round(engine: Engine, prepared: PreparedRun, settings: Settings) -> fanout.FanOut:
    fan = fanout.plan_fanout(prepared, min_pairs=1, split=SPLIT)
    assert fan is not None
    fanout.store_prepared(engine, prepared, fan, settings=settings)
    for task in fan.tasks:
        assert fanout.solve_jobs(engine, prepared.round_id, prepared.run, TOKEN, fanout.JOBS, task)
    return fan


def proposed(engine: Engine, round_id: int) -> dict[str, str]:
    """Placed student -> place of the saved run (every student has one proposal row)."""
    with session_scope(engine) as session:
        rows = [(p.student_id, p.place_id) for p in repo.list_proposals(session, round_id, 1)]
    assert len({s for s, _ in rows}) == len(rows) == 1_500
    return {s: p for s, p in rows if p is not None}


def expected_places(problem: AssignmentProblem, answer: Assignment) -> dict[str, str]:
    """Placed student -> place of a solver answer."""
    return {
        problem.student_ids[problem.pair_student[i]]: problem.place_ids[problem.pair_place[i]]
        for i in answer.pairs.tolist()
    }


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the jobs the fan-out solves."""
    solved: list[int] = []
    real = fanout.solve_job

    def counted(job: Any) -> Any:
        solved.append(job[0].n_pairs)
        return real(job)

    monkeypatch.setattr(fanout, "solve_job", counted)
    return solved


def test_regions_and_seams_fan_out_and_the_saved_run_is_solves_answer(
    engine: Engine, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every task and join delivered twice: each job is solved once, the run saved once."""
    prepared = _prepared(engine, settings)
    ids = (prepared.round_id, prepared.run, TOKEN)
    solved = _counting(monkeypatch)
    monkeypatch.setattr(fanout, "CHUNK_BYTES", 200_000)  # the big pickles in several parts
    fan = _first_round(engine, prepared, settings)
    with session_scope(engine) as session:
        stored = repo.get_blobs(session, prepared.round_id, 1)
    assert {"prepared:1", "problem:1"} <= set(stored)
    assert max(len(stored[k]) for k in stored if k.startswith(("prepared", "problem"))) <= 200_000
    region_jobs = [job for job in fan.plan.jobs if len(job) == 3]
    assert len(region_jobs) > len(fan.plan.regions) >= 2  # components cut into several regions
    assert len(fan.tasks) > 2
    for task in fan.tasks:  # redelivered: answered before, not solved again
        assert fanout.solve_jobs(engine, *ids, fanout.JOBS, task)
    assert len(solved) == len(fan.plan.jobs)
    seam_tasks = fanout.store_seams(engine, *ids)
    assert seam_tasks  # the regions have seams: a second round of jobs
    assert fanout.store_seams(engine, *ids) == seam_tasks  # a redelivered join: the same
    for task in seam_tasks + seam_tasks:
        assert fanout.solve_jobs(engine, *ids, fanout.SEAMS, task)
    n_seam_jobs = sum(len(task) for task in seam_tasks)
    assert len(solved) == len(fan.plan.jobs) + n_seam_jobs
    assert fanout.finish_fanout(engine, *ids, settings=settings)
    assert not fanout.finish_fanout(engine, *ids, settings=settings)  # saved already: lost
    for task in fan.tasks[:1]:  # a late redelivery after the save writes nothing
        assert not fanout.solve_jobs(engine, *ids, fanout.JOBS, task)
    monkeypatch.undo()
    monkeypatch.setattr(jobs, "PARALLEL_MIN_PAIRS", 100)
    expected = solve(prepared.problem, limits=prepared.policy.limits, split=SPLIT)
    assert proposed(engine, prepared.round_id) == expected_places(prepared.problem, expected)
    with session_scope(engine) as session:
        row = repo.get_round(session, prepared.round_id)
        assert row.status == "solved"
        assert row.summary["placed"] == expected.placed
        assert f"naden:{n_seam_jobs - 1}" in row.summary["timings_s"]
        assert repo.get_blobs(session, prepared.round_id, 1) == {}
        actions = [e.action for e in repo.list_events(session, prepared.round_id)]
    assert actions.count("solved") == 1


def _steal(engine: Engine) -> None:
    with session_scope(engine) as session:
        session.execute(update(repo.ROUND_TABLE).values(lease_token="thief"))


def test_a_lost_lease_writes_nothing(engine: Engine, settings: Settings) -> None:
    prepared = _prepared(engine, settings)
    ids = (prepared.round_id, prepared.run, TOKEN)
    fan = _first_round(engine, prepared, settings)
    with session_scope(engine) as session:
        before = set(repo.get_blobs(session, prepared.round_id, 1))
    _steal(engine)
    assert fanout.store_seams(engine, *ids) is None
    assert not fanout.solve_jobs(engine, *ids, fanout.JOBS, fan.tasks[0])
    assert not fanout.finish_fanout(engine, *ids, settings=settings)
    with session_scope(engine) as session:
        assert set(repo.get_blobs(session, prepared.round_id, 1)) == before  # no seam jobs
        row = repo.get_round(session, prepared.round_id)
        assert (row.status, row.lease_token) == ("running", "thief")
        assert repo.list_proposals(session, prepared.round_id, 1) == []


def test_a_failing_job_fails_the_round_readably(
    engine: Engine, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    prepared = _prepared(engine, settings)
    ids = (prepared.round_id, prepared.run, TOKEN)
    fan = fanout.plan_fanout(prepared, min_pairs=1, split=SPLIT)
    assert fan is not None
    fanout.store_prepared(engine, prepared, fan, settings=settings)

    def broken(_job: Any) -> Any:
        raise RuntimeError("solver crashed")

    monkeypatch.setattr(fanout, "solve_job", broken)
    assert not fanout.solve_jobs(engine, *ids, fanout.JOBS, fan.tasks[0])
    assert fanout.store_seams(engine, *ids) is None  # the join finds the round failed
    with session_scope(engine) as session:
        row = repo.get_round(session, prepared.round_id)
        assert (row.status, row.error) == ("failed", GENERIC_ERROR)
        assert repo.list_proposals(session, prepared.round_id, 1) == []


def test_a_small_round_stays_on_one_worker(engine: Engine, settings: Settings) -> None:
    prepared = _prepared(engine, settings)
    assert fanout.plan_fanout(prepared, min_pairs=prepared.problem.n_pairs + 1) is None
    fan = fanout.plan_fanout(prepared, min_pairs=1)  # production's RegionSplit: nothing is cut
    assert fan is not None
    assert fan.split == RegionSplit()
    assert not fan.plan.regions
    assert len(fan.plan.jobs) == len(fan.plan.components)
