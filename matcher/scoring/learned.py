"""A learned success model that starts from the handbook's terms: P(a BPV ends well | pair).

A bureau has a few hundred outcomes a year. A black box cannot learn from that, and people must
be able to read what was learned. So the model is a penalised logistic regression on the seven
rule terms plus a few documented interactions (``matcher.features.MODEL_COLUMNS``):

    P(succesvol) = sigmoid(intercept + sum_k weight_k * x_k)

Every weight has a fixed direction (``signs``): a term is a fit, its weight is >= 0; an
interaction measures a worse fit, its weight is <= 0 (bounded optimisation, L-BFGS-B). The
penalty pulls the term weights towards ``scale * prior_k`` (the handbook's default weights,
with ``scale`` free) and the interactions towards 0, so with little history the model *is* the
rule score, calibrated, and it moves away only as far as the outcomes show. The penalty is
chosen by cross-validated log-loss. Gradient boosting with the same monotone directions is a
candidate too, and used only when it beats the logistic model on held-out outcomes. When no
candidate beats the calibrated rule score, the result says so and the round uses the rules.

Held-out AUC and Brier of the chosen model and of the rule score come from the same folds, with
bootstrap intervals. Deterministic for equal input (fixed folds, seeds and solver).

Pure: arrays in, figures out. Saving and loading live in ``adapters/model_store.py``. Training
on outcomes is a separate purpose under the AVG (domain.md R11): pseudonymous numbers only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import minimize
from scipy.stats import rankdata
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.model_selection import StratifiedKFold
from threadpoolctl import threadpool_limits

from matcher.errors import InvalidInputError
from matcher.nl import decimal

MIN_HISTORY = 200  # fewer outcomes: each of the five folds would hold < 40, too noisy to trust
CV_FOLDS = 5
# L2 strengths tried; the cross-validation picks one
PENALTIES: tuple[float, ...] = (0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0)
BOOTSTRAP = 500
SEED = 0
# When the learned model was chosen, a round ranks pairs by its success probability alone: it is
# the handbook's own terms with weights from the bureau's outcomes (see docs/learning.md).
# Boosting is not readable term by term, so the rule score keeps half the weight next to it.
ROUND_WEIGHT = {"logistisch": 1.0, "boosting": 0.5}
RULES, LOGISTIC, BOOSTING = "regels", "logistisch", "boosting"
FLAG_GAP = 0.05  # a group whose mean prediction is this far off its observed rate is flagged
FLAG_MIN_N = 20
EPS = 1e-12


@dataclass(frozen=True, slots=True)
class Estimate:
    """A held-out figure with its 95 % bootstrap interval."""

    value: float
    low: float
    high: float


@dataclass(frozen=True, slots=True)
class GroupRow:
    """Fairness figures for one group (e.g. niveau 1) on held-out predictions."""

    attribute: str
    group: str
    n: int
    observed_success: float
    predicted_success: float
    mean_abs_error: float  # |p - y| averaged over the group's held-out outcomes
    placement_rate: float | None = None  # share of the group's students who got a place

    @property
    def bias(self) -> float:
        """Predicted minus observed success rate: > 0 means the model is too optimistic here."""
        return self.predicted_success - self.observed_success

    @property
    def flagged(self) -> bool:
        """True when the model under- or over-predicts this group by FLAG_GAP or more."""
        return self.n >= FLAG_MIN_N and abs(self.bias) >= FLAG_GAP


@dataclass(frozen=True, slots=True)
class CalibrationBin:
    """Held-out outcomes whose predicted success fell in [low, high)."""

    low: float
    high: float
    n: int
    predicted: float
    observed: float


@dataclass(frozen=True, slots=True)
class Evaluation:
    """Cross-validated quality of the candidates and of the rule score on the same folds."""

    n: int
    success_rate: float
    chosen: str  # RULES, LOGISTIC or BOOSTING
    penalty: float  # the chosen L2 strength of the logistic model
    log_loss: tuple[tuple[str, float], ...]  # every candidate's held-out log-loss
    model_auc: Estimate  # of the best learned candidate (also when the rules were chosen)
    model_brier: Estimate
    rule_auc: Estimate
    rule_brier: Estimate  # the rule score after logistic calibration on each training fold
    auc_gain: Estimate  # model minus rules, paired bootstrap
    brier_gain: Estimate  # rules minus model (> 0: the model is better)
    calibration: tuple[CalibrationBin, ...]
    fairness: tuple[GroupRow, ...]
    note: str  # in Dutch, for people: what was chosen and why

    @property
    def model_beats_rule(self) -> bool:
        """True when a learned candidate has a lower held-out log-loss than the rule score."""
        return self.chosen != RULES


@dataclass(frozen=True, slots=True, eq=False)
class SuccessModel:
    """A fitted success model with what is needed to use and explain it safely."""

    kind: str  # LOGISTIC or BOOSTING
    feature_columns: tuple[str, ...]
    signs: tuple[int, ...]
    prior: tuple[float, ...]
    n_outcomes: int
    intercept: float  # of the logistic model (always fitted: its weights are the report)
    weights: tuple[float, ...]
    scale: float  # the logistic model's weight of the default rule score
    penalty: float
    booster: HistGradientBoostingClassifier | None = None

    def _check(self, features: NDArray[np.float64]) -> None:
        if features.ndim != 2 or features.shape[1] != len(self.feature_columns):
            raise InvalidInputError(
                "Het model verwacht andere kenmerken dan er zijn aangeleverd.",
                expected=len(self.feature_columns),
                got=features.shape[1] if features.ndim == 2 else 0,
            )

    def predict(self, features: NDArray[np.float64]) -> NDArray[np.float64]:
        """Probability of a successful placement for each row of ``features``."""
        self._check(features)
        if self.booster is not None:
            return np.asarray(self.booster.predict_proba(features)[:, 1], dtype=np.float64)
        return _sigmoid(self.intercept + features @ np.asarray(self.weights))

    def logistic_probability(self, features: NDArray[np.float64]) -> NDArray[np.float64]:
        """The readable logistic model's probability (the same as ``predict`` unless boosting)."""
        self._check(features)
        return _sigmoid(self.intercept + features @ np.asarray(self.weights))

    @property
    def blend(self) -> float:
        """Weight of this model next to the rule score in a round."""
        return ROUND_WEIGHT[self.kind]

    def weight_of(self) -> dict[str, float]:
        """The learned logistic weight of every column."""
        return dict(zip(self.feature_columns, self.weights, strict=True))

    def relative_weights(self) -> dict[str, float]:
        """Per column with a default weight: its share of the learned term weights divided by
        its share of the default weights (2.0 = counts twice as much as the default)."""
        prior = np.asarray(self.prior)
        learned = np.asarray(self.weights)
        has = prior > 0
        total_learned = float(learned[has].sum())
        total_prior = float(prior[has].sum())
        out: dict[str, float] = {}
        for name, w, w0 in zip(self.feature_columns, learned, prior, strict=True):
            if w0 > 0:
                share = float(w) / total_learned if total_learned > 0 else 0.0
                out[name] = share / (float(w0) / total_prior)
        return out


