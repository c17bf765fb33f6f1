"""make_geocoder follows the settings: table, school file, online chain."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from adapters.geography import factory
from adapters.geography.factory import make_geocoder
from adapters.settings import Settings
from matcher.domain import GeoPoint, Precision

WriteFile = Callable[[str, str | bytes], Path]


class FakeOnline:
    """Records how it was built; knows one postcode the table lacks."""

    built: list[tuple[str, float]] = []

    def __init__(self, user_agent: str, *, timeout: float) -> None:
        FakeOnline.built.append((user_agent, timeout))

    def locate(self, postcode: str) -> GeoPoint | None:
        return GeoPoint(52.37, 4.89, Precision.PC6) if postcode == "1000 AA" else None


@pytest.fixture
def fake_online(monkeypatch: pytest.MonkeyPatch) -> type[FakeOnline]:
    FakeOnline.built = []
    monkeypatch.setattr(factory, "NominatimGeocoder", FakeOnline)
    return FakeOnline


def settings(**values: Any) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


def test_default_uses_the_shipped_table_only(
    no_network: None, fake_online: type[FakeOnline]
) -> None:
    geocoder = make_geocoder(settings())
    point = geocoder.locate("3811 AB")
    assert point is not None
    assert point.precision is Precision.PLACE
    assert geocoder.locate("1000 AA") is None
    assert fake_online.built == []


def test_school_file_wins_with_pc6_precision(no_network: None, write_file: WriteFile) -> None:
    path = write_file("centroids.csv", "postcode,lat,lon\n3811AB,52.1561,5.3871\n")
    geocoder = make_geocoder(settings(postcode_file=path))
    assert geocoder.locate("3811 ab") == GeoPoint(52.1561, 5.3871, Precision.PC6)
    other = geocoder.locate("3811 AC")
    assert other is not None
    assert other.precision is Precision.PLACE


def test_online_is_asked_only_when_switched_on(fake_online: type[FakeOnline]) -> None:
    geocoder = make_geocoder(
        settings(online_geocoder=True, geocoder_user_agent="school-x", geocoder_timeout_s=3.0)
    )
    assert fake_online.built == [("school-x", 3.0)]
    assert geocoder.locate("1000 AA") == GeoPoint(52.37, 4.89, Precision.PC6)
    table_point = geocoder.locate("3811 AB")  # the table answers first
    assert table_point is not None
    assert table_point.precision is Precision.PLACE
