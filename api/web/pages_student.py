"""The student's page: my place from a published round (or, until then, suggested places) in
plain words, my consent per company and per part of my card, and exactly what that company
would see."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from adapters import clock
from adapters.flows import favourites, known_company, student_profile
from adapters.flows.profiles import COMPANIES, PLACES, find_profile
from adapters.flows.reads.rounds import APPROVED_DECISIONS, published_proposal
from adapters.flows.rounds import snapshot
from adapters.flows.shortlist import (
    PlaceCache,
    Suggestion,
    at_place,
    load_student,
    suggestions,
)
from adapters.privacy import consent
from adapters.privacy.audit import Actor
from api.deps import EngineDep, SessionDep, TravelDep
from api.routes.shortlist import get_place_cache
from api.web.access import PageError, PageUserDep, require_principal
from api.web.render import page
from matcher import Audience
from matcher import known_company as known_vocab
from matcher import profile as vocab
from matcher.domain import DAY_ORDER, Company, Place, Student, TravelMode
from matcher.errors import MatcherError
from matcher.privacy.consent import (
    PART_ORDER,
    PART_TEXT_VERSION,
    PART_TITLES,
    ConsentPart,
    Method,
    parse_part,
    part_text,
)
from matcher.privacy.fields import health_words_in
from matcher.privacy.vocabulary import Purpose, Role

router = APIRouter(tags=["webpagina's"])
CacheDep = Annotated[PlaceCache, Depends(get_place_cache)]
SUGGESTED = 5
SEARCHED = 200  # eligible places searched for the words about the published place


@dataclass(frozen=True, slots=True)
class MyPlace:
    """The place the school gave me in a published round, with its words when we have them."""

    round_name: str
    place: Place
    company: Company
    travel_minutes: float | None
    found: Suggestion | None  # the same place as a suggestion: what it offers, in my words
    card: dict[str, Any] | None = None  # the card with every part as the round published it


@dataclass(frozen=True, slots=True)
class StudentView:
    """Everything the student page shows about places."""

    student: Student
    mine: MyPlace | None
    found: list[Suggestion]

    def names(self) -> dict[str, str]:
        """The suggested places' names in sentences (place id -> name)."""
        return {str(s.place.place_id): s.label or s.company.name for s in self.found}

    def companies(self) -> dict[str, str]:
        """The companies the consent form lists (id -> name), my own place first."""
        shown: dict[str, str] = {}
        if self.mine:
            shown[self.mine.company.company_id] = self.mine.company.name
        for s in self.found:
            shown.setdefault(s.company.company_id, s.company.name)
        return shown


def _my_place(
    session: SessionDep, engine: EngineDep, cache: PlaceCache, student: Student, travel: TravelDep
) -> MyPlace | None:
    """My accepted or moved place in the latest published round, if there is one."""
    published = published_proposal(session, student.student_id)
    if published is None:
        return None
    row, proposal = published
    if proposal.place_id is None or proposal.decision not in APPROVED_DECISIONS:
        return None
    conn = session.connection()
    assert row.id is not None
    frozen = snapshot.get(session, row.id)  # as published; an import does not change it
    if frozen is not None:
        place = frozen.place_profile(proposal.place_id)
        company = frozen.company_profile(proposal.company_id) if proposal.company_id else None
    else:
        place = find_profile(conn, PLACES, proposal.place_id)
        company = (
            find_profile(conn, COMPANIES, proposal.company_id) if proposal.company_id else None
        )
    if place is None or company is None:
        return None
    if frozen is not None:
        found = at_place(
            student, place, company, on=row.bpv_start, travel=travel, audience=Audience.STUDENT
        )
        card = frozen.full_card(student.student_id)
        return MyPlace(row.name, place, company, proposal.travel_minutes, found, card)
    same = [
        s
        for s in suggestions(
            engine,
            cache,
            student,
            on=row.bpv_start,
            travel=travel,
            audience=Audience.STUDENT,
            k=SEARCHED,
        )
        if s.place.place_id == place.place_id
    ]
    return MyPlace(row.name, place, company, proposal.travel_minutes, same[0] if same else None)


def _view(
    session: SessionDep, engine: EngineDep, cache: PlaceCache, student_id: str, travel: TravelDep
) -> StudentView:
    """My published place when there is one, my suggested places otherwise."""
    student = load_student(engine, student_id)
    mine = _my_place(session, engine, cache, student, travel)
    found = (
        []
        if mine
        else suggestions(
            engine,
            cache,
            student,
            on=clock.today(),
            travel=travel,
            audience=Audience.STUDENT,
            k=SUGGESTED,
        )
    )
    return StudentView(student, mine, found)


@dataclass(frozen=True, slots=True)
class CompanyConsent:
    """One company on my consent form: what I share with it now and the card it would get."""

    company_id: str
    name: str
    place_label: str
    parts: frozenset[ConsentPart]  # shared now
    card: dict[str, Any] | None  # the card with every part; None when no place of it is shown


