"""Fan-out of a large run: the solver's jobs (components, map regions, seams) over the workers.

The solver's own stages (matcher/solver/jobs.py) drive it, so a fanned-out run gives the answer
``solve`` gives in one process: round 1 solves one job per component, or per region of a huge
component; its join computes the seams between the regions and sends them as round 2; the last
join finishes the answer and saves the run like a single worker would. With no seams the first
join finishes at once.

The parent stores the solver's problem and, apart, the rest of the prepared run (each pickled
once, in ``round_blob`` and in parts of CHUNK_BYTES: a national prepared run is several GB, a
bytea at most 1 GB; only our own process writes them), a small plan record (the RegionSplit,
the job count, the lease) and each job pickled on its own, so a worker reads only its jobs (a
20,000-student round: a job is at most 8 MB, the prepared run 181 MB, which took 9.5 s to read
here). The joins rebuild the plan (the seams' join from the problem, the last from the
prepared run it saves, joined to the problem again): the stages are pure, so it is the same
plan, in the same order (checked against the stored job count). Each job's answer is stored
under its own key, so a redelivered task solves only what is missing.

Tasks hand out (round_id, run, token, stage, job indices): one task per heavy job (constrained,
PARALLEL_MIN_PAIRS pairs and up; most work first) and one for all light ones. Every step renews
the round's lease under the same token, so a stale chain writes nothing. While jobs wait in the
queue the lease is stretched to cover the solver's time limit, and while one is solved (or a
join works) a heartbeat keeps it alive, so a live fan-out is never taken over. A failing step
fails the round with a readable reason.
"""

from __future__ import annotations

import pickle
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, cast

from sqlalchemy import Engine

from adapters.db import round_repositories as repo
from adapters.db.engine import session_scope
from adapters.flows.rounds.execute import (
    Heartbeat,
    LeaseLostError,
    PreparedRun,
    fail_round,
    renew_lease,
    report_stage,
    save_run,
)
from adapters.settings import Settings
from matcher import EstimatedTravelTime
from matcher.solver import AssignmentProblem, RegionSplit, SolverLimits, solve_job
from matcher.solver.jobs import Answer, Job, JobPlan, SeamPlan, finish, job_order, plan_jobs
from matcher.solver.jobs import seam_jobs as plan_seam_jobs

PREPARED_KEY = "prepared"  # the prepared run without its problem (stored once, apart)
PROBLEM_KEY = "problem"  # the solver's problem and limits: all the seams' join needs
CHUNK_BYTES = 256 * 1024 * 1024  # big pickles are stored in parts (bytea holds at most 1 GB)
PLAN_KEY = "plan"
JOBS, SEAMS = "job", "seam"  # the two rounds of jobs (blob keys "job:3", "seam:0:antwoord")
_TIMING = {JOBS: "oplossen", SEAMS: "naden"}


@dataclass(frozen=True, eq=False)
class FanOut:
    """A run's first round of jobs and how they go out: ``tasks`` lists each task's jobs."""

    plan: JobPlan
    split: RegionSplit | None
    tasks: list[list[int]]


def plan_fanout(
    prepared: PreparedRun,
    *,
    min_pairs: int,
    split: RegionSplit | None = RegionSplit(),  # noqa: B008 - frozen; as matcher.solver.solve
) -> FanOut | None:
    """The jobs to fan out, or None when the run is small enough for one worker (fewer than
    ``min_pairs`` pairs, or fewer than two tasks)."""
    if prepared.problem.n_pairs < min_pairs:
        return None
    plan = plan_jobs(prepared.problem, prepared.policy.limits, split)
    tasks = job_tasks(plan.jobs)
    return FanOut(plan, split, tasks) if len(tasks) > 1 else None


def job_tasks(jobs: Sequence[Job]) -> list[list[int]]:
    """The tasks of a round of jobs: each heavy job alone (most work first), the light together."""
    heavy, light = job_order(jobs)
    return [[i] for i in heavy] + ([light] if light else [])


def fanout_lease_s(prepared: PreparedRun, settings: Settings) -> float:
    """How long a fanned-out round stays claimed: queue wait plus every job's time."""
    return settings.round_lease_s + 2 * prepared.policy.limits.time_limit_s