@dataclass(frozen=True, slots=True, eq=False)
class LearningResult:
    """The evaluation and, when a learned candidate beat the rule score, the fitted model."""

    evaluation: Evaluation
    model: SuccessModel | None  # None: the round uses the rules (evaluation.note says why)
    fallback: bool  # True when the rules were kept


def _sigmoid(z: NDArray[np.float64]) -> NDArray[np.float64]:
    return np.asarray(0.5 * (1.0 + np.tanh(0.5 * z)), dtype=np.float64)


def _check(
    features: NDArray[np.float64],
    success: NDArray[np.bool_],
    columns: Sequence[str],
    signs: Sequence[int],
    prior: Sequence[float],
) -> None:
    if features.ndim != 2 or features.shape[0] != success.shape[0]:
        raise InvalidInputError("Kenmerken en uitkomsten hebben niet hetzelfde aantal rijen.")
    if not features.shape[1] == len(columns) == len(signs) == len(prior):
        raise InvalidInputError("Het aantal kenmerkkolommen klopt niet met de namen.")
    if not np.isfinite(features).all():
        raise InvalidInputError("De kenmerken bevatten lege of oneindige waarden.")
    if success.size < MIN_HISTORY:
        raise InvalidInputError(
            f"Te weinig geschiedenis om van te leren: {success.size} uitkomsten, "
            f"minimaal {MIN_HISTORY} nodig."
        )
    if success.all() or not success.any():
        raise InvalidInputError("De geschiedenis heeft alleen maar één soort uitkomst.")


