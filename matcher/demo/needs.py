"""Support needs of demo students: functional needs that are more common at niveau 1-2.

A student first "has a support question" with a probability that depends on the niveau
(SUPPORT_P; domain.md: most requests for help come from niveau 1 and 2). Each need is then drawn
among those students so that its share over the whole population is about NEED_SHARE.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from matcher.demo.sampling import bernoulli, categorical
from matcher.domain import SupportArea

SUPPORT_P = np.array([0.70, 0.55, 0.35, 0.25])  # P(support question | niveau 1..4)
NIVEAU_P = np.array([0.35, 0.30, 0.20, 0.15])
OVERALL_SUPPORT = float(SUPPORT_P @ NIVEAU_P)
NEED_SHARE: dict[str, float] = {
    "wheelchair": 0.05,
    "quiet": 0.15,
    "reduced_hours": 0.15,
    "spoons": 0.10,
    "predictable": 0.18,
    "flexible": 0.12,
    "breaks": 0.15,
    "adjustable": 0.04,
    "taal": 0.08,
    "gedrag": 0.04,
}


@dataclass(frozen=True)
class Needs:
    """Per-student need columns (arrays of equal length)."""

    support: NDArray[np.bool_]
    flags: dict[str, NDArray[np.bool_]]
    physical_capacity: NDArray[np.int64]
    mental_capacity: NDArray[np.int64]
    stimulus: NDArray[np.int64]
    social: NDArray[np.int64]
    guidance: NDArray[np.float64]
    adapted_toilet: NDArray[np.bool_]
    spoons: NDArray[np.float64]  # NaN when the student keeps no spoon budget
    areas: list[frozenset[SupportArea]]


def _pick(
    rng: np.random.Generator, mask: NDArray[np.bool_], yes: list[float], no: list[float]
) -> NDArray[np.int64]:
    return categorical(rng, np.where(mask[:, None], yes, no))


def draw_needs(rng: np.random.Generator, niveau: NDArray[np.int64]) -> Needs:
    """Draw correlated needs, capacities and support areas for students of the given niveaus."""
    n = niveau.size
    support = bernoulli(rng, SUPPORT_P[niveau - 1])
    flags = {
        k: support & bernoulli(rng, np.full(n, v / OVERALL_SUPPORT)) for k, v in NEED_SHARE.items()
    }
    wheel = flags["wheelchair"]
    flags["adjustable"] = flags["adjustable"] | wheel
    phys = np.where(
        wheel,
        1 + rng.integers(0, 2, n),
        2 + _pick(rng, support, [0.1, 0.25, 0.35, 0.3], [0, 0.1, 0.3, 0.6]),
    )
    ment = 1 + _pick(rng, support, [0.05, 0.2, 0.35, 0.25, 0.15], [0, 0.02, 0.13, 0.35, 0.5])
    stim = np.where(
        flags["quiet"],
        2 + rng.integers(0, 2, n),
        _pick(rng, support, [0.5, 0.35, 0.15], [0.85, 0.15, 0]),
    )
    social = _pick(rng, support, [0.2, 0.35, 0.3, 0.15], [0.8, 0.2, 0, 0])
    g_yes = np.array([1.0, 1.5, 2.0, 3.0, 4.0])[
        categorical(rng, np.tile([0.15, 0.25, 0.3, 0.2, 0.1], (n, 1)))
    ]
    g_no = np.array([0.5, 1.0, 1.5])[categorical(rng, np.tile([0.2, 0.6, 0.2], (n, 1)))]
    guidance = np.where(support, g_yes + 0.5 * (niveau == 1), g_no)
    toilet = wheel & bernoulli(rng, np.full(n, 0.7))
    spoons = np.where(flags["spoons"], rng.integers(24, 37, n) / 2.0, np.nan)
    areas = _areas(flags, phys, stim, social)
    return Needs(support, flags, phys, ment, stim, social, guidance, toilet, spoons, areas)


def _areas(
    flags: dict[str, NDArray[np.bool_]],
    phys: NDArray[np.int64],
    stim: NDArray[np.int64],
    social: NDArray[np.int64],
) -> list[frozenset[SupportArea]]:
    """Functional support areas that follow from the needs (never a diagnosis)."""
    columns = {
        SupportArea.MOBILITEIT: flags["wheelchair"] | (phys <= 2),
        SupportArea.PRIKKELS: flags["quiet"] | (stim >= 2),
        SupportArea.ENERGIE: flags["spoons"] | flags["reduced_hours"] | flags["breaks"],
        SupportArea.STRUCTUUR: flags["predictable"],
        SupportArea.COMMUNICATIE: social >= 2,
        SupportArea.TAAL: flags["taal"],
        SupportArea.GEDRAG: flags["gedrag"],
    }
    keys = list(columns)
    matrix = np.column_stack([columns[k] for k in keys])
    return [frozenset(k for k, on in zip(keys, row, strict=True) if on) for row in matrix.tolist()]
