"""Optional online geocoding (geopy Nominatim) and a chain that asks geocoders in turn.

Off by default (``Settings.online_geocoder``). An online answer is a convenience, never a
requirement: every network or service error is logged and turned into ``None``.
"""

from __future__ import annotations

import logging
from typing import Any

from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import Nominatim

from adapters.geography import Geocoder
from adapters.geography.centroids import LAT_RANGE, LON_RANGE
from adapters.geography.postcodes import normalize_postcode, override_precision
from matcher.domain import GeoPoint

logger = logging.getLogger(__name__)


class NominatimGeocoder:
    """Postcode lookups on OpenStreetMap Nominatim, rate-limited, cached per postcode."""

    def __init__(
        self,
        user_agent: str,
        *,
        timeout: float = 5.0,
        min_delay_seconds: float = 1.0,
        max_retries: int = 1,
        backend: Any | None = None,
    ) -> None:
        self._backend = backend or Nominatim(user_agent=user_agent, timeout=timeout)
        self._geocode = RateLimiter(
            self._backend.geocode,
            min_delay_seconds=min_delay_seconds,
            max_retries=max_retries,
            error_wait_seconds=max(min_delay_seconds, 2.0),
            swallow_exceptions=False,
        )
        self._cache: dict[str, GeoPoint | None] = {}

    def locate(self, postcode: str) -> GeoPoint | None:
        """Point for a postcode (PC6 or PC4 precision), or None when unknown or offline."""
        key = normalize_postcode(postcode)
        if key is None:
            return None
        if key not in self._cache:
            self._cache[key] = self._ask(key)
        return self._cache[key]

    def _ask(self, key: str) -> GeoPoint | None:
        """One rate-limited request; errors become None with a warning in the log."""
        query = {"postalcode": f"{key[:4]} {key[4:]}".strip(), "country": "Nederland"}
        try:
            found = self._geocode(query, exactly_one=True, country_codes="nl")
        except Exception as exc:  # noqa: BLE001 - any geopy or network failure means "unknown"
            logger.warning("online geocoder failed for %s: %s", key, exc)
            return None
        if found is None:
            return None
        lat, lon = float(found.latitude), float(found.longitude)
        if not (LAT_RANGE[0] <= lat <= LAT_RANGE[1] and LON_RANGE[0] <= lon <= LON_RANGE[1]):
            logger.warning("online geocoder placed %s outside the Netherlands; ignored", key)
            return None
        return GeoPoint(lat, lon, override_precision(key))


class ChainGeocoder:
    """Asks each geocoder in order and returns the first answer."""

    def __init__(self, *geocoders: Geocoder) -> None:
        self._geocoders = geocoders

    def locate(self, postcode: str) -> GeoPoint | None:
        """The first non-None point any geocoder gives, else None."""
        for geocoder in self._geocoders:
            point = geocoder.locate(postcode)
            if point is not None:
                return point
        return None
