"""The solver's engines, one small function each, and none without a limit.

Every HiGHS MIP (``milp``), HiGHS LP (``linprog``) and CP-SAT solve of the solver goes through
this module. Each function takes a time limit (wall seconds); it is a safety net only. The
solves stop on their deterministic limits first (HiGHS: node limit and gap; CP-SAT:
deterministic time), so equal input gives equal output whatever the machine load; hitting the
wall-clock guard would break that, which is why the guards sit far above the work the budget
expects (``tuning.Budget.guard``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from ortools.sat.python import cp_model
from scipy.optimize import Bounds, LinearConstraint, OptimizeResult, linprog, milp
from scipy.sparse import csr_matrix

from matcher.solver.problem import FloatArray
from matcher.solver.tuning import TUNING


@dataclass(frozen=True, slots=True)
class MipResult:
    """A binary MIP's answer (None when HiGHS found none) and its dual bound (None: none)."""

    x: FloatArray | None
    dual_bound: float | None


def highs_mip(
    objective: FloatArray,
    rows: csr_matrix,
    upper: FloatArray,
    lower_x: FloatArray,
    *,
    time_limit: float,
    node_limit: int,
    mip_rel_gap: float | None = None,
    lower: FloatArray | None = None,
) -> MipResult:
    """Minimise ``objective`` over binary x with ``lower <= rows @ x <= upper`` (no lower bound
    by default) and x >= ``lower_x``."""
    options: dict[str, Any] = {"time_limit": time_limit, "disp": False}
    if mip_rel_gap is not None:
        options["mip_rel_gap"] = mip_rel_gap
    options["node_limit"] = node_limit
    n = objective.size
    result = milp(
        objective,
        constraints=LinearConstraint(rows, -np.inf if lower is None else lower, upper),
        integrality=np.ones(n),
        bounds=Bounds(lower_x, np.ones(n)),
        options=options,
    )
    bound = getattr(result, "mip_dual_bound", None)
    dual = float(bound) if bound is not None and np.isfinite(bound) else None
    x = None if result.x is None else np.asarray(result.x, dtype=np.float64)
    return MipResult(x, dual)


def highs_lp(
    objective: FloatArray,
    rows: csr_matrix,
    upper: FloatArray,
    bounds: FloatArray,
    *,
    time_limit: float,
) -> OptimizeResult:
    """Minimise ``objective`` with ``rows @ x <= upper`` and ``bounds`` per x (dual simplex)."""
    return linprog(
        objective,
        A_ub=rows,
        b_ub=upper,
        bounds=bounds,
        method="highs-ds",
        options={"time_limit": time_limit},
    )


def cp_sat_solve(
    model: cp_model.CpModel,
    *,
    time_limit: float,
    seed: int,
    workers: int,
    deterministic: bool,
    absolute_gap: float,
) -> tuple[cp_model.CpSolver, cp_model.CpSolverStatus]:
    """Solve with CP-SAT: the solver (it holds the response) and the status code.

    With ``deterministic`` the workers interleave and stop on ``time_limit`` as deterministic
    time, with the same wall-clock safety net as every engine call (``Rates.guard``: 60 s plus
    20x; hitting it would break determinism, which a net of 10x did under load on tiny
    components)."""
    solver = cp_model.CpSolver()
    params = solver.parameters
    params.random_seed = seed
    params.num_workers = max(1, workers)
    if deterministic:
        params.interleave_search = True
        params.max_deterministic_time = max(time_limit, 0.01)
        params.max_time_in_seconds = TUNING.rates.guard(time_limit)
    else:
        params.max_time_in_seconds = max(time_limit, 0.01)
    params.absolute_gap_limit = absolute_gap
    code = solver.solve(model)
    return solver, code
