"""Form parsing and template context shared by the BPV pages of staff, students and companies.

Each parser turns one form value into a lifecycle value, or refuses it with a Dutch message
naming the field, so a page never passes an unknown choice on to the flow.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import Form

from api.web.access import PageError
from matcher.bpv.lifecycle import Evaluation, date_text
from matcher.bpv.vocabulary import (
    ENDED,
    SCALE_MAX,
    SCALE_MIN,
    BpvStatus,
    KennismakingReason,
    Outcome,
    OutcomeReason,
    Party,
    Scale,
    Side,
    Signal,
    StopReason,
    Verdict,
)

FormText = Annotated[str, Form(max_length=4000)]
Choices = Annotated[list[str], Form(max_length=10)]


def form_context(today: date) -> dict[str, Any]:
    """The vocabularies and helpers every BPV template reads."""
    return {
        "today": today,
        "date_text": date_text,
        "statuses": list(BpvStatus),
        "parties": list(Party),
        "reasons": list(KennismakingReason),
        "scales": list(Scale),
        "scale_values": range(SCALE_MIN, SCALE_MAX + 1),
        "signals": list(Signal),
        "outcomes": [Outcome.SUCCESVOL, Outcome.NIET_SUCCESVOL],
        "outcome_reasons": list(OutcomeReason),
        "sides": list(Side),
        "stop_reasons": [r for r in StopReason if r is not StopReason.ERKENNING_INGETROKKEN],
        "ended": {s.value for s in ENDED},
    }


def parties_of(values: list[str], field: str) -> frozenset[Party]:
    try:
        return frozenset(Party(v) for v in values)
    except ValueError:
        raise PageError(422, f"'{field}' bevat een onbekende keuze. Kies uit de lijst.") from None


def date_of(value: str, label: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise PageError(
            422, f"De datum bij '{label}' is geen geldige datum. Vul een datum in als 2026-09-01."
        ) from None


def reason_of(value: str) -> KennismakingReason | None:
    if not value:
        return None
    try:
        return KennismakingReason(value)
    except ValueError:
        raise PageError(422, "Kies een reden uit de lijst.") from None


def verdict_of(value: str, who: str) -> Verdict:
    try:
        return Verdict(value)
    except ValueError:
        raise PageError(422, f"Kies of {who} akkoord is of niet akkoord.") from None


def choice_of(kind: type[Any], value: str, what: str) -> Any:
    try:
        return kind(value)
    except ValueError:
        raise PageError(422, f"Kies {what} uit de lijst.") from None


ScaleField = Annotated[str, Form(max_length=2)]


def evaluation_of(
    held_on: date,
    present: frozenset[Party],
    signals: list[str],
    raw_scales: tuple[str, str, str, str, str],
    agreements: str = "",
    would_host_again: bool | None = None,
) -> Evaluation:
    """An evaluation from the form's fields (the scales in ``Scale`` order; a missing or
    non-number scale is left out, so the lifecycle names it)."""
    scales = {s: int(raw) for s, raw in zip(Scale, raw_scales, strict=True) if raw.isdigit()}
    try:
        chosen = frozenset(Signal(s) for s in signals)
    except ValueError:
        raise PageError(422, "'signalen' bevat een onbekende keuze. Kies uit de lijst.") from None
    return Evaluation(held_on, present, scales, chosen, agreements, would_host_again)
