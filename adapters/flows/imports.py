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
from adapters.tabular import Source, read_history_dir, read_population
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


def import_population(
    engine: Engine,
    *,
    students: Source | None = None,
    companies: Source | None = None,
    places: Source | None = None,
    geocoder: Geocoder,
) -> ImportReport:
    """Validate the given files together and store them in one transaction (all or nothing)."""
    if students is None and companies is None and places is None:
        raise InvalidInputError("Er is geen bestand gekozen om in te lezen.")
    with Session(engine) as session:
        known = _known_company_ids(session, CURRENT)
    result = read_population(
        students=students,
        companies=companies,
        places=places,
        geocoder=geocoder,
        known_company_ids=known,
    )
    with session_scope(engine) as session:
        counts = save_population(session, result.population, dataset=CURRENT)
    return ImportReport(counts=counts, warnings=result.warnings, dataset=CURRENT)


def import_history(
    engine: Engine, directory: Path, *, geocoder: Geocoder, dataset: str | None = None
) -> ImportReport:
    """Validate a history folder (profiles + outcomes.csv) and store it as its own dataset."""
    history, warnings = read_history_dir(directory, geocoder=geocoder)
    name = dataset or f"history:{directory.resolve().name}"
    with session_scope(engine) as session:
        counts = save_history(session, history, dataset=name)
    return ImportReport(counts=counts, warnings=warnings, dataset=name)


def import_directory(
    engine: Engine, directory: Path, *, geocoder: Geocoder, progress: Callable[[str], None] | None = None
) -> list[ImportReport]:
    """Import a folder in the contract layout, and its history/ subfolder when present."""
    sources = find_sources(directory)
    if not sources:
        raise InvalidInputError(
            f"In de map {directory} staan geen students-, companies- of places-bestanden "
            "(.csv of .xlsx)."
        )
    if progress:
        progress(f"Inlezen: {', '.join(sorted(p.name for p in sources.values()))}")
    reports = [
        import_population(
            engine,
            geocoder=geocoder,
            **{kind: Source.from_path(path) for kind, path in sources.items()},
        )
    ]
    history_dir = directory / "history"
    if (history_dir / "outcomes.csv").is_file() or (history_dir / "outcomes.xlsx").is_file():
        if progress:
            progress(f"Inlezen geschiedenis: {history_dir}")
        reports.append(import_history(engine, history_dir, geocoder=geocoder))
    return reports
