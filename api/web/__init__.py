"""The web interface: server-rendered Dutch pages (Jinja2 + htmx) on the same flows as the API."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from api.web.access import PageError, handle_page_error

STATIC_DIR = Path(__file__).parent / "static"


def install_web(app: FastAPI) -> None:
    """Serve the static files and turn page errors into Dutch HTML pages."""
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.add_exception_handler(PageError, handle_page_error)