def _consents(
    session: SessionDep, view: StudentView, sid: str, recipients: set[str]
) -> list[CompanyConsent]:
    """My place's company first, then the suggested ones, then any other company I still share
    something with (so every consent stays visible and revocable)."""
    cards: dict[str, tuple[str, dict[str, Any] | None]] = {}
    if view.mine:
        m = view.mine
        label = m.found.label if m.found and m.found.label else m.company.name
        card = m.card or student_profile.full_card_for(session, view.student, m.place, m.company)
        cards[m.company.company_id] = (label, card)
    for s in view.found:
        if s.company.company_id not in cards:
            full = student_profile.full_card_for(session, view.student, s.place, s.company)
            cards[s.company.company_id] = (s.label or s.company.name, full)
    names = view.companies()
    conn = session.connection()
    for company_id in sorted(recipients - set(names)):
        company = find_profile(conn, COMPANIES, company_id)
        names[company_id] = company.name if company else "Bedrijf dat er niet meer is"
    out = []
    for company_id, name in names.items():
        label, found_card = cards.get(company_id, (name, None))
        parts = consent.current_parts(session, sid, company_id)
        out.append(CompanyConsent(company_id, name, label, parts, found_card))
    return out


def _student_id(user: PageUserDep) -> str:
    principal = require_principal(user)
    if principal.student_id is None:
        raise PageError(403, "Deze pagina is voor studenten.")
    return principal.student_id


@router.get("/student", response_class=HTMLResponse)
def student_page(
    request: Request,
    user: PageUserDep,
    session: SessionDep,
    engine: EngineDep,
    travel: TravelDep,
    cache: CacheDep,
    bewaard: str = "",
    favoriet: str = "",
) -> Response:
    """My place or suggested places, my consent settings and a preview of what a company sees."""
    sid = _student_id(user)
    view = _view(session, engine, cache, sid, travel)
    recipients = {
        c["recipient"]
        for c in consent.list_for_student(session, sid)
        if c["withdrawn_at"] is None and c["purpose"] == Purpose.MATCHING.value
    }
    words = student_profile.mine(session, require_principal(user)).words
    own = " ".join(
        [words.ik_ben_tekst, words.ik_kan_tekst, words.ik_wil_tekst, words.ervaring_tekst]
    )
    mine = favourites.mine(session.connection(), require_principal(user))
    return page(
        request,
        "student.html",
        student=view.student,
        mine=view.mine,
        found=view.found,
        consents=_consents(session, view, sid, recipients),
        part_order=PART_ORDER,
        part_titles=PART_TITLES,
        part_text=part_text,
        health_warning=bool(health_words_in(own)),
        private_need_text=bool(words.ik_heb_nodig_tekst),
        saved=bool(bewaard),
        favourites=[(pid, _place_name(session, view, pid)) for pid in mine],
        favourite_saved=bool(favoriet),
        max_favourites=favourites.MAX_FAVOURITES,
    )


def _place_name(session: SessionDep, view: StudentView, place_id: str) -> str:
    """A favourite's name: as suggested, else its company's name (the list outlives a round)."""
    named = view.names().get(place_id)
    if named:
        return named
    conn = session.connection()
    place = find_profile(conn, PLACES, place_id)
    company = find_profile(conn, COMPANIES, place.company_id) if place else None
    return company.name if company else "Plek die er niet meer is"


