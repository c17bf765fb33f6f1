"""The plan of a constrained component: phases as data, run by one loop within one budget.

``PLAN`` lists the phases in order. Each says to which size class it applies (tiny: up to
``cp_sat_max_pairs`` pairs, small: up to ``mip_max_pairs``, large: more), when it applies
otherwise, and what it costs. ``solve_constrained`` runs them in that order: a phase runs when it
applies and, unless it is ``required`` (the first answer and the bounds come from those), only
while the gap is open and its cost fits what is left of the budget. Every phase draws its work
from the one ``Budget`` (tuning.py); every engine call in it stops on deterministic limits, with
a wall-clock safety net from the budget. The table and the reasons: docs/solver.md.

Bounds: the guide LP's prices certify the placement bound (lp_relax.py), the placement MIP's
dual bound may tighten it; each quality LP adds a certificate line valid at every placement;
the quality MIP adds a floor cap (round_bound.py); CP-SAT's bound is used as it is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Literal

import numpy as np

from matcher.solver.cp_sat import run_cp_sat
from matcher.solver.greedy import greedy_fill
from matcher.solver.lagrangian import lagrangian_search
from matcher.solver.lp_relax import (
    LpSolution,
    QualityCertificate,
    placement_bound,
    quality_certificate,
    solve_lp,
)
from matcher.solver.mips import placement_mip, quality_mip
from matcher.solver.polish import polish
from matcher.solver.problem import AssignmentProblem, IntArray
from matcher.solver.residual import fix_and_solve, residual_work
from matcher.solver.result import (
    CERT_SCALE,
    Assignment,
    SolverLimits,
    SolveStatus,
    make_assignment,
)
from matcher.solver.search import placement_search, quality_search
from matcher.solver.tuning import TUNING, Budget, Tuning

SizeClass = Literal["tiny", "small", "large"]


def size_class(n_pairs: int, tuning: Tuning = TUNING) -> SizeClass:
    """Tiny components get CP-SAT, small ones (and tiny) the whole-component MIPs."""
    if n_pairs <= tuning.cp_sat_max_pairs:
        return "tiny"
    return "small" if n_pairs <= tuning.mip_max_pairs else "large"


@dataclass(slots=True)
class State:
    """What the phases share: the answer so far, its bounds, and the budget."""

    problem: AssignmentProblem
    limits: SolverLimits
    tuning: Tuning
    budget: Budget
    size: SizeClass
    best: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    w_ub: int = 0  # proved placement bound (weighted students)
    certs: list[QualityCertificate] = field(default_factory=list)
    caps: list[tuple[int, int]] = field(default_factory=list)  # floor caps (F, C)
    guide: LpSolution | None = None
    quality_lp: LpSolution | None = None  # the first quality LP (its prices guide the polish)
    last_quality_lp: LpSolution | None = None  # the latest one (tight at the latest placement)
    w_cert: int = 0  # weighted placed at the last quality LP
    other: int | None = None  # a bound proved by CP-SAT
    wall: float = 0.0  # CP-SAT's own wall time
    ran: list[str] = field(default_factory=list)

    @property
    def weighted(self) -> int:
        return _weighted(self.problem, self.best)

    def take(self, pairs: IntArray | None) -> None:
        """Keep ``pairs`` when they are better than the answer so far (a tie keeps it)."""
        if pairs is not None:
            self.best = _better(self.problem, self.best, pairs)

    def answer(self) -> Assignment:
        return _assignment(self, self.best)

    def within(self, pairs: IntArray | None = None) -> bool:
        """Whether the answer (or ``pairs``) is proved within the gap limit."""
        if not self.certs:
            return False
        answer = _assignment(self, self.best if pairs is None else pairs)
        return _within(answer, self.limits.gap_limit)


@dataclass(frozen=True, slots=True)
class Phase:
    """One step of the plan: where it applies, what it costs, what it does."""

    name: str
    sizes: frozenset[SizeClass]
    run: Callable[[State], None]
    cost: Callable[[State], float] = lambda _s: 0.0  # least work it needs to start
    when: Callable[[State], bool] = lambda _s: True
    required: bool = False  # runs whatever the gap and the budget


def _start(s: State) -> None:
    """Guide LP (placement + a little quality): the placement bound and the LP-rounded start."""
    p = s.problem
    weights = p.student_weight[p.pair_student].astype(np.float64)
    s.guide = solve_lp(p, weights + s.tuning.guide_eps * p.pair_quality, budget=s.budget)
    s.w_ub = placement_bound(p, s.guide)
    s.best = _round(p, s.guide.x)
    s.budget.draw(s.budget.lp(p.n_pairs) + 2 * s.budget.flow(p.n_pairs))  # two certifying flows


def _lagrangian(s: State) -> None:
    """A few subgradient rounds pricing the company limits into min-cost flows, repaired."""
    iterations = s.tuning.lagrangian_iterations
    s.take(lagrangian_search(s.problem, iterations=iterations, gap_limit=0.0).pairs)
    s.budget.draw(iterations * s.budget.flow(s.problem.n_pairs))


def _placement_mip(s: State) -> None:
    """The whole small component's placement MIP: usually the proved best placement."""
    work = s.budget.mip(s.problem.n_pairs)
    mip = placement_mip(s.problem, time_limit=s.budget.guard(work), tuning=s.tuning)
    s.budget.draw(work)
    s.w_ub = min(s.w_ub, mip.weighted_bound)
    s.take(mip.pairs)


