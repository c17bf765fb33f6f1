"""The round page: progress, charts, the review table with filters, a panel per proposal, the
diff after a re-run, the map data and the export (review actions: pages_review_actions)."""

from __future__ import annotations

from dataclasses import replace
from html import escape
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from sqlmodel import Session

from adapters.db import round_repositories as repo
from adapters.flows.reads import rounds as reads
from adapters.flows.rounds import lifecycle, notes
from adapters.flows.rounds.moves import move_choices
from adapters.flows.rounds.queries import ProposalQuery
from adapters.privacy.access import Grant
from api.deps import SessionDep, get_engine, get_travel
from api.routes.shortlist import get_place_cache
from api.web import charts
from api.web.access import PageUserDep
from api.web.pages_bureau import BUSY
from api.web.render import page
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


def _table(session: Session, grant: Grant, round_id: int, query: ProposalQuery) -> dict[str, Any]:
    """What the review table shows: one page of rows, their names and the paging links."""
    found = reads.review_page(session, grant, round_id, query)
    offset, total, rows = found.offset, found.total, found.rows
    return {
        "round": found.round,
        "total": total,
        "rows": rows,
        "names": found.names,
        "commented": notes.commented_students(session, round_id, [r.student_id for r in rows]),
        "decisions": DECISION_LABELS,
        "page_size": PAGE_SIZE,
        "first": offset + 1 if rows else 0,
        "last": offset + len(rows),
        "previous": offset - PAGE_SIZE if offset > 0 else None,
        "next": offset + PAGE_SIZE if offset + PAGE_SIZE < total else None,
    }


@router.get("/bureau/rondes/{round_id}", response_class=HTMLResponse)
def round_page(request: Request, round_id: int, user: PageUserDep, session: SessionDep) -> Response:
    """Status and progress; once solved: charts, filters and the review table."""
    overview = reads.round_overview(session, user.grant, round_id)
    row = overview.round
    context: dict[str, Any] = {
        "round": row,
        "busy": row.status in BUSY,
        "label": lifecycle.status_label(row.status),
        "on_round_page": True,
        "data_changed": overview.data_changed,
    }
    if row.current_run:
        summary = overview.summary
        context.update(
            _table(session, user.grant, round_id, _query("", "", "", "", "")),
            counts=overview.counts,
            sectors=reads.sectors(session, round_id),
            sorts=SORT_LABELS,
            charts=[
                charts.score_histogram(overview.scores),
                charts.placed_per_niveau(summary),
                charts.unplaced_reasons(summary),
            ],
        )
    session.commit()  # the students shown are in their privacy log
    return page(request, "round.html", **context)


@router.get("/bureau/rondes/{round_id}/voorstellen", response_class=HTMLResponse)
def proposals_table(
    request: Request,
    round_id: int,
    user: PageUserDep,
    session: SessionDep,
    unplaced: str = "",
    priority: str = "",
    low: str = "",
    sector: str = "",
    sort: str = "",
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Response:
    """One page of the review table for these filters (an htmx fragment)."""
    query = _query(unplaced, priority, low, sector, sort, offset)
    context = _table(session, user.grant, round_id, query)
    session.commit()
    return page(request, "round_table.html", **context)


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

    The grant is the one ``page_user`` checked for this request; the comment is read through
    ``notes.comments_for`` (scoped to the requester, and logged).
    """
    row, proposal, names = reads.proposal_detail(session, grant, round_id, student_id)
    reviewable = row.status in repo.REVIEWABLE
    comment = notes.comments_for(session, grant, round_id, [student_id]).get(student_id, "")
    choices = (
        move_choices(
            session,
            get_engine(request),
            get_place_cache(request),
            get_travel(request),
            row,
            proposal,
        )  # fmt: skip
        if reviewable
        else []
    )
    session.commit()  # the privacy log of the students and the comment read
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
        choices=choices,
    )


@router.get("/bureau/rondes/{round_id}/voorstellen/{student_id}", response_class=HTMLResponse)
def proposal_panel(
    request: Request, round_id: int, student_id: str, user: PageUserDep, session: SessionDep
) -> Response:
    """One proposal: the explanation, the numbers behind the score and the actions."""
    return panel(request, session, round_id, student_id, grant=user.grant)


@router.get("/bureau/rondes/{round_id}/verschil", response_class=HTMLResponse)
def diff(request: Request, round_id: int, user: PageUserDep, session: SessionDep) -> Response:
    """What changed between the last two runs (an htmx fragment), kept to the reader's scope."""
    try:
        before, after, result, scope = reads.scoped_diff(session, user.grant, round_id)
    except MatcherError as exc:
        return HTMLResponse(f'<p class="melding">{escape(exc.message)}</p>')
    session.commit()
    shown = replace(result, changes=tuple(c for c in result.changes if scope.allows(c.student_id)))
    return page(request, "round_diff.html", before=before, after=after, diff=shown)


@router.get("/bureau/rondes/{round_id}/export")
def export_round(
    round_id: int, user: PageUserDep, session: SessionDep, format: str = "csv"
) -> Response:  # noqa: A002
    """The approved matches as CSV or Excel for people: Dutch headers, names beside codes and
    the reviewer's decision (the API's ``/rounds/{id}/export`` gives the contract format)."""
    fmt = "xlsx" if format == "xlsx" else "csv"
    file = reads.approved_export(session, user.grant, round_id, fmt=fmt)
    session.commit()
    return Response(
        file.content,
        media_type=file.media_type,
        headers={"Content-Disposition": f'attachment; filename="{file.filename}"'},
    )


@router.get("/bureau/rondes/{round_id}/kaartdata")
def map_data(round_id: int, user: PageUserDep, session: SessionDep) -> JSONResponse:
    """Students (to about 1 km), places and the proposed pairs of the current run, for the map."""
    points = reads.map_points(session, user.grant, round_id)
    session.commit()
    return JSONResponse(points)
