"""Reads that put a round's proposals beside the live profiles (names, map, export, filters).

Unscoped and unlogged: ``adapters.flows.reads.rounds`` keeps each to the requester's scope and
writes the privacy log; nothing else should show what these return.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from adapters.db.models import CURRENT_DATASET, CompanyRow, PlaceRow, StudentRow
from adapters.db.round_models import ProposalRow

_S = StudentRow.__table__.c  # type: ignore[attr-defined]
_C = CompanyRow.__table__.c  # type: ignore[attr-defined]
_P = PlaceRow.__table__.c  # type: ignore[attr-defined]
_R = ProposalRow.__table__.c  # type: ignore[attr-defined]


def name_rows(
    session: Session, student_ids: set[str], company_ids: set[str]
) -> tuple[list[Any], list[Any]]:
    """Live (student_id, name, niveau, priority) and (company_id, name, sector) rows."""
    students = session.execute(
        select(_S.student_id, _S.name, _S.niveau, _S.priority).where(
            _S.dataset == CURRENT_DATASET, _S.student_id.in_(sorted(student_ids))
        )
    ).all()
    companies = session.execute(
        select(_C.company_id, _C.name, _C.sector).where(
            _C.dataset == CURRENT_DATASET, _C.company_id.in_(sorted(company_ids))
        )
    ).all()
    return list(students), list(companies)


def run_scores(session: Session, round_id: int, run: int) -> list[float]:
    """The scores of one run's proposals (those with a place)."""
    stmt = select(_R.score).where(_R.round_id == round_id, _R.run == run, _R.score.is_not(None))
    return [float(s) for s in session.execute(stmt).scalars()]


def run_student_ids(session: Session, round_id: int, run: int) -> list[str]:
    """The students of one run."""
    stmt = select(_R.student_id).where(_R.round_id == round_id, _R.run == run)
    return [str(s) for s in session.execute(stmt).scalars()]


def run_pairs(session: Session, round_id: int, run: int) -> list[Any]:
    """(student_id, place_id, travel_minutes) of every proposal of one run."""
    stmt = select(_R.student_id, _R.place_id, _R.travel_minutes).where(
        _R.round_id == round_id, _R.run == run
    )
    return list(session.execute(stmt).all())


def student_homes(session: Session, student_ids: list[str]) -> list[Any]:
    """(student_id, lat, lon) of these live students that have a home on the map."""
    stmt = select(_S.student_id, _S.lat, _S.lon).where(
        _S.dataset == CURRENT_DATASET, _S.student_id.in_(student_ids), _S.lat.is_not(None)
    )
    return list(session.execute(stmt))


def company_sites(session: Session) -> list[Any]:
    """(company_id, lat, lon) of every live company."""
    stmt = select(_C.company_id, _C.lat, _C.lon).where(_C.dataset == CURRENT_DATASET)
    return list(session.execute(stmt))


def place_sites(session: Session) -> list[Any]:
    """(place_id, company_id, lat, lon) of every live place."""
    stmt = select(_P.place_id, _P.company_id, _P.lat, _P.lon).where(_P.dataset == CURRENT_DATASET)
    return list(session.execute(stmt))


def place_export_values(session: Session, place_ids: list[str]) -> dict[str, dict[str, Any]]:
    """Company, crebos and niveaus of these live places, by place id (an export's labels)."""
    stmt = select(_P.place_id, _P.company_id, _P.crebos, _P.niveau_min, _P.niveau_max).where(
        _P.dataset == CURRENT_DATASET, _P.place_id.in_(place_ids)
    )
    return {str(r.place_id): dict(r._mapping) for r in session.execute(stmt)}


def live_sectors(session: Session) -> list[str]:
    """The distinct sectors of the live companies (empty ones left out), sorted."""
    rows = session.execute(select(_C.sector).where(_C.dataset == CURRENT_DATASET).distinct())
    return sorted(s for s in rows.scalars() if s)


def student_name_rows(session: Session, student_ids: list[str]) -> list[Any]:
    """(student_id, name) of these live students."""
    stmt = select(_S.student_id, _S.name).where(
        _S.dataset == CURRENT_DATASET, _S.student_id.in_(student_ids)
    )
    return list(session.execute(stmt).all())


def place_company_names(session: Session, place_ids: list[str]) -> dict[str, str]:
    """Per live place: its company's name."""
    stmt = (
        select(_P.place_id, _C.name)
        .join(CompanyRow.__table__, (_C.dataset == _P.dataset) & (_C.company_id == _P.company_id))  # type: ignore[attr-defined]
        .where(_P.dataset == CURRENT_DATASET, _P.place_id.in_(place_ids))
    )
    return {str(r.place_id): str(r.name) for r in session.execute(stmt).all()}
