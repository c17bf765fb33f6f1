"""Templates and small formatting helpers shared by the pages."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Protocol

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from matcher import TERM_LABELS, nl
from matcher.labels import days_text
from matcher.privacy.consent import PART_TITLES

TEMPLATES = Jinja2Templates(directory=Path(__file__).parent / "templates")


def minutes(value: float | None) -> str:
    """Travel minutes for a table cell ("35 min"), rounded as everywhere (matcher.nl)."""
    return "–" if value is None else f"{nl.travel_minutes(value)} min"


def sentences(text: str) -> str:
    """A stored explanation without the bracketed numbers that rounds before issue 16 kept."""
    return LEGACY_DUMP.sub("", text).strip()


LEGACY_DUMP = re.compile(r"\s*\[[^\]]*\]\s*$")
TEMPLATES.env.filters["percent"] = nl.percent
TEMPLATES.env.filters["hours"] = nl.number
TEMPLATES.env.filters["number"] = nl.number
TEMPLATES.env.filters["decimal"] = nl.decimal
TEMPLATES.env.filters["score100"] = nl.score_out_of_100
TEMPLATES.env.filters["minutes"] = minutes
TEMPLATES.env.filters["travel"] = nl.travel_text
TEMPLATES.env.filters["sentences"] = sentences
TEMPLATES.env.globals["term_labels"] = TERM_LABELS
TEMPLATES.env.globals["days_text"] = days_text
TEMPLATES.env.globals["part_titles"] = {p.value: title for p, title in PART_TITLES.items()}


def page(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """Render one template with the request and the logged-in user (when known)."""
    context.setdefault("user", getattr(request.state, "page_user", None))
    return TEMPLATES.TemplateResponse(request, name, context, status_code=status_code)


class UnitOfWork(Protocol):
    """What page_then_commit needs of the request's session (pages hold no database types)."""

    def commit(self) -> None: ...


def page_then_commit(
    request: Request, session: UnitOfWork, name: str, status_code: int = 200, **context: Any
) -> HTMLResponse:
    """Render, then commit the request's unit of work (the privacy log of what is shown).

    A commit expires the rows a page holds; a template rendered after it reads them again and can
    meet a background run halfway, e.g. a round that finishes between the route and its template.
    """
    answer = page(request, name, status_code=status_code, **context)
    session.commit()
    return answer
