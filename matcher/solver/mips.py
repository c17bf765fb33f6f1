"""The solver's MIP models, all built by one function and solved by engines.highs_mip.

* ``placement_mip``: maximise weighted placed on a whole (small) component; HiGHS's bound.
* ``quality_mip``: maximise quality with weighted placed >= a floor; HiGHS's bound at that floor.
* ``piece_mip``: weighted placed plus a little quality (``mip_objective``) on some pairs: the
  residual's parts and the placement search's pieces.
* ``placed_mip``: most quality on some pairs with every one of their students placed: the
  polish's kernel and group MIPs.

Every model stops on a node limit and a gap, never on the wall clock (its time limit is only
the safety net the budget gives), so equal input gives equal output. HiGHS proves its bounds by
branch and bound on floating-point LPs (tolerance 1e-6 on integer data), as CP-SAT proves its
own; we round them down only past that tolerance.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_matrix, vstack

from matcher.solver.components import subproblem
from matcher.solver.engines import MipResult, highs_mip
from matcher.solver.feasibility import violations
from matcher.solver.lp_relax import constraint_matrix
from matcher.solver.problem import AssignmentProblem, FloatArray, IntArray
from matcher.solver.tuning import TUNING, Tuning


def _solve(
    problem: AssignmentProblem,
    objective: FloatArray,
    *,
    time_limit: float,
    node_limit: int,
    mip_rel_gap: float | None = None,
    min_weighted: int | None = None,
    all_placed: bool = False,
) -> MipResult:
    """Maximise ``objective`` over binary pairs under every rule of the problem (locks kept),
    optionally with weighted placed >= ``min_weighted`` or every student placed."""
    matrix, upper = constraint_matrix(problem)
    lower: FloatArray | None = None
    if min_weighted is not None:
        weights = problem.student_weight[problem.pair_student].astype(np.float64)
        matrix = vstack([matrix, csr_matrix(-weights[None, :])]).tocsr()
        upper = np.append(upper, -float(min_weighted))
    if all_placed:
        lower = np.full(upper.size, -np.inf)
        lower[: len(problem.student_ids)] = 1.0  # student rows come first (lp_relax._rows)
    lower_x = np.zeros(problem.n_pairs)
    lower_x[problem.locked] = 1.0
    return highs_mip(
        -np.asarray(objective, dtype=np.float64),
        matrix,
        upper,
        lower_x,
        time_limit=time_limit,
        node_limit=node_limit,
        mip_rel_gap=mip_rel_gap,
        lower=lower,
    )


def _floor(bound: float) -> int:
    return int(np.floor(-bound + 1e-6))


def _valid(problem: AssignmentProblem, result: MipResult) -> IntArray | None:
    """The chosen pairs, None when HiGHS found none or they break a rule."""
    if result.x is None:
        return None
    pairs = np.flatnonzero(result.x > 0.5)
    return None if violations(problem, pairs) else pairs


@dataclass(frozen=True, slots=True)
class PlacementMip:
    """Placement MIP of a whole (small) component: an answer and HiGHS's proved bound on W."""

    pairs: IntArray | None  # None when HiGHS found no answer within the node limit
    weighted_bound: int  # no answer places more weighted students


def placement_mip(
    problem: AssignmentProblem, *, time_limit: float, tuning: Tuning = TUNING
) -> PlacementMip:
    """Maximise weighted placed (HiGHS, node-limited); the bound is HiGHS's own."""
    if problem.n_pairs == 0:
        return PlacementMip(np.zeros(0, dtype=np.int64), 0)
    weights = problem.student_weight[problem.pair_student].astype(np.float64)
    result = _solve(problem, weights, time_limit=time_limit, node_limit=tuning.placement_node_limit)
    bound = result.dual_bound
    weighted_bound = int(weights.sum()) if bound is None else _floor(bound)
    return PlacementMip(_valid(problem, result), weighted_bound)


@dataclass(frozen=True, slots=True)
class QualityMip:
    """Quality MIP at a placement floor: an answer and HiGHS's proved bound on its quality."""

    pairs: IntArray | None  # None when HiGHS found no valid answer within the node limit
    quality_bound: int | None  # no answer placing >= the floor has more quality points


def quality_mip(
    problem: AssignmentProblem,
    min_weighted: int,
    *,
    time_limit: float,
    rel_gap: float,
    node_limit: int,
    tuning: Tuning = TUNING,
) -> QualityMip:
    """Maximise quality points with weighted placed >= min_weighted (HiGHS, node-limited).

    The bound holds only for answers placing at least ``min_weighted`` weighted students. HiGHS
    stops once within ``rel_gap`` (at least ``tuning.quality_mip_gap``) or at the node limit.
    """
    if problem.n_pairs == 0:
        return QualityMip(np.zeros(0, dtype=np.int64), 0)
    result = _solve(
        problem,
        problem.pair_quality.astype(np.float64),
        time_limit=time_limit,
        node_limit=node_limit,
        mip_rel_gap=max(rel_gap, tuning.quality_mip_gap),
        min_weighted=min_weighted,
    )
    bound = result.dual_bound
    return QualityMip(_valid(problem, result), None if bound is None else _floor(bound))


def mip_objective(problem: AssignmentProblem, tuning: Tuning = TUNING) -> FloatArray:
    """Weighted placed plus ``mip_eps`` * quality per pair: the placement MIPs' objective."""
    weight = problem.student_weight[problem.pair_student].astype(np.float64)
    return weight + tuning.mip_eps * problem.pair_quality


def piece_mip(
    problem: AssignmentProblem, pairs: IntArray, *, time_limit: float, tuning: Tuning = TUNING
) -> IntArray | None:
    """Best pairs among ``pairs`` by ``mip_objective`` (root node), None if HiGHS found none."""
    sub = subproblem(problem, pairs).problem
    result = _solve(
        sub,
        mip_objective(sub, tuning),
        time_limit=time_limit,
        node_limit=tuning.piece_node_limit,
        mip_rel_gap=tuning.piece_gap,
    )
    if result.x is None:
        return None
    return np.sort(pairs[np.flatnonzero(result.x > 0.5)])


def placed_mip(
    problem: AssignmentProblem, pairs: IntArray, *, time_limit: float
) -> IntArray | None:
    """Most quality on ``pairs`` with every one of their students placed (root node only);
    the room of the rest of the answer is left out (the caller frees these students first)."""
    sub = subproblem(problem, pairs).problem
    result = _solve(
        sub,
        sub.pair_quality.astype(np.float64),
        time_limit=time_limit,
        node_limit=1,
        mip_rel_gap=0.0,
        all_placed=True,
    )
    if result.x is None:
        return None
    return np.sort(pairs[np.flatnonzero(result.x > 0.5)])
