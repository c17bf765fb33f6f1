"""Every page names the site's icon, and the app serves it (no 404 in the browser's tab)."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from adapters.settings import Settings
from api.main import create_app


def test_the_login_page_links_an_icon_the_app_serves(tmp_path: Path) -> None:
    app = create_app(Settings(database_url=f"sqlite:///{tmp_path / 'web.db'}", broker_url=None))
    with TestClient(app) as client:
        page = client.get("/login")
        assert '<link rel="icon" href="/static/favicon.svg"' in page.text
        icon = client.get("/static/favicon.svg")
        assert icon.status_code == 200
        assert icon.headers["content-type"].startswith("image/svg+xml")
        assert b"<svg" in icon.content
