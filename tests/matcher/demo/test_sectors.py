"""Example qualifications are clearly fictitious and the sector tables are consistent."""

from __future__ import annotations

import pytest

from matcher.demo import sectors
from matcher.demo.sectors import EXAMPLE_CODES_NOTE, QUALIFICATIONS, SECTORS


def test_codes_are_unique_five_digit_example_codes() -> None:
    codes = [q.code for q in QUALIFICATIONS]
    assert len(set(codes)) == len(codes)
    assert all(90001 <= int(c) <= 90099 and len(c) == 5 for c in codes)


def test_the_codes_are_marked_as_not_real() -> None:
    assert "GEEN echte crebo" in EXAMPLE_CODES_NOTE
    assert "NOT real crebo codes" in (sectors.__doc__ or "")


def test_between_eight_and_ten_sectors_cover_every_niveau() -> None:
    assert 8 <= len(SECTORS) <= 10
    assert {q.niveau for q in QUALIFICATIONS} == {1, 2, 3, 4}
    assert sum(s.student_share for s in SECTORS) == pytest.approx(1.0)


@pytest.mark.parametrize("sector", SECTORS, ids=lambda s: s.key)
def test_distributions_sum_to_one(sector: sectors.Sector) -> None:
    for dist in (
        sector.physical_load,
        sector.mental_load,
        sector.quiet_workspace,
        sector.adjustable_workplace,
        sector.wheelchair,
    ):
        assert sum(dist) == pytest.approx(1.0)
    assert sector.hours_min[0] <= sector.hours_min[1] <= sector.hours_max[1] <= 40


def test_care_always_asks_for_a_vog() -> None:
    assert sectors.SECTOR_BY_KEY["zorg"].vog_share == 1.0