@dataclass(frozen=True, slots=True)
class _Logistic:
    intercept: float
    scale: float
    weights: NDArray[np.float64]

    def predict(self, x: NDArray[np.float64]) -> NDArray[np.float64]:
        return _sigmoid(self.intercept + x @ self.weights)


def floor_matrix(prior: Sequence[float], floors: Sequence[int]) -> NDArray[np.float64]:
    """The map ``w = M v`` that keeps every floored term at least at its default share.

    For a floored column f: ``w_f = alpha_f * (sum of the other terms' weights) + v_f`` with
    ``v_f >= 0`` and ``alpha_f = prior_f / (sum of the other terms' priors)``. Then w_f's share
    of the term weights is at least its default share, whatever the other terms learn; with
    ``v_f = 0`` it is exactly its default share. Identity without floors."""
    w0 = np.asarray(prior, dtype=np.float64)
    k = w0.size
    m = np.eye(k)
    free = [j for j in range(k) if w0[j] > 0 and j not in floors]
    total_free = float(w0[free].sum()) if free else 0.0
    for f in floors:
        if w0[f] > 0 and total_free > 0:
            m[f, free] = w0[f] / total_free
    return m


def fit_logistic(
    x: NDArray[np.float64],
    y: NDArray[np.float64],
    *,
    signs: Sequence[int],
    prior: Sequence[float],
    penalty: float,
    constrained: bool = True,
    floors: Sequence[int] = (),
) -> tuple[float, float, NDArray[np.float64]]:
    """Intercept, scale and weights minimising log-loss + penalty/2 * |w - scale * prior|^2.

    With ``constrained`` every weight keeps its sign (``signs``: +1 means >= 0, -1 means <= 0)
    and the scale is >= 0. Parameters: [intercept, scale, v_1..v_k] with ``w = M v``
    (:func:`floor_matrix`: the columns in ``floors`` keep at least their default share).
    """
    k = x.shape[1]
    w0 = np.asarray(prior, dtype=np.float64)
    m = floor_matrix(prior, floors) if floors and constrained else np.eye(k)
    xm = x @ m
    rate = float(np.clip(y.mean(), 0.01, 0.99))

    def objective(theta: NDArray[np.float64]) -> tuple[float, NDArray[np.float64]]:
        a, c, v = theta[0], theta[1], theta[2:]
        z = a + xm @ v
        # log(1 + e^z) - y z, written stably
        loss = float(np.sum(np.logaddexp(0.0, z) - y * z))
        d = m @ v - c * w0
        loss += 0.5 * penalty * float(d @ d)
        r = _sigmoid(z) - y
        grad = np.empty_like(theta)
        grad[0] = r.sum()
        grad[1] = -penalty * float(w0 @ d)
        grad[2:] = xm.T @ r + penalty * (m.T @ d)
        return loss, grad

    start = np.zeros(k + 2)
    start[0] = np.log(rate / (1.0 - rate))
    if constrained:
        bounds = [(None, None), (0.0, None)] + [
            (0.0, None) if s > 0 else (None, 0.0) for s in signs
        ]
    else:
        bounds = [(None, None)] * (k + 2)
    res = minimize(
        objective, start, jac=True, method="L-BFGS-B", bounds=bounds,
        options={"maxiter": 2000, "ftol": 1e-12, "gtol": 1e-8},
    )  # fmt: skip
    theta = np.asarray(res.x, dtype=np.float64)
    return float(theta[0]), float(theta[1]), m @ theta[2:]


