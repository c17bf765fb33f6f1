"""The solver's gap figures as words and sane percentages, whatever the solver reports."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from cli.gaps import nl_number, nl_percent, placed_text, quality_text

PERCENT = re.compile(r"(\d[\d.]*(?:,\d+)?) %")
ANY_FLOAT = st.floats(allow_nan=True, allow_infinity=True)
COUNTS = st.integers(min_value=0, max_value=10**9)


def _percentages(text: str) -> list[float]:
    return [float(m.replace(".", "").replace(",", ".")) for m in PERCENT.findall(text)]


def _sane(text: str) -> None:
    assert all(0.0 <= p <= 100.0 for p in _percentages(text)), text
    assert not re.search(r"nan|inf|e\+|e-\d", text, re.IGNORECASE), text
    assert not re.search(r"\d\.\d{2} %", text), text  # a decimal point, not a comma


@given(ANY_FLOAT)
def test_quality_text_never_shows_an_absurd_percentage(gap: float) -> None:
    _sane(quality_text(gap))


@given(COUNTS, COUNTS, ANY_FLOAT)
def test_placed_text_never_shows_an_absurd_percentage(placed: int, bound: int, gap: float) -> None:
    text = placed_text(placed, bound, gap)
    _sane(text)
    assert nl_number(placed) in text


def test_the_368_200_row_round_says_the_bound_is_no_use() -> None:
    text = quality_text(84.2384)  # printed "kwaliteit hoogstens 8423.84 % onder het beste"
    assert "%" not in text
    assert "geen bruikbare grens" in text


def test_gaps_read_as_dutch() -> None:
    assert quality_text(0.0) == "Kwaliteit: de best mogelijke (bewezen)."
    assert quality_text(0.0123) == "Kwaliteit: hoogstens 1,22 % onder het beste (bewezen)."
    assert "minder dan 0,01 %" in quality_text(1e-9)
    assert "niet bekend" in quality_text(float("nan"))
    assert placed_text(500, 510, 0.02) == (
        "Geplaatst (gewogen): 500; bewezen hoogst mogelijk: 510 (hoogstens 10 meer, 1,96 %)."
    )
    assert placed_text(0, 0, 0.0).endswith("(meer kan niet).")
    assert "niet bekend" in placed_text(368_200, 0, float("nan"))
    assert "368.200" in placed_text(368_200, 0, float("nan"))
    assert nl_percent(2.5) == "100,00 %"
