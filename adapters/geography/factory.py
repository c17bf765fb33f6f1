"""Build the geocoder the settings ask for."""

from __future__ import annotations

from adapters.geography import Geocoder
from adapters.geography.centroids import read_centroid_file
from adapters.geography.online import ChainGeocoder, NominatimGeocoder
from adapters.geography.postcodes import PostcodeTable
from adapters.settings import Settings


def make_geocoder(settings: Settings) -> Geocoder:
    """Shipped table, plus the school's centroid file, plus the online geocoder when enabled."""
    table = PostcodeTable.from_package()
    if settings.postcode_file is not None:
        table = table.with_overrides(read_centroid_file(settings.postcode_file))
    if not settings.online_geocoder:
        return table
    online = NominatimGeocoder(settings.geocoder_user_agent, timeout=settings.geocoder_timeout_s)
    return ChainGeocoder(table, online)
