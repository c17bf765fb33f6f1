"""Every tuned knob of the constrained solver in one frozen object, and the budget they feed.

``Tuning`` holds the size classes, shares, gap and node limits, neighbourhood sizes and (in
``Rates``) the work rates: how many work seconds a phase costs for the sizes it handles.
``Budget`` is the one account of work seconds that every phase draws from (plan.py); it holds
the rates, so a phase asks it what a step costs, whether that fits, and how long the
wall-clock safety net of an engine call is. Work does not depend on machine load, so equal
input gives equal output; the rates are calibrated so that wall time follows work
(docs/solver.md, "The budget").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from matcher.solver.problem import SCORE_SCALE


@dataclass(frozen=True, slots=True)
class Rates:
    """Work rates: work seconds = fixed part + size / rate (measured, docs/benchmarks.md)."""

    lp_pairs_per_s: float = 20_000.0  # one HiGHS LP (150,000 pairs: 7-8 s; GAP e801600,
    # 128,000 pairs: 6.6-12.8 s at load 7.5-9.6. At 16,000 the 5,000 demo placed 8,310, not 8,314)
    flow_pairs_per_s: float = 800_000.0  # one min-cost flow (150,000 pairs: 0.17 s)
    mip_pairs_per_s: float = 1_400.0  # placement MIP, residual MIP, placement-search pieces
    residual_s: float = 0.0  # fixed work of a residual MIP (0.3: 20,000 demo placed 34,455)
    quality_mip_pairs_per_s: float = 600.0  # whole-component quality MIP (1,900-9,700 pairs)
    quality_piece_pairs_per_s: float = 1_000.0  # quality-search pieces (GAP: 3,700-4,700
    # pairs/s, but with 3,000 the 5,000 demo round took 372 s wall for 300 work s)
    shift_pairs_per_s: float = 20_000_000.0  # polish: one best-shift scan over all pairs
    swap_student_s: float = 1.2e-4  # polish: fixed work per student of a swap sweep
    swap_pairs_per_s: float = 5_000_000.0  # polish: candidate partners scanned
    group_mip_s: float = 0.1  # polish: fixed work per group MIP (HiGHS set-up)
    group_pairs_per_s: float = 300.0  # polish: group MIP root node (GAP d201600: 250-370
    # pairs/s, e801600: 600-900; it was 1,000 and d201600 ran 1.7x over its budget)
    kernel_mip_s: float = 0.5  # polish: fixed work of the kernel MIP
    kernel_pairs_per_s: float = 250.0  # polish: kernel MIP root node
    guard_s: float = 60.0  # fixed part of every engine's wall-clock safety net
    guard_factor: float = 20.0  # the safety net allows this many times the expected work

    def guard(self, work: float) -> float:
        """Wall-clock safety net (s) of an engine call expected to take ``work`` seconds."""
        return self.guard_s + self.guard_factor * max(work, 0.0)


@dataclass(frozen=True, slots=True)
class Tuning:
    """Every knob of the plan (plan.py) and its phases."""

    rates: Rates = field(default_factory=Rates)
    # size classes (pairs): tiny get CP-SAT, small (and tiny) whole-component MIPs
    cp_sat_max_pairs: int = 1_000
    mip_max_pairs: int = 10_000
    # shares of a budget
    cp_sat_share: float = 0.25  # of the component's budget at most for CP-SAT
    polish_share: float = 0.7  # of what is left after placement, when placement is proved
    rins_share: float = 0.5  # of the budget left for the relaxation-induced MIP and the
    # placement search at most for the MIP to go first (large, placement not proved)
    small_share_max: float = 0.3  # of a mixed round's limit for its small components
    min_share_s: float = 0.05  # least share of any component
    # objectives: quality next to one weighted student
    guide_eps: float = 0.01 / SCORE_SCALE  # guide LP: breaks the pure placement LP's ties
    mip_eps: float = 0.1 / SCORE_SCALE  # placement MIPs (pieces, residual)
    # MIP limits (deterministic: nodes and gaps, never wall time)
    placement_node_limit: int = 50  # placement MIP of a small component
    quality_node_limit: int = 200  # quality MIP of a small component
    quality_mip_gap: float = 0.001
    piece_node_limit: int = 1  # placement-search pieces and residual parts: root node
    piece_gap: float = 0.01
    quality_piece_node_limit: int = 50
    # neighbourhoods
    piece_pairs: int = 1_500  # placement search
    max_piece_pairs: int = 6_000  # placement search: pieces double up to this after a pass
    # that found nothing while the placement gap is open
    quality_piece_pairs: int = 3_000  # quality search
    min_loss: float = 0.25  # placement-search pieces losing less than this vs the LP are skipped
    lagrangian_iterations: int = 10  # warm start of the start phase
    # polish
    kernel_candidates: int = 2  # pairs per student in the kernel MIP
    group_candidates: int = 4  # pairs per student in a group MIP
    group_companies: int = 16
    group_pairs: int = 700  # a group stops growing here (1,200: 4 s a MIP on d201600)
    idle_rounds: int = 10  # rounds of group MIPs without a gain before the polish stops


TUNING = Tuning()


class Budget:
    """Work seconds that phases draw from; a part of it draws from its parent too."""

    def __init__(
        self, total: float, rates: Rates | None = None, *, parent: Budget | None = None
    ) -> None:
        self.total = total
        default = parent.rates if parent is not None else TUNING.rates
        self.rates: Rates = rates if rates is not None else default
        self.spent = 0.0
        self._parent = parent

    @property
    def left(self) -> float:
        """Work seconds not yet drawn (negative after an overrun)."""
        return self.total - self.spent

    def fits(self, work: float) -> bool:
        """Whether ``work`` more seconds stay within the budget."""
        return self.spent + work <= self.total

    def draw(self, work: float) -> None:
        """Count ``work`` seconds as spent, here and in every parent."""
        self.spent += work
        if self._parent is not None:
            self._parent.draw(work)

    def part(self, total: float) -> Budget:
        """A budget of ``total`` seconds whose draws count here too."""
        return Budget(total, parent=self)

    def guard(self, work: float) -> float:
        """Wall-clock safety net (s) of an engine call expected to take ``work`` seconds."""
        return self.rates.guard(work)

    # work estimates of the plan's steps
    def lp(self, n_pairs: int) -> float:
        """One HiGHS LP."""
        return n_pairs / self.rates.lp_pairs_per_s

    def flow(self, n_pairs: int) -> float:
        """One min-cost flow."""
        return n_pairs / self.rates.flow_pairs_per_s

    def mip(self, n_pairs: int) -> float:
        """A node-limited placement MIP (whole small component, residual, piece)."""
        return n_pairs / self.rates.mip_pairs_per_s

    def quality_mip(self, n_pairs: int) -> float:
        """The quality MIP of a small component."""
        return n_pairs / self.rates.quality_mip_pairs_per_s

    def certificate(self, n_pairs: int) -> float:
        """One quality LP and the flow that certifies its prices."""
        return self.lp(n_pairs) + self.flow(n_pairs)

    def start(self, n_pairs: int, lagrangian_iterations: int) -> float:
        """Guide LP, its two certifying flows and the Lagrangian warm start's flows."""
        return self.lp(n_pairs) + (2 + lagrangian_iterations) * self.flow(n_pairs)
