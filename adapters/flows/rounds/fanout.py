"""Fan-out of a large run: the solver's independent components solved by separate workers.

The parent stores the prepared run (pickled, in ``round_blob``; only our own process writes
it) and hands out (round_id, run, token, index) ids. Each component job solves one component
and stores its answer; the join merges the answers and saves the run like a single worker would.
Every step renews the round's lease under the same token, so a stale chain writes nothing.
While components wait in the queue the lease is stretched to cover the solver's time limit, and
while one is solved a heartbeat keeps it alive, so a live fan-out is never taken over.
"""

from __future__ import annotations

import pickle
import time

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
from matcher.solver import component_limits, merge, solve_component
from matcher.solver.components import Component, split_components

PREPARED_KEY = "prepared"


def plan_components(prepared: PreparedRun, *, min_pairs: int) -> list[Component]:
    """The components to fan out, or [] when the run is small enough for one worker."""
    if prepared.problem.n_pairs < min_pairs:
        return []
    components = split_components(prepared.problem)
    return components if len(components) > 1 else []


def fanout_lease_s(prepared: PreparedRun, settings: Settings) -> float:
    """How long a fanned-out round stays claimed: queue wait plus every component's time."""
    return settings.round_lease_s + 2 * prepared.policy.limits.time_limit_s


def store_prepared(engine: Engine, prepared: PreparedRun, *, settings: Settings) -> None:
    """Save the prepared run for the component jobs (committed before they are sent)."""
    report_stage(engine, prepared.round_id, prepared.token, "oplossen")
    renew_lease(
        engine, prepared.round_id, prepared.token, lease_s=fanout_lease_s(prepared, settings)
    )
    data = pickle.dumps(prepared, protocol=pickle.HIGHEST_PROTOCOL)
    with session_scope(engine) as session:
        repo.put_blob(session, prepared.round_id, prepared.run, PREPARED_KEY, data)


def _load(engine: Engine, round_id: int, run: int) -> tuple[PreparedRun, dict[str, bytes]]:
    with session_scope(engine) as session:
        blobs = repo.get_blobs(session, round_id, run)
    prepared: PreparedRun = pickle.loads(blobs[PREPARED_KEY])  # noqa: S301 - our own blob
    return prepared, blobs


def solve_component_job(
    engine: Engine, round_id: int, run: int, token: str, index: int, *, settings: Settings
) -> bool:
    """Solve one component and store its answer; False when the claim was lost."""
    key = f"component:{index}"
    prepared, blobs = _load(engine, round_id, run)
    lease_s = fanout_lease_s(prepared, settings)
    try:
        renew_lease(engine, round_id, token, lease_s=lease_s)
    except LeaseLostError:
        return False
    if key in blobs:  # done before (a redelivered task)
        return True
    components = split_components(prepared.problem)
    limits = component_limits(components, prepared.policy.limits)[index]
    started = time.perf_counter()
    with Heartbeat(engine, round_id, token, lease_s=lease_s):
        answer = solve_component(components[index].problem, limits=limits)
    data = pickle.dumps((answer, time.perf_counter() - started))
    with session_scope(engine) as session:
        repo.put_blob(session, round_id, run, key, data)
    return True


def finish_fanout(
    engine: Engine, round_id: int, run: int, token: str, *, settings: Settings
) -> bool:
    """Merge the component answers and save the run in one transaction; False when lost."""
    try:
        renew_lease(engine, round_id, token, lease_s=settings.round_lease_s)
        prepared, blobs = _load(engine, round_id, run)
        components = split_components(prepared.problem)
        parts = []
        for index, component in enumerate(components):
            (assignment, used), wall = pickle.loads(blobs[f"component:{index}"])  # noqa: S301
            parts.append((component, assignment, used))
            prepared.timings[f"oplossen:{index}"] = round(wall, 3)
        assignment = merge(prepared.problem, parts)
        save_run(engine, prepared, assignment, travel=EstimatedTravelTime())
    except LeaseLostError:
        return False
    except Exception as error:  # noqa: BLE001 - every failure becomes a readable state
        fail_round(engine, round_id, token, error)
    return True