def _residual(s: State) -> None:
    """Keep the guide LP's fully chosen pairs, place everyone else exactly (residual.py),
    leaving room for the quality LP."""
    assert s.guide is not None
    room = s.budget.part(s.budget.left - s.budget.certificate(s.problem.n_pairs))
    s.take(fix_and_solve(s.problem, s.guide.integral(), budget=room, tuning=s.tuning).pairs)


def _quality_lp(s: State) -> None:
    """Quality LP at the reached placement: a certificate line, and where it wants students."""
    cert, lp = _quality_at(s, s.weighted)
    s.certs.append(cert)
    if s.quality_lp is None:
        s.quality_lp = lp
    s.w_cert = s.weighted


def _relaxation_induced(s: State) -> None:
    """Keep what the answer and the quality LP agree on, re-place everyone else exactly. The
    MIP puts placement first, so this only trades pairs where quality comes without placing
    fewer; on small components it brings back most of what the placement MIP left."""
    assert s.quality_lp is not None
    agree = np.intersect1d(s.best, s.quality_lp.integral())
    s.take(fix_and_solve(s.problem, agree, budget=s.budget, tuning=s.tuning).pairs)
    s.w_cert = s.weighted  # the quality LP runs again only when the search places more


def _late_relaxation_induced(s: State) -> None:
    """The relaxation-induced MIP after the placement search (``_placement_first``), keeping
    room for the quality LP at the placement they reach."""
    assert s.quality_lp is not None
    room = s.budget.part(s.budget.left - s.budget.certificate(s.problem.n_pairs))
    agree = np.intersect1d(s.best, s.quality_lp.integral())
    s.take(fix_and_solve(s.problem, agree, budget=room, tuning=s.tuning).pairs)


def _placement_first(s: State) -> bool:
    """A large component whose placement is not proved, where the relaxation-induced MIP would
    take more than ``rins_share`` of the budget left for it and the placement search: the search
    goes first. It places several weighted students per work second where the MIP, which
    mostly trades pairs for quality, places a few in all (20,000 demo, 152,911 pairs: the
    MIP took 19.3 of 27.7 work s for 6 students and left the search 0.6 s)."""
    if s.size != "large" or s.weighted >= s.w_ub or s.quality_lp is None:
        return False
    agree = np.intersect1d(s.best, s.quality_lp.integral())
    work = residual_work(s.problem, agree, s.budget)
    room = s.budget.left - s.budget.certificate(s.problem.n_pairs)
    return work > s.tuning.rins_share * room


def _quality_mip_next(s: State) -> bool:
    """Placement proved on a small component and the quality MIP fits: the placement search
    could only add quality, which the quality MIP does better."""
    proved = s.size != "large" and s.weighted >= s.w_ub
    return proved and s.budget.fits(s.budget.quality_mip(s.problem.n_pairs))


def _placement_search(s: State) -> None:
    """Pieces of companies re-solved for placement, seeded where the answer falls below the
    guide LP, leaving room for a quality LP."""
    assert s.guide is not None
    room = s.budget.part(s.budget.left - s.budget.certificate(s.problem.n_pairs))
    found = placement_search(
        s.problem,
        s.best,
        s.guide.x,
        budget=room,
        seed=s.limits.seed,
        stop=s.within,
        grow=lambda pairs: _weighted(s.problem, pairs) < s.w_ub,
        tuning=s.tuning,
    )
    s.best = found.pairs


