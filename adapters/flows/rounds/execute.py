"""Execute a round: claim it, score, solve, explain and store one run, reporting progress.

``execute_round`` is what both runners call (the in-process thread and the Celery task). It is
safe to call twice: a round is claimed with one UPDATE (queued, or running under an expired
lease), a live claim is renewed by a heartbeat, and the run is written in ONE transaction that
only succeeds while the claim is still ours. A crash before that leaves nothing half-written and
the round claimable again once its lease expires.
"""

from __future__ import annotations

import logging
import math
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from sqlalchemy import Engine

from adapters.db import round_repositories as repo
from adapters.db.engine import session_scope
from adapters.db.repositories import load_population
from adapters.db.round_lease import (
    Heartbeat,
    LeaseLostError,
    claim_round,
    mark_failed,
    mark_solved,
    renew_lease,
    report_stage,
)
from adapters.db.round_models import DecisionKind, ProposalDecision, RoundStatus
from adapters.flows.favourites import with_favourites
from adapters.flows.model_versions import approved_model
from adapters.flows.rounds import rematch
from adapters.flows.rounds.fingerprint import SUMMARY_KEY, inputs_fingerprint
from adapters.flows.rounds.selection import round_policy, select_population
from adapters.settings import Settings
from adapters.solver_pool import component_map
from matcher import (
    Decisions,
    EstimatedTravelTime,
    PreparedRound,
    RoundPolicy,
    RoundResult,
    ScoredRound,
    SuccessModel,
    TravelTimeProvider,
    explain_round,
    prepare_round,
    solve_round,
)
from matcher.bpv.net import net_population
from matcher.domain import PlaceId, StudentId
from matcher.errors import MatcherError
from matcher.solver import Assignment, AssignmentProblem, solve

log = logging.getLogger(__name__)

GENERIC_ERROR = (
    "Het maken van de voorstellen is niet gelukt door een fout aan onze kant. "
    "Start de ronde opnieuw; lukt het dan nog niet, vraag de beheerder om hulp."
)


class Outcome(StrEnum):
    """What one call of execute_round did."""

    SOLVED = "solved"
    ALREADY_DONE = "already_done"  # solved, in review or published before this call
    BUSY = "busy"  # another live worker holds the round
    NOT_QUEUED = "not_queued"  # draft or failed: nobody asked to run it
    FAILED = "failed"
    FANNED_OUT = "fanned_out"  # components handed to workers; a callback finishes the run
    LEASE_LOST = "lease_lost"  # someone took over the round; this call wrote nothing


@dataclass(frozen=True, eq=False)
class PreparedRun:
    """Everything up to the solver for one run, plus what the reviewers decided before it."""

    round_id: int
    run: int
    token: str
    core: PreparedRound  # what the core's prepare_round returned
    locked: dict[tuple[str, str], str]  # (student, place) -> decision kind
    prior: dict[str, tuple[str | None, str]]  # student -> (place, decision)
    model_note: str
    timings: dict[str, float] = field(default_factory=dict)
    fingerprint: str = ""  # of the profiles this run used (see fingerprint.py)
    model_version: dict[str, Any] | None = None  # the approved model version used, if any

    @property
    def scored(self) -> ScoredRound:
        """The scored pairs of this run."""
        return self.core.scored

    @property
    def problem(self) -> AssignmentProblem:
        """The solver's problem of this run."""
        return self.core.problem

    @property
    def decisions(self) -> Decisions:
        """The reviewers' locks and vetoes this run honours."""
        return self.core.decisions

    @property
    def policy(self) -> RoundPolicy:
        """The round's policy with the solver's limits from the settings."""
        return self.core.policy


