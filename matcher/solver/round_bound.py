"""A quality bound for the whole round from the certificates of its independent components.

Component c proves, for every answer of it placing W_c weighted students (0 <= W_c <= U_c, its
placement bound), quality_c <= g_c(W_c) = min(cap_c, min_k (value_k - price_k * W_c) / SCALE).
Summing the components' own bounds at our W_c is only valid for answers that place at least as
many in *every* component. For the round, an answer may place fewer in one component and more in
another, so we bound

    max  sum_c g_c(W_c)   subject to  sum_c W_c >= W0,  0 <= W_c <= U_c

by weak duality: for any round-wide price t >= 0 it is at most
sum_c max_{0 <= W <= U_c} (g_c(W) + t W) - t W0. Each inner max of a concave piecewise-linear
function sits at 0, U_c or a kink; we try every component price as t and keep the smallest.
Exact rational arithmetic (fractions), so the bound never relies on rounding.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction


@dataclass(frozen=True, slots=True)
class ComponentCertificate:
    """What one component proves: lines (value, price) in 1/scale points, a cap and U_c."""

    lines: tuple[tuple[int, int], ...]
    cap: int  # no answer of the component has more quality points than this
    max_weighted: int  # U_c: no answer places more weighted students
    scale: int


def round_quality_bound(parts: Sequence[ComponentCertificate], min_weighted: int) -> int:
    """Upper bound on quality points of any round answer placing >= min_weighted weighted."""
    prices = {Fraction(0)}
    for part in parts:
        prices.update(Fraction(price, part.scale) for _, price in part.lines)
    best: Fraction | None = None
    for t in sorted(prices):
        total = sum((_best_with_price(part, t) for part in parts), Fraction(0))
        value = total - t * min_weighted
        best = value if best is None else min(best, value)
    return int(best // 1) if best is not None else 0


def _best_with_price(part: ComponentCertificate, t: Fraction) -> Fraction:
    """max over 0 <= W <= U of g(W) + t W (g concave piecewise linear: try 0, U and kinks)."""
    lines = [(Fraction(v, part.scale), Fraction(p, part.scale)) for v, p in part.lines]
    lines.append((Fraction(part.cap), Fraction(0)))
    upper = Fraction(part.max_weighted)
    points = {Fraction(0), upper}
    for i, (v1, p1) in enumerate(lines):
        for v2, p2 in lines[i + 1 :]:
            if p1 != p2:
                w = (v1 - v2) / (p1 - p2)
                if 0 <= w <= upper:
                    points.add(w)

    def g(w: Fraction) -> Fraction:
        return min(v - p * w for v, p in lines)

    return max(g(w) + t * w for w in points)