def _quality_lp_again(s: State) -> None:
    """The quality LP at the placement the search reached: a line tight at that placement."""
    s.certs.append(_quality_at(s, s.weighted)[0])
    s.w_cert = s.weighted


def _quality_mip(s: State) -> None:
    """Most quality at the reached placement (small components): an answer and a floor cap."""
    work = s.budget.quality_mip(s.problem.n_pairs)
    floor = s.weighted
    qmip = quality_mip(
        s.problem,
        floor,
        time_limit=s.budget.guard(work),
        rel_gap=s.limits.gap_limit / 4,
        node_limit=s.tuning.quality_node_limit,
        tuning=s.tuning,
    )
    s.budget.draw(work)
    s.take(qmip.pairs)
    if qmip.quality_bound is not None:
        s.caps.append((floor, qmip.quality_bound))


def _quality_search(s: State) -> None:
    """Pieces re-solved for quality while placing no fewer. On a large component whose
    placement is proved the polish does that better, so it keeps ``polish_share`` of the rest."""
    left = s.budget.left
    if s.size == "large" and s.weighted >= s.w_ub:
        left = (1 - s.tuning.polish_share) * left
    room = s.budget.part(left)
    s.best = quality_search(
        s.problem, s.best, budget=room, seed=s.limits.seed, stop=s.within, tuning=s.tuning
    ).pairs


def _polish(s: State) -> None:
    """Kernel MIP, shifts, swaps and group MIPs at the same placed students (polish.py)."""
    assert s.quality_lp is not None
    prices = _prices(s.problem, s.quality_lp)
    s.best = polish(
        s.problem, s.best, budget=s.budget, seed=s.limits.seed, prices=prices, tuning=s.tuning
    )


def _cp_sat(s: State) -> None:
    """CP-SAT from the answer, on deterministic time: its answer and its bound."""
    limit = min(s.budget.left, s.tuning.cp_sat_share * s.budget.total)
    run = run_cp_sat(s.problem, limits=replace(s.limits, time_limit_s=limit), hint=s.best)
    s.wall = run.wall_time_s
    s.budget.draw(run.deterministic_time)
    s.take(run.assignment.pairs)
    s.other = run.assignment.best_bound


ALL: frozenset[SizeClass] = frozenset({"tiny", "small", "large"})
SMALL: frozenset[SizeClass] = frozenset({"tiny", "small"})

PLAN: tuple[Phase, ...] = (
    Phase("guide LP", ALL, _start, required=True),
    Phase("Lagrangian start", ALL, _lagrangian, required=True),
    Phase("placement MIP", SMALL, _placement_mip, cost=lambda s: s.budget.mip(s.problem.n_pairs)),
    Phase("residual MIP", frozenset({"large"}), _residual),
    Phase("quality LP", ALL, _quality_lp, required=True),
    Phase(
        "relaxation-induced MIP",
        ALL,
        _relaxation_induced,
        when=lambda s: _lp_ok(s) and not _placement_first(s),
    ),
    Phase("placement search", ALL, _placement_search, when=lambda s: not _quality_mip_next(s)),
    Phase(
        "relaxation-induced MIP after the search",
        frozenset({"large"}),
        _late_relaxation_induced,
        when=lambda s: _lp_ok(s) and "relaxation-induced MIP" not in s.ran,
    ),
    Phase(
        "quality LP again",
        ALL,
        _quality_lp_again,
        cost=lambda s: s.budget.certificate(s.problem.n_pairs),
        when=lambda s: s.weighted > s.w_cert,
    ),
    Phase(
        "quality MIP", SMALL, _quality_mip, cost=lambda s: s.budget.quality_mip(s.problem.n_pairs)
    ),
    Phase(
        "quality search",
        frozenset({"small", "large"}),
        _quality_search,
        when=lambda s: "quality MIP" not in s.ran,
    ),
    Phase("polish", frozenset({"large"}), _polish),
    Phase("CP-SAT", frozenset({"tiny"}), _cp_sat),
)