def execute_round(
    engine: Engine,
    round_id: int,
    *,
    settings: Settings,
    travel: TravelTimeProvider | None = None,
    fanout: Callable[[PreparedRun], bool] | None = None,
) -> Outcome:
    """Run a queued round once; see the module docstring for the guarantees."""
    token = uuid.uuid4().hex
    claimed, status = claim_round(engine, round_id, token, lease_s=settings.round_lease_s)
    if not claimed:
        return _not_claimed(status)
    travel = travel or EstimatedTravelTime()
    with Heartbeat(engine, round_id, token, lease_s=settings.round_lease_s):
        try:
            prepared = prepare_run(engine, round_id, token, settings=settings, travel=travel)
            if fanout is not None and fanout(prepared):
                return Outcome.FANNED_OUT
            report_stage(engine, round_id, token, "oplossen")
            before_solve()
            started = time.perf_counter()
            with component_map(settings.solver_processes) as map_fn:
                assignment = solve_round(prepared.core, map_fn=map_fn)
            prepared.timings["oplossen"] = round(time.perf_counter() - started, 3)
            save_run(engine, prepared, assignment, travel=travel)
        except LeaseLostError:
            return Outcome.LEASE_LOST
        except Exception as error:  # noqa: BLE001 - every failure becomes a readable state
            fail_round(engine, round_id, token, error)
            return Outcome.FAILED
    return Outcome.SOLVED


def _not_claimed(status: str | None) -> Outcome:
    if status in (RoundStatus.SOLVED, RoundStatus.IN_REVIEW, RoundStatus.PUBLISHED):
        return Outcome.ALREADY_DONE
    if status == RoundStatus.RUNNING:
        return Outcome.BUSY
    return Outcome.NOT_QUEUED


def _go_on() -> None:
    """Nothing: the solve stage follows at once."""


# A test seam, no setting: called once the round shows the solve stage, before solving. Tests
# that stop a worker mid-round replace it (tests/celery_worker_entry.py, or monkeypatch).
before_solve: Callable[[], None] = _go_on


def load_success_model(
    settings: Settings, engine: Engine
) -> tuple[SuccessModel | None, str, dict[str, Any] | None]:
    """The approved learned model (never one nobody approved), a note, and its version record."""
    return approved_model(engine, settings.model_path)


def prepare_run(
    engine: Engine, round_id: int, token: str, *, settings: Settings, travel: TravelTimeProvider
) -> PreparedRun:
    """Load the selection and decisions, score every pair and build the solver's problem."""
    started = time.perf_counter()
    with session_scope(engine) as session:
        row = repo.get_round(session, round_id)
        population = load_population(session)
        students = with_favourites(session.connection(), population.students)
        population = replace(population, students=students)  # the student's own voice first
        if row.filters.get("rematch"):  # only the places still free (issue 19)
            population = net_population(population, rematch.held_seats(session, round_id))
        population = select_population(population, row.filters)
        used = inputs_fingerprint(session, (s.student_id for s in population.students))
        policy = round_policy(
            row.policy, time_limit_s=settings.solver_time_limit_s, workers=settings.solver_workers
        )
        run, on = row.current_run + 1, row.bpv_start
        prior = {
            p.student_id: (p.place_id, p.decision)
            for p in repo.list_proposals(session, round_id, row.current_run)
        }
        locked: dict[tuple[str, str], str] = {}
        vetoes: set[tuple[str, str]] = set()
        for d in repo.list_decisions(session, round_id):
            if d.kind == DecisionKind.VETO:
                vetoes.add((d.student_id, d.place_id))
            elif d.active_lock:
                locked[(d.student_id, d.place_id)] = d.kind
        tried = rematch.excluded_pairs(row.filters)  # a re-match never proposes these again
    for sid, (place, decision) in prior.items():
        if decision == ProposalDecision.ACCEPTED and place is not None:
            locked.setdefault((sid, place), "accepted")
    decisions = Decisions(locks=_pairs(locked), vetoes=_pairs(vetoes | tried), tried=_pairs(tried))
    model, note, version = load_success_model(settings, engine)
    core = prepare_round(
        population, on=on, travel=travel, policy=policy, decisions=decisions, model=model
    )
    timings = {"scoren": round(time.perf_counter() - started, 3)}
    return PreparedRun(
        round_id, run, token, core, locked, prior, note, timings, fingerprint=used,
        model_version=version,
    )  # fmt: skip


