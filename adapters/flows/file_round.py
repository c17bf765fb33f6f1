"""A match round straight from contract files to proposals.csv (the ``matcher round`` command)."""

from __future__ import annotations

import json
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from adapters.flows.imports import history_from_folder
from adapters.geography import Geocoder
from adapters.tabular import Source, read_history, write_proposals
from adapters.tabular.readers import read_round_population
from matcher import (
    Evaluation,
    RoundPolicy,
    RoundResult,
    SuccessModel,
    TravelTimeProvider,
    learn_from_history,
    run_round,
)
from matcher.errors import InvalidInputError, Issue
from matcher.nl import percent
from matcher.solver import MapFn

HISTORY_YEARS_BACK = 1  # ages in a history set are taken one year before the round's start
# A file round learns and uses a model in one go, without a database in which a person could
# approve it: it is a try-out, and says so (docs/learning.md, "A person decides").
TRYOUT_STATUS = "proefmodel, niet goedgekeurd"
TRYOUT_NOTE = (
    "Let op: dit is een proefmodel dat niemand heeft goedgekeurd. Gebruik deze voorstellen om "
    "te proberen; voor een echte ronde keurt beheer of het BPV-bureau een model goed "
    "(matcher model propose en matcher model approve)."
)


@dataclass(frozen=True, slots=True)
class FileRoundReport:
    """What a file round produced, with timings per stage in seconds."""

    result: RoundResult
    evaluation: Evaluation | None
    model_note: str
    warnings: tuple[Issue, ...]
    timings: dict[str, float] = field(default_factory=dict)
    model_status: str | None = None  # TRYOUT_STATUS when a learned model was used


def _learn(
    outcomes: Path, *, on: date, geocoder: Geocoder, travel: TravelTimeProvider, policy: RoundPolicy
) -> tuple[SuccessModel | None, Evaluation | None, str, tuple[Issue, ...]]:
    sources = history_from_folder(outcomes.parent, outcomes=Source.from_path(outcomes))
    history, warnings = read_history(
        sources.outcomes, sources.students, sources.companies, sources.places, geocoder=geocoder
    )
    past = on - timedelta(days=365 * HISTORY_YEARS_BACK)
    try:
        learned = learn_from_history(history, on=past, travel=travel, policy=policy.scoring)
    except InvalidInputError as error:
        return (
            None,
            None,
            f"Geen geleerd model: {error.message} De ronde gebruikt alleen de regels.",
            warnings,
        )
    evaluation, model = learned.evaluation, learned.model
    if model is None:
        return None, evaluation, evaluation.note, warnings
    note = (
        f"{evaluation.note} Het telt mee voor {percent(model.blend)} van de score "
        f"({model.n_outcomes} uitkomsten). {TRYOUT_NOTE}"
    )
    return model, evaluation, note, warnings


def run_file_round(
    *,
    students: Path,
    companies: Path,
    places: Path,
    outcomes: Path | None,
    on: date,
    geocoder: Geocoder,
    travel: TravelTimeProvider,
    policy: RoundPolicy,
    out: Path,
    summary: Path | None = None,
    progress: Callable[[str], None] | None = None,
    map_fn: MapFn | None = None,
) -> FileRoundReport:
    """Read, (learn), solve and write; nothing is written when the input has any issue.

    ``map_fn`` runs the solver's large components (adapters/solver_pool.py)."""
    say = progress or (lambda _m: None)
    timings: dict[str, float] = {}
    started = last = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal last
        now = time.perf_counter()
        timings[stage] = round(now - last, 3)
        last = now

    say("inlezen")
    read = read_round_population(
        students=Source.from_path(students),
        companies=Source.from_path(companies),
        places=Source.from_path(places),
        geocoder=geocoder,
    )
    lap("inlezen")
    model: SuccessModel | None = None
    evaluation: Evaluation | None = None
    note = "Geen geschiedenis opgegeven: alleen de regels."
    history_warnings: tuple[Issue, ...] = ()
    if outcomes is not None:
        say("leren van de geschiedenis")
        model, evaluation, note, history_warnings = _learn(
            outcomes, on=on, geocoder=geocoder, travel=travel, policy=policy
        )
        lap("leren")
    stages: list[str] = []

    def on_stage(stage: str) -> None:
        if stages:
            lap(stages[-1])
        stages.append(stage)
        say(stage)

    result = run_round(
        read.population,
        on=on,
        travel=travel,
        policy=policy,
        model=model,
        progress=on_stage,
        map_fn=map_fn,
    )
    lap(stages[-1])
    say("wegschrijven")
    write_proposals(out, result.proposals)
    timings["totaal"] = round(time.perf_counter() - started, 3)
    report = FileRoundReport(
        result, evaluation, note, read.warnings + history_warnings, timings,
        model_status=None if model is None else TRYOUT_STATUS,
    )  # fmt: skip
    if summary is not None:
        write_json(summary, summary_document(report, on=on))
    return report


def summary_document(report: FileRoundReport, *, on: date) -> dict[str, Any]:
    """The JSON summary of a file round."""
    doc: dict[str, Any] = {"date": on.isoformat(), **report.result.summary.as_dict()}
    doc["model"] = {"note": report.model_note}
    if report.model_status is not None:
        doc["model"]["status"] = report.model_status
        doc["model"]["approved"] = False
    if report.evaluation is not None:
        doc["model"]["evaluation"] = asdict(report.evaluation)
        doc["model"]["model_beats_rule"] = report.evaluation.model_beats_rule
    doc["timings_s"] = report.timings
    doc["warnings"] = [str(w) for w in report.warnings]
    return doc


def write_json(path: Path, document: dict[str, Any]) -> None:
    """Write JSON atomically (temp file in the same folder, then rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(document, handle, indent=2, ensure_ascii=False, default=str)
    os.replace(tmp, path)
