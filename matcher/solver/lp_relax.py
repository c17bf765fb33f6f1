"""LP relaxation (HiGHS via scipy) and exact Lagrangian certificates of the two objective parts.

The LP of a round relaxes x in {0,1} to 0 <= x <= 1 (locked pairs fixed at 1). Its duals of the
company rows are prices for guidance tenths and support students. Any prices >= 0 give a valid
upper bound by Lagrangian relaxation (see lagrangian.py); we evaluate that bound EXACTLY, in
integers, with one min-cost flow (the capacity-only problem is integral). So a floating-point LP
only guides; the bounds we report never rely on LP tolerances.

* placement bound:  no answer places more than W_ub weighted students (phase-1 LP duals).
* quality bound at W0: no answer placing at least W0 weighted students has more than Q_ub
  quality points (phase-2 LP: max quality subject to weighted placed >= W0; its dual nu of that
  row is relaxed as well: quality <= quality + nu * (weighted - W0)).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_matrix, vstack

from matcher.solver.engines import highs_lp
from matcher.solver.min_cost_flow import relaxed_optimum
from matcher.solver.problem import NO_LIMIT, AssignmentProblem, FloatArray, IntArray
from matcher.solver.problem import binding_companies as _binding
from matcher.solver.result import CERT_SCALE
from matcher.solver.tuning import Budget

PRICE_SCALE = CERT_SCALE  # prices are integers in units of 1/PRICE_SCALE objective point
_INTEGRAL = 1.0 - 1e-6


@dataclass(frozen=True, slots=True)
class LpSolution:
    """A (fractional) LP optimum and the integer prices read from its duals."""

    x: FloatArray  # value per pair, NaN-free; zeros when the LP failed
    budget_price: IntArray  # per company, per guidance tenth, scaled by PRICE_SCALE
    support_price: IntArray  # per company, per support student, scaled
    placed_price: int  # nu: per weighted student (phase 2 only), scaled
    ok: bool

    def integral(self) -> IntArray:
        """Pairs the LP chooses fully; they are feasible together."""
        return np.flatnonzero(self.x >= _INTEGRAL)


def solve_lp(
    problem: AssignmentProblem,
    objective: FloatArray,
    *,
    min_weighted: int | None = None,
    budget: Budget | None = None,
) -> LpSolution:
    """Maximise ``objective`` over the LP relaxation (and weighted placed >= min_weighted).

    ``budget`` gives the wall-clock safety net (its rates); the caller draws the work."""
    n, n_c = problem.n_pairs, len(problem.company_ids)
    if n == 0:
        zeros = np.zeros(n_c, dtype=np.int64)
        return LpSolution(np.zeros(0), zeros, zeros.copy(), 0, ok=True)
    blocks, rhs, budget_on, support_on = _rows(problem)
    rates = budget if budget is not None else Budget(0.0)
    if min_weighted is not None:
        blocks.append(csr_matrix(-problem.student_weight[problem.pair_student][None, :]))
        rhs.append(np.array([-float(min_weighted)]))
    lower = np.zeros(n)
    lower[problem.locked] = 1.0
    bounds = np.column_stack([lower, np.ones(n)])
    result = highs_lp(
        -np.asarray(objective, dtype=np.float64),
        vstack(blocks).tocsr(),
        np.concatenate(rhs),
        bounds,
        time_limit=rates.guard(rates.lp(n)),
    )
    if result.status != 0 or result.x is None:
        zeros = np.zeros(n_c, dtype=np.int64)
        return LpSolution(np.zeros(n), zeros, zeros.copy(), 0, ok=False)
    duals = np.maximum(-np.asarray(result.ineqlin.marginals), 0.0)
    start = len(problem.student_ids) + len(problem.place_ids)
    n_b, n_s = int(budget_on.sum()), int(support_on.sum())
    budget_price = np.zeros(n_c, dtype=np.int64)
    budget_price[budget_on] = _scaled(duals[start : start + n_b])
    support_price = np.zeros(n_c, dtype=np.int64)
    support_price[support_on] = _scaled(duals[start + n_b : start + n_b + n_s])
    nu = int(_scaled(duals[-1:])[0]) if min_weighted is not None else 0
    x = np.clip(np.asarray(result.x, dtype=np.float64), 0.0, 1.0)
    return LpSolution(x, budget_price, support_price, nu, ok=True)


def placement_bound(problem: AssignmentProblem, lp: LpSolution) -> int:
    """Exact upper bound on weighted placed students: the better of the phase-1 LP prices and
    no prices at all (capacities only). The guide LP's prices also carry its small quality
    term, so on rounds where everyone fits they can prove less than the capacity-only flow
    (OR-Library GAP d201600: 1,605 for 1,600 students)."""
    base = PRICE_SCALE * problem.student_weight[problem.pair_student]
    weights = problem.student_weight[problem.pair_student]
    unpriced = int(weights[relaxed_optimum(problem, weights)].sum())
    return min(_certify(problem, base, lp) // PRICE_SCALE, unpriced)


@dataclass(frozen=True, slots=True)
class QualityCertificate:
    """Lagrangian value of the phase-2 prices: gives a quality bound for any placement floor."""

    value: int  # scaled by PRICE_SCALE
    placed_price: int  # nu, scaled

    def at(self, min_weighted: int) -> int:
        """Upper bound on quality points of any answer placing >= min_weighted weighted."""
        return (self.value - self.placed_price * min_weighted) // PRICE_SCALE


def quality_certificate(problem: AssignmentProblem, lp: LpSolution) -> QualityCertificate:
    """Exact quality certificate from the phase-2 LP prices (one min-cost flow)."""
    weight = problem.student_weight[problem.pair_student]
    base = PRICE_SCALE * problem.pair_quality + lp.placed_price * weight
    return QualityCertificate(_certify(problem, base, lp), lp.placed_price)


def _certify(problem: AssignmentProblem, base: IntArray, lp: LpSolution) -> int:
    """max over capacity-feasible x of sum (base - price) x, plus the prices times the limits."""
    comp = problem.pair_company
    price = lp.budget_price[comp] * problem.pair_guidance
    price = price + lp.support_price[comp] * problem.pair_support
    gain = base - price
    x = relaxed_optimum(problem, gain)
    budget = np.where(problem.company_budget == NO_LIMIT, 0, problem.company_budget)
    limit = np.where(problem.company_max_support == NO_LIMIT, 0, problem.company_max_support)
    relaxed = int((lp.budget_price * budget).sum() + (lp.support_price * limit).sum())
    return int(gain[x].sum()) + relaxed


def constraint_matrix(problem: AssignmentProblem) -> tuple[csr_matrix, FloatArray]:
    """A x <= b of the problem (students, places, binding budgets and max_support rows)."""
    blocks, rhs, _, _ = _rows(problem)
    return vstack(blocks).tocsr(), np.concatenate(rhs)


def _rows(
    problem: AssignmentProblem,
) -> tuple[list[csr_matrix], list[FloatArray], np.ndarray, np.ndarray]:
    """Constraint blocks: students, places, then binding budgets and max_support rows."""
    n = problem.n_pairs
    cols = np.arange(n)

    def block(keys: IntArray, values: np.ndarray, n_rows: int) -> csr_matrix:
        return csr_matrix((values.astype(np.float64), (keys, cols)), shape=(n_rows, n))

    binding = _binding(problem)
    budget_on = binding & (problem.company_budget != NO_LIMIT)
    support_on = binding & (problem.company_max_support != NO_LIMIT)
    n_c, comp = len(problem.company_ids), problem.pair_company
    blocks = [
        block(problem.pair_student, np.ones(n), len(problem.student_ids)),
        block(problem.pair_place, np.ones(n), len(problem.place_ids)),
        block(comp, problem.pair_guidance, n_c)[budget_on],
        block(comp, problem.pair_support, n_c)[support_on],
    ]
    rhs = [
        np.ones(len(problem.student_ids)),
        problem.place_capacity.astype(np.float64),
        problem.company_budget[budget_on].astype(np.float64),
        problem.company_max_support[support_on].astype(np.float64),
    ]
    return blocks, rhs, budget_on, support_on


def _scaled(values: np.ndarray) -> IntArray:
    out: IntArray = np.rint(np.asarray(values) * PRICE_SCALE).astype(np.int64)
    return out
