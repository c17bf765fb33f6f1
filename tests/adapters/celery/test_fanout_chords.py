"""The fan-out's chords wired by the Celery tasks (eager): regions, then seams, then the save."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from adapters.celery import tasks
from adapters.celery.app import celery_app
from adapters.db import round_repositories as repo
from adapters.db.engine import session_scope
from adapters.flows.rounds.execute import PreparedRun
from adapters.settings import Settings
from matcher.solver import jobs, solve
from tests.adapters.flows.rounds.test_fanout import (
    SPLIT,
    demo_engine,
    expected_places,
    proposed,
    queued_round,
)

stored: list[PreparedRun] = []


@pytest.fixture
def engine(postgres_url: str) -> Iterator[Engine]:
    """The demo round's database on PostgreSQL."""
    yield from demo_engine(postgres_url)


@pytest.fixture
def calls(engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Eager tasks on this database with SPLIT; the names of the flow steps the tasks call
    (the stored prepared run in ``stored``)."""
    settings = Settings(
        model_path=tmp_path / "none.joblib", solver_time_limit_s=2, fanout_min_pairs=1
    )
    monkeypatch.setattr(tasks, "_context", lambda: (engine, settings))
    monkeypatch.setattr(tasks, "_fanout", partial(tasks._fanout, split=SPLIT))
    monkeypatch.setattr(jobs, "PARALLEL_MIN_PAIRS", 100)  # each region a task of its own
    seen: list[str] = []
    for name in ("store_prepared", "solve_jobs", "store_seams", "finish_fanout"):
        real = getattr(tasks, name)

        def step(*args: Any, _real: Any = real, _name: str = name, **kwargs: Any) -> Any:
            seen.append(f"{_name}:{args[4]}" if _name == "solve_jobs" else _name)
            if _name == "store_prepared":
                stored.append(args[1])
            return _real(*args, **kwargs)

        monkeypatch.setattr(tasks, name, step)
    before = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    try:
        yield seen
    finally:
        celery_app.conf.task_always_eager = before


def test_a_round_fans_out_into_regions_and_seams_and_saves_solves_answer(
    engine: Engine, calls: list[str]
) -> None:
    stored.clear()
    round_id = queued_round(engine)
    assert tasks.run_match_round.apply(args=(round_id,)).get() == "fanned_out"
    seams, last = calls.index("store_seams"), calls.index("finish_fanout")
    assert calls[0] == "store_prepared"
    assert len(calls[1:seams]) > 2  # the first round's tasks: components and regions
    assert set(calls[1:seams]) == {"solve_jobs:job"}
    assert calls[seams + 1 : last]  # the second round: the seams' tasks
    assert set(calls[seams + 1 : last]) == {"solve_jobs:seam"}
    assert last == len(calls) - 1
    with session_scope(engine) as session:
        row = repo.get_round(session, round_id)
        assert row.status == "solved", row.error
    (prepared,) = stored
    answer = solve(prepared.problem, limits=prepared.policy.limits, split=SPLIT)
    assert proposed(engine, round_id) == expected_places(prepared.problem, answer)
