"""A published round's snapshot: what the round showed when it was published.

Proposals (scores, explanations, decisions) are frozen in ``proposal`` already; names, places,
companies and the company's needs cards come from the live profiles, which an import may
change. Publishing stores those in ``round_snapshot``; every reader of a published round takes
them from here (:func:`get`), never from the live profiles. Erasure of a student replaces their
entries with an erased marker and keeps the counts (:func:`erase_student`).

The companies are frozen as the round sees them: with praktijkopleiders, their summed hours
and best experience with extra support (``praktijkopleiders.as_round_sees``, the rule of
``live_companies``); ``supervision`` says per company where the hours came from and keeps the
company's own stored numbers.

For learning from outcomes (issue 19/20) the snapshot also freezes, per approved match, the
student's scoring profile as it was when matched (``matched``: every contract field except the
name; the match's company and place are in ``companies`` and ``places`` already), and per
student of the round their fairness groups (``groups``: niveau, age group on the BPV start,
extra support), from which the learning report's placement rate per group comes. Erasure
removes both for the student: an erased student's BPV is no longer an outcome.
"""

from __future__ import annotations

import copy
from collections import defaultdict
from datetime import date
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.orm import Session

from adapters.db import round_repositories as repo
from adapters.db.profile_queries import COMPANIES, PLACES, STUDENTS, fetch_one
from adapters.db.round_models import APPROVED_DECISIONS, RoundSnapshotRow
from adapters.db.round_snapshots import Snapshot as Snapshot
from adapters.db.round_snapshots import current_values, round_students, snapshot_rows
from adapters.db.round_snapshots import for_round as for_round
from adapters.db.round_snapshots import get as get
from adapters.flows import praktijkopleiders, student_profile
from matcher.domain import Student
from matcher.labels import labels_for
from matcher.privacy.fields import company_card, full_card
from matcher.scoring.history import student_groups

ERASED = "geanonimiseerd"  # the name erasure gives the profile (subject_rights.ANONYMOUS_NAME)


def take(session: Session, round_id: int) -> None:
    """Store what the round's current run shows now, as its published snapshot."""
    row = repo.get_round(session, round_id)
    proposals = repo.list_proposals(session, round_id, row.current_run)
    conn = session.connection()
    students = round_students(conn, round_id, row.current_run)
    companies, supervision = _as_round_sees(conn, current_values(conn, COMPANIES))
    places = current_values(conn, PLACES)
    map_places: dict[str, list[float]] = {}
    for pid, values in places.items():
        site = values if values["lat"] is not None else companies.get(values["company_id"])
        if site is not None and site["lat"] is not None:
            map_places[pid] = [site["lat"], site["lon"]]
    used_places = {p.place_id for p in proposals if p.place_id}
    used_companies = {p.company_id for p in proposals if p.company_id}
    data = {
        "students": students,
        "companies": {k: v for k, v in companies.items() if k in used_companies},
        "supervision": {k: v for k, v in supervision.items() if k in used_companies},
        "places": {k: v for k, v in places.items() if k in used_places},
        "map_places": map_places,
        "cards": _cards(session, proposals, places, companies),
        "place_names": _place_names(used_places, places, companies),
        **_profiles(session, proposals, row.bpv_start),
    }
    session.add(
        RoundSnapshotRow(round_id=round_id, run=row.current_run, taken_at=repo.utc_now(), data=data)
    )
    session.flush()


def _as_round_sees(
    conn: Connection, stored: dict[str, dict[str, Any]]
) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    """The companies' values as the round uses them, and per company where its supervision
    hours come from. With praktijkopleiders a round counts their summed hours and best
    experience (``live_companies``); the snapshot keeps those in the company's values, so every
    reader of the published round (history export, training set, cards) sees what the round
    used, and the company's own stored numbers beside them (``supervision``)."""
    domain = [COMPANIES.to_domain(SimpleNamespace(**v)) for v in stored.values()]
    values: dict[str, dict[str, Any]] = {}
    sources: dict[str, dict[str, Any]] = {}
    for seen in praktijkopleiders.as_round_sees(conn, domain):
        cid = seen.company.company_id
        values[cid] = {
            **stored[cid],
            "guidance_hours_per_week": seen.company.guidance_hours_per_week,
            "support_experience": seen.company.support_experience,
        }
        sources[cid] = {
            "source": seen.source,
            "guidance_hours_per_week": seen.company.guidance_hours_per_week,
            "support_experience": seen.company.support_experience,
            "stored_guidance_hours_per_week": seen.stored.guidance_hours_per_week,
            "stored_support_experience": seen.stored.support_experience,
        }
    return values, sources