def fit_rule_calibration(rule: NDArray[np.float64], y: NDArray[np.float64]) -> tuple[float, float]:
    """Intercept and slope of a logistic calibration of the rule score (slope >= 0)."""
    a, c, _ = fit_logistic(
        rule[:, None], y, signs=(1,), prior=(1.0,), penalty=1e6, constrained=True
    )
    return a, c


def make_booster(
    signs: Sequence[int], *, random_state: int = SEED
) -> HistGradientBoostingClassifier:
    """Conservative gradient boosting with the same monotone directions as the logistic model."""
    return HistGradientBoostingClassifier(
        max_iter=150,
        learning_rate=0.05,
        max_leaf_nodes=8,
        min_samples_leaf=20,
        l2_regularization=1.0,
        monotonic_cst=list(signs),
        early_stopping=False,
        random_state=random_state,
    )


def _log_loss(y: NDArray[np.float64], p: NDArray[np.float64]) -> float:
    q = np.clip(p, EPS, 1.0 - EPS)
    return float(-np.mean(y * np.log(q) + (1.0 - y) * np.log(1.0 - q)))


def _auc_rows(y: NDArray[np.float64], p: NDArray[np.float64]) -> NDArray[np.float64]:
    """AUC of every row of ``p`` against the same row of ``y`` (ties count half)."""
    ranks = rankdata(p, axis=1)
    pos = y.sum(axis=1)
    neg = y.shape[1] - pos
    u = (ranks * y).sum(axis=1) - pos * (pos + 1) / 2.0
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.asarray(u / (pos * neg), dtype=np.float64)


def auc(y: NDArray[np.float64], p: NDArray[np.float64]) -> float:
    """Area under the ROC curve."""
    return float(_auc_rows(y[None, :], p[None, :])[0])


def _interval(values: NDArray[np.float64], point: float) -> Estimate:
    ok = values[np.isfinite(values)]
    low, high = np.percentile(ok, [2.5, 97.5]) if ok.size else (np.nan, np.nan)
    return Estimate(point, float(low), float(high))


def bootstrap_compare(
    y: NDArray[np.float64],
    p_model: NDArray[np.float64],
    p_rule: NDArray[np.float64],
    rule_score: NDArray[np.float64],
    *,
    n_boot: int = BOOTSTRAP,
    seed: int = SEED,
) -> dict[str, Estimate]:
    """AUC and Brier of model and rules with paired bootstrap intervals (same resamples)."""
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, y.size, size=(n_boot, y.size))
    yb = y[idx]
    auc_m, auc_r = _auc_rows(yb, p_model[idx]), _auc_rows(yb, rule_score[idx])
    brier_m = ((p_model[idx] - yb) ** 2).mean(axis=1)
    brier_r = ((p_rule[idx] - yb) ** 2).mean(axis=1)
    point_auc_m, point_auc_r = auc(y, p_model), auc(y, rule_score)
    point_b_m = float(((p_model - y) ** 2).mean())
    point_b_r = float(((p_rule - y) ** 2).mean())
    return {
        "model_auc": _interval(auc_m, point_auc_m),
        "rule_auc": _interval(auc_r, point_auc_r),
        "model_brier": _interval(brier_m, point_b_m),
        "rule_brier": _interval(brier_r, point_b_r),
        "auc_gain": _interval(auc_m - auc_r, point_auc_m - point_auc_r),
        "brier_gain": _interval(brier_r - brier_m, point_b_r - point_b_m),
    }


