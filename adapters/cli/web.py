"""``matcher demo-web``: demo data, imported, demo accounts printed, and the web pages served."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from adapters.cli import app
from adapters.cli.output import console, user_errors

DEMO_DB = Path("var") / "demo-web.db"


def build_demo_site(database_url: str, *, students: int, seed: int) -> tuple[object, list[object]]:
    """A migrated app with a fresh demo population imported and new demo accounts."""
    from adapters.auth.demo_accounts import create_demo_accounts
    from adapters.db.engine import session_scope
    from adapters.demo_data import write_demo
    from adapters.flows.imports import import_directory
    from adapters.settings import get_settings
    from api.main import create_app

    settings = get_settings().model_copy(
        update={
            "database_url": database_url,
            "broker_url": None,
            "session_cookie_secure": False,
            "auto_migrate": True,
        }
    )
    web = create_app(settings)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "demo"
        write_demo(
            folder, n_students=students, seed=seed, on=date.today(), fmt="csv", history_students=0
        )
        import_directory(web.state.engine, folder, geocoder=web.state.geocoder)
    with session_scope(web.state.engine) as session:
        made = create_demo_accounts(session)
    return web, list(made)


@app.command("demo-web")
def demo_web(
    students: Annotated[int, typer.Option(min=1, max=20000, help="Aantal demo-studenten")] = 300,
    seed: Annotated[int, typer.Option(help="Startgetal voor de demo-gegevens")] = 42,
    host: Annotated[str, typer.Option(help="Adres om op te luisteren")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Poort")] = 8000,
    serve: Annotated[
        bool, typer.Option(help="De website starten (uit: alleen klaarzetten)")
    ] = True,
) -> None:
    """Start de website met oefengegevens en laat de demo-accounts zien (alleen voor een demo)."""
    DEMO_DB.parent.mkdir(parents=True, exist_ok=True)
    DEMO_DB.unlink(missing_ok=True)  # the demo always starts fresh, with new passwords
    with user_errors():
        web, made = build_demo_site(f"sqlite:///{DEMO_DB}", students=students, seed=seed)
    console.print(
        f"Oefengegevens ingelezen: {students} studenten. "
        "Demo-accounts (het wachtwoord zie je maar één keer):"
    )
    for account in made:
        console.print(f"  {account.email}  {account.password}  ({', '.join(account.roles)})")  # type: ignore[attr-defined]
    if not serve:
        return
    import uvicorn

    console.print(f"Open http://{host}:{port}/login in je browser. Stoppen: Ctrl+C.")
    uvicorn.run(web, host=host, port=port)  # type: ignore[arg-type]
