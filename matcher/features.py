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
