"""``matcher demo-web`` (``make demo``): demo data imported, a round made, accounts printed, and
the web pages served."""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from adapters import clock
from cli import app
from cli.output import console, quiet_native_stdout, user_errors
from matcher.nl import decimal

DEMO_DB = Path("var") / "demo-web.db"
DEMO_ROUND_NAME = "Demo-ronde"
DEMO_TIME_LIMIT_S = 10.0  # the whole demo starts in well under a minute


@dataclass(frozen=True, slots=True)
class DemoSite:
    """The app, the demo accounts (with their one-time passwords) and the prepared round."""

    app: Any
    accounts: list[Any]
    round_id: int | None
    summary: dict[str, Any]
    seconds: float


def build_demo_site(
    database_url: str,
    *,
    students: int,
    seed: int,
    run_round: bool = True,
    time_limit_s: float = DEMO_TIME_LIMIT_S,
) -> DemoSite:
    """A migrated app with a fresh demo population imported, a solved round ready for review
    (unless ``run_round`` is off) and new demo accounts."""
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
            "solver_time_limit_s": time_limit_s,
        }
    )
    started = time.perf_counter()
    web = create_app(settings)
    today = clock.today()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "demo"
        write_demo(folder, n_students=students, seed=seed, on=today, fmt="csv", history_students=0)
        import_directory(web.state.engine, folder, geocoder=web.state.geocoder)
    round_id, summary = (
        _run_demo_round(web.state.engine, settings, today) if run_round else (None, {})
    )
    with session_scope(web.state.engine) as session:
        made = create_demo_accounts(session)
    return DemoSite(web, list(made), round_id, summary, time.perf_counter() - started)


def _run_demo_round(engine: Any, settings: Any, on: date) -> tuple[int, dict[str, Any]]:
    """Create, start and run one round on every student, here and now (no background worker)."""
    from adapters.db import round_repositories as repo
    from adapters.db.engine import session_scope
    from adapters.flows.rounds import lifecycle
    from adapters.flows.rounds.execute import Outcome, execute_round
    from matcher.errors import MatcherError

    with session_scope(engine) as session:
        row = lifecycle.create_round(
            session, name=DEMO_ROUND_NAME, filters={}, policy={}, bpv_start=on, actor="demo"
        )
        assert row.id is not None
        round_id = row.id
        lifecycle.start_round(session, round_id, actor="demo")
    outcome = execute_round(engine, round_id, settings=settings)
    with session_scope(engine) as session:
        row = repo.get_round(session, round_id)
        if outcome is not Outcome.SOLVED:
            raise MatcherError(f"De demo-ronde is niet gelukt: {row.error or outcome.value}")
        return round_id, dict(row.summary or {})


@app.command("demo-web")
def demo_web(
    students: Annotated[int, typer.Option(min=1, max=20000, help="Aantal demo-studenten")] = 300,
    seed: Annotated[int, typer.Option(help="Startgetal voor de demo-gegevens")] = 42,
    host: Annotated[str, typer.Option(help="Adres om op te luisteren")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Poort")] = 8000,
    time_limit: Annotated[
        float, typer.Option(min=1, max=600, help="Rekentijd van de ronde in seconden (maximaal)")
    ] = DEMO_TIME_LIMIT_S,
    round_: Annotated[
        bool, typer.Option("--round/--no-round", help="Meteen een ronde maken om te bekijken")
    ] = True,
    serve: Annotated[
        bool, typer.Option(help="De website starten (uit: alleen klaarzetten)")
    ] = True,
) -> None:
    """Start de website met oefengegevens, een ronde om te bekijken en demo-accounts (demo)."""
    DEMO_DB.parent.mkdir(parents=True, exist_ok=True)
    DEMO_DB.unlink(missing_ok=True)  # the demo always starts fresh, with new passwords
    with user_errors(), quiet_native_stdout():
        site = build_demo_site(
            f"sqlite:///{DEMO_DB}",
            students=students,
            seed=seed,
            run_round=round_,
            time_limit_s=time_limit,
        )
    console.print(f"Oefengegevens ingelezen: {students} studenten.")
    if site.round_id is not None:
        s = site.summary
        prio = s.get("priority") or {}
        console.print(f"Ronde '{DEMO_ROUND_NAME}' is klaar om te bekijken.")
        console.print(
            f"  Met een voorstel: {s.get('placed', 0)} van de {s.get('students', 0)} studenten"
            f" (met voorrang: {prio.get('placed', 0)} van de {prio.get('students', 0)})."
        )
    console.print(f"Klaar in {decimal(site.seconds)} s.")
    console.print("Demo-accounts (het wachtwoord zie je maar één keer):")
    for account in site.accounts:
        console.print(f"  {account.email}  {account.password}  ({', '.join(account.roles)})")
    if not serve:
        return
    import uvicorn

    console.print(f"Open http://{host}:{port}/login in je browser. Stoppen: Ctrl+C.")
    uvicorn.run(site.app, host=host, port=port, proxy_headers=False)  # see api/headers.py
