"""Training data from an outcome history: the same terms and rule score as a live round."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np
from numpy.typing import NDArray

from matcher.candidates import CandidatePairs, pair_geometry
from matcher.domain import History, Student, age_on
from matcher.errors import InvalidInputError
from matcher.features import MODEL_COLUMNS, MODEL_FLOORS, MODEL_SIGNS, model_features, model_prior
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
    placement: GroupCounts = field(default_factory=dict)  # per group: (placed, students)

    @property
    def n(self) -> int:
        """How many outcomes."""
        return int(self.success.size)


def combine(*parts: TrainingSet) -> TrainingSet:
    """Several training sets (e.g. the product's own outcomes and an imported history) as one;
    rows in the order given."""
    if not parts:
        raise InvalidInputError("Er zijn geen uitkomsten om van te leren.")
    first = parts[0]
    return TrainingSet(
        features=np.vstack([p.features for p in parts]),
        success=np.concatenate([p.success for p in parts]),
        rule_score=np.concatenate([p.rule_score for p in parts]),
        groups={a: np.concatenate([p.groups[a] for p in parts]) for a in first.groups},
        columns=first.columns,
        prior=first.prior,
        placement=add_counts(*(p.placement for p in parts)),
    )


GROUP_ATTRIBUTES = ("niveau", "leeftijd", "extra ondersteuning")


def student_groups(student: Student, *, on: date) -> dict[str, str]:
    """The fairness groups of one student: niveau, age group on ``on``, extra support."""
    return {
        "niveau": str(int(student.niveau)),
        "leeftijd": age_group(age_on(student.birth_date, on)),
        "extra ondersteuning": "ja" if student.needs_extra_support else "nee",
    }


def _outcome_dates(history: History, on: date) -> list[date]:
    """Per outcome the day ages are taken: its own start date when recorded, else ``on``."""
    return [o.started_on or on for o in history.outcomes]


def group_labels(history: History, *, on: date) -> dict[str, NDArray[np.str_]]:
    """Per outcome: niveau, age group (on the outcome's start date when recorded, else ``on``)
    and whether the student needs extra support."""
    by_id = {s.student_id: s for s in history.population.students}
    labels = [
        student_groups(by_id[o.student_id], on=day)
        for o, day in zip(history.outcomes, _outcome_dates(history, on), strict=True)
    ]
    return {a: np.array([g[a] for g in labels], dtype=np.str_) for a in GROUP_ATTRIBUTES}


GroupCounts = dict[str, dict[str, tuple[int, int]]]  # attribute -> group -> (placed, students)


def placement_counts(history: History, *, on: date) -> GroupCounts:
    """Per group: how many of the history's students had a placement (an outcome row) and how
    many students there were. A history set's students.csv may hold students who found no
    place; when it holds only placed students every rate is 100 %."""
    placed = {o.student_id for o in history.outcomes}
    starts = {o.student_id: o.started_on for o in history.outcomes if o.started_on}
    counts: GroupCounts = {a: {} for a in GROUP_ATTRIBUTES}
    for s in history.population.students:
        for attribute, group in student_groups(s, on=starts.get(s.student_id, on)).items():
            got, total = counts[attribute].get(group, (0, 0))
            counts[attribute][group] = (got + (s.student_id in placed), total + 1)
    return counts


def add_counts(*parts: GroupCounts) -> GroupCounts:
    """Placement counts of several sources together."""
    out: GroupCounts = {a: {} for a in GROUP_ATTRIBUTES}
    for part in parts:
        for attribute, groups in part.items():
            for group, (got, total) in groups.items():
                old = out.setdefault(attribute, {}).get(group, (0, 0))
                out[attribute][group] = (old[0] + got, old[1] + total)
    return out


def placement_rates(counts: GroupCounts) -> dict[str, dict[str, float]]:
    """Per group the share of students placed."""
    return {
        a: {g: got / total for g, (got, total) in groups.items() if total}
        for a, groups in counts.items()
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
        placement=placement_counts(history, on=on),
    )


def learn_from_training_set(data: TrainingSet, *, random_state: int = 0) -> LearningResult:
    """Evaluate the candidates by cross-validation and fit the winner on all outcomes."""
    return learn_success_model(
        data.features, data.success, data.rule_score,
        feature_columns=data.columns, signs=MODEL_SIGNS, prior=data.prior,
        groups=data.groups, placement=placement_rates(data.placement),
        floors=MODEL_FLOORS, random_state=random_state,
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
