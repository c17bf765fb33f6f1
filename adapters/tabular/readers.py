"""Public readers: contract files in, a validated Population or History out (all or nothing)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from adapters.geography import Geocoder
from adapters.tabular.locations import CachedGeocoder
from adapters.tabular.records import COMPANIES, OUTCOMES, PLACES, STUDENTS, FileResult, read_file
from adapters.tabular.sources import Source
from matcher.domain import Company, History, Place, Population, Student
from matcher.errors import InvalidInputError, Issue

POPULATION_FILES = ("students", "companies", "places")
NOTHING_TO_READ = "er staan geen gegevens in dit bestand; vul onder de kopregel minstens één rij in"


@dataclass(frozen=True, slots=True)
class ReadResult:
    """A validated population and the warnings that did not stop the import."""

    population: Population
    warnings: tuple[Issue, ...]


@dataclass
class _Read:
    students: FileResult[Student] | None
    companies: FileResult[Company] | None
    places: FileResult[Place] | None
    issues: list[Issue]
    warnings: list[Issue]

    def population(self) -> Population:
        def values(result: FileResult[Any] | None) -> tuple[Any, ...]:
            return tuple(item for _, item in result.items) if result else ()

        return Population(values(self.students), values(self.companies), values(self.places))


def read_population(
    *,
    students: Source | None = None,
    companies: Source | None = None,
    places: Source | None = None,
    geocoder: Geocoder,
    known_company_ids: frozenset[str] = frozenset(),
) -> ReadResult:
    """Read and check the given files together; raises InvalidInputError listing every issue."""
    if students is None and companies is None and places is None:
        raise InvalidInputError("Er is geen bestand gekozen om in te lezen.")
    read = _read_all(students, companies, places, CachedGeocoder(geocoder), known_company_ids)
    raise_for(read.issues)
    return ReadResult(read.population(), tuple(read.warnings))


def read_round_population(
    *, students: Source, companies: Source, places: Source, geocoder: Geocoder
) -> ReadResult:
    """As read_population, for a match round: it needs students, companies and places, so each
    file without rows is refused with the issue an import gives a file without rows (an import
    may leave out what it does not change, but not give only empty files)."""
    cached = CachedGeocoder(geocoder)
    read = _read_all(students, companies, places, cached, frozenset(), each_needs_rows=True)
    raise_for(read.issues)
    return ReadResult(read.population(), tuple(read.warnings))


def read_history(
    outcomes: Source, students: Source, companies: Source, places: Source, *, geocoder: Geocoder
) -> tuple[History, tuple[Issue, ...]]:
    """Read a history set (profiles as they were + outcomes); raises InvalidInputError."""
    cached = CachedGeocoder(geocoder)
    read = _read_all(students, companies, places, cached, frozenset(), allow_empty=True)
    result = read_file(outcomes, OUTCOMES, cached)
    read.issues += result.issues
    if not result.had_header and not result.issues:
        reason = "dit bestand is leeg; de kopregel student_id,place_id,outcome ontbreekt"
        read.issues.append(Issue(outcomes.name, None, None, reason))
    student_ids = read.students.ids if read.students else {}
    place_ids = read.places.ids if read.places else {}
    for row, record in result.items:
        if record.student_id not in student_ids:
            reason = (
                f"student '{record.student_id}' staat niet in {students.name} van deze geschiedenis"
            )
            read.issues.append(Issue(outcomes.name, row, "student_id", reason, record.student_id))
        if record.place_id not in place_ids:
            reason = f"plek '{record.place_id}' staat niet in {places.name} van deze geschiedenis"
            read.issues.append(Issue(outcomes.name, row, "place_id", reason, record.place_id))
    raise_for(read.issues)
    outcomes_read = tuple(record for _, record in result.items)
    return History(read.population(), outcomes_read), tuple(read.warnings)


def read_population_dir(directory: Path, *, geocoder: Geocoder) -> ReadResult:
    """Read students/companies/places (.csv or .xlsx) found in a folder."""
    found = {kind: path for kind in POPULATION_FILES if (path := find_file(directory, kind))}
    if not found:
        raise InvalidInputError(
            f"In de map '{directory}' staan geen bestanden students, companies of places "
            "(.csv of .xlsx)."
        )
    sources = {kind: Source.from_path(path) for kind, path in found.items()}
    return read_population(
        students=sources.get("students"),
        companies=sources.get("companies"),
        places=sources.get("places"),
        geocoder=geocoder,
    )


def read_history_dir(directory: Path, *, geocoder: Geocoder) -> tuple[History, tuple[Issue, ...]]:
    """Read a history folder: outcomes plus its own students, companies and places."""
    kinds = ("outcomes", *POPULATION_FILES)
    paths = {kind: find_file(directory, kind) for kind in kinds}
    missing = [kind for kind, path in paths.items() if path is None]
    if missing:
        reason = (
            f"dit bestand ontbreekt in de map '{directory.name}'; "
            f"een geschiedenis heeft {', '.join(kinds)} nodig"
        )
        raise_for([Issue(f"{kind}.csv", None, None, reason) for kind in missing])
    sources = {kind: Source.from_path(path) for kind, path in paths.items() if path is not None}
    return read_history(
        sources["outcomes"],
        sources["students"],
        sources["companies"],
        sources["places"],
        geocoder=geocoder,
    )


def find_file(directory: Path, kind: str) -> Path | None:
    """``<kind>.csv`` or ``<kind>.xlsx`` in a folder, CSV first."""
    for suffix in (".csv", ".xlsx"):
        path = Path(directory) / f"{kind}{suffix}"
        if path.is_file():
            return path
    return None


def raise_for(issues: Sequence[Issue]) -> None:
    """Raise one InvalidInputError carrying every issue, with a Dutch summary."""
    if not issues:
        return
    count = len(issues)
    what = "staat 1 punt" if count == 1 else f"staan {count} punten"
    message = (
        f"In de bestanden {what} om aan te passen. Er is nog niets ingelezen: "
        "pas de bestanden aan en lees ze daarna opnieuw in."
    )
    raise InvalidInputError(message, issues=issues)


def _read_all(
    students: Source | None,
    companies: Source | None,
    places: Source | None,
    geocoder: CachedGeocoder,
    known_company_ids: frozenset[str],
    *,
    allow_empty: bool = False,
    each_needs_rows: bool = False,
) -> _Read:
    s = read_file(students, STUDENTS, geocoder) if students else None
    c = read_file(companies, COMPANIES, geocoder) if companies else None
    p = read_file(places, PLACES, geocoder) if places else None
    given = [r for r in (s, c, p) if r is not None]
    read = _Read(s, c, p, [i for r in given for i in r.issues], [])
    if each_needs_rows:
        empty = [r for r in given if not r.had_rows and not r.issues]
        read.issues += [Issue(r.file, None, None, NOTHING_TO_READ) for r in empty]
    elif not allow_empty and not read.issues and not any(r.had_rows for r in given):
        read.issues += [Issue(r.file, None, None, NOTHING_TO_READ) for r in given]
    if p is not None:
        known = set(known_company_ids) | set(c.ids if c else ())
        read.issues += _unknown_companies(p, known, c.file if c else "companies")
        if s is not None:
            read.warnings += _unknown_preferences(s, p)
    return read


def _unknown_companies(places: FileResult[Place], known: set[str], companies: str) -> list[Issue]:
    issues = []
    for row, place in places.items:
        if place.company_id not in known:
            reason = (
                f"bedrijf '{place.company_id}' staat niet in {companies}; "
                "voeg het toe of kies een bestaand company_id"
            )
            issues.append(Issue(places.file, row, "company_id", reason, place.company_id))
    return issues


def _unknown_preferences(students: FileResult[Student], places: FileResult[Place]) -> list[Issue]:
    warnings = []
    for row, student in students.items:
        for place_id in student.preferences:
            if place_id not in places.ids:
                reason = (
                    f"plek '{place_id}' staat niet in {places.file}; "
                    "deze wens telt mee zodra die plek er is"
                )
                warnings.append(Issue(students.file, row, "preferences", reason, place_id))
    return warnings
