"""Lagrangian relaxation of the company limits: a tight upper bound and a strong warm start.

Budgets and max_support are moved into the objective with prices (lambda per guidance tenth,
mu per support student). For any prices >= 0,

    L(lambda, mu) = max_x sum (gain - price) x  +  sum (lambda * budget + mu * max_support)

over capacity-feasible x (locks kept)

is an upper bound on the true optimum, and each inner max is one min-cost flow. Prices follow
subgradient steps (Polyak step towards the best feasible answer). Every inner answer is repaired
to feasibility (greedy.repair) and the best one is kept. Prices are integers in units of
1/PRICE_SCALE gain, so the bound is exact integer arithmetic.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from matcher.solver.greedy import repair
from matcher.solver.min_cost_flow import relaxed_optimum
from matcher.solver.problem import NO_LIMIT, AssignmentProblem, IntArray, binding_companies

PRICE_SCALE = 8


@dataclass(frozen=True, slots=True)
class LagrangianResult:
    """Best feasible pairs found, a valid upper bound on the objective, and iterations used."""

    pairs: IntArray
    bound: int
    iterations: int


def lagrangian_search(
    problem: AssignmentProblem, *, iterations: int = 30, gap_limit: float = 1e-3
) -> LagrangianResult:
    """Subgradient search; stops early once the gap on the quality part is at most gap_limit."""
    n_c = len(problem.company_ids)
    binding = binding_companies(problem)
    budget_on = binding & (problem.company_budget != NO_LIMIT)
    support_on = binding & (problem.company_max_support != NO_LIMIT)
    budget = np.where(budget_on, problem.company_budget, 0)
    limit = np.where(support_on, problem.company_max_support, 0)
    comp, hours = problem.pair_company, problem.pair_guidance
    support = problem.pair_support.astype(np.int64)
    lam, mu = np.zeros(n_c), np.zeros(n_c)
    best_pairs, best_obj, best_bound = problem.locked, -1, np.iinfo(np.int64).max
    theta, stall, done = 1.0, 0, 0
    for done in range(1, iterations + 1):  # noqa: B007 - reported
        lam_i, mu_i = np.rint(lam).astype(np.int64), np.rint(mu).astype(np.int64)
        price = lam_i[comp] * hours + mu_i[comp] * support
        gain = PRICE_SCALE * problem.pair_gain - price
        x = relaxed_optimum(problem, gain)
        dual = int(gain[x].sum() + (lam_i * budget).sum() + (mu_i * limit).sum())
        bound = dual // PRICE_SCALE
        stall = 0 if bound < best_bound else stall + 1
        if stall >= 3:
            theta, stall = theta / 2, 0
        best_bound = min(best_bound, bound)
        primal = repair(problem, x)
        objective = int(problem.pair_gain[primal].sum())
        if objective > best_obj:
            best_pairs, best_obj = primal, objective
        if best_bound - best_obj <= gap_limit * max(_quality_points(problem, best_pairs), 1):
            break
        g_budget = np.where(budget_on, np.bincount(comp[x], hours[x], minlength=n_c) - budget, 0)
        g_support = np.where(support_on, np.bincount(comp[x], support[x], minlength=n_c) - limit, 0)
        norm = float((g_budget**2).sum() + (g_support**2).sum())
        if norm == 0:
            break
        step = theta * (dual - PRICE_SCALE * best_obj) / norm
        lam = np.maximum(0.0, lam + step * g_budget)
        mu = np.maximum(0.0, mu + step * g_support)
    return LagrangianResult(best_pairs, int(max(best_bound, best_obj)), done)


def _quality_points(problem: AssignmentProblem, pairs: IntArray) -> int:
    return int(problem.pair_quality[pairs].sum())
