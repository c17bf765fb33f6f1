"""``matcher round``: a whole match round from contract files to proposals.csv."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from adapters import clock
from adapters.flows.file_round import FileRoundReport, run_file_round
from adapters.geography.factory import make_geocoder
from adapters.settings import get_settings
from adapters.solver_pool import component_map
from cli import app, checks
from cli.gaps import nl_number, placed_text, quality_text
from cli.output import console, progress_printer, quiet_native_stdout, user_errors
from matcher import TERM_NAMES, EstimatedTravelTime, RoundPolicy, ScoringPolicy
from matcher.errors import InvalidInputError

STATUS_LABELS = {
    "optimal": "beste verdeling gevonden (bewezen)",
    "feasible": "goede verdeling gevonden binnen de tijd (niet bewezen de beste)",
    "infeasible": "geen geldige verdeling mogelijk",
    "unknown": "binnen de tijd geen verdeling gevonden",
}
PROPOSAL_SUFFIXES = tuple(f".{fmt}" for fmt in checks.TABLE_FORMATS)
KIND_LABELS = {
    "under_16": "jonger dan 16",
    "no_places_for_crebo": "geen plekken voor de opleiding",
    "none_in_reach": "geen plek binnen de reistijd",
    "no_eligible": "geen plek voldoet aan de regels",
    "vetoed": "passende plekken afgewezen",
    "competition": "plekken gingen naar anderen",
}


def _parse_date(text: str | None) -> date:
    if text is None:
        return clock.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInputError(
            f"--date moet een datum zijn als 2026-09-01, niet '{text}'."
        ) from None


def parse_weights(items: list[str]) -> dict[str, float]:
    """``["reis=2", "voorkeur=1"]`` to a dict, with Dutch errors for unknown names or values."""
    weights: dict[str, float] = {}
    for item in items:
        name, _, value = item.partition("=")
        if name not in TERM_NAMES:
            raise InvalidInputError(
                f"Onbekend onderdeel '{name}' in --weight. Kies uit: {', '.join(TERM_NAMES)}."
            )
        try:
            weights[name] = float(value)
        except ValueError:
            raise InvalidInputError(f"--weight {item}: het gewicht moet een getal zijn.") from None
        if weights[name] < 0:
            raise InvalidInputError(f"--weight {item}: het gewicht mag niet negatief zijn.")
    return weights


def _print_summary(report: FileRoundReport) -> None:
    s = report.result.summary
    table = Table("", "studenten", "geplaatst", "%", title="Voorstel voor deze ronde")

    def add(label: str, n: int, placed: int) -> None:
        table.add_row(label, str(n), str(placed), f"{100 * placed / n:.0f}" if n else "-")

    add("alle studenten", s.students, s.placed)
    add("met voorrang", s.priority.students, s.priority.placed)
    add("met extra ondersteuning", s.needs_support.students, s.needs_support.placed)
    for niveau, g in s.per_niveau.items():
        add(f"niveau {niveau}", g.students, g.placed)
    for group, g in s.per_age_group.items():
        add(f"leeftijd {group}", g.students, g.placed)
    console.print(table)
    console.print(f"Gemiddelde score van de voorstellen: {nl_number(s.mean_score, 3)}")
    console.print(f"Oplosser: {STATUS_LABELS.get(s.status, s.status)}")
    console.print(f"  {placed_text(s.weighted_placed, s.weighted_placed_bound, s.placed_gap)}")
    console.print(f"  {quality_text(s.quality_gap)}")
    if s.unplaced_reasons:
        console.print("Waarom niet geplaatst:")
        for kind, n in sorted(s.unplaced_reasons.items(), key=lambda kv: -kv[1]):
            console.print(f"  {KIND_LABELS.get(kind, kind)}: {n}")
    console.print(report.model_note)
    if report.evaluation is not None:
        e = report.evaluation
        console.print(
            f"  getest op eerdere uitkomsten: AUC model {nl_number(e.model_auc.value, 3)} / "
            f"regels {nl_number(e.rule_auc.value, 3)}, "
            f"Brier model {nl_number(e.model_brier.value, 3)} / "
            f"regels {nl_number(e.rule_brier.value, 3)}"
        )
    times = ", ".join(f"{k} {nl_number(v, 1)} s" for k, v in report.timings.items())
    console.print(f"Tijd: {times}")


@app.command("round")
def round_command(
    students: Annotated[Path, typer.Option(help="students.csv of .xlsx")],
    companies: Annotated[Path, typer.Option(help="companies.csv of .xlsx")],
    places: Annotated[Path, typer.Option(help="places.csv of .xlsx")],
    out: Annotated[Path, typer.Option(help="Waar de voorstellen komen (.csv of .xlsx).")],
    outcomes: Annotated[
        Path | None, typer.Option(help="outcomes.csv van een geschiedenis (profielen ernaast).")
    ] = None,
    when: Annotated[
        str | None,
        typer.Option("--date", help="Startdatum van de BPV (JJJJ-MM-DD); standaard vandaag."),
    ] = None,
    summary: Annotated[Path | None, typer.Option(help="Samenvatting als JSON-bestand.")] = None,
    time_limit: Annotated[
        float | None, typer.Option(help="Maximale rekentijd van de oplosser in seconden.")
    ] = None,
    min_score: Annotated[
        float, typer.Option(help="Stel geen plek voor onder deze score (0-1).")
    ] = 0.0,
    weight: Annotated[
        list[str] | None,
        typer.Option(help="Gewicht van een onderdeel, bijvoorbeeld reis=2 (mag vaker)."),
    ] = None,
) -> None:
    """Maak een voorstel voor een hele ronde. Mensen beoordelen het voorstel daarna."""
    settings = get_settings()
    with user_errors():
        inputs = [students, companies, places] + ([outcomes] if outcomes else [])
        checks.output_file(out, option="--out", suffixes=PROPOSAL_SUFFIXES, not_one_of=inputs)
        if summary is not None:
            checks.output_file(
                summary,
                option="--summary",
                suffixes=(".json",),
                create_folder=True,
                not_one_of=[*inputs, out],
            )
        on = _parse_date(when)
        if not 0.0 <= min_score <= 1.0:
            raise InvalidInputError("--min-score moet tussen 0 en 1 liggen.")
        scoring = ScoringPolicy().with_weights(**parse_weights(weight or []))
        policy = RoundPolicy(scoring=scoring, min_score=min_score).with_limits(
            time_limit_s=time_limit or settings.solver_time_limit_s,
            workers=settings.solver_workers,
        )
        with quiet_native_stdout(), component_map(settings.solver_processes) as map_fn:
            report = run_file_round(
                students=students,
                companies=companies,
                places=places,
                outcomes=outcomes,
                on=on,
                geocoder=make_geocoder(settings),
                travel=EstimatedTravelTime(),
                policy=policy,
                out=out,
                summary=summary,
                progress=progress_printer(),
                map_fn=map_fn,
            )
    for warning in report.warnings[:20]:
        console.print(f"[yellow]Let op:[/] {warning}")
    _print_summary(report)
    console.print(
        f"Voorstellen geschreven naar {out}" + (f", samenvatting naar {summary}" if summary else "")
    )