@dataclass(frozen=True, slots=True)
class PlanRun:
    """The answer, CP-SAT's own wall time (0.0 if it did not run), the work spent, the work
    per phase that ran, and the guide and latest quality LP (their prices certify the answer
    on more pairs: regions.certify)."""

    assignment: Assignment
    wall_time_s: float
    work: float
    phases: tuple[tuple[str, float], ...]
    guide: LpSolution | None = None
    quality_lp: LpSolution | None = None

    @property
    def deterministic_time(self) -> float:
        """The work spent (the name matcher.solver.solve_component reads)."""
        return self.work


Observer = Callable[[str, float], None]


def solve_constrained(
    problem: AssignmentProblem,
    *,
    limits: SolverLimits,
    tuning: Tuning = TUNING,
    plan: tuple[Phase, ...] = PLAN,
    observe: Observer | None = None,
) -> PlanRun:
    """Best answer within ``limits.time_limit_s`` work seconds, with proved bounds.

    ``observe(name, work)`` is called after each phase that ran (benchmarks time the phases).
    """
    budget = Budget(limits.time_limit_s, tuning.rates)
    s = State(problem, limits, tuning, budget, size_class(problem.n_pairs, tuning))
    log: list[tuple[str, float]] = []
    for phase in plan:
        if s.size not in phase.sizes or not phase.when(s):
            continue
        if not phase.required and (
            budget.left <= 0 or not budget.fits(phase.cost(s)) or s.within()
        ):
            continue
        before = budget.spent
        phase.run(s)
        s.ran.append(phase.name)
        log.append((phase.name, budget.spent - before))
        if observe is not None:
            observe(phase.name, budget.spent - before)
    return PlanRun(s.answer(), s.wall, budget.spent, tuple(log), s.guide, s.last_quality_lp)


def full_work(n_pairs: int, tuning: Tuning = TUNING) -> float:
    """Work seconds a small component needs for its whole plan (at most: the quality LP twice,
    the relaxation-induced MIP on all pairs): what shares.py gives it first."""
    budget = Budget(0.0, tuning.rates)
    mips = 2 * budget.mip(n_pairs) + tuning.rates.residual_s  # placement MIP, relaxation-induced
    start = budget.start(n_pairs, tuning.lagrangian_iterations)
    return start + mips + 2 * budget.certificate(n_pairs) + budget.quality_mip(n_pairs)


def _lp_ok(s: State) -> bool:
    return s.quality_lp is not None and s.quality_lp.ok


def _quality_at(s: State, min_weighted: int) -> tuple[QualityCertificate, LpSolution]:
    """The quality LP at a placement floor and its certificate (valid at every floor)."""
    p = s.problem
    lp = solve_lp(p, p.pair_quality.astype(np.float64), min_weighted=min_weighted, budget=s.budget)
    s.budget.draw(s.budget.certificate(p.n_pairs))
    s.last_quality_lp = lp
    return quality_certificate(p, lp), lp


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


def _assignment(s: State, pairs: IntArray) -> Assignment:
    """Answer with the certified bounds: the certificate lines, the floor caps (F, C): quality
    <= C for answers placing at least F, and a strict bound proved by CP-SAT."""
    problem, other, caps = s.problem, s.other, s.caps
    weighted, big = _weighted(problem, pairs), problem.big
    w_ub = max(s.w_ub, weighted)
    at_w = [c for f, c in caps if f <= weighted]
    at_ub = [c for f, c in caps if f <= w_ub]
    quality_bound = min(min(c.at(weighted) for c in s.certs), big - 1, *at_w)
    strict = w_ub * big + min(min(c.at(w_ub) for c in s.certs), big - 1, *at_ub)
    if other is not None:
        strict = min(strict, other)
        if other // big == weighted:
            quality_bound = min(quality_bound, other - weighted * big)
    reached = int(problem.pair_gain[pairs].sum()) >= strict
    lines = [(c.value, c.placed_price) for c in s.certs]
    if other is not None:  # quality + big * W <= other
        lines.append((other * CERT_SCALE, big * CERT_SCALE))
    return make_assignment(
        problem,
        pairs,
        status=SolveStatus.OPTIMAL if reached else SolveStatus.FEASIBLE,
        best_bound=strict,
        quality_bound=quality_bound,
        solver_wall_time_s=s.wall,
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
