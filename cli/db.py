"""``matcher db upgrade`` and ``matcher db roles``: the schema, and the two PostgreSQL roles."""

from __future__ import annotations

from typing import Annotated

import typer

from adapters.db.migrate import migrate
from adapters.db.roles import roles_script
from adapters.settings import get_settings
from cli import app
from cli.dutch import DutchTyper
from cli.output import console, user_errors

db_app = DutchTyper(help="Het databaseschema en de databaserollen.", no_args_is_help=True)
app.add_typer(db_app, name="db")


@db_app.command("upgrade")
def upgrade_command() -> None:
    """Werk het databaseschema bij, als eigenaar (MIGRATION_DATABASE_URL of DATABASE_URL).

    Met DATABASE_APP_ROLE krijgt die rol daarna haar rechten: in het auditlog alleen lezen en
    toevoegen.
    """
    settings = get_settings()
    with user_errors():
        migrate(settings)
    console.print("Het databaseschema is bijgewerkt.")
    if settings.database_app_role:
        console.print(
            f"Rechten gezet voor {settings.database_app_role}: in het auditlog alleen lezen en "
            "toevoegen.",
            markup=False,
        )


@db_app.command("roles")
def roles_command(
    owner: Annotated[str, typer.Option(help="Rol die de database bezit en migreert.")] = (
        "matcher_owner"
    ),
    app_role: Annotated[
        str, typer.Option("--app", help="Rol waarmee de dienst draait.")
    ] = "matcher_app",
    database: Annotated[str, typer.Option(help="Naam van de database.")] = "matcher",
) -> None:
    """Print de SQL die een databasebeheerder (superuser) één keer uitvoert met psql.

    Voorbeeld: matcher db roles | psql -U postgres
    """
    with user_errors():
        script = roles_script(owner, app_role, database)
    typer.echo(script, nl=False)
