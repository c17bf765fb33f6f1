"""The FastAPI app: created from settings, routers and error handlers mounted, nothing global."""

from __future__ import annotations

import importlib

from fastapi import FastAPI

from adapters.db.engine import make_engine
from adapters.db.migrate import migrate
from adapters.geography.factory import make_geocoder
from adapters.settings import Settings, get_settings
from api.errors import install_error_handlers
from api.web import install_web
from matcher.travel import EstimatedTravelTime

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
    # the web interface (Dutch pages, issue #7)
    "api.web.pages_login",
    "api.web.pages_bureau",
    "api.web.pages_review",
    "api.web.pages_review_actions",
    "api.web.pages_student",
    "api.web.pages_jobcoach",
    "api.web.pages_company",
)

DESCRIPTION = (
    "Passende Plek stelt BPV-plekken voor aan mbo-studenten, met extra zorg voor studenten die "
    "extra ondersteuning nodig hebben. De matcher stelt voor; mensen beslissen."
)


def create_app(settings: Settings | None = None) -> FastAPI:
    """A new app for these settings (the database is migrated first when auto_migrate is on)."""
    settings = settings or get_settings()
    if settings.auto_migrate:
        migrate(settings)
    app = FastAPI(title="Passende Plek", version="0.1.0", description=DESCRIPTION)
    app.state.settings = settings
    app.state.engine = make_engine(settings.database_url)
    app.state.geocoder = make_geocoder(settings)
    app.state.travel = EstimatedTravelTime()
    install_error_handlers(app)
    install_web(app)
    for name in ROUTER_MODULES:
        app.include_router(importlib.import_module(name).router)
    return app
