"""``matcher backup`` and ``matcher restore``: the whole database to a file and back."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from adapters.db.backup import backup_database, restore_database
from adapters.settings import get_settings
from cli import app, checks
from cli.output import console, user_errors

DbOption = Annotated[str | None, typer.Option(help="Database (standaard: DATABASE_URL).")]


@app.command("backup")
def backup_command(
    out: Annotated[Path, typer.Option(help="Bestand voor de back-up.")],
    database_url: DbOption = None,
) -> None:
    """Maak een back-up van de hele database (mag terwijl de dienst draait)."""
    with user_errors():
        checks.output_file(out, option="--out", create_folder=True)
        path = backup_database(database_url or get_settings().database_url, out)
    console.print(f"Back-up gemaakt: {path} ({path.stat().st_size // 1024} KB)")


@app.command("restore")
def restore_command(
    source: Annotated[Path, typer.Option("--from", help="Het back-upbestand.")],
    yes: Annotated[bool, typer.Option("--yes", help="Ja, vervang alles in de database.")] = False,
    database_url: DbOption = None,
) -> None:
    """Zet een back-up terug. Alles wat nu in de database staat, wordt vervangen."""
    if not yes:
        console.print("Dit vervangt alles in de database. Stop eerst de dienst en geef --yes mee.")
        raise typer.Exit(code=2)
    with user_errors():
        restore_database(database_url or get_settings().database_url, source)
    console.print(f"Back-up teruggezet uit {source}.")
