"""``matcher serve``: run the web service (uvicorn) with the app made from the settings."""

from __future__ import annotations

from typing import Annotated

import typer

from cli import app
from cli.output import console, user_errors


@app.command("serve")
def serve(
    host: Annotated[str, typer.Option(help="Adres om op te luisteren")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Poort")] = 8000,
    workers: Annotated[
        int, typer.Option(min=1, max=32, help="Aantal processen (meer processen: meer gebruikers)")
    ] = 1,
) -> None:
    """Start de webservice (API met documentatie op /docs)."""
    import uvicorn

    from api.main import create_app

    with user_errors():
        web = create_app()  # checks the settings and migrates once, before any worker starts
    console.print(f"Passende Plek draait op http://{host}:{port} (documentatie: /docs)")
    # The app itself believes X-Forwarded-* only from the configured trusted_proxies
    # (api/headers.py); uvicorn's own handling (it trusts 127.0.0.1 by default) stays off.
    if workers == 1:
        uvicorn.run(web, host=host, port=port, proxy_headers=False)
    else:  # each worker process makes its own app from the same settings
        uvicorn.run(
            API_FACTORY, factory=True, host=host, port=port, workers=workers, proxy_headers=False
        )


API_FACTORY = "api.main:create_app"
