"""Solve of a constrained component: LP-guided, improved by neighbourhood MIPs, exact bounds.

1. Guide LP: the LP relaxation of "maximise weighted placed + GUIDE_EPS * quality", HiGHS dual
   simplex. The small quality term breaks the many ties of the pure placement LP, which make
   HiGHS many times slower (docs/solver.md). Its company prices
   certify the placement bound W_ub exactly (lp_relax.py: any prices give a valid bound).
2. Start: the LP's fully chosen pairs topped up greedily in order of LP value, or the Lagrangian
   warm start (lagrangian.py), whichever is better. Components up to MIP_MAX_PAIRS pairs also get
   the placement MIP (HiGHS, node-limited, lns.py): usually the proved best placement at the
   root node, and its bound replaces the LP's when smaller; then the quality LP (step 3) and a
   re-placement, with the residual MIP, of every student on whom the answer and the quality LP
   disagree (``_relaxation_induced``). Larger components instead keep the LP's fully chosen
   pairs and place everyone else with the residual MIP (residual.py), then take the same two
   steps (``_large_start``).
3. Quality LP "maximise quality with weighted placed >= W": its prices certify a quality bound
   for every answer placing at least W weighted students (valid at any W, tightest at this W).
   Every component solves it here, at the start's W, so the search below knows the real gaps.
4. Large-neighbourhood search (lns.py; skipped on small components whose placement is proved
   when the quality MIP of step 5 fits the budget): groups of companies re-solved with HiGHS
   while the rest stays, until the budget is spent, a pass finds nothing, or the answer is within
   ``limits.gap_limit``. Then the quality LP is solved again if W grew.
5. Components up to MIP_MAX_PAIRS pairs not yet within the gap limit get the quality MIP
   "maximise quality with weighted placed >= W" (HiGHS, node-limited, lns.py) when its work fits
   the budget left: usually a better answer at the same placement, and a dual bound much tighter
   than the quality LP's. That bound holds only
   for answers placing at least W: it is passed on as a floor cap (round_bound.py). The other
   components (larger ones, or small ones whose quality MIP does not fit), unless CP-SAT takes
   over (step 6), spend the budget left on the quality search (``lns.improve_quality``):
   pieces re-solved for quality while placing no fewer. On components larger than
   MIP_MAX_PAIRS the search gets 1 - POLISH_SHARE of that budget, and the polish
   (polish.py: a kernel MIP on each student's best pairs by the quality LP's reduced cost, then
   shifts, swaps and group MIPs) the rest, with the same placed students.
6. Small components (up to CP_SAT_MAX_PAIRS pairs) not yet within the gap limit get CP-SAT with
   the answer as hint, for the budget left (at most CP_SAT_SHARE of it); its bound is used too.

Budget: every phase counts in ``limits.time_limit_s`` as work seconds, estimated from the pairs
it handles (LP_PAIRS_PER_SECOND, FLOW_PAIRS_PER_SECOND, lns.PAIRS_PER_SECOND) plus CP-SAT's
deterministic time. Work does not depend on machine load,
so equal input gives equal output; wall time follows it roughly (see benchmarks/bench_solver.py).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from matcher.solver.cp_sat import LAGRANGIAN_ITERATIONS, run_cp_sat
from matcher.solver.engines import LP_PAIRS_PER_SECOND, guard
from matcher.solver.greedy import greedy_fill
from matcher.solver.lagrangian import lagrangian_search
from matcher.solver.lns import (
    PAIRS_PER_SECOND,
    improve,
    improve_quality,
    placement_mip,
    quality_mip,
)
from matcher.solver.lp_relax import (
    LpSolution,
    QualityCertificate,
    placement_bound,
    quality_certificate,
    solve_lp,
)
from matcher.solver.polish import polish
from matcher.solver.problem import SCORE_SCALE, AssignmentProblem, IntArray
from matcher.solver.residual import fix_and_solve
from matcher.solver.result import (
    CERT_SCALE,
    Assignment,
    SolverLimits,
    SolveStatus,
    make_assignment,
)

FLOW_PAIRS_PER_SECOND = 800_000.0  # one min-cost flow (150,000 pairs: 0.17 s)
QUALITY_PAIRS_PER_SECOND = 600.0  # quality MIP (measured on 1,900-9,700 pairs: 0.1-16 s)
GUIDE_EPS = 0.01 / SCORE_SCALE  # quality next to placement in the guide LP: breaks its ties
MIP_MAX_PAIRS = 10_000  # components this small get the phase-1 MIP (placement bound and answer)
CP_SAT_MAX_PAIRS = 1_000  # components this small get CP-SAT to prove the optimum
POLISH_SHARE = 0.7  # of the budget left for the quality search: the polish's part
CP_SAT_SHARE = 0.25  # of the component's limit at most: CP-SAT's wall time runs 2-6x its
# deterministic time on a loaded machine, and on larger components it rarely closes the gap


def full_work(n_pairs: int) -> float:
    """Work seconds a component of up to MIP_MAX_PAIRS pairs needs for steps 1, 3 and 5 (at
    most: the quality LP twice, as it is solved again when the search places more; the
    relaxation-induced MIP on all pairs)."""
    mips = 2 * n_pairs / PAIRS_PER_SECOND  # placement MIP, relaxation-induced MIP
    quality_mip_work = n_pairs / QUALITY_PAIRS_PER_SECOND
    return _start_work(n_pairs) + mips + 2 * _certificate_work(n_pairs) + quality_mip_work


def _start_work(n_pairs: int) -> float:
    """Guide LP, its certifying flow and the Lagrangian warm start's flows."""
    return n_pairs / LP_PAIRS_PER_SECOND + (1 + LAGRANGIAN_ITERATIONS) * _flow_work(n_pairs)