def _place_names(
    used: set[str], places: dict[str, dict[str, Any]], companies: dict[str, dict[str, Any]]
) -> dict[str, str]:
    """The used places' names as the review page showed them ("Hotel Huisman (16 uur per
    week)"), told apart from their company's other places at the time of publishing."""
    by_company: dict[str, list[str]] = defaultdict(list)
    for pid, values in places.items():
        by_company[values["company_id"]].append(pid)
    wanted = {places[pid]["company_id"] for pid in used if pid in places} & set(companies)
    names: dict[str, str] = {}
    for company_id in sorted(wanted):
        siblings = [PLACES.to_domain(SimpleNamespace(**places[q])) for q in by_company[company_id]]
        company = COMPANIES.to_domain(SimpleNamespace(**companies[company_id]))
        labels = labels_for(siblings, company)
        names.update((pid, labels[pid]) for pid in by_company[company_id] if pid in used)
    return names


def _profiles(session: Session, proposals: list[Any], bpv_start: date) -> dict[str, Any]:
    """The scoring profiles of the approved students as they are now (``matched``, without the
    name) and every student's fairness groups (``groups``)."""
    conn = session.connection()
    matched: dict[str, dict[str, Any]] = {}
    groups: dict[str, dict[str, str]] = {}
    for p in proposals:
        student = fetch_one(conn, STUDENTS, p.student_id)
        if student is None:
            continue
        groups[p.student_id] = student_groups(student, on=bpv_start)
        if p.decision in APPROVED_DECISIONS and p.place_id and p.company_id:
            values = STUDENTS.to_values(student)
            values.pop("name", None)
            values["birth_date"] = student.birth_date.isoformat()
            matched[p.student_id] = values
    return {"matched": matched, "groups": groups}


def matched_student(data: dict[str, Any], student_id: str) -> Student | None:
    """The student as frozen when this round matched them, or None (not approved, erased, or
    published before profiles were frozen)."""
    values = data.get("matched", {}).get(student_id)
    if values is None:
        return None
    row = dict(values, name="", birth_date=date.fromisoformat(values["birth_date"]))
    return STUDENTS.to_domain(SimpleNamespace(**row))


def _cards(
    session: Session,
    proposals: list[Any],
    places: dict[str, dict[str, Any]],
    companies: dict[str, dict[str, Any]],
) -> dict[str, dict[str, Any]]:
    """The company cards of approved students: with every part (``shared``, the student's own
    words and confirmed facts as they are now) and without any (``minimal``); a reader keeps
    the parts the student shares at the time of reading (``Snapshot.card``)."""
    conn = session.connection()
    approved = []
    for p in proposals:
        if p.decision not in APPROVED_DECISIONS or not p.place_id or not p.company_id:
            continue
        student = fetch_one(conn, STUDENTS, p.student_id)
        if student is not None and p.place_id in places and p.company_id in companies:
            approved.append((p, student))
    profiled = student_profile.with_words(conn, [s for _, s in approved])  # one query
    cards: dict[str, dict[str, Any]] = {}
    for (p, _), (student, words) in zip(approved, profiled, strict=True):
        place = PLACES.to_domain(SimpleNamespace(**places[p.place_id]))
        company = COMPANIES.to_domain(SimpleNamespace(**companies[p.company_id]))
        cards[p.student_id] = {
            "shared": full_card(student, place, company, words),
            "minimal": company_card(student, place, company, ()),
        }
    return cards


def for_student(session: Session, student_id: str) -> list[dict[str, Any]]:
    """What published rounds' snapshots hold about one student (for the right of access)."""
    found = []
    for row in snapshot_rows(session):
        entry = row.data.get("students", {}).get(student_id)
        if entry is None:
            continue
        cards = row.data.get("cards", {}).get(student_id)
        found.append(
            {
                "round_id": row.round_id,
                "published": entry,
                "company_card": None if cards is None else cards["shared"],
                "profile_when_matched": row.data.get("matched", {}).get(student_id),
            }
        )
    return found


def erase_student(session: Session, student_id: str) -> int:
    """Replace a student's name, home and company card in every snapshot with the erased
    marker (niveau and priority stay, so counts stay true) and remove their frozen profile and
    groups (so their BPV no longer feeds learning); returns the snapshots changed."""
    changed = 0
    for row in snapshot_rows(session):
        data = copy.deepcopy(row.data)
        entry = data.get("students", {}).get(student_id)
        if entry is None:
            continue
        entry.update(name=ERASED, lat=None, lon=None)
        data.get("matched", {}).pop(student_id, None)
        data.get("groups", {}).pop(student_id, None)
        cards = data.get("cards", {})
        if student_id in cards:
            minimal = dict(cards[student_id]["minimal"])
            minimal["note"] = ERASED
            cards[student_id] = {"shared": minimal, "minimal": minimal}
        row.data = data
        session.add(row)
        changed += 1
    session.flush()
    return changed
