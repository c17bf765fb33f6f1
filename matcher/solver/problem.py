"""The abstract assignment problem: students, places with capacities, companies with budgets.

Everything is index-based numpy arrays for scale; ``*_ids`` tuples map indices back to domain ids.

Objective (lexicographic, exact). Each candidate pair has an integer gain::

    gain = weight[student] * big + quality
    quality = round(score * SCORE_SCALE), in [0, SCORE_SCALE]
    big  = 1 + sum over students of their best pair quality

Any feasible solution has total quality Q with 0 <= Q <= big - 1. So if solution A places more
weighted students than B (W_A >= W_B + 1), then gain_A - gain_B >= big - (Q_B - Q_A) >= 1:
maximising the summed gain first maximises W and only then Q, with no floating-point ties.
``big`` is computed per problem (so per component), which keeps coefficients small.

Guidance hours are kept in integer tenths (HOURS_SCALE): budgets and needs are rounded once,
here, and every backend and check uses the same integers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from matcher.solver.validation import BAD, check_locks, check_shapes
from matcher.solver.validation import NO_LIMIT as NO_LIMIT  # re-exported for the solvers

SCORE_SCALE = 1000  # quality resolution: scores count to 0.001
HOURS_SCALE = 10  # guidance hours in tenths (6 minutes)

IntArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]


@dataclass(frozen=True, eq=False)
class AssignmentProblem:
    """Students, places and companies by index, and the candidate pairs that may be chosen."""

    student_ids: tuple[str, ...]
    place_ids: tuple[str, ...]
    company_ids: tuple[str, ...]
    student_weight: IntArray  # >= 1: how much placing this student counts
    student_needs_support: BoolArray
    place_capacity: IntArray
    place_company: IntArray  # company index per place
    company_budget: IntArray  # guidance tenths per week, NO_LIMIT = unlimited
    company_max_support: IntArray  # students needing support at once, NO_LIMIT = unlimited
    pair_student: IntArray
    pair_place: IntArray
    pair_score: FloatArray  # 0..1
    pair_guidance: IntArray  # the student's guidance need in tenths of hours
    pair_origin: IntArray  # index of the pair in the arrays given to build_problem
    locked: IntArray  # sorted pair indices that must be chosen

    @property
    def n_pairs(self) -> int:
        """Number of candidate pairs."""
        return int(self.pair_student.size)

    @cached_property
    def pair_company(self) -> IntArray:
        """Company index of each pair's place."""
        return self.place_company[self.pair_place]

    @cached_property
    def pair_quality(self) -> IntArray:
        """Integer match quality of each pair: round(score * SCORE_SCALE)."""
        return np.rint(self.pair_score * SCORE_SCALE).astype(np.int64)

    @cached_property
    def big(self) -> int:
        """Weight of one placed student in the objective; larger than any quality total."""
        best = np.zeros(len(self.student_ids), dtype=np.int64)
        np.maximum.at(best, self.pair_student, self.pair_quality)
        return int(best.sum()) + 1

    @cached_property
    def pair_gain(self) -> IntArray:
        """Integer objective gain of each pair (see the module docstring)."""
        return self.student_weight[self.pair_student] * self.big + self.pair_quality

    @cached_property
    def pair_support(self) -> BoolArray:
        """Whether each pair's student counts towards max_support."""
        return self.student_needs_support[self.pair_student]


def build_problem(
    *,
    student_ids: Sequence[str],
    place_ids: Sequence[str],
    company_ids: Sequence[str],
    place_capacity: ArrayLike,
    place_company: ArrayLike,
    pair_student: ArrayLike,
    pair_place: ArrayLike,
    pair_score: ArrayLike,
    student_weight: ArrayLike | None = None,
    student_needs_support: ArrayLike | None = None,
    company_guidance_budget: Sequence[float | None] | None = None,
    company_max_support: Sequence[int | None] | None = None,
    pair_guidance_hours: ArrayLike | None = None,
    locks: Sequence[int] = (),
    vetoes: Sequence[int] = (),
    min_score: float = 0.0,
) -> AssignmentProblem:
    """Validate the input and build a problem; vetoed and low-score (unlocked) pairs are dropped.

    ``locks`` and ``vetoes`` are indices into the pair arrays given here. Raises InvalidInputError
    for malformed input and RuleViolationError for locks that cannot all hold together.
    """
    n_s, n_c, n_pairs = len(student_ids), len(company_ids), np.asarray(pair_student).size
    arrays: dict[str, np.ndarray] = {
        "student_weight": _ints(student_weight, n_s, 1),
        "student_needs_support": _bools(student_needs_support, n_s),
        "place_capacity": _ints(place_capacity, len(place_ids), 0),
        "place_company": _ints(place_company, len(place_ids), 0),
        "pair_student": _ints(pair_student, n_pairs, 0),
        "pair_place": _ints(pair_place, n_pairs, 0),
        "pair_score": np.asarray(pair_score, dtype=np.float64).reshape(-1),
        "pair_guidance": _tenths(pair_guidance_hours, n_pairs),
        "company_budget": _limits(
            [_opt_tenths(b) for b in company_guidance_budget or [None] * n_c]
        ),
        "company_max_support": _limits(
            [None if v is None else _whole(v) for v in company_max_support or [None] * n_c]
        ),
    }
    lock_arr, veto_arr = _ints(locks, len(locks), 0), _ints(vetoes, len(vetoes), 0)
    ids = {"student_ids": student_ids, "place_ids": place_ids, "company_ids": company_ids}
    check_shapes(ids, arrays, lock_arr, veto_arr)
    keep = arrays["pair_score"] >= min_score
    keep[lock_arr] = True
    keep[veto_arr] = False
    check_locks(ids, arrays, lock_arr, veto_arr)
    origin = np.flatnonzero(keep).astype(np.int64)
    new_index = np.cumsum(keep) - 1
    pair_keys = ("pair_student", "pair_place", "pair_score", "pair_guidance")
    return AssignmentProblem(
        student_ids=tuple(student_ids),
        place_ids=tuple(place_ids),
        company_ids=tuple(company_ids),
        **{k: _frozen(v[keep] if k in pair_keys else v) for k, v in arrays.items()},
        pair_origin=_frozen(origin),
        locked=_frozen(np.sort(new_index[lock_arr]).astype(np.int64)),
    )


