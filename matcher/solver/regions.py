"""Split a huge component into regions along the map, and repair the seams between them.

Students reach places only within their travel time, so the candidate graph of a national
round is local: a component of millions of pairs is a country-sized web of short links. Its
guide LP grows much faster than its pairs, so it is cut here into regions that are solved on
their own (side by side, through the solver's ``map``), and a seam pass re-solves the students
near the cuts.

**Partition.** Students and companies are the nodes, a candidate pair links them. Recursive
bisection: each part is ordered breadth-first from a pseudo-peripheral node (two sweeps; so the
order runs across the map) and cut where half of its pairs lie on either side. Each company is
then owned by the region whose students have the most pairs there (ties: the lowest region), and
a student with a locked pair moves to the region that owns its company, so no lock is cut.

**Regions.** Region r is its students with *all* their pairs; the places and companies they
reach keep their full capacity, budget and max_support, also the ones other regions own (its
halo). Every answer of the whole component, restricted to region r's students, is an answer of
region r, and the objective adds up over students; so the regions' bounds add up to a valid
bound of the component, and their quality certificates combine as if they were components
(round_bound.py). No budget is shared: a company belongs to one region.

**Combining.** Each region keeps the pairs at the companies it owns; its students on a halo
company become unplaced. That is feasible: at an owned company only the owner's students sit,
within the limits the owner's answer kept.

**Seams.** The seam students are those with a pair at a company their region does not own (a
cut pair) and who are not locked. Everyone else stays fixed; the seam students are placed again
on all their pairs, in the room the fixed students leave (residual.residual_problem: capacity,
guidance hours and support seats left), by the normal solver on SEAM_SHARE of the component's
budget. The seam answer is kept only when it is better than what the regions left them. Only
these students' pairs ever cross a cut.

Everything is a pure function of the problem: equal input gives equal output.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from scipy.sparse import coo_matrix, csr_matrix
from scipy.sparse.csgraph import breadth_first_order

from matcher.solver.components import Component, subproblem
from matcher.solver.lp_relax import LpSolution, placement_bound, quality_certificate, solve_lp
from matcher.solver.problem import AssignmentProblem, IntArray
from matcher.solver.residual import residual_problem
from matcher.solver.result import Assignment, SolveStatus, make_assignment, objective_of
from matcher.solver.tuning import TUNING

REGION_PAIRS = 30_000  # target pruned pairs per region (docs/benchmarks.md, "National round")
PRUNE_PAIRS = 12  # per student of a split component: the best pairs kept for the answer
SPLIT_MIN_PAIRS = 200_000  # constrained components with more pairs are split into regions
SEAM_SHARE = 0.2  # of a split component's work budget: the seam pass


@dataclass(frozen=True, eq=False)
class RegionPlan:
    """How one component is cut: its regions and which region owns each company.

    ``regions`` are sub-problems of the *parent* problem (their index maps point into it), in a
    fixed order; ``owner`` is the owning region per company of ``component.problem``.
    """

    component: Component
    regions: tuple[Component, ...]
    student_region: IntArray  # region per student of component.problem
    owner: IntArray  # region per company of component.problem


@dataclass(frozen=True, slots=True)
class RegionSplit:
    """When a component is cut (more than ``min_pairs`` constrained pairs) and how finely."""

    min_pairs: int = SPLIT_MIN_PAIRS
    region_pairs: int = REGION_PAIRS
    prune_pairs: int = PRUNE_PAIRS

    def cuts(self, n_pairs: int) -> bool:
        """Whether a constrained component of ``n_pairs`` pairs is cut into regions."""
        return n_pairs > self.min_pairs

    def regions_of(self, pruned_pairs: int) -> int:
        """How many regions a cut component with ``pruned_pairs`` pruned pairs is cut into."""
        return max(1, -(-pruned_pairs // self.region_pairs))


def prune(parent: AssignmentProblem, component: Component, *, keep: int) -> Component:
    """The component on each student's ``keep`` best pairs (by gain, then pair index) and locks.

    Only the answer is searched on these; the bounds are proved on every pair (bound_regions).
    """
    problem = component.problem
    order = np.lexsort((np.arange(problem.n_pairs), -problem.pair_gain, problem.pair_student))
    student = problem.pair_student[order]
    first = np.searchsorted(student, student)  # start of each student's run in ``order``
    rank = np.arange(order.size) - first
    kept = np.zeros(problem.n_pairs, dtype=bool)
    kept[order[rank < keep]] = True
    kept[problem.locked] = True
    return subproblem(parent, component.pairs[np.flatnonzero(kept)])


def bound_regions(
    parent: AssignmentProblem, component: Component, plan: RegionPlan
) -> tuple[Component, ...]:
    """Per region of ``plan`` (cut on a pruned ``component``): its students with every pair."""
    ids = np.searchsorted(component.students, plan.component.students)
    full_region = np.full(len(component.problem.student_ids), -1, dtype=np.int64)
    full_region[ids] = plan.student_region
    pair_region = full_region[component.problem.pair_student]
    return tuple(
        subproblem(parent, component.pairs[np.flatnonzero(pair_region == r)])
        for r in range(len(plan.regions))
    )


def plan_regions(parent: AssignmentProblem, component: Component, *, n_regions: int) -> RegionPlan:
    """Cut ``component`` (of ``parent``) into ``n_regions`` regions; see the module docstring."""
    problem = component.problem
    n_s, n_c = len(problem.student_ids), len(problem.company_ids)
    student_region = _bisect_students(problem, n_regions)
    demand = coo_matrix(
        (np.ones(problem.n_pairs), (problem.pair_company, student_region[problem.pair_student])),
        shape=(n_c, n_regions),
    ).toarray()
    owner = np.argmax(demand, axis=1).astype(np.int64)  # first maximum: the lowest region
    locked_students = problem.pair_student[problem.locked]
    student_region[locked_students] = owner[problem.pair_company[problem.locked]]
    del n_s
    regions = []
    for r in range(n_regions):
        mine = np.flatnonzero(student_region[problem.pair_student] == r)
        if mine.size:
            regions.append(subproblem(parent, component.pairs[mine]))
    used = np.unique(student_region[problem.pair_student])
    renumber = np.full(n_regions, -1, dtype=np.int64)
    renumber[used] = np.arange(used.size)
    return RegionPlan(component, tuple(regions), renumber[student_region], renumber[owner])


def combine(
    plan: RegionPlan, answers: list[Assignment], bounds: tuple[Component, ...] | None = None
) -> IntArray:
    """The regions' answers as one feasible answer of the component (local pair indices).

    Each region keeps only its pairs at companies it owns. ``bounds``: the regions the answers
    are given in (default the plan's own).
    """
    problem = plan.component.problem
    kept = []
    for r, (region, answer) in enumerate(zip(bounds or plan.regions, answers, strict=True)):
        local = np.searchsorted(plan.component.pairs, region.pairs[answer.pairs])
        own = plan.owner[problem.pair_company[local]] == r
        kept.append(local[own])
    return np.sort(np.concatenate(kept)) if kept else np.zeros(0, dtype=np.int64)


def seam_students(plan: RegionPlan) -> IntArray:
    """Students (of the component) with a cut pair and no lock: the seam pass re-places them."""
    problem = plan.component.problem
    cut = plan.owner[problem.pair_company] != plan.student_region[problem.pair_student]
    found = np.zeros(len(problem.student_ids), dtype=bool)
    found[problem.pair_student[cut]] = True
    found[problem.pair_student[problem.locked]] = False
    return np.flatnonzero(found)


def seam_problem(plan: RegionPlan, pairs: IntArray) -> Component | None:
    """The seam sub-problem: seam students in the room everyone else leaves (local indices).

    None when there is no seam (or ``pairs`` is not feasible, which combine() rules out).
    """
    problem = plan.component.problem
    seam = np.zeros(len(problem.student_ids), dtype=bool)
    seam[seam_students(plan)] = True
    if not seam.any():
        return None
    fixed = pairs[~seam[problem.pair_student[pairs]]]
    fixed = np.union1d(fixed, problem.locked)
    residual = residual_problem(problem, fixed)
    if residual is None or residual.problem.n_pairs == 0:
        return None
    return residual


def repair(plan: RegionPlan, pairs: IntArray, seam: Component, answer: Assignment) -> IntArray:
    """``pairs`` with the seam students moved to the seam answer, when that is better."""
    problem = plan.component.problem
    on_seam = np.isin(problem.pair_student[pairs], seam.students)
    before = np.searchsorted(seam.pairs, pairs[on_seam])
    # the residual keeps only pairs that still fit; the regions' pairs of seam students do
    if before.size and (before.max() >= seam.pairs.size):
        return pairs
    if not np.array_equal(seam.pairs[before], pairs[on_seam]):
        return pairs
    if objective_of(seam.problem, answer.pairs) <= objective_of(seam.problem, before):
        return pairs
    return np.sort(np.concatenate([pairs[~on_seam], seam.pairs[answer.pairs]]))


def region_parts(
    plan: RegionPlan,
    pairs: IntArray,
    answers: list[Assignment],
    bounds: tuple[Component, ...] | None = None,
) -> list[tuple[Component, Assignment]]:
    """The final answer cut back into the regions, each with its region's bound and certificates.

    merge() adds these up like components: every answer of the component restricted to a
    region's students is an answer of that region (module docstring). ``bounds``: the regions
    the answers' bounds hold for (bound_regions; default the plan's own regions).
    """
    student_region = plan.student_region[plan.component.problem.pair_student[pairs]]
    parent_pairs = plan.component.pairs[pairs]
    parts = []
    for r, (region, answer) in enumerate(zip(bounds or plan.regions, answers, strict=True)):
        local = np.searchsorted(region.pairs, parent_pairs[student_region == r])
        part = make_assignment(
            region.problem,
            local,
            status=SolveStatus.FEASIBLE,
            best_bound=answer.best_bound,
            quality_bound=answer.quality_bound,
            solver_wall_time_s=answer.solver_wall_time_s,
            quality_certificates=answer.quality_certificates,
            quality_floor_caps=answer.quality_floor_caps,
        )
        if part.objective >= answer.best_bound:
            part = replace(part, status=SolveStatus.OPTIMAL)
        parts.append((region, part))
    return parts


def _bisect_students(problem: AssignmentProblem, n_regions: int) -> IntArray:
    """Region per student by recursive breadth-first bisection of the student-company graph."""
    n_s, n_c = len(problem.student_ids), len(problem.company_ids)
    rows = np.concatenate([problem.pair_student, n_s + problem.pair_company])
    cols = np.concatenate([n_s + problem.pair_company, problem.pair_student])
    graph = csr_matrix(
        (np.ones(rows.size, dtype=np.int8), (rows, cols)), shape=(n_s + n_c, n_s + n_c)
    )
    graph.sum_duplicates()
    weight = np.zeros(n_s + n_c, dtype=np.int64)
    weight[:n_s] = np.bincount(problem.pair_student, minlength=n_s)
    region = np.zeros(n_s + n_c, dtype=np.int64)
    stack = [(np.arange(n_s + n_c, dtype=np.int64), 0, n_regions)]
    while stack:
        nodes, first, k = stack.pop()
        if k == 1:
            region[nodes] = first
            continue
        order = nodes[_sweep_order(graph[nodes][:, nodes])]
        left_k = k // 2
        cumulative = np.cumsum(weight[order])
        cut = int(np.searchsorted(cumulative, cumulative[-1] * left_k / k, side="right"))
        stack.append((np.sort(order[cut:]), first + left_k, k - left_k))
        stack.append((np.sort(order[:cut]), first, left_k))
    return region[:n_s]


def _sweep_order(graph: csr_matrix) -> IntArray:
    """Nodes in breadth-first order from a pseudo-peripheral node; unreached ones follow."""
    n = graph.shape[0]
    start = 0
    for _ in range(2):  # the last node reached is far from the start: begin again from it
        order = breadth_first_order(graph, start, directed=False, return_predecessors=False)
        start = int(order[-1])
    order = breadth_first_order(graph, start, directed=False, return_predecessors=False)
    seen = np.zeros(n, dtype=bool)
    seen[order] = True
    out: IntArray = np.concatenate([order, np.flatnonzero(~seen)]).astype(np.int64)
    return out


def certify(
    pruned: AssignmentProblem,
    full: AssignmentProblem,
    pairs: IntArray,
    lps: tuple[LpSolution, LpSolution] | None = None,
) -> tuple[Assignment, float]:
    """``pairs`` (of ``pruned``) as an answer of ``full`` with bounds proved on all its pairs.

    ``lps``: the guide LP and a quality LP solved on the pruned pairs (the plan's own, so no LP
    is solved twice); without them both are solved here, the quality LP at the answer's
    placement. Their company prices (0 for companies the pruned pairs miss; any prices >= 0 are
    valid) are checked on every pair of ``full`` with one exact min-cost flow each
    (lp_relax.py). Also returns the work: the LPs solved here and the two flows on all pairs.
    """
    order = np.argsort(full.pair_origin, kind="stable")
    at = order[np.searchsorted(full.pair_origin[order], pruned.pair_origin[pairs])]
    where = {c: i for i, c in enumerate(full.company_ids)}
    companies = np.array([where[c] for c in pruned.company_ids], dtype=np.int64)
    weighted = int(full.student_weight[full.pair_student[at]].sum())
    if lps is None:
        weights = pruned.student_weight[pruned.pair_student].astype(np.float64)
        guide = solve_lp(pruned, weights + TUNING.guide_eps * pruned.pair_quality)
        quality = solve_lp(pruned, pruned.pair_quality.astype(np.float64), min_weighted=weighted)
    else:
        guide, quality = lps
    w_ub = max(placement_bound(full, _lift(guide, companies, full)), weighted)
    cert = quality_certificate(full, _lift(quality, companies, full))
    big = full.big
    strict = w_ub * big + min(cert.at(w_ub), big - 1)
    answer = make_assignment(
        full,
        at,
        status=SolveStatus.FEASIBLE,
        best_bound=strict,
        quality_bound=min(cert.at(weighted), big - 1),
        quality_certificates=((cert.value, cert.placed_price),),
    )
    if answer.objective >= strict:
        answer = replace(answer, status=SolveStatus.OPTIMAL)
    lp_work = 0 if lps is not None else pruned.n_pairs
    return answer, certify_work(lp_work, full.n_pairs)


def certify_work(pruned_pairs: int, full_pairs: int) -> float:
    """Work seconds certify() counts: two LPs on ``pruned_pairs`` (0 when the plan's LPs are
    reused) and two flows on all pairs."""
    return (
        2 * pruned_pairs / TUNING.rates.lp_pairs_per_s
        + 2 * full_pairs / TUNING.rates.flow_pairs_per_s
    )


def _lift(lp: LpSolution, companies: IntArray, full: AssignmentProblem) -> LpSolution:
    """The LP's company prices on the companies of ``full`` (0 where the LP had none)."""
    n_c = len(full.company_ids)
    budget, support = np.zeros(n_c, dtype=np.int64), np.zeros(n_c, dtype=np.int64)
    budget[companies] = lp.budget_price
    support[companies] = lp.support_price
    return LpSolution(np.zeros(full.n_pairs), budget, support, lp.placed_price, ok=lp.ok)
