"""The calibration plot's geometry: a dot per band where predicted meets observed."""

from __future__ import annotations

from api.web.charts import PLOT_MARGIN, PLOT_SIZE, calibration_plot


def test_a_dot_sits_where_predicted_meets_observed() -> None:
    plot = calibration_plot(
        [
            {"low": 0.2, "high": 0.3, "n": 10, "predicted": 0.25, "observed": 0.5},
            {"low": 0.7, "high": 0.8, "n": 40, "predicted": 0.75, "observed": 0.75},
            {"low": 0.9, "high": 1.0, "n": 0, "predicted": 0.95, "observed": 0.0},
        ]
    )
    low, high = plot.points  # the empty band is left out
    assert (low.x, low.y) == (PLOT_MARGIN + PLOT_SIZE * 0.25, PLOT_SIZE * 0.5)
    assert (high.x, high.y) == (PLOT_MARGIN + PLOT_SIZE * 0.75, PLOT_SIZE * 0.25)
    assert high.radius > low.radius  # more outcomes, a larger dot
    assert plot.description.endswith("voorspeld 75%, echt 75% (40 stages)")


def test_no_bands_gives_an_empty_plot() -> None:
    assert calibration_plot([]).points == ()