def binding_companies(problem: AssignmentProblem) -> BoolArray:
    """Per company: could its guidance budget or max_support be exceeded by the candidate pairs?

    Upper bound of a company's load: each student counts once (with their largest need there),
    and at most as many students as the company's places hold in total.
    """
    n_c = len(problem.company_ids)
    company_cap = np.bincount(problem.place_company, problem.place_capacity, minlength=n_c)
    comp, stud = problem.pair_company, problem.pair_student
    order = np.lexsort((-problem.pair_guidance, stud, comp))
    first = np.ones(order.size, dtype=bool)
    first[1:] = (comp[order][1:] != comp[order][:-1]) | (stud[order][1:] != stud[order][:-1])
    uniq = order[first]  # one pair per (company, student): the one with the largest need
    by_need = uniq[np.lexsort((-problem.pair_guidance[uniq], comp[uniq]))]
    c_sorted = comp[by_need]
    starts = np.searchsorted(c_sorted, np.arange(n_c))
    rank = np.arange(by_need.size) - starts[c_sorted]
    top = by_need[rank < company_cap[c_sorted]]
    max_load = np.bincount(comp[top], problem.pair_guidance[top], minlength=n_c)
    max_support = np.minimum(
        np.bincount(comp[uniq], problem.pair_support[uniq], minlength=n_c), company_cap
    )
    budget, support = problem.company_budget, problem.company_max_support
    out: BoolArray = ((budget != NO_LIMIT) & (max_load > budget)) | (
        (support != NO_LIMIT) & (max_support > support)
    )
    return out


def has_side_constraints(problem: AssignmentProblem) -> bool:
    """True when any company's guidance budget or max_support could bind."""
    return bool(binding_companies(problem).any())


def _frozen(a: np.ndarray) -> Any:
    a = np.ascontiguousarray(a)
    a.setflags(write=False)
    return a


def _ints(values: ArrayLike | None, n: int, default: int) -> IntArray:
    if values is None:
        return np.full(n, default, dtype=np.int64)
    arr = np.asarray(values).reshape(-1)
    if arr.size and not np.issubdtype(arr.dtype, np.integer):
        as_float = arr.astype(np.float64)
        if not np.all(np.isfinite(as_float)) or np.any(as_float != np.round(as_float)):
            return np.full(arr.size, BAD, dtype=np.int64)  # flagged by check_shapes
    return arr.astype(np.int64)


def _bools(values: ArrayLike | None, n: int) -> BoolArray:
    if values is None:
        return np.zeros(n, dtype=bool)
    return np.asarray(values, dtype=bool).reshape(-1)


def _tenths(hours: ArrayLike | None, n: int) -> IntArray:
    if hours is None:
        return np.zeros(n, dtype=np.int64)
    arr = np.asarray(hours, dtype=np.float64).reshape(-1)
    arr = np.where(np.isfinite(arr), arr, -1.0)  # NaN/inf: flagged as negative by check_shapes
    return np.rint(arr * HOURS_SCALE).astype(np.int64)


def _opt_tenths(hours: float | None) -> int | None:
    if hours is None:
        return None
    return round(hours * HOURS_SCALE) if np.isfinite(hours) else BAD


def _whole(value: float) -> int:
    return int(value) if np.isfinite(value) and value == int(value) else BAD


def _limits(values: Sequence[int | None]) -> IntArray:
    return np.array(
        [NO_LIMIT if v is None else (v if v >= 0 else BAD) for v in values], dtype=np.int64
    )
