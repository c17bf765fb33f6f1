"""Who is asking and may they: the one security dependency every route and page goes through.

A request is authenticated by an ``Authorization: Bearer`` API token, else by the session
cookie. ``require_access`` then asks ``adapters.privacy.access.authorize`` with the route's
method, path template and path parameters; cookie-authenticated unsafe requests must also carry
the session's CSRF token (header ``X-CSRF-Token`` or form field ``csrf_token``).

Logging in has no session yet, so the login form carries a pre-session token instead: the login
page sets a random ``pp_login`` cookie (HttpOnly, SameSite=Strict) and puts its hash in the form;
``POST /login`` needs both to match. A foreign page can neither read the cookie nor set it, so it
cannot log a visitor in as someone else (login CSRF). The JSON login ``POST /auth/login`` needs
``Content-Type: application/json`` (a foreign page cannot send that without a CORS preflight,
which this app never grants) and refuses an ``Origin`` or ``Sec-Fetch-Site`` from another site.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request, Response
from sqlalchemy import Engine
from sqlmodel import Session

from adapters import clock
from adapters.auth import sessions as auth_sessions
from adapters.auth.crypto import digest, new_secret, same
from adapters.auth.login import authenticate
from adapters.auth.throttle import ThrottlePolicy
from adapters.privacy.access import Grant, authorize
from adapters.privacy.audit import Actor, record
from adapters.settings import Settings
from api.deps import SessionDep
from api.endpoint_policy import endpoint_key, rule_for
from matcher.errors import InvalidInputError, NotAuthenticatedError, PermissionDeniedError
from matcher.privacy.principal import Principal
from matcher.privacy.vocabulary import Action

SESSION_COOKIE = auth_sessions.COOKIE_NAME  # "pp_session"
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = auth_sessions.CSRF_FIELD  # "csrf_token"
LOGIN_COOKIE = "pp_login"  # the pre-session cookie behind the login form's token
LOGIN_FIELD = "login_token"  # the login form's hidden field
LOGIN_EXPIRED = (
    "Het inlogformulier is verlopen of komt niet van deze site. "
    "Laad de pagina opnieuw en log dan in."
)
FOREIGN_ORIGIN = "Inloggen kan alleen vanaf deze site zelf of vanuit een script zonder browser."
JSON_ONLY = "Stuur het e-mailadres en het wachtwoord als JSON (Content-Type: application/json)."
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def bearer_token(request: Request) -> str | None:
    """The token of an ``Authorization: Bearer ...`` header, if any."""
    scheme, _, value = request.headers.get("Authorization", "").partition(" ")
    return value.strip() or None if scheme.lower() == "bearer" else None


def active_session(request: Request, session: Session) -> auth_sessions.ActiveSession | None:
    """The web session behind the request's cookie (cached on the request)."""
    if not hasattr(request.state, "web_session"):
        cookie = request.cookies.get(SESSION_COOKIE)
        request.state.web_session = auth_sessions.resolve_session(session, cookie)
    found: auth_sessions.ActiveSession | None = request.state.web_session
    return found


def get_principal(request: Request, session: Session) -> Principal | None:
    """The logged-in person: by Bearer token first, else by session cookie; None if neither."""
    token = bearer_token(request)
    if token is not None:
        return auth_sessions.resolve_token(session, token)
    active = active_session(request, session)
    return None if active is None else active.principal


def csrf_token(request: Request, session: Session) -> str | None:
    """The CSRF token forms of this cookie session must carry (None when not logged in)."""
    active = active_session(request, session)
    return None if active is None else active.csrf_token


async def submitted_csrf(request: Request) -> str | None:
    """The CSRF token sent with the request: header, else the form field."""
    header = request.headers.get(CSRF_HEADER)
    if header:
        return header
    if bearer_token(request) is not None or SESSION_COOKIE not in request.cookies:
        return None
    if request.method in UNSAFE_METHODS and request.headers.get("content-type", "").startswith(
        FORM_TYPES
    ):
        value = (await request.form()).get(CSRF_FIELD)
        return value if isinstance(value, str) else None
    return None


def _path_params(request: Request) -> dict[str, str]:
    return {key: str(value) for key, value in request.path_params.items()}


