"""``matcher model``: a person decides which learned model the rounds use (beheer via the CLI)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from sqlalchemy import Engine

from adapters import clock
from adapters.db.engine import make_engine
from adapters.db.migrate import upgrade
from adapters.flows.model_versions import (
    STATUS_LABELS,
    ModelVersion,
    approve_model,
    list_models,
    propose_model,
    reject_model,
    rollback_model,
)
from adapters.flows.training import ImportedHistory, train_and_propose
from adapters.geography.factory import make_geocoder
from adapters.settings import Settings, get_settings
from adapters.tabular import read_history_dir
from cli import app, checks
from cli.dutch import DutchTyper
from cli.output import console, user_errors
from cli.train import print_evaluation
from matcher import EstimatedTravelTime
from matcher.learn_report import source_line
from matcher.nl import decimal
from matcher.privacy.principal import Principal
from matcher.privacy.vocabulary import Role

model_app = DutchTyper(help="Geleerde modellen: voorstellen, goedkeuren, terugdraaien.")
app.add_typer(model_app, name="model")

By = Annotated[str, typer.Option("--by", help="Wie dit besluit (naam of e-mailadres).")]
Note = Annotated[str | None, typer.Option("--note", help="Waarom (komt bij het besluit).")]


def _beheer(name: str) -> Principal:
    return Principal(0, name, name, frozenset({Role.ADMIN}))


def _line(v: ModelVersion) -> str:
    return f"model {v.id}: {STATUS_LABELS[v.status]}"


def _engine() -> tuple[Settings, Engine]:
    settings = get_settings()
    upgrade(settings.database_url)
    return settings, make_engine(settings.database_url)


@model_app.command("propose")
def propose(
    by: By,
    history: Annotated[
        Path | None,
        typer.Option(help="Map met een geschiedenis (outcomes.csv en profielen) erbij, optioneel."),
    ] = None,
    when: Annotated[
        str | None,
        typer.Option("--date", help="Startdatum van de stages in die geschiedenis (JJJJ-MM-DD)."),
    ] = None,
    saved: Annotated[
        bool,
        typer.Option(
            "--saved", help="Niet trainen: zet het model klaar dat matcher train bewaarde."
        ),
    ] = False,
    model_path: Annotated[Path | None, typer.Option(help="Waar het model staat of komt.")] = None,
) -> None:
    """Train een model op de afgeronde BPV's (en een geschiedenis, als je die opgeeft) en zet het
    klaar als voorstel. Rondes gebruiken het pas na goedkeuring."""
    with user_errors():
        settings, engine = _engine()
        target = model_path or settings.model_path
        v: ModelVersion | None
        try:
            if saved:
                v = propose_model(engine, target, by=by)
            else:
                v = _train(engine, by=by, history=history, when=when, target=target)
        finally:
            engine.dispose()
    if v is None:
        console.print("Er is geen voorstel gemaakt: rondes gebruiken de regels.")
        raise typer.Exit(code=1)
    console.print(f"{_line(v)}. Keur het goed met: matcher model approve {v.id} --by <naam>")


def _train(
    engine: Engine, *, by: str, history: Path | None, when: str | None, target: Path
) -> ModelVersion | None:
    """Train on the product's outcomes plus an optional history folder; print what it used."""
    settings = get_settings()
    imported = None
    if history is not None:
        on = checks.history_date(when, clock.today())
        data, warnings = read_history_dir(history, geocoder=make_geocoder(settings))
        for warning in warnings[:20]:
            console.print(f"[yellow]Let op:[/] {warning}", markup=True)
        imported = ImportedHistory(data, f"geschiedenis {history.name}", on)
    trained = train_and_propose(
        engine, _beheer(by), model_path=target, travel=EstimatedTravelTime(), imported=imported
    )
    console.print("Geleerd van:")
    for source in trained.sources:
        console.print(f"  {source_line(source)}", markup=False)
    assert trained.result is not None
    print_evaluation(trained.result.evaluation)
    console.print(trained.result.evaluation.note, markup=False)
    return trained.version


@model_app.command("approve")
def approve(version: int, by: By, note: Note = None) -> None:
    """Keur een model goed: vanaf nu gebruiken rondes dit model."""
    with user_errors():
        _, engine = _engine()
        try:
            v = approve_model(engine, version, _beheer(by), note=note)
        finally:
            engine.dispose()
    console.print(f"{_line(v)}, door {v.decided_by}.")


@model_app.command("reject")
def reject(version: int, by: By, note: Note = None) -> None:
    """Wijs een voorgesteld model af; het wordt nooit gebruikt."""
    with user_errors():
        _, engine = _engine()
        try:
            v = reject_model(engine, version, _beheer(by), note=note)
        finally:
            engine.dispose()
    console.print(f"{_line(v)}.")


@model_app.command("rollback")
def rollback(by: By, note: Note = None) -> None:
    """Draai het goedgekeurde model terug naar het model daarvoor (of naar alleen de regels)."""
    with user_errors():
        _, engine = _engine()
        try:
            v = rollback_model(engine, _beheer(by), note=note)
        finally:
            engine.dispose()
    console.print("Terug naar alleen de regels." if v is None else f"Terug naar {_line(v)}.")


@model_app.command("list")
def list_command() -> None:
    """Alle modellen met wie wat besloot."""
    with user_errors():
        _, engine = _engine()
        try:
            versions = list_models(engine)
        finally:
            engine.dispose()
    table = Table("nr", "status", "uitkomsten", "AUC model / regels", "voorgesteld", "besluit")
    for v in versions:
        ev = v.evidence
        auc = (
            f"{decimal(ev['model_auc']['value'], 3)} / {decimal(ev['rule_auc']['value'], 3)}"
            if "model_auc" in ev
            else "–"
        )
        decided = "" if v.decided_at is None else f"{v.decided_by}, {v.decided_at:%d-%m-%Y %H:%M}"
        table.add_row(str(v.id), STATUS_LABELS[v.status], str(v.n_outcomes), auc,
                      v.proposed_by, decided)  # fmt: skip
    console.print(table)
