"""Prepare a round: candidates, hard rules, scores, people's locks checked, the solver's problem.

The first stage of a round (then ``matcher.pipeline.solve_round`` and ``matcher.explain``).
"""

from __future__ import annotations

from datetime import date

import numpy as np
from numpy.typing import NDArray

from matcher.candidates import PlaceIndex, candidate_pairs
from matcher.domain import Niveau, PlaceId, Population, StudentId
from matcher.eligibility import RULES_BY_NAME, RuleResult, evaluate_rules
from matcher.errors import RuleViolationError
from matcher.features import model_features
from matcher.round_types import Decisions, Pair, PreparedRound, RoundPolicy, ScoredRound
from matcher.scoring.learned import SuccessModel, blend
from matcher.scoring.terms import score_pairs
from matcher.solver import AssignmentProblem, build_problem
from matcher.solver.spread import spread_support
from matcher.tables import PlaceTable, StudentTable
from matcher.travel import TravelTimeProvider


def prepare_round(
    population: Population,
    *,
    on: date,
    travel: TravelTimeProvider,
    policy: RoundPolicy | None = None,
    decisions: Decisions | None = None,
    model: SuccessModel | None = None,
) -> PreparedRound:
    """Score every eligible pair, check people's locks and build the solver's problem.

    Raises a RuleViolationError (in Dutch) when a locked pair breaks a hard rule or is unknown.
    """
    policy = policy or RoundPolicy()
    decisions = decisions or Decisions()
    scored = score_round(population, on=on, travel=travel, policy=policy, model=model)
    check_locks(scored, decisions.locks, travel=travel)
    problem = build_round_problem(scored, policy=policy, decisions=decisions)
    return PreparedRound(scored, problem, policy, decisions)


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
        students,
        places,
        reach.s_idx,
        reach.p_idx,
        on=on,
        travel=travel,
        travel_min=reach.travel_min,
        strict_personal_day_max=policy.strict_personal_day_max,
    )
    pairs = reach.subset(rules.eligible)
    kept = _subset_rules(rules, rules.eligible)
    scores = score_pairs(students, places, pairs, policy=policy.scoring)
    final, weight = scores.total, 0.0
    if model is not None and model.blend > 0.0 and len(pairs):
        features = model_features(students, places, pairs, policy=policy.scoring, scores=scores)
        weight = model.blend
        final = blend(scores.total, model.predict(features), weight=weight)
    return ScoredRound(
        population,
        on,
        students,
        places,
        index,
        pairs,
        kept,
        scores,
        np.asarray(final, dtype=np.float64),
        weight,
        len(reach),
    )


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
                student_id=student_id,
                place_id=place_id,
            )
        s = np.array([scored.student_index[student_id]], dtype=np.int64)
        p = np.array([scored.places.index[place_id]], dtype=np.int64)
        result = evaluate_rules(scored.students, scored.places, s, p, on=scored.on, travel=travel)
        labels = [RULES_BY_NAME[name].label for name in result.failed_rules(0)]
        raise RuleViolationError(
            f"Plek {place_id} past niet bij student {student_id}: {', '.join(labels)}. "
            "Kies een andere plek of pas eerst de gegevens aan.",
            student_id=student_id,
            place_id=place_id,
            rules=result.failed_rules(0),
        )


def build_round_problem(
    scored: ScoredRound, *, policy: RoundPolicy, decisions: Decisions
) -> AssignmentProblem:
    """The solver's problem from the scored pairs, with people's locks and vetoes applied."""
    population, places = scored.population, scored.places
    companies = places.companies
    locks = _pair_positions(scored, decisions.locks)
    vetoes = _pair_positions(scored, decisions.vetoes)
    problem = build_problem(
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
    return spread_support(problem, weight=policy.support_spread_penalty)
