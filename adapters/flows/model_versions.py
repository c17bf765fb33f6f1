"""A person decides: a trained model is a proposal until beheer or the bureau approves it.

Rounds use only the approved version (:func:`approved_model`) and record which one; rolling back
is one action (:func:`rollback_model`). Who decided, when and on which evidence stays in the
``model_version`` table (``adapters/db/model_approval.py``). An AI system that assigns people to
education places is high-risk under the AI Act (Annex III): human oversight, logging and
transparency are part of the job.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from adapters.db import model_approval as repo
from adapters.db.engine import session_scope
from adapters.db.model_approval import STATUS_LABELS, ModelStatus, ModelVersionRow
from adapters.model_store import archive_model, load_version, read_metadata
from matcher import SuccessModel
from matcher.errors import ConflictError, MatcherError, NotFoundError, PermissionDeniedError
from matcher.features import MODEL_COLUMNS
from matcher.nl import percent
from matcher.privacy.principal import Principal
from matcher.privacy.vocabulary import Role

APPROVERS = frozenset({Role.ADMIN, Role.BUREAU})
DECIDABLE = frozenset({ModelStatus.PROPOSED, ModelStatus.REPLACED, ModelStatus.WITHDRAWN})


@dataclass(frozen=True, slots=True)
class ModelVersion:
    """A model version as people see it."""

    id: int
    sha256: str
    kind: str
    n_outcomes: int
    trained_at: str
    status: ModelStatus
    proposed_by: str
    decided_by: str | None
    decided_at: datetime | None
    decision_note: str | None
    evidence: dict[str, Any]

    def record(self) -> dict[str, Any]:
        """What a round stores about the model it used."""
        return {
            "id": self.id, "sha256": self.sha256, "kind": self.kind,
            "n_outcomes": self.n_outcomes, "approved_by": self.decided_by,
            "approved_at": None if self.decided_at is None else self.decided_at.isoformat(),
        }  # fmt: skip


def _view(row: ModelVersionRow) -> ModelVersion:
    assert row.id is not None
    return ModelVersion(
        row.id, row.sha256, row.kind, row.n_outcomes, row.trained_at, ModelStatus(row.status),
        row.proposed_by, row.decided_by, row.decided_at, row.decision_note, dict(row.evidence),
    )  # fmt: skip


def _who(principal: Principal) -> str:
    if not principal.roles & APPROVERS:
        raise PermissionDeniedError(
            "Alleen beheer of het BPV-bureau mag een model goedkeuren of terugdraaien."
        )
    return f"{principal.display_name or principal.email} ({principal.email})"


def _evidence(meta: dict[str, Any]) -> dict[str, Any]:
    ev = meta.get("evaluation") or {}
    keys = ("n", "success_rate", "chosen", "model_auc", "rule_auc", "model_brier", "rule_brier",
            "auc_gain", "brier_gain", "note", "fairness", "calibration")  # fmt: skip
    return {k: ev[k] for k in keys if k in ev} | {
        "weights": meta.get("weights", {}), "prior": meta.get("prior", {}),
        "sources": meta.get("sources", []),
    }  # fmt: skip


def propose_model(engine: Engine, model_path: Path, *, by: str) -> ModelVersion:
    """Register the saved model at ``model_path`` as a proposal (again: the same row)."""
    meta = read_metadata(model_path)
    sha, _ = archive_model(model_path)
    with session_scope(engine) as session:
        row = repo.find_by_sha(session, sha)
        if row is None:
            row = repo.add_version(
                session, sha256=sha, kind=str(meta.get("kind", "")),
                n_outcomes=int(meta["n_outcomes"]), trained_at=str(meta["trained_at"]),
                evidence=_evidence(meta), proposed_by=by,
            )  # fmt: skip
        return _view(row)


def list_models(engine: Engine) -> list[ModelVersion]:
    """Every version, newest first."""
    with session_scope(engine) as session:
        return [_view(r) for r in repo.list_versions(session)]


def approve_model(
    engine: Engine, version_id: int, principal: Principal, *, note: str | None = None
) -> ModelVersion:
    """Approve a version: from now on rounds use it; the approved one before it is replaced."""
    who = _who(principal)
    with session_scope(engine) as session:
        row = repo.get_version(session, version_id)
        if row is None:
            raise NotFoundError(f"Er is geen model met nummer {version_id}.")
        if ModelStatus(row.status) not in DECIDABLE:
            label = STATUS_LABELS[ModelStatus(row.status)]
            raise ConflictError(f"Model {version_id} is {label} en kan niet worden goedgekeurd.")
        current = repo.approved_version(session)
        if current is not None:
            repo.decide(
                session, current, ModelStatus.REPLACED, by=who, note=f"vervangen door {version_id}"
            )
        repo.decide(session, row, ModelStatus.APPROVED, by=who, note=note)
        return _view(row)


def reject_model(
    engine: Engine, version_id: int, principal: Principal, *, note: str | None = None
) -> ModelVersion:
    """Say no to a proposal; it is never used."""
    who = _who(principal)
    with session_scope(engine) as session:
        row = repo.get_version(session, version_id)
        if row is None:
            raise NotFoundError(f"Er is geen model met nummer {version_id}.")
        if row.status != ModelStatus.PROPOSED.value:
            raise ConflictError(
                f"Alleen een voorstel kan worden afgewezen; model {version_id} niet."
            )
        repo.decide(session, row, ModelStatus.REJECTED, by=who, note=note)
        return _view(row)


def rollback_model(
    engine: Engine, principal: Principal, *, note: str | None = None
) -> ModelVersion | None:
    """One action: withdraw the approved version and approve the one before it again.

    Returns the version now in use, or None when there was none before (rounds use the rules).
    """
    who = _who(principal)
    with session_scope(engine) as session:
        current = repo.approved_version(session)
        if current is None:
            raise ConflictError("Er is geen goedgekeurd model om terug te draaien.")
        previous = repo.last_replaced(session)
        repo.decide(session, current, ModelStatus.WITHDRAWN, by=who, note=note)
        if previous is None:
            return None
        repo.decide(session, previous, ModelStatus.APPROVED, by=who, note=f"terug na {current.id}")
        return _view(previous)


def approved_model(
    engine: Engine, model_path: Path
) -> tuple[SuccessModel | None, str, dict[str, Any] | None]:
    """The approved model for a round, a note for people and the record of the version.

    A trained model that nobody approved is never returned: the round then uses the rules.
    """
    with session_scope(engine) as session:
        row = repo.approved_version(session)
        version = None if row is None else _view(row)
    if version is None:
        return None, "Geen goedgekeurd geleerd model: de ronde gebruikt alleen de regels.", None
    try:
        model = load_version(model_path, version.sha256, feature_columns=MODEL_COLUMNS)
    except MatcherError as error:
        return None, f"{error.message} De ronde gebruikt alleen de regels.", None
    note = (
        f"Geleerd model {version.id} gebruikt, goedgekeurd door {version.decided_by}. "
        f"Het telt mee voor {percent(model.blend)} van de score."
    )
    return model, note, version.record()
