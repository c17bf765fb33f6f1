"""The term model: keeps its signs, starts from the default weights, beats rules or says so."""

from __future__ import annotations

import numpy as np
import pytest

from matcher.errors import InvalidInputError
from matcher.scoring.learned import (
    LOGISTIC,
    MIN_HISTORY,
    RULES,
    auc,
    blend,
    bootstrap_compare,
    calibration_table,
    fit_logistic,
    learn_success_model,
)

COLUMNS = ("reis", "fysiek", "travel_over_max")
SIGNS = (1, 1, -1)
PRIOR = (0.5, 0.5, 0.0)


def _history(n: int, seed: int = 1) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Truth: travel fit matters three times as much as the default says; a hinge the rules miss."""
    rng = np.random.default_rng(seed)
    reis = rng.uniform(0, 1, n)
    fysiek = rng.choice([0.5, 0.75, 1.0], n)
    over = np.maximum(rng.uniform(0, 1.3, n) - 1.0, 0.0)
    logit = -3.0 + 4.5 * reis + 1.5 * fysiek - 6.0 * over
    y = rng.uniform(0, 1, n) < 1 / (1 + np.exp(-logit))
    rule = 0.5 * reis + 0.5 * fysiek  # the default weights: equal
    return np.column_stack([reis, fysiek, over]), y, rule


def _learn(x: np.ndarray, y: np.ndarray, rule: np.ndarray):  # type: ignore[no-untyped-def]
    groups = {"groep": np.where(x[:, 1] > 0.6, "a", "b").astype(str)}
    return learn_success_model(
        x, y, rule, feature_columns=COLUMNS, signs=SIGNS, prior=PRIOR, groups=groups
    )


def test_term_model_beats_the_rule_score_and_learns_the_heavier_weight() -> None:
    x, y, rule = _history(600)
    result = _learn(x, y, rule)
    ev = result.evaluation
    assert not result.fallback
    assert result.model is not None
    assert ev.chosen == LOGISTIC
    assert ev.model_beats_rule
    assert ev.model_auc.value > ev.rule_auc.value
    assert ev.model_brier.value < ev.rule_brier.value
    assert ev.auc_gain.low < ev.auc_gain.value < ev.auc_gain.high
    assert result.model.relative_weights()["reis"] > 1.5  # "reistijd weegt ... keer zo zwaar"
    assert result.model.weight_of()["travel_over_max"] < 0
    assert sum(b.n for b in ev.calibration) == 600
    assert {row.group for row in ev.fairness} == {"a", "b"}


def test_equal_input_gives_equal_model() -> None:
    x, y, rule = _history(400, seed=3)
    first, second = _learn(x, y, rule), _learn(x, y, rule)
    assert first.model is not None
    assert second.model is not None
    assert first.model.weights == second.model.weights
    assert first.evaluation == second.evaluation


def test_sign_constraints_hold_even_when_the_data_point_the_other_way() -> None:
    rng = np.random.default_rng(5)
    x = rng.uniform(0, 1, (800, 3))
    logit = -2.0 * x[:, 0] + 2.0 * x[:, 2]  # "a better travel fit hurts": never learned
    y = (rng.uniform(0, 1, 800) < 1 / (1 + np.exp(-logit))).astype(float)
    _, _, free = fit_logistic(x, y, signs=SIGNS, prior=PRIOR, penalty=0.1, constrained=False)
    _, _, bound = fit_logistic(x, y, signs=SIGNS, prior=PRIOR, penalty=0.1)
    assert free[0] < -1.0
    assert free[2] > 1.0
    assert bound[0] >= 0.0
    assert bound[2] <= 0.0
    assert bound[0] == pytest.approx(0.0, abs=1e-6)
    assert bound[2] == pytest.approx(0.0, abs=1e-6)


def test_a_strong_penalty_gives_the_default_weights() -> None:
    x, y, _ = _history(500)
    _, scale, w = fit_logistic(x, y.astype(float), signs=SIGNS, prior=PRIOR, penalty=1e6)
    assert scale > 0
    assert w == pytest.approx(scale * np.asarray(PRIOR), abs=1e-3)


def test_falls_back_to_the_rules_when_nothing_beats_them() -> None:
    rng = np.random.default_rng(2)
    n = 500
    rule = rng.uniform(0, 1, n)
    y = rng.uniform(0, 1, n) < 1 / (1 + np.exp(-(6.0 * rule - 3.0)))
    x = rng.uniform(0, 1, (n, 3))  # the terms carry nothing the rule score does not
    result = _learn(x, y, rule)
    assert result.fallback
    assert result.model is None
    assert result.evaluation.chosen == RULES
    assert not result.evaluation.model_beats_rule
    assert "regels" in result.evaluation.note


def test_too_little_history_is_refused_with_a_clear_message() -> None:
    x, y, rule = _history(MIN_HISTORY - 1)
    with pytest.raises(InvalidInputError, match="Te weinig geschiedenis"):
        _learn(x, y, rule)


def test_only_one_kind_of_outcome_is_refused() -> None:
    x, _, rule = _history(500)
    with pytest.raises(InvalidInputError, match="één soort"):
        _learn(x, np.ones(500, dtype=bool), rule)


def test_missing_values_are_refused() -> None:
    x, y, rule = _history(400)
    x[3, 1] = np.nan
    with pytest.raises(InvalidInputError, match="lege"):
        _learn(x, y, rule)


def test_wrong_number_of_features_is_refused() -> None:
    x, y, rule = _history(400)
    result = _learn(x, y, rule)
    assert result.model is not None
    with pytest.raises(InvalidInputError):
        result.model.predict(x[:, :2])


def test_auc_and_bootstrap_agree_with_simple_cases() -> None:
    y = np.array([0.0, 0.0, 1.0, 1.0])
    assert auc(y, np.array([0.1, 0.2, 0.8, 0.9])) == 1.0
    assert auc(y, np.array([0.5, 0.5, 0.5, 0.5])) == 0.5
    rng = np.random.default_rng(0)
    yy = (rng.uniform(size=300) < 0.5).astype(float)
    p = np.clip(yy * 0.3 + rng.uniform(size=300) * 0.7, 0, 1)
    figures = bootstrap_compare(yy, p, np.full(300, 0.5), rng.uniform(size=300))
    assert figures["model_auc"].low < figures["model_auc"].value < figures["model_auc"].high
    assert figures["auc_gain"].low > 0


def test_calibration_bins_cover_every_prediction() -> None:
    p = np.array([0.05, 0.15, 0.15, 0.95, 1.0])
    y = np.array([0.0, 0.0, 1.0, 1.0, 1.0])
    bins = calibration_table(y, p)
    assert [b.n for b in bins] == [1, 2, 2]
    assert bins[1].observed == 0.5


def test_blend_without_weight_is_the_rule_score() -> None:
    rule = np.array([0.2, 0.9])
    assert np.array_equal(blend(rule, np.array([1.0, 0.0]), weight=0.0), rule)
    assert np.allclose(blend(rule, np.array([1.0, 0.0]), weight=0.5), [0.6, 0.45])
