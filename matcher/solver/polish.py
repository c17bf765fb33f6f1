"""Polish: quality at a fixed set of placed students, for the budget the other phases leave.

Runs last on a constrained component (two_phase.py), once placement is settled. Every step
keeps each placed student placed (so weighted placed never drops) and every hard rule (place
seats, company guidance budgets and support seats), and is taken only when it adds quality:

1. Kernel MIP: every placed student on their KERNEL_CANDIDATES pairs of best reduced quality
   (quality minus the quality LP's company prices) and their present pair; HiGHS, root node
   only. The LP sends nearly every student to a pair of small reduced cost, so this small MIP
   holds most of the optimum (on OR-Library GAP e801600: from 0.55 % to about 0.1 % above the
   proved bound).
2. Local search until the budget is spent: best shifts (one student to another place with
   room), swap sweeps (two students trade places; per student the best partner, in seeded
   order), and at a local optimum group MIPs: a few linked companies (up to GROUP_COMPANIES,
   GROUP_PAIRS pairs) with the students placed there re-solved exactly on their
   GROUP_CANDIDATES best pairs among those companies. This reaches chains of moves between
   companies whose budgets are tight, which shifts and swaps cannot.

The order of students and groups comes from a seeded generator and work is counted from the
sizes handled (rates below; HiGHS stops on its node limit, its wall-clock limit is only a
guard), so equal input gives equal output.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.sparse import csc_matrix, csr_matrix

from matcher.solver.components import subproblem
from matcher.solver.engines import guard, highs_mip
from matcher.solver.feasibility import violations
from matcher.solver.lns import _company_graph
from matcher.solver.lp_relax import constraint_matrix
from matcher.solver.problem import NO_LIMIT, AssignmentProblem, BoolArray, IntArray
from matcher.solver.result import CERT_SCALE

SHIFT_PAIRS_PER_SECOND = 20_000_000.0  # one best-shift scan over all pairs (numpy)
SWAP_STUDENT_S = 2e-4  # fixed work per student of a swap sweep (numpy call overhead)
SWAP_PAIRS_PER_SECOND = 5_000_000.0  # candidate partners scanned per second
GROUP_COMPANIES = 16  # companies per group MIP at most
GROUP_PAIRS = 1_200  # a group stops growing at this many pairs (HiGHS time grows faster)
GROUP_CANDIDATES = 4  # pairs per student in a group MIP (best reduced cost), plus the present
GROUP_MIP_S = 0.1  # fixed work per group MIP (HiGHS set-up)
GROUP_PAIRS_PER_SECOND = 1_000.0  # group MIP root node (GAP d201600: ~1,000 pairs/s)
KERNEL_CANDIDATES = 2  # pairs per student in the kernel MIP (3 took HiGHS 4x as long)
KERNEL_MIP_S = 0.5  # fixed work of the kernel MIP
KERNEL_PAIRS_PER_SECOND = 250.0  # its root node (cuts, heuristics) on 3,300 pairs: ~13 s
IDLE_ROUNDS = 10  # stop after this many rounds of groups (one per company each) found nothing


@dataclass(frozen=True, slots=True)
class PolishResult:
    """The polished pairs and the work spent (work seconds)."""

    pairs: IntArray
    work: float


class _State:
    """The current answer as arrays: pair per student, seats, hours and support per company."""

    def __init__(self, problem: AssignmentProblem, pairs: IntArray) -> None:
        self.p = problem
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
    work_budget: float,
    seed: int,
    prices: IntArray | None = None,
) -> PolishResult:
    """Improve the quality of the feasible answer ``start`` within ``work_budget`` work seconds.

    ``prices``: an LP's price of each pair's company rows (in 1/CERT_SCALE quality points); the
    group MIPs keep only each student's GROUP_CANDIDATES best pairs by reduced cost (quality
    minus price) and their present pair. Without prices they keep the best pairs by quality.
    """
    start = np.sort(np.asarray(start, dtype=np.int64))
    if problem.n_pairs == 0 or start.size == 0 or work_budget <= 0:
        return PolishResult(start, 0.0)
    state = _State(problem, start)
    rng = np.random.default_rng(seed)
    column = csc_matrix(
        (np.arange(problem.n_pairs) + 1, (problem.pair_student, problem.pair_place)),
        shape=(len(problem.student_ids), len(problem.place_ids)),
    )
    graph = _company_graph(problem)
    state.candidate = _candidates(problem, prices, GROUP_CANDIDATES)
    work, idle = 0.0, 0
    kernel = _kernel(state, _candidates(problem, prices, KERNEL_CANDIDATES))
    kernel_work = KERNEL_MIP_S + kernel.size / KERNEL_PAIRS_PER_SECOND
    if kernel_work <= work_budget:
        work += kernel_work
        _try(state, kernel, kernel_work)
    while work < work_budget and idle < IDLE_ROUNDS:
        work += _local_search(state, column, rng, work_budget - work)
        if work >= work_budget:
            break
        found, used = _group_round(state, graph, rng, work_budget - work)
        work += used
        idle = 0 if found else idle + 1
    pairs = state.pairs()
    if (
        violations(problem, pairs)
        or problem.pair_gain[pairs].sum() < problem.pair_gain[start].sum()
    ):
        return PolishResult(start, work)  # cannot happen: every move was checked
    return PolishResult(pairs, work)


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


def _local_search(
    state: _State, column: csc_matrix, rng: np.random.Generator, budget: float
) -> float:
    """Best shifts, then swap sweeps, until neither improves or the budget is spent."""
    work = 0.0
    shift_work = state.p.n_pairs / SHIFT_PAIRS_PER_SECOND
    while work + shift_work <= budget:
        work += shift_work
        if _best_shift(state):
            continue
        moved, used = _swap_sweep(state, column, rng, budget - work)
        work += used
        if not moved:
            break
    return work


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


def _swap_sweep(
    state: _State, column: csc_matrix, rng: np.random.Generator, budget: float
) -> tuple[bool, float]:
    """Each movable placed student in seeded order: the best swap with one other student."""
    p = state.p
    moved, work = False, 0.0
    by_place = np.full(len(p.place_ids), -1, dtype=np.int64)
    order = np.flatnonzero((state.cur >= 0) & state.movable)
    indptr, rows, data = column.indptr, column.indices, column.data
    by_student = np.argsort(p.pair_student, kind="stable")
    student_ptr = np.searchsorted(p.pair_student[by_student], np.arange(len(p.student_ids) + 1))
    for a in rng.permutation(order).tolist():
        pa = int(state.cur[a])
        place_a = int(p.pair_place[pa])
        b = rows[indptr[place_a] : indptr[place_a + 1]]
        cost = SWAP_STUDENT_S + b.size / SWAP_PAIRS_PER_SECOND
        if work + cost > budget:
            break
        work += cost
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
    return moved, work


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
    found = placed_mip(p, pairs, work)
    if found is None or int(p.pair_gain[found].sum()) <= int(p.pair_gain[now].sum()):
        return False
    candidate = np.sort(np.concatenate([current[~inside], found]))
    if violations(p, candidate):
        return False
    state.reset(candidate)
    return True


def placed_mip(problem: AssignmentProblem, pairs: IntArray, work: float) -> IntArray | None:
    """Most quality on ``pairs`` with every one of their students placed, the room of the rest of
    the answer left out of it (room is the full room: the caller frees these students first).
    HiGHS stops at the root node (node limit 1), so the answer is deterministic."""
    sub = subproblem(problem, pairs).problem
    matrix, upper = constraint_matrix(sub)
    lower = np.full(upper.size, -np.inf)
    lower[: len(sub.student_ids)] = 1.0  # student rows come first (lp_relax._rows)
    lower_x = np.zeros(sub.n_pairs)
    lower_x[sub.locked] = 1.0
    result = highs_mip(
        -sub.pair_quality.astype(np.float64),
        matrix,
        upper,
        lower_x,
        time_limit=guard(work),
        node_limit=1,
        mip_rel_gap=0.0,
        lower=lower,
    )
    if result.x is None:
        return None
    return np.sort(pairs[np.flatnonzero(result.x > 0.5)])


def _group_round(
    state: _State, graph: csr_matrix, rng: np.random.Generator, budget: float
) -> tuple[bool, float]:
    """Group MIPs from seeds in random order until one improves; (improved, work spent)."""
    p = state.p
    work = 0.0
    indptr, indices = graph.indptr, graph.indices
    for seed in rng.permutation(len(p.company_ids)).tolist():
        group = [seed]
        pairs = _group_pairs(state, group)
        linked = indices[indptr[seed] : indptr[seed + 1]]
        for c in rng.permutation(linked[linked != seed]).tolist():
            if len(group) >= GROUP_COMPANIES:
                break
            more = _group_pairs(state, [*group, c])
            if more.size > GROUP_PAIRS:
                continue
            group, pairs = [*group, c], more
        if len(group) < 2 or pairs.size == 0:
            continue
        cost = GROUP_MIP_S + pairs.size / GROUP_PAIRS_PER_SECOND
        if work + cost > budget:
            break
        work += cost
        if _try(state, pairs, cost):
            return True, work
    return False, work
