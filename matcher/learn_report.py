"""What the learned success model learned, in plain Dutch (B1), for the bureau.

Pure: a fitted model and its evaluation in, sentences and rows out. The CLI (``matcher train``)
and the bureau's model page print the same report.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from matcher.features import MODEL_FLOORS
from matcher.nl import decimal, number, percent
from matcher.scoring.explain import TERM_LABELS
from matcher.scoring.learned import BOOSTING, FLAG_GAP, FLAG_MIN_N, Evaluation, SuccessModel

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


FLOOR_NOTE = "minder kan niet: de wensen van de student tellen altijd mee"


def _term_sentence(label: str, relative: float, *, floored: bool = False) -> str:
    if floored and relative < 1.0 + SAME_BAND:
        return f"{label} weegt even zwaar als standaard ({FLOOR_NOTE})."
    if relative <= 0.0:
        return f"{label} telde in jullie uitkomsten niet mee (standaard wel)."
    if abs(relative - 1.0) < SAME_BAND:
        return f"{label} weegt ongeveer even zwaar als standaard."
    return f"{label} weegt {decimal(relative, 1)} keer zo zwaar als standaard."


def _interaction_sentence(label: str, weight: float) -> str:
    if weight >= -0.005:
        return f"{label}: geen extra effect gevonden."
    return f"{label} maakt de kans op een goede afloop kleiner (gewicht {decimal(weight, 1)})."


def relative_weights(weights: Mapping[str, float], prior: Mapping[str, float]) -> dict[str, float]:
    """Per column with a default weight: learned share / default share (2.0 = twice as heavy)."""
    has = [k for k, w0 in prior.items() if w0 > 0 and k in weights]
    total_learned = sum(weights[k] for k in has)
    total_prior = sum(prior[k] for k in has)
    return {
        k: (weights[k] / total_learned if total_learned > 0 else 0.0) / (prior[k] / total_prior)
        for k in has
    }


def weight_rows(weights: Mapping[str, float], prior: Mapping[str, float]) -> tuple[WeightRow, ...]:
    """One Dutch sentence per criterion: a term beside its default, an interaction's effect."""
    relative = relative_weights(weights, prior)
    rows: list[WeightRow] = []
    for name, weight in weights.items():
        if name in relative:
            label = TERM_LABELS.get(name, name)
            sentence = _term_sentence(label, relative[name], floored=name in MODEL_FLOORS)
            rows.append(WeightRow(name, label, weight, relative[name], sentence))
        else:
            label = INTERACTION_LABELS.get(name, name)
            rows.append(WeightRow(name, label, weight, None, _interaction_sentence(label, weight)))
    return tuple(rows)


def headline(n: int, success_rate: float, period: tuple[date, date] | None = None) -> str:
    """ "Geleerd van 800 eerdere stages (...): 65% liep goed af." """
    when = ""
    if period is not None:
        first, last = period
        when = f" ({first.strftime('%d-%m-%Y')} tot {last.strftime('%d-%m-%Y')})"
    return f"Geleerd van {number(n)} eerdere stages{when}: {percent(success_rate)} liep goed af."


def learn_report(
    model: SuccessModel,
    evaluation: Evaluation,
    *,
    period: tuple[date, date] | None = None,
) -> LearnReport:
    """Each criterion's learned weight beside the default, in Dutch, with the evaluation."""
    prior = dict(zip(model.feature_columns, model.prior, strict=True))
    rows = weight_rows(model.weight_of(), prior)
    kind_note = (
        "Voor de ronde telt gradient boosting op dezelfde criteria; de gewichten hieronder komen "
        "uit het eenvoudige model ernaast."
        if model.kind == BOOSTING
        else "De ronde gebruikt precies deze gewichten."
    )
    return LearnReport(
        headline(evaluation.n, evaluation.success_rate, period), rows, evaluation, kind_note
    )


@dataclass(frozen=True, slots=True)
class TextRow:
    """A table row as Dutch text, and whether it needs attention."""

    cells: tuple[str, ...]
    flagged: bool = False


@dataclass(frozen=True, slots=True)
class EvidenceReport:
    """What a person sees before approving a model: all from the stored evidence."""

    headline: str
    note: str
    weights: tuple[WeightRow, ...]
    quality: tuple[TextRow, ...]  # model and rules: AUC and Brier with intervals
    calibration: tuple[TextRow, ...]
    fairness: tuple[TextRow, ...]  # group, outcomes, placed, observed, predicted, gap, flag
    sources: tuple[str, ...] = ()  # where the outcomes came from, one sentence per source

    @property
    def flagged_groups(self) -> int:
        """How many groups the model under- or over-predicts."""
        return sum(r.flagged for r in self.fairness)


def _interval(e: Mapping[str, float]) -> str:
    return f"{decimal(e['value'], 3)} ({decimal(e['low'], 3)} tot {decimal(e['high'], 3)})"


def evidence_report(evidence: Mapping[str, Any]) -> EvidenceReport:
    """The Dutch report of a stored model version's evidence (see adapters/flows/model_versions)."""
    weights = weight_rows(evidence.get("weights", {}), evidence.get("prior", {}))
    quality: list[TextRow] = []
    if "model_auc" in evidence:
        quality = [
            TextRow(("geleerd model", _interval(evidence["model_auc"]),
                     _interval(evidence["model_brier"]))),
            TextRow(("alleen regels", _interval(evidence["rule_auc"]),
                     _interval(evidence["rule_brier"]))),
        ]  # fmt: skip
    calibration = tuple(
        TextRow((f"{percent(b['low'])} tot {percent(b['high'])}", number(b["n"]),
                 percent(b["predicted"]), percent(b["observed"])))
        for b in evidence.get("calibration", [])
    )  # fmt: skip
    fairness = []
    for g in evidence.get("fairness", []):
        gap = g["predicted_success"] - g["observed_success"]
        flagged = g["n"] >= FLAG_MIN_N and abs(gap) >= FLAG_GAP
        direction = "te hoog" if gap > 0 else "te laag"
        placed = g.get("placement_rate")
        fairness.append(
            TextRow(
                (f"{g['attribute']} {g['group']}", number(g["n"]),
                 "–" if placed is None else percent(placed), percent(g["observed_success"]),
                 percent(g["predicted_success"]), f"{decimal(100 * gap, 0)} procentpunt",
                 f"voorspelling {direction}" if flagged else ""),
                flagged=flagged,
            )
        )  # fmt: skip
    return EvidenceReport(
        headline=headline(int(evidence.get("n", 0)), float(evidence.get("success_rate", 0.0))),
        note=str(evidence.get("note", "")),
        weights=weights,
        quality=tuple(quality),
        calibration=calibration,
        fairness=tuple(fairness),
        sources=tuple(source_line(src) for src in evidence.get("sources", [])),
    )


def _day(iso: str | None) -> str:
    return "" if not iso else date.fromisoformat(iso).strftime("%d-%m-%Y")


def source_line(source: Mapping[str, Any]) -> str:
    """ "eigen BPV's: 12 uitkomsten (01-02-2026 tot 30-06-2026)" """
    n = int(source.get("n_outcomes", 0))
    text = f"{source.get('source', '')}: {number(n)} {'uitkomst' if n == 1 else 'uitkomsten'}"
    if source.get("first") and source.get("last"):
        text += f" ({_day(source['first'])} tot {_day(source['last'])})"
    elif source.get("on"):
        text += f" (stages rond {_day(source['on'])})"
    return text
