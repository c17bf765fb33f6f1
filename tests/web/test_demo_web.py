"""``matcher demo-web`` builds a demo site: data imported and one account per role printed."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

import adapters.cli.demo  # noqa: F401  (registers a second command, so the app is a group)
import adapters.cli.web  # noqa: F401  (registers the command)
from adapters.cli import app
from adapters.cli.web import build_demo_site
from adapters.demo_data import TOWNS_FILE

pytestmark = pytest.mark.skipif(not TOWNS_FILE.is_file(), reason="towns_nl.csv not built yet")


def test_demo_web_prints_an_account_per_role(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["demo-web", "--students", "40", "--no-serve"])
    assert result.exit_code == 0, result.output
    for name in ("bureau@", "jobcoach@", "student@", "bedrijf@"):
        assert name in result.output
    assert (tmp_path / "var" / "demo-web.db").is_file()


def test_the_printed_student_account_can_log_in(tmp_path: Path) -> None:
    web, made = build_demo_site(f"sqlite:///{tmp_path / 'd.db'}", students=40, seed=1)
    student = next(a for a in made if a.email.startswith("student@"))  # type: ignore[attr-defined]
    with TestClient(web) as client:  # type: ignore[arg-type]
        client.post("/login", data={"email": student.email, "password": student.password})  # type: ignore[attr-defined]
        page = client.get("/student")
    assert page.status_code == 200
    assert "Plekken die bij jou passen" in page.text
