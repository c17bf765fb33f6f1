"""Liveness and readiness: is the process up, and can it reach what it needs."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy import text

from api.deps import EngineDep, SettingsDep
from api.security import Authorized

router = APIRouter(tags=["health"])


@router.get("/health", summary="Het proces draait")
def read_health(_: Authorized) -> dict[str, str]:
    """Liveness: answers as long as the process runs."""
    return {"status": "ok"}


@router.get("/ready", summary="Database (en broker) bereikbaar")
def read_ready(_: Authorized, engine: EngineDep, settings: SettingsDep) -> JSONResponse:
    """Readiness: the database answers, and the broker when one is configured."""
    checks: dict[str, str] = {}
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        checks["database"] = "ok"
    except Exception as error:  # noqa: BLE001 - any failure means not ready
        checks["database"] = f"niet bereikbaar: {type(error).__name__}"
    if settings.broker_url:
        checks["broker"] = _broker_status(settings.broker_url)
    ready = all(v == "ok" for v in checks.values())
    return JSONResponse(
        status_code=200 if ready else 503, content={"ready": ready, "checks": checks}
    )


def _broker_status(url: str) -> str:
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1).ping()
        return "ok"
    except Exception as error:  # noqa: BLE001 - any failure means not ready
        return f"niet bereikbaar: {type(error).__name__}"
