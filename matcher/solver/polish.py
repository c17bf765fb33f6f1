"""Polish: quality at a fixed set of placed students, for the budget the other phases leave.

Runs last on a constrained component (plan.py), once placement is settled. Every step
keeps each placed student placed (so weighted placed never drops) and every hard rule (place
seats, company guidance budgets and support seats), and is taken only when it adds quality:

1. Kernel MIP: every placed student on their ``kernel_candidates`` pairs of best reduced quality
   (quality minus the quality LP's company prices) and their present pair; HiGHS, root node
   only. The LP sends nearly every student to a pair of small reduced cost, so this small MIP
   holds most of the optimum (on OR-Library GAP e801600: from 0.55 % to about 0.1 % above the
   proved bound).
2. Local search until the budget is spent: best shifts (one student to another place with
   room), swap sweeps (two students trade places; per student the best partner, in seeded
   order), and at a local optimum group MIPs: a few linked companies (up to ``group_companies``,
   ``group_pairs`` pairs) with the students placed there re-solved exactly on their
   ``group_candidates`` best pairs among those companies (knobs: tuning.Tuning). This reaches
   chains of moves between companies whose budgets are tight, which shifts and swaps cannot.

The order of students and groups comes from a seeded generator and work is counted from the
sizes handled (tuning.Rates; HiGHS stops on its node limit, its wall-clock limit is only a
guard), so equal input gives equal output.
"""

from __future__ import annotations

import numpy as np
from scipy.sparse import csc_matrix, csr_matrix

from matcher.solver.feasibility import violations
from matcher.solver.mips import placed_mip
from matcher.solver.problem import NO_LIMIT, AssignmentProblem, BoolArray, IntArray
from matcher.solver.result import CERT_SCALE
from matcher.solver.search import company_graph
from matcher.solver.tuning import TUNING, Budget, Tuning


class _State:
    """The current answer as arrays: pair per student, seats, hours and support per company."""

    def __init__(
        self, problem: AssignmentProblem, pairs: IntArray, budget: Budget, tuning: Tuning
    ) -> None:
        self.p = problem
        self.work = budget  # work seconds (the company budgets are ``budget``)
        self.rates = budget.rates
        self.tuning = tuning
        n_s = len(problem.student_ids)
        self.movable = np.ones(n_s, dtype=bool)
        self.movable[problem.pair_student[problem.locked]] = False
        big = np.iinfo(np.int64).max // 4
        self.budget = np.where(problem.company_budget == NO_LIMIT, big, problem.company_budget)
        limit = problem.company_max_support
        self.limit = np.where(limit == NO_LIMIT, big, limit)
        self.support_int = problem.pair_support.astype(np.int64)
        self.candidate = np.ones(problem.n_pairs, dtype=bool)  # pairs the group MIPs may use
        self.reset(pairs)

    def reset(self, pairs: IntArray) -> None:
        """Take ``pairs`` (feasible) as the current answer."""
        problem = self.p
        n_s, n_c = len(problem.student_ids), len(problem.company_ids)
        self.cur = np.full(n_s, -1, dtype=np.int64)
        self.cur[problem.pair_student[pairs]] = pairs
        self.load = np.bincount(problem.pair_place[pairs], minlength=len(problem.place_ids))
        self.hours = np.bincount(
            problem.pair_company[pairs], problem.pair_guidance[pairs], minlength=n_c
        ).astype(np.int64)
        self.support = np.bincount(
            problem.pair_company[pairs], problem.pair_support[pairs], minlength=n_c
        ).astype(np.int64)

    def pairs(self) -> IntArray:
        return np.sort(self.cur[self.cur >= 0])

    def move(self, student: int, new: int) -> None:
        """Move a placed student to pair ``new`` (the caller checked it fits)."""
        p, old = self.p, int(self.cur[student])
        self.load[p.pair_place[old]] -= 1
        self.load[p.pair_place[new]] += 1
        self.hours[p.pair_company[old]] -= p.pair_guidance[old]
        self.hours[p.pair_company[new]] += p.pair_guidance[new]
        self.support[p.pair_company[old]] -= self.support_int[old]
        self.support[p.pair_company[new]] += self.support_int[new]
        self.cur[student] = new


