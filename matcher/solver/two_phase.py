"""Former name of the constrained solve, kept for matcher/solver/__init__.py: see plan.py."""

from __future__ import annotations

from matcher.solver.plan import PlanRun as TwoPhaseRun
from matcher.solver.plan import solve_constrained as solve_two_phase

__all__ = ["TwoPhaseRun", "solve_two_phase"]
