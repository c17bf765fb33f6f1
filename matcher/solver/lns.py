"""Large-neighbourhood search: re-solve small groups of companies exactly, everything else fixed.

Why: on a round with guidance budgets the LP relaxation is tight (within ~0.3 % of the integer
optimum on the demo rounds) but rounding it is not: every company's budget ends with a fraction
of a student, and filling the budgets with whole students is a knapsack problem per company. A
MIP solver (HiGHS) solves such a neighbourhood of a few thousand pairs in about a second, while
CP-SAT or HiGHS on a whole component of 30,000+ pairs barely improves a start in minutes.

A piece is a set of companies that share candidate students, grown breadth-first from a seed
company until it holds about ``piece_pairs`` pairs. Its sub-problem: every student placed at one
of its companies or not placed at all, with their pairs to the piece's places. Every occupant of
those places is free, so capacities, budgets and max_support are the full ones; students placed
elsewhere stay. The MIP maximises weighted placed + EPS * quality (a student always outweighs
any quality: EPS * quality of one student is at most 0.1); its answer is kept only when it is at
least as good in the exact integer gains. So each step keeps every hard constraint and never
makes the answer worse.

Pieces are seeded at the companies where the answer falls furthest below the LP's own value
there, so the work goes where the LP says something is to be won.

Work, not wall time: each piece costs ``pairs / PAIRS_PER_SECOND`` work seconds, and HiGHS stops
on a node limit (the root node) or a 1 % gap, so equal input gives equal output whatever the
machine load. The HiGHS time limit (TIME_GUARD_S plus 20x the piece's share) is only a safety
net, like CP-SAT's wall-clock guard; hitting it would break determinism.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_matrix, csr_matrix, vstack

from matcher.solver.components import subproblem
from matcher.solver.feasibility import violations
from matcher.solver.lp_relax import constraint_matrix
from matcher.solver.problem import SCORE_SCALE, AssignmentProblem, FloatArray, IntArray

EPS = 0.1 / SCORE_SCALE  # quality weight next to one weighted student in the MIP objective
PAIRS_PER_SECOND = 1_400.0  # piece MIP work rate (measured: 2-core machine under load)
PIECE_PAIRS = 1_500
MIP_GAP = 0.01  # per piece: HiGHS stops once its piece answer is proved within 1 %
NODE_LIMIT = 1  # root node only (cuts and HiGHS's own heuristics): most of the gain, bounded work
PLACEMENT_NODE_LIMIT = 50  # phase-1 MIP of a small component: most close at the root
QUALITY_NODE_LIMIT = 200  # quality MIP of a small component: most prove within 0.1 % by then
QUALITY_MIP_GAP = 0.001
TIME_GUARD_S = 60.0  # wall-clock safety net per piece; hitting it would break determinism
_MIN_LOSS = 0.25  # pieces whose companies lose less than this (vs the LP) are skipped


@dataclass(frozen=True, slots=True)
class LnsResult:
    """The improved pairs, the work spent (seconds of the PAIRS_PER_SECOND rate), passes run."""

    pairs: IntArray
    work: float
    passes: int


@dataclass(frozen=True, slots=True)
class PlacementMip:
    """Phase-1 MIP of a whole (small) component: an answer and HiGHS's proved bound on W."""

    pairs: IntArray | None  # None when HiGHS found no answer within the node limit
    weighted_bound: int  # no answer places more weighted students


def placement_mip(problem: AssignmentProblem, *, time_guard: float) -> PlacementMip:
    """Maximise weighted placed exactly with HiGHS (node-limited); the bound is HiGHS's own.

    HiGHS proves the bound by branch and bound on floating-point LPs (tolerance 1e-6 on integer
    data), as CP-SAT proves its own; we round it down only past that tolerance.
    """
    if problem.n_pairs == 0:
        return PlacementMip(np.zeros(0, dtype=np.int64), 0)
    matrix, upper = constraint_matrix(problem)
    lower = np.zeros(problem.n_pairs)
    lower[problem.locked] = 1.0
    weights = problem.student_weight[problem.pair_student].astype(np.float64)
    result = milp(
        -weights,
        constraints=LinearConstraint(matrix, -np.inf, upper),
        integrality=np.ones(problem.n_pairs),
        bounds=Bounds(lower, np.ones(problem.n_pairs)),
        options={"node_limit": PLACEMENT_NODE_LIMIT, "time_limit": time_guard, "disp": False},
    )
    bound = getattr(result, "mip_dual_bound", None)
    if bound is None or not np.isfinite(bound):
        weighted_bound = int(weights.sum())
    else:
        weighted_bound = int(np.floor(-float(bound) + 1e-6))
    if result.x is None:
        return PlacementMip(None, weighted_bound)
    pairs = np.flatnonzero(np.asarray(result.x) > 0.5)
    return PlacementMip(pairs if not violations(problem, pairs) else None, weighted_bound)


