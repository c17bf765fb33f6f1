"""The API documentation (/docs, /redoc, /openapi.json): for logged-in staff, assets served here.

Not public: the schema maps every route an attacker could try. Staff (bureau, jobcoach,
begeleider, beheer) may read it; students, companies and anonymous visitors may not. Swagger UI
and ReDoc are vendored under ``api/web/static/vendor`` (pinned, with their licences) and started
by static scripts, so the pages work offline and under the CSP without inline script.
"""

from __future__ import annotations

from html import escape
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse

from api.deps import SessionDep
from api.security import csrf_token, get_principal
from api.web.access import PageError
from matcher.errors import NotAuthenticatedError, PermissionDeniedError
from matcher.privacy.principal import Principal
from matcher.privacy.vocabulary import Role

DOCS_ROLES = frozenset({Role.BUREAU, Role.JOBCOACH, Role.BEGELEIDER, Role.ADMIN})
SWAGGER_VERSION = "5.35.0"  # npm swagger-ui-dist, in static/vendor/swagger-ui
REDOC_VERSION = "2.5.4"  # npm redoc, in static/vendor/redoc
STAFF_ONLY = "De API-documentatie is alleen voor medewerkers van de school."

_PAGE = """<!doctype html>
<html lang="nl">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="csrf-token" content="{csrf}">
  <title>{title} – Passende Plek</title>
  {head}
</head>
<body>
  <h1 class="verborgen">{title}</h1>
  <div id="{root}"></div>
  {scripts}
</body>
</html>
"""


def _staff(request: Request, session: SessionDep) -> Principal | None:
    """The logged-in staff member, None when nobody is logged in; refuses other roles."""
    principal = get_principal(request, session)
    if principal is None:
        return None
    if not principal.roles & DOCS_ROLES:
        raise PermissionDeniedError(STAFF_ONLY)
    return principal


def _page_for_staff(request: Request, session: SessionDep) -> str:
    """The CSRF token of the staff member's session; a login redirect or a Dutch 403 otherwise."""
    try:
        principal = _staff(request, session)
    except PermissionDeniedError as exc:
        raise PageError(403, exc.message) from None
    if principal is None:
        raise PageError(303, "Log eerst in.", location=f"/login?terug={quote(request.url.path)}")
    return csrf_token(request, session) or ""


def swagger_page(request: Request, session: SessionDep) -> HTMLResponse:
    """Swagger UI on the app's own schema and assets."""
    csrf = _page_for_staff(request, session)
    base = "/static/vendor/swagger-ui"
    return HTMLResponse(
        _PAGE.format(
            csrf=escape(csrf),
            title="API-documentatie",
            head=f'<link rel="stylesheet" href="{base}/swagger-ui.css">'
            '<link rel="stylesheet" href="/static/docs/docs.css">',
            root="swagger-ui",
            scripts=f'<script src="{base}/swagger-ui-bundle.js"></script>'
            '<script src="/static/docs/swagger-init.js"></script>',
        )
    )


def redoc_page(request: Request, session: SessionDep) -> HTMLResponse:
    """ReDoc on the app's own schema and assets (read only: no CSRF token on this page, whose
    CSP allows inline styles)."""
    _page_for_staff(request, session)
    return HTMLResponse(
        _PAGE.format(
            csrf="",
            title="API-documentatie (ReDoc)",
            head='<link rel="stylesheet" href="/static/docs/docs.css">',
            root="redoc",
            scripts='<script src="/static/vendor/redoc/redoc.standalone.js"></script>'
            '<script src="/static/docs/redoc-init.js"></script>',
        )
    )


def openapi_schema(request: Request, session: SessionDep) -> JSONResponse:
    """The OpenAPI document, for staff only (401 anonymous, 403 other roles)."""
    if _staff(request, session) is None:
        raise NotAuthenticatedError("Log eerst in om de API-documentatie te lezen.")
    return JSONResponse(request.app.openapi())


def install_docs(app: FastAPI) -> None:
    """Mount the three documentation routes (not listed in the schema themselves)."""
    app.add_api_route("/docs", swagger_page, methods=["GET"], include_in_schema=False)
    app.add_api_route("/redoc", redoc_page, methods=["GET"], include_in_schema=False)
    app.add_api_route("/openapi.json", openapi_schema, methods=["GET"], include_in_schema=False)