@router.post("/student/favorieten", response_class=HTMLResponse)
def change_favourite(
    _request: Request,
    user: PageUserDep,
    session: SessionDep,
    engine: EngineDep,
    travel: TravelDep,
    cache: CacheDep,
    plek: Annotated[str, Form(max_length=200)] = "",
    actie: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    """Add, remove or move one of my favourite places; nothing changes on bad input."""
    sid = _student_id(user)
    try:
        change = favourites.Change(actie)
    except ValueError:
        raise PageError(
            400,
            "Dat lukt niet met je favorieten. Gebruik de knoppen bij je favorieten. "
            "Er is niets veranderd.",
        ) from None
    if not plek:
        raise PageError(400, "Kies eerst een plek. Gebruik de knop bij die plek.")
    choosable = set(_view(session, engine, cache, sid, travel).names())
    try:
        favourites.change_mine(session, require_principal(user), plek, change, choosable)
    except MatcherError as exc:
        session.rollback()
        raise PageError(400, exc.message) from None
    session.commit()
    return RedirectResponse("/student?favoriet=1#favorieten", status_code=303)


def _ticked(values: list[str], shown: dict[str, str]) -> set[tuple[str, ConsentPart]]:
    """The ticked (company, part) pairs of the form; a Dutch error for anything unknown."""
    ticked = set()
    for value in values:
        company_id, _, part = value.rpartition(":")
        if company_id not in shown:
            raise PageError(
                400, "Dat bedrijf staat niet bij jouw plekken. Kies een bedrijf uit de lijst. "
                "Er is niets veranderd.",
            )  # fmt: skip
        try:
            ticked.add((company_id, parse_part(part)))
        except MatcherError as exc:
            raise PageError(400, exc.message) from None
    return ticked


@router.post("/student/toestemming", response_class=HTMLResponse)
def save_consent(
    _request: Request,
    user: PageUserDep,
    session: SessionDep,
    engine: EngineDep,
    travel: TravelDep,
    cache: CacheDep,
    deel: Annotated[list[str] | None, Form(max_length=200)] = None,
) -> Response:
    """Per company and part of my card: give consent for what I ticked, withdraw it for what I
    un-ticked. Nothing changes when a value is unknown."""
    sid = _student_id(user)
    principal = require_principal(user)
    view = _view(session, engine, cache, sid, travel)
    recipients = {
        c["recipient"]
        for c in consent.list_for_student(session, sid)
        if c["withdrawn_at"] is None and c["purpose"] == Purpose.MATCHING.value
    }
    shown = {c.company_id: c for c in _consents(session, view, sid, recipients)}
    ticked = _ticked(deel or [], {k: c.name for k, c in shown.items()})
    actor = Actor.of(principal)
    try:
        for company_id, item in shown.items():
            for part in PART_ORDER:
                wanted = (company_id, part) in ticked
                if wanted and part not in item.parts:
                    consent.give(
                        session,
                        student_id=sid,
                        purpose=Purpose.MATCHING,
                        recipient=company_id,
                        part=part,
                        text_version=PART_TEXT_VERSION,
                        shown_text=part_text(part, item.name),
                        recorded_by=actor,
                        method=Method.DIGITAL,
                        actively_given=True,
                        role=Role.STUDENT,
                    )
                elif not wanted and part in item.parts:
                    consent.revoke(
                        session,
                        student_id=sid,
                        purpose=Purpose.MATCHING,
                        recipient=company_id,
                        parts=[part],
                        revoked_by=actor,
                        role=Role.STUDENT,
                    )
    except MatcherError as exc:
        session.rollback()
        raise PageError(409, exc.message) from None
    session.commit()
    return RedirectResponse("/student?bewaard=1#toestemming", status_code=303)


PROFILE_CHOICES = {
    "ik_ben": vocab.IK_BEN,
    "ik_kan": vocab.IK_KAN,
    "ik_wil": vocab.IK_WIL_LEREN,
    "nodig": vocab.IK_HEB_NODIG,
}
TASK_LABELS = {t.value: label for t, label in vocab.TASK_LABELS.items()}
DAY_LABELS = {d.value: name for d, name in vocab.DAY_NAMES.items()}
MODE_LABELS = {"ov": "Met het ov", "fiets": "Met de fiets", "auto": "Met de auto",
               "lopen": "Lopend", "taxi": "Met de taxi"}  # fmt: skip


KNOWN_LIMITS = {"naam": known_vocab.NAME_MAX, "plaats": known_vocab.TOWN_MAX,
                "contact": known_vocab.CONTACT_MAX, "waarom": known_vocab.WHY_MAX}  # fmt: skip


def _profile_page(
    request: Request,
    user: PageUserDep,
    session: SessionDep,
    engine: EngineDep,
    status_code: int = 200,
    **extra: Any,
) -> Response:
    principal = require_principal(user)
    sid = _student_id(user)
    mine = student_profile.mine(session, principal)
    student = load_student(engine, sid)
    return page(
        request,
        "student_profile.html",
        known=known_company.mine(session, principal),
        known_limits=KNOWN_LIMITS,
        status_code=status_code,
        student=student,
        profile=mine,
        facts=mine.proposed or mine.confirmed,
        choices=PROFILE_CHOICES,
        experience=vocab.ERVARING,
        tasks=TASK_LABELS,
        sectors=student_profile.sectors_for(session, mine),
        days=[(d.value, DAY_LABELS[d.value]) for d in DAY_ORDER],
        modes=[(m.value, MODE_LABELS[m.value]) for m in TravelMode],
        max_text=vocab.TEXT_MAX,
        **extra,
    )


@router.get("/student/profiel", response_class=HTMLResponse)
def profile_page(
    request: Request, user: PageUserDep, session: SessionDep, engine: EngineDep, bewaard: str = ""
) -> Response:
    """My profile: Ik ben / Ik kan / Ik wil leren / Ik heb nodig, interests, days, travel."""
    return _profile_page(request, user, session, engine, saved=bool(bewaard), problem="")


@router.post("/student/profiel", response_class=HTMLResponse)
async def save_profile(
    request: Request, user: PageUserDep, session: SessionDep, engine: EngineDep
) -> Response:
    """Save my profile; what I need waits for my jobcoach, nothing changes on bad input."""
    principal = require_principal(user)
    _student_id(user)
    form = await request.form()
    values = {key: form.getlist(key) for key in form}
    try:
        student_profile.save_mine(session, principal, values)
    except MatcherError as exc:
        session.rollback()
        return _profile_page(
            request, user, session, engine, status_code=400, saved=False, problem=exc.message
        )
    session.commit()
    return RedirectResponse("/student/profiel?bewaard=1", status_code=303)
