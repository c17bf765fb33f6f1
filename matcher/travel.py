"""Travel time per mode: an estimate from straight-line distance, behind a small interface.

No route planner or timetable is available offline, so travel time is estimated as

    minutes = distance_km * detour / speed_kmh * 60 + overhead_min

per mode. The figures below are assumptions to be calibrated with a BPV-bureau; every number
shown to a user is marked as an estimate ("ongeveer", "≈"). A real router (OSRM, Valhalla, R5)
can replace :class:`EstimatedTravelTime` by implementing :class:`TravelTimeProvider`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
from numpy.typing import ArrayLike, NDArray

from matcher.domain import TravelMode


@dataclass(frozen=True, slots=True)
class ModeSpeed:
    """How one mode turns distance into minutes."""

    speed_kmh: float  # average speed over the route, stops included
    detour: float  # route length / straight-line distance
    overhead_min: float  # fixed minutes: walking to a stop, waiting, parking, pick-up


# Reasoning: roads and cycle paths in the Netherlands are on average ~1.3x the straight line.
# OV (bus/train mixed) averages ~25 km/h door-to-door on regional trips, plus ~10 min to walk to
# the stop and wait. Cycling 15 km/h (a calm pace, not an e-bike). Car 45 km/h mixed urban and
# provincial roads. Taxi (e.g. a UWV vervoersvoorziening) as car plus 10 min pick-up margin.
DEFAULT_SPEEDS: Mapping[TravelMode, ModeSpeed] = {
    TravelMode.OV: ModeSpeed(speed_kmh=25.0, detour=1.3, overhead_min=10.0),
    TravelMode.FIETS: ModeSpeed(speed_kmh=15.0, detour=1.3, overhead_min=0.0),
    TravelMode.AUTO: ModeSpeed(speed_kmh=45.0, detour=1.3, overhead_min=0.0),
    TravelMode.LOPEN: ModeSpeed(speed_kmh=4.5, detour=1.3, overhead_min=0.0),
    TravelMode.TAXI: ModeSpeed(speed_kmh=45.0, detour=1.3, overhead_min=10.0),
}


class TravelTimeProvider(Protocol):
    """Anything that can tell one-way travel minutes for many pairs at once."""

    def minutes(self, mode: TravelMode, distance_km: ArrayLike) -> NDArray[np.float64]:
        """One-way minutes for each distance, travelling by ``mode``."""
        ...

    def reach_km(self, mode: TravelMode, minutes: float) -> float:
        """Largest straight-line distance that could still be travelled within ``minutes``."""
        ...


@dataclass(frozen=True, slots=True)
class EstimatedTravelTime:
    """Travel time estimated from distance with per-mode speed, detour and overhead."""

    speeds: Mapping[TravelMode, ModeSpeed] = field(default_factory=lambda: dict(DEFAULT_SPEEDS))

    def minutes(self, mode: TravelMode, distance_km: ArrayLike) -> NDArray[np.float64]:
        """One-way minutes for each distance (an estimate)."""
        s = self.speeds[mode]
        d = np.asarray(distance_km, dtype=np.float64)
        return d * s.detour / s.speed_kmh * 60.0 + s.overhead_min

    def reach_km(self, mode: TravelMode, minutes: float) -> float:
        """Largest straight-line distance reachable within ``minutes`` (0 when none is)."""
        s = self.speeds[mode]
        return max(0.0, (minutes - s.overhead_min) * s.speed_kmh / 60.0 / s.detour)
