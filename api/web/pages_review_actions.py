"""The review actions on one proposal: accept, reject, lock, move and comment (each answers with the
updated panel, or the panel with a Dutch message when the action cannot be done)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session

from adapters.flows.rounds import review
from api.deps import SessionDep, SettingsDep, TravelDep
from api.web.access import PageUserDep, actor_label
from api.web.pages_review import panel
from matcher.errors import MatcherError

router = APIRouter(tags=["webpagina's"])


def _act(
    request: Request, session: Session, round_id: int, student_id: str, action: Any, done: str
) -> Response:
    grant = request.state.page_user.grant
    try:
        action()
    except MatcherError as exc:
        session.rollback()
        return panel(request, session, round_id, student_id, grant=grant, error=exc.message)
    session.commit()
    return panel(request, session, round_id, student_id, grant=grant, message=done)


Version = Annotated[int, Form()]
Reason = Annotated[str, Form(max_length=500)]


@router.post(
    "/bureau/rondes/{round_id}/voorstellen/{student_id}/goedkeuren", response_class=HTMLResponse
)
def accept(
    request: Request,
    round_id: int,
    student_id: str,
    user: PageUserDep,
    session: SessionDep,
    version: Version,
) -> Response:
    """Approve the proposed place."""
    return _act(
        request,
        session,
        round_id,
        student_id,
        lambda: review.accept_proposal(
            session, round_id, student_id, version=version, actor=actor_label(user)
        ),
        "Goedgekeurd.",
    )


@router.post(
    "/bureau/rondes/{round_id}/voorstellen/{student_id}/afwijzen", response_class=HTMLResponse
)
def reject(
    request: Request,
    round_id: int,
    student_id: str,
    user: PageUserDep,
    session: SessionDep,
    version: Version,
    reason: Reason = "",
) -> Response:
    """Turn the proposal down (this place does not come back for this student)."""
    return _act(
        request,
        session,
        round_id,
        student_id,
        lambda: review.reject_proposal(
            session,
            round_id,
            student_id,
            version=version,
            reason=reason or "afgewezen",
            actor=actor_label(user),
        ),
        "Afgewezen. Bij opnieuw uitvoeren zoeken we een andere plek.",
    )


@router.post(
    "/bureau/rondes/{round_id}/voorstellen/{student_id}/vastzetten", response_class=HTMLResponse
)
def lock(
    request: Request,
    round_id: int,
    student_id: str,
    user: PageUserDep,
    session: SessionDep,
    version: Version,
    reason: Reason = "",
) -> Response:
    """Keep the student at this place in later runs."""
    return _act(
        request,
        session,
        round_id,
        student_id,
        lambda: review.lock_proposal(
            session, round_id, student_id, version=version, actor=actor_label(user), reason=reason
        ),
        "Vastgezet. Deze plek blijft bij opnieuw uitvoeren.",
    )


@router.post(
    "/bureau/rondes/{round_id}/voorstellen/{student_id}/verplaatsen", response_class=HTMLResponse
)
def move(
    request: Request,
    round_id: int,
    student_id: str,
    user: PageUserDep,
    session: SessionDep,
    travel: TravelDep,
    settings: SettingsDep,
    version: Version,
    place_id: Annotated[str, Form(min_length=1)],
    reason: Reason = "",
) -> Response:
    """Move the student to another place (checked against the hard rules and capacity)."""
    return _act(
        request,
        session,
        round_id,
        student_id,
        lambda: review.move_proposal(
            session,
            round_id,
            student_id,
            version=version,
            place_id=place_id.strip(),
            reason=reason or "verplaatst",
            actor=actor_label(user),
            travel=travel,
            time_limit_s=settings.solver_time_limit_s,
        ),
        "Verplaatst.",
    )


@router.post(
    "/bureau/rondes/{round_id}/voorstellen/{student_id}/opmerking", response_class=HTMLResponse
)
def comment(
    request: Request,
    round_id: int,
    student_id: str,
    user: PageUserDep,
    session: SessionDep,
    version: Version,
    comment: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    """Keep a note with the proposal for colleagues (it stays in later runs)."""
    if not comment.strip():
        message = "Schrijf eerst een opmerking."
        return panel(request, session, round_id, student_id, grant=user.grant, error=message)
    return _act(
        request,
        session,
        round_id,
        student_id,
        lambda: review.comment_proposal(
            session,
            round_id,
            student_id,
            version=version,
            comment=comment.strip(),
            actor=actor_label(user),
        ),
        "Opmerking bewaard.",
    )