def require_access(
    request: Request,
    session: SessionDep,
    sent_csrf: Annotated[str | None, Depends(submitted_csrf)],
) -> Grant:
    """Allow or refuse this request by the endpoint policy; raises 401 or 403."""
    principal = get_principal(request, session)
    route = request.scope.get("route")
    path = getattr(route, "path", request.url.path)
    rule = rule_for(request.method, path)
    route_key = endpoint_key(request.method, path)
    grant = authorize(session, principal, rule, route_key, _path_params(request))
    if principal is not None and bearer_token(request) is None and request.method in UNSAFE_METHODS:
        active = active_session(request, session)
        if active is not None:
            auth_sessions.check_csrf(active, sent_csrf)
    session.commit()  # end the token's last-used write: flows may write on their own connection
    request.state.principal = principal
    request.state.grant = grant
    return grant


Authorized = Annotated[Grant, Depends(require_access)]


def get_actor(grant: Authorized) -> str:
    """Who acts, for round logs: the authenticated person's label."""
    return grant.actor.label


ActorDep = Annotated[str, Depends(get_actor)]


def get_principal_of(grant: Authorized) -> Principal:
    """The logged-in person behind an allowed request, for flows that scope a write to them."""
    if grant.principal is None:  # only public routes are allowed without a login
        raise NotAuthenticatedError("Log eerst in.")
    return grant.principal


PrincipalDep = Annotated[Principal, Depends(get_principal_of)]


def start_session(
    response: Response,
    session: Session,
    engine: Engine,
    email: str,
    password: str,
    ip: str,
    settings: Settings,
) -> tuple[Principal, auth_sessions.NewSession]:
    """Check the password (throttled), start a web session and set its cookie."""
    policy = ThrottlePolicy.from_settings(settings)
    principal = authenticate(engine, email, password, ip, policy=policy)
    new = auth_sessions.create_session(session, principal.account_id, ttl_s=settings.session_ttl_s)
    session.commit()
    response.set_cookie(value=new.cookie_value, **auth_sessions.cookie_params(settings))
    return principal, new


def login(
    response: Response,
    session: Session,
    engine: Engine,
    email: str,
    password: str,
    ip: str,
    settings: Settings,
) -> Principal:
    """Log in with e-mail and password and set the session cookie on ``response``."""
    return start_session(response, session, engine, email, password, ip, settings)[0]


def logout(request: Request, response: Response, session: Session, settings: Settings) -> None:
    """End the cookie's session at once, log it, and remove the cookie."""
    cookie = request.cookies.get(SESSION_COOKIE)
    principal = get_principal(request, session)
    if cookie:
        auth_sessions.end_session(session, cookie)
    if principal is not None:
        record(session, actor=Actor.of(principal), action=Action.LOGOUT, at=clock.now())
    session.commit()
    params = auth_sessions.cookie_params(settings)
    response.delete_cookie(
        SESSION_COOKIE,
        path=params["path"],
        secure=params["secure"],
        httponly=True,
        samesite=params["samesite"],
    )


def client_ip(request: Request) -> str:
    """The client's address, for login throttling: the socket peer, or the address a trusted
    proxy forwarded (api/headers.py); never a header the client chose itself."""
    return request.client.host if request.client else "onbekend"


def login_form_token(request: Request, response: Response, settings: Settings) -> str:
    """The token for the login form; sets the pre-session cookie when the browser has none."""
    cookie = request.cookies.get(LOGIN_COOKIE)
    if not cookie:
        cookie = new_secret()
        response.set_cookie(
            LOGIN_COOKIE,
            cookie,
            max_age=settings.session_ttl_s,
            path="/",
            secure=settings.session_cookie_secure,
            httponly=True,
            samesite="strict",
        )
    return digest(cookie)


def check_login_form_token(request: Request, sent: str) -> None:
    """Refuse a login form post whose token does not belong to this browser's cookie."""
    cookie = request.cookies.get(LOGIN_COOKIE)
    if not cookie or not sent or not same(digest(cookie), sent):
        raise PermissionDeniedError(LOGIN_EXPIRED)


def check_json_login(request: Request) -> None:
    """The JSON login comes from a script or from this site, never from a foreign page."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != "application/json":
        raise InvalidInputError(JSON_ONLY)
    if request.headers.get("sec-fetch-site", "") == "cross-site":
        raise PermissionDeniedError(FOREIGN_ORIGIN)
    origin = request.headers.get("origin")
    own = f"{request.url.scheme}://{request.headers.get('host', '')}"
    if origin is not None and origin != own:
        raise PermissionDeniedError(FOREIGN_ORIGIN)
