"""Demo data on disk: the Dutch town table in, a demo population and history set out."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from matcher.demo.history import generate_history
from matcher.demo.population import COMPANIES_PER_STUDENT, generate_population
from matcher.demo.towns import Town
from matcher.domain import OutcomeRecord
from matcher.errors import ConfigurationError

TOWNS_FILE = Path(__file__).parent / "data" / "towns_nl.csv"
HISTORY_SEED_OFFSET = 1_000_003  # the history set gets its own random stream


def load_towns(path: Path = TOWNS_FILE) -> tuple[Town, ...]:
    """Read the town table (town, province, lat, lon, population, pc4s joined with ';')."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except OSError as exc:
        raise ConfigurationError(
            f"Het bestand met plaatsen ontbreekt: {path}", path=str(path)
        ) from exc
    try:
        return tuple(
            Town(
                name=row["town"].strip(),
                province=row["province"].strip(),
                lat=float(row["lat"]),
                lon=float(row["lon"]),
                population=int(float(row["population"] or 0)),
                pc4s=tuple(p for p in (row.get("pc4s") or "").split(";") if p),
            )
            for row in rows
        )
    except (KeyError, ValueError) as exc:
        raise ConfigurationError(
            f"Het bestand met plaatsen klopt niet: {path}", path=str(path)
        ) from exc


@dataclass(frozen=True, slots=True)
class DemoSummary:
    """What ``write_demo`` wrote: counts and folders."""

    population_dir: Path
    history_dir: Path
    students: int
    companies: int
    places: int
    slots: int
    history_students: int
    history_success_rate: float


def write_demo(
    out: Path,
    *,
    n_students: int,
    seed: int,
    on: date,
    fmt: str,
    history_students: int = 2000,
    places_per_student: float = 2.5,
    companies_per_student: float = COMPANIES_PER_STUDENT,
    towns: tuple[Town, ...] | None = None,
) -> DemoSummary:
    """Write a demo population to ``out`` and an outcome history set to ``out/history``.

    With ``history_students=0`` no history set is written.
    """
    from adapters.tabular import write_history, write_population

    town_table = towns if towns is not None else load_towns()
    population = generate_population(
        n_students=n_students,
        seed=seed,
        towns=town_table,
        places_per_student=places_per_student,
        companies_per_student=companies_per_student,
        on=on,
    )
    out.mkdir(parents=True, exist_ok=True)
    write_population(out, population, fmt=fmt)
    history_dir = out / "history"
    outcomes: tuple[OutcomeRecord, ...] = ()
    if history_students > 0:
        history, _ = generate_history(
            n_students=history_students,
            seed=seed + HISTORY_SEED_OFFSET,
            towns=town_table,
            on=_year_before(on),
        )
        history_dir.mkdir(parents=True, exist_ok=True)
        write_history(history_dir, history, fmt=fmt)
        outcomes = history.outcomes
    successes = sum(o.outcome.successful for o in outcomes)
    return DemoSummary(
        population_dir=out,
        history_dir=history_dir,
        students=len(population.students),
        companies=len(population.companies),
        places=len(population.places),
        slots=sum(p.capacity for p in population.places),
        history_students=len(outcomes),
        history_success_rate=successes / max(1, len(outcomes)),
    )


def _year_before(on: date) -> date:
    """The same day one year earlier (28 February for a leap day)."""
    day = 28 if (on.month, on.day) == (2, 29) else on.day
    return on.replace(year=on.year - 1, day=day)