def store_prepared(
    engine: Engine, prepared: PreparedRun, fan: FanOut, *, settings: Settings
) -> None:
    """Save the prepared run, the plan record and the first round's jobs (committed before the
    tasks are sent)."""
    lease_s = fanout_lease_s(prepared, settings)
    report_stage(engine, prepared.round_id, prepared.token, "oplossen")
    renew_lease(engine, prepared.round_id, prepared.token, lease_s=lease_s)
    ids = (prepared.round_id, prepared.run)
    record: dict[str, Any] = {"split": fan.split, JOBS: len(fan.plan.jobs), "lease_s": lease_s}
    with session_scope(engine) as session:
        record[PREPARED_KEY] = _put_parts(session, *ids, PREPARED_KEY, _without_problem(prepared))
        problem = (prepared.problem, prepared.policy.limits)
        record[PROBLEM_KEY] = _put_parts(session, *ids, PROBLEM_KEY, problem)
        _put(session, *ids, PLAN_KEY, record)
        for i, job in enumerate(fan.plan.jobs):
            _put(session, *ids, _job_key(JOBS, i), job)
    # again once written (a national run takes minutes): the caller's heartbeat renewed it for
    # round_lease_s meanwhile, and the tasks may wait in the queue
    renew_lease(engine, prepared.round_id, prepared.token, lease_s=lease_s)


def solve_jobs(
    engine: Engine,
    round_id: int,
    run: int,
    token: str,
    stage: str,
    indices: Sequence[int],
) -> bool:
    """Solve one task's stored jobs of round ``stage`` (JOBS or SEAMS) and store each answer;
    False when the claim was lost or a job failed (then the round is failed, readably)."""
    ids = (round_id, run)
    try:
        record = _get(engine, *ids, [PLAN_KEY]).get(PLAN_KEY)
        if record is None:  # the run was saved (its blobs are gone): a late redelivery
            return False
        lease_s = record["lease_s"]
        renew_lease(engine, round_id, token, lease_s=lease_s)
        keys = [_job_key(stage, i) for i in indices]
        done = _get(engine, *ids, [_answer_key(key) for key in keys])
        for key in keys:
            if _answer_key(key) in done:  # solved before (a redelivered task)
                continue
            job: Job = _get(engine, *ids, [key])[key]
            started = time.perf_counter()
            with Heartbeat(engine, round_id, token, lease_s=lease_s):
                answer = solve_job(job)
            renew_lease(engine, round_id, token, lease_s=lease_s)
            with session_scope(engine) as session:
                _put(session, *ids, _answer_key(key), (answer, time.perf_counter() - started))
    except LeaseLostError:
        return False
    except Exception as error:  # noqa: BLE001 - every failure becomes a readable state
        fail_round(engine, round_id, token, error)
        return False
    return True


def store_seams(engine: Engine, round_id: int, run: int, token: str) -> list[list[int]] | None:
    """Join of round 1: store the seams' jobs; their tasks ([]: no seams, finish now), or None
    when the claim was lost or this step failed (then the round is failed, readably)."""
    ids = (round_id, run)
    try:
        lease_s = _record(engine, *ids)["lease_s"]
        renew_lease(engine, round_id, token, lease_s=lease_s)
        with Heartbeat(engine, round_id, token, lease_s=lease_s):
            problem, limits = _get_parts(engine, *ids, PROBLEM_KEY)
            seams = _stages(engine, *ids, problem, limits)[2]
            with session_scope(engine) as session:
                for i, job in enumerate(seams.jobs):
                    _put(session, *ids, _job_key(SEAMS, i), job)
        renew_lease(engine, round_id, token, lease_s=lease_s)
    except LeaseLostError:
        return None
    except Exception as error:  # noqa: BLE001 - every failure becomes a readable state
        fail_round(engine, round_id, token, error)
        return None
    return job_tasks(seams.jobs)


