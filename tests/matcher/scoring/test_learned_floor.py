"""The student's wishes keep at least their default weight (issue 20: 800 outcomes without an
effect of voorkeur took its weight to 0, and a learned round then ignored wishes); and the
fairness table gains the placement rate per group."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from matcher.domain import History, OutcomeRecord
from matcher.domain import Outcome as HistoryOutcome
from matcher.features import MODEL_FLOORS
from matcher.learn_report import evidence_report, learn_report
from matcher.scoring.history import placement_counts, placement_rates
from matcher.scoring.learned import fairness_table, fit_logistic, floor_matrix, learn_success_model
from tests.factories import example_population

COLUMNS = ("reis", "fysiek", "voorkeur", "load_over_capacity")
SIGNS = (1, 1, 1, -1)
PRIOR = (0.4, 0.4, 0.2, 0.0)


def _no_wish_effect(n: int = 800, seed: int = 3) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Truth: travel and physical fit matter; the student's wish has no effect at all."""
    rng = np.random.default_rng(seed)
    x = np.column_stack(
        [rng.uniform(0, 1, n), rng.uniform(0, 1, n), rng.uniform(0, 1, n),
         np.maximum(rng.uniform(-1, 1, n), 0.0)]
    )  # fmt: skip
    logit = -2.0 + 3.0 * x[:, 0] + 2.0 * x[:, 1] - 3.0 * x[:, 3]
    y = rng.uniform(0, 1, n) < 1 / (1 + np.exp(-logit))
    return x, y, x[:, :3] @ np.asarray(PRIOR[:3])


def _share(w: np.ndarray) -> float:
    """voorkeur's share of the term weights divided by its default share (1.0 = default)."""
    return float(w[2] / w[:3].sum()) / (PRIOR[2] / sum(PRIOR[:3]))


def test_without_a_floor_the_wish_weight_goes_to_zero() -> None:
    x, y, _ = _no_wish_effect()
    _, _, w = fit_logistic(x, y.astype(float), signs=SIGNS, prior=PRIOR, penalty=0.01)
    assert _share(w) < 0.3  # the failure the issue saw


def test_with_the_floor_wishes_keep_at_least_their_default_share() -> None:
    x, y, _ = _no_wish_effect()
    for penalty in (0.01, 1.0, 30.0):
        _, _, w = fit_logistic(
            x, y.astype(float), signs=SIGNS, prior=PRIOR, penalty=penalty, floors=(2,)
        )
        assert _share(w) >= 1.0 - 1e-9
        assert w[0] > w[1] > 0  # the other terms still learn from the outcomes
        assert w[3] <= 0


def test_the_learner_applies_the_floor_to_voorkeur() -> None:
    assert MODEL_FLOORS == ("voorkeur",)
    x, y, rule = _no_wish_effect()
    groups = {"groep": np.where(x[:, 1] > 0.5, "a", "b").astype(str)}
    result = learn_success_model(
        x, y, rule, feature_columns=COLUMNS, signs=SIGNS, prior=PRIOR, groups=groups,
        floors=("voorkeur",),
    )  # fmt: skip
    assert result.model is not None
    assert result.model.relative_weights()["voorkeur"] >= 1.0 - 1e-9
    [row] = [
        r for r in learn_report(result.model, result.evaluation).rows if r.column == "voorkeur"
    ]
    assert row.sentence == (
        "Eigen voorkeur weegt even zwaar als standaard "
        "(minder kan niet: de wensen van de student tellen altijd mee)."
    )


def test_floor_matrix_is_the_identity_without_floors() -> None:
    assert np.array_equal(floor_matrix(PRIOR, ()), np.eye(4))
    m = floor_matrix(PRIOR, (2,))
    assert m[2, :] == pytest.approx([0.25, 0.25, 1.0, 0.0])


def test_the_fairness_table_has_the_placement_rate_per_group() -> None:
    y = np.array([1.0, 0.0, 1.0, 1.0])
    p = np.array([0.8, 0.4, 0.6, 0.7])
    groups = {"niveau": np.array(["1", "1", "2", "2"])}
    rows = fairness_table(y, p, groups, {"niveau": {"1": 0.5, "2": 0.9}})
    assert [(r.group, r.placement_rate) for r in rows] == [("1", 0.5), ("2", 0.9)]
    evidence = {"fairness": [
        {"attribute": r.attribute, "group": r.group, "n": r.n,
         "observed_success": r.observed_success, "predicted_success": r.predicted_success,
         "placement_rate": r.placement_rate} for r in rows
    ]}  # fmt: skip
    cells = [row.cells for row in evidence_report(evidence).fairness]
    assert cells[0][:3] == ("niveau 1", "2", "50%")
    old = {"fairness": [dict(evidence["fairness"][0], placement_rate=None)]}
    assert evidence_report(old).fairness[0].cells[2] == "–"  # evidence from before: no rate


def test_placement_rate_counts_students_without_an_outcome() -> None:
    population = example_population()
    first = population.students[0]
    place = population.places[0].place_id
    history = History(
        population, (OutcomeRecord(first.student_id, place, HistoryOutcome.SUCCESVOL),)
    )
    counts = placement_counts(history, on=date(2026, 9, 1))
    assert sum(got for got, _ in counts["niveau"].values()) == 1
    assert sum(n for _, n in counts["niveau"].values()) == len(population.students)
    rates = placement_rates(counts)
    assert rates["niveau"][str(int(first.niveau))] > 0
    assert min(rates["niveau"].values()) == 0.0  # a niveau none of whose students was placed