def _certificate_work(n_pairs: int) -> float:
    """One quality LP and the flow that certifies its prices."""
    return n_pairs / LP_PAIRS_PER_SECOND + _flow_work(n_pairs)


def _flow_work(n_pairs: int) -> float:
    return n_pairs / FLOW_PAIRS_PER_SECOND


@dataclass(frozen=True, slots=True)
class TwoPhaseRun:
    """The answer and the work it took (work seconds; see the module docstring)."""

    assignment: Assignment
    wall_time_s: float  # CP-SAT's own wall time (0.0 when CP-SAT did not run)
    deterministic_time: float  # work seconds over all phases


def solve_two_phase(problem: AssignmentProblem, *, limits: SolverLimits) -> TwoPhaseRun:
    """Best answer within the limits, with a proved placement bound and quality bound."""
    cert_work = _certificate_work(problem.n_pairs)
    weights = problem.student_weight[problem.pair_student].astype(np.float64)
    guide = solve_lp(problem, weights + GUIDE_EPS * problem.pair_quality)
    w_ub = placement_bound(problem, guide)
    best = _round(problem, guide.x)
    warm = lagrangian_search(problem, iterations=LAGRANGIAN_ITERATIONS, gap_limit=0.0)
    best = _better(problem, best, warm.pairs)
    work = _start_work(problem.n_pairs)
    certs: list[QualityCertificate] = []
    if problem.n_pairs > MIP_MAX_PAIRS:
        start = _large_start(problem, guide.integral(), best, limits, work)
        best, work, quality_lp = start.pairs, start.work, start.lp
        certs.append(start.cert)
    else:
        mip = placement_mip(problem, time_guard=guard(problem.n_pairs / 2000))
        work += problem.n_pairs / PAIRS_PER_SECOND
        w_ub = min(w_ub, mip.weighted_bound)
        if mip.pairs is not None:
            best = _better(problem, best, mip.pairs)
        cert, quality_lp = _quality_lp(problem, _weighted(problem, best))
        certs.append(cert)
        work += cert_work
        best, used = _relaxation_induced(problem, best, quality_lp, limits.time_limit_s - work)
        work += used
    w_cert = _weighted(problem, best)

    def good_enough(pairs: IntArray) -> bool:
        return _within(_assignment(problem, pairs, w_ub, certs, 0.0), limits.gap_limit)

    # placement proved and the quality MIP fits: the search could only add quality, which the
    # quality MIP does better (step 5)
    proved = problem.n_pairs <= MIP_MAX_PAIRS and _weighted(problem, best) >= w_ub
    mip_next = proved and limits.time_limit_s - work >= problem.n_pairs / QUALITY_PAIRS_PER_SECOND
    if not good_enough(best) and not mip_next:
        budget = limits.time_limit_s - work - cert_work  # room for the quality LP
        lns = improve(
            problem, best, guide.x, work_budget=budget, seed=limits.seed, stop=good_enough
        )
        best, work = lns.pairs, work + lns.work
    if _weighted(problem, best) > w_cert and not good_enough(best):
        cert = _quality_cert(problem, _weighted(problem, best))
        certs.append(cert)
        work += cert_work
    quality = _improve_quality(problem, best, w_ub, certs, limits, work)
    best, work, caps = quality.pairs, work + quality.work, quality.caps
    left = limits.time_limit_s - work
    if problem.n_pairs > MIP_MAX_PAIRS and left > 0 and not good_enough(best):
        prices = _prices(problem, quality_lp)
        polished = polish(problem, best, work_budget=left, seed=limits.seed, prices=prices)
        best, work = polished.pairs, work + polished.work
    answer = _assignment(problem, best, w_ub, certs, 0.0, caps=caps)
    wall, left = 0.0, limits.time_limit_s - work
    small = problem.n_pairs <= CP_SAT_MAX_PAIRS
    if small and left > 0 and not _within(answer, limits.gap_limit):
        cp_limit = min(left, CP_SAT_SHARE * limits.time_limit_s)
        run = run_cp_sat(problem, limits=replace(limits, time_limit_s=cp_limit), hint=best)
        wall, work = run.wall_time_s, work + run.deterministic_time
        found = run.assignment.pairs
        if int(problem.pair_gain[found].sum()) > answer.objective:
            best = found
        other = run.assignment.best_bound
        answer = _assignment(problem, best, w_ub, certs, wall, other=other, caps=caps)
    return TwoPhaseRun(answer, wall, work)