def polish(
    problem: AssignmentProblem,
    start: IntArray,
    *,
    budget: Budget,
    seed: int,
    prices: IntArray | None = None,
    tuning: Tuning = TUNING,
) -> IntArray:
    """Improve the quality of the feasible answer ``start`` within ``budget``.

    ``prices``: an LP's price of each pair's company rows (in 1/CERT_SCALE quality points); the
    group MIPs keep only each student's ``group_candidates`` best pairs by reduced cost (quality
    minus price) and their present pair. Without prices they keep the best pairs by quality.
    """
    start = np.sort(np.asarray(start, dtype=np.int64))
    if problem.n_pairs == 0 or start.size == 0 or budget.left <= 0:
        return start
    state = _State(problem, start, budget, tuning)
    rates = budget.rates
    rng = np.random.default_rng(seed)
    column = csc_matrix(
        (np.arange(problem.n_pairs) + 1, (problem.pair_student, problem.pair_place)),
        shape=(len(problem.student_ids), len(problem.place_ids)),
    )
    graph = company_graph(problem)
    state.candidate = _candidates(problem, prices, tuning.group_candidates)
    idle = 0
    kernel = _kernel(state, _candidates(problem, prices, tuning.kernel_candidates))
    kernel_work = rates.kernel_mip_s + kernel.size / rates.kernel_pairs_per_s
    if budget.fits(kernel_work):
        budget.draw(kernel_work)
        _try(state, kernel, kernel_work)
    while budget.left > 0 and idle < tuning.idle_rounds:
        _local_search(state, column, rng)
        if budget.left <= 0:
            break
        found = _group_round(state, graph, rng)
        idle = 0 if found else idle + 1
    pairs = state.pairs()
    if (
        violations(problem, pairs)
        or problem.pair_gain[pairs].sum() < problem.pair_gain[start].sum()
    ):
        return start  # cannot happen: every move was checked
    return pairs


def _candidates(problem: AssignmentProblem, prices: IntArray | None, count: int) -> BoolArray:
    """Each student's ``count`` pairs of best reduced quality (ties: lower index)."""
    value = CERT_SCALE * problem.pair_quality
    if prices is not None:
        value = value - prices
    order = np.lexsort((np.arange(problem.n_pairs), -value, problem.pair_student))
    student = problem.pair_student[order]
    first = np.searchsorted(student, student)  # start of each student's run in ``order``
    keep = np.zeros(problem.n_pairs, dtype=bool)
    keep[order[np.arange(order.size) - first < count]] = True
    return keep


def _local_search(state: _State, column: csc_matrix, rng: np.random.Generator) -> None:
    """Best shifts, then swap sweeps, until neither improves or the budget is spent."""
    budget = state.work
    shift_work = state.p.n_pairs / state.rates.shift_pairs_per_s
    while budget.fits(shift_work):
        budget.draw(shift_work)
        if _best_shift(state):
            continue
        if not _swap_sweep(state, column, rng):
            break


def _best_shift(state: _State) -> bool:
    """Apply the one shift over all pairs that adds the most quality; False when none does."""
    p = state.p
    cur = state.cur[p.pair_student]
    ok = (cur >= 0) & state.movable[p.pair_student]
    old = np.maximum(cur, 0)
    delta = p.pair_quality - p.pair_quality[old]
    ok &= delta > 0
    if not ok.any():
        return False
    comp = p.pair_company
    same_place = p.pair_place == p.pair_place[old]
    ok &= same_place | (state.load[p.pair_place] < p.place_capacity[p.pair_place])
    same = comp == p.pair_company[old]
    hours = state.hours[comp] + p.pair_guidance - np.where(same, p.pair_guidance[old], 0)
    support = state.support[comp] + state.support_int - np.where(same, state.support_int[old], 0)
    ok &= (hours <= state.budget[comp]) & (support <= state.limit[comp])
    if not ok.any():
        return False
    best = int(np.argmax(np.where(ok, delta, -1)))
    state.move(int(p.pair_student[best]), best)
    return True


def _swap_sweep(state: _State, column: csc_matrix, rng: np.random.Generator) -> bool:
    """Each movable placed student in seeded order: the best swap with one other student."""
    p, budget, rates = state.p, state.work, state.rates
    moved = False
    by_place = np.full(len(p.place_ids), -1, dtype=np.int64)
    order = np.flatnonzero((state.cur >= 0) & state.movable)
    indptr, rows, data = column.indptr, column.indices, column.data
    by_student = np.argsort(p.pair_student, kind="stable")
    student_ptr = np.searchsorted(p.pair_student[by_student], np.arange(len(p.student_ids) + 1))
    for a in rng.permutation(order).tolist():
        pa = int(state.cur[a])
        place_a = int(p.pair_place[pa])
        b = rows[indptr[place_a] : indptr[place_a + 1]]
        cost = rates.swap_student_s + b.size / rates.swap_pairs_per_s
        if not budget.fits(cost):
            break
        budget.draw(cost)
        qb = data[indptr[place_a] : indptr[place_a + 1]] - 1
        pb = state.cur[b]
        keep = (pb >= 0) & state.movable[b]
        b, qb, pb = b[keep], qb[keep], pb[keep]
        if b.size == 0:
            continue
        own = by_student[student_ptr[a] : student_ptr[a + 1]]
        by_place[p.pair_place[own]] = own
        qa = by_place[p.pair_place[pb]]
        by_place[p.pair_place[own]] = -1
        keep = (qa >= 0) & (p.pair_place[pb] != place_a)
        b, qa, qb, pb = b[keep], qa[keep], qb[keep], pb[keep]
        if b.size == 0:
            continue
        delta = p.pair_quality[qa] + p.pair_quality[qb] - p.pair_quality[pb] - p.pair_quality[pa]
        keep = delta > 0
        if not keep.any():
            continue
        b, qa, qb, pb, delta = b[keep], qa[keep], qb[keep], pb[keep], delta[keep]
        ok = _swap_fits(state, pa, qa, qb, pb)
        if not ok.any():
            continue
        best = int(np.argmax(np.where(ok, delta, -1)))
        state.move(a, int(qa[best]))
        state.move(int(b[best]), int(qb[best]))
        moved = True
    return moved


