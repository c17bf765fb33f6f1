"""Neighbourhood search: groups of companies re-solved by a MIP while the rest stays fixed.

* ``placement_search``: pieces of about ``piece_pairs`` candidate pairs, seeded where the answer
  falls furthest below the guide LP; each piece's students (placed there or not at all) are
  re-solved for weighted placed plus a little quality (``mips.piece_mip``). A piece is kept only
  when it is better and keeps every rule. A pass that finds nothing while ``grow`` says the
  placement gap is open doubles the pieces (up to ``max_piece_pairs``) instead of stopping.
* ``quality_search``: pieces of about ``quality_piece_pairs`` pairs in seeded random order, each
  re-solved for the most quality while placing at least as many weighted students as before
  (``mips.quality_mip`` on the piece), so it never places fewer. Its sub-problem also holds the
  students placed elsewhere who have a pair to the piece, with their present pair, so they may
  stay or move in.

Both draw from a ``Budget``: each piece costs its pairs at the search's rate, and no piece starts
when that would overrun. HiGHS stops on node limits and gaps, never on the wall clock.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy.sparse import coo_matrix, csr_matrix

from matcher.solver.components import subproblem
from matcher.solver.feasibility import violations
from matcher.solver.mips import mip_objective, piece_mip, quality_mip
from matcher.solver.problem import AssignmentProblem, FloatArray, IntArray
from matcher.solver.tuning import TUNING, Budget, Tuning


@dataclass(frozen=True, slots=True)
class SearchResult:
    """The improved pairs and the passes run (the work is drawn from the budget)."""

    pairs: IntArray
    passes: int


def placement_search(
    problem: AssignmentProblem,
    start: IntArray,
    guide: FloatArray,
    *,
    budget: Budget,
    seed: int,
    stop: Callable[[IntArray], bool] = lambda _pairs: False,
    grow: Callable[[IntArray], bool] = lambda _pairs: False,
    tuning: Tuning = TUNING,
) -> SearchResult:
    """Improve the feasible answer ``start`` piece by piece; ``guide``: the LP value per pair.

    Passes over the pieces until the budget is spent, a pass finds nothing better, or ``stop``
    says an improved answer is good enough.
    """
    rate = budget.rates.mip_pairs_per_s
    search = _Search(
        _free_pairs,
        _placement_piece,
        rate,
        tuning.piece_pairs,
        tuning.min_loss,
        max(tuning.piece_pairs, tuning.max_piece_pairs),
    )
    return _search(problem, start, guide, search, budget, seed, stop, tuning, grow)


def quality_search(
    problem: AssignmentProblem,
    start: IntArray,
    *,
    budget: Budget,
    seed: int,
    stop: Callable[[IntArray], bool] = lambda _pairs: False,
    tuning: Tuning = TUNING,
) -> SearchResult:
    """Like ``placement_search``, for quality at the reached placement.

    Each piece maximises quality while placing at least as many weighted students as now, so
    placement never drops. Its pairs are those of ``_open_pairs``: students placed elsewhere may
    move in. Pieces come in random order and none is skipped for its loss (only for the budget):
    seeding them where the answer falls below the quality LP, and skipping the others, left
    budget unused and won less (measured).
    """
    rate = budget.rates.quality_piece_pairs_per_s
    size = tuning.quality_piece_pairs
    search = _Search(_open_pairs, _quality_piece, rate, size, -np.inf, size)
    return _search(problem, start, None, search, budget, seed, stop, tuning)


_PieceSolve = Callable[[AssignmentProblem, IntArray, IntArray, float, Tuning], IntArray | None]


@dataclass(frozen=True, slots=True)
class _Search:
    """Which pairs of a piece are open, the piece MIP, its work rate, piece size, least loss."""

    neighbourhood: Callable[[AssignmentProblem, IntArray, IntArray], IntArray]
    solve: _PieceSolve
    rate: float  # pairs per work second
    piece_pairs: int
    min_loss: float
    max_piece_pairs: int  # pieces grow up to this when a pass finds nothing (and ``grow``)


def _search(
    problem: AssignmentProblem,
    start: IntArray,
    guide: FloatArray | None,
    search: _Search,
    budget: Budget,
    seed: int,
    stop: Callable[[IntArray], bool],
    tuning: Tuning,
    grow: Callable[[IntArray], bool] = lambda _pairs: False,
) -> SearchResult:
    """Passes over the pieces (seeded by loss against ``guide``, or in random order without
    one), each piece re-solved with ``search.solve`` and kept when it wins."""
    current = np.sort(np.asarray(start, dtype=np.int64))
    graph = company_graph(problem)
    rng = np.random.default_rng(seed)
    n_c = len(problem.company_ids)
    passes, piece_pairs = 0, search.piece_pairs
    while budget.left > 0:
        passes += 1
        improved = False
        # without a guide every loss is infinite: pieces come in the seeded random order (the
        # tie-break) and none is skipped for its loss
        loss = np.full(n_c, np.inf) if guide is None else _loss(problem, current, guide, tuning)
        ties = rng.permutation(n_c)
        order = np.lexsort((ties, -np.round(loss, 6)))
        for piece in _pieces(problem, graph, order, piece_pairs):
            if loss[piece].sum() <= search.min_loss or budget.left <= 0:
                continue
            pairs = search.neighbourhood(problem, current, piece)
            share = pairs.size / search.rate
            if pairs.size == 0 or not budget.fits(share):  # no piece overruns the budget
                continue
            budget.draw(share)
            in_piece = np.isin(current, pairs)
            found = search.solve(problem, pairs, current[in_piece], budget.guard(share), tuning)
            if found is None:
                continue
            old = int(problem.pair_gain[current[in_piece]].sum())
            candidate = np.sort(np.concatenate([current[~in_piece], found]))
            if int(problem.pair_gain[found].sum()) > old and not violations(problem, candidate):
                current, improved = candidate, True
                if stop(current):
                    return SearchResult(current, passes)
        if not improved:
            if piece_pairs >= search.max_piece_pairs or not grow(current):
                break
            piece_pairs = min(2 * piece_pairs, search.max_piece_pairs)
    return SearchResult(current, passes)


def _loss(
    problem: AssignmentProblem, current: IntArray, guide: FloatArray, tuning: Tuning
) -> FloatArray:
    """Per company: how far the answer falls below the LP's value there (MIP objective units)."""
    n_c = len(problem.company_ids)
    value = mip_objective(problem, tuning)
    lp = np.bincount(problem.pair_company, value * guide, minlength=n_c)
    ours = np.bincount(problem.pair_company[current], value[current], minlength=n_c)
    return np.asarray(lp - ours, dtype=np.float64)


def company_graph(problem: AssignmentProblem) -> csr_matrix:
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


def _placement_piece(
    problem: AssignmentProblem, pairs: IntArray, _now: IntArray, time_limit: float, tuning: Tuning
) -> IntArray | None:
    return piece_mip(problem, pairs, time_limit=time_limit, tuning=tuning)


def _quality_piece(
    problem: AssignmentProblem, pairs: IntArray, now: IntArray, time_limit: float, tuning: Tuning
) -> IntArray | None:
    """Most quality on the piece while placing at least the weighted students ``now`` does."""
    floor = int(problem.student_weight[problem.pair_student[now]].sum())
    sub = subproblem(problem, pairs).problem
    found = quality_mip(
        sub,
        floor,
        time_limit=time_limit,
        rel_gap=tuning.quality_mip_gap,
        node_limit=tuning.quality_piece_node_limit,
        tuning=tuning,
    )
    return None if found.pairs is None else np.sort(pairs[found.pairs])
