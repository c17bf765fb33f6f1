"""Who is looking at a page, and whether the endpoint policy lets them (one dependency per page).

Every page route has its own entry in ``api/endpoint_policy.py``; this dependency looks it
up by the route's path, exactly like the JSON API, and refuses with a Dutch HTML page.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException

from adapters.privacy.access import Grant
from api.deps import SessionDep
from api.security import csrf_token, require_access, submitted_csrf
from matcher.errors import NotAuthenticatedError, PermissionDeniedError
from matcher.privacy.principal import Principal
from matcher.privacy.vocabulary import Role


class PageError(HTTPException):
    """A page that cannot be shown: a Dutch message, or a redirect to the login page."""

    def __init__(self, status_code: int, message: str, location: str | None = None) -> None:
        super().__init__(status_code=status_code, detail=message)
        self.location = location


@dataclass(frozen=True, slots=True)
class PageUser:
    """The logged-in person on a page, the CSRF token for their forms and the policy grant."""

    principal: Principal | None
    csrf_token: str
    grant: Grant

    def has(self, role: Role) -> bool:
        """Whether the person holds this role."""
        return self.principal is not None and role in self.principal.roles


async def handle_page_error(request: Request, exc: Exception) -> Response:
    """A Dutch HTML page (or a redirect, also for htmx requests) instead of JSON."""
    from api.web.render import page

    assert isinstance(exc, PageError)
    if exc.location is not None:
        if request.headers.get("HX-Request"):
            return Response(status_code=204, headers={"HX-Redirect": exc.location})
        return RedirectResponse(exc.location, status_code=303)
    if request.headers.get("HX-Request"):
        return HTMLResponse(
            f'<p class="melding fout" role="alert">{escape(str(exc.detail))}</p>', exc.status_code
        )
    return page(request, "error.html", status_code=exc.status_code, message=exc.detail)


def page_user(
    request: Request,
    session: SessionDep,
    sent_csrf: Annotated[str | None, Depends(submitted_csrf)],
) -> PageUser:
    """The current person, authorized for this page by the endpoint policy (api.security)."""
    try:
        grant = require_access(request, session, sent_csrf)
    except NotAuthenticatedError:
        target = quote(request.url.path)
        raise PageError(303, "Log eerst in.", location=f"/login?terug={target}") from None
    except PermissionDeniedError as exc:
        raise PageError(403, exc.message) from None
    user = PageUser(grant.principal, csrf_token(request, session) or "", grant)
    request.state.page_user = user
    return user


def require_principal(user: PageUser) -> Principal:
    """The logged-in person (pages that are not public always have one)."""
    if user.principal is None:
        raise PageError(303, "Log eerst in.", location="/login")
    return user.principal


PageUserDep = Annotated[PageUser, Depends(page_user)]


def actor_label(user: PageUser) -> str:
    """How the round log names the reviewer."""
    return user.principal.label if user.principal else "onbekend"
