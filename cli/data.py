"""``matcher import`` and ``matcher export``: contract files in and out of the database."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from sqlalchemy import Engine

from adapters.db.engine import make_engine, session_scope
from adapters.db.migrate import upgrade
from adapters.db.repositories import load_population
from adapters.flows import outcome_history
from adapters.flows.imports import (
    ImportPreview,
    ImportReport,
    find_sources,
    history_from_folder,
    import_directory,
    import_files,
    preview_import,
)
from adapters.geography.factory import make_geocoder
from adapters.settings import Settings, get_settings
from adapters.tabular import Source, write_history, write_population
from cli import app, checks
from cli.output import console, progress_printer, user_errors
from matcher.errors import InvalidInputError
from matcher.learn_report import source_line
from matcher.privacy.principal import Principal
from matcher.privacy.vocabulary import Role

BEHEER = Principal(0, "beheer", "beheer (opdrachtregel)", frozenset({Role.ADMIN}))
FileOption = Annotated[Path | None, typer.Option(exists=False, dir_okay=False)]


def _engine(settings: Settings, database_url: str | None) -> Engine:
    url = database_url or settings.database_url
    upgrade(url)
    return make_engine(url)


def _print_report(report: ImportReport) -> None:
    table = Table(
        "soort", "nieuw", "bijgewerkt", "ongewijzigd", title=f"Ingelezen ({report.dataset})"
    )
    for kind, label in (
        ("students", "studenten"),
        ("companies", "bedrijven"),
        ("places", "plekken"),
    ):
        c = getattr(report.counts, kind)
        if c.created or c.updated or c.unchanged:
            table.add_row(label, str(c.created), str(c.updated), str(c.unchanged))
    console.print(table)
    for warning in report.warnings:
        console.print(f"[yellow]Let op:[/] {warning}")


def _print_preview(preview: ImportPreview) -> None:
    """The open rounds and students whose data the files change."""
    for found in preview.rounds:
        count = len(found.students)
        who = "1 student" if count == 1 else f"{count} studenten"
        message = f"Deze import verandert gegevens van {who} in de ronde '{found.name}'."
        console.print(message, style="yellow", markup=False)
        for sid, name in found.students:
            console.print(f"  {name} ({sid})" if name else f"  {sid}", markup=False)


@app.command("import")
def import_command(
    directory: Annotated[
        Path | None,
        typer.Option(
            "--dir", help="Map met students/companies/places (.csv of .xlsx) en eventueel history/."
        ),
    ] = None,
    students: Annotated[Path | None, typer.Option(help="students.csv of .xlsx")] = None,
    companies: Annotated[Path | None, typer.Option(help="companies.csv of .xlsx")] = None,
    places: Annotated[Path | None, typer.Option(help="places.csv of .xlsx")] = None,
    history: Annotated[
        Path | None, typer.Option(help="Map met een geschiedenis (outcomes.csv en profielen).")
    ] = None,
    database_url: Annotated[
        str | None, typer.Option(help="Database (standaard: DATABASE_URL of SQLite in var/).")
    ] = None,
    yes: Annotated[
        bool,
        typer.Option(
            "--yes", help="Ook opslaan als de bestanden gegevens van open rondes veranderen."
        ),
    ] = False,
) -> None:
    """Lees bestanden in het uitwisselformaat in.

    Alles of niets: bij een fout wordt niets opgeslagen. Veranderen de bestanden gegevens van
    studenten in een ronde die nog niet gepubliceerd is, dan zie je welke rondes en studenten;
    opslaan gebeurt dan alleen met --yes.
    """
    settings = get_settings()
    with user_errors():
        engine = _engine(settings, database_url)
        geocoder = make_geocoder(settings)
        given = {
            kind: path
            for kind, path in (("students", students), ("companies", companies), ("places", places))
            if path is not None
        }
        current = find_sources(directory) if directory is not None else {}
        current.update({kind: Source.from_path(path) for kind, path in given.items()})
        if current:
            preview = preview_import(engine, current=current, geocoder=geocoder)
            _print_preview(preview)
            if preview.rounds and not yes:
                console.print(
                    "Er is niets opgeslagen. Klopt dit? Voer dezelfde opdracht uit met --yes "
                    "om de bestanden op te slaan."
                )
                raise typer.Exit(code=1)
        reports: list[ImportReport] = []
        if directory is not None:
            reports += import_directory(
                engine, directory, geocoder=geocoder, progress=progress_printer()
            )
        files = {
            kind: Source.from_path(path)
            for kind, path in (("students", students), ("companies", companies), ("places", places))
            if path is not None
        }
        if files or history is not None:
            reports += import_files(
                engine,
                current=files,
                history=history_from_folder(history) if history is not None else None,
                geocoder=geocoder,
            )
        if not reports:
            console.print(
                "Geef --dir of een van --students, --companies, --places of --history op."
            )
            raise typer.Exit(code=2)
        for report in reports:
            _print_report(report)


@app.command("export")
def export_command(
    out: Annotated[Path | None, typer.Option(help="Map waarin de bestanden komen.")] = None,
    history: Annotated[
        Path | None,
        typer.Option(
            "--history",
            help="Map waarin de uitkomsten van afgeronde BPV's komen, als geschiedenis "
            "(outcomes.csv met de profielen van toen).",
        ),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="csv of xlsx")] = "csv",
    database_url: Annotated[
        str | None, typer.Option(help="Database (standaard: DATABASE_URL).")
    ] = None,
) -> None:
    """Schrijf de opgeslagen studenten, bedrijven en plekken weg in het uitwisselformaat, of met
    --history de uitkomsten van de BPV's als geschiedenis."""
    settings = get_settings()
    with user_errors():
        if out is None and history is None:
            raise InvalidInputError(
                "Geef --out op (studenten, bedrijven en plekken) of --history (de uitkomsten)."
            )
        chosen = checks.table_format(fmt)
        if out is not None:
            checks.output_folder(out)
        if history is not None:
            checks.output_folder(history, option="--history")
        engine = _engine(settings, database_url)
        paths: list[Path] = []
        with session_scope(engine) as session:
            if out is not None:
                paths += write_population(out, load_population(session), fmt=chosen)
            if history is not None:
                own = outcome_history.build(session, BEHEER)
                paths += write_history(history, own.history, fmt=chosen)
        for path in paths:
            console.print(f"Geschreven: {path}")
        if history is not None:
            console.print(f"{source_line(own.source())}.", markup=False)
            for reason, count in sorted(own.skipped.items()):
                console.print(f"Niet meegenomen ({reason}): {count}", markup=False)
