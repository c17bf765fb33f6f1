"""The time limit is shared so that small components can finish and large ones get the rest."""

from __future__ import annotations

import pytest

from matcher.solver.plan import full_work
from matcher.solver.shares import component_shares
from matcher.solver.tuning import TUNING

MIN_SHARE_S, SMALL_SHARE_MAX = TUNING.min_share_s, TUNING.small_share_max
MIP_MAX_PAIRS = TUNING.mip_max_pairs

LARGE = 150_000


def test_a_round_of_small_components_shares_by_pairs() -> None:
    shares = component_shares([1_000, 3_000, 0], 40.0)
    assert shares[:2] == pytest.approx([10.0, 30.0])
    assert shares[2] == MIN_SHARE_S  # no side constraints: min-cost flow needs no budget


def test_small_components_beside_large_ones_get_their_full_pipeline() -> None:
    pairs = [LARGE, 2_000, 100_000, 4_000, 0]
    shares = component_shares(pairs, 180.0)
    by_pairs = [180.0 * n / sum(pairs) for n in pairs]
    assert by_pairs[1] < full_work(2_000)  # what the old rule gave was too little
    assert shares[1] == pytest.approx(full_work(2_000))
    assert shares[3] == pytest.approx(full_work(4_000))
    assert sum(shares[:4]) == pytest.approx(180.0)  # never more than the limit
    assert shares[0] / shares[2] == pytest.approx(LARGE / 100_000)  # large: by pairs


def test_small_components_take_at_most_their_part_of_the_limit_cheapest_first() -> None:
    small = [MIP_MAX_PAIRS, 1_000, 5_000]
    limit = 90.0
    assert full_work(1_000) + full_work(5_000) <= SMALL_SHARE_MAX * limit
    assert sum(full_work(n) for n in small) > SMALL_SHARE_MAX * limit
    shares = component_shares([LARGE, *small], limit)
    assert shares[2] == pytest.approx(full_work(1_000))
    assert shares[3] == pytest.approx(full_work(5_000))
    assert shares[1] < full_work(MIP_MAX_PAIRS)  # did not fit: its share by pairs
    assert sum(shares) == pytest.approx(limit)
