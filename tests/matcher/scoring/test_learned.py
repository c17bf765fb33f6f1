"""The learned success model: calibrated, beats a rule score on non-linear truth, blends safely."""

from __future__ import annotations

import numpy as np
import pytest

from matcher.errors import InvalidInputError
from matcher.scoring.learned import (
    FULL_HISTORY,
    MAX_BLEND_WEIGHT,
    MIN_HISTORY,
    blend,
    blend_weight,
    evaluate_success_model,
    fit_success_model,
)

COLUMNS = ("travel_ratio", "load_gap", "minor")


def _history(n: int, seed: int = 1) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Truth with an interaction (long travel hurts minors) that a weighted sum misses."""
    rng = np.random.default_rng(seed)
    travel = rng.uniform(0, 1, n)
    gap = rng.integers(0, 4, n).astype(float)
    minor = rng.integers(0, 2, n).astype(float)
    logit = 1.5 - 1.2 * gap - 4.0 * minor * (travel > 0.6)
    y = rng.uniform(0, 1, n) < 1 / (1 + np.exp(-logit))
    rule = 1.0 - 0.5 * travel - 0.15 * gap  # linear: no interaction
    return np.column_stack([travel, gap, minor]), y, rule


def test_model_beats_linear_rule_on_held_out_outcomes() -> None:
    x, y, rule = _history(3000)
    groups = {"minor": np.where(x[:, 2] > 0, "16-17", "18+").astype(str)}
    ev = evaluate_success_model(x, y, rule, feature_columns=COLUMNS, groups=groups)
    assert ev.model_beats_rule
    assert ev.model_auc > ev.rule_auc + 0.03
    assert {row.group for row in ev.fairness} == {"16-17", "18+"}
    assert sum(row.n for row in ev.fairness) == 3000


def test_calibrated_probabilities_match_observed_rates() -> None:
    x, y, _ = _history(4000, seed=2)
    model = fit_success_model(x, y, feature_columns=COLUMNS)
    p = model.predict(x)
    assert np.all((p >= 0) & (p <= 1))
    for lo, hi in ((0.0, 0.3), (0.3, 0.7), (0.7, 1.0)):
        band = (p >= lo) & (p < hi)
        if band.sum() > 200:
            assert abs(y[band].mean() - p[band].mean()) < 0.08


def test_too_little_history_is_refused_with_a_clear_message() -> None:
    x, y, _ = _history(MIN_HISTORY - 1)
    with pytest.raises(InvalidInputError, match="Te weinig geschiedenis"):
        fit_success_model(x, y, feature_columns=COLUMNS)


def test_only_one_kind_of_outcome_is_refused() -> None:
    x, _, _ = _history(500)
    with pytest.raises(InvalidInputError):
        fit_success_model(x, np.ones(500, dtype=bool), feature_columns=COLUMNS)


def test_wrong_number_of_features_is_refused() -> None:
    x, y, _ = _history(400)
    model = fit_success_model(x, y, feature_columns=COLUMNS)
    with pytest.raises(InvalidInputError):
        model.predict(x[:, :2])


def test_blend_weight_grows_from_threshold_and_is_capped() -> None:
    assert blend_weight(0) == 0.0
    assert blend_weight(MIN_HISTORY - 1) == 0.0
    assert 0.0 < blend_weight((MIN_HISTORY + FULL_HISTORY) // 2) < MAX_BLEND_WEIGHT
    assert blend_weight(FULL_HISTORY) == MAX_BLEND_WEIGHT
    assert blend_weight(10 * FULL_HISTORY) == MAX_BLEND_WEIGHT


def test_blend_without_history_is_the_rule_score() -> None:
    rule = np.array([0.2, 0.9])
    assert np.array_equal(blend(rule, np.array([1.0, 0.0]), weight=0.0), rule)
    mixed = blend(rule, np.array([1.0, 0.0]), weight=0.5)
    assert np.allclose(mixed, [0.6, 0.45])
