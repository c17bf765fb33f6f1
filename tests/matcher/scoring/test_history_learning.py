"""On the demo history, the learned model beats the rule score on held-out outcomes."""

from __future__ import annotations

from datetime import date

import pytest

from matcher.demo.history import generate_history
from matcher.features import MODEL_COLUMNS
from matcher.scoring.history import learn_from_history, training_set
from matcher.travel import EstimatedTravelTime
from tests.matcher.demo.towns_fixture import TOWNS

ON = date(2025, 9, 1)


@pytest.fixture(scope="module")
def history():  # type: ignore[no-untyped-def]
    data, _truth = generate_history(n_students=2500, seed=11, towns=TOWNS, on=ON)
    return data


def test_training_set_has_one_row_per_outcome(history) -> None:  # type: ignore[no-untyped-def]
    data = training_set(history, on=ON, travel=EstimatedTravelTime())
    assert data.features.shape == (len(history.outcomes), len(MODEL_COLUMNS))
    assert data.columns == MODEL_COLUMNS
    assert set(data.groups) == {"niveau", "leeftijd", "extra ondersteuning"}
    assert 0.3 < data.success.mean() < 0.9
    assert abs(sum(data.prior) - 1.0) < 1e-9


def test_learned_model_beats_the_rule_score_on_held_out_demo_outcomes(history) -> None:  # type: ignore[no-untyped-def]
    learned = learn_from_history(history, on=ON, travel=EstimatedTravelTime())
    evaluation, model = learned.evaluation, learned.model
    assert evaluation.model_beats_rule
    assert model is not None
    assert evaluation.model_auc.value > evaluation.rule_auc.value
    assert evaluation.model_brier.value < evaluation.rule_brier.value
    assert evaluation.auc_gain.low > 0  # the whole interval: not luck of the folds
    assert model.blend > 0
    groups = {(row.attribute, row.group) for row in evaluation.fairness}
    assert ("niveau", "1") in groups
    assert ("leeftijd", "16-17") in groups
    assert ("extra ondersteuning", "ja") in groups
