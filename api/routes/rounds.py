"""Match rounds over JSON: create, start, follow, review, re-run, diff, publish, export, audit.

Each route parses, calls one flow, commits, and only then hands the round to the runner.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Response
from sqlmodel import Session

from adapters import clock
from adapters.db import round_repositories as repo
from adapters.db.round_models import MatchRoundRow, ProposalRow
from adapters.db.round_queries import ProposalQuery
from adapters.db.types import MAX_DB_INT
from adapters.flows.reads import rounds as reads
from adapters.flows.rounds import lifecycle, notes, rematch, review
from adapters.privacy.access import Grant
from api.deps import DispatcherDep, SessionDep, SettingsDep, TravelDep
from api.schemas.rounds import (
    BulkAcceptIn,
    BulkAcceptOut,
    ChangeOut,
    CommentIn,
    DiffOut,
    EventPublic,
    LockIn,
    MoveIn,
    PlaceIn,
    ProposalPublic,
    ProposalsPage,
    RejectIn,
    RematchCreate,
    ReviewOut,
    RoundCreate,
    RoundPublic,
    SolutionPublic,
    VersionIn,
)
from api.security import ActorDep, Authorized

router = APIRouter(prefix="/rounds", tags=["rounds"])

Sort = Literal["student_id", "score", "-score", "travel_minutes", "-travel_minutes"]
Decision = Literal["open", "accepted", "rejected", "moved"]
RoundId = Annotated[int, Path(ge=1, le=MAX_DB_INT, description="Nummer van de ronde")]
StudentId = Annotated[str, Path(min_length=1, max_length=64)]
RunNumber = Annotated[int | None, Query(ge=1, le=MAX_DB_INT)]


def _public(row: MatchRoundRow, filters: dict[str, Any] | None = None) -> RoundPublic:
    """The round as JSON; ``filters`` replaces the stored selection (a scoped reader's view)."""
    derived = ("status_label", "solution", "data_changed")
    solution = lifecycle.solution_of(row.summary)
    data = {name: getattr(row, name) for name in RoundPublic.model_fields if name not in derived}
    if filters is not None:
        data["filters"] = filters
    return RoundPublic(
        **data,
        status_label=lifecycle.status_label(row.status),
        solution=None if solution is None else SolutionPublic.model_validate(solution),
    )


def _accepted(response: Response, round_id: RoundId) -> None:
    response.headers["Location"] = f"/rounds/{round_id}"


@router.post("", status_code=201, summary="Nieuwe ronde (concept)")
def create_round(
    _: Authorized, body: RoundCreate, session: SessionDep, actor: ActorDep, response: Response
) -> RoundPublic:
    """Create a draft round with its selection and policy."""
    row = lifecycle.create_round(
        session,
        name=body.name,
        filters=body.filters.model_dump(exclude_none=True),
        policy=body.policy.model_dump(exclude_none=True),
        bpv_start=body.bpv_start or clock.today(),
        actor=actor,
    )
    session.commit()
    response.headers["Location"] = f"/rounds/{row.id}"
    return _public(row)


@router.post("/rematch", status_code=202, summary="Herplaatsing starten")
def start_rematch(
    _: Authorized,
    body: RematchCreate,
    session: SessionDep,
    actor: ActorDep,
    dispatcher: DispatcherDep,
    settings: SettingsDep,
    response: Response,
) -> RoundPublic:
    """A small round for the queued students (all, or the ones named) against the places still
    free, started at once; reviewed and published like any round."""
    row = rematch.create_rematch(
        session,
        student_ids=body.student_ids,
        bpv_start=body.bpv_start or clock.today(),
        actor=actor,
        name=body.name or "",
        site_url=settings.site_url,
    )
    assert row.id is not None
    round_id = row.id
    dispatch = lifecycle.start_round(session, round_id, actor=actor)
    session.commit()
    if dispatch:
        dispatcher.submit(round_id)
    _accepted(response, round_id)
    return _public(repo.get_round(session, round_id))


@router.get("", summary="Alle rondes")
def read_rounds(grant: Authorized, session: SessionDep) -> list[RoundPublic]:
    """Every round, newest first (a selection by student names only the reader's students)."""
    return [_public(v.round, v.filters) for v in reads.visible_rounds(session, grant)]


@router.get("/{round_id}", summary="Status, fase, voortgang en samenvatting")
def read_round(grant: Authorized, round_id: RoundId, session: SessionDep) -> RoundPublic:
    """One round with its status, stage, progress and summary; ``data_changed`` says whether
    the profiles its run used changed since (then run it again)."""
    view = reads.visible_round(session, grant, round_id)
    public = _public(view.round, view.filters)
    return public.model_copy(update={"data_changed": reads.data_changed(session, view.round)})


@router.post("/{round_id}/start", status_code=202, summary="Ronde starten")
def start_round(
    _: Authorized,
    round_id: RoundId,
    session: SessionDep,
    actor: ActorDep,
    dispatcher: DispatcherDep,
    response: Response,
) -> RoundPublic:
    """Queue the round; a second start of a queued or running round changes nothing."""
    dispatch = lifecycle.start_round(session, round_id, actor=actor)
    session.commit()
    if dispatch:
        dispatcher.submit(round_id)
    _accepted(response, round_id)
    return _public(repo.get_round(session, round_id))


@router.post("/{round_id}/rerun", status_code=202, summary="Opnieuw uitvoeren")
def rerun_round(
    _: Authorized,
    round_id: RoundId,
    body: VersionIn,
    session: SessionDep,
    actor: ActorDep,
    dispatcher: DispatcherDep,
    response: Response,
) -> RoundPublic:
    """A new run that keeps locks, moves and acceptances and avoids rejected places."""
    lifecycle.rerun_round(session, round_id, version=body.version, actor=actor)
    session.commit()
    dispatcher.submit(round_id)
    _accepted(response, round_id)
    return _public(repo.get_round(session, round_id))


@router.post("/{round_id}/publish", summary="Publiceren")
def publish_round(
    _: Authorized,
    round_id: RoundId,
    body: VersionIn,
    session: SessionDep,
    actor: ActorDep,
    settings: SettingsDep,
) -> RoundPublic:
    """Publish the reviewed round (and queue the e-mails to its students and companies)."""
    row = lifecycle.publish_round(
        session, round_id, version=body.version, actor=actor, site_url=settings.site_url
    )
    session.commit()
    return _public(row)


@router.get("/{round_id}/proposals", summary="Voorstellen, gefilterd en per pagina")
def read_proposals(
    grant: Authorized,
    round_id: RoundId,
    session: SessionDep,
    unplaced: bool | None = None,
    priority: bool | None = None,
    score_below: Annotated[float | None, Query(ge=0, le=1)] = None,
    sector: Annotated[str | None, Query(max_length=100)] = None,
    niveau: Annotated[int | None, Query(ge=1, le=4)] = None,
    decision: Decision | None = None,
    sort: Sort = "student_id",
    offset: Annotated[int, Query(ge=0, le=MAX_DB_INT)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> ProposalsPage:
    """Proposals of the latest run; filters combine."""
    query = ProposalQuery(
        unplaced, priority, score_below, sector, niveau, decision, sort, offset, limit
    )
    found = reads.scoped_proposals(session, grant, round_id, query)
    comments = notes.comments_for(session, grant, round_id, [r.student_id for r in found.rows])
    session.commit()  # the students listed and the comments read are in their privacy log
    items = [_proposal(r, comments) for r in found.rows]
    if found.company_view:
        items = [_for_company(item, item.student_id in found.shared) for item in items]
    return ProposalsPage(run=found.run, total=found.total, offset=offset, limit=limit, items=items)


def _for_company(item: ProposalPublic, shared: bool) -> ProposalPublic:
    """A company sees where and that: never the score, terms or texts (they may name needs), nor
    the travel time (it is measured from the student's home), and the student's code only
    while the student shares a part of the card with it."""
    return item.model_copy(
        update={
            "student_id": item.student_id if shared else "",
            "score": None,
            "terms": {},
            "explanation": "",
            "unplaced_reason": "",
            "comment": "",
            "travel_minutes": None,
        }
    )


def _proposal(row: ProposalRow, comments: dict[str, str]) -> ProposalPublic:
    """A proposal with its comment, when the requester may read it (``notes.comments_for``)."""
    item = ProposalPublic.model_validate(row)
    return item.model_copy(update={"comment": comments.get(row.student_id, "")})


def _review_out(
    session: Session, grant: Grant, round_id: int, result: review.ReviewResult
) -> ReviewOut:
    sid = result.proposal.student_id
    comments = notes.comments_for(session, grant, round_id, [sid])
    session.commit()  # the privacy log of the comment read
    return ReviewOut(proposal=_proposal(result.proposal, comments), version=result.version)


@router.post("/{round_id}/proposals/{student_id}/accept", summary="Goedkeuren")
def accept(
    grant: Authorized,
    round_id: RoundId,
    student_id: StudentId,
    body: VersionIn,
    session: SessionDep,
    actor: ActorDep,
) -> ReviewOut:
    """Approve the proposed place."""
    result = review.accept_proposal(
        session, round_id, student_id, version=body.version, actor=actor
    )
    session.commit()
    return _review_out(session, grant, round_id, result)


@router.post("/{round_id}/proposals/{student_id}/reject", summary="Afwijzen (met reden)")
def reject(
    grant: Authorized,
    round_id: RoundId,
    student_id: StudentId,
    body: RejectIn,
    session: SessionDep,
    actor: ActorDep,
) -> ReviewOut:
    """Turn the proposal down; the place never returns for this student."""
    result = review.reject_proposal(
        session, round_id, student_id, version=body.version, reason=body.reason, actor=actor
    )
    session.commit()
    return _review_out(session, grant, round_id, result)


@router.post("/{round_id}/proposals/{student_id}/lock", summary="Vastzetten")
def lock(
    grant: Authorized,
    round_id: RoundId,
    student_id: StudentId,
    body: LockIn,
    session: SessionDep,
    actor: ActorDep,
) -> ReviewOut:
    """Keep the student at the proposed place in later runs."""
    result = review.lock_proposal(
        session, round_id, student_id, version=body.version, actor=actor, reason=body.reason
    )
    session.commit()
    return _review_out(session, grant, round_id, result)


@router.post("/{round_id}/proposals/{student_id}/move", summary="Verplaatsen")
def move(
    grant: Authorized,
    round_id: RoundId,
    student_id: StudentId,
    body: MoveIn,
    session: SessionDep,
    actor: ActorDep,
    travel: TravelDep,
    settings: SettingsDep,
) -> ReviewOut:
    """Move the student to another place, checked against the hard rules and capacities."""
    result = review.move_proposal(
        session,
        round_id,
        student_id,
        version=body.version,
        place_id=body.place_id,
        reason=body.reason,
        actor=actor,
        travel=travel,
        time_limit_s=settings.solver_time_limit_s,
    )
    session.commit()
    return _review_out(session, grant, round_id, result)


@router.post("/{round_id}/proposals/{student_id}/place", summary="Met de hand plaatsen")
def place_by_hand(
    grant: Authorized,
    round_id: RoundId,
    student_id: StudentId,
    body: PlaceIn,
    session: SessionDep,
    actor: ActorDep,
    travel: TravelDep,
    settings: SettingsDep,
) -> ReviewOut:
    """Place the student on any place with a reason; the hard rules and capacities still hold."""
    result = review.move_proposal(
        session,
        round_id,
        student_id,
        version=body.version,
        place_id=body.place_id,
        reason=body.reason,
        actor=actor,
        travel=travel,
        time_limit_s=settings.solver_time_limit_s,
        by_hand=True,
    )
    session.commit()
    return _review_out(session, grant, round_id, result)


@router.post("/{round_id}/proposals/{student_id}/undo", summary="Besluit terugdraaien")
def undo(
    grant: Authorized,
    round_id: RoundId,
    student_id: StudentId,
    body: VersionIn,
    session: SessionDep,
    actor: ActorDep,
) -> ReviewOut:
    """Take back the decision: the proposal is open again (logged as an event)."""
    result = review.undo_decision(session, round_id, student_id, version=body.version, actor=actor)
    session.commit()
    return _review_out(session, grant, round_id, result)


@router.post("/{round_id}/bulk-accept", summary="Alles vanaf een score goedkeuren")
def bulk_accept(
    _grant: Authorized, round_id: RoundId, body: BulkAcceptIn, session: SessionDep, actor: ActorDep
) -> BulkAcceptOut:
    """Approve every open proposal with at least ``min_score`` (one version check)."""
    result = review.bulk_accept(
        session,
        round_id,
        min_score=body.min_score,
        expected=body.expected,
        version=body.version,
        actor=actor,
    )
    session.commit()
    return BulkAcceptOut(student_ids=list(result.student_ids), version=result.version)


@router.post("/{round_id}/proposals/{student_id}/comment", summary="Opmerking")
def comment(
    grant: Authorized,
    round_id: RoundId,
    student_id: StudentId,
    body: CommentIn,
    session: SessionDep,
    actor: ActorDep,
) -> ReviewOut:
    """Add a note to the proposal."""
    result = review.comment_proposal(
        session, round_id, student_id, version=body.version, comment=body.comment, actor=actor
    )
    session.commit()
    return _review_out(session, grant, round_id, result)


@router.get("/{round_id}/diff", summary="Wat veranderde tussen twee runs")
def read_diff(
    grant: Authorized,
    round_id: RoundId,
    session: SessionDep,
    before: RunNumber = None,
    after: RunNumber = None,
) -> DiffOut:
    """Per student: who moved where between two runs, and why."""
    before_run, after_run, diff, scope = reads.scoped_diff(
        session, grant, round_id, before=before, after=after
    )
    session.commit()
    changes = [
        ChangeOut(
            student_id=c.student_id,
            kind=c.kind.value,
            before=c.before,
            after=c.after,
            reason=c.reason,
        )
        for c in diff.changes
        if scope.allows(c.student_id)
    ]
    return DiffOut(
        before_run=before_run,
        after_run=after_run,
        counts=diff.counts(),
        unchanged=diff.unchanged,
        placed_before=diff.placed_before,
        placed_after=diff.placed_after,
        changes=changes,
    )


@router.get("/{round_id}/export", summary="Goedgekeurde matches als CSV of XLSX")
def export_round(
    grant: Authorized,
    round_id: RoundId,
    session: SessionDep,
    format: Literal["csv", "xlsx"] = "csv",  # noqa: A002
    layout: Literal["contract", "bureau"] = "contract",
) -> Response:
    """The approved matches (accepted or moved): ``contract`` (default) in the contract's
    proposals columns plus ``decision``, ``student_name``, ``company_name`` and ``place_name``;
    ``bureau`` the Dutch file the bureau's page gives (Nederlandse kolomnamen)."""
    file = reads.approved_export(session, grant, round_id, fmt=format, layout=layout)
    session.commit()
    return Response(
        content=file.content,
        media_type=file.media_type,
        headers={"Content-Disposition": f'attachment; filename="{file.filename}"'},
    )


@router.get("/{round_id}/events", summary="Logboek van de ronde")
def read_events(grant: Authorized, round_id: RoundId, session: SessionDep) -> list[EventPublic]:
    """State changes and review actions: who, when, what, why (notes only within the requester's
    caseload, and logged: see ``adapters.flows.rounds.notes``)."""
    events = notes.round_events(session, grant, round_id)
    session.commit()
    return [EventPublic.model_validate(e) for e in events]


__all__ = ["router"]
