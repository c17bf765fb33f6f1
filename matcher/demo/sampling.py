"""Small vectorised sampling helpers on an explicit numpy Generator."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from matcher.domain import Facility

FACILITIES: tuple[Facility, ...] = (Facility.YES, Facility.ARRANGEABLE, Facility.NO)


def categorical(rng: np.random.Generator, probs: ArrayLike) -> NDArray[np.int64]:
    """One category index per row of ``probs`` (shape n x k, rows sum to about 1)."""
    p = np.asarray(probs, dtype=np.float64)
    cum = np.cumsum(p, axis=1)
    u = rng.random(p.shape[0]) * cum[:, -1]
    out: NDArray[np.int64] = np.minimum((u[:, None] >= cum).sum(axis=1), p.shape[1] - 1).astype(
        np.int64
    )
    return out


def top_k(rng: np.random.Generator, weights: ArrayLike, k: ArrayLike) -> NDArray[np.bool_]:
    """Per row, a mask of ``k`` columns drawn without replacement in proportion to ``weights``.

    Uses the Gumbel top-k trick, so it needs no Python loop per row; zero weights are never drawn.
    """
    w = np.asarray(weights, dtype=np.float64)
    with np.errstate(divide="ignore"):
        keys = np.log(w) + rng.gumbel(size=w.shape)
    order = np.argsort(-keys, axis=1, kind="stable")
    ranks = np.empty_like(order)
    np.put_along_axis(ranks, order, np.arange(w.shape[1])[None, :].repeat(w.shape[0], 0), axis=1)
    kk = np.minimum(np.asarray(k)[:, None], (w > 0).sum(axis=1, keepdims=True))
    out: NDArray[np.bool_] = ranks < kk
    return out


def facilities(rng: np.random.Generator, probs: ArrayLike) -> list[Facility]:
    """Tri-state facilities, one per row of (P(yes), P(arrangeable), P(no))."""
    return [FACILITIES[i] for i in categorical(rng, probs).tolist()]


def bernoulli(rng: np.random.Generator, p: ArrayLike) -> NDArray[np.bool_]:
    """Independent coin flips with (per element) probability ``p``."""
    pp = np.asarray(p, dtype=np.float64)
    return rng.random(pp.shape) < pp


def nearest(dist: NDArray[np.float64], k: int) -> NDArray[np.int64]:
    """Per row, the column indices of the ``k`` smallest values, smallest first."""
    if k >= dist.shape[1]:
        return np.argsort(dist, axis=1, kind="stable")
    part = np.argpartition(dist, k - 1, axis=1)[:, :k]
    order = np.argsort(np.take_along_axis(dist, part, axis=1), axis=1, kind="stable")
    return np.take_along_axis(part, order, axis=1)
