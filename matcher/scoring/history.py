"""Training data from an outcome history: the same terms and rule score as a live round."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
from numpy.typing import NDArray

from matcher.candidates import CandidatePairs, pair_geometry
from matcher.domain import History, age_on
from matcher.features import MODEL_COLUMNS, MODEL_SIGNS, model_features, model_prior
from matcher.policy import ScoringPolicy
from matcher.scoring.learned import LearningResult, learn_success_model
from matcher.scoring.terms import score_pairs
from matcher.summary import age_group
from matcher.tables import PlaceTable, StudentTable
from matcher.travel import TravelTimeProvider


@dataclass(frozen=True, eq=False)
class TrainingSet:
    """One row per past placement: features, whether it succeeded, the rule score, groups."""

    features: NDArray[np.float64]
    success: NDArray[np.bool_]
    rule_score: NDArray[np.float64]
    groups: dict[str, NDArray[np.str_]]
    columns: tuple[str, ...]
    prior: tuple[float, ...]


def group_labels(history: History, *, on: date) -> dict[str, NDArray[np.str_]]:
    """Per outcome: niveau, age group and whether the student needs extra support."""
    by_id = {s.student_id: s for s in history.population.students}
    students = [by_id[o.student_id] for o in history.outcomes]
    return {
        "niveau": np.array([str(int(s.niveau)) for s in students]),
        "leeftijd": np.array([age_group(age_on(s.birth_date, on)) for s in students]),
        "extra ondersteuning": np.array(
            ["ja" if s.needs_extra_support else "nee" for s in students]
        ),
    }


def training_set(
    history: History,
    *,
    on: date,
    travel: TravelTimeProvider,
    policy: ScoringPolicy | None = None,
) -> TrainingSet:
    """Features of every past placement, scored as the matcher would have scored it then.

    ``on`` is the start date of the history's placements (ages are taken on that day).
    """
    population = history.population
    students = StudentTable.from_students(population.students)
    places = PlaceTable.from_population(population)
    row = {s.student_id: i for i, s in enumerate(population.students)}
    s_idx = np.fromiter((row[o.student_id] for o in history.outcomes), np.int64)
    p_idx = np.fromiter((places.index[o.place_id] for o in history.outcomes), np.int64)
    distance, minutes = pair_geometry(students, places, s_idx, p_idx, travel=travel)
    pairs = CandidatePairs(s_idx, p_idx, distance, minutes)
    scores = score_pairs(students, places, pairs, policy=policy)
    features = model_features(students, places, pairs, policy=policy, scores=scores)
    return TrainingSet(
        features=features,
        success=np.fromiter((o.outcome.successful for o in history.outcomes), bool),
        rule_score=scores.total,
        groups=group_labels(history, on=on),
        columns=MODEL_COLUMNS,
        prior=model_prior(policy),
    )


def learn_from_training_set(data: TrainingSet, *, random_state: int = 0) -> LearningResult:
    """Evaluate the candidates by cross-validation and fit the winner on all outcomes."""
    return learn_success_model(
        data.features, data.success, data.rule_score,
        feature_columns=data.columns, signs=MODEL_SIGNS, prior=data.prior,
        groups=data.groups, random_state=random_state,
    )  # fmt: skip


def learn_from_history(
    history: History,
    *,
    on: date,
    travel: TravelTimeProvider,
    policy: ScoringPolicy | None = None,
    random_state: int = 0,
) -> LearningResult:
    """Training set, evaluation and model (raises when the history is too small)."""
    data = training_set(history, on=on, travel=travel, policy=policy)
    return learn_from_training_set(data, random_state=random_state)
