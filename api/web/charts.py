"""Small inline SVG bar charts (no chart library): bars with their numbers written next to them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

BAR_HEIGHT = 22
GAP = 8
LABEL_WIDTH = 190
UNPLACED_LABELS = {
    "under_16": "Jonger dan 16",
    "no_places_for_crebo": "Geen plek voor de opleiding",
    "none_in_reach": "Geen plek in de buurt",
    "no_eligible": "Geen plek past bij de eisen",
    "vetoed": "Plek afgewezen",
    "competition": "Plekken al vergeven",
}
BAR_WIDTH = 220


@dataclass(frozen=True, slots=True)
class Bar:
    """One bar: its label, value, width in pixels and y position."""

    label: str
    value: int
    width: int
    y: int


@dataclass(frozen=True, slots=True)
class Chart:
    """A horizontal bar chart with a title (also read out by screen readers)."""

    title: str
    bars: tuple[Bar, ...]
    height: int
    label_width: int = LABEL_WIDTH
    bar_width: int = BAR_WIDTH


def bar_chart(title: str, values: Iterable[tuple[str, int]]) -> Chart:
    """Bars scaled to the largest value."""
    items = list(values)
    top = max((v for _, v in items), default=0) or 1
    bars = tuple(
        Bar(label, value, round(BAR_WIDTH * value / top), i * (BAR_HEIGHT + GAP))
        for i, (label, value) in enumerate(items)
    )
    return Chart(title, bars, max(1, len(bars)) * (BAR_HEIGHT + GAP))


def score_histogram(scores: Sequence[float], bins: int = 5) -> Chart:
    """How many proposals fall in each score band (0-20 %, 20-40 %, ...)."""
    counts, edges = np.histogram(np.asarray(scores, dtype=float), bins=bins, range=(0.0, 1.0))
    labels = [
        f"{round(a * 100)}–{round(b * 100)}%" for a, b in zip(edges[:-1], edges[1:], strict=True)
    ]
    return bar_chart("Verdeling van de scores", zip(labels, (int(c) for c in counts), strict=True))


def placed_per_niveau(summary: Mapping[str, object]) -> Chart:
    """Placed students per niveau, from a round summary."""
    groups = summary.get("per_niveau") or {}
    assert isinstance(groups, Mapping)
    rows = [(f"Niveau {k}", int(v.get("placed", 0))) for k, v in sorted(groups.items())]
    return bar_chart("Geplaatst per niveau", rows)


def unplaced_reasons(summary: Mapping[str, object]) -> Chart:
    """Why students have no place yet, from a round summary."""
    reasons = summary.get("unplaced_reasons") or {}
    assert isinstance(reasons, Mapping)
    rows = sorted(
        ((UNPLACED_LABELS.get(str(k), str(k)), int(v)) for k, v in reasons.items()),
        key=lambda kv: -kv[1],
    )
    return bar_chart("Nog geen plek: waarom", rows)
