"""One place that turns errors into HTTP answers: Dutch messages, never a stack trace."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from html import escape
from urllib.parse import parse_qsl

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from sqlalchemy.exc import DataError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Receive, Scope, Send

from adapters.jobs import QueueUnavailableError
from api.schemas.common import CONTROL_CHARACTERS, CONTROL_REASON
from api.web.render import page
from matcher.errors import (
    ConfigurationError,
    ConflictError,
    InvalidInputError,
    MatcherError,
    NotAuthenticatedError,
    NotFoundError,
    PermissionDeniedError,
    RuleViolationError,
    SolverError,
    TooManyAttemptsError,
)

log = logging.getLogger(__name__)

HTTP_STATUS: dict[type[MatcherError], int] = {
    InvalidInputError: 422,
    NotAuthenticatedError: 401,
    PermissionDeniedError: 403,
    TooManyAttemptsError: 429,
    NotFoundError: 404,
    ConflictError: 409,
    RuleViolationError: 409,
    SolverError: 500,
    ConfigurationError: 500,
    QueueUnavailableError: 503,
}

# Pydantic error types in plain Dutch; the field is named separately.
DUTCH: dict[str, str] = {
    "missing": "ontbreekt",
    "int_parsing": "moet een heel getal zijn",
    "int_type": "moet een heel getal zijn",
    "float_parsing": "moet een getal zijn",
    "float_type": "moet een getal zijn",
    "bool_parsing": "moet ja of nee zijn",
    "string_type": "moet tekst zijn",
    "string_too_short": "is te kort",
    "string_too_long": "is te lang",
    "greater_than_equal": "is te klein",
    "greater_than": "is te klein",
    "less_than_equal": "is te groot",
    "less_than": "is te groot",
    "enum": "is geen toegestane keuze",
    "literal_error": "is geen toegestane keuze",
    "date_from_datetime_parsing": "moet een datum zijn als 2026-09-01",
    "date_parsing": "moet een datum zijn als 2026-09-01",
    "json_invalid": "is geen geldige JSON",
    "extra_forbidden": "is onbekend",
    "finite_number": "moet een gewoon getal zijn (geen oneindig)",
    "control_character": CONTROL_REASON,
    "too_long": "heeft te veel waarden",
    "too_short": "heeft te weinig waarden",
}

# The web forms' field names that are code names, as their pages call them: a page names the
# field the way the form shows it (the JSON API keeps the code names its clients send).
PAGE_FIELD_NAMES: dict[str, str] = {
    "wheelchair_access": "Toegankelijk met een rolstoel",
    "adapted_toilet": "Aangepast toilet",
    "social_openness": "Hoe open is jullie werkvloer?",
    "guidance_hours_per_week": "Tijd voor begeleiding",
    "support_experience": "Ervaring met studenten die extra steun nodig hebben",
    "open_to_extra_support": "Wij staan open voor studenten die extra steun nodig hebben",
    "expertise_areas": "Waar hebben jullie al ervaring mee?",
    "deel": "Wat mag het bedrijf zien?",
    "version": "versie",
    "email": "E-mailadres",
    "password": "Wachtwoord",
    "name": "Naam",
    "display_name": "Naam",
    "comment": "Opmerking",
    "bpv_start": "Startdatum van de BPV",
    "company_code": "Bedrijfscode",
    "student_code": "Studentcode",
    "place_id": "Plek",
}


def _status(error: MatcherError) -> int:
    for cls in type(error).__mro__:
        if cls in HTTP_STATUS:
            return HTTP_STATUS[cls]
    return 400


async def handle_matcher_error(request: Request, exc: Exception) -> Response:
    """A domain error: its code, its Dutch message and (for input) every issue."""
    assert isinstance(exc, MatcherError)
    body: dict[str, object] = {"code": exc.code, "detail": exc.message}
    if isinstance(exc, InvalidInputError) and exc.issues:
        body["issues"] = [
            {"file": i.file, "row": i.row, "column": i.column, "reason": i.reason, "value": i.value}
            for i in exc.issues
        ]
    return _answer(request, _status(exc), body, _headers(exc))


def _headers(error: MatcherError) -> dict[str, str] | None:
    """Retry-After for throttled logins, WWW-Authenticate for a missing login."""
    if isinstance(error, TooManyAttemptsError):
        return {"Retry-After": str(error.retry_after_s)}
    if isinstance(error, NotAuthenticatedError):
        return {"WWW-Authenticate": "Bearer"}
    if isinstance(error, QueueUnavailableError):
        return {"Retry-After": "10"}
    return None


async def handle_validation_error(request: Request, exc: Exception) -> Response:
    """A request that does not fit the schema: 422 naming each field in Dutch."""
    assert isinstance(exc, RequestValidationError)
    issues = []
    for err in exc.errors():
        loc = [str(part) for part in err.get("loc", ()) if part not in ("body", "query", "path")]
        field = ".".join(loc) or "verzoek"
        if _wants_page(request):
            field = PAGE_FIELD_NAMES.get(field.split(".")[0], field)
        reason = DUTCH.get(str(err.get("type")), str(err.get("msg", "is ongeldig")))
        issues.append({"field": field, "reason": reason})
    detail = "; ".join(f"{i['field']} {i['reason']}" for i in issues)
    body = {"code": "invalid_input", "detail": f"Controleer de invoer: {detail}.", "issues": issues}
    return _answer(request, 422, body)


async def handle_database_unavailable(request: Request, exc: Exception) -> Response:
    """The database is away for a moment: nothing was saved, trying again is safe."""
    log.warning("database unavailable: %s", exc)
    detail = "De database is even niet bereikbaar. Er is niets opgeslagen. Probeer het zo opnieuw."
    body = {"code": "database_unavailable", "detail": detail}
    return _answer(request, 503, body, {"Retry-After": "5"})


async def handle_data_error(request: Request, exc: Exception) -> Response:
    """A value the database refuses (too large, or a character it cannot store): nothing saved.

    PostgreSQL raises a DataError; SQLite's driver an OverflowError for integers beyond 64 bits.
    The routes check their input first; this is the safety net for what slips past them.
    """
    log.warning("database refused a value: %s", exc)
    detail = (
        "Een van de ingevulde waarden is te groot of bevat een teken dat niet mag. "
        "Er is niets opgeslagen. Controleer de invoer en probeer het opnieuw."
    )
    return _answer(request, 422, {"code": "invalid_input", "detail": detail, "issues": []})


class RefuseControlCharacters:
    """Answer 422 when the address or a query parameter holds a control character.

    PostgreSQL cannot store or compare a NUL byte in text, so such a request could never be
    answered properly; it is refused before any route runs, naming the parameter in Dutch.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        field = _control_character_in(scope) if scope["type"] == "http" else None
        if field is None:
            await self.app(scope, receive, send)
            return
        issues = [{"field": field, "reason": CONTROL_REASON}]
        response = JSONResponse(
            status_code=422,
            content={
                "code": "invalid_input",
                "detail": f"Controleer de invoer: {field} {CONTROL_REASON}.",
                "issues": issues,
            },
        )
        await response(scope, receive, send)


