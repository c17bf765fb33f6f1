"""Check a set of chosen pairs against every hard constraint of a problem."""

from __future__ import annotations

import numpy as np

from matcher.solver.problem import NO_LIMIT, AssignmentProblem, IntArray


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
    budget, limit = problem.company_budget, problem.company_max_support
    return ((budget != NO_LIMIT) & (hours > budget)) | ((limit != NO_LIMIT) & (support > limit))


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