@dataclass(frozen=True, slots=True)
class QualityMip:
    """Quality MIP at a placement floor: an answer and HiGHS's proved bound on its quality."""

    pairs: IntArray | None  # None when HiGHS found no valid answer within the node limit
    quality_bound: int | None  # no answer placing >= the floor has more quality points


def quality_mip(
    problem: AssignmentProblem, min_weighted: int, *, time_guard: float, rel_gap: float
) -> QualityMip:
    """Maximise quality points with weighted placed >= min_weighted (HiGHS, node-limited).

    The bound is HiGHS's dual bound (branch and bound on floating-point LPs with tolerance 1e-6
    on integer data, as for the placement MIP); it holds only for answers placing at least
    ``min_weighted`` weighted students. HiGHS stops once within ``rel_gap`` (at least
    QUALITY_MIP_GAP) or at the node limit.
    """
    if problem.n_pairs == 0:
        return QualityMip(np.zeros(0, dtype=np.int64), 0)
    matrix, upper = constraint_matrix(problem)
    weights = problem.student_weight[problem.pair_student].astype(np.float64)
    rows = vstack([matrix, csr_matrix(-weights[None, :])]).tocsr()
    lower = np.zeros(problem.n_pairs)
    lower[problem.locked] = 1.0
    result = milp(
        -problem.pair_quality.astype(np.float64),
        constraints=LinearConstraint(rows, -np.inf, np.append(upper, -float(min_weighted))),
        integrality=np.ones(problem.n_pairs),
        bounds=Bounds(lower, np.ones(problem.n_pairs)),
        options={
            "mip_rel_gap": max(rel_gap, QUALITY_MIP_GAP),
            "node_limit": QUALITY_NODE_LIMIT,
            "time_limit": time_guard,
            "disp": False,
        },
    )
    bound = getattr(result, "mip_dual_bound", None)
    quality_bound = None
    if bound is not None and np.isfinite(bound):
        quality_bound = int(np.floor(-float(bound) + 1e-6))
    if result.x is None:
        return QualityMip(None, quality_bound)
    pairs = np.flatnonzero(np.asarray(result.x) > 0.5)
    return QualityMip(pairs if not violations(problem, pairs) else None, quality_bound)


def mip_objective(problem: AssignmentProblem) -> FloatArray:
    """Weighted placed plus EPS * quality per pair: the objective of the LP guide and the MIPs."""
    weight = problem.student_weight[problem.pair_student].astype(np.float64)
    return weight + EPS * problem.pair_quality


def improve(
    problem: AssignmentProblem,
    start: IntArray,
    guide: FloatArray,
    *,
    work_budget: float,
    seed: int,
    stop: Callable[[IntArray], bool] = lambda _pairs: False,
    piece_pairs: int = PIECE_PAIRS,
) -> LnsResult:
    """Improve the feasible answer ``start`` piece by piece; ``guide``: the LP value per pair.

    Passes over the pieces until the work budget is spent, a pass finds nothing better, or
    ``stop`` says an improved answer is good enough.
    """
    current = np.sort(np.asarray(start, dtype=np.int64))
    graph = _company_graph(problem)
    rng = np.random.default_rng(seed)
    work, passes = 0.0, 0
    while work < work_budget:
        passes += 1
        improved = False
        loss = _loss(problem, current, guide)
        ties = rng.permutation(len(problem.company_ids))
        for piece in _pieces(problem, graph, np.lexsort((ties, -np.round(loss, 6))), piece_pairs):
            if loss[piece].sum() <= _MIN_LOSS or work >= work_budget:
                continue
            pairs = _free_pairs(problem, current, piece)
            share = pairs.size / PAIRS_PER_SECOND
            if pairs.size == 0 or work + share > work_budget:  # no piece overruns the budget
                continue
            work += share
            found = solve_piece(problem, pairs, time_guard=TIME_GUARD_S + 20 * share)
            if found is None:
                continue
            in_piece = np.isin(current, pairs)
            old = int(problem.pair_gain[current[in_piece]].sum())
            candidate = np.sort(np.concatenate([current[~in_piece], found]))
            if int(problem.pair_gain[found].sum()) > old and not violations(problem, candidate):
                current, improved = candidate, True
                if stop(current):
                    return LnsResult(current, work, passes)
        if not improved:
            break
    return LnsResult(current, work, passes)