def _control_character_in(scope: Scope) -> str | None:
    """The name of the part of the request that holds a control character, if any."""
    if CONTROL_CHARACTERS.search(scope.get("path", "")):
        return "adres"
    query = scope.get("query_string", b"").decode("latin-1")
    for name, value in parse_qsl(query, keep_blank_values=True, encoding="utf-8", errors="replace"):
        if CONTROL_CHARACTERS.search(name) or CONTROL_CHARACTERS.search(value):
            return name if not CONTROL_CHARACTERS.search(name) else "zoekvraag"
    return None


async def handle_unexpected(request: Request, exc: Exception) -> Response:
    """Anything else: logged for the team, a plain message for the user."""
    log.exception("unexpected error", exc_info=exc)
    detail = "Er ging iets mis aan onze kant. Probeer het later opnieuw."
    return _answer(request, 500, {"code": "internal", "detail": detail})


async def handle_unknown_address(request: Request, exc: Exception) -> Response:
    """An address without a page (404) or a method it does not take (405): a Dutch page for a
    browser; the API keeps FastAPI's own answer."""
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 400:  # a form the server cannot read (too many fields or parts)
        body = {"code": "invalid_input", "detail": PAGE_MESSAGES[400], "issues": []}
        return _answer(request, 400, body)
    if exc.status_code in PAGE_MESSAGES and _wants_page(request):
        return _page(request, exc.status_code, PAGE_MESSAGES[exc.status_code])
    return await http_exception_handler(request, exc)


PAGE_MESSAGES = {
    400: "Dit formulier kunnen we niet lezen: het is te groot of niet compleet. Er is niets "
    "veranderd. Ga terug, laad de pagina opnieuw en probeer het nog een keer.",
    404: "Deze pagina bestaat niet. Kijk of het adres goed is.",
    405: "Dat kan op deze pagina niet. Ga terug en probeer het opnieuw.",
}


def _answer(
    request: Request,
    status: int,
    body: Mapping[str, object],
    headers: dict[str, str] | None = None,
) -> Response:
    """JSON for the API; for a web page a Dutch HTML page (or an htmx fragment) instead."""
    if _wants_page(request):
        return _page(request, status, str(body["detail"]), headers)
    return JSONResponse(status_code=status, content=dict(body), headers=headers)


# The first part of the address of every web page (api/web); the JSON API uses none of them.
# An unknown address under one of them (/student/bestaat-niet) is a page that does not exist.
PAGE_SECTIONS = frozenset({"student", "bureau", "jobcoach", "bedrijf", "beheer", "login",
                           "logout"})  # fmt: skip


def _wants_page(request: Request) -> bool:
    """A web page route (its endpoint lives in api/web); or, when no route matched, a browser
    asking for HTML, or any client but one asking for JSON at an address of the web pages."""
    endpoint = getattr(request.scope.get("route"), "endpoint", None)
    if endpoint is not None:
        return str(endpoint.__module__).startswith("api.web.")
    accept = request.headers.get("accept", "")
    if "text/html" in accept:
        return True
    section = request.url.path.lstrip("/").split("/", 1)[0]
    return section in PAGE_SECTIONS and "application/json" not in accept


def _page(
    request: Request, status: int, message: str, headers: dict[str, str] | None = None
) -> Response:
    if request.headers.get("HX-Request"):
        fragment = f'<p class="melding fout" role="alert">{escape(message)}</p>'
        return HTMLResponse(fragment, status, headers=headers)
    response = page(request, "error.html", status_code=status, message=message)
    response.headers.update(headers or {})
    return response


def install_error_handlers(app: FastAPI) -> None:
    """Register every handler on the app, and the guard against control characters."""
    app.add_middleware(RefuseControlCharacters)
    app.add_exception_handler(DataError, handle_data_error)
    app.add_exception_handler(OverflowError, handle_data_error)  # SQLite: integer beyond 64 bits
    app.add_exception_handler(MatcherError, handle_matcher_error)
    app.add_exception_handler(RequestValidationError, handle_validation_error)
    app.add_exception_handler(OperationalError, handle_database_unavailable)
    app.add_exception_handler(StarletteHTTPException, handle_unknown_address)
    app.add_exception_handler(Exception, handle_unexpected)