@dataclass(frozen=True, slots=True)
class _QualityStep:
    pairs: IntArray
    work: float
    caps: list[tuple[int, int]]  # floor caps (F, C) proved by the quality MIP


def _improve_quality(
    problem: AssignmentProblem,
    best: IntArray,
    w_ub: int,
    certs: list[QualityCertificate],
    limits: SolverLimits,
    work: float,
) -> _QualityStep:
    """Quality at the reached placement: the quality MIP where it fits the budget left (a
    better answer and a floor cap), else (on components too large for CP-SAT) the quality
    search (lns.py) on what is left."""

    def within(pairs: IntArray) -> bool:
        return _within(_assignment(problem, pairs, w_ub, certs, 0.0), limits.gap_limit)

    q_work = problem.n_pairs / QUALITY_PAIRS_PER_SECOND
    left = limits.time_limit_s - work
    if within(best) or left <= 0:
        return _QualityStep(best, 0.0, [])
    if problem.n_pairs <= MIP_MAX_PAIRS and left >= q_work:
        floor = _weighted(problem, best)
        qmip = quality_mip(problem, floor, time_guard=guard(q_work), rel_gap=limits.gap_limit / 4)
        if qmip.pairs is not None:
            best = _better(problem, best, qmip.pairs)
        caps = [(floor, qmip.quality_bound)] if qmip.quality_bound is not None else []
        return _QualityStep(best, q_work, caps)
    if problem.n_pairs <= CP_SAT_MAX_PAIRS:  # CP-SAT gets the budget left (step 6)
        return _QualityStep(best, 0.0, [])
    if problem.n_pairs > MIP_MAX_PAIRS and _weighted(problem, best) >= w_ub:
        # placement proved: the search can only add quality, the polish (polish.py) does that
        # better, so it gets most of the budget; else the search may still place more
        left = (1 - POLISH_SHARE) * left
    search = improve_quality(problem, best, work_budget=left, seed=limits.seed, stop=within)
    return _QualityStep(search.pairs, search.work, [])


def _quality_cert(problem: AssignmentProblem, min_weighted: int) -> QualityCertificate:
    """Certificate of the quality LP at a placement floor (valid at every floor, tight here)."""
    return _quality_lp(problem, min_weighted)[0]


def _quality_lp(
    problem: AssignmentProblem, min_weighted: int
) -> tuple[QualityCertificate, LpSolution]:
    """The quality LP at a placement floor and its certificate."""
    lp = solve_lp(problem, problem.pair_quality.astype(np.float64), min_weighted=min_weighted)
    return quality_certificate(problem, lp), lp


@dataclass(frozen=True, slots=True)
class _Start:
    pairs: IntArray
    work: float
    cert: QualityCertificate
    lp: LpSolution  # the quality LP


