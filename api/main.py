"""The FastAPI app: created from settings, routers and error handlers mounted, nothing global."""

from __future__ import annotations

import importlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.types import ASGIApp

from adapters.db.engine import make_engine
from adapters.db.migrate import migrate
from adapters.geography.factory import make_geocoder
from adapters.settings import Settings, get_settings
from api.deps import start_dispatcher, stop_dispatcher
from api.docs import install_docs
from api.errors import install_error_handlers
from api.headers import SecurityHeaders, trusted_proxy_layer
from api.web import install_web
from matcher import EstimatedTravelTime

log = logging.getLogger(__name__)

# Router modules; each defines ``router``. Add a module here to mount it.
ROUTER_MODULES: tuple[str, ...] = (
    "api.routes.health",
    "api.routes.auth",
    "api.routes.privacy",
    "api.routes.students",
    "api.routes.companies",
    "api.routes.places",
    "api.routes.imports",
    "api.routes.shortlist",
    "api.routes.rounds",
    "api.routes.bpv",
    # the web interface (Dutch pages, issue #7)
    "api.web.pages_login",
    "api.web.pages_bureau",
    "api.web.pages_model",
    "api.web.pages_review",
    "api.web.pages_review_actions",
    "api.web.pages_student",
    "api.web.pages_jobcoach",
    "api.web.pages_company",
    "api.web.pages_beheer",
    "api.web.pages_bpv",
    "api.web.pages_bpv_own",
    "api.web.pages_track",
    "api.web.pages_network",
    "api.routes.accounts",
)

DESCRIPTION = (
    "Passende Plek stelt BPV-plekken voor aan mbo-studenten, met extra zorg voor studenten die "
    "extra ondersteuning nodig hebben. De matcher stelt voor; mensen beslissen."
)


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Start the round runner with the app, so rounds a dead worker left are taken over
    without waiting for a request; stop its background checks on shutdown. When the database
    is away at startup, the first request that needs the runner tries again."""
    try:
        start_dispatcher(app)
    except Exception:  # noqa: BLE001 - the app still serves; get_dispatcher retries
        log.warning("round runner not started", exc_info=True)
    try:
        yield
    finally:
        stop_dispatcher(app)


class PassendePlek(FastAPI):
    """The app, with the security headers and the trusted-proxy rule around everything.

    They wrap Starlette's whole middleware stack (also its error middleware), so that every
    answer, a 500 page included, carries the headers, and every layer sees the real client.
    """

    def build_middleware_stack(self) -> ASGIApp:
        """Starlette's stack inside the security headers, inside the proxy rule."""
        settings: Settings = self.state.settings
        inner = SecurityHeaders(super().build_middleware_stack())
        return trusted_proxy_layer(inner, settings.trusted_proxies)


def create_app(settings: Settings | None = None) -> FastAPI:
    """A new app for these settings (the database is migrated first when auto_migrate is on)."""
    settings = settings or get_settings()
    if settings.auto_migrate:
        migrate(settings)
    app = PassendePlek(
        title="Passende Plek",
        version="0.1.0",
        description=DESCRIPTION,
        docs_url=None,  # /docs, /redoc and /openapi.json: staff only, assets served here
        redoc_url=None,
        openapi_url=None,
        lifespan=_lifespan,
    )
    app.state.settings = settings
    app.state.engine = make_engine(settings.database_url)
    app.state.geocoder = make_geocoder(settings)
    app.state.travel = EstimatedTravelTime()
    install_error_handlers(app)
    install_web(app)
    install_docs(app)
    for name in ROUTER_MODULES:
        app.include_router(importlib.import_module(name).router)
    return app
