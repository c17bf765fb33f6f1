"""A whole match round: population -> candidates -> hard rules -> scores -> solver -> proposals.

Pure and deterministic: the date, the travel provider, the policy, people's decisions (locks
and vetoes) and an optional learned model are passed in. Only composition lives here; every
stage has its own module.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

import numpy as np
from numpy.typing import NDArray

from matcher.candidates import CandidatePairs, PlaceIndex, candidate_pairs
from matcher.domain import Niveau, PlaceId, Population, Proposal, StudentId
from matcher.eligibility import RULES_BY_NAME, RuleResult, evaluate_rules
from matcher.errors import RuleViolationError
from matcher.features import pair_features
from matcher.policy import ScoringPolicy
from matcher.proposals import make_proposals
from matcher.scoring.learned import SuccessModel, blend
from matcher.scoring.terms import PairScores, score_pairs
from matcher.solver import (
    Assignment,
    AssignmentProblem,
    MapFn,
    SolverLimits,
    build_problem,
    solve,
)
from matcher.summary import RoundSummary, summarize
from matcher.tables import PlaceTable, StudentTable
from matcher.travel import TravelTimeProvider
from matcher.unplaced import Diagnosis, diagnose_unplaced

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
    # Stop once the answer is proved within 1 % of the best (placement and quality): people
    # review every proposal anyway, and the last 1 % can cost minutes on large rounds.
    limits: SolverLimits = field(default_factory=lambda: SolverLimits(gap_limit=0.01))


@dataclass(frozen=True, slots=True)
class Decisions:
    """What people decided before this run: pairs that must stay, pairs that may never return."""

    locks: frozenset[Pair] = frozenset()
    vetoes: frozenset[Pair] = frozenset()


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
class RoundResult:
    """The proposals of a round with the solver's figures and a summary for people."""

    proposals: tuple[Proposal, ...]
    assignment: Assignment
    problem: AssignmentProblem
    scored: ScoredRound
    diagnoses: dict[StudentId, Diagnosis]
    summary: RoundSummary


def score_round(
    population: Population,
    *,
    on: date,
    travel: TravelTimeProvider,
    policy: RoundPolicy | None = None,
    model: SuccessModel | None = None,
) -> ScoredRound:
    """Candidates within reach, the hard rules, and the scores of every eligible pair."""
    policy = policy or RoundPolicy()
    students = StudentTable.from_students(population.students)
    places = PlaceTable.from_population(population)
    index = PlaceIndex.build(places)
    reach = candidate_pairs(students, places, travel=travel, index=index)
    rules = evaluate_rules(
        students, places, reach.s_idx, reach.p_idx, on=on, travel=travel,
        travel_min=reach.travel_min, strict_personal_day_max=policy.strict_personal_day_max,
    )  # fmt: skip
    pairs = reach.subset(rules.eligible)
    kept = _subset_rules(rules, rules.eligible)
    scores = score_pairs(students, places, pairs, policy=policy.scoring)
    final, weight = scores.total, 0.0
    if model is not None and model.blend > 0.0 and len(pairs):
        features, _ = pair_features(
            students, places, pairs, on=on, policy=policy.scoring, scores=scores
        )
        weight = model.blend
        final = blend(scores.total, model.predict(features), weight=weight)
    return ScoredRound(
        population, on, students, places, index, pairs, kept, scores,
        np.asarray(final, dtype=np.float64), weight, len(reach),
    )  # fmt: skip


def _subset_rules(rules: RuleResult, mask: NDArray[np.bool_]) -> RuleResult:
    return RuleResult(
        masks={k: v[mask] for k, v in rules.masks.items()},
        eligible=rules.eligible[mask],
        arrange={k: v[mask] for k, v in rules.arrange.items()},
        vog_unknown=rules.vog_unknown[mask],
        night_work_review=rules.night_work_review[mask],
    )


def student_weights(scored: ScoredRound, policy: RoundPolicy) -> NDArray[np.int64]:
    """How much placing each student counts: priority and niveau 1-2 weigh more."""
    weights = np.ones(len(scored.students), dtype=np.int64)
    for i, student in enumerate(scored.population.students):
        if student.priority:
            weights[i] *= policy.priority_weight
        if student.niveau <= Niveau.BASIS:
            weights[i] *= policy.low_niveau_weight
    return weights


def _pair_positions(scored: ScoredRound, wanted: frozenset[Pair]) -> dict[Pair, int]:
    """Positions in ``scored.pairs`` of the wanted (student, place) pairs that are eligible."""
    if not wanted:
        return {}
    sid, pid = scored.student_ids, scored.place_ids
    out: dict[Pair, int] = {}
    for i, (s, p) in enumerate(
        zip(scored.pairs.s_idx.tolist(), scored.pairs.p_idx.tolist(), strict=True)
    ):
        key = (StudentId(sid[s]), PlaceId(pid[p]))
        if key in wanted:
            out[key] = i
    return out


