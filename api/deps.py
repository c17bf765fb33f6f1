"""Dependencies shared by the routes: settings, engine, session, geocoder, travel provider.

Who is acting (``ActorDep``) and whether they may is decided in ``api.security``.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, FastAPI, Request
from sqlalchemy import Engine
from sqlmodel import Session

from adapters.geography import Geocoder
from adapters.jobs import Dispatcher, make_dispatcher
from adapters.settings import Settings
from matcher import TravelTimeProvider


def get_settings_dep(request: Request) -> Settings:
    """The settings the app was created with."""
    settings: Settings = request.app.state.settings
    return settings


def get_engine(request: Request) -> Engine:
    """The app's database engine."""
    engine: Engine = request.app.state.engine
    return engine


def get_session(engine: Annotated[Engine, Depends(get_engine)]) -> Iterator[Session]:
    """One session per request; the route that owns the unit of work commits."""
    with Session(engine) as session:
        yield session


def get_geocoder(request: Request) -> Geocoder:
    """The app's geocoder (offline table, optionally with overrides)."""
    geocoder: Geocoder = request.app.state.geocoder
    return geocoder


def get_travel(request: Request) -> TravelTimeProvider:
    """The app's travel-time provider."""
    travel: TravelTimeProvider = request.app.state.travel
    return travel


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
EngineDep = Annotated[Engine, Depends(get_engine)]
SessionDep = Annotated[Session, Depends(get_session)]
GeocoderDep = Annotated[Geocoder, Depends(get_geocoder)]
TravelDep = Annotated[TravelTimeProvider, Depends(get_travel)]


_DISPATCHER_LOCK = threading.Lock()


def start_dispatcher(app: FastAPI) -> Dispatcher:
    """The app's round runner, made and started once (the in-process one resumes old rounds
    and checks for expired leases from then on)."""
    state = app.state
    with _DISPATCHER_LOCK:
        dispatcher: Dispatcher | None = getattr(state, "dispatcher", None)
        if dispatcher is None:
            dispatcher = make_dispatcher(state.settings, state.engine)
            dispatcher.start()
            state.dispatcher = dispatcher
    return dispatcher


def stop_dispatcher(app: FastAPI) -> None:
    """Stop the runner's background checks when the app shuts down (running work goes on)."""
    dispatcher: Dispatcher | None = getattr(app.state, "dispatcher", None)
    if dispatcher is not None:
        dispatcher.stop()


def get_dispatcher(request: Request) -> Dispatcher:
    """The app's round runner (started when the app starts, or else on first use)."""
    return start_dispatcher(request.app)


DispatcherDep = Annotated[Dispatcher, Depends(get_dispatcher)]
