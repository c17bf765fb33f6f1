"""Security headers on every answer, and the trusted-proxy rule for the client's address.

``SecurityHeaders`` wraps the whole app (outside Starlette's error middleware, so a 500 page
carries them too): a Content-Security-Policy without inline script or style, framing refused,
no MIME sniffing, no referrer to other sites, HSTS when the request came over HTTPS, and
``Cache-Control: no-store`` on everything except ``/static`` (pages, fragments, JSON and exports
carry personal data; no browser or proxy may keep them).

``trusted_proxy_layer`` believes X-Forwarded-For and X-Forwarded-Proto only from the configured
proxies (setting ``trusted_proxies``, default none): otherwise any client could pick its own
address and escape the login throttle, or claim HTTPS.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
# ReDoc writes its styles as text into <style> elements (styled-components; refused without
# 'unsafe-inline', tried) and runs its search in a web worker made from a blob: URL. Only the
# staff-only /redoc page, which holds no personal data and no token, gets these two extras;
# script-src stays 'self' there too.
CSP_REDOC = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'") + (
    "; worker-src 'self' blob:"
)
HSTS = "max-age=31536000"
STATIC_PREFIX = "/static/"

BASE_HEADERS: tuple[tuple[str, str], ...] = (
    ("X-Frame-Options", "DENY"),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "same-origin"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
)


def headers_for(path: str, scheme: str) -> list[tuple[str, str]]:
    """The security headers of an answer to ``path`` over ``scheme``."""
    found = [("Content-Security-Policy", CSP_REDOC if path == "/redoc" else CSP), *BASE_HEADERS]
    if not path.startswith(STATIC_PREFIX):
        found.append(("Cache-Control", "no-store"))
    if scheme == "https":
        found.append(("Strict-Transport-Security", HSTS))
    return found


class SecurityHeaders:
    """ASGI wrapper that sets the security headers on every HTTP answer."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = headers_for(scope.get("path", ""), scope.get("scheme", "http"))

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in extra:
                    headers[name] = value  # replaces, e.g. a Cache-Control set by a route
            await send(message)

        await self.app(scope, receive, send_with_headers)


def parse_proxies(setting: str) -> list[str]:
    """The trusted proxies of the ``trusted_proxies`` setting (comma-separated)."""
    return [item.strip() for item in setting.split(",") if item.strip()]


def trusted_proxy_layer(app: ASGIApp, setting: str) -> ASGIApp:
    """``app`` behind uvicorn's proxy-header handling for exactly these proxies (none: as is)."""
    proxies = parse_proxies(setting)
    if not proxies:
        return app
    return ProxyHeadersMiddleware(app, trusted_hosts=proxies)  # type: ignore[arg-type,return-value]
