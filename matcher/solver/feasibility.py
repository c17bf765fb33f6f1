"""Check a set of chosen pairs against every hard constraint of a problem, and the one
company-room rule (seats, supervision time, support seats) that the solver, a reviewer's move
and the move choices all apply."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import numpy as np

from matcher.solver.problem import HOURS_SCALE, NO_LIMIT, AssignmentProblem, IntArray


class Room(StrEnum):
    """Whether a place and its company can take one more student, and if not, why."""

    FREE = "free"
    FULL = "full"  # every seat of the place is taken
    SUPPORT = "support"  # the company has no extra-support seat left
    GUIDANCE = "guidance"  # the company's supervision time would run out


@dataclass(frozen=True, slots=True)
class Holder:
    """A student already holding a seat at the company: their supervision need and support."""

    guidance_hours: float
    needs_support: bool


def to_tenths(hours: float) -> int:
    """Supervision hours in the solver's integer tenths (rounded once, as the solver does)."""
    return round(hours * HOURS_SCALE)


def exceeds_company_limits(hours: Any, support: Any, budget: Any, max_support: Any) -> Any:
    """True where a company's load (guidance tenths, support students) is over its budget or
    max_support; ``NO_LIMIT`` means no limit. Works on numbers and on numpy arrays alike."""
    return ((budget != NO_LIMIT) & (hours > budget)) | (
        (max_support != NO_LIMIT) & (support > max_support)
    )


def company_room(
    *,
    capacity: int,
    seats_taken: int,
    guidance_budget: float | None,
    max_support: int | None,
    holders: Iterable[Holder],
    newcomer: Holder,
) -> Room:
    """Whether one more student fits: a free seat, and the company's limits with them added.

    ``None`` for a limit means it is not used in this round (or the company has none).
    """
    if seats_taken >= capacity:
        return Room.FULL
    group = [*holders, newcomer]
    budget = NO_LIMIT if guidance_budget is None else to_tenths(guidance_budget)
    limit = NO_LIMIT if max_support is None else max_support
    support = sum(h.needs_support for h in group)
    hours = sum(to_tenths(h.guidance_hours) for h in group)
    if newcomer.needs_support and exceeds_company_limits(0, support, NO_LIMIT, limit):
        return Room.SUPPORT
    if exceeds_company_limits(hours, 0, budget, NO_LIMIT):
        return Room.GUIDANCE
    return Room.FREE


def company_loads(problem: AssignmentProblem, pairs: IntArray) -> tuple[IntArray, IntArray]:
    """Guidance tenths and support-student count per company for the chosen pairs."""
    n_c = len(problem.company_ids)
    comp = problem.pair_company[pairs]
    hours = np.bincount(comp, problem.pair_guidance[pairs], minlength=n_c).astype(np.int64)
    support = np.bincount(comp, problem.pair_support[pairs], minlength=n_c).astype(np.int64)
    return hours, support


def over_limit(problem: AssignmentProblem, pairs: IntArray) -> np.ndarray:
    """Per company: True where the chosen pairs exceed its budget or max_support."""
    hours, support = company_loads(problem, pairs)
    return np.asarray(
        exceeds_company_limits(hours, support, problem.company_budget, problem.company_max_support),
        dtype=bool,
    )


def violations(problem: AssignmentProblem, pairs: IntArray) -> list[str]:
    """Every broken hard constraint, in English, for tests and logs (empty when feasible)."""
    pairs = np.asarray(pairs, dtype=np.int64)
    found: list[str] = []
    if pairs.size and (pairs.min() < 0 or pairs.max() >= problem.n_pairs):
        return ["pair index out of range"]
    if np.unique(pairs).size != pairs.size:
        found.append("a pair is chosen twice")
    per_student = np.bincount(problem.pair_student[pairs], minlength=len(problem.student_ids))
    found += [f"student {s} placed {per_student[s]} times" for s in np.flatnonzero(per_student > 1)]
    per_place = np.bincount(problem.pair_place[pairs], minlength=len(problem.place_ids))
    over = np.flatnonzero(per_place > problem.place_capacity)
    found += [f"place {p} over capacity" for p in over]
    over_company = np.flatnonzero(over_limit(problem, pairs))
    found += [f"company {c} over budget or max_support" for c in over_company]
    missing = np.setdiff1d(problem.locked, pairs)
    found += [f"locked pair {i} not chosen" for i in missing]
    return found
