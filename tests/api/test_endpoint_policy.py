"""Every API route has exactly one entry in the endpoint policy (no route escapes the table)."""

from __future__ import annotations

from pathlib import Path

from adapters.settings import Settings
from api.endpoint_policy import ENDPOINT_POLICY, endpoint_key
from api.main import create_app


def _routes(tmp_path: Path) -> set[str]:
    app = create_app(Settings(database_url=f"sqlite:///{tmp_path / 'm.db'}"))
    paths = app.openapi()["paths"]
    return {endpoint_key(method, path) for path, ops in paths.items() for method in ops}


def test_every_route_has_a_policy_entry_and_every_entry_a_route(tmp_path: Path) -> None:
    routes = _routes(tmp_path)
    assert routes, "the app must expose routes"
    assert sorted(routes - set(ENDPOINT_POLICY)) == [], "add these routes to ENDPOINT_POLICY"
    assert sorted(set(ENDPOINT_POLICY) - routes) == [], "these policy entries have no route"
