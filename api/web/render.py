"""Templates and small formatting helpers shared by the pages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

TEMPLATES = Jinja2Templates(directory=Path(__file__).parent / "templates")


def percent(value: float | None) -> str:
    """A 0..1 score as a whole percentage, or a dash."""
    return "–" if value is None else f"{round(value * 100)}%"


def minutes(value: float | None) -> str:
    """Travel minutes as plain text."""
    return "–" if value is None else f"{round(value)} min"


def hours(value: float) -> str:
    """Hours without a needless decimal: 32 or 7,5 (Dutch decimal comma)."""
    return f"{value:g}".replace(".", ",")


TEMPLATES.env.filters["percent"] = percent
TEMPLATES.env.filters["hours"] = hours
TEMPLATES.env.filters["minutes"] = minutes


def page(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """Render one template with the request and the logged-in user (when known)."""
    context.setdefault("user", getattr(request.state, "page_user", None))
    return TEMPLATES.TemplateResponse(request, name, context, status_code=status_code)
