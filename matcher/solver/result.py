"""Solver limits in, assignment out: our own types, so nothing outside solver/ sees OR-Tools."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from matcher.solver.problem import AssignmentProblem, IntArray


class SolveStatus(StrEnum):
    """How good the answer is known to be."""

    OPTIMAL = "optimal"  # proved best
    FEASIBLE = "feasible"  # valid, maybe not the best (time limit)
    INFEASIBLE = "infeasible"  # no valid answer exists
    UNKNOWN = "unknown"  # nothing found in time


@dataclass(frozen=True, slots=True)
class SolverLimits:
    """How long and how the solver may search.

    ``time_limit_s`` is shared by all components of a round. With ``deterministic`` the CP-SAT
    backend uses interleaved search and a deterministic time limit, so equal input gives equal
    output whatever the machine load (see cp_sat.py).
    """

    time_limit_s: float = 60.0
    seed: int = 0
    num_workers: int = 2
    deterministic: bool = True
    gap_limit: float = 0.0  # stop once (bound - objective) <= gap_limit * quality points


@dataclass(frozen=True, slots=True)
class ComponentStats:
    """How one independent sub-problem was solved."""

    n_students: int
    n_places: int
    n_pairs: int
    backend: str  # "min_cost_flow" | "cp_sat" | "none"
    status: SolveStatus
    objective: int
    best_bound: int
    wall_time_s: float  # as reported by OR-Tools (0.0 where it reports none)


@dataclass(frozen=True, eq=False)
class Assignment:
    """The chosen pairs (indices into the problem's pair arrays) and how good they are.

    ``objective`` and ``best_bound`` are in the problem's integer gains; ``gap`` is relative to the
    quality part, (best_bound - objective) / quality_points: 0.0 when proved optimal, NaN when
    no bound is known (the greedy baseline). It only measures quality when the placement is
    proved (``weighted_placed == weighted_placed_bound``); otherwise each weighted student the
    bound still allows adds about 1.0 to it.
    """

    pairs: IntArray
    status: SolveStatus
    objective: int
    best_bound: int
    gap: float
    placed: int
    weighted_placed: int
    weighted_placed_bound: int  # no answer places more weighted students than this
    quality: float  # sum of the chosen pairs' scores
    components: tuple[ComponentStats, ...] = ()
    solver_wall_time_s: float = 0.0

    def student_place(self, problem: AssignmentProblem) -> dict[str, str]:
        """Map student id -> place id for the chosen pairs."""
        return {
            problem.student_ids[s]: problem.place_ids[p]
            for s, p in zip(
                problem.pair_student[self.pairs].tolist(),
                problem.pair_place[self.pairs].tolist(),
                strict=True,
            )
        }


def objective_of(problem: AssignmentProblem, pairs: IntArray) -> int:
    """Summed integer gain of the chosen pairs."""
    return int(problem.pair_gain[pairs].sum())


def make_assignment(
    problem: AssignmentProblem,
    pairs: IntArray,
    *,
    status: SolveStatus,
    best_bound: int | None,
    components: tuple[ComponentStats, ...] = (),
    solver_wall_time_s: float = 0.0,
) -> Assignment:
    """Summarise chosen pairs into an Assignment; ``best_bound=None``: unknown (gap is NaN)."""
    pairs = np.sort(np.asarray(pairs, dtype=np.int64))
    objective = objective_of(problem, pairs)
    weighted = int(problem.student_weight[problem.pair_student[pairs]].sum())
    quality_points = objective - weighted * problem.big
    gap = float("nan")
    if best_bound is None:
        best_bound = objective
    else:
        best_bound = max(best_bound, objective)
        gap = (best_bound - objective) / max(quality_points, 1)
    return Assignment(
        pairs=pairs,
        status=status,
        objective=objective,
        best_bound=best_bound,
        gap=gap,
        placed=int(pairs.size),
        weighted_placed=weighted,
        weighted_placed_bound=best_bound // problem.big,
        quality=float(problem.pair_score[pairs].sum()),
        components=components,
        solver_wall_time_s=solver_wall_time_s,
    )
