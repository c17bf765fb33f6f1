"""Read a round's proposals page by page, filtered and sorted for the review screen."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from adapters.db import round_repositories as repo
from adapters.db.models import CURRENT_DATASET, CompanyRow, StudentRow
from adapters.db.round_models import ProposalRow

SORTS = ("student_id", "score", "-score", "travel_minutes", "-travel_minutes")


@dataclass(frozen=True, slots=True)
class ProposalQuery:
    """Which proposals to show: filters, sort and page."""

    unplaced: bool | None = None
    priority: bool | None = None
    score_below: float | None = None
    sector: str | None = None
    niveau: int | None = None
    decision: str | None = None
    sort: str = "student_id"
    offset: int = 0
    limit: int = 50


def list_round_proposals(
    session: Session,
    round_id: int,
    query: ProposalQuery,
    *,
    student_ids: frozenset[str] | None = None,
    company_id: str | None = None,
) -> tuple[int, int, list[ProposalRow]]:
    """The run shown, the number of matching proposals and one page of them.

    ``student_ids`` and ``company_id`` keep the list to the requester's scope (None: no limit).
    """
    run = repo.get_round(session, round_id).current_run
    p, s, c = ProposalRow, StudentRow, CompanyRow
    conditions: list[ColumnElement[bool]] = [p.round_id == round_id, p.run == run]  # type: ignore[list-item]
    if query.unplaced is not None:
        conditions.append(p.place_id.is_(None) if query.unplaced else p.place_id.is_not(None))  # type: ignore[union-attr]
    if query.score_below is not None:
        conditions.append(p.score < query.score_below)  # type: ignore[arg-type,operator]
    if query.decision is not None:
        conditions.append(p.decision == query.decision)  # type: ignore[arg-type]
    if query.priority is not None:
        conditions.append(s.priority == query.priority)  # type: ignore[arg-type]
    if query.niveau is not None:
        conditions.append(s.niveau == query.niveau)  # type: ignore[arg-type]
    if query.sector is not None:
        conditions.append(c.sector == query.sector)  # type: ignore[arg-type]
    if student_ids is not None:
        conditions.append(p.student_id.in_(sorted(student_ids)))  # type: ignore[attr-defined]
    if company_id is not None:
        conditions.append(p.company_id == company_id)  # type: ignore[arg-type]
    joined = (
        select(p)
        .outerjoin(s, and_(s.dataset == CURRENT_DATASET, s.student_id == p.student_id))  # type: ignore[arg-type]
        .outerjoin(c, and_(c.dataset == CURRENT_DATASET, c.company_id == p.company_id))  # type: ignore[arg-type]
        .where(*conditions)
    )
    total = session.scalar(select(func.count()).select_from(joined.subquery())) or 0
    column = {"score": p.score, "travel_minutes": p.travel_minutes}.get(
        query.sort.lstrip("-"), p.student_id
    )
    order = (column.desc() if query.sort.startswith("-") else column.asc()).nulls_last()  # type: ignore[union-attr]
    page = joined.order_by(order, p.student_id).offset(query.offset).limit(query.limit)
    return run, int(total), list(session.scalars(page))
