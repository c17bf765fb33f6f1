"""How far the round's answer may be from the best one, as plain Dutch a coordinator can read.

The solver reports two gaps (matcher/solver/result.py): placed_gap = (bound - placed) / placed
and quality_gap = (bound - quality) / quality. Both are relative to the answer, so a tiny
answer, or a bound the solver could not tighten (on a very large round it stays at the trivial
maximum), gives figures like 8423,84 %. Shown here is the distance relative to the bound, which
is what "onder het beste" means and never exceeds 100 %; an unknown bound, or one too loose to
say anything, is said in words.
"""

from __future__ import annotations

import math

# Above this share below the bound the bound says nothing useful: only that it is unknown.
USELESS_QUALITY_GAP = 0.5
SMALLEST_SHOWN = 0.0001  # 0,01 %


def nl_number(value: float, decimals: int = 0) -> str:
    """Dutch notation: 368.200 and 2,05."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def nl_percent(share: float) -> str:
    """A share in [0, 1] as '2,05 %'; below 0,01 % as 'minder dan 0,01 %'."""
    if share < SMALLEST_SHOWN:
        return "minder dan 0,01 %"
    return f"{nl_number(100 * min(share, 1.0), 2)} %"


def placed_text(weighted_placed: int, weighted_bound: int, placed_gap: float) -> str:
    """The weighted number placed against the most that can be placed."""
    if not math.isfinite(placed_gap):
        return (
            f"Geplaatst (gewogen): {nl_number(weighted_placed)}. Hoeveel er hoogstens "
            "geplaatst kunnen worden, is niet bekend (geen grens bewezen)."
        )
    bound = max(weighted_bound, weighted_placed)
    text = (
        f"Geplaatst (gewogen): {nl_number(weighted_placed)}; bewezen hoogst mogelijk: "
        f"{nl_number(bound)}"
    )
    missing = bound - weighted_placed
    if missing == 0:
        return text + " (meer kan niet)."
    return text + f" (hoogstens {nl_number(missing)} meer, {nl_percent(missing / bound)})."


def quality_text(quality_gap: float) -> str:
    """How far the match quality may be below the best, or why that is not known."""
    if math.isnan(quality_gap) or quality_gap == -math.inf:
        return "Kwaliteit: niet bekend hoe ver van het beste (geen grens bewezen)."
    if quality_gap <= 0.0:
        return "Kwaliteit: de best mogelijke (bewezen)."
    below = 1.0 if math.isinf(quality_gap) else quality_gap / (1.0 + quality_gap)
    if below >= USELESS_QUALITY_GAP:
        return (
            "Kwaliteit: de oplosser kon binnen de tijd geen bruikbare grens bewijzen, dus niet "
            "te zeggen hoe dicht dit bij het beste ligt (vaak dichter dan te bewijzen is)."
        )
    return f"Kwaliteit: hoogstens {nl_percent(below)} onder het beste (bewezen)."
