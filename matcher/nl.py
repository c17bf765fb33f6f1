"""Dutch number and travel-time wording, shared by every page, sentence and export.

A Dutch reader takes "1.000" for one thousand and "0.805" for eight hundred and five, so
decimals always get a comma and thousands a dot only from 1.000 on. Travel times are
estimates: one rounding (to 5 minutes, at least 5) is used everywhere, so the same pair never
shows "33 min" on one screen and "ongeveer 35 minuten" on another. Work days read as a run
("maandag tot en met vrijdag") or a list ("maandag, woensdag en vrijdag"); staff tables may
use the short day codes ("ma tot en met vr") for space, what a student reads has full names.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from matcher.domain import DAY_ORDER, Day
from matcher.profile import DAY_NAMES

TRAVEL_STEP_MIN = 5


def decimal(value: float, digits: int = 1) -> str:
    """``value`` with ``digits`` decimals, a decimal comma and a thousands dot (1.234,5)."""
    if not math.isfinite(value):
        return "–"
    text = f"{value:,.{digits}f}"  # 1,234.5 in the C locale
    text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return "0" + text[2:] if text.startswith("-0") and text.strip("-0,") == "" else text


def number(value: float) -> str:
    """A count or amount without needless decimals: 32, 7,5 or 1.250."""
    if not math.isfinite(value):
        return "–"
    if float(value).is_integer():
        return decimal(value, 0)
    return decimal(value, 2).rstrip("0").rstrip(",")


def percent(value: float | None) -> str:
    """A 0..1 fraction as a whole percentage: 0.805 -> "81%" (a dash when unknown)."""
    if value is None or not math.isfinite(value):
        return "–"
    return f"{decimal(value * 100, 0)}%"


def score_out_of_100(value: float | None) -> str:
    """A 0..1 score as "81 van 100" (a dash when unknown)."""
    if value is None or not math.isfinite(value):
        return "–"
    return f"{decimal(value * 100, 0)} van 100"


def travel_minutes(value: float) -> int:
    """Estimated travel minutes rounded to 5 (at least 5): the one rounding of the whole site."""
    if not math.isfinite(value):
        return TRAVEL_STEP_MIN
    return max(TRAVEL_STEP_MIN, TRAVEL_STEP_MIN * math.floor(value / TRAVEL_STEP_MIN + 0.5))


def travel_text(value: float | None) -> str:
    """ "ongeveer 35 minuten" (a dash when unknown)."""
    return "–" if value is None else f"ongeveer {travel_minutes(value)} minuten"


def travel_short(value: float | None) -> str:
    """ "± 35 min" for table cells; the same rounding as ``travel_text``."""
    return "–" if value is None else f"± {travel_minutes(value)} min"


def and_list(items: Sequence[str]) -> str:
    """ "a", "a en b", "a, b en c"."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" en {items[-1]}"


def days_text(days: Iterable[Day], *, full: bool = False) -> str:
    """Work days as a run of three or more ("ma tot en met vr") or a list ("ma, wo en vr");
    with ``full`` the whole day names ("maandag tot en met vrijdag"), for what students read."""
    wanted = set(days)
    ordered = [d for d in DAY_ORDER if d in wanted]
    if not ordered:
        return "geen vaste dagen"
    names = [DAY_NAMES[d] if full else str(d) for d in ordered]
    pos = [DAY_ORDER.index(d) for d in ordered]
    if len(ordered) >= 3 and pos == list(range(pos[0], pos[0] + len(pos))):
        return f"{names[0]} tot en met {names[-1]}"
    return and_list(names)
