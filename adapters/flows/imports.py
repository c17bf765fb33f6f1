"""Import flow: contract files in, validated as a whole, stored all or nothing.

One function does the work (:func:`import_files`); the CLI (paths, folders) and the upload
endpoint (bytes) only gather the sources. Current files and a history set given together are
validated together, every issue of both is reported, and only when all is well is anything
stored, in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, select

from adapters.db.engine import session_scope
from adapters.db.models import CURRENT_DATASET
from adapters.db.repositories import (
    COMPANY_TABLE,
    PopulationCounts,
    save_history,
    save_population,
)
from adapters.geography import Geocoder
from adapters.tabular import ReadResult, Source, read_history, read_population
from adapters.tabular.readers import raise_for
from matcher.domain import History
from matcher.errors import InvalidInputError, Issue

KINDS = ("students", "companies", "places")
DEFAULT_HISTORY = "history:upload"


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import did: counts per kind, and warnings that did not stop it."""

    counts: PopulationCounts
    warnings: tuple[Issue, ...]
    dataset: str


@dataclass(frozen=True, slots=True)
class HistoryUpload:
    """A history set: outcomes plus the profiles as they were at the time."""

    outcomes: Source
    students: Source
    companies: Source
    places: Source
    name: str = DEFAULT_HISTORY


def import_files(
    engine: Engine,
    *,
    current: Mapping[str, Source],
    history: HistoryUpload | None,
    geocoder: Geocoder,
) -> list[ImportReport]:
    """Validate every given file; store them in one transaction only when all are fine."""
    if not current and history is None:
        raise InvalidInputError(
            "Er is geen bestand meegestuurd. Kies students, companies en/of places, "
            "of een geschiedenis met outcomes."
        )
    issues: list[Issue] = []
    result: ReadResult | None = None
    read: tuple[History, tuple[Issue, ...]] | None = None
    if current:
        try:
            result = _read_current(engine, current, geocoder)
        except InvalidInputError as error:
            issues += error.issues
    if history is not None:
        try:
            read = read_history(
                history.outcomes, history.students, history.companies, history.places,
                geocoder=geocoder,
            )  # fmt: skip
        except InvalidInputError as error:
            issues += error.issues
    raise_for(issues)
    with session_scope(engine) as session:
        reports = []
        if result is not None:
            counts = save_population(session, result.population, dataset=CURRENT_DATASET)
            reports.append(ImportReport(counts, result.warnings, CURRENT_DATASET))
        if history is not None and read is not None:
            counts = save_history(session, read[0], dataset=history.name)
            reports.append(ImportReport(counts, read[1], history.name))
    return reports


def _read_current(engine: Engine, current: Mapping[str, Source], geocoder: Geocoder) -> ReadResult:
    """Read the current files, checking places against companies already stored too."""
    unknown = set(current) - set(KINDS)
    if unknown:
        raise InvalidInputError(f"Onbekend soort bestand: {', '.join(sorted(unknown))}.")
    stmt = select(COMPANY_TABLE.c.company_id).where(COMPANY_TABLE.c.dataset == CURRENT_DATASET)
    with engine.connect() as conn:
        known = frozenset(str(row[0]) for row in conn.execute(stmt))
    return read_population(
        students=current.get("students"),
        companies=current.get("companies"),
        places=current.get("places"),
        geocoder=geocoder,
        known_company_ids=known,
    )


def find_sources(directory: Path, names: tuple[str, ...] = KINDS) -> dict[str, Source]:
    """The contract files present in a folder (CSV or XLSX), by kind."""
    found: dict[str, Source] = {}
    for kind in names:
        for suffix in (".csv", ".xlsx"):
            path = directory / f"{kind}{suffix}"
            if path.is_file():
                found[kind] = Source.from_path(path)
                break
    return found


def history_dataset_name(directory: Path) -> str:
    """The dataset name a history folder is stored under, e.g. ``history:demo``."""
    folder = directory.resolve()
    name = folder.parent.name if folder.name == "history" else folder.name
    return f"history:{name}"


def history_from_folder(
    directory: Path, *, name: str | None = None, outcomes: Source | None = None
) -> HistoryUpload:
    """A history set from a folder with outcomes and the three profile files.

    ``outcomes`` replaces the folder's own outcomes file (a file with another name).
    """
    wanted = KINDS if outcomes is not None else ("outcomes", *KINDS)
    found = find_sources(directory, wanted)
    missing = [k for k in wanted if k not in found]
    if missing:
        raise InvalidInputError(
            f"In de map {directory} ontbreekt: {', '.join(f'{m}.csv' for m in missing)}.",
            issues=[Issue(str(directory), None, None, f"{m}.csv ontbreekt") for m in missing],
        )
    return HistoryUpload(
        outcomes or found["outcomes"], found["students"], found["companies"], found["places"],
        name or history_dataset_name(directory),
    )  # fmt: skip


def import_directory(
    engine: Engine,
    directory: Path,
    *,
    geocoder: Geocoder,
    progress: Callable[[str], None] | None = None,
) -> list[ImportReport]:
    """Import a folder in the contract layout and its history/ subfolder, in one transaction."""
    current = find_sources(directory)
    if not current:
        raise InvalidInputError(
            f"In de map {directory} staan geen students-, companies- of places-bestanden "
            "(.csv of .xlsx)."
        )
    history_dir = directory / "history"
    history = None
    if find_sources(history_dir, ("outcomes",)):
        history = history_from_folder(history_dir)
    if progress:
        progress(f"Inlezen: {', '.join(sorted(s.name for s in current.values()))}")
    return import_files(engine, current=current, history=history, geocoder=geocoder)