def _pairs(pairs: Any) -> frozenset[tuple[StudentId, PlaceId]]:
    return frozenset((StudentId(s), PlaceId(p)) for s, p in pairs)


def finish_run(
    prepared: PreparedRun, assignment: Assignment, *, travel: TravelTimeProvider
) -> RoundResult:
    """Explain the assignment: proposals with reasons, unplaced diagnoses and the summary."""
    return explain_round(prepared.core, assignment, travel=travel)


def save_run(
    engine: Engine, prepared: PreparedRun, assignment: Assignment, *, travel: TravelTimeProvider
) -> None:
    """Explain and store the run: every proposal and the solved state in ONE transaction."""
    round_id, token = prepared.round_id, prepared.token
    report_stage(engine, round_id, token, "uitleggen")
    started = time.perf_counter()
    result = finish_run(prepared, assignment, travel=travel)
    prepared.timings["uitleggen"] = round(time.perf_counter() - started, 3)
    report_stage(engine, round_id, token, "opslaan")
    rows = [_proposal_row(prepared, p) for p in result.proposals]
    summary = _finite({
        **result.summary.as_dict(), "run": prepared.run, "model_note": prepared.model_note,
        "model_version": prepared.model_version,
        "timings_s": prepared.timings, SUMMARY_KEY: prepared.fingerprint,
    })  # fmt: skip
    with session_scope(engine) as session:
        mark_solved(session, round_id, token, run=prepared.run, summary=summary)
        repo.insert_proposals(session, rows)
        repo.delete_blobs(session, round_id)
        repo.add_event(
            session, round_id, actor=repo.SYSTEM_ACTOR, action="solved",
            detail={"run": prepared.run, "placed": result.summary.placed,
                    "students": result.summary.students},
        )  # fmt: skip


def _proposal_row(prepared: PreparedRun, p: Any) -> dict[str, Any]:
    """A proposal as a row, with the reviewers' earlier decision carried over (their notes are
    kept per round and student in ``review_note``, so they carry over by themselves)."""
    place = p.place_id
    before_place, before_decision = prepared.prior.get(p.student_id, (None, "open"))
    kind = prepared.locked.get((p.student_id, place)) if place is not None else None
    decision = ProposalDecision.OPEN.value
    if kind == DecisionKind.MOVE:
        decision = ProposalDecision.MOVED.value
    elif place is not None and before_place == place and before_decision in ("accepted", "moved"):
        decision = before_decision
    score = None if p.score is None else min(max(float(p.score), 0.0), 1.0)
    return {
        "round_id": prepared.round_id, "run": prepared.run, "student_id": p.student_id,
        "place_id": place, "company_id": p.company_id, "score": score,
        "travel_minutes": p.travel_minutes, "status": p.status.value,
        "explanation": p.explanation, "unplaced_reason": p.unplaced_reason,
        "decision": decision, "locked": kind in ("lock", "move"),
        "terms": _finite(dict(p.terms)),
    }  # fmt: skip


def _finite(value: Any) -> Any:
    """JSON-safe: NaN and infinity become None (PostgreSQL's JSON refuses them)."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {str(k): _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value


def fail_round(engine: Engine, round_id: int, token: str, error: Exception) -> None:
    """Mark the round failed with a readable Dutch reason; it can be started again."""
    message = error.message if isinstance(error, MatcherError) else GENERIC_ERROR
    if not isinstance(error, MatcherError):
        log.exception("round %s failed", round_id, exc_info=error)
    try:
        mark_failed(engine, round_id, token, message)
    except LeaseLostError:
        return
    with session_scope(engine) as session:
        repo.add_event(
            session, round_id, actor=repo.SYSTEM_ACTOR, action="failed", reason=message,
            detail={"error": type(error).__name__},
        )  # fmt: skip


__all__ = [
    "LeaseLostError",
    "Outcome",
    "PreparedRun",
    "claim_round",
    "execute_round",
    "fail_round",
    "finish_run",
    "prepare_run",
    "renew_lease",
    "report_stage",
    "save_run",
    "solve",
]
