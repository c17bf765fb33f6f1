"""Dutch postcodes: normalising user input and the offline PC4 table shipped with the package.

The table (``adapters/data/postcodes_nl.csv``) is built by ``scripts/build_postcodes.py`` from
GeoNames data (CC BY 4.0). Its points are per woonplaats or gemeente, not per PC4, so every
point carries that coarse precision and the core adds a matching distance floor.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib.resources import files
from types import MappingProxyType

from matcher.domain import GeoPoint, Precision

_POSTCODE_RE = re.compile(r"([1-9][0-9]{3})\s*([a-z]{2})?", re.IGNORECASE | re.ASCII)
# PostNL does not hand out these letter pairs.
_UNUSED_LETTERS = frozenset({"SA", "SD", "SS"})
_TABLE_PRECISION = {
    "place": Precision.PLACE,
    "municipality": Precision.MUNICIPALITY,
    "region": Precision.REGION,
}
_EMPTY: Mapping[str, GeoPoint] = MappingProxyType({})


def normalize_postcode(text: str) -> str | None:
    """'1234' or '1234AB' (upper case, no space) for a valid Dutch postcode, else None."""
    match = _POSTCODE_RE.fullmatch(text.strip())
    if match is None:
        return None
    digits, letters = match.group(1), (match.group(2) or "").upper()
    if letters in _UNUSED_LETTERS:
        return None
    return digits + letters


def override_precision(postcode: str) -> Precision:
    """Precision of a centroid given for a normalised postcode: PC6 or PC4."""
    return Precision.PC6 if len(postcode) == 6 else Precision.PC4


@dataclass(frozen=True, slots=True)
class PostcodeEntry:
    """One row of the PC4 table: where the postcode's woonplaats is."""

    place: str
    gemeente: str
    province: str
    point: GeoPoint


class PostcodeTable:
    """Offline geocoder: PC4 table plus optional better centroids (PC6 or PC4) that win."""

    def __init__(
        self, entries: Mapping[str, PostcodeEntry], overrides: Mapping[str, GeoPoint] = _EMPTY
    ) -> None:
        self._entries = entries
        self._overrides = overrides

    @classmethod
    def from_package(cls) -> PostcodeTable:
        """The table shipped in ``adapters/data/postcodes_nl.csv`` (loaded once per process)."""
        return _package_table()

    @classmethod
    def from_csv_text(cls, text: str) -> PostcodeTable:
        """A table from CSV text with columns pc4,place,gemeente,province,lat,lon,precision."""
        entries: dict[str, PostcodeEntry] = {}
        for row in csv.DictReader(io.StringIO(text)):
            point = GeoPoint(
                float(row["lat"]), float(row["lon"]), _TABLE_PRECISION[row["precision"]]
            )
            entries[row["pc4"]] = PostcodeEntry(
                row["place"], row["gemeente"], row["province"], point
            )
        return cls(MappingProxyType(entries))

    def with_overrides(self, points: Mapping[str, GeoPoint]) -> PostcodeTable:
        """A new table where these points (keyed by PC6 or PC4) win over the shipped ones."""
        merged = dict(self._overrides)
        for postcode, point in points.items():
            key = normalize_postcode(postcode)
            if key is None:
                raise ValueError(f"not a Dutch postcode: {postcode!r}")
            merged[key] = replace(point, precision=override_precision(key))
        return PostcodeTable(self._entries, MappingProxyType(merged))

    def locate(self, postcode: str) -> GeoPoint | None:
        """Point for a postcode: PC6 override, then PC4 override, then the PC4 table, or None."""
        key = normalize_postcode(postcode)
        if key is None:
            return None
        found = self._overrides.get(key) or self._overrides.get(key[:4])
        if found is not None:
            return found
        entry = self._entries.get(key[:4])
        return entry.point if entry else None

    def place_name(self, postcode: str) -> str | None:
        """The woonplaats a postcode belongs to, or None when the table does not know it."""
        key = normalize_postcode(postcode)
        entry = self._entries.get(key[:4]) if key else None
        return entry.place if entry else None

    def __len__(self) -> int:
        """Number of PC4 codes in the shipped table (overrides not counted)."""
        return len(self._entries)


@lru_cache(maxsize=1)
def _package_table() -> PostcodeTable:
    """Read the shipped table once."""
    text = files("adapters").joinpath("data", "postcodes_nl.csv").read_text(encoding="utf-8")
    return PostcodeTable.from_csv_text(text)
