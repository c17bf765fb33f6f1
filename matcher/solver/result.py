"""Solver limits in, assignment out: our own types, so nothing outside solver/ sees OR-Tools."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from matcher.solver.problem import AssignmentProblem, IntArray

CERT_SCALE = 1 << 16  # quality certificates are integers in 1/CERT_SCALE quality points


class SolveStatus(StrEnum):
    """How good the answer is known to be."""

    OPTIMAL = "optimal"  # proved best
    FEASIBLE = "feasible"  # valid, maybe not the best (time limit)
    INFEASIBLE = "infeasible"  # no valid answer exists
    UNKNOWN = "unknown"  # nothing found in time


@dataclass(frozen=True, slots=True)
class SolverLimits:
    """How long and how the solver may search.

    ``time_limit_s`` is shared by all components of a round. It is a budget of work seconds:
    the constrained solver counts each phase by the pairs it handles (rates measured on a loaded
    2-core machine) plus CP-SAT's deterministic time, so the wall time follows it roughly but
    equal input gives equal output whatever the machine load (plan.py). With
    ``deterministic`` CP-SAT also uses interleaved search (cp_sat.py); without it CP-SAT races
    its workers on the wall clock.
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

    ``objective`` and ``best_bound`` are in the problem's integer gains (lexicographic: weighted
    placed first, then quality); ``status`` is OPTIMAL only when the answer reaches best_bound.
    The gap is reported in two parts, as in hierarchical multi-objective optimisation:

    * ``placed_gap`` = (weighted_placed_bound - weighted_placed) / weighted_placed: no answer
      places more weighted students than the bound.
    * ``quality_gap`` = (quality_bound - quality_points) / quality_points, where quality_bound
      bounds the quality points of every answer that places at least as many weighted students
      as this one (for a whole round: in total, however spread over its components;
      round_bound.py).

    ``gap`` = max of the two: 0.0 when proved optimal, NaN when no bound is known (greedy).
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
    quality_points: int = 0  # integer quality: objective - weighted_placed * big
    quality_bound: int = 0  # see the class docstring
    placed_gap: float = float("nan")
    quality_gap: float = float("nan")
    components: tuple[ComponentStats, ...] = ()
    solver_wall_time_s: float = 0.0
    # Lines (value, price), in 1/CERT_SCALE quality points: every answer of this problem with W
    # weighted placed has quality points <= (value - price * W) / CERT_SCALE. merge() combines
    # them into a quality bound for the whole round (round_bound.py).
    quality_certificates: tuple[tuple[int, int], ...] = ()
    # Floor caps (F, C): every answer of this problem with at least F weighted placed has
    # quality points <= C (a MIP's dual bound; nothing is said below F).
    quality_floor_caps: tuple[tuple[int, int], ...] = ()

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
    quality_bound: int | None = None,
    components: tuple[ComponentStats, ...] = (),
    solver_wall_time_s: float = 0.0,
    quality_certificates: tuple[tuple[int, int], ...] = (),
    quality_floor_caps: tuple[tuple[int, int], ...] = (),
) -> Assignment:
    """Summarise chosen pairs into an Assignment; ``best_bound=None``: unknown (gap is NaN).

    Without ``quality_bound`` it follows from best_bound when that proves the placement, else
    it is the trivial big - 1.
    """
    pairs = np.sort(np.asarray(pairs, dtype=np.int64))
    objective = objective_of(problem, pairs)
    weighted = int(problem.student_weight[problem.pair_student[pairs]].sum())
    quality_points = objective - weighted * problem.big
    nan = float("nan")
    gaps = (nan, nan)
    if best_bound is None:
        best_bound, quality_bound = objective, quality_points
    else:
        best_bound = max(best_bound, objective)
        if quality_bound is None:
            proved = best_bound // problem.big == weighted
            quality_bound = best_bound - weighted * problem.big if proved else problem.big - 1
        quality_bound = max(quality_bound, quality_points)
        gaps = (
            (best_bound // problem.big - weighted) / max(weighted, 1),
            (quality_bound - quality_points) / max(quality_points, 1),
        )
    return Assignment(
        pairs=pairs,
        status=status,
        objective=objective,
        best_bound=best_bound,
        gap=max(gaps),
        placed=int(pairs.size),
        weighted_placed=weighted,
        weighted_placed_bound=best_bound // problem.big,
        quality=float(problem.pair_score[pairs].sum()),
        quality_points=quality_points,
        quality_bound=quality_bound,
        placed_gap=gaps[0],
        quality_gap=gaps[1],
        components=components,
        solver_wall_time_s=solver_wall_time_s,
        quality_certificates=quality_certificates,
        quality_floor_caps=quality_floor_caps,
    )
