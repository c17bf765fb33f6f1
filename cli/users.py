"""``matcher user add`` and ``matcher user demo``: accounts without default passwords."""

from __future__ import annotations

from typing import Annotated

import typer

from adapters.auth.accounts import create_account
from adapters.auth.crypto import generate_password
from adapters.auth.demo_accounts import create_demo_accounts
from adapters.db.engine import make_engine, session_scope
from adapters.db.migrate import upgrade
from adapters.settings import get_settings
from cli import app
from cli.dutch import DutchTyper
from cli.output import console, user_errors
from matcher.privacy.vocabulary import Role

user_app = DutchTyper(help="Accounts beheren.", no_args_is_help=True)
app.add_typer(user_app, name="user")


def _password(generate: bool) -> tuple[str, bool]:
    if generate:
        return generate_password(), True
    typed = typer.prompt("Wachtwoord", hide_input=True, confirmation_prompt=True)
    return str(typed), False


@user_app.command("add")
def add_user(
    email: Annotated[str, typer.Option("--email", help="E-mailadres (om in te loggen).")],
    role: Annotated[list[Role], typer.Option("--role", help="Rol; mag vaker.")],
    name: Annotated[str, typer.Option("--name", help="Naam zoals anderen die zien.")] = "",
    institution: Annotated[str | None, typer.Option("--institution", help="Instelling.")] = None,
    student: Annotated[
        str | None, typer.Option("--student", help="student_id (rol student).")
    ] = None,
    company: Annotated[
        str | None, typer.Option("--company", help="company_id (rol company).")
    ] = None,
    caseload: Annotated[
        list[str] | None, typer.Option("--caseload", help="student_id; mag vaker.")
    ] = None,
    generate: Annotated[
        bool, typer.Option("--generate", help="Maak een sterk wachtwoord.")
    ] = False,
) -> None:
    """Maak een account. Het wachtwoord wordt gevraagd of gemaakt, nooit standaard."""
    settings = get_settings()
    password, shown = _password(generate)
    with user_errors():
        upgrade(settings.database_url)
        engine = make_engine(settings.database_url)
        try:
            with session_scope(engine) as session:
                principal = create_account(
                    session,
                    email=email,
                    password=password,
                    roles=role,
                    display_name=name,
                    institution=institution,
                    student_id=student,
                    company_id=company,
                    caseload=caseload or (),
                )
        finally:
            engine.dispose()
    console.print(f"Account {principal.email} gemaakt met rol(len): {', '.join(sorted(role))}.")
    if shown:
        console.print(f"Wachtwoord (wordt maar één keer getoond): {password}")


@user_app.command("demo")
def demo_users() -> None:
    """Maak demo-accounts (één per rol) met nieuwe wachtwoorden. Alleen voor een demo."""
    settings = get_settings()
    with user_errors():
        upgrade(settings.database_url)
        engine = make_engine(settings.database_url)
        try:
            with session_scope(engine) as session:
                made = create_demo_accounts(session)
        finally:
            engine.dispose()
    for account in made:
        console.print(f"{account.email}  {account.password}  ({', '.join(account.roles)})")
    if not made:
        console.print("De demo-accounts bestaan al.")
