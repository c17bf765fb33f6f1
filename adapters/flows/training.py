"""Train the success model from the product's own outcomes and an optional imported history set,
and register it as a proposal (issue 20 item 4).

The product's outcomes are the ended BPVs with the profiles frozen when their round matched them
(``adapters/flows/outcome_history.py``); an imported history set (the contract's folder, e.g.
from an earlier system) comes on top. The proposal records how many outcomes came from which
source and period (``sources`` in its evidence). Training never approves: a person does
(``adapters/flows/model_versions.py``). Only beheer and the bureau may train, as only they may
read the outcomes.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from adapters import clock
from adapters.db.engine import session_scope
from adapters.flows import outcome_history
from adapters.flows.model_versions import ModelVersion, propose_model
from adapters.model_store import save_model
from matcher import ScoringPolicy, TravelTimeProvider
from matcher.domain import History
from matcher.errors import InvalidInputError
from matcher.privacy.principal import Principal
from matcher.scoring.history import (
    TrainingSet,
    combine,
    learn_from_training_set,
    training_set,
)
from matcher.scoring.learned import LearningResult

NOTHING = (
    "Er is niets om van te leren: nog geen afgeronde BPV's met een uitkomst, en geen "
    "geschiedenis opgegeven. Geef een map met een geschiedenis op met --history, of wacht tot "
    "er BPV's zijn afgerond."
)


@dataclass(frozen=True, slots=True)
class ImportedHistory:
    """A history set read from files, with its name and the start date of its placements."""

    history: History
    name: str
    on: date  # ages are taken on this day when an outcome has no start date of its own


@dataclass(frozen=True, eq=False)
class Training:
    """The training set, where its outcomes came from, and what the learner made of it."""

    data: TrainingSet
    sources: list[dict[str, Any]]
    result: LearningResult | None = None
    version: ModelVersion | None = None


def _imported_source(imported: ImportedHistory) -> dict[str, Any]:
    ended = [o.ended_on for o in imported.history.outcomes if o.ended_on is not None]
    return {
        "source": imported.name,
        "n_outcomes": len(imported.history.outcomes),
        "first": min(ended).isoformat() if ended else None,
        "last": max(ended).isoformat() if ended else None,
        "on": imported.on.isoformat(),
    }


def training_data(
    engine: Engine,
    principal: Principal,
    *,
    travel: TravelTimeProvider,
    imported: ImportedHistory | None = None,
    policy: ScoringPolicy | None = None,
) -> Training:
    """The product's own outcomes (first) and the imported ones, as one training set."""
    with session_scope(engine) as session:
        own = outcome_history.build(session, principal)
    parts: list[TrainingSet] = []
    sources: list[dict[str, Any]] = []
    if own.history.outcomes:
        data = training_set(own.history, on=clock.today(), travel=travel, policy=policy)
        parts.append(replace(data, placement=own.placement))
        sources.append(own.source())
    if imported is not None and imported.history.outcomes:
        parts.append(training_set(imported.history, on=imported.on, travel=travel, policy=policy))
        sources.append(_imported_source(imported))
    if not parts:
        raise InvalidInputError(NOTHING)
    return Training(combine(*parts), sources)


def train_and_propose(
    engine: Engine,
    principal: Principal,
    *,
    model_path: Path,
    travel: TravelTimeProvider,
    imported: ImportedHistory | None = None,
    policy: ScoringPolicy | None = None,
) -> Training:
    """Train on the outcomes and register the model as a proposal (never approved here).

    When the rules stay better, nothing is saved or proposed (``version`` is None and the
    result's note says why)."""
    training = training_data(engine, principal, travel=travel, imported=imported, policy=policy)
    result = learn_from_training_set(training.data)
    if result.model is None:
        return replace(training, result=result)
    save_model(result.model, model_path, evaluation=result.evaluation, sources=training.sources)
    version = propose_model(engine, model_path, by=principal.display_name or principal.email)
    return replace(training, result=result, version=version)
