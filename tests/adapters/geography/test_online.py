"""The optional online geocoder, with a fake geopy backend: never the real network."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

import pytest
from geopy.exc import GeocoderServiceError, GeocoderTimedOut

from adapters.geography.online import ChainGeocoder, NominatimGeocoder
from matcher.domain import GeoPoint, Precision


@dataclass
class FakeLocation:
    latitude: float
    longitude: float


@dataclass
class FakeNominatim:
    """Stands in for geopy's Nominatim: answers from a dict or raises."""

    answers: dict[str, FakeLocation | None] = field(default_factory=dict)
    error: Exception | None = None
    calls: list[tuple[Any, dict[str, Any]]] = field(default_factory=list)

    def geocode(self, query: Any, **kwargs: Any) -> FakeLocation | None:
        self.calls.append((query, kwargs))
        if self.error is not None:
            raise self.error
        return self.answers.get(query["postalcode"])


def make(backend: FakeNominatim) -> NominatimGeocoder:
    return NominatimGeocoder("test-agent", min_delay_seconds=0.0, max_retries=0, backend=backend)


def test_pc6_answer_gets_pc6_precision_and_asks_for_nl_only(no_network: None) -> None:
    backend = FakeNominatim({"3811 AB": FakeLocation(52.156, 5.387)})
    assert make(backend).locate("3811ab") == GeoPoint(52.156, 5.387, Precision.PC6)
    query, kwargs = backend.calls[0]
    assert query["postalcode"] == "3811 AB"
    assert kwargs["country_codes"] == "nl"


def test_pc4_answer_gets_pc4_precision(no_network: None) -> None:
    backend = FakeNominatim({"8011": FakeLocation(52.51, 6.09)})
    assert make(backend).locate("8011") == GeoPoint(52.51, 6.09, Precision.PC4)


def test_not_found_gives_none(no_network: None) -> None:
    assert make(FakeNominatim()).locate("1000 AA") is None


@pytest.mark.parametrize(
    "error",
    [GeocoderTimedOut("slow"), GeocoderServiceError("down"), OSError("no route"), ValueError()],
)
def test_any_backend_error_gives_none_and_a_warning(
    no_network: None, caplog: pytest.LogCaptureFixture, error: Exception
) -> None:
    with caplog.at_level(logging.WARNING, logger="adapters.geography.online"):
        assert make(FakeNominatim(error=error)).locate("3811AB") is None
    assert "3811AB" in caplog.text


def test_answer_outside_the_netherlands_is_ignored(no_network: None) -> None:
    backend = FakeNominatim({"3811 AB": FakeLocation(40.7, -74.0)})
    assert make(backend).locate("3811AB") is None


def test_invalid_postcode_is_never_sent(no_network: None) -> None:
    backend = FakeNominatim()
    assert make(backend).locate("hallo") is None
    assert backend.calls == []


def test_answers_are_remembered(no_network: None) -> None:
    backend = FakeNominatim({"8011": FakeLocation(52.51, 6.09)})
    geocoder = make(backend)
    geocoder.locate("8011")
    geocoder.locate(" 8011 ")
    assert len(backend.calls) == 1


def test_real_backend_is_built_without_touching_the_network(no_network: None) -> None:
    geocoder = NominatimGeocoder("test-agent", timeout=1.0)
    assert isinstance(geocoder, NominatimGeocoder)


@dataclass
class Fixed:
    point: GeoPoint | None
    asked: list[str] = field(default_factory=list)

    def locate(self, postcode: str) -> GeoPoint | None:
        self.asked.append(postcode)
        return self.point


def test_chain_returns_the_first_answer_and_stops_there() -> None:
    first, second, third = Fixed(None), Fixed(GeoPoint(52.0, 5.0)), Fixed(GeoPoint(53.0, 6.0))
    assert ChainGeocoder(first, second, third).locate("3811") == GeoPoint(52.0, 5.0)
    assert third.asked == []


def test_chain_without_any_answer_gives_none() -> None:
    assert ChainGeocoder(Fixed(None), Fixed(None)).locate("3811") is None
    assert ChainGeocoder().locate("3811") is None
