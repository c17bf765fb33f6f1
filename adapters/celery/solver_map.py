"""The solver's ``map`` over Celery workers: each job of a round's fan-out on any worker.

``matcher.solver.solve`` hands its jobs (components, regions, seams) to a ``map``; this one
stores each job pickled in Redis (the broker), sends one ``solve_solver_job`` task per job and
waits for them all, so a national round's pieces spread over every worker's processes. Jobs and
answers are our own pickles in our own Redis, as trusted as the pickled runs in the database
(adapters/flows/rounds/fanout.py); they expire after BLOB_TTL_S. The task names only a key.
"""

from __future__ import annotations

import pickle
import uuid
from collections.abc import Callable, Iterable
from typing import Any

import redis
from celery import Celery, group

from matcher.solver import solve_job

BLOB_TTL_S = 6 * 3600
PREFIX = "passende_plek:solver:"


def job_key(run: str, index: int) -> str:
    """Redis key of job ``index`` of map call ``run``."""
    return f"{PREFIX}{run}:{index}"


def run_stored_job(client: Any, key: str) -> str:
    """Solve the job stored at ``key``; store the answer at ``key + ':antwoord'``, return it."""
    job = pickle.loads(_blob(client, key))  # noqa: S301 - our own blob (module docstring)
    answer_key = f"{key}:antwoord"
    client.set(answer_key, pickle.dumps(solve_job(job), protocol=5), ex=BLOB_TTL_S)
    client.delete(key)
    return answer_key


def celery_map(app: Celery, broker_url: str, *, timeout_s: float = 6 * 3600) -> Callable[..., Any]:
    """A ``map(fn, jobs)`` for matcher.solver.solve that runs the jobs on the Celery workers.

    ``fn`` must be matcher.solver.solve_job (the only function the workers run).
    """
    client = redis.Redis.from_url(broker_url)

    def map_fn(fn: Callable[[Any], Any], jobs: Iterable[Any]) -> list[Any]:
        if fn is not solve_job:
            raise ValueError("celery_map runs only matcher.solver.solve_job")
        jobs = list(jobs)
        run = uuid.uuid4().hex
        keys = []
        for index, job in enumerate(jobs):
            keys.append(job_key(run, index))
            client.set(keys[-1], pickle.dumps(job, protocol=5), ex=BLOB_TTL_S)
        task = app.signature("passende_plek.solve_solver_job")
        answer_keys = group(task.clone((key,)) for key in keys).apply_async().get(timeout=timeout_s)
        answers = []
        for key in answer_keys:
            answers.append(pickle.loads(_blob(client, key)))  # noqa: S301 - our own blob
            client.delete(key)
        return answers

    return map_fn


def _blob(client: Any, key: str) -> bytes:
    data = client.get(key)
    if not isinstance(data, bytes):
        raise LookupError(f"solver blob {key} is missing (expired?)")
    return data
