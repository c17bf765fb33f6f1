"""The learned weights point the way the demo's ground truth does (docs/ground_truth.md).

Every handbook term with an effect in the truth is a fit, so its weight must be positive; every
interaction column measures a worse fit that the truth punishes, so its weight must be negative.
The truth gives the student's own wishes (voorkeur) no effect, and the demo students name no
interests (interesse is neutral for all), so those terms are not checked.
Both the sign-constrained model and an unconstrained fit are checked: the bounds must not be
what makes the signs right. With 2,000 outcomes the terms and the strong interactions are
recovered; the weakest interaction (prikkels x werktempo, -0.6 on a small group in the truth)
needs more outcomes, so it is checked on 5,000.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from matcher.demo.ground_truth import COEFFICIENTS
from matcher.demo.history import generate_history
from matcher.features import MODEL_COLUMNS, MODEL_SIGNS
from matcher.scoring.history import learn_from_training_set, training_set
from matcher.scoring.learned import fit_logistic
from matcher.travel import EstimatedTravelTime
from tests.matcher.demo.towns_fixture import TOWNS

ON = date(2025, 9, 1)
NO_EFFECT_IN_TRUTH = {"voorkeur", "interesse"}
WEAK = {"sensitive_x_pace"}
TRUTH_DIRECTION = {  # the ground-truth coefficients behind each column (matcher.demo.ground_truth)
    "fysiek": ("physical_gap", "wheelchair_missing"),
    "sociaal": ("social_gap",),
    "bedrijfsmatig": ("guidance_shortfall", "culture", "expertise_overlap"),
    "psychisch": ("mental_gap", "quiet_missing"),
    "uren": ("schedule_mismatch", "breaks_mismatch"),
    "reis": ("travel_excess", "spoon_excess"),
    "load_over_capacity": ("physical_gap", "mental_gap"),
    "travel_over_max": ("travel_excess",),
    "low_niveau_x_guidance": ("low_niveau_low_guidance",),
    "sensitive_x_pace": ("sensitive_high_pace",),
}


@pytest.mark.parametrize(("n", "checked_weak"), [(2000, False), (5000, True)])
def test_learned_weights_have_the_truths_direction(n: int, checked_weak: bool) -> None:
    history, _truth = generate_history(n_students=n, seed=11, towns=TOWNS, on=ON)
    data = training_set(history, on=ON, travel=EstimatedTravelTime())
    result = learn_from_training_set(data)
    assert result.model is not None
    constrained = result.model.weight_of()
    _, _, free = fit_logistic(
        data.features, data.success.astype(float), signs=MODEL_SIGNS, prior=data.prior,
        penalty=result.model.penalty, constrained=False,
    )  # fmt: skip
    unconstrained = dict(zip(MODEL_COLUMNS, free.tolist(), strict=True))
    checked = set(MODEL_COLUMNS) - NO_EFFECT_IN_TRUTH - (set() if checked_weak else WEAK)
    assert checked <= set(TRUTH_DIRECTION)
    assert all(k in COEFFICIENTS for keys in TRUTH_DIRECTION.values() for k in keys)
    for name in sorted(checked):
        direction = MODEL_SIGNS[MODEL_COLUMNS.index(name)]
        for weights in (constrained, unconstrained):
            assert np.sign(weights[name]) == direction, (name, weights[name])
            assert abs(weights[name]) > 0.02, (name, weights[name])  # not stuck at the bound
