"""Small inline SVG bar charts (no chart library): bars with their numbers written next to them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from matcher.nl import percent

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


PLOT_SIZE = 240  # the plot area of the calibration plot, in pixels (square)
PLOT_MARGIN = 60  # room for the axis labels


@dataclass(frozen=True, slots=True)
class Point:
    """One band of the calibration plot: its position, dot radius and what it says aloud."""

    x: float
    y: float
    radius: float
    label: str


@dataclass(frozen=True, slots=True)
class CalibrationPlot:
    """Predicted against observed success per band, beside the line where both are equal."""

    title: str
    points: tuple[Point, ...]
    size: int = PLOT_SIZE
    margin: int = PLOT_MARGIN
    ticks: tuple[tuple[float, str], ...] = ()

    @property
    def description(self) -> str:
        """The plot in words, for screen readers (the table below holds the same numbers)."""
        return f"{self.title}: " + "; ".join(p.label for p in self.points)


def calibration_plot(bins: Iterable[Mapping[str, float]]) -> CalibrationPlot:
    """Dots at (mean predicted, observed) per band; a dot's area grows with its outcomes.

    A well-calibrated model has its dots on the diagonal: "70 % predicted" then means that 70 of
    100 such BPVs went well. ``bins`` are the stored evidence's calibration bands.
    """
    rows = [b for b in bins if int(b["n"]) > 0]
    top = max((int(b["n"]) for b in rows), default=1)
    points = tuple(
        Point(
            x=round(PLOT_MARGIN + PLOT_SIZE * float(b["predicted"]), 1),
            y=round(PLOT_SIZE * (1.0 - float(b["observed"])), 1),
            radius=round(3.0 + 7.0 * (int(b["n"]) / top) ** 0.5, 1),
            label=f"voorspeld {percent(float(b['predicted']))}, "
            f"echt {percent(float(b['observed']))} ({int(b['n'])} stages)",
        )
        for b in rows
    )
    ticks = tuple((PLOT_SIZE * t / 4, percent(t / 4)) for t in range(5))
    return CalibrationPlot("Voorspelde en echte kans op een goede afloop", points, ticks=ticks)
