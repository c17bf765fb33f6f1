"""``matcher demo-data``: write a seeded demo population and an outcome history set."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from adapters.demo_data import write_demo
from cli import app, checks
from cli.output import console, user_errors
from matcher.demo.population import COMPANIES_PER_STUDENT
from matcher.demo.sectors import EXAMPLE_CODES_NOTE

DEFAULT_START = date(2026, 9, 1)


def _parse_date(text: str | date) -> date:
    if isinstance(text, date):  # the default arrives already parsed
        return text
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(
            f"'{text}' is geen datum. Schrijf de datum als JJJJ-MM-DD."
        ) from None


@app.command("demo-data")
def demo_data_command(
    out: Annotated[
        Path, typer.Option("--out", help="Map waarin de bestanden komen (wordt aangemaakt).")
    ],
    students: Annotated[int, typer.Option("--students", min=1, help="Aantal studenten.")] = 1000,
    companies: Annotated[
        float, typer.Option("--companies", min=0.001, help="Aantal bedrijven per student.")
    ] = COMPANIES_PER_STUDENT,
    places: Annotated[
        float,
        typer.Option(
            "--places", min=0.01, help="Aantal plaatsen (stageplekken x capaciteit) per student."
        ),
    ] = 2.5,
    seed: Annotated[
        int, typer.Option("--seed", help="Startgetal: hetzelfde getal geeft dezelfde bestanden.")
    ] = 42,
    history_students: Annotated[
        int,
        typer.Option(
            "--history-students",
            min=1,
            help="Aantal eerdere stages in de geschiedenis (map history/).",
        ),
    ] = 2000,
    start: Annotated[
        date,
        typer.Option(
            "--date", parser=_parse_date, metavar="JJJJ-MM-DD", help="Startdatum van de BPV."
        ),
    ] = DEFAULT_START,
    fmt: Annotated[str, typer.Option("--format", help="Bestandsformaat: csv of xlsx.")] = "csv",
) -> None:
    """Maak oefengegevens: studenten, bedrijven, plekken en een geschiedenis met uitkomsten."""
    with user_errors():
        chosen = checks.table_format(fmt)
        checks.output_folder(out)
        summary = write_demo(
            out,
            n_students=students,
            seed=seed,
            on=start,
            fmt=chosen,
            history_students=history_students,
            places_per_student=places,
            companies_per_student=companies,
        )
    console.print(f"Geschreven naar {summary.population_dir}:")
    console.print(
        f"  {summary.students} studenten, {summary.companies} bedrijven, {summary.places} plekken"
    )
    console.print(f"  ({summary.slots} plaatsen in totaal)")
    console.print(f"Geschiedenis in {summary.history_dir}:")
    rate = f"{summary.history_success_rate:.0%}"
    console.print(f"  {summary.history_students} eerdere stages, waarvan {rate} succesvol")
    console.print(f"[dim]{EXAMPLE_CODES_NOTE}[/]")
