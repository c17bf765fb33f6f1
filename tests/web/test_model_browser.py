"""The model page in headless Chromium (axe runs after every navigation): read, approve, undo."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from adapters.auth.demo_accounts import DemoAccount, create_demo_accounts
from adapters.db.engine import session_scope
from adapters.db.repositories import save_population
from adapters.flows.model_versions import propose_model
from adapters.model_store import save_model
from adapters.settings import Settings
from api.main import create_app
from matcher.demo.history import generate_history
from matcher.scoring.history import learn_from_history
from matcher.travel import EstimatedTravelTime
from tests.factories import example_population
from tests.matcher.demo.towns_fixture import TOWNS
from tests.web.browser import browser_page, chromium_path, element_screenshot, serve

pytestmark = pytest.mark.browser
ON = date(2025, 9, 1)


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[str, dict[str, DemoAccount]]]:
    """The example data, demo accounts and one proposed model, the app on a free port."""
    chromium_path()
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'web.db'}",
        broker_url=None,
        session_cookie_secure=False,
        model_path=tmp_path / "models" / "success_model.joblib",
    )
    app = create_app(settings)
    with session_scope(app.state.engine) as session:
        save_population(session, example_population())
    with session_scope(app.state.engine) as session:
        accounts = {a.email.split("@")[0]: a for a in create_demo_accounts(session)}
    history, _ = generate_history(n_students=400, seed=1, towns=TOWNS, on=ON)
    learned = learn_from_history(history, on=ON, travel=EstimatedTravelTime())
    assert learned.model is not None
    path = save_model(learned.model, settings.model_path, evaluation=learned.evaluation)
    propose_model(app.state.engine, path, by="training")
    with serve(app) as url:
        yield url, accounts


def test_bureau_reads_the_model_approves_it_and_rolls_back(
    site: tuple[str, dict[str, DemoAccount]],
) -> None:
    url, accounts = site
    with browser_page() as page:
        page.goto(f"{url}/login")
        page.get_by_label("E-mailadres").fill(accounts["bureau"].email)
        page.get_by_label("Wachtwoord").fill(accounts["bureau"].password)
        page.get_by_role("button", name="Inloggen").click()
        page.wait_for_load_state("networkidle")
        page.get_by_role("link", name="Geleerd model").click()
        page.wait_for_load_state("networkidle")
        assert page.locator("h1").inner_text() == "Geleerd model"
        assert "alleen de regels" in page.locator("main").inner_text()
        plot = page.locator("svg.kalibratie").first
        assert plot.locator("circle").count() > 1  # the calibration plot is drawn
        assert plot.bounding_box()["width"] > 200  # type: ignore[index]
        element_screenshot(plot, "model-kalibratie")
        page.get_by_role("button", name="Model 1 goedkeuren").click()
        page.wait_for_load_state("networkidle")
        assert "Model 1, goedgekeurd door" in page.locator("main").inner_text()
        page.get_by_role("button", name="Terug naar het model hiervoor").click()
        page.wait_for_load_state("networkidle")
        assert "Geen model: rondes gebruiken alleen de regels." in page.locator("main").inner_text()
