"""Import flow: contract files in, validated as a whole, stored all or nothing.

One function does the work (:func:`import_files`); the CLI (paths, folders) and the upload
endpoint (bytes) only gather the sources. Current files and a history set given together are
validated together, every issue of both is reported, and only when all is well is anything
stored, in one transaction.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from adapters import clock
from adapters.db import mappers
from adapters.db import round_repositories as rounds
from adapters.db.engine import session_scope
from adapters.db.models import CURRENT_DATASET
from adapters.db.profile_queries import (
    COMPANIES,
    PLACES,
    STUDENTS,
    content_hashes,
    live_ids,
    student_names,
)
from adapters.db.repositories import PopulationCounts, save_history, save_population
from adapters.flows import bpv
from adapters.geography import Geocoder
from adapters.tabular import ReadResult, Source, read_history, read_population
from adapters.tabular.readers import raise_for
from matcher.domain import History, Population
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
                history.outcomes,
                history.students,
                history.companies,
                history.places,
                geocoder=geocoder,
            )
        except InvalidInputError as error:
            issues += error.issues
    raise_for(issues)
    with session_scope(engine) as session:
        reports = []
        if result is not None:
            counts = save_population(session, result.population, dataset=CURRENT_DATASET)
            bpv.sync_erkenning(session, today=clock.today())  # erkenning withdrawn (issue 19)
            reports.append(ImportReport(counts, result.warnings, CURRENT_DATASET))
        if history is not None and read is not None:
            counts = save_history(session, read[0], dataset=history.name)
            reports.append(ImportReport(counts, read[1], history.name))
    return reports


# Rounds whose data an import may still change: not yet published (nor failed).
OPEN_STATUSES = ("draft", "queued", "running", "solved", "in_review")


@dataclass(frozen=True, slots=True)
class AffectedRound:
    """An open round whose students' data an import changes: (student id, name) each."""

    round_id: int
    name: str
    status: str
    students: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class ImportPreview:
    """What an import would change in open rounds, before anything is stored; ``digest``
    names exactly these files (a confirmation must send the same files)."""

    digest: str
    rounds: tuple[AffectedRound, ...]
    warnings: tuple[Issue, ...]

    @property
    def students(self) -> int:
        """How many different students of open rounds the import changes."""
        return len({sid for r in self.rounds for sid, _ in r.students})


def sources_digest(current: Mapping[str, Source]) -> str:
    """A hash naming exactly these files (kind, name and content)."""
    digest = hashlib.sha256()
    for kind in sorted(current):
        source = current[kind]
        for part in (kind, source.name):
            digest.update(part.encode() + b"\0")
        digest.update(hashlib.sha256(source.content).digest())
    return digest.hexdigest()


def preview_import(
    engine: Engine, *, current: Mapping[str, Source], geocoder: Geocoder
) -> ImportPreview:
    """Check the files as the import does (every issue raised, nothing stored) and name the
    open rounds and their students whose data they change."""
    if not current:
        raise InvalidInputError(
            "Er is geen bestand meegestuurd. Kies students, companies en/of places."
        )
    result = _read_current(engine, current, geocoder)
    changed = _changed_ids(engine, result.population)
    return ImportPreview(
        sources_digest(current),
        _affected_rounds(engine, changed, result.population),
        result.warnings,
    )


def _changed_ids(engine: Engine, population: Population) -> dict[str, set[str]]:
    """Ids of stored profiles whose content the population changes, per kind."""
    tables: tuple[tuple[str, Any, tuple[Any, ...]], ...] = (
        ("students", STUDENTS, population.students),
        ("companies", COMPANIES, population.companies),
        ("places", PLACES, population.places),
    )
    found: dict[str, set[str]] = {}
    with engine.connect() as conn:
        for kind, store, items in tables:
            incoming = {}
            for item in items:
                values = store.to_values(item)
                incoming[str(values[store.id_column])] = mappers.content_hash(values)
            # all rows, compared here: an IN list of a large file's ids exceeds bind limits
            found[kind] = {
                i for i, h in content_hashes(conn, store) if i in incoming and incoming[i] != h
            }
    return found


def _affected_rounds(
    engine: Engine, changed: dict[str, set[str]], population: Population
) -> tuple[AffectedRound, ...]:
    """Open rounds with a student, or a student's proposed place or company, among ``changed``;
    a draft round by the students it selects by id."""
    if not any(changed.values()):
        return ()
    from adapters.flows.rounds.selection import select_population

    changed_students = replace(
        population,
        students=tuple(st for st in population.students if st.student_id in changed["students"]),
    )

    out = []
    with session_scope(engine) as session:
        for row in rounds.list_rounds_in(session, OPEN_STATUSES):
            hit: set[str] = set()
            if row.current_run:
                assert row.id is not None
                for p in rounds.list_proposals(session, row.id, row.current_run):
                    if (
                        p.student_id in changed["students"]
                        or p.place_id in changed["places"]
                        or p.company_id in changed["companies"]
                    ):
                        hit.add(p.student_id)
            else:  # not run yet: the changed students its selection takes
                chosen = select_population(changed_students, dict(row.filters or {}))
                hit = {str(st.student_id) for st in chosen.students}
            if not hit:
                continue
            names = student_names(session.connection(), hit)
            assert row.id is not None
            students = tuple((sid, str(names.get(sid) or "")) for sid in sorted(hit))
            out.append(AffectedRound(row.id, row.name, row.status, students))
    return tuple(out)


def _read_current(engine: Engine, current: Mapping[str, Source], geocoder: Geocoder) -> ReadResult:
    """Read the current files, checking places against companies already stored too."""
    unknown = set(current) - set(KINDS)
    if unknown:
        raise InvalidInputError(f"Onbekend soort bestand: {', '.join(sorted(unknown))}.")
    with engine.connect() as conn:
        known = live_ids(conn, COMPANIES)
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
        outcomes or found["outcomes"],
        found["students"],
        found["companies"],
        found["places"],
        name or history_dataset_name(directory),
    )


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
