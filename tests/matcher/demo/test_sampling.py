"""The vectorised sampling helpers draw what they promise."""

from __future__ import annotations

import numpy as np

from matcher.demo.sampling import categorical, nearest, top_k


def test_categorical_follows_the_row_probabilities() -> None:
    rng = np.random.default_rng(0)
    draws = categorical(rng, np.tile([0.2, 0.0, 0.8], (20_000, 1)))
    assert set(np.unique(draws).tolist()) == {0, 2}
    assert abs(np.mean(draws == 2) - 0.8) < 0.02


def test_top_k_draws_k_distinct_columns_never_a_zero_weight() -> None:
    rng = np.random.default_rng(1)
    weights = np.tile([1.0, 0.0, 2.0, 3.0], (500, 1))
    mask = top_k(rng, weights, np.full(500, 2))
    assert (mask.sum(axis=1) == 2).all()
    assert not mask[:, 1].any()
    capped = top_k(rng, weights, np.full(500, 4))
    assert (capped.sum(axis=1) == 3).all()


def test_nearest_returns_the_k_smallest_in_order() -> None:
    rng = np.random.default_rng(2)
    dist = rng.random((50, 30))
    assert (nearest(dist, 5) == np.argsort(dist, axis=1)[:, :5]).all()
    assert nearest(dist, 40).shape == (50, 30)
