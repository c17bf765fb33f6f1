"""The round page: progress, charts, the review table with filters, a panel per proposal, the
diff after a re-run, the map data and the export (review actions: pages_review_actions)."""

from __future__ import annotations

from dataclasses import replace
from html import escape
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from sqlalchemy import select
from sqlmodel import Session

from adapters.db import round_repositories as repo
from adapters.db.models import CURRENT_DATASET
from adapters.db.round_models import ProposalRow
from adapters.flows.rounds import export, lifecycle, notes
from adapters.flows.rounds.queries import ProposalQuery, decision_counts, list_round_proposals
from adapters.privacy.access import Grant
from api.deps import SessionDep
from api.web import charts
from api.web.access import PageUserDep
from api.web.moves import move_choices
from api.web.pages_bureau import BUSY
from api.web.render import page
from api.web.tables import CO, PL, PR, ST
from matcher.errors import MatcherError

router = APIRouter(tags=["webpagina's"])
PAGE_SIZE = 100
SORT_LABELS = {
    "student_id": "Studentcode",
    "-score": "Score (hoog eerst)",
    "score": "Score (laag eerst)",
    "travel_minutes": "Reistijd (kort eerst)",
}
DECISION_LABELS = {
    "open": "Nog open",
    "accepted": "Goedgekeurd",
    "rejected": "Afgewezen",
    "moved": "Verplaatst",
}
LOW_SCORE = 0.5


def _names(session: Session, rows: list[ProposalRow]) -> dict[str, dict[str, Any]]:
    sids = {r.student_id for r in rows}
    cids = {r.company_id for r in rows if r.company_id}
    students = session.execute(
        select(ST.student_id, ST.name, ST.niveau, ST.priority).where(
            ST.dataset == CURRENT_DATASET, ST.student_id.in_(sids)
        )
    ).all()
    companies = session.execute(
        select(CO.company_id, CO.name, CO.sector).where(
            CO.dataset == CURRENT_DATASET, CO.company_id.in_(cids)
        )
    ).all()
    return {
        "students": {s.student_id: s for s in students},
        "companies": {c.company_id: c for c in companies},
    }


def _query(
    unplaced: str, priority: str, low: str, sector: str, sort: str, offset: int = 0
) -> ProposalQuery:
    return ProposalQuery(
        unplaced=True if unplaced else None,
        priority=True if priority else None,
        score_below=LOW_SCORE if low else None,
        sector=sector or None,
        sort=sort if sort in SORT_LABELS else "student_id",
        offset=offset,
        limit=PAGE_SIZE,
    )


