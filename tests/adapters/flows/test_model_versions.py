"""A person decides: a round uses only the approved model, records it, and rollback is one step."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine

from adapters.db import round_repositories as repo
from adapters.db.engine import session_scope
from adapters.db.model_approval import ModelStatus
from adapters.flows.model_versions import (
    approve_model,
    list_models,
    propose_model,
    reject_model,
    rollback_model,
)
from adapters.flows.rounds import lifecycle
from adapters.flows.rounds.execute import Outcome, execute_round
from adapters.model_store import save_model
from adapters.settings import Settings
from matcher.demo.history import generate_history
from matcher.errors import ConflictError, PermissionDeniedError
from matcher.privacy.principal import Principal
from matcher.privacy.vocabulary import Role
from matcher.scoring.history import learn_from_history
from matcher.travel import EstimatedTravelTime
from tests.conftest import examples_engine
from tests.matcher.demo.towns_fixture import TOWNS

ON = date(2025, 9, 1)
BUREAU = Principal(1, "bureau@example.org", "Bea Bureau", frozenset({Role.BUREAU}))
JOBCOACH = Principal(2, "coach@example.org", "Cas Coach", frozenset({Role.JOBCOACH}))


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """A migrated database holding the contract example population."""
    yield from examples_engine(db_url)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings with the model file in a temporary folder."""
    return Settings(model_path=tmp_path / "models" / "success_model.joblib", round_lease_s=30)


def _train(settings: Settings, seed: int) -> Path:
    history, _ = generate_history(n_students=400, seed=seed, towns=TOWNS, on=ON)
    learned = learn_from_history(history, on=ON, travel=EstimatedTravelTime())
    assert learned.model is not None
    return save_model(learned.model, settings.model_path, evaluation=learned.evaluation)


def _round_summary(engine: Engine, settings: Settings) -> dict:  # type: ignore[type-arg]
    with session_scope(engine) as session:
        row = lifecycle.create_round(
            session, name="r", filters={}, policy={}, bpv_start=date(2026, 9, 1), actor="t"
        )
        assert row.id is not None
        assert lifecycle.start_round(session, row.id, actor="t")
        round_id = row.id
    assert execute_round(engine, round_id, settings=settings) is Outcome.SOLVED
    with session_scope(engine) as session:
        return dict(repo.get_round(session, round_id).summary)


def test_an_unapproved_model_is_never_used_by_a_round(engine: Engine, settings: Settings) -> None:
    proposed = propose_model(engine, _train(settings, seed=1), by="training")
    assert proposed.status is ModelStatus.PROPOSED
    assert settings.model_path.is_file()  # the file is there, ready to load, and still unused
    summary = _round_summary(engine, settings)
    assert summary["model_weight"] == 0.0
    assert summary["model_version"] is None
    assert "Geen goedgekeurd" in summary["model_note"]


def test_the_round_uses_and_records_the_approved_version(
    engine: Engine, settings: Settings
) -> None:
    version = propose_model(engine, _train(settings, seed=1), by="training")
    approved = approve_model(engine, version.id, BUREAU, note="AUC beter dan de regels")
    assert approved.decided_by is not None
    assert "Bea Bureau" in approved.decided_by
    assert approved.decided_at is not None
    assert approved.evidence["model_auc"]["value"] > approved.evidence["rule_auc"]["value"]
    summary = _round_summary(engine, settings)
    assert summary["model_weight"] > 0
    assert summary["model_version"]["id"] == version.id
    assert summary["model_version"]["sha256"] == version.sha256
    assert "Bea Bureau" in summary["model_version"]["approved_by"]
    assert f"Geleerd model {version.id} gebruikt" in summary["model_note"]
    assert "100%" in summary["model_note"]


def test_rollback_is_one_action(engine: Engine, settings: Settings) -> None:
    first = propose_model(engine, _train(settings, seed=1), by="training")
    approve_model(engine, first.id, BUREAU)
    second = propose_model(engine, _train(settings, seed=2), by="training")
    assert second.id != first.id
    approve_model(engine, second.id, BUREAU)
    status = {v.id: v.status for v in list_models(engine)}
    assert status == {first.id: ModelStatus.REPLACED, second.id: ModelStatus.APPROVED}
    back = rollback_model(engine, BUREAU, note="nieuw model te optimistisch voor niveau 1")
    assert back is not None
    assert back.id == first.id
    status = {v.id: v.status for v in list_models(engine)}
    assert status == {first.id: ModelStatus.APPROVED, second.id: ModelStatus.WITHDRAWN}
    summary = _round_summary(engine, settings)  # the older file loads from the versions folder
    assert summary["model_version"]["id"] == first.id
    assert rollback_model(engine, BUREAU) is None  # nothing before it: the rules
    assert _round_summary(engine, settings)["model_version"] is None
    with pytest.raises(ConflictError, match="geen goedgekeurd model"):
        rollback_model(engine, BUREAU)


def test_only_beheer_or_the_bureau_decides(engine: Engine, settings: Settings) -> None:
    version = propose_model(engine, _train(settings, seed=1), by="training")
    with pytest.raises(PermissionDeniedError, match="beheer of het BPV-bureau"):
        approve_model(engine, version.id, JOBCOACH)
    with pytest.raises(PermissionDeniedError):
        rollback_model(engine, JOBCOACH)
    rejected = reject_model(engine, version.id, BUREAU, note="te weinig uitkomsten")
    assert rejected.status is ModelStatus.REJECTED
    with pytest.raises(ConflictError):
        approve_model(engine, version.id, BUREAU)
