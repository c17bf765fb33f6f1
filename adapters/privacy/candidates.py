"""The company view: for each student approved for a company, the needs-only card (with consent).

A company only sees students whose place a reviewer approved in a published round
(``access.company_proposals``); the card is the one stored when the round was published (its
snapshot), so a later import does not change what the company sees. Without the student's
consent for that company the card has no name and no needs; refusing consent never removes the
proposal itself. Every card with needs that a company sees is logged as a share with the round
as motivation; staff who look at the same view are logged as a read.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session

from adapters.db.profile_queries import COMPANIES, PLACES, STUDENTS
from adapters.flows import company_support, profiles
from adapters.flows.rounds import snapshot
from adapters.flows.rounds.snapshot import Snapshot
from adapters.privacy import consent
from adapters.privacy.access import Grant, audit_reads, company_proposals
from adapters.privacy.audit import record
from matcher.domain import Place
from matcher.labels import labels_for
from matcher.privacy.fields import company_card
from matcher.privacy.vocabulary import Action, Category, Purpose, Role

SHARED_FIELDS = ("name", "needs", "arrange")


def company_candidates(
    session: Session, engine: Engine, company_id: str, grant: Grant
) -> list[dict[str, Any]]:
    """One card per proposed student; needs only with current consent for this company."""
    company = profiles.get_profile(engine, COMPANIES, company_id)
    places: dict[str, Place] = {}
    cards = []
    shown: list[str] = []
    frozen: dict[int, Snapshot | None] = {}
    published_labels: dict[int, dict[str, str]] = {}
    for student_id, place_id, round_id in company_proposals(session, company_id):
        consented = consent.current(session, student_id, Purpose.MATCHING, company_id)
        if round_id not in frozen:
            frozen[round_id] = snapshot.get(session, round_id)
        published = frozen[round_id]
        card = None if published is None else published.card(student_id, consented=consented)
        if card is not None and published is not None:  # the place's name as published
            if round_id not in published_labels:
                published_labels[round_id] = _published_labels(published, company_id)
            card["place_label"] = published_labels[round_id].get(place_id, "")
        if card is None:  # published before snapshots existed: the live profiles
            if place_id not in places:
                places[place_id] = profiles.get_profile(engine, PLACES, place_id)
            student = profiles.get_profile(engine, STUDENTS, student_id)
            card = company_card(student, places[place_id], company, consented=consented)
        card["round_id"] = round_id
        card["support"] = company_support.blocks_for(
            session, published, student_id=student_id, company_id=company_id,
            round_id=round_id, consented=consented,
        )  # fmt: skip
        cards.append(card)
        if consented:
            shown.append(student_id)
            _log_share(session, grant, student_id, company_id, round_id)
    if grant.decision.role is not Role.COMPANY:
        audit_reads(session, grant, shown, SHARED_FIELDS)
    return cards


def _published_labels(published: Snapshot, company_id: str) -> dict[str, str]:
    """The names of the company's places as the round published them (the company's name then,
    each told apart from its other places), so a later import does not rename the round's
    cards. Computed once per round: the snapshot holds every place of the round."""
    company = published.company_profile(company_id)
    if company is None:
        return {}
    own = [
        p
        for pid in published.data.get("places", {})
        if (p := published.place_profile(pid)) is not None and p.company_id == company_id
    ]
    return labels_for(own, company)


def _log_share(
    session: Session, grant: Grant, student_id: str, company_id: str, round_id: int
) -> None:
    """A company saw a student's needs: log it as a share with the round as reason."""
    if grant.decision.role is not Role.COMPANY:
        return
    record(
        session,
        actor=grant.actor,
        action=Action.SHARE,
        role=grant.decision.role,
        purpose=grant.decision.purpose,
        student_id=student_id,
        categories=(Category.FUNCTIONAL_NEEDS,),
        fields=SHARED_FIELDS,
        recipient=company_id,
        motivation=f"voorstel ronde {round_id}",
    )
