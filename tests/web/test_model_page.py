"""The bureau's model page: what was learned in Dutch, and approve / roll back as one action."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from adapters.auth.demo_accounts import DemoAccount
from adapters.flows.model_versions import list_models, propose_model
from adapters.model_store import save_model
from adapters.settings import Settings
from matcher.demo.history import generate_history
from matcher.scoring.history import learn_from_history
from matcher.travel import EstimatedTravelTime
from tests.matcher.demo.towns_fixture import TOWNS
from tests.web.a11y import problems
from tests.web.conftest import csrf_of, log_in

ON = date(2025, 9, 1)


@pytest.fixture
def web_settings(tmp_path: Path) -> Settings:
    """The web settings of tests/web/conftest.py, with the model files in the test's folder."""
    return Settings(
        database_url=f"sqlite:///{tmp_path / 'web.db'}",
        broker_url=None,
        session_cookie_secure=False,
        model_path=tmp_path / "models" / "success_model.joblib",
    )


def _propose(web: TestClient) -> int:
    history, _ = generate_history(n_students=400, seed=1, towns=TOWNS, on=ON)
    learned = learn_from_history(history, on=ON, travel=EstimatedTravelTime())
    assert learned.model is not None
    settings = web.app.state.settings  # type: ignore[attr-defined]
    sources = [{"source": "geschiedenis demo", "n_outcomes": learned.evaluation.n,
                "first": "2025-01-31", "last": "2025-06-30"}]  # fmt: skip
    path = save_model(
        learned.model, settings.model_path, evaluation=learned.evaluation, sources=sources
    )
    return propose_model(web.app.state.engine, path, by="training").id  # type: ignore[attr-defined]


def test_bureau_sees_what_was_learned_and_approves_then_rolls_back(
    web: TestClient, accounts: dict[str, DemoAccount]
) -> None:
    version = _propose(web)
    log_in(web, accounts["bureau"])
    html = web.get("/bureau/model").text
    assert "Geen model: rondes gebruiken alleen de regels." in html
    assert "keer zo zwaar als standaard" in html or "even zwaar als standaard" in html
    assert "Klopt de voorspelling?" in html
    [evidence] = [v.evidence for v in list_models(web.app.state.engine)]  # type: ignore[attr-defined]
    bands = [b for b in evidence["calibration"] if b["n"] > 0]
    assert html.count("<circle ") == len(bands) > 1  # one dot per band of the calibration plot
    assert "Voorspelde en echte kans op een goede afloop: voorspeld " in html  # said aloud
    assert "extra ondersteuning ja" in html
    assert '<th scope="col">Geplaatst</th>' in html  # placement rate per group
    assert "geschiedenis demo: " in html  # how many outcomes from which source and period
    assert "(31-01-2025 tot 30-06-2025)" in html
    assert f"Model {version}: voorstel" in html
    assert problems(html) == []
    token = csrf_of(html)
    done = web.post("/bureau/model/goedkeuren", data={"csrf_token": token, "versie": version},
                    follow_redirects=False)  # fmt: skip
    assert done.status_code == 303
    html = web.get("/bureau/model").text
    assert f"Model {version}, goedgekeurd door" in html
    assert problems(html) == []
    [row] = list_models(web.app.state.engine)  # type: ignore[attr-defined]
    assert row.decided_by is not None
    assert "bureau" in row.decided_by
    back = web.post("/bureau/model/terugdraaien", data={"csrf_token": csrf_of(html)},
                    follow_redirects=False)  # fmt: skip
    assert back.status_code == 303
    assert "Geen model: rondes gebruiken alleen de regels." in web.get("/bureau/model").text


def test_a_second_rollback_says_in_dutch_what_is_wrong(
    web: TestClient, accounts: dict[str, DemoAccount]
) -> None:
    log_in(web, accounts["bureau"])
    html = web.get("/bureau/model").text
    answer = web.post("/bureau/model/terugdraaien", data={"csrf_token": csrf_of(html)})
    assert answer.status_code == 400
    assert "Er is geen goedgekeurd model om terug te draaien." in answer.text
    wrong = web.post("/bureau/model/goedkeuren", data={"csrf_token": csrf_of(html), "versie": "x"})
    assert wrong.status_code == 400
    assert "Kies welk model je goedkeurt" in wrong.text


def test_a_jobcoach_cannot_open_or_approve(
    web: TestClient, accounts: dict[str, DemoAccount]
) -> None:
    version = _propose(web)
    log_in(web, accounts["jobcoach"])
    assert web.get("/bureau/model").status_code == 403
    html = web.get("/jobcoach").text
    answer = web.post(
        "/bureau/model/goedkeuren", data={"csrf_token": csrf_of(html), "versie": str(version)}
    )
    assert answer.status_code == 403
    assert all(v.decided_by is None for v in list_models(web.app.state.engine))  # type: ignore[attr-defined]


@pytest.mark.parametrize("role", ["student", "bedrijf", "begeleider", None])
def test_no_one_else_reads_the_model_or_its_evidence(
    web: TestClient, accounts: dict[str, DemoAccount], role: str | None
) -> None:
    _propose(web)
    if role is not None:
        log_in(web, accounts[role])
    answer = web.get("/bureau/model", follow_redirects=False)
    assert answer.status_code in (303, 401, 403)
    for shown in ("Klopt de voorspelling?", "<circle", "extra ondersteuning", "Model 1"):
        assert shown not in answer.text
