"""Large-neighbourhood search: re-solve small groups of companies exactly, everything else fixed.

Why: with guidance budgets the LP relaxation is tight but rounding it is not: every company's
budget ends with a fraction of a student, and filling the budgets with whole students is a
knapsack problem per company. A MIP solver (HiGHS) solves such a neighbourhood of a few thousand
pairs quickly, while a solver on a whole large component barely improves a start
(docs/solver.md has the figures).

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

The quality search (``improve_quality``) runs once placement is settled: pieces in random
order, each re-solved for the most quality while placing at least as many weighted students as
before, so it never places fewer. Its sub-problem also holds the students placed elsewhere who
have a pair to the piece, with their present pair, so they may stay or move in.

Work, not wall time: each piece costs ``pairs / PAIRS_PER_SECOND`` work seconds, and HiGHS stops
on a node limit (the root node) or a 1 % gap (quality search: QUALITY_PIECE_PAIRS_PER_SECOND,
PIECE_QUALITY_NODE_LIMIT nodes, QUALITY_MIP_GAP), so equal input gives equal output whatever the
machine load. The HiGHS time limit (engines.guard: 60 s plus 20x the piece's share) is only a safety
net, like CP-SAT's wall-clock guard; hitting it would break determinism.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy.sparse import coo_matrix, csr_matrix, vstack

from matcher.solver.components import subproblem
from matcher.solver.engines import guard, highs_mip
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
QUALITY_PIECE_PAIRS = 3_000  # quality search: with 1,500 it stalled after a few passes (and stops)
QUALITY_PIECE_PAIRS_PER_SECOND = 1_000.0  # measured 2,000-3,300 pairs/s wall on an idle
# machine, where the other phases ran 2-8x faster than their rates: halved to match them
PIECE_QUALITY_NODE_LIMIT = 50  # a piece's quality MIP (with 200 nodes and 6,000-pair pieces
# one pass over a 33,500-pair component did not end in 10 minutes)
_MIN_LOSS = 0.25  # pieces whose companies lose less than this (vs the LP) are skipped


@dataclass(frozen=True, slots=True)
class LnsResult:
    """The improved pairs, the work spent (work seconds: pairs / the search's rate), passes run."""

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
    result = highs_mip(
        -weights, matrix, upper, lower, time_limit=time_guard, node_limit=PLACEMENT_NODE_LIMIT
    )
    bound = result.dual_bound
    weighted_bound = int(weights.sum()) if bound is None else int(np.floor(-bound + 1e-6))
    if result.x is None:
        return PlacementMip(None, weighted_bound)
    pairs = np.flatnonzero(result.x > 0.5)
    return PlacementMip(pairs if not violations(problem, pairs) else None, weighted_bound)


@dataclass(frozen=True, slots=True)
class QualityMip:
    """Quality MIP at a placement floor: an answer and HiGHS's proved bound on its quality."""

    pairs: IntArray | None  # None when HiGHS found no valid answer within the node limit
    quality_bound: int | None  # no answer placing >= the floor has more quality points


def quality_mip(
    problem: AssignmentProblem,
    min_weighted: int,
    *,
    time_guard: float,
    rel_gap: float,
    node_limit: int = QUALITY_NODE_LIMIT,
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
    result = highs_mip(
        -problem.pair_quality.astype(np.float64),
        rows,
        np.append(upper, -float(min_weighted)),
        lower,
        time_limit=time_guard,
        node_limit=node_limit,
        mip_rel_gap=max(rel_gap, QUALITY_MIP_GAP),
    )
    bound = result.dual_bound
    quality_bound = None if bound is None else int(np.floor(-bound + 1e-6))
    if result.x is None:
        return QualityMip(None, quality_bound)
    pairs = np.flatnonzero(result.x > 0.5)
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
    search = _Search(_free_pairs, _placement_piece, PAIRS_PER_SECOND)
    return _search(problem, start, guide, search, work_budget, seed, stop, piece_pairs)


def improve_quality(
    problem: AssignmentProblem,
    start: IntArray,
    *,
    work_budget: float,
    seed: int,
    stop: Callable[[IntArray], bool] = lambda _pairs: False,
    piece_pairs: int = QUALITY_PIECE_PAIRS,
) -> LnsResult:
    """Like ``improve``, for quality at the reached placement.

    Each piece maximises quality while placing at least as many weighted students as now
    (``quality_mip`` on the piece), so placement never drops. Its pairs are those of
    ``_open_pairs``: students placed elsewhere may move in. Pieces come in random order and none
    is skipped for its loss (only for the budget): seeding them where the answer falls below the
    quality LP, and skipping the others, left budget unused and won less (measured). The
    placement search weighs quality by EPS and stops at a 1 % gap on placement, so it leaves
    quality on the table: on the 5,000-student demo round this search took the two large
    components from 2.1 % and 2.4 % below their quality LP bound to 2.0 % and 1.7 % with the
    budget they had left.
    """
    search = _Search(_open_pairs, _quality_piece, QUALITY_PIECE_PAIRS_PER_SECOND)
    return _search(problem, start, None, search, work_budget, seed, stop, piece_pairs)


@dataclass(frozen=True, slots=True)
class _Search:
    """Which pairs of a piece are open, the piece MIP, and its work rate (pairs per second)."""

    neighbourhood: Callable[[AssignmentProblem, IntArray, IntArray], IntArray]
    solve: Callable[[AssignmentProblem, IntArray, IntArray, float], IntArray | None]
    rate: float


def _search(
    problem: AssignmentProblem,
    start: IntArray,
    guide: FloatArray | None,
    search: _Search,
    work_budget: float,
    seed: int,
    stop: Callable[[IntArray], bool],
    piece_pairs: int,
) -> LnsResult:
    """Passes over the pieces (seeded by loss against ``guide``, or in random order without
    one), each piece re-solved with ``search.solve`` and kept when it wins."""
    current = np.sort(np.asarray(start, dtype=np.int64))
    graph = _company_graph(problem)
    rng = np.random.default_rng(seed)
    n_c = len(problem.company_ids)
    work, passes = 0.0, 0
    while work < work_budget:
        passes += 1
        improved = False
        # without a guide every loss is infinite: pieces come in the seeded random order (the
        # tie-break) and none is skipped for its loss
        loss = np.full(n_c, np.inf) if guide is None else _loss(problem, current, guide)
        ties = rng.permutation(n_c)
        for piece in _pieces(problem, graph, np.lexsort((ties, -np.round(loss, 6))), piece_pairs):
            if loss[piece].sum() <= _MIN_LOSS or work >= work_budget:
                continue
            pairs = search.neighbourhood(problem, current, piece)
            share = pairs.size / search.rate
            if pairs.size == 0 or work + share > work_budget:  # no piece overruns the budget
                continue
            work += share
            in_piece = np.isin(current, pairs)
            found = search.solve(problem, pairs, current[in_piece], guard(share))
            if found is None:
                continue
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


def _open_pairs(problem: AssignmentProblem, current: IntArray, piece: IntArray) -> IntArray:
    """Pairs to the piece's places of every student who has one, and where each of them is
    placed now outside the piece (so they may stay, or move in). A student who leaves a company
    outside the piece only frees room there, so every answer of this sub-problem keeps the
    rules of the whole one."""
    in_piece = np.zeros(len(problem.company_ids), dtype=bool)
    in_piece[piece] = True
    into = in_piece[problem.pair_company]
    seen = np.zeros(len(problem.student_ids), dtype=bool)
    seen[problem.pair_student[into]] = True
    stay = current[seen[problem.pair_student[current]] & ~in_piece[problem.pair_company[current]]]
    return np.union1d(np.flatnonzero(into), stay)


def solve_piece(
    problem: AssignmentProblem, pairs: IntArray, *, time_guard: float
) -> IntArray | None:
    """Best pairs of the piece by the MIP objective (node-limited), or None if HiGHS found none."""
    sub = subproblem(problem, pairs).problem
    matrix, upper = constraint_matrix(sub)
    lower = np.zeros(sub.n_pairs)
    lower[sub.locked] = 1.0
    result = highs_mip(
        -mip_objective(sub),
        matrix,
        upper,
        lower,
        time_limit=time_guard,
        node_limit=NODE_LIMIT,
        mip_rel_gap=MIP_GAP,
    )
    if result.x is None:
        return None
    chosen = pairs[np.flatnonzero(result.x > 0.5)]
    return np.sort(chosen)


def _placement_piece(
    problem: AssignmentProblem, pairs: IntArray, _now: IntArray, time_guard: float
) -> IntArray | None:
    return solve_piece(problem, pairs, time_guard=time_guard)


def _quality_piece(
    problem: AssignmentProblem, pairs: IntArray, now: IntArray, time_guard: float
) -> IntArray | None:
    """Most quality on the piece while placing at least the weighted students ``now`` does."""
    floor = int(problem.student_weight[problem.pair_student[now]].sum())
    sub = subproblem(problem, pairs).problem
    found = quality_mip(
        sub,
        floor,
        time_guard=time_guard,
        rel_gap=QUALITY_MIP_GAP,
        node_limit=PIECE_QUALITY_NODE_LIMIT,
    )
    return None if found.pairs is None else np.sort(pairs[found.pairs])