def _large_start(
    problem: AssignmentProblem,
    lp_fixed: IntArray,
    best: IntArray,
    limits: SolverLimits,
    work: float,
) -> _Start:
    """Start of a large component: residual MIP, quality LP (certificate), quality neighbourhood.

    1. Keep the guide LP's fully chosen pairs and place everyone else exactly (residual.py).
    2. The quality LP at the reached placement: its certificate, and where it wants students.
    3. The relaxation-induced neighbourhood (``_relaxation_induced``).
    Steps 1 and 3 run only when their work fits the budget, keeping room for step 2.
    """
    cert_work = _certificate_work(problem.n_pairs)
    residual = fix_and_solve(problem, lp_fixed, max_work=limits.time_limit_s - work - cert_work)
    work += residual.work
    if residual.pairs is not None:
        best = _better(problem, best, residual.pairs)
    cert, quality = _quality_lp(problem, _weighted(problem, best))
    work += cert_work
    best, used = _relaxation_induced(problem, best, quality, limits.time_limit_s - work)
    return _Start(best, work + used, cert, quality)


def _relaxation_induced(
    problem: AssignmentProblem, best: IntArray, quality: LpSolution, max_work: float
) -> tuple[IntArray, float]:
    """Keep what the answer and the quality LP agree on, re-place everyone else exactly (when
    its work fits max_work); the better answer and the work spent. The MIP puts placement
    first, so this only trades pairs where quality can be won without placing fewer. On small
    components the placement MIP's answer can sit far below the quality LP (30 % and more on
    random rounds); this step brings most of that back."""
    if not quality.ok:
        return best, 0.0
    agree = np.intersect1d(best, quality.integral())
    rins = fix_and_solve(problem, agree, max_work=max_work)
    if rins.pairs is not None:
        best = _better(problem, best, rins.pairs)
    return best, rins.work


def _prices(problem: AssignmentProblem, lp: LpSolution) -> IntArray:
    """The quality LP's price of each pair (company rows, scaled by CERT_SCALE): polish uses it
    to keep each student's best pairs by reduced cost."""
    comp = problem.pair_company
    price = (
        lp.budget_price[comp] * problem.pair_guidance
        + lp.support_price[comp] * problem.pair_support
    )
    out: IntArray = price.astype(np.int64)
    return out


def _round(problem: AssignmentProblem, x: np.ndarray) -> IntArray:
    """The LP's fully chosen pairs, then the others by LP value and gain while they fit."""
    fixed = np.flatnonzero(x >= 1.0 - 1e-6)
    order = np.lexsort((np.arange(problem.n_pairs), -problem.pair_gain, -np.round(x, 6)))
    return greedy_fill(problem, problem.locked, np.concatenate([fixed, order]))


def _assignment(
    problem: AssignmentProblem,
    pairs: IntArray,
    w_ub: int,
    certs: list[QualityCertificate],
    wall: float,
    *,
    other: int | None = None,
    caps: list[tuple[int, int]] | None = None,
) -> Assignment:
    """Answer with the certified bounds; ``other``: a strict bound proved elsewhere (CP-SAT);
    ``caps``: floor caps (F, C), quality <= C for answers placing at least F (quality MIP)."""
    weighted, big = _weighted(problem, pairs), problem.big
    w_ub = max(w_ub, weighted)
    caps = caps or []
    at_w = [c for f, c in caps if f <= weighted]
    at_ub = [c for f, c in caps if f <= w_ub]
    quality_bound = min(min(c.at(weighted) for c in certs), big - 1, *at_w)
    strict = w_ub * big + min(min(c.at(w_ub) for c in certs), big - 1, *at_ub)
    if other is not None:
        strict = min(strict, other)
        if other // big == weighted:
            quality_bound = min(quality_bound, other - weighted * big)
    reached = int(problem.pair_gain[pairs].sum()) >= strict
    lines = [(c.value, c.placed_price) for c in certs]
    if other is not None:  # quality + big * W <= other
        lines.append((other * CERT_SCALE, big * CERT_SCALE))
    return make_assignment(
        problem,
        pairs,
        status=SolveStatus.OPTIMAL if reached else SolveStatus.FEASIBLE,
        best_bound=strict,
        quality_bound=quality_bound,
        solver_wall_time_s=wall,
        quality_certificates=tuple(lines),
        quality_floor_caps=tuple(caps),
    )


def _better(problem: AssignmentProblem, a: IntArray, b: IntArray) -> IntArray:
    """The answer with the higher objective (the first one on a tie)."""
    return b if int(problem.pair_gain[b].sum()) > int(problem.pair_gain[a].sum()) else a


def _within(answer: Assignment, gap_limit: float) -> bool:
    return answer.status is SolveStatus.OPTIMAL or (
        answer.placed_gap <= gap_limit and answer.quality_gap <= gap_limit and gap_limit > 0
    )


def _weighted(problem: AssignmentProblem, pairs: IntArray) -> int:
    return int(problem.student_weight[problem.pair_student[pairs]].sum())