def _loss(problem: AssignmentProblem, current: IntArray, guide: FloatArray) -> FloatArray:
    """Per company: how far the answer falls below the LP's value there (MIP objective units)."""
    n_c = len(problem.company_ids)
    value = mip_objective(problem)
    lp = np.bincount(problem.pair_company, value * guide, minlength=n_c)
    ours = np.bincount(problem.pair_company[current], value[current], minlength=n_c)
    return np.asarray(lp - ours, dtype=np.float64)


def _company_graph(problem: AssignmentProblem) -> csr_matrix:
    """Companies linked when they share a candidate student."""
    n_s, n_c = len(problem.student_ids), len(problem.company_ids)
    ones = np.ones(problem.n_pairs, dtype=np.float64)
    by_student = coo_matrix((ones, (problem.pair_student, problem.pair_company)), shape=(n_s, n_c))
    incidence = by_student.tocsr()
    return (incidence.T @ incidence).tocsr()


def _pieces(
    problem: AssignmentProblem, graph: csr_matrix, seeds: IntArray, piece_pairs: int
) -> list[IntArray]:
    """Disjoint groups of linked companies, grown breadth-first from the seeds in order."""
    n_c = len(problem.company_ids)
    size = np.bincount(problem.pair_company, minlength=n_c).tolist()
    free = np.ones(n_c, dtype=bool)
    indptr, indices = graph.indptr, graph.indices
    pieces = []
    for seed in seeds.tolist():
        if not free[seed]:
            continue
        piece, total, i = [seed], size[seed], 0
        free[seed] = False
        while total < piece_pairs and i < len(piece):
            for c in indices[indptr[piece[i]] : indptr[piece[i] + 1]].tolist():
                if free[c] and total < piece_pairs:
                    piece.append(c)
                    free[c] = False
                    total += size[c]
            i += 1
        pieces.append(np.asarray(piece, dtype=np.int64))
    return pieces


def _free_pairs(problem: AssignmentProblem, current: IntArray, piece: IntArray) -> IntArray:
    """Pairs to the piece's places of students placed in the piece or not placed at all."""
    in_piece = np.zeros(len(problem.company_ids), dtype=bool)
    in_piece[piece] = True
    placed_at = np.full(len(problem.student_ids), -1, dtype=np.int64)
    placed_at[problem.pair_student[current]] = problem.pair_company[current]
    free = (placed_at < 0) | in_piece[np.maximum(placed_at, 0)]
    return np.flatnonzero(in_piece[problem.pair_company] & free[problem.pair_student])


def solve_piece(
    problem: AssignmentProblem, pairs: IntArray, *, time_guard: float
) -> IntArray | None:
    """Best pairs of the piece by the MIP objective (node-limited), or None if HiGHS found none."""
    sub = subproblem(problem, pairs).problem
    matrix, upper = constraint_matrix(sub)
    lower = np.zeros(sub.n_pairs)
    lower[sub.locked] = 1.0
    result = milp(
        -mip_objective(sub),
        constraints=LinearConstraint(matrix, -np.inf, upper),
        integrality=np.ones(sub.n_pairs),
        bounds=Bounds(lower, np.ones(sub.n_pairs)),
        options={
            "mip_rel_gap": MIP_GAP,
            "node_limit": NODE_LIMIT,
            "time_limit": time_guard,
            "disp": False,
        },
    )
    if result.x is None:
        return None
    chosen = pairs[np.flatnonzero(np.asarray(result.x) > 0.5)]
    return np.sort(chosen)
