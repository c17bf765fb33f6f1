"""``matcher train``: learn the success model from an outcome history and save it."""

from __future__ import annotations

from datetime import date, timedelta
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
from matcher import MIN_HISTORY, EstimatedTravelTime, Evaluation, blend_weight, learn_from_history
from matcher.errors import InvalidInputError


def print_evaluation(evaluation: Evaluation) -> None:
    """Held-out quality of model and rules, and the fairness table per group."""
    table = Table(
        "", "AUC (hoger is beter)", "Brier (lager is beter)", title="Getest op eerdere uitkomsten"
    )
    table.add_row("geleerd model", f"{evaluation.model_auc:.3f}", f"{evaluation.model_brier:.3f}")
    table.add_row("alleen regels", f"{evaluation.rule_auc:.3f}", f"{evaluation.rule_brier:.3f}")
    console.print(table)
    fair = Table(
        "groep", "aantal", "echt gelukt", "voorspeld", "gem. fout", title="Per groep (eerlijkheid)"
    )
    for row in evaluation.fairness:
        fair.add_row(
            f"{row.attribute} {row.group}",
            str(row.n),
            f"{row.observed_success:.0%}",
            f"{row.predicted_success:.0%}",
            f"{row.mean_abs_error:.3f}",
        )
    console.print(fair)


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
    """Leer van eerdere stages welke plekken goed uitpakken, en bewaar dat model."""
    settings = get_settings()
    with user_errors():
        try:
            on = date.fromisoformat(when) if when else clock.today() - timedelta(days=365)
        except ValueError:
            raise InvalidInputError(
                f"--date moet een datum zijn als 2025-09-01, niet '{when}'."
            ) from None
        target = checks.output_file(
            model_path or settings.model_path, option="--model-path", create_folder=True
        )
        data, warnings = read_history_dir(history, geocoder=make_geocoder(settings))
        for warning in warnings[:20]:
            console.print(f"[yellow]Let op:[/] {warning}")
        model, evaluation = learn_from_history(data, on=on, travel=EstimatedTravelTime())
        print_evaluation(evaluation)
        if not evaluation.model_beats_rule:
            console.print("Het model voorspelt niet beter dan de regels. Het is niet opgeslagen.")
            raise typer.Exit(code=1)
        save_model(model, target, evaluation=evaluation)
    weight = blend_weight(model.n_outcomes)
    console.print(
        f"Model opgeslagen in {target}. Het telt mee voor {weight:.0%} van de score "
        f"(vanaf {MIN_HISTORY} uitkomsten telt het mee)."
    )
