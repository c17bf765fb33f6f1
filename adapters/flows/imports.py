"""Import flow: contract files in, validated as a whole, stored all-or-nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, select
from sqlmodel import Session

from adapters.db.engine import session_scope
from adapters.db.models import CompanyRow
from adapters.db.repositories import PopulationCounts, save_history, save_population
from adapters.geography import Geocoder
from adapters.tabular import ReadResult, Source, read_history_dir, read_population
from matcher.domain import History
from matcher.errors import InvalidInputError, Issue

CURRENT = "current"


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import did: counts per kind, and warnings that did not stop it."""

    counts: PopulationCounts
    warnings: tuple[Issue, ...]
    dataset: str


def find_sources(directory: Path) -> dict[str, Path]:
    """The contract files present in a folder (CSV or XLSX), by kind."""
    found: dict[str, Path] = {}
    for kind in ("students", "companies", "places"):
        for suffix in (".csv", ".xlsx"):
            path = directory / f"{kind}{suffix}"
            if path.is_file():
                found[kind] = path
                break
    return found


def _known_company_ids(session: Session, dataset: str) -> frozenset[str]:
    rows = session.exec(select(CompanyRow.company_id).where(CompanyRow.dataset == dataset))  # type: ignore[call-overload]
    return frozenset(str(r[0]) if isinstance(r, tuple) else str(r) for r in rows)


def _read_current(
    engine: Engine,
    *,
    students: Source | None,
    companies: Source | None,
    places: Source | None,
    geocoder: Geocoder,
) -> ReadResult:
    if students is None and companies is None and places is None:
        raise InvalidInputError("Er is geen bestand gekozen om in te lezen.")
    with Session(engine) as session:
        known = _known_company_ids(session, CURRENT)
    return read_population(
        students=students,
        companies=companies,
        places=places,
        geocoder=geocoder,
        known_company_ids=known,
    )


def import_population(
    engine: Engine,
    *,
    students: Source | None = None,
    companies: Source | None = None,
    places: Source | None = None,
    geocoder: Geocoder,
) -> ImportReport:
    """Validate the given files together and store them in one transaction (all or nothing)."""
    result = _read_current(
        engine, students=students, companies=companies, places=places, geocoder=geocoder
    )
    with session_scope(engine) as session:
        counts = save_population(session, result.population, dataset=CURRENT)
    return ImportReport(counts=counts, warnings=result.warnings, dataset=CURRENT)


def history_dataset_name(directory: Path) -> str:
    """The dataset name a history folder is stored under, e.g. ``history:demo``."""
    folder = directory.resolve()
    name = folder.parent.name if folder.name == "history" else folder.name
    return f"history:{name}"


def import_history(
    engine: Engine, directory: Path, *, geocoder: Geocoder, dataset: str | None = None
) -> ImportReport:
    """Validate a history folder (profiles + outcomes.csv) and store it as its own dataset."""
    history, warnings = read_history_dir(directory, geocoder=geocoder)
    name = dataset or history_dataset_name(directory)
    with session_scope(engine) as session:
        counts = save_history(session, history, dataset=name)
    return ImportReport(counts=counts, warnings=warnings, dataset=name)


def _has_history(directory: Path) -> bool:
    return any((directory / f"outcomes{suffix}").is_file() for suffix in (".csv", ".xlsx"))


def import_directory(
    engine: Engine,
    directory: Path,
    *,
    geocoder: Geocoder,
    progress: Callable[[str], None] | None = None,
) -> list[ImportReport]:
    """Import a folder in the contract layout and its history/ subfolder, in one transaction.

    Both parts are validated first and every issue of both is reported together; only when
    all is well is anything stored.
    """
    sources = find_sources(directory)
    if not sources:
        raise InvalidInputError(
            f"In de map {directory} staan geen students-, companies- of places-bestanden "
            "(.csv of .xlsx)."
        )
    say = progress or (lambda _message: None)
    say(f"Inlezen: {', '.join(sorted(p.name for p in sources.values()))}")
    issues: list[Issue] = []
    result: ReadResult | None = None
    try:
        result = _read_current(
            engine, geocoder=geocoder, **{k: Source.from_path(p) for k, p in sources.items()}
        )
    except InvalidInputError as error:
        issues += error.issues
    history_dir = directory / "history"
    history: tuple[History, tuple[Issue, ...]] | None = None
    if _has_history(history_dir):
        say(f"Inlezen geschiedenis: {history_dir}")
        try:
            history = read_history_dir(history_dir, geocoder=geocoder)
        except InvalidInputError as error:
            issues += error.issues
    if issues or result is None:
        raise InvalidInputError(
            f"In de bestanden staan {len(issues)} punten om aan te passen. "
            "Er is nog niets ingelezen.",
            issues=issues,
        )
    with session_scope(engine) as session:
        reports = [
            ImportReport(
                save_population(session, result.population, dataset=CURRENT),
                result.warnings,
                CURRENT,
            )
        ]
        if history is not None:
            name = history_dataset_name(history_dir)
            counts = save_history(session, history[0], dataset=name)
            reports.append(ImportReport(counts, history[1], name))
    return reports