def calibration_table(
    y: NDArray[np.float64], p: NDArray[np.float64], *, bins: int = 10
) -> tuple[CalibrationBin, ...]:
    """Predicted against observed success per band of width 1 / bins (empty bands left out)."""
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(np.digitize(p, edges[1:-1]), 0, bins - 1)
    out = []
    for b in range(bins):
        mask = which == b
        if mask.any():
            out.append(
                CalibrationBin(
                    low=float(edges[b]),
                    high=float(edges[b + 1]),
                    n=int(mask.sum()),
                    predicted=float(p[mask].mean()),
                    observed=float(y[mask].mean()),
                )
            )
    return tuple(out)


def fairness_table(
    y: NDArray[np.float64],
    p: NDArray[np.float64],
    groups: Mapping[str, NDArray[np.str_]],
    placement: Mapping[str, Mapping[str, float]] | None = None,
) -> tuple[GroupRow, ...]:
    """Held-out prediction error per group, so a model that fails one group shows up; with the
    group's placement rate when known (how many of its students got a place at all)."""
    rates = placement or {}
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
                    placement_rate=rates.get(attribute, {}).get(str(group)),
                )
            )
    return tuple(rows)


def _out_of_fold(
    x: NDArray[np.float64],
    y: NDArray[np.float64],
    rule: NDArray[np.float64],
    signs: Sequence[int],
    prior: Sequence[float],
    folds: list[tuple[NDArray[np.int64], NDArray[np.int64]]],
    random_state: int,
    floors: Sequence[int] = (),
) -> dict[str, NDArray[np.float64]]:
    """Held-out predictions of every candidate on the same folds."""
    out = {name: np.empty(y.size) for name in _candidate_names()}
    for train, test in folds:
        a, c = fit_rule_calibration(rule[train], y[train])
        out[RULES][test] = _sigmoid(a + c * rule[test])
        for lam in PENALTIES:
            a, _, w = fit_logistic(
                x[train], y[train], signs=signs, prior=prior, penalty=lam, floors=floors
            )
            out[_logistic_name(lam)][test] = _sigmoid(a + x[test] @ w)
        booster = make_booster(signs, random_state=random_state).fit(x[train], y[train])
        out[BOOSTING][test] = booster.predict_proba(x[test])[:, 1]
    return out


def _logistic_name(lam: float) -> str:
    return f"{LOGISTIC} (straf {lam:g})"


def _candidate_names() -> tuple[str, ...]:
    return (RULES, *(_logistic_name(lam) for lam in PENALTIES), BOOSTING)


def learn_success_model(
    features: NDArray[np.float64],
    success: NDArray[np.bool_],
    rule_score: NDArray[np.float64],
    *,
    feature_columns: Sequence[str],
    signs: Sequence[int],
    prior: Sequence[float],
    groups: Mapping[str, NDArray[np.str_]],
    placement: Mapping[str, Mapping[str, float]] | None = None,
    floors: Sequence[str] = (),
    random_state: int = SEED,
) -> LearningResult:
    """Compare rules, the term model and boosting on the same stratified folds; fit the winner.

    ``floors`` names term columns that keep at least their default share of the weights in the
    term model (:func:`floor_matrix`); ``placement`` is the placement rate per group for the
    fairness table (attribute -> group -> share placed).

    Chooses the candidate with the lowest held-out log-loss. Raises an InvalidInputError (in
    Dutch) when the history is too small or has only one kind of outcome. Runs single-threaded:
    these fits are small, and thread start-up on a busy machine cost 30-80x their work.
    """
    _check(features, success, feature_columns, signs, prior)
    unknown = [f for f in floors if f not in feature_columns]
    if unknown:
        raise InvalidInputError(f"Onbekende kolom voor een ondergrens: {', '.join(unknown)}.")
    floor_idx = tuple(list(feature_columns).index(f) for f in floors)
    with threadpool_limits(limits=1):
        return _learn(
            features, success, rule_score, feature_columns=feature_columns, signs=signs,
            prior=prior, groups=groups, placement=placement or {}, floors=floor_idx,
            random_state=random_state,
        )  # fmt: skip


