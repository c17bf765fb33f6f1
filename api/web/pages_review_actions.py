"""The review actions: accept, reject, lock, move, place by hand, undo and comment on one
proposal, and bulk accept. Each answers with the updated panel and, out of band, the round
page's row, counters and version (or the panel with a Dutch message when the action cannot
be done; a version conflict offers to reload the round)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from adapters.flows.rounds import review
from adapters.settings import Settings
from api.deps import SessionDep, SettingsDep, TravelDep
from api.web.access import PageUser, PageUserDep, actor_label
from api.web.pages_review import REJECT_REASONS, joined, live_updates, panel
from api.web.render import page
from matcher import TravelTimeProvider
from matcher.errors import ConflictError, InvalidInputError, MatcherError

router = APIRouter(tags=["webpagina's"])


def _act(
    request: Request, session: SessionDep, round_id: int, student_id: str, action: Any, done: str
) -> Response:
    grant = request.state.page_user.grant
    try:
        action()
    except MatcherError as exc:
        session.rollback()
        return panel(
            request,
            session,
            round_id,
            student_id,
            grant=grant,
            error=exc.message,
            conflict=isinstance(exc, ConflictError),
            updates=True,
        )
    session.commit()
    # done: the message, with {naam} and {plek} filled in from the proposal after the action
    return panel(request, session, round_id, student_id, grant=grant, message=done, updates=True)


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
        "Goedgekeurd. {naam} gaat naar {plek}.",
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
    reason_choice: Reason = "",
) -> Response:
    """Turn the proposal down with a reason from the list (and a note; required with
    "Anders"); this place does not come back for this student."""
    choice, note = reason_choice.strip(), reason.strip()
    if choice not in REJECT_REASONS or (choice == "Anders" and not note):
        error = (
            "Schrijf bij 'Anders' op waarom je afwijst."
            if choice == "Anders"
            else "Kies een reden van afwijzen."
        )
        return panel(request, session, round_id, student_id, grant=user.grant, error=error)
    full = note if choice == "Anders" else (f"{choice}: {note}" if note else choice)
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
            reason=full,
            actor=actor_label(user),
        ),
        "Afgewezen. {naam} gaat niet naar {plek}. Bij opnieuw uitvoeren zoeken we een andere plek.",
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
        "Vastgezet. {naam} houdt {plek}, ook bij opnieuw uitvoeren.",
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
    place_id: Annotated[str, Form(max_length=64)] = "",
    reason: Reason = "",
) -> Response:
    """Move the student to another place (checked against the hard rules and capacity)."""
    choice = _Move(place_id.strip(), reason or "verplaatst", by_hand=False)
    return _move(request, session, round_id, student_id, user, travel, settings, version, choice)


@dataclass(frozen=True, slots=True)
class _Move:
    place_id: str
    reason: str
    by_hand: bool


def _move(
    request: Request,
    session: SessionDep,
    round_id: int,
    student_id: str,
    user: PageUser,
    travel: TravelTimeProvider,
    settings: Settings,
    version: int,
    choice: _Move,
) -> Response:
    """A move from the list of choices, or a place chosen by hand (its reason required)."""
    if not choice.place_id:
        message = (
            "Vul de code van de plek in."
            if choice.by_hand
            else "Kies eerst een plek om de student naartoe te verplaatsen."
        )
        return panel(request, session, round_id, student_id, grant=user.grant, error=message)
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
            place_id=choice.place_id,
            reason=choice.reason,
            actor=actor_label(user),
            travel=travel,
            time_limit_s=settings.solver_time_limit_s,
            by_hand=choice.by_hand,
        ),
        "Met de hand geplaatst. {naam} gaat naar {plek}."
        if choice.by_hand
        else "Verplaatst. {naam} gaat nu naar {plek}.",
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
        "Opmerking bewaard. Je collega's lezen hem bij het voorstel van {naam}.",
    )


@router.post(
    "/bureau/rondes/{round_id}/voorstellen/{student_id}/plaatsen", response_class=HTMLResponse
)
def place_by_hand(
    request: Request,
    round_id: int,
    student_id: str,
    user: PageUserDep,
    session: SessionDep,
    travel: TravelDep,
    settings: SettingsDep,
    version: Version,
    place_id: Annotated[str, Form(max_length=64)] = "",
    reason: Reason = "",
) -> Response:
    """Place the student by hand on a place outside the proposals, with a required reason."""
    choice = _Move(place_id.strip(), reason.strip(), by_hand=True)
    return _move(request, session, round_id, student_id, user, travel, settings, version, choice)


@router.post(
    "/bureau/rondes/{round_id}/voorstellen/{student_id}/terugdraaien", response_class=HTMLResponse
)
def undo(
    request: Request,
    round_id: int,
    student_id: str,
    user: PageUserDep,
    session: SessionDep,
    version: Version,
) -> Response:
    """Take back the decision: the proposal is open again (logged)."""
    return _act(
        request,
        session,
        round_id,
        student_id,
        lambda: review.undo_decision(
            session, round_id, student_id, version=version, actor=actor_label(user)
        ),
        "Teruggedraaid. Het voorstel voor {naam} staat weer open.",
    )


MinScore = Annotated[int, Form(ge=0, le=100)]


@router.post("/bureau/rondes/{round_id}/alles-goedkeuren/controleren", response_class=HTMLResponse)
def bulk_check(
    request: Request, round_id: int, _user: PageUserDep, session: SessionDep, min_score: MinScore
) -> Response:
    """The confirmation step: how many open proposals have at least this score."""
    count = review.count_open_at_least(session, round_id, min_score / 100)
    return page(
        request,
        "round_bulk.html",
        round_id=round_id,
        min_score=min_score,
        count=count,
        message="",
        error="",
    )


@router.post("/bureau/rondes/{round_id}/alles-goedkeuren", response_class=HTMLResponse)
def bulk_accept(
    request: Request,
    round_id: int,
    user: PageUserDep,
    session: SessionDep,
    version: Version,
    min_score: MinScore,
    expected: Annotated[int, Form(ge=0)],
) -> Response:
    """Approve every open proposal with at least this score (the count confirmed before)."""
    try:
        result = review.bulk_accept(
            session,
            round_id,
            min_score=min_score / 100,
            expected=expected,
            version=version,
            actor=actor_label(user),
        )
    except (ConflictError, InvalidInputError) as exc:
        session.rollback()
        answer = page(
            request,
            "round_bulk.html",
            round_id=round_id,
            min_score=min_score,
            count=None,
            message="",
            error=exc.message,
            conflict=isinstance(exc, ConflictError),
        )
        return joined(answer, live_updates(request, session, user.grant, round_id, []))
    session.commit()
    done = page(
        request,
        "round_bulk.html",
        round_id=round_id,
        min_score=min_score,
        count=None,
        message=f"{len(result.student_ids)} voorstellen goedgekeurd.",
        error="",
    )
    answer = joined(done, live_updates(request, session, user.grant, round_id, []))
    answer.headers["HX-Trigger"] = "tabel-vernieuwen"
    return answer
