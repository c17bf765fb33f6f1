"""``matcher audit verify``: check the hash chains of the privacy log and the round log."""

from __future__ import annotations

from typing import Annotated

import typer

from adapters.db.engine import make_engine
from adapters.flows.audit import audit_status
from adapters.settings import get_settings
from cli import app
from cli.dutch import DutchTyper
from cli.output import console, err_console, user_errors

audit_app = DutchTyper(help="Het auditlog controleren.", no_args_is_help=True)
app.add_typer(audit_app, name="audit")


@audit_app.command("verify")
def verify_command(
    database_url: Annotated[
        str | None, typer.Option(help="Database (standaard: DATABASE_URL).")
    ] = None,
) -> None:
    """Controleer of er niets in het auditlog is veranderd, verwijderd of verschoven."""
    with user_errors():
        engine = make_engine(database_url or get_settings().database_url)
        try:
            status = audit_status(engine)
        finally:
            engine.dispose()
    for line in status.lines():
        (console if status.ok else err_console).print(line, markup=False, soft_wrap=True)
    if status.ok:
        console.print("Het auditlog is in orde. Noteer de vingerafdrukken buiten de database.")
        for report in status.reports:
            console.print(
                f"Vingerafdruk {report.table}: {report.last_hash}", markup=False, soft_wrap=True
            )
        return
    broken = status.first_break
    assert broken is not None
    assert broken.broken is not None
    err_console.print(
        f"Het auditlog is NIET in orde. Eerste breuk: tabel {broken.table}, "
        f"rij {broken.broken.row_id if broken.broken.row_id is not None else '-'}. "
        "Zet een back-up van vóór de breuk ernaast en meld dit bij de "
        "privacy-verantwoordelijke.",
        markup=False,
        soft_wrap=True,
    )
    raise typer.Exit(code=1)
