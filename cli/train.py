"""``matcher train``: learn the success model from an outcome history, report it and save it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from adapters import clock
from adapters.geography.factory import make_geocoder
from adapters.model_store import save_model
from adapters.settings import get_settings
from adapters.tabular import read_history_dir
from cli import app, checks
from cli.output import console, user_errors
from matcher import EstimatedTravelTime, Evaluation, learn_from_history
from matcher.learn_report import LearnReport, learn_report
from matcher.nl import decimal, percent
from matcher.scoring.learned import Estimate


def _with_interval(e: Estimate) -> str:
    return f"{decimal(e.value, 3)} ({decimal(e.low, 3)} tot {decimal(e.high, 3)})"


def print_evaluation(evaluation: Evaluation) -> None:
    """Held-out quality of model and rules, and the fairness table per group."""
    table = Table(
        "", "AUC (hoger is beter)", "Brier (lager is beter)", title="Getest op eerdere uitkomsten"
    )
    table.add_row(
        "geleerd model",
        _with_interval(evaluation.model_auc),
        _with_interval(evaluation.model_brier),
    )
    table.add_row(
        "alleen regels", _with_interval(evaluation.rule_auc), _with_interval(evaluation.rule_brier)
    )
    console.print(table)
    console.print("Tussen haakjes: 95 van de 100 keer ligt de echte waarde daartussen.")
    fair = Table(
        "groep", "aantal", "geplaatst", "echt gelukt", "voorspeld", "verschil", "let op",
        title="Per groep (eerlijkheid)",
    )  # fmt: skip
    for row in evaluation.fairness:
        fair.add_row(
            f"{row.attribute} {row.group}", str(row.n),
            "–" if row.placement_rate is None else percent(row.placement_rate),
            percent(row.observed_success),
            percent(row.predicted_success), f"{decimal(100 * row.bias, 0)} procentpunt",
            "ja" if row.flagged else "",
        )  # fmt: skip
    console.print(fair)


def print_report(report: LearnReport) -> None:
    """What the model learned, in Dutch: the weights beside the defaults and the calibration."""
    console.print(report.headline)
    for line in report.weight_lines:
        console.print(f"  {line}")
    cal = Table(
        "voorspeld", "aantal", "gem. voorspeld", "echt gelukt", title="Klopt de voorspelling?"
    )
    for row in report.evaluation.calibration:
        cal.add_row(
            f"{percent(row.low)} tot {percent(row.high)}", str(row.n), percent(row.predicted),
            percent(row.observed),
        )  # fmt: skip
    console.print(cal)


@app.command("train")
def train_command(
    history: Annotated[
        Path, typer.Option(help="Map met een geschiedenis (outcomes.csv en profielen).")
    ],
    when: Annotated[
        str | None, typer.Option("--date", help="Startdatum van die stages (JJJJ-MM-DD).")
    ] = None,
    model_path: Annotated[Path | None, typer.Option(help="Waar het model komt.")] = None,
) -> None:
    """Leer van eerdere stages welke plekken goed uitpakken, laat zien wat het model leerde en
    bewaar het."""
    settings = get_settings()
    with user_errors():
        on = checks.history_date(when, clock.today())
        target = checks.output_file(
            model_path or settings.model_path, option="--model-path", create_folder=True
        )
        data, warnings = read_history_dir(history, geocoder=make_geocoder(settings))
        for warning in warnings[:20]:
            console.print(f"[yellow]Let op:[/] {warning}")
        learned = learn_from_history(data, on=on, travel=EstimatedTravelTime())
        print_evaluation(learned.evaluation)
        console.print(learned.evaluation.note)
        model = learned.model
        if model is None:
            console.print("Het model is niet opgeslagen: rondes gebruiken de regels.")
            raise typer.Exit(code=1)
        print_report(learn_report(model, learned.evaluation))
        save_model(model, target, evaluation=learned.evaluation)
    console.print(
        f"Model opgeslagen in {target}. In een ronde telt het mee voor "
        f"{percent(model.blend)} van de score, maar pas als iemand het goedkeurt: "
        "matcher model propose --saved --by <naam>, daarna matcher model approve."
    )
