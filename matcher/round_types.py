"""The types the stages of a round pass on: policy, decisions, scored and prepared round.

They live apart from the stages so that every stage module can import them without a cycle.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property

import numpy as np
from numpy.typing import NDArray

from matcher.candidates import CandidatePairs, PlaceIndex
from matcher.domain import PlaceId, Population, StudentId
from matcher.eligibility import RuleResult
from matcher.policy import ScoringPolicy
from matcher.scoring.terms import PairScores
from matcher.solver import AssignmentProblem, SolverLimits
from matcher.tables import PlaceTable, StudentTable

Pair = tuple[StudentId, PlaceId]


@dataclass(frozen=True, slots=True)
class RoundPolicy:
    """What a bureau can set for a round: weights, priorities, limits."""

    scoring: ScoringPolicy = field(default_factory=ScoringPolicy)
    # Placing a student flagged as priority counts this many times (hard to place, H:1205-1207).
    priority_weight: int = 3
    # Niveau 1-2 students "belanden vaak onderop de stapel" (H:1363-1365): they count double.
    low_niveau_weight: int = 2
    min_score: float = 0.0  # pairs below this are not proposed (locked pairs always stay)
    use_guidance_budget: bool = True  # company begeleidingstijd shared by its students
    use_max_support: bool = True  # company's max number of students with extra support
    strict_personal_day_max: bool = False  # see eligibility.schedule
    # Spread students with heavy support needs over companies instead of stacking them on the
    # few inclusive ones (H:1488: "Voorkom dat een leerbedrijf door een slechte ervaring
    # afhaakt"): each other heavy-support student at the same company costs this much score.
    # 0,05 is half the gap between two preference ranks (preference_step 0,1): it moves a
    # student to a place that fits almost as well, never to a clearly worse one, and it never
    # costs a placement (matcher/solver/spread.py). 0 turns it off.
    support_spread_penalty: float = 0.05
    # Stop once the answer is proved within 1 % of the best (placement and quality): people
    # review every proposal anyway, and the last 1 % can cost minutes on large rounds.
    limits: SolverLimits = field(default_factory=lambda: SolverLimits(gap_limit=0.01))

    def with_limits(self, *, time_limit_s: float, workers: int) -> RoundPolicy:
        """This policy with the solver's time limit and number of search workers set."""
        limits = replace(self.limits, time_limit_s=time_limit_s, num_workers=workers)
        return replace(self, limits=limits)


@dataclass(frozen=True, slots=True)
class Decisions:
    """What people decided before this run: pairs that must stay, pairs that may never return."""

    locks: frozenset[Pair] = frozenset()
    vetoes: frozenset[Pair] = frozenset()
    # Of the vetoes: places the student already tried (a re-match); explained as such.
    tried: frozenset[Pair] = frozenset()


@dataclass(frozen=True, eq=False)
class ScoredRound:
    """Eligible candidate pairs with their scores: everything up to the solver."""

    population: Population
    on: date
    students: StudentTable
    places: PlaceTable
    index: PlaceIndex
    pairs: CandidatePairs  # eligible pairs only
    rules: RuleResult  # evaluated on ``pairs`` (all eligible), for the arrange flags
    scores: PairScores
    final_score: NDArray[np.float64]  # rule score, blended with the learned model if any
    model_weight: float  # 0.0 when no model was used
    n_candidates: int  # pairs within reach before the hard rules

    @cached_property
    def student_ids(self) -> tuple[StudentId, ...]:
        """Student id per table row."""
        return tuple(s.student_id for s in self.students.students)

    @cached_property
    def place_ids(self) -> tuple[PlaceId, ...]:
        """Place id per table row."""
        return tuple(p.place_id for p in self.places.places)

    @cached_property
    def student_index(self) -> dict[StudentId, int]:
        """Table row per student id."""
        return {sid: i for i, sid in enumerate(self.student_ids)}


@dataclass(frozen=True, eq=False)
class PreparedRound:
    """A round ready for the solver: the scored pairs, the problem and what shaped it."""

    scored: ScoredRound
    problem: AssignmentProblem
    policy: RoundPolicy
    decisions: Decisions