def _swap_fits(state: _State, pa: int, qa: IntArray, qb: IntArray, pb: IntArray) -> IntArray:
    """Where a (at pair pa, company A) taking qa and b (at pb) taking qb keeps both companies'
    budgets and support seats; place seats do not change in a swap."""
    p = state.p
    g, sup = p.pair_guidance, state.support_int
    a_comp = int(p.pair_company[pa])
    b_comp = p.pair_company[pb]
    same = b_comp == a_comp
    hours_a = state.hours[a_comp] - g[pa] + g[qb] + np.where(same, g[qa] - g[pb], 0)
    support_a = state.support[a_comp] - sup[pa] + sup[qb] + np.where(same, sup[qa] - sup[pb], 0)
    ok = (hours_a <= state.budget[a_comp]) & (support_a <= state.limit[a_comp])
    hours_b = state.hours[b_comp] - g[pb] + g[qa]
    support_b = state.support[b_comp] - sup[pb] + sup[qa]
    ok_b = (hours_b <= state.budget[b_comp]) & (support_b <= state.limit[b_comp])
    fits: IntArray = ok & (same | ok_b)
    return fits


def _group_pairs(state: _State, group: list[int]) -> IntArray:
    """Pairs to the group's places of the students placed there, among the candidates and the
    present pairs."""
    p = state.p
    in_group = np.zeros(len(p.company_ids), dtype=bool)
    in_group[group] = True
    cur = state.cur[p.pair_student]
    placed_in = (cur >= 0) & in_group[p.pair_company[np.maximum(cur, 0)]]
    keep = placed_in & in_group[p.pair_company] & (state.candidate | (cur == np.arange(p.n_pairs)))
    out: IntArray = np.flatnonzero(keep)
    return out


def _kernel(state: _State, candidate: BoolArray) -> IntArray:
    """Every placed student's candidate pairs and present pair."""
    p = state.p
    cur = state.cur[p.pair_student]
    keep = (cur >= 0) & (candidate | (cur == np.arange(p.n_pairs)))
    out: IntArray = np.flatnonzero(keep)
    return out


def _try(state: _State, pairs: IntArray, work: float) -> bool:
    """Re-solve the students of ``pairs`` on those pairs (all stay placed, most quality, the
    rest fixed); take the answer when it adds quality and keeps every rule."""
    p = state.p
    current = state.pairs()
    inside = np.isin(current, pairs)
    now = current[inside]
    found = placed_mip(p, pairs, time_limit=state.work.guard(work))
    if found is None or int(p.pair_gain[found].sum()) <= int(p.pair_gain[now].sum()):
        return False
    candidate = np.sort(np.concatenate([current[~inside], found]))
    if violations(p, candidate):
        return False
    state.reset(candidate)
    return True


def _group_round(state: _State, graph: csr_matrix, rng: np.random.Generator) -> bool:
    """Group MIPs from seeds in random order until one improves; whether one did."""
    p, budget, rates, tuning = state.p, state.work, state.rates, state.tuning
    indptr, indices = graph.indptr, graph.indices
    for seed in rng.permutation(len(p.company_ids)).tolist():
        group = [seed]
        pairs = _group_pairs(state, group)
        linked = indices[indptr[seed] : indptr[seed + 1]]
        for c in rng.permutation(linked[linked != seed]).tolist():
            if len(group) >= tuning.group_companies:
                break
            more = _group_pairs(state, [*group, c])
            if more.size > tuning.group_pairs:
                continue
            group, pairs = [*group, c], more
        if len(group) < 2 or pairs.size == 0:
            continue
        cost = rates.group_mip_s + pairs.size / rates.group_pairs_per_s
        if not budget.fits(cost):
            break
        budget.draw(cost)
        if _try(state, pairs, cost):
            return True
    return False
