"""A learned success model: P(a placement ends successfully | pair features), from outcome history.

The rule score says how well a place fits by the handbook's criteria; history says what actually
worked. The model is a gradient-boosted classifier (it can learn interactions such as "long
travel matters more for minors"), calibrated so that its output is a probability, and blended
with the rule score only once there is enough history (see :func:`blend_weight`).

Pure: arrays in, fitted estimator and figures out. Saving and loading live in
``adapters/model_store.py``. Training on outcomes is a separate purpose under the AVG
(domain.md R11): features are pseudonymous numbers, never free text or diagnoses.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from sklearn.calibration import CalibratedClassifierCV
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.isotonic import IsotonicRegression
from sklearn.metrics import brier_score_loss, roc_auc_score
from sklearn.model_selection import StratifiedKFold

from matcher.errors import InvalidInputError

# Below this many outcomes the model is not used at all: with fewer, cross-validated figures are
# too noisy to trust (each fold would hold < 40 outcomes). From MIN_HISTORY the model's weight
# grows linearly to MAX_BLEND_WEIGHT at FULL_HISTORY outcomes. The rule score always keeps at
# least half the weight: people must be able to follow a proposal from the handbook's criteria.
MIN_HISTORY = 200
FULL_HISTORY = 2000
MAX_BLEND_WEIGHT = 0.5
CV_FOLDS = 5


@dataclass(frozen=True, slots=True)
class GroupRow:
    """Fairness figures for one group (e.g. niveau 1) on held-out predictions."""

    attribute: str
    group: str
    n: int
    observed_success: float
    predicted_success: float
    mean_abs_error: float  # |p - y| averaged over the group's held-out outcomes

    @property
    def bias(self) -> float:
        """Predicted minus observed success rate: > 0 means the model is too optimistic here."""
        return self.predicted_success - self.observed_success


@dataclass(frozen=True, slots=True)
class Evaluation:
    """Cross-validated quality of the learned model next to the rule score on the same folds."""

    n: int
    success_rate: float
    model_auc: float
    model_brier: float
    rule_auc: float
    rule_brier: float  # the rule score after isotonic calibration on each training fold
    fairness: tuple[GroupRow, ...]

    @property
    def model_beats_rule(self) -> bool:
        """True when the model ranks and predicts held-out outcomes better than the rule score."""
        return self.model_auc > self.rule_auc and self.model_brier < self.rule_brier


@dataclass(frozen=True, slots=True)
class SuccessModel:
    """A fitted, calibrated success model with the facts needed to use it safely."""

    estimator: CalibratedClassifierCV
    feature_columns: tuple[str, ...]
    n_outcomes: int

    def predict(self, features: NDArray[np.float64]) -> NDArray[np.float64]:
        """Probability of a successful placement for each row of ``features``."""
        if features.shape[1] != len(self.feature_columns):
            raise InvalidInputError(
                "Het model verwacht andere kenmerken dan er zijn aangeleverd.",
                expected=len(self.feature_columns),
                got=features.shape[1],
            )
        return np.asarray(self.estimator.predict_proba(features)[:, 1], dtype=np.float64)

    @property
    def blend(self) -> float:
        """Weight of this model next to the rule score."""
        return blend_weight(self.n_outcomes)


def make_estimator(*, random_state: int = 0) -> CalibratedClassifierCV:
    """An unfitted calibrated gradient-boosting classifier with conservative settings."""
    base = HistGradientBoostingClassifier(
        max_iter=200,
        learning_rate=0.05,
        max_leaf_nodes=15,
        min_samples_leaf=20,
        l2_regularization=1.0,
        random_state=random_state,
    )
    return CalibratedClassifierCV(base, method="isotonic", cv=3)


def _check(
    features: NDArray[np.float64], success: NDArray[np.bool_], columns: Sequence[str]
) -> None:
    if features.ndim != 2 or features.shape[0] != success.shape[0]:
        raise InvalidInputError("Kenmerken en uitkomsten hebben niet hetzelfde aantal rijen.")
    if features.shape[1] != len(columns):
        raise InvalidInputError("Het aantal kenmerkkolommen klopt niet met de namen.")
    if success.size < MIN_HISTORY:
        raise InvalidInputError(
            f"Te weinig geschiedenis om van te leren: {success.size} uitkomsten, "
            f"minimaal {MIN_HISTORY} nodig."
        )
    if success.all() or not success.any():
        raise InvalidInputError("De geschiedenis heeft alleen maar één soort uitkomst.")


def fit_success_model(
    features: NDArray[np.float64],
    success: NDArray[np.bool_],
    *,
    feature_columns: Sequence[str],
    random_state: int = 0,
) -> SuccessModel:
    """Fit the calibrated model on all outcomes (evaluate it first: evaluate_success_model)."""
    _check(features, success, feature_columns)
    estimator = make_estimator(random_state=random_state).fit(features, success.astype(int))
    return SuccessModel(estimator, tuple(feature_columns), int(success.size))


def evaluate_success_model(
    features: NDArray[np.float64],
    success: NDArray[np.bool_],
    rule_score: NDArray[np.float64],
    *,
    feature_columns: Sequence[str],
    groups: Mapping[str, NDArray[np.str_]],
    random_state: int = 0,
) -> Evaluation:
    """Stratified k-fold: held-out AUC and Brier of the model and of the (calibrated) rule score."""
    _check(features, success, feature_columns)
    y = success.astype(int)
    p_model = np.empty(y.size)
    p_rule = np.empty(y.size)
    folds = StratifiedKFold(n_splits=CV_FOLDS, shuffle=True, random_state=random_state)
    for train, test in folds.split(features, y):
        est = make_estimator(random_state=random_state).fit(features[train], y[train])
        p_model[test] = est.predict_proba(features[test])[:, 1]
        iso = IsotonicRegression(out_of_bounds="clip", y_min=0.0, y_max=1.0)
        p_rule[test] = iso.fit(rule_score[train], y[train]).predict(rule_score[test])
    return Evaluation(
        n=int(y.size),
        success_rate=float(y.mean()),
        model_auc=float(roc_auc_score(y, p_model)),
        model_brier=float(brier_score_loss(y, p_model)),
        rule_auc=float(roc_auc_score(y, rule_score)),
        rule_brier=float(brier_score_loss(y, p_rule)),
        fairness=fairness_table(y, p_model, groups),
    )


def fairness_table(
    y: NDArray[np.int_], p: NDArray[np.float64], groups: Mapping[str, NDArray[np.str_]]
) -> tuple[GroupRow, ...]:
    """Held-out prediction error per group, so a model that fails one group shows up."""
    rows: list[GroupRow] = []
    for attribute, labels in groups.items():
        for group in sorted(set(labels.tolist())):
            mask = labels == group
            rows.append(
                GroupRow(
                    attribute=attribute,
                    group=str(group),
                    n=int(mask.sum()),
                    observed_success=float(y[mask].mean()),
                    predicted_success=float(p[mask].mean()),
                    mean_abs_error=float(np.abs(p[mask] - y[mask]).mean()),
                )
            )
    return tuple(rows)


def blend_weight(n_outcomes: int) -> float:
    """How much the learned model counts next to the rule score, given the history size."""
    if n_outcomes < MIN_HISTORY:
        return 0.0
    ramp = (n_outcomes - MIN_HISTORY) / (FULL_HISTORY - MIN_HISTORY)
    return float(MAX_BLEND_WEIGHT * min(1.0, ramp))


def blend(
    rule_score: NDArray[np.float64], success_probability: NDArray[np.float64], *, weight: float
) -> NDArray[np.float64]:
    """The final score: the rule score, moved towards the learned probability by ``weight``."""
    return np.asarray((1.0 - weight) * rule_score + weight * success_probability, dtype=np.float64)
