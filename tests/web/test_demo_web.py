"""``matcher demo-web`` (``make demo``) builds a demo site: data imported, a round ready for
review, and one account per role printed."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

import cli.demo  # noqa: F401  (registers a second command, so the app is a group)
import cli.web  # noqa: F401  (registers the command)
from adapters.demo_data import TOWNS_FILE
from cli import app
from cli.web import build_demo_site
from tests.web.conftest import post_login

pytestmark = pytest.mark.skipif(not TOWNS_FILE.is_file(), reason="towns_nl.csv not built yet")


def test_demo_web_prints_the_round_summary_and_an_account_per_role(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(
        app, ["demo-web", "--students", "40", "--time-limit", "5", "--no-serve"]
    )
    assert result.exit_code == 0, result.output
    assert "klaar om te bekijken" in result.output
    assert "Met een voorstel:" in result.output
    assert " van de 40 studenten" in result.output
    for name in ("bureau@", "jobcoach@", "student@", "bedrijf@"):
        assert name in result.output
    assert (tmp_path / "var" / "demo-web.db").is_file()


def _log_in(client: TestClient, account: object) -> None:
    email, password = account.email, account.password  # type: ignore[attr-defined]
    post_login(client, email, password)


def test_the_bureau_finds_the_demo_round_with_proposals_to_review(tmp_path: Path) -> None:
    site = build_demo_site(f"sqlite:///{tmp_path / 'd.db'}", students=40, seed=1, time_limit_s=5)
    assert site.round_id is not None
    assert site.summary["students"] == 40
    bureau = next(a for a in site.accounts if a.email.startswith("bureau@"))
    with TestClient(site.app) as client:
        _log_in(client, bureau)
        home = client.get("/bureau").text
        assert "Demo-ronde" in home
        assert "klaar om te bekijken" in home
        page = client.get(f"/bureau/rondes/{site.round_id}").text
    assert "Voorstellen bekijken" in page
    assert page.count('<tr id="rij-') == 40


def test_the_printed_student_account_can_log_in(tmp_path: Path) -> None:
    site = build_demo_site(f"sqlite:///{tmp_path / 'd.db'}", students=40, seed=1, run_round=False)
    assert site.round_id is None
    student = next(a for a in site.accounts if a.email.startswith("student@"))
    with TestClient(site.app) as client:
        _log_in(client, student)
        page = client.get("/student")
    assert page.status_code == 200
    assert "Plekken die bij jou passen" in page.text
