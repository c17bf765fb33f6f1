"""A quality bound for the whole round from the certificates of its independent components.

Component c proves, for every answer of it placing W_c weighted students (0 <= W_c <= U_c, its
placement bound), quality_c <= g_c(W_c) = min(cap_c, min_k (value_k - price_k * W_c) / SCALE).
Summing the components' own bounds at our W_c is only valid for answers that place at least as
many in *every* component. For the round, an answer may place fewer in one component and more in
another, so we bound

    max  sum_c g_c(W_c)   subject to  sum_c W_c >= W0,  0 <= W_c <= U_c

by weak duality: for any round-wide price t >= 0 it is at most
sum_c max_{0 <= W <= U_c} (g_c(W) + t W) - t W0 (valid for any g_c, concave or not), a convex
function of t: we find its smallest value among the prices where it may bend.

A component may also prove a floor cap (F, C): quality_c <= C for every answer placing at least
F weighted students (a MIP's dual bound at floor F; it says nothing below F). Then g_c is a
step function: up to F - 1 (W is an integer) the lines alone, from F on also C. Each inner max
sits at an end or a kink of a piece. Exact rational arithmetic (fractions), so the bound never
relies on rounding.
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
    floor_caps: tuple[tuple[int, int], ...] = ()  # (F, C): quality <= C whenever W >= F


def round_quality_bound(parts: Sequence[ComponentCertificate], min_weighted: int) -> int:
    """Upper bound on quality points of any round answer placing >= min_weighted weighted."""
    points = [_points(part) for part in parts]
    prices = {Fraction(0)}
    for part, candidates in zip(parts, points, strict=True):
        prices.update(Fraction(price, part.scale) for _, price in part.lines)
        prices.update(_ties(candidates))
    ts = sorted(prices)

    def value(i: int) -> Fraction:
        t = ts[i]
        total = sum((max(g + t * w for w, g in c) for c in points), Fraction(0))
        return total - t * min_weighted

    # value is convex in t (a sum of maxima of lines in t): binary search for the smallest
    low, high = 0, len(ts) - 1
    while low < high:
        mid = (low + high) // 2
        if value(mid + 1) >= value(mid):
            high = mid
        else:
            low = mid + 1
    return int(value(low) // 1)


def _points(part: ComponentCertificate) -> list[tuple[Fraction, Fraction]]:
    """Points (W, g(W)) among which max_W g(W) + t W lies for every t >= 0.

    W is an integer (weights are), so the piece below a floor F ends at F - 1. Within a piece g
    is concave piecewise linear: its ends and kinks (a kink may be fractional: evaluating g
    there only loosens the bound).
    """
    lines = [(Fraction(v, part.scale), Fraction(p, part.scale)) for v, p in part.lines]
    lines.append((Fraction(part.cap), Fraction(0)))
    upper = part.max_weighted
    starts = sorted({0, *(f for f, _ in part.floor_caps if 0 < f <= upper)})
    found: list[tuple[Fraction, Fraction]] = []
    for i, low in enumerate(starts):
        high = starts[i + 1] - 1 if i + 1 < len(starts) else upper
        caps = [(Fraction(c), Fraction(0)) for f, c in part.floor_caps if f <= low]
        found.extend(_piece_points(lines + caps, Fraction(low), Fraction(high)))
    return found


def _piece_points(
    lines: list[tuple[Fraction, Fraction]], low: Fraction, high: Fraction
) -> list[tuple[Fraction, Fraction]]:
    """Ends and kinks of g = min_k (v_k - p_k W) on low <= W <= high."""
    where = {low, high}
    for i, (v1, p1) in enumerate(lines):
        for v2, p2 in lines[i + 1 :]:
            if p1 != p2:
                w = (v1 - v2) / (p1 - p2)
                if low <= w <= high:
                    where.add(w)
    return [(w, min(v - p * w for v, p in lines)) for w in sorted(where)]


def _ties(points: list[tuple[Fraction, Fraction]]) -> set[Fraction]:
    """Prices t >= 0 at which two points give the same g + t W: where the maximum may switch."""
    found = set()
    for i, (w1, g1) in enumerate(points):
        for w2, g2 in points[i + 1 :]:
            if w1 != w2:
                t = (g1 - g2) / (w2 - w1)
                if t >= 0:
                    found.add(t)
    return found
