"""Log in and out, and the start page that sends each role to its own page."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api import security
from api.deps import EngineDep, SessionDep, SettingsDep
from api.web.access import PageUserDep
from api.web.render import page
from matcher.errors import MatcherError, PermissionDeniedError, TooManyAttemptsError
from matcher.privacy.principal import Principal
from matcher.privacy.vocabulary import Role

router = APIRouter(tags=["webpagina's"])

HOME_BY_ROLE: tuple[tuple[Role, str], ...] = (
    (Role.BUREAU, "/bureau"),
    (Role.JOBCOACH, "/jobcoach"),
    (Role.BEGELEIDER, "/jobcoach"),
    (Role.STUDENT, "/student"),
    (Role.COMPANY, "/bedrijf"),
    (Role.ADMIN, "/beheer"),
)


def home_of(principal: Principal) -> str:
    """The first page for this person's roles."""
    return next((url for role, url in HOME_BY_ROLE if role in principal.roles), "/login")


def _status_of(error: MatcherError) -> int:
    """429 while throttled (with the waiting time in the message), else 401."""
    return 429 if isinstance(error, TooManyAttemptsError) else 401


def _safe_next(target: str) -> str | None:
    return target if target.startswith("/") and not target.startswith("//") else None


@router.get("/", response_class=HTMLResponse)
def start(user: PageUserDep) -> Response:
    """Send a logged-in person to their page, anyone else to the login page."""
    return RedirectResponse(home_of(user.principal) if user.principal else "/login", 303)


def _login_page(
    request: Request, settings: SettingsDep, status_code: int, terug: str, error: str
) -> Response:
    """The login form with this browser's pre-session token (api.security)."""
    response = Response()
    token = security.login_form_token(request, response, settings)
    shown = page(
        request, "login.html", status_code=status_code, terug=terug, error=error, token=token
    )
    for value in response.headers.getlist("set-cookie"):
        shown.headers.append("set-cookie", value)
    return shown


@router.get("/login", response_class=HTMLResponse)
def login_form(
    request: Request, _user: PageUserDep, settings: SettingsDep, terug: str = ""
) -> Response:
    """The login form."""
    return _login_page(request, settings, 200, terug, "")


@router.post("/login", response_class=HTMLResponse)
def login(
    request: Request,
    _user: PageUserDep,
    session: SessionDep,
    engine: EngineDep,
    settings: SettingsDep,
    email: Annotated[str, Form()],
    password: Annotated[str, Form()],
    terug: Annotated[str, Form()] = "",
    login_token: Annotated[str, Form()] = "",
) -> Response:
    """Check the form's token, the e-mail and password; on success start a session."""
    response = RedirectResponse(_safe_next(terug) or "/", status_code=303)
    try:
        security.check_login_form_token(request, login_token)
        principal = security.login(
            response, session, engine, email, password, security.client_ip(request), settings
        )
    except MatcherError as exc:
        status = 403 if isinstance(exc, PermissionDeniedError) else _status_of(exc)
        return _login_page(request, settings, status, terug, exc.message)
    if not _safe_next(terug):
        response.headers["location"] = home_of(principal)
    return response


@router.post("/logout", response_class=HTMLResponse)
def logout(
    request: Request, _user: PageUserDep, session: SessionDep, settings: SettingsDep
) -> Response:
    """End the session and show the login page."""
    response = RedirectResponse("/login", status_code=303)
    security.logout(request, response, session, settings)
    return response