def finish_fanout(
    engine: Engine, round_id: int, run: int, token: str, *, settings: Settings
) -> bool:
    """Repair the seams, merge and save the run in one transaction; False when lost."""
    ids = (round_id, run)
    try:
        renew_lease(engine, round_id, token, lease_s=settings.round_lease_s)
        with Heartbeat(engine, round_id, token, lease_s=settings.round_lease_s):
            problem, limits = _get_parts(engine, *ids, PROBLEM_KEY)
            prepared = _with_problem(_get_parts(engine, *ids, PREPARED_KEY), problem)
            plan, answers, seams = _stages(engine, *ids, problem, limits)
            seam_answers = _answers(engine, *ids, SEAMS, len(seams.jobs))
            for stage, found in ((JOBS, answers), (SEAMS, seam_answers)):
                for i, (_, wall) in enumerate(found):
                    prepared.timings[f"{_TIMING[stage]}:{i}"] = round(wall, 3)
            assignment = finish(plan, [a for a, _ in answers], seams, [a for a, _ in seam_answers])
            save_run(engine, prepared, assignment, travel=EstimatedTravelTime())
    except LeaseLostError:
        return False
    except Exception as error:  # noqa: BLE001 - every failure becomes a readable state
        fail_round(engine, round_id, token, error)
    return True


def _stages(
    engine: Engine, round_id: int, run: int, problem: AssignmentProblem, limits: SolverLimits
) -> tuple[JobPlan, list[tuple[Answer, float]], SeamPlan]:
    """The run's plan rebuilt (pure: the one stored), round 1's answers with their wall times,
    and the seams' plan (pure again)."""
    record = _record(engine, round_id, run)
    plan = plan_jobs(problem, limits, record["split"])
    if len(plan.jobs) != record[JOBS]:
        raise RuntimeError(f"plan of {len(plan.jobs)} jobs, {record[JOBS]} were sent")
    answers = _answers(engine, round_id, run, JOBS, len(plan.jobs))
    return plan, answers, plan_seam_jobs(plan, [a for a, _ in answers])


def _answers(
    engine: Engine, round_id: int, run: int, stage: str, n: int
) -> list[tuple[Answer, float]]:
    """The stored answers (with their wall times) of round ``stage``'s n jobs, in order."""
    keys = [_answer_key(_job_key(stage, i)) for i in range(n)]
    found = _get(engine, round_id, run, keys)
    missing = [key for key in keys if key not in found]
    if missing:
        raise RuntimeError(f"no answer stored for {', '.join(missing[:5])}")
    return [found[key] for key in keys]


def _record(engine: Engine, round_id: int, run: int) -> dict[str, Any]:
    record: dict[str, Any] = _get(engine, round_id, run, [PLAN_KEY])[PLAN_KEY]
    return record


def _get(engine: Engine, round_id: int, run: int, keys: Sequence[str]) -> dict[str, Any]:
    """The stored blobs of ``keys`` that exist, unpickled (our own blobs: module docstring)."""
    with session_scope(engine) as session:
        blobs = repo.get_blobs(session, round_id, run, keys)
    return {key: pickle.loads(data) for key, data in blobs.items()}  # noqa: S301


def _put(session: Any, round_id: int, run: int, key: str, value: Any) -> None:
    repo.put_blob(
        session, round_id, run, key, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    )


def _put_parts(session: Any, round_id: int, run: int, key: str, value: Any) -> int:
    """Store ``value`` pickled in parts of CHUNK_BYTES as ``key:0``, ``key:1``...; how many."""
    data = memoryview(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    starts = range(0, max(len(data), 1), CHUNK_BYTES)
    for i, start in enumerate(starts):
        repo.put_blob(
            session, round_id, run, f"{key}:{i}", bytes(data[start : start + CHUNK_BYTES])
        )
    return len(starts)


def _get_parts(engine: Engine, round_id: int, run: int, key: str) -> Any:
    """The value _put_parts stored (the number of parts is in the plan record)."""
    keys = [f"{key}:{i}" for i in range(_record(engine, round_id, run)[key])]
    with session_scope(engine) as session:
        blobs = repo.get_blobs(session, round_id, run, keys)
    data = b"".join(blobs.pop(k) for k in keys)
    return pickle.loads(data)  # noqa: S301 - our own blobs


def _without_problem(prepared: PreparedRun) -> PreparedRun:
    """The prepared run with no problem: the problem is stored once, on its own, because the
    seams' join reads only it (a national problem is about 0,5 GB)."""
    return replace(prepared, core=replace(prepared.core, problem=cast(AssignmentProblem, None)))


def _with_problem(prepared: PreparedRun, problem: AssignmentProblem) -> PreparedRun:
    """The stored prepared run joined to its problem again."""
    return replace(prepared, core=replace(prepared.core, problem=problem))


def _job_key(stage: str, index: int) -> str:
    return f"{stage}:{index}"


def _answer_key(job_key: str) -> str:
    return f"{job_key}:antwoord"