def check_locks(scored: ScoredRound, locks: frozenset[Pair], *, travel: TravelTimeProvider) -> None:
    """Raise a RuleViolationError (in Dutch) when a locked pair breaks a hard rule or is unknown."""
    found = _pair_positions(scored, locks)
    for student_id, place_id in sorted(locks - found.keys()):
        if student_id not in scored.student_index or place_id not in scored.places.index:
            raise RuleViolationError(
                f"Vastgezet: student {student_id} of plek {place_id} bestaat niet (meer).",
                student_id=student_id, place_id=place_id,
            )  # fmt: skip
        s = np.array([scored.student_index[student_id]], dtype=np.int64)
        p = np.array([scored.places.index[place_id]], dtype=np.int64)
        result = evaluate_rules(scored.students, scored.places, s, p, on=scored.on, travel=travel)
        labels = [RULES_BY_NAME[name].label for name in result.failed_rules(0)]
        raise RuleViolationError(
            f"Plek {place_id} past niet bij student {student_id}: {', '.join(labels)}. "
            "Kies een andere plek of pas eerst de gegevens aan.",
            student_id=student_id, place_id=place_id, rules=result.failed_rules(0),
        )  # fmt: skip


def build_round_problem(
    scored: ScoredRound, *, policy: RoundPolicy, decisions: Decisions
) -> AssignmentProblem:
    """The solver's problem from the scored pairs, with people's locks and vetoes applied."""
    population, places = scored.population, scored.places
    companies = places.companies
    locks = _pair_positions(scored, decisions.locks)
    vetoes = _pair_positions(scored, decisions.vetoes)
    return build_problem(
        student_ids=scored.student_ids,
        place_ids=scored.place_ids,
        company_ids=tuple(c.company_id for c in companies),
        place_capacity=places.capacity,
        place_company=places.company_idx,
        pair_student=scored.pairs.s_idx,
        pair_place=scored.pairs.p_idx,
        pair_score=scored.final_score,
        student_weight=student_weights(scored, policy),
        student_needs_support=[s.needs_extra_support for s in population.students],
        company_guidance_budget=[
            c.guidance_hours_per_week if policy.use_guidance_budget else None for c in companies
        ],
        company_max_support=[
            c.max_support_students if policy.use_max_support else None for c in companies
        ],
        pair_guidance_hours=scored.students.guidance_hours[scored.pairs.s_idx],
        locks=sorted(locks.values()),
        vetoes=sorted(set(vetoes.values()) - set(locks.values())),
        min_score=policy.min_score,
    )


def run_round(
    population: Population,
    *,
    on: date,
    travel: TravelTimeProvider,
    policy: RoundPolicy | None = None,
    decisions: Decisions | None = None,
    model: SuccessModel | None = None,
    progress: Callable[[str], None] | None = None,
    map_fn: MapFn | None = None,
) -> RoundResult:
    """Propose a place for every student of the population; people review the result.

    ``progress`` is called with the name of each stage as it starts ("scoren", "oplossen",
    "uitleggen"), so a caller can show progress and time the stages. ``map_fn``: how the
    solver's large components are run (matcher.solver.solve; default: one by one, here).
    """
    policy = policy or RoundPolicy()
    decisions = decisions or Decisions()
    say = progress or (lambda _stage: None)
    say("scoren")
    scored = score_round(population, on=on, travel=travel, policy=policy, model=model)
    check_locks(scored, decisions.locks, travel=travel)
    problem = build_round_problem(scored, policy=policy, decisions=decisions)
    say("oplossen")
    assignment = solve(problem, limits=policy.limits, map_fn=map_fn)
    say("uitleggen")
    placed = assignment.student_place(problem)
    unplaced_rows = [i for i, sid in enumerate(scored.student_ids) if sid not in placed]
    diagnoses = diagnose_unplaced(
        scored, unplaced_rows, travel=travel, taken=_taken(problem, assignment),
        decisions=decisions, policy=policy,
    )  # fmt: skip
    proposals = make_proposals(
        scored, problem, assignment, decisions=decisions, diagnoses=diagnoses
    )
    summary = summarize(scored, assignment, proposals, diagnoses)
    return RoundResult(proposals, assignment, problem, scored, diagnoses, summary)


def _taken(problem: AssignmentProblem, assignment: Assignment) -> dict[str, int]:
    """How many students each place received."""
    counts = np.bincount(problem.pair_place[assignment.pairs], minlength=len(problem.place_ids))
    return {problem.place_ids[j]: int(n) for j, n in enumerate(counts.tolist()) if n}
