"""Numeric pair features for a learned success model: the soft terms plus the raw gaps behind them.

Same code path as the terms (``score_pairs`` -> ``TermParts``), so a feature can never drift
from what the rule score sees. Pseudonymous numbers only: no ids, no free text, no diagnoses
(domain.md R11). Missing spoon figures are NaN (HistGradientBoosting handles NaN natively).
"""

from __future__ import annotations

from datetime import date

import numpy as np
from numpy.typing import NDArray

from matcher.candidates import CandidatePairs
from matcher.policy import TERM_NAMES, ScoringPolicy
from matcher.scoring.terms import PairScores, score_pairs
from matcher.tables import PlaceTable, StudentTable

RAW_COLUMNS: tuple[str, ...] = (
    "physical_gap",
    "mental_gap",
    "facility_fit",
    "social_gap",
    "guidance_ratio",
    "expertise_overlap",
    "stimulus_need",
    "quiet_value",
    "day_excess_h",
    "travel_ratio",
    "spoon_cost",
    "spoon_leftover",
    "preference_rank",
)
PAIR_COLUMNS: tuple[str, ...] = (
    "travel_min",
    "distance_km",
    "hours_gap",  # student's hours per week minus the middle of the place's range
    "age",
    "niveau",
    "needs_support",
    "support_area_count",
    "facility_needs",
    "is_bbl",
)
FEATURE_COLUMNS: tuple[str, ...] = (
    tuple(f"term_{t}" for t in TERM_NAMES) + ("score",) + RAW_COLUMNS + PAIR_COLUMNS
)


def pair_features(
    students: StudentTable,
    places: PlaceTable,
    pairs: CandidatePairs,
    *,
    on: date,
    policy: ScoringPolicy | None = None,
    scores: PairScores | None = None,
) -> tuple[NDArray[np.float64], tuple[str, ...]]:
    """Feature matrix (one row per pair, FEATURE_COLUMNS order) and its column names."""
    sc = scores or score_pairs(students, places, pairs, policy=policy)
    s, p = pairs.s_idx, pairs.p_idx
    st = students
    mid = (places.hours_min[p] + places.hours_max[p]) / 2.0
    facility_needs = (
        st.needs_wheelchair.astype(int) + st.needs_toilet + st.needs_adjustable + st.needs_quiet
    )[s]
    pair_cols = {
        "travel_min": pairs.travel_min,
        "distance_km": pairs.distance_km,
        "hours_gap": st.hours_per_week[s] - mid,
        "age": st.age_on(on)[s],
        "niveau": st.niveau[s],
        "needs_support": st.needs_support[s],
        "support_area_count": np.bitwise_count(st.support.astype(np.uint64))[s],
        "facility_needs": facility_needs,
        "is_bbl": st.is_bbl[s],
    }
    cols = [sc.terms[t] for t in TERM_NAMES] + [sc.total]
    cols += [getattr(sc.parts, name) for name in RAW_COLUMNS]
    cols += [pair_cols[name] for name in PAIR_COLUMNS]
    matrix = np.column_stack([np.asarray(c, dtype=np.float64) for c in cols])
    return matrix.reshape(len(pairs), len(FEATURE_COLUMNS)), FEATURE_COLUMNS


# The learned success model (matcher.scoring.learned) reads the seven handbook terms and a few
# documented interactions, not the raw columns above: its coefficients are then the learned
# weights of the handbook's own criteria. Every column has a fixed direction (``MODEL_SIGNS``):
# a term is a fit (higher is better, its weight can never be negative); an interaction measures
# a worse fit (higher is worse, its weight can never be positive). Travel with energy is inside
# the reis term already (the commute's spoons against the budget); a separate product of the two
# added nothing on held-out outcomes and its sign was unstable, so it is no column; the same
# held for "under 18 x long travel" (too few minors with long trips to tell). See
# docs/learning.md.
INTERACTION_COLUMNS: tuple[str, ...] = (
    "load_over_capacity",  # (physical + mental load above capacity) / 4, the "load gaps"
    "travel_over_max",  # travel beyond the student's own maximum (history only: a hard rule now)
    "low_niveau_x_guidance",  # niveau 1-2 x shortfall of guidance time (1 - ratio, >= 0)
    "sensitive_x_pace",  # stimulus sensitivity (0-1) x mental load above average (0-1)
)
MODEL_COLUMNS: tuple[str, ...] = TERM_NAMES + INTERACTION_COLUMNS
MODEL_SIGNS: tuple[int, ...] = (1,) * len(TERM_NAMES) + (-1,) * len(INTERACTION_COLUMNS)
# Terms whose learned weight never falls below their default share (see docs/learning.md): the
# student's own wishes are the student's voice in the match (the handbook puts the student's
# wishes first), not a nuisance variable to fit away when a bureau's outcomes show no effect.
MODEL_FLOORS: tuple[str, ...] = ("voorkeur",)
TRAVEL_RATIO_CAP = 1.5


def model_prior(policy: ScoringPolicy | None = None) -> tuple[float, ...]:
    """The default weight of every model column: the policy's term weights (summing to 1), 0 for
    an interaction. The learned model starts from these and moves only as far as outcomes show."""
    weights = (policy or ScoringPolicy()).weights.as_dict()
    norm = sum(weights.values()) or 1.0
    return tuple(weights[t] / norm for t in TERM_NAMES) + (0.0,) * len(INTERACTION_COLUMNS)


def model_features(
    students: StudentTable,
    places: PlaceTable,
    pairs: CandidatePairs,
    *,
    policy: ScoringPolicy | None = None,
    scores: PairScores | None = None,
) -> NDArray[np.float64]:
    """Feature matrix of the learned model (one row per pair, MODEL_COLUMNS order)."""
    pol = policy or ScoringPolicy()
    sc = scores or score_pairs(students, places, pairs, policy=pol)
    t, s, p = sc.parts, pairs.s_idx, pairs.p_idx
    ratio = np.clip(t.travel_ratio, 0.0, TRAVEL_RATIO_CAP)
    guidance_short = 1.0 - np.clip(t.guidance_ratio, 0.0, 1.0)
    sensitivity = students.stimulus_sensitivity[s] / 3.0
    pace = np.clip((places.mental_load[p] - 3.0) / 2.0, 0.0, 1.0)
    interactions = {
        "load_over_capacity": (np.maximum(t.physical_gap, 0.0) + np.maximum(t.mental_gap, 0.0))
        / 4.0,
        "travel_over_max": np.maximum(ratio - 1.0, 0.0),
        "low_niveau_x_guidance": (students.niveau[s] <= 2) * guidance_short,
        "sensitive_x_pace": sensitivity * pace,
    }
    cols = [sc.terms[name] for name in TERM_NAMES] + [interactions[n] for n in INTERACTION_COLUMNS]
    matrix = np.column_stack([np.asarray(c, dtype=np.float64) for c in cols])
    return matrix.reshape(len(pairs), len(MODEL_COLUMNS))