def _learn(
    features: NDArray[np.float64],
    success: NDArray[np.bool_],
    rule_score: NDArray[np.float64],
    *,
    feature_columns: Sequence[str],
    signs: Sequence[int],
    prior: Sequence[float],
    groups: Mapping[str, NDArray[np.str_]],
    placement: Mapping[str, Mapping[str, float]],
    floors: Sequence[int],
    random_state: int,
) -> LearningResult:
    x = np.asarray(features, dtype=np.float64)
    y = success.astype(np.float64)
    splitter = StratifiedKFold(n_splits=CV_FOLDS, shuffle=True, random_state=random_state)
    folds = [(tr, te) for tr, te in splitter.split(x, success.astype(int))]
    oof = _out_of_fold(x, y, rule_score, signs, prior, folds, random_state, floors)
    losses = {name: _log_loss(y, p) for name, p in oof.items()}
    best_logistic = min(PENALTIES, key=lambda lam: losses[_logistic_name(lam)])
    logistic_name = _logistic_name(best_logistic)
    learned_name = logistic_name if losses[logistic_name] <= losses[BOOSTING] else BOOSTING
    chosen = learned_name if losses[learned_name] < losses[RULES] else RULES
    kind = BOOSTING if learned_name == BOOSTING else LOGISTIC
    p_best = oof[learned_name]
    figures = bootstrap_compare(y, p_best, oof[RULES], rule_score, seed=random_state)
    note = _note(chosen, kind, losses[learned_name], losses[RULES])
    evaluation = Evaluation(
        n=int(y.size),
        success_rate=float(y.mean()),
        chosen=RULES if chosen == RULES else kind,
        penalty=best_logistic,
        log_loss=tuple((name, round(v, 6)) for name, v in losses.items()),
        calibration=calibration_table(y, oof[chosen]),
        fairness=fairness_table(y, oof[chosen], groups, placement),
        note=note,
        **figures,
    )
    if chosen == RULES:
        return LearningResult(evaluation, None, fallback=True)
    a, c, w = fit_logistic(x, y, signs=signs, prior=prior, penalty=best_logistic, floors=floors)
    booster = make_booster(signs, random_state=random_state).fit(x, y) if kind == BOOSTING else None
    model = SuccessModel(
        kind=kind, feature_columns=tuple(feature_columns), signs=tuple(signs),
        prior=tuple(float(v) for v in prior), n_outcomes=int(y.size), intercept=a,
        weights=tuple(float(v) for v in w), scale=c, penalty=best_logistic, booster=booster,
    )  # fmt: skip
    return LearningResult(evaluation, model, fallback=False)


def _note(chosen: str, kind: str, learned_loss: float, rule_loss: float) -> str:
    if chosen == RULES:
        return (
            "Het geleerde model voorspelt eerdere uitkomsten niet beter dan de regels "
            f"(log-loss {decimal(learned_loss, 3)} tegen {decimal(rule_loss, 3)}). "
            "De ronde gebruikt de regels."
        )
    what = (
        "de criteria van het handboek met gewichten uit jullie eigen uitkomsten"
        if kind == LOGISTIC
        else "gradient boosting op de criteria van het handboek (beter dan de gewichten alleen)"
    )
    return f"Geleerd model gekozen: {what}."


def blend(
    rule_score: NDArray[np.float64], success_probability: NDArray[np.float64], *, weight: float
) -> NDArray[np.float64]:
    """The final score: the rule score, moved towards the learned probability by ``weight``."""
    return np.asarray((1.0 - weight) * rule_score + weight * success_probability, dtype=np.float64)
