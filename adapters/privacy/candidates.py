"""The company view: for each student approved for a company, the card with the shared parts.

A company only sees students whose place a reviewer approved in a published round
(``access.company_proposals``); the card is the one stored when the round was published (its
snapshot), so a later import does not change what the company sees, but the parts shown are the
ones the student shares with that company at the time of the request (strengths, working
times, needs): a revocation works on the next request. Without any part the card has no name;
refusing consent never removes the proposal itself. Every card with a shared part that a
company sees is logged as a share with the parts and the round as motivation; staff who look at
the same view are logged as a read.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session

from adapters.db.profile_queries import COMPANIES, PLACES, STUDENTS
from adapters.flows import company_support, profiles, student_profile
from adapters.flows.rounds import snapshot
from adapters.flows.rounds.snapshot import Snapshot
from adapters.privacy import consent
from adapters.privacy.access import Grant, audit_reads, company_proposals
from adapters.privacy.audit import record
from matcher.domain import Place
from matcher.privacy.consent import PART_ORDER, ConsentPart
from matcher.privacy.fields import PART_KEYS, company_card
from matcher.privacy.vocabulary import Action, Category, Role

SHARED_FIELDS = ("name", "strengths", "conditions", "needs", "arrange")  # with every part


def company_candidates(
    session: Session, engine: Engine, company_id: str, grant: Grant
) -> list[dict[str, Any]]:
    """One card per proposed student; needs only with current consent for this company."""
    company = profiles.get_profile(engine, COMPANIES, company_id)
    places: dict[str, Place] = {}
    cards = []
    shown: list[str] = []
    fields_read: set[str] = set()
    frozen: dict[int, Snapshot | None] = {}
    published_labels: dict[int, dict[str, str]] = {}
    proposals = company_proposals(session, company_id)
    shares = consent.company_parts(session, company_id, [sid for sid, _, _ in proposals])
    panels = company_support.Panels(session, company_id)  # this page's rounds and BPVs
    for student_id, place_id, round_id in proposals:
        parts = shares.get(student_id, frozenset())  # now, not at publishing
        if round_id not in frozen:
            frozen[round_id] = snapshot.get(session, round_id)
        published = frozen[round_id]
        card = None if published is None else published.card(student_id, parts=parts)
        if card is not None and published is not None:  # the place's name as published
            if round_id not in published_labels:
                published_labels[round_id] = published.place_labels(company_id)
            card["place_label"] = published_labels[round_id].get(place_id, "")
        if card is None:  # published before snapshots existed: the live profiles
            if place_id not in places:
                places[place_id] = profiles.get_profile(engine, PLACES, place_id)
            student = profiles.get_profile(engine, STUDENTS, student_id)
            [(student, words)] = student_profile.with_words(session.connection(), [student])
            card = company_card(student, places[place_id], company, parts, words=words)
        card["round_id"] = round_id
        card["support"] = panels.blocks(
            published, student_id=student_id, round_id=round_id,
            consented=ConsentPart.NEEDS in parts,
        )  # fmt: skip
        cards.append(card)
        if parts:
            shown.append(student_id)
            fields_read |= set(shared_fields(parts))
            _log_share(session, grant, student_id, company_id, round_id, parts)
    if grant.decision.role is not Role.COMPANY:
        audit_reads(session, grant, shown, sorted(fields_read))
    return cards


def shared_fields(parts: frozenset[ConsentPart]) -> tuple[str, ...]:
    """The card's fields that these parts share (the name comes with any part)."""
    return ("name", *(k for p in PART_ORDER if p in parts for k in PART_KEYS[p]))


def _log_share(
    session: Session,
    grant: Grant,
    student_id: str,
    company_id: str,
    round_id: int,
    parts: frozenset[ConsentPart],
) -> None:
    """A company saw parts of a student's card: log the share with the fields and parts, and
    the round as reason (functional needs only when the working times or needs were shared)."""
    if grant.decision.role is not Role.COMPANY:
        return
    categories = [Category.IDENTITY]
    if ConsentPart.STRENGTHS in parts:
        categories.append(Category.PROFILE)
    if parts & {ConsentPart.CONDITIONS, ConsentPart.NEEDS}:
        categories.append(Category.FUNCTIONAL_NEEDS)
    record(
        session,
        actor=grant.actor,
        action=Action.SHARE,
        role=grant.decision.role,
        purpose=grant.decision.purpose,
        student_id=student_id,
        categories=categories,
        fields=(*shared_fields(parts), *(f"deel:{p.value}" for p in PART_ORDER if p in parts)),
        recipient=company_id,
        motivation=f"voorstel ronde {round_id}, delen: "
        + ", ".join(p.value for p in PART_ORDER if p in parts),
    )
