"""Combine a row's postcode / lat / lon cells into one GeoPoint (lat/lon win over postcode)."""

from __future__ import annotations

from dataclasses import dataclass, field

from adapters.geography import Geocoder
from adapters.tabular.rows import ParsedRow
from matcher.domain import GeoPoint, Precision
from matcher.errors import Issue

NL_LAT = (50.7, 53.7)
NL_LON = (3.2, 7.3)

OUTSIDE_NL = (
    "dit punt ligt niet in Nederland; lat moet tussen 50,7 en 53,7 liggen en lon tussen 3,2 en 7,3"
)
SWAPPED = "lat en lon lijken omgewisseld; lat is ongeveer 52 en lon ongeveer 5 in Nederland"
UNKNOWN_POSTCODE = "onbekende postcode; controleer de postcode of vul lat en lon in"
NO_LOCATION = "vul een postcode in (zoals 1234 AB) of lat en lon"


@dataclass
class CachedGeocoder:
    """Asks the wrapped geocoder once per postcode during one import."""

    geocoder: Geocoder
    cache: dict[str, GeoPoint | None] = field(default_factory=dict)

    def locate(self, postcode: str) -> GeoPoint | None:
        """The point for ``postcode`` (normalised as 1234AB or 1234), or None."""
        try:
            return self.cache[postcode]
        except KeyError:
            point = self.cache[postcode] = self.geocoder.locate(postcode)
            return point


def _inside(value: float, bounds: tuple[float, float]) -> bool:
    return bounds[0] <= value <= bounds[1]


def resolve_location(
    parsed: ParsedRow, file: str, geocoder: CachedGeocoder, *, required: bool
) -> tuple[GeoPoint | None, Issue | None]:
    """The row's location, or the issue that stops it (None, None when optional and absent)."""
    if parsed.bad and not parsed.bad.isdisjoint(("postcode", "lat", "lon")):
        return None, None  # already reported as a bad value
    values, row = parsed.values, parsed.row
    lat, lon = values.get("lat"), values.get("lon")
    if lat is not None and lon is not None:
        if _inside(lat, NL_LAT) and _inside(lon, NL_LON):
            return GeoPoint(lat, lon, Precision.EXACT), None
        reason = SWAPPED if _inside(lon, NL_LAT) and _inside(lat, NL_LON) else OUTSIDE_NL
        return None, Issue(file, row, "lat", reason, f"{lat}, {lon}")
    if (lat is None) != (lon is None):
        missing = "lon" if lon is None else "lat"
        return None, Issue(file, row, missing, "lat en lon horen bij elkaar; vul ze allebei in")
    postcode = values.get("postcode")
    if postcode is not None:
        point = geocoder.locate(postcode)
        if point is None:
            return None, Issue(file, row, "postcode", UNKNOWN_POSTCODE, postcode)
        return point, None
    if required:
        return None, Issue(file, row, "postcode", NO_LOCATION)
    return None, None
