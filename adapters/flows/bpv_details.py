"""What a student and a company see of their BPV: the place, the days and hours, the planned
start, the next evaluation and whom to ask.

The student sees their own BPVs (``list_bpvs`` decides per record); for each the company and
place as the round published them, the planned start of the round, and the contacts: the
praktijkopleiders of the company (the people it named on its page, with name, e-mail and phone
only, never their hours or experience; without them its company accounts) and the student's
jobcoach or BPV-begeleider. The company sees the BPVs at its own places; the student's name
only with the student's consent for this company (as on the company card), and as contact the
student's jobcoach or begeleider. The student reads the place's plain name (never a crebo code,
told apart from the company's other places of the round) and the days in full ("maandag tot en
met vrijdag"); the company reads the name the round published. Contacts are names and work
e-mail addresses (and a named praktijkopleider's phone), nothing about the student. The place
has no street address in the exchange format, so the town nearest to it is shown and the
contact gives the address.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache

import numpy as np
from sqlmodel import Session

from adapters.db import account_queries as accounts
from adapters.db import round_repositories as rounds
from adapters.demo_data import load_towns
from adapters.flows import bpv as flow
from adapters.flows import praktijkopleiders
from adapters.flows.rounds import snapshot
from adapters.privacy import consent
from adapters.privacy.access import Grant
from matcher.bpv.lifecycle import date_text
from matcher.demo.towns import Town
from matcher.geo import haversine_km
from matcher.labels import days_text
from matcher.nl import number
from matcher.privacy.vocabulary import Purpose, Role

UNSHARED_NAME = "Student (naam nog niet gedeeld)"


@dataclass(frozen=True, slots=True)
class Contact:
    """Someone to ask about the BPV: name, what they do, work e-mail and phone."""

    name: str
    role: str
    email: str
    phone: str = ""


@dataclass(frozen=True, slots=True)
class BpvDetail:
    """One BPV with what its student or company needs to know, in Dutch."""

    bpv: flow.BpvView
    student_name: str
    company_name: str
    place_label: str
    town: str
    days: str
    hours: str
    planned_start: str
    contacts: tuple[Contact, ...]


@cache
def _towns() -> tuple[Town, ...]:
    return load_towns()


def nearest_town(lat: float | None, lon: float | None) -> str:
    """The name of the town nearest to a point ("" without a point)."""
    if lat is None or lon is None:
        return ""
    towns = _towns()
    lats = np.fromiter((t.lat for t in towns), dtype=np.float64, count=len(towns))
    lons = np.fromiter((t.lon for t in towns), dtype=np.float64, count=len(towns))
    return towns[int(np.argmin(haversine_km(lat, lon, lats, lons)))].name


def _hours(low: float, high: float) -> str:
    if low == high:
        return f"{number(low)} uur per week"
    return f"{number(low)} tot {number(high)} uur per week"


def _contacts(session: Session, view: flow.BpvView, *, for_company: bool) -> tuple[Contact, ...]:
    found: list[Contact] = []
    if not for_company:  # the praktijkopleiders the company named, else its accounts
        named = praktijkopleiders.contacts_for_student(session.connection(), view.company_id)
        found += [Contact(p.name, "Praktijkopleider", p.email, p.phone) for p in named]
        found += [
            Contact(a.display_name or a.email, "Praktijkopleider", a.email)
            for a in accounts.company_accounts(session, view.company_id)
            if Role.COMPANY.value in a.roles.split(";") and not named
        ]
    for a in accounts.caseload_accounts(session, view.student_id):
        roles = a.roles.split(";")
        role = "Jobcoach" if Role.JOBCOACH.value in roles else "BPV-begeleider"
        found.append(Contact(a.display_name or a.email, role, a.email))
    return tuple(found)


def details(session: Session, grant: Grant, *, today: date) -> list[BpvDetail]:
    """The student's own BPVs, or the company's, newest first, each with what to know."""
    role = grant.decision.role
    if role not in (Role.STUDENT, Role.COMPANY):
        return []
    for_company = role is Role.COMPANY
    views = flow.list_bpvs(session, grant, today=today)
    shown = []
    round_ids = {v.round_id for v in views}
    snapshots = {r: snapshot.get(session, r) for r in round_ids}  # once per round, not per BPV
    starts = {r: rounds.get_round(session, r).bpv_start for r in round_ids}
    for view in sorted(views, key=lambda v: (v.proposed_on, v.id), reverse=True):
        published = snapshots[view.round_id]
        company = published.company(view.company_id) if published else None
        place = published.place_profile(view.place_id) if published else None
        student = published.student(view.student_id) if published else None
        names: dict[str, str] = {}
        if published is not None:
            names = (
                published.data.get("place_names", {})
                if for_company
                else published.place_labels(view.company_id, plain=True)
            )
        site = place.location if place is not None and place.location is not None else None
        lat = site.lat if site is not None else getattr(company, "lat", None)
        lon = site.lon if site is not None else getattr(company, "lon", None)
        student_name = getattr(student, "name", None) or view.student_id
        if for_company and not consent.current(
            session, view.student_id, Purpose.MATCHING, view.company_id
        ):
            student_name = UNSHARED_NAME
        start = starts[view.round_id]
        company_name = getattr(company, "name", None) or view.company_id
        shown.append(
            BpvDetail(
                bpv=view,
                student_name=student_name,
                company_name=company_name,
                place_label=names.get(view.place_id) or company_name,
                town=nearest_town(lat, lon),
                days=days_text(place.work_days, full=True) if place is not None else "",
                hours=_hours(place.hours_min, place.hours_max) if place is not None else "",
                planned_start=date_text(start),
                contacts=_contacts(session, view, for_company=for_company),
            )
        )
    return shown
