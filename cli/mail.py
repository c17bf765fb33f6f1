"""``matcher send-mail``: send the outbox's due e-mails once, or keep doing so (``--loop``);
``matcher bpv-reminders``: queue the BPV evaluation reminders of a day (each once).

Without a broker nothing else sends them; with one, every Celery worker does it every
``MAIL_INTERVAL_S`` seconds and this command is only needed to send at once.
"""

from __future__ import annotations

import time
from datetime import date
from typing import Annotated

import typer
from sqlalchemy import Engine

from adapters.db.engine import make_engine
from adapters.db.migrate import upgrade
from adapters.flows.bpv_messages import run_reminders
from adapters.flows.outbox import send_due
from adapters.settings import get_settings
from cli import app
from cli.output import console, err_console, user_errors
from matcher.errors import InvalidInputError


@app.command("send-mail")
def send_mail_command(
    loop: Annotated[
        bool,
        typer.Option("--loop", help="Blijf versturen, elke MAIL_INTERVAL_S seconden, tot Ctrl-C."),
    ] = False,
    database_url: Annotated[
        str | None, typer.Option(help="Database (standaard: DATABASE_URL).")
    ] = None,
) -> None:
    """Verstuur de e-mails die klaarstaan (lukt het niet, dan blijven ze voor later staan)."""
    settings = get_settings()
    with user_errors():
        url = database_url or settings.database_url
        upgrade(url)
        engine = make_engine(url)
    try:
        _send(engine, loop=loop)
    except KeyboardInterrupt:
        console.print("Gestopt. Berichten die nog niet verstuurd zijn, blijven staan.")
    finally:
        engine.dispose()


def _send(engine: Engine, *, loop: bool) -> None:
    settings = get_settings()
    anything = False
    while True:
        report = send_due(engine, settings)
        stuck = not report.enabled or (report.error is not None and not report.claimed)
        if report.claimed or stuck or not (anything or loop):
            out = err_console if report.error or stuck else console
            out.print(report.text(), markup=False, soft_wrap=True)
        if stuck:
            return  # nothing can be sent with these settings; the messages wait
        anything = anything or bool(report.claimed)
        if report.claimed:
            continue  # there may be more than one batch due
        if not loop:
            return
        time.sleep(settings.mail_interval_s)


def _day(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInputError(
            f"--date moet een datum zijn als 2026-09-01, niet '{text}'. Er is niets klaargezet."
        ) from None


@app.command("bpv-reminders")
def bpv_reminders_command(
    when: Annotated[
        str | None,
        typer.Option("--date", help="De dag als JJJJ-MM-DD (standaard: vandaag)."),
    ] = None,
    database_url: Annotated[
        str | None, typer.Option(help="Database (standaard: DATABASE_URL).")
    ] = None,
) -> None:
    """Zet de herinneringen over evaluaties klaar (elk bericht maar één keer)."""
    settings = get_settings()
    with user_errors():
        today = _day(when)
        url = database_url or settings.database_url
        upgrade(url)
        engine = make_engine(url)
    try:
        with user_errors():
            report = run_reminders(engine, settings, today=today)
    finally:
        engine.dispose()
    console.print(report.text(), markup=False, soft_wrap=True)
