"""What the learned success model learned, in plain Dutch (B1), for the bureau.

Pure: a fitted model and its evaluation in, sentences and rows out. The CLI (``matcher train``)
and the bureau's model page print the same report.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from matcher.nl import decimal, number, percent
from matcher.scoring.explain import TERM_LABELS
from matcher.scoring.learned import BOOSTING, Evaluation, SuccessModel

INTERACTION_LABELS: dict[str, str] = {
    "load_over_capacity": "Werk dat zwaarder is dan iemand aankan",
    "travel_over_max": "Reistijd boven het eigen maximum",
    "minor_x_travel": "Jonger dan 18 en een lange reis",
    "low_niveau_x_guidance": "Niveau 1 of 2 en te weinig begeleidingstijd",
    "sensitive_x_pace": "Gevoelig voor prikkels en een hoog werktempo",
}
SAME_BAND = 0.1  # within 10 % of the default counts as "even zwaar"


@dataclass(frozen=True, slots=True)
class WeightRow:
    """One criterion: its learned weight beside the default, and the sentence for people."""

    column: str
    label: str
    learned: float  # the logistic weight
    relative: float | None  # learned share / default share; None for an interaction
    sentence: str


@dataclass(frozen=True, slots=True)
class LearnReport:
    """The report: a headline, one row per criterion, the evaluation behind it."""

    headline: str
    rows: tuple[WeightRow, ...]
    evaluation: Evaluation
    kind_note: str

    @property
    def weight_lines(self) -> tuple[str, ...]:
        """The sentences, one per criterion."""
        return tuple(r.sentence for r in self.rows)


def _term_sentence(label: str, relative: float) -> str:
    if relative <= 0.0:
        return f"{label} telde in jullie uitkomsten niet mee (standaard wel)."
    if abs(relative - 1.0) < SAME_BAND:
        return f"{label} weegt ongeveer even zwaar als standaard."
    return f"{label} weegt {decimal(relative, 1)} keer zo zwaar als standaard."


def _interaction_sentence(label: str, weight: float) -> str:
    if weight >= -0.005:
        return f"{label}: geen extra effect gevonden."
    return f"{label} maakt de kans op een goede afloop kleiner (gewicht {decimal(weight, 1)})."


def learn_report(
    model: SuccessModel,
    evaluation: Evaluation,
    *,
    period: tuple[date, date] | None = None,
) -> LearnReport:
    """Each criterion's learned weight beside the default, in Dutch, with the evaluation."""
    relative = model.relative_weights()
    rows: list[WeightRow] = []
    for name, weight in model.weight_of().items():
        if name in relative:
            label = TERM_LABELS.get(name, name)
            rows.append(
                WeightRow(
                    name, label, weight, relative[name], _term_sentence(label, relative[name])
                )
            )
        else:
            label = INTERACTION_LABELS.get(name, name)
            rows.append(WeightRow(name, label, weight, None, _interaction_sentence(label, weight)))
    when = ""
    if period is not None:
        first, last = period
        when = f" ({first.strftime('%d-%m-%Y')} tot {last.strftime('%d-%m-%Y')})"
    headline = (
        f"Geleerd van {number(evaluation.n)} eerdere stages{when}: "
        f"{percent(evaluation.success_rate)} liep goed af."
    )
    kind_note = (
        "Voor de ronde telt gradient boosting op dezelfde criteria; de gewichten hieronder komen "
        "uit het eenvoudige model ernaast."
        if model.kind == BOOSTING
        else "De ronde gebruikt precies deze gewichten."
    )
    return LearnReport(headline, tuple(rows), evaluation, kind_note)