def _table(session: Session, row: Any, query: ProposalQuery) -> dict[str, Any]:
    """What the review table shows: one page of rows, their names and the paging links."""
    _, total, rows = list_round_proposals(session, row.id, query)
    offset = min(query.offset, max(0, total - 1) // PAGE_SIZE * PAGE_SIZE)
    if offset != query.offset:  # past the last page (the filters changed): show the last one
        _, total, rows = list_round_proposals(session, row.id, replace(query, offset=offset))
    return {
        "round": row,
        "total": total,
        "rows": rows,
        "names": _names(session, rows),
        "commented": notes.commented_students(session, row.id, [r.student_id for r in rows]),
        "decisions": DECISION_LABELS,
        "page_size": PAGE_SIZE,
        "first": offset + 1 if rows else 0,
        "last": offset + len(rows),
        "previous": offset - PAGE_SIZE if offset > 0 else None,
        "next": offset + PAGE_SIZE if offset + PAGE_SIZE < total else None,
    }


def _sectors(session: Session) -> list[str]:
    rows = session.execute(
        select(CO.sector).where(CO.dataset == CURRENT_DATASET).distinct()
    ).scalars()
    return sorted(s for s in rows if s)


@router.get("/bureau/rondes/{round_id}", response_class=HTMLResponse)
def round_page(
    request: Request, round_id: int, _user: PageUserDep, session: SessionDep
) -> Response:
    """Status and progress; once solved: charts, filters and the review table."""
    row = repo.get_round(session, round_id)
    context: dict[str, Any] = {
        "round": row,
        "busy": row.status in BUSY,
        "label": lifecycle.status_label(row.status),
        "on_round_page": True,
    }
    if row.current_run:
        scores = (
            session.execute(
                select(PR.score).where(
                    PR.round_id == round_id,
                    PR.run == row.current_run,
                    PR.score.is_not(None),
                )
            )
            .scalars()
            .all()
        )
        summary = row.summary or {}
        context.update(
            _table(session, row, _query("", "", "", "", "")),
            counts=decision_counts(session, round_id),
            sectors=_sectors(session),
            sorts=SORT_LABELS,
            charts=[
                charts.score_histogram(list(scores)),
                charts.placed_per_niveau(summary),
                charts.unplaced_reasons(summary),
            ],
        )
    return page(request, "round.html", **context)


@router.get("/bureau/rondes/{round_id}/voorstellen", response_class=HTMLResponse)
def proposals_table(
    request: Request,
    round_id: int,
    _user: PageUserDep,
    session: SessionDep,
    unplaced: str = "",
    priority: str = "",
    low: str = "",
    sector: str = "",
    sort: str = "",
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Response:
    """One page of the review table for these filters (an htmx fragment)."""
    row = repo.get_round(session, round_id)
    query = _query(unplaced, priority, low, sector, sort, offset)
    return page(request, "round_table.html", **_table(session, row, query))


def panel(
    request: Request,
    session: Session,
    round_id: int,
    student_id: str,
    *,
    grant: Grant,
    message: str = "",
    error: str = "",
) -> Response:
    """The panel of one proposal, optionally with a message (done) or an error (not done).

    The comment is read through ``notes.comments_for`` (scoped to the requester, and logged).
    """
    row = repo.get_round(session, round_id)
    proposal = repo.get_proposal(session, round_id, row.current_run, student_id)
    names = _names(session, [proposal])
    reviewable = row.status in repo.REVIEWABLE
    comment = notes.comments_for(session, grant, round_id, [student_id]).get(student_id, "")
    session.commit()  # the privacy log of the comment read
    return page(
        request,
        "round_panel.html",
        round=row,
        p=proposal,
        comment=comment,
        names=names,
        decisions=DECISION_LABELS,
        message=message,
        error=error,
        reviewable=reviewable,
        choices=move_choices(request, session, row, proposal) if reviewable else [],
    )


@router.get("/bureau/rondes/{round_id}/voorstellen/{student_id}", response_class=HTMLResponse)
def proposal_panel(
    request: Request, round_id: int, student_id: str, user: PageUserDep, session: SessionDep
) -> Response:
    """One proposal: the explanation, the numbers behind the score and the actions."""
    return panel(request, session, round_id, student_id, grant=user.grant)


@router.get("/bureau/rondes/{round_id}/verschil", response_class=HTMLResponse)
def diff(request: Request, round_id: int, _user: PageUserDep, session: SessionDep) -> Response:
    """What changed between the last two runs (an htmx fragment)."""
    try:
        before, after, result = export.diff_runs(session, round_id)
    except MatcherError as exc:
        return HTMLResponse(f'<p class="melding">{escape(exc.message)}</p>')
    return page(request, "round_diff.html", before=before, after=after, diff=result)


@router.get("/bureau/rondes/{round_id}/export")
def export_round(
    round_id: int, _user: PageUserDep, session: SessionDep, format: str = "csv"
) -> Response:  # noqa: A002
    """The approved matches as CSV or Excel, in the contract's proposals format."""
    file = export.export_approved(session, round_id, fmt="xlsx" if format == "xlsx" else "csv")
    return Response(
        file.content,
        media_type=file.media_type,
        headers={"Content-Disposition": f'attachment; filename="{file.filename}"'},
    )


@router.get("/bureau/rondes/{round_id}/kaartdata")
def map_data(round_id: int, _user: PageUserDep, session: SessionDep) -> JSONResponse:
    """Students, places and the proposed pairs of the current run, for the map."""
    row = repo.get_round(session, round_id)
    s, pl = ST, PL
    students = {
        r.student_id: (r.lat, r.lon)
        for r in session.execute(
            select(s.student_id, s.lat, s.lon).where(s.dataset == CURRENT_DATASET)
        )
    }
    c = CO
    sites = {
        r.company_id: (r.lat, r.lon)
        for r in session.execute(
            select(c.company_id, c.lat, c.lon).where(c.dataset == CURRENT_DATASET)
        )
    }
    places = {
        r.place_id: (r.lat, r.lon) if r.lat is not None else sites.get(r.company_id)
        for r in session.execute(
            select(pl.place_id, pl.company_id, pl.lat, pl.lon).where(pl.dataset == CURRENT_DATASET)
        )
    }
    pairs = session.execute(
        select(PR.student_id, PR.place_id).where(
            PR.round_id == round_id,
            PR.run == row.current_run,
            PR.place_id.is_not(None),
        )
    )
    return JSONResponse(
        {
            "students": [[k, *v] for k, v in students.items() if v[0] is not None],
            "places": [[k, *v] for k, v in places.items() if v is not None],
            "pairs": [
                [students[a], places[b]]
                for a, b in pairs
                if a in students and places.get(b) is not None
            ],
        }
    )
