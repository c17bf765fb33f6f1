"""Geography adapters: postcode to coordinates without network, optional online geocoder."""

from __future__ import annotations

from typing import Protocol

from matcher.domain import GeoPoint


class Geocoder(Protocol):
    """Turns a Dutch postcode (1234, 1234AB or 1234 AB) into a point, or None if unknown."""

    def locate(self, postcode: str) -> GeoPoint | None:
        """The point for ``postcode`` with its precision, or None when it cannot be resolved."""
        ...
