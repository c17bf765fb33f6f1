"""Dutch numbers: a decimal comma always, a thousands dot only from 1.000 on; one rounding."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from matcher import nl

FINITE = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e9, max_value=1e9)


@settings(max_examples=500, deadline=None)
@given(value=FINITE, digits=st.integers(1, 4))
def test_any_float_gets_a_decimal_comma_and_no_thousands_dot_below_1000(
    value: float, digits: int
) -> None:
    text = nl.decimal(value, digits)
    whole, _, frac = text.partition(",")
    assert len(frac) == digits, text  # the comma is the decimal separator
    assert re.fullmatch(r"-?\d{1,3}(\.\d{3})*", whole), text
    if abs(value) < 999.5:
        assert "." not in text, text  # "1.000" would read as one thousand
    assert abs(float(text.replace(".", "").replace(",", ".")) - value) <= 10**-digits


@settings(max_examples=300, deadline=None)
@given(value=st.floats(0, 1))
def test_scores_read_as_percentages_and_out_of_100(value: float) -> None:
    assert re.fullmatch(r"\d{1,3}%", nl.percent(value))
    assert re.fullmatch(r"\d{1,3} van 100", nl.score_out_of_100(value))


def test_the_old_english_figures_become_dutch() -> None:
    assert nl.score_out_of_100(1.0) == "100 van 100"  # was "1.000"
    assert nl.decimal(0.805, 3) == "0,805"  # was "0.805"
    assert nl.number(7.5) == "7,5"
    assert nl.number(1250) == "1.250"


@settings(max_examples=300, deadline=None)
@given(minutes=st.floats(0, 600))
def test_one_travel_rounding_to_five_minutes(minutes: float) -> None:
    rounded = nl.travel_minutes(minutes)
    assert rounded % 5 == 0
    assert rounded >= 5
    assert abs(rounded - minutes) <= 2.5 or minutes < 2.5
    assert nl.travel_text(minutes) == f"ongeveer {rounded} minuten"


def test_33_minutes_is_35_everywhere() -> None:
    assert nl.travel_minutes(33.0) == 35
    assert nl.travel_text(33.0) == "ongeveer 35 minuten"
