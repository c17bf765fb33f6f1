"""Dutch towns as demo-data anchors, and the hand-picked ROC school towns used as centres.

The town table itself (names, coordinates, population, PC4 codes) is read by an adapter from
``adapters/data/towns_nl.csv``; this module only defines the value and pure helpers on it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray


@dataclass(frozen=True)
class Town:
    """A town with its centre, population and the PC4 postcodes that belong to it."""

    name: str
    province: str
    lat: float
    lon: float
    population: int
    pc4s: tuple[str, ...] = ()


# Towns with an ROC (regional mbo college) location; each entry lists spellings GeoNames and
# Dutch sources use. Hand-picked to spread over all provinces; the first spelling found wins.
ROC_TOWNS: tuple[tuple[str, ...], ...] = (
    ("Amsterdam",),
    ("Rotterdam",),
    ("Den Haag", "The Hague", "'s-Gravenhage"),
    ("Utrecht",),
    ("Eindhoven",),
    ("Tilburg",),
    ("Groningen",),
    ("Almere", "Almere Stad"),
    ("Breda",),
    ("Nijmegen",),
    ("Apeldoorn",),
    ("Arnhem",),
    ("Haarlem",),
    ("Enschede",),
    ("Amersfoort",),
    ("Zaandam", "Zaanstad"),
    ("'s-Hertogenbosch", "Den Bosch", "s-Hertogenbosch"),
    ("Zwolle",),
    ("Leiden",),
    ("Maastricht",),
    ("Dordrecht",),
    ("Ede",),
    ("Alkmaar",),
    ("Leeuwarden",),
    ("Emmen",),
    ("Deventer",),
    ("Delft",),
    ("Venlo",),
    ("Helmond",),
    ("Hengelo",),
    ("Hoorn",),
    ("Gouda",),
    ("Oss",),
    ("Roosendaal",),
    ("Heerlen",),
    ("Assen",),
    ("Middelburg",),
    ("Drachten",),
    ("Doetinchem",),
    ("Lelystad",),
    ("Den Helder",),
    ("Terneuzen",),
    ("Roermond",),
    ("Tiel",),
)

MIN_SCHOOL_TOWNS = 3


def school_towns(towns: Sequence[Town]) -> tuple[int, ...]:
    """Indices in ``towns`` of the ROC school towns present (the largest towns if none are)."""
    by_name: dict[str, int] = {}
    for i, t in enumerate(towns):
        key = t.name.casefold()
        if key not in by_name or towns[by_name[key]].population < t.population:
            by_name[key] = i
    found: list[int] = []
    for spellings in ROC_TOWNS:
        hit = next((by_name[s.casefold()] for s in spellings if s.casefold() in by_name), None)
        if hit is not None and hit not in found:
            found.append(hit)
    if len(found) >= MIN_SCHOOL_TOWNS:
        return tuple(found)
    largest = np.argsort([-t.population for t in towns], kind="stable")
    return tuple(int(i) for i in largest[: max(MIN_SCHOOL_TOWNS, len(found))])


@dataclass(frozen=True)
class TownArrays:
    """Columns of a town table as numpy arrays, for vectorised sampling."""

    lat: NDArray[np.float64]
    lon: NDArray[np.float64]
    population: NDArray[np.float64]
    radius_km: NDArray[np.float64]  # rough half-size of the built-up area


def town_arrays(towns: Sequence[Town]) -> TownArrays:
    """Town columns as arrays; the radius grows with the square root of the population."""
    pop = np.array([max(t.population, 1) for t in towns], dtype=np.float64)
    return TownArrays(
        lat=np.array([t.lat for t in towns], dtype=np.float64),
        lon=np.array([t.lon for t in towns], dtype=np.float64),
        population=pop,
        radius_km=np.clip(0.25 * np.sqrt(pop / 1000.0), 0.3, 6.0),
    )
