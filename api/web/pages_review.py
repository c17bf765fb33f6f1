"""The round page: progress, charts, the review table with filters, a panel per proposal, the
diff after a re-run, the map data and the export (review actions: pages_review_actions)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from html import escape
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from adapters.flows import track
from adapters.flows.reads import rounds as reads
from adapters.flows.reads.rounds import NoteKind, ProposalQuery
from adapters.flows.rounds import lifecycle, notes
from adapters.flows.rounds.moves import hand_places, move_choices, place_names
from adapters.privacy.access import Grant
from api.deps import SessionDep, get_engine, get_travel
from api.routes.shortlist import get_place_cache
from api.web import charts
from api.web.access import PageUserDep
from api.web.pages_bureau import BUSY
from api.web.render import page, page_then_commit
from matcher.bpv.track import detail_lines, summary_text
from matcher.errors import MatcherError, NotFoundError

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
REJECT_REASONS = (
    "Past niet bij wat de student nodig heeft",
    "Reistijd is te lang",
    "Bedrijf kan de begeleiding niet geven",
    "Student wil hier niet heen",
    "Anders",
)
REASON_LABELS = {
    NoteKind.REJECT.value: "Reden van afwijzen",
    NoteKind.MOVE.value: "Reden van verplaatsen",
    NoteKind.LOCK.value: "Reden van vastzetten",
}


def _query(
    unplaced: str,
    priority: str,
    low: str,
    sector: str,
    sort: str,
    offset: int = 0,
    search: str = "",
) -> ProposalQuery:
    return ProposalQuery(
        search=search.strip()[:100] or None,
        unplaced=True if unplaced else None,
        priority=True if priority else None,
        score_below=LOW_SCORE if low else None,
        sector=sector or None,
        sort=sort if sort in SORT_LABELS else "student_id",
        offset=offset,
        limit=PAGE_SIZE,
    )


def _table(
    request: Request, session: SessionDep, grant: Grant, round_id: int, query: ProposalQuery
) -> dict[str, Any]:
    """What the review table shows: one page of rows, their names and the paging links."""
    found = reads.review_page(session, grant, round_id, query)
    offset, total, rows = found.offset, found.total, found.rows
    return {
        "round": found.round,
        "total": total,
        "rows": rows,
        "names": found.names,
        "place_names": _place_names(request, session, round_id, rows),
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
            _table(request, session, user.grant, round_id, _query("", "", "", "", "")),
            counts=overview.counts,
            sectors=reads.sectors(session, round_id),
            sorts=SORT_LABELS,
            charts=[
                charts.score_histogram(overview.scores),
                charts.placed_per_niveau(summary),
                charts.unplaced_reasons(summary),
            ],
        )
    return page_then_commit(request, session, "round.html", **context)  # privacy log


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
    zoek: Annotated[str, Query(max_length=100)] = "",
) -> Response:
    """One page of the review table for these filters and the search (an htmx fragment)."""
    query = _query(unplaced, priority, low, sector, sort, offset, zoek)
    context = _table(request, session, user.grant, round_id, query)
    return page_then_commit(request, session, "round_table.html", **context)


def panel(
    request: Request,
    session: SessionDep,
    round_id: int,
    student_id: str,
    *,
    grant: Grant,
    message: str = "",
    error: str = "",
    conflict: bool = False,
    updates: bool = False,
) -> Response:
    """The panel of one proposal, optionally with a message (done) or an error (not done).

    The grant is the one ``page_user`` checked for this request; the comment and reasons are
    read through ``notes`` (scoped to the requester, and logged). With ``updates`` the answer
    also carries the round page's live parts out of band (``live_updates``): the row, the
    counters and the version the page sends with its next action.
    """
    row, proposal, names = reads.proposal_detail(session, grant, round_id, student_id)
    reviewable = row.status in reads.REVIEWABLE
    comment = notes.comments_for(session, grant, round_id, [student_id]).get(student_id, "")
    reasons = _reasons(session, grant, round_id, student_id, proposal.decision, proposal.locked)
    choices = (
        move_choices(
            session,
            get_engine(request),
            get_place_cache(request),
            get_travel(request),
            row,
            proposal,
        )
        if reviewable
        else []
    )
    hand = hand_places(session, student_id) if reviewable else []
    record = (
        track.track_record(session, grant, proposal.company_id) if proposal.company_id else None
    )
    named = _place_names(request, session, round_id, [proposal], also=[code for code, _ in hand])
    answer = page_then_commit(  # the privacy log of the students and the comment read
        request,
        session,
        "round_panel.html",
        round=row,
        p=proposal,
        comment=comment,
        reasons=reasons,
        names=names,
        decisions=DECISION_LABELS,
        message=_told(message, proposal, names, named),
        error=error,
        conflict=conflict,
        reviewable=reviewable,
        choices=choices,
        hand_places=hand,
        place_names=named,
        reject_reasons=REJECT_REASONS,
        track=None
        if record is None
        else {"summary": summary_text(record), "details": detail_lines(record)},
    )
    if not updates:
        return answer
    return joined(answer, live_updates(request, session, grant, round_id, [proposal]))


def _place_names(
    request: Request, session: SessionDep, round_id: int, rows: list[Any], also: Sequence[str] = ()
) -> dict[str, str]:
    """The names of the rows' places (and of ``also``), told apart from their company's other
    places; for a published round as they were when it was published."""
    frozen = reads.frozen_place_names(session, round_id)
    if frozen is not None:
        return frozen
    found = [*also, *(r.place_id for r in rows if r.place_id)]
    return place_names(get_engine(request), get_place_cache(request), found) if found else {}


def _told(message: str, proposal: Any, names: reads.Names, place_names: dict[str, str]) -> str:
    """An action's message with who and where filled in: ``{naam}`` is the student's name,
    ``{plek}`` the place the student has now (its name and code)."""
    if not message:
        return ""
    student = names.students.get(proposal.student_id)
    who = getattr(student, "name", "") or proposal.student_id
    where = "geen plek"
    if proposal.place_id:
        company = names.companies.get(proposal.company_id)
        name = place_names.get(proposal.place_id) or getattr(company, "name", "") or "de plek"
        where = f"{name}, plek {proposal.place_id}"
    return message.format(naam=who, plek=where)


def _reasons(
    session: SessionDep, grant: Grant, round_id: int, student_id: str, decision: str, locked: bool
) -> list[dict[str, str]]:
    """The reason behind the current decision (the latest reject, move or lock note)."""
    kind = {"rejected": NoteKind.REJECT, "moved": NoteKind.MOVE}.get(decision)
    if kind is None and locked:
        kind = NoteKind.LOCK
    if kind is None:
        return []
    found = notes.read_notes(session, grant, round_id, student_ids=[student_id], kinds=[kind])
    if not found:
        return []
    last = found[-1]
    return [{"label": REASON_LABELS[last.kind], "text": last.text, "actor": last.actor}]


def live_updates(
    request: Request,
    session: SessionDep,
    grant: Grant,
    round_id: int,
    rows: list[Any],
    *,
    reset_panel: bool = False,
) -> Response:
    """The round page's parts that follow every action, as out-of-band swaps: the hidden
    version input (publish, re-run and every action send it), the version line, the counters
    and the changed rows of the table."""
    overview = reads.round_overview(session, grant, round_id)
    names = reads.row_names(session, grant, rows) if rows else reads.Names()
    commented = notes.commented_students(session, round_id, [r.student_id for r in rows])
    return page_then_commit(
        request,
        session,
        "round_updates.html",
        round=overview.round,
        counts=overview.counts,
        decisions=DECISION_LABELS,
        changed_rows=rows,
        names=names,
        place_names=_place_names(request, session, round_id, rows),
        commented=commented,
        reset_panel=reset_panel,
    )


def joined(*parts: Response) -> HTMLResponse:
    """One HTML answer of several rendered parts (the first one's status code)."""
    body = b"".join(bytes(p.body) for p in parts)
    return HTMLResponse(body, status_code=parts[0].status_code)


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
    names = reads.student_names(session, user.grant, [c.student_id for c in shown.changes])
    places = reads.place_labels(
        session, [p for c in shown.changes for p in (c.before, c.after) if p]
    )
    return page_then_commit(
        request,
        session,
        "round_diff.html",
        before=before,
        after=after,
        diff=shown,
        names=names,
        places=places,
    )


@router.get("/bureau/rondes/{round_id}/afdrukken", response_class=HTMLResponse)
def print_view(request: Request, round_id: int, user: PageUserDep, session: SessionDep) -> Response:
    """Every proposal of the round, per student and per company, to print (no menus or forms)."""
    found = reads.print_view(session, user.grant, round_id)
    session.commit()
    by_company: dict[str, list[Any]] = {}
    for p in found.rows:
        if p.company_id:
            by_company.setdefault(p.company_id, []).append(p)
    companies = sorted(
        by_company.items(),
        key=lambda item: (getattr(found.names.companies.get(item[0]), "name", item[0]), item[0]),
    )
    return page(
        request,
        "round_print.html",
        round=found.round,
        rows=found.rows,
        names=found.names,
        companies=companies,
        decisions=DECISION_LABELS,
    )


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


TEMPLATE_FILES = {"students": "students.csv", "companies": "companies.csv", "places": "places.csv"}


@router.get("/bureau/inlezen/voorbeeld/{kind}")
def import_template(kind: str, _user: PageUserDep) -> Response:
    """An empty CSV with the contract's headers (and the optional extensions), to fill in."""
    from adapters.tabular.schema import COMPANY_COLUMNS, PLACE_COLUMNS, STUDENT_COLUMNS

    columns = {"students": STUDENT_COLUMNS, "companies": COMPANY_COLUMNS, "places": PLACE_COLUMNS}
    if kind not in columns:
        raise NotFoundError("Kies het voorbeeld voor studenten, bedrijven of plekken.")
    header = ",".join(c.name for c in columns[kind]) + "\r\n"
    return Response(
        header.encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{TEMPLATE_FILES[kind]}"'},
    )
